package io.iam4j.directory;

import java.time.Instant;

/**
 * A virtual MFA device assigned to a user ({@code "mfaDevice"} of the user's file, its seed in
 * {@code "mfaSeed"}). A user's file written by hand with only {@code "mfaSeed"} has a device named
 * after the user, path {@code /}. Immutable.
 *
 * @param name the device name: its serial number is {@code arn:PARTITION:iam::TENANT:mfa/PATH/NAME}
 * @param enabled when it was enabled, or null when unknown (a hand-written file)
 */
public record MfaDevice(String name, String path, Instant enabled) {
  /** The device of a user file that names none. */
  public static MfaDevice of(String user) {
    return new MfaDevice(user, "/", null);
  }

  /** The serial number: the device's ARN. */
  public String serial(Arns arns, String tenant) {
    return arns.mfa(tenant, path.substring(1) + name);
  }
}
