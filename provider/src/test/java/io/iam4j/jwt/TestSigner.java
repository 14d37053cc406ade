package io.iam4j.jwt;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes keys, JWKs and signed tokens for tests, written from RFC 7515/7518 with plain
 * java.security and independently of the verifier: ECDSA signatures come from the JDK in DER and
 * are turned into JOSE's R || S here.
 */
public final class TestSigner {
  private TestSigner() {}

  /** A key pair and its kid. */
  public record Key(String kid, String alg, KeyPair pair) {
    /** The public JWK, as a provider publishes it (with kid, alg and use). */
    public String jwk() {
      return TestSigner.jwk(this, true);
    }

    /** Signs {@code header} (without alg/kid, which are added) and {@code claims}. */
    public String sign(String claimsJson) {
      return TestSigner.sign("{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}", claimsJson, this);
    }
  }

  public static Key rsa(String kid, String alg) {
    return new Key(kid, alg, generate("RSA", 2048, null));
  }

  public static Key ec(String kid, String alg) {
    String curve = switch (alg) {
      case "ES256" -> "secp256r1";
      case "ES384" -> "secp384r1";
      default -> "secp521r1";
    };
    return new Key(kid, alg, generate("EC", 0, curve));
  }

  private static KeyPair generate(String type, int bits, String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(type);
      if (curve != null) {
        g.initialize(new ECGenParameterSpec(curve));
      } else {
        g.initialize(bits);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String jwks(Key... keys) {
    StringBuilder b = new StringBuilder("{\"keys\":[");
    for (int i = 0; i < keys.length; i++) {
      b.append(i == 0 ? "" : ",").append(keys[i].jwk());
    }
    return b.append("]}").toString();
  }

  static String jwk(Key k, boolean withAlg) {
    String common = "\"kid\":\"" + k.kid() + "\",\"use\":\"sig\"" + (withAlg ? ",\"alg\":\"" + k.alg() + "\"" : "");
    if (k.pair().getPublic() instanceof RSAPublicKey r) {
      return "{\"kty\":\"RSA\"," + common + ",\"n\":\"" + b64(unsigned(r.getModulus(), 0)) + "\",\"e\":\"" + b64(unsigned(r.getPublicExponent(), 0)) + "\"}";
    }
    ECPublicKey e = (ECPublicKey) k.pair().getPublic();
    int size = (e.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    String crv = size == 32 ? "P-256" : size == 48 ? "P-384" : "P-521";
    return "{\"kty\":\"EC\"," + common + ",\"crv\":\"" + crv + "\",\"x\":\"" + b64(unsigned(e.getW().getAffineX(), size))
        + "\",\"y\":\"" + b64(unsigned(e.getW().getAffineY(), size)) + "\"}";
  }

  /** A compact JWS of these exact header and claims texts. */
  public static String sign(String headerJson, String claimsJson, Key k) {
    String input = b64(headerJson.getBytes(StandardCharsets.UTF_8)) + "." + b64(claimsJson.getBytes(StandardCharsets.UTF_8));
    return input + "." + b64(signature(k, input.getBytes(StandardCharsets.US_ASCII)));
  }

  /** The token with an HMAC "signature" keyed by {@code secret} (what an algorithm confusion attack sends). */
  public static String hmac(String headerJson, String claimsJson, byte[] secret) {
    try {
      String input = b64(headerJson.getBytes(StandardCharsets.UTF_8)) + "." + b64(claimsJson.getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] signature(Key k, byte[] input) {
    try {
      String bits = k.alg().substring(2);
      Signature s;
      switch (k.alg().substring(0, 2)) {
        case "RS" -> s = Signature.getInstance("SHA" + bits + "withRSA");
        case "PS" -> {
          s = Signature.getInstance("RSASSA-PSS");
          String h = "SHA-" + bits;
          s.setParameter(new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), Integer.parseInt(bits) / 8, 1));
        }
        default -> s = Signature.getInstance("SHA" + bits + "withECDSA"); // DER, converted below
      }
      s.initSign(k.pair().getPrivate());
      s.update(input);
      byte[] sig = s.sign();
      if (!k.alg().startsWith("ES")) {
        return sig;
      }
      int size = (((ECPublicKey) k.pair().getPublic()).getParams().getCurve().getField().getFieldSize() + 7) / 8;
      return derToJose(sig, size);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** DER SEQUENCE { INTEGER r, INTEGER s } to R || S, each {@code size} bytes (RFC 7518 3.4). */
  static byte[] derToJose(byte[] der, int size) {
    int at = 1; // SEQUENCE tag
    int len = der[at++] & 0xff;
    if (len == 0x81) {
      at++;
    }
    byte[] out = new byte[2 * size];
    for (int i = 0; i < 2; i++) {
      at++; // INTEGER tag
      int n = der[at++] & 0xff;
      BigInteger v = new BigInteger(1, Arrays.copyOfRange(der, at, at + n));
      at += n;
      byte[] u = unsigned(v, size);
      System.arraycopy(u, 0, out, i * size, size);
    }
    return out;
  }

  /** Big-endian without sign byte, left-padded to {@code size} when size > 0. */
  static byte[] unsigned(BigInteger v, int size) {
    byte[] b = v.toByteArray();
    if (b.length > 1 && b[0] == 0) {
      b = Arrays.copyOfRange(b, 1, b.length);
    }
    if (size > 0 && b.length < size) {
      byte[] p = new byte[size];
      System.arraycopy(b, 0, p, size - b.length, b.length);
      b = p;
    }
    return b;
  }

  public static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
