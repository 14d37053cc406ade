package io.iam4j.jwt;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Optional;

/**
 * The JWS algorithms (RFC 7518 section 3) a web identity token may be signed with: RSA PKCS#1 v1.5,
 * RSA-PSS and ECDSA. There is deliberately no {@code none} and no {@code HS*}: a token signed with a
 * shared secret could be forged by anyone who knows the provider's public key when the key is
 * mistaken for the secret (the classic algorithm confusion), and the provider never shares a secret
 * with us.
 */
public enum JwsAlgorithm {
  RS256("SHA256withRSA", "RSA", null, 0, null),
  RS384("SHA384withRSA", "RSA", null, 0, null),
  RS512("SHA512withRSA", "RSA", null, 0, null),
  PS256("RSASSA-PSS", "RSA", null, 0, new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1)),
  PS384("RSASSA-PSS", "RSA", null, 0, new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1)),
  PS512("RSASSA-PSS", "RSA", null, 0, new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1)),
  // JOSE carries ECDSA signatures as R || S, each the curve's size (RFC 7518 3.4): the JDK's
  // "inP1363Format" variants read exactly that form, so no DER conversion is needed.
  ES256("SHA256withECDSAinP1363Format", "EC", "P-256", 32, null),
  ES384("SHA384withECDSAinP1363Format", "EC", "P-384", 48, null),
  ES512("SHA512withECDSAinP1363Format", "EC", "P-521", 66, null);

  private final String jdkName;
  private final String keyType;
  private final String curve;
  private final int coordinateBytes;
  private final PSSParameterSpec pss;

  JwsAlgorithm(String jdkName, String keyType, String curve, int coordinateBytes, PSSParameterSpec pss) {
    this.jdkName = jdkName;
    this.keyType = keyType;
    this.curve = curve;
    this.coordinateBytes = coordinateBytes;
    this.pss = pss;
  }

  /** The algorithm a JWS header's {@code alg} names, if it is one we verify. */
  public static Optional<JwsAlgorithm> of(String alg) {
    for (JwsAlgorithm a : values()) {
      if (a.name().equals(alg)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The JDK's {@code Signature} algorithm. */
  String jdkName() {
    return jdkName;
  }

  /** PSS parameters, or null for the algorithms that take none. */
  AlgorithmParameterSpec parameters() {
    return pss;
  }

  /** The JWK {@code kty} of the keys this algorithm verifies with: {@code RSA} or {@code EC}. */
  public String keyType() {
    return keyType;
  }

  /** The JWK {@code crv} for ECDSA (each ES algorithm has exactly one curve), else null. */
  public String curve() {
    return curve;
  }

  /** For ECDSA, the exact signature length (R and S, each the curve's size), else 0 (RSA checks its own). */
  int signatureBytes() {
    return 2 * coordinateBytes;
  }
}
