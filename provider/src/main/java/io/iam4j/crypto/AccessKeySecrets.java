package io.iam4j.crypto;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Access key ids and secrets: made as AWS makes them, and the secret stored only sealed with the
 * server key ({@link ServerKey#seal}) for its own purpose and for its tenant, user and key id, so a
 * sealed secret copied into another key, user or tenant does not open. Verifying a signature needs
 * the clear secret (SigV4 derives its signing key from it), so the secret is sealed, not hashed.
 */
public final class AccessKeySecrets {
  /** The purpose secrets are sealed for: no other sealed text (an MFA seed, a message) opens as a secret. */
  public static final String PURPOSE = "iam4j access-key secret";
  /** AWS's secret access keys are 40 characters of the base-64 alphabet. */
  public static final int SECRET_CHARS = 40;

  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final SecureRandom RANDOM = new SecureRandom();

  private AccessKeySecrets() {}

  /** A new random access key id: {@code AKIA} and 16 base-32 characters (80 random bits). */
  public static String newKeyId() {
    StringBuilder sb = new StringBuilder("AKIA");
    for (int i = 0; i < 16; i++) {
      sb.append(BASE32.charAt(RANDOM.nextInt(32)));
    }
    return sb.toString();
  }

  /** A new random secret: 30 random bytes in base 64, 40 characters as AWS's (240 bits). */
  public static String newSecret() {
    byte[] b = new byte[30];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** The stored form of {@code secret} for key {@code keyId} of user {@code user} of {@code tenant}. */
  public static String seal(ServerKey key, String tenant, String user, String keyId, String secret) {
    return key.seal(PURPOSE, context(tenant, user, keyId), secret);
  }

  /**
   * The clear secret of a key, for verifying a signature. Never log it.
   *
   * @throws io.iam4j.IamException when the stored form was not sealed by this server for this key, or was changed
   */
  public static String open(ServerKey key, String tenant, String user, String keyId, String sealed) {
    return key.open(PURPOSE, context(tenant, user, keyId), sealed);
  }

  /**
   * Whether {@code sealed} names a key of this server and was sealed for this key of this user of
   * this tenant (it may still have been changed: only {@link #open} tells).
   */
  public static boolean sealedFor(ServerKey key, String tenant, String user, String keyId, String sealed) {
    return key.sealedFor(PURPOSE, context(tenant, user, keyId), sealed);
  }

  /** Tenant ids, user names and key ids have no colon, so the three read one way only. */
  private static String context(String tenant, String user, String keyId) {
    return tenant + ":" + user + ":" + keyId;
  }
}
