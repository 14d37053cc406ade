package io.iam4j.jwt;

import java.security.PublicKey;
import java.util.Objects;

/**
 * One public signature key of a JWK set (RFC 7517), already turned into a JDK key.
 *
 * @param kid the key id, or null when the set gives none
 * @param keyType {@code RSA} or {@code EC}
 * @param curve the EC curve ({@code P-256}, {@code P-384}, {@code P-521}), null for RSA
 * @param alg the one algorithm the set restricts the key to, or null when it does not
 */
public record Jwk(String kid, String keyType, String curve, JwsAlgorithm alg, PublicKey key) {
  public Jwk {
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(key, "key");
  }

  /**
   * Whether a token signed with {@code a} may be verified with this key: the key's type (and curve)
   * is the algorithm's, and a key that names its algorithm names this one (RFC 7517 4.4). This is
   * what keeps an RSA key from ever checking an ECDSA signature, or anything else.
   */
  public boolean suits(JwsAlgorithm a) {
    return keyType.equals(a.keyType()) && Objects.equals(curve, a.curve()) && (alg == null || alg == a);
  }
}
