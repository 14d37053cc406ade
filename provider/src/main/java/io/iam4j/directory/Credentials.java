package io.iam4j.directory;

import java.util.List;

/**
 * How a user proves who it is. Only verifiers are stored: a password hash in Jakarta Security's
 * {@code Pbkdf2PasswordHash} format, for MFA a TOTP seed encrypted with the server's key, and the
 * user's access keys with their secrets sealed with the server's key. {@link #toString()} never
 * shows them.
 *
 * @param passwordHash e.g. {@code PBKDF2WithHmacSHA256:210000:SALT:HASH}, or null
 * @param totpSeedEncrypted the TOTP device's seed, encrypted; null when the user has no MFA device
 * @param accessKeys the user's access keys (at most {@link AccessKey#MAX_PER_USER}), in file order
 * @param loginProfile the password's dates and history, or null when the file has none
 * @param mfaDevice the MFA device the seed belongs to, or null when the user has no seed
 */
public record Credentials(String passwordHash, String totpSeedEncrypted, List<AccessKey> accessKeys, LoginProfile loginProfile,
    MfaDevice mfaDevice) {
  public Credentials {
    accessKeys = accessKeys == null ? List.of() : List.copyOf(accessKeys);
  }

  /** Credentials without login profile details (a device named after its user when there is a seed). */
  public Credentials(String passwordHash, String totpSeedEncrypted, List<AccessKey> accessKeys) {
    this(passwordHash, totpSeedEncrypted, accessKeys, null, null);
  }

  /** Credentials without access keys. */
  public Credentials(String passwordHash, String totpSeedEncrypted) {
    this(passwordHash, totpSeedEncrypted, List.of());
  }

  public boolean hasMfaDevice() {
    return totpSeedEncrypted != null;
  }

  @Override
  public String toString() {
    return "Credentials[password=" + (passwordHash == null ? "none" : "****") + ", mfa=" + hasMfaDevice()
        + ", accessKeys=" + accessKeys.stream().map(AccessKey::id).toList() + "]";
  }
}
