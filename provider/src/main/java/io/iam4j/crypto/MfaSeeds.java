package io.iam4j.crypto;

import io.iam4j.crypto.ServerKey;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * TOTP seeds as the tenant configuration stores them: {@code enc:} followed by the seed sealed with
 * the server key ({@link ServerKey#seal}), so a configuration file never holds a usable secret. A
 * seed is sealed for its tenant and user: copied into another user's file it does not open. Seeds
 * stored before key ids ({@code enc:} and bare base-64) still open with the legacy key.
 */
public final class MfaSeeds {
  /** The purpose seeds are sealed for: an authorization message cannot be passed off as a seed. */
  public static final String PURPOSE = "iam4j totp seed";
  /** The associated data of seeds sealed before key ids. */
  public static final String LEGACY_AAD = "iam4j totp seed v1";
  private static final String PREFIX = "enc:";

  private MfaSeeds() {}

  /** A new random 20-byte seed (RFC 4226's recommended length). */
  public static byte[] newSeed() {
    byte[] s = new byte[20];
    new SecureRandom().nextBytes(s);
    return s;
  }

  /** The stored form of {@code seed} for user {@code user} of {@code tenant}. */
  public static String encrypt(ServerKey key, String tenant, String user, byte[] seed) {
    return PREFIX + key.seal(PURPOSE, owner(tenant, user), Base64.getEncoder().encodeToString(seed));
  }

  /**
   * The seed of user {@code user} of {@code tenant}.
   *
   * @throws io.iam4j.IamException when the stored form was not sealed by this server for this user, or was changed
   */
  public static byte[] decrypt(ServerKey key, String tenant, String user, String stored) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      throw new io.iam4j.IamException("A stored TOTP seed starts with \"" + PREFIX + "\"");
    }
    String sealed = stored.substring(PREFIX.length());
    String plain = ServerKey.isSealed(sealed) ? key.open(PURPOSE, owner(tenant, user), sealed) : key.openLegacy(LEGACY_AAD, sealed);
    return Base64.getDecoder().decode(plain);
  }

  /** Tenant ids have no colon, so tenant and user read one way only. */
  private static String owner(String tenant, String user) {
    return tenant + ":" + user;
  }
}
