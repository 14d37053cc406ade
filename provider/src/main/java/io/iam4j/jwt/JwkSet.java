package io.iam4j.jwt;

import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.ArrayNode;
import io.iam4j.json.JsonNode.Member;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonNode.StringNode;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The signature keys of an identity provider: the usable keys of a JWK set (RFC 7517 section 5).
 * Immutable.
 *
 * <p>A key is usable when it is a public RSA key of at least {@value #MIN_RSA_BITS} bits or a
 * public EC key on P-256, P-384 or P-521 (its point on the curve), meant for signatures ({@code
 * use} absent or {@code sig}; {@code key_ops}, when given, including {@code verify}). Symmetric
 * ({@code oct}) keys are never usable: a provider's key set is public, so a "secret" in it is no
 * secret. A key carrying private material is refused outright: it means someone published or
 * configured a private key.
 */
public record JwkSet(List<Jwk> keys) {
  /** RSA keys under 2048 bits are refused (NIST SP 800-131A; IdPs have used 2048 or more for a decade). */
  public static final int MIN_RSA_BITS = 2048;
  /** RSA keys over this size are refused: verifying with them costs a server more than it should. */
  public static final int MAX_RSA_BITS = 8192;
  /** The most keys a set may hold (providers publish a handful: current, next, previous). */
  public static final int MAX_KEYS = 100;

  public static final JwkSet EMPTY = new JwkSet(List.of());

  private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
  private static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");

  public JwkSet {
    keys = List.copyOf(keys);
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** Whether some key of the set has this {@code kid}. */
  public boolean hasKid(String kid) {
    return keys.stream().anyMatch(k -> kid.equals(k.kid()));
  }

  /**
   * The keys that may verify a token signed with {@code alg}: with a {@code kid}, those with that kid;
   * without, every suitable key (the caller accepts exactly one).
   */
  public List<Jwk> candidates(String kid, JwsAlgorithm alg) {
    return keys.stream().filter(k -> (kid == null || kid.equals(k.kid())) && k.suits(alg)).toList();
  }

  /**
   * Reads a JWK set; each key that is not usable is left out after {@code problem} is told why, at
   * the key's node.
   */
  public static JwkSet read(JsonNode root, BiConsumer<JsonNode, String> problem) {
    if (!(root instanceof ObjectNode o) || !(o.get("keys") instanceof ArrayNode arr)) {
      problem.accept(root, "A JWK set is an object {\"keys\": [...]} (RFC 7517 section 5)");
      return EMPTY;
    }
    if (arr.elements().size() > MAX_KEYS) {
      problem.accept(arr, "A JWK set holds at most " + MAX_KEYS + " keys; found " + arr.elements().size());
      return EMPTY;
    }
    List<Jwk> out = new ArrayList<>();
    Set<String> kids = new HashSet<>();
    for (JsonNode e : arr.elements()) {
      Jwk k = key(e, problem);
      if (k == null) {
        continue;
      }
      // Two keys of one type under one kid leave "which key" to chance (RFC 7517 4.5 asks for distinct kids).
      if (k.kid() != null && !kids.add(k.keyType() + " " + k.kid())) {
        problem.accept(e, "Two " + k.keyType() + " keys have kid \"" + abbreviate(k.kid()) + "\"");
        continue;
      }
      out.add(k);
    }
    return new JwkSet(out);
  }

  private static Jwk key(JsonNode node, BiConsumer<JsonNode, String> problem) {
    if (!(node instanceof ObjectNode o)) {
      problem.accept(node, "A JWK is an object, found " + node.typeName());
      return null;
    }
    Set<String> seen = new HashSet<>();
    for (Member m : o.members()) {
      if (!seen.add(m.name())) {
        problem.accept(m.value(), "Duplicate member \"" + abbreviate(m.name()) + "\" in a JWK");
        return null;
      }
      if (PRIVATE_MEMBERS.contains(m.name())) {
        problem.accept(m.value(), "A JWK with \"" + m.name() + "\" carries private or secret key material: only public "
            + "signature keys belong in a key set");
        return null;
      }
    }
    String kty = text(o, "kty", problem);
    if (kty == null) {
      problem.accept(o, "A JWK needs \"kty\"");
      return null;
    }
    String use = text(o, "use", problem);
    if (use != null && !use.equals("sig")) {
      problem.accept(o.get("use"), "A key with \"use\": \"" + abbreviate(use) + "\" is not for signatures");
      return null;
    }
    JsonNode ops = o.get("key_ops");
    if (ops != null && !(ops instanceof ArrayNode a && a.elements().stream().anyMatch(x -> x instanceof StringNode s && s.value().equals("verify")))) {
      problem.accept(ops, "A key whose key_ops leave out \"verify\" does not verify signatures");
      return null;
    }
    String kid = text(o, "kid", problem);
    String algName = text(o, "alg", problem);
    JwsAlgorithm alg = null;
    if (algName != null) {
      alg = JwsAlgorithm.of(algName).orElse(null);
      if (alg == null) {
        problem.accept(o.get("alg"), "Key algorithm \"" + abbreviate(algName) + "\" is not one of RS256, RS384, RS512, PS256, "
            + "PS384, PS512, ES256, ES384, ES512");
        return null;
      }
    }
    try {
      switch (kty) {
        case "RSA": {
          BigInteger n = unsigned(o, "n", problem);
          BigInteger e = unsigned(o, "e", problem);
          if (n == null || e == null) {
            return null;
          }
          if (n.bitLength() < MIN_RSA_BITS || n.bitLength() > MAX_RSA_BITS) {
            problem.accept(o.get("n"), "An RSA key of " + n.bitLength() + " bits: " + MIN_RSA_BITS + " to " + MAX_RSA_BITS
                + " are accepted");
            return null;
          }
          if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0 || e.bitLength() > 64) {
            problem.accept(o.get("e"), "Not a usable RSA public exponent");
            return null;
          }
          if (alg != null && !alg.keyType().equals("RSA")) {
            problem.accept(o.get("alg"), "An RSA key cannot be for " + alg);
            return null;
          }
          PublicKey k = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
          return new Jwk(kid, "RSA", null, alg, k);
        }
        case "EC": {
          String crv = text(o, "crv", problem);
          if (crv == null || !CURVES.containsKey(crv)) {
            problem.accept(o.get("crv") == null ? o : o.get("crv"), "An EC key needs \"crv\": P-256, P-384 or P-521");
            return null;
          }
          ECParameterSpec spec = curve(crv);
          int size = (spec.getCurve().getField().getFieldSize() + 7) / 8;
          byte[] x = bytes(o, "x", problem);
          byte[] y = bytes(o, "y", problem);
          if (x == null || y == null) {
            return null;
          }
          if (x.length != size || y.length != size) {
            // RFC 7518 6.2.1.2: the coordinates are the full size of the curve's field.
            problem.accept(o, "The coordinates of a " + crv + " key are " + size + " bytes each");
            return null;
          }
          ECPoint w = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
          if (!onCurve(spec.getCurve(), w)) {
            problem.accept(o, "The point of this " + crv + " key is not on the curve");
            return null;
          }
          if (alg != null && !crv.equals(alg.curve())) {
            problem.accept(o.get("alg"), "A " + crv + " key cannot be for " + alg);
            return null;
          }
          PublicKey k = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
          return new Jwk(kid, "EC", crv, alg, k);
        }
        default:
          problem.accept(o.get("kty"), "Key type \"" + abbreviate(kty) + "\" is not accepted: only RSA and EC public keys "
              + "verify web identity tokens");
          return null;
      }
    } catch (GeneralSecurityException | IllegalArgumentException ex) {
      problem.accept(o, "Not a usable " + kty + " key: " + ex.getMessage());
      return null;
    }
  }

  /** The domain parameters of a named curve, from the JDK. */
  static ECParameterSpec curve(String crv) throws GeneralSecurityException {
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec(CURVES.get(crv)));
    return p.getParameterSpec(ECParameterSpec.class);
  }

  /** y^2 = x^3 + ax + b (mod p), with both coordinates inside the field. */
  private static boolean onCurve(EllipticCurve c, ECPoint w) {
    BigInteger p = ((ECFieldFp) c.getField()).getP();
    BigInteger x = w.getAffineX();
    BigInteger y = w.getAffineY();
    if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right = x.pow(3).add(c.getA().multiply(x)).add(c.getB()).mod(p);
    return left.equals(right);
  }

  private static String text(ObjectNode o, String name, BiConsumer<JsonNode, String> problem) {
    JsonNode n = o.get(name);
    if (n == null) {
      return null;
    }
    if (n instanceof StringNode s) {
      return s.value();
    }
    problem.accept(n, "\"" + name + "\" is a string, found " + n.typeName());
    return null;
  }

  private static byte[] bytes(ObjectNode o, String name, BiConsumer<JsonNode, String> problem) {
    JsonNode n = o.get(name);
    if (!(n instanceof StringNode s)) {
      problem.accept(n == null ? o : n, "The key needs \"" + name + "\", base64url");
      return null;
    }
    byte[] b = Base64Url.decode(s.value());
    if (b == null || b.length == 0) {
      problem.accept(n, "\"" + name + "\" is not base64url");
      return null;
    }
    return b;
  }

  private static BigInteger unsigned(ObjectNode o, String name, BiConsumer<JsonNode, String> problem) {
    byte[] b = bytes(o, name, problem);
    return b == null ? null : new BigInteger(1, b);
  }

  static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
