package io.iam4j.jakarta;

import io.iam4j.crypto.ServerKey;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * TOTP seeds as the tenant configuration stores them: {@code enc:} followed by the seed encrypted
 * with the server key, so a configuration file never holds a usable secret.
 */
public final class MfaSeeds {
  /** Binds seed ciphertexts to their purpose. */
  public static final String AAD = "iam4j totp seed v1";

  private MfaSeeds() {}

  /** A new random 20-byte seed (RFC 4226's recommended length). */
  public static byte[] newSeed() {
    byte[] s = new byte[20];
    new SecureRandom().nextBytes(s);
    return s;
  }

  public static String encrypt(ServerKey key, byte[] seed) {
    return "enc:" + key.encrypt(Base64.getEncoder().encodeToString(seed), AAD);
  }

  public static byte[] decrypt(ServerKey key, String stored) {
    return Base64.getDecoder().decode(key.decrypt(stored.substring("enc:".length()), AAD));
  }
}
