package io.iam4j.directory;

/**
 * How a user proves who it is. Only verifiers are stored: a password hash in Jakarta Security's
 * {@code Pbkdf2PasswordHash} format and, for MFA, a TOTP seed encrypted with the server's key.
 * {@link #toString()} never shows them.
 *
 * @param passwordHash e.g. {@code PBKDF2WithHmacSHA256:210000:SALT:HASH}, or null
 * @param totpSeedEncrypted the TOTP device's seed, encrypted; null when the user has no MFA device
 */
public record Credentials(String passwordHash, String totpSeedEncrypted) {
  public boolean hasMfaDevice() {
    return totpSeedEncrypted != null;
  }

  @Override
  public String toString() {
    return "Credentials[password=" + (passwordHash == null ? "none" : "****") + ", mfa=" + hasMfaDevice() + "]";
  }
}
