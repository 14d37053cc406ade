package io.iam4j.jwt;

import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.ArrayNode;
import io.iam4j.json.JsonNode.BooleanNode;
import io.iam4j.json.JsonNode.Member;
import io.iam4j.json.JsonNode.NumberNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonNode.StringNode;
import io.iam4j.json.JsonReadException;
import io.iam4j.json.JsonReader;
import io.iam4j.jwt.TokenRejected.Reason;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies an OpenID Connect ID token (a JWT in JWS compact serialization, RFC 7515/7519) as STS's
 * {@code AssumeRoleWithWebIdentity} does: signed by one of its provider's keys with an asymmetric
 * algorithm ({@link JwsAlgorithm}), issued by that provider ({@code iss} equal to its URL), and
 * inside its lifetime ({@code exp} required; {@code nbf}, {@code iat} when present) give or take
 * {@link #CLOCK_SKEW}. Stateless and thread-safe.
 *
 * <p>Verification is in two steps because the issuer chooses the keys: {@link #parse} reads the
 * token without trusting anything in it (only its {@code iss} is used, to find the provider), and
 * {@link #verify} checks it against that provider's keys; nothing of the token is believed before.
 */
public final class JwtVerifier {
  /** STS's bound on {@code WebIdentityToken} (4 to 20,000 characters). */
  public static final int MAX_TOKEN_CHARS = 20_000;
  /** Nesting of header and claims: an ID token needs 2, AWS's session-tag claim 4. */
  public static final int MAX_DEPTH = 10;
  /** How far apart the provider's clock and ours may be. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
  /** The bounds of {@code ContainerCallers}, so both paths give the mapping the same claims. */
  static final int MAX_CLAIMS = 100;
  static final int MAX_VALUES = 100;
  static final int MAX_TEXT = 1024;
  /** NumericDate beyond this (year 5138) is not a date any provider writes. */
  private static final BigDecimal MAX_DATE = BigDecimal.valueOf(100_000_000_000L);

  private JwtVerifier() {}

  /**
   * A token as it came, not yet verified.
   *
   * @param issuer the {@code iss} the token claims (to choose the provider; not to be believed yet)
   */
  public record Unverified(JwsAlgorithm alg, String kid, String issuer, byte[] signingInput, byte[] signature,
      ObjectNode payload) {}

  /**
   * A verified token.
   *
   * @param claims every claim as {@code CallerInfo} holds them: a string, number or boolean is one
   *     value, an array its scalar elements; objects and nulls are left out
   * @param subject the {@code sub} claim, or null
   * @param audiences the {@code aud} claim (one value or an array)
   * @param kid the key that verified it (null when the key has no kid)
   */
  public record Verified(String issuer, String subject, List<String> audiences, Instant expires, Instant issuedAt,
      JwsAlgorithm alg, String kid, Map<String, List<String>> claims) {
    public Verified {
      audiences = List.copyOf(audiences);
      claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }
  }

  /** Splits and decodes a compact JWS; its signature is not checked. */
  public static Unverified parse(String token) throws TokenRejected {
    if (token == null || token.isEmpty()) {
      throw invalid("The web identity token is empty");
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new TokenRejected(Reason.TOO_LONG, "The web identity token has " + token.length() + " characters; at most "
          + MAX_TOKEN_CHARS + " are accepted");
    }
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
      throw invalid("The web identity token is not a JWS in compact serialization (three base64url parts joined by dots; "
          + "an encrypted JWE is not accepted)");
    }
    ObjectNode header = json(decode(token.substring(0, first), "header"), "header");
    ObjectNode payload = json(decode(token.substring(first + 1, second), "payload"), "payload");
    byte[] signature = decode(token.substring(second + 1), "signature");
    unique(header, "header");
    unique(payload, "claims");

    JsonNode algNode = header.get("alg");
    String algName = algNode instanceof StringNode s ? s.value() : null;
    if (algName == null) {
      throw invalid("The token's header has no \"alg\"");
    }
    JwsAlgorithm alg = JwsAlgorithm.of(algName).orElseThrow(() -> invalid("The token is signed with \"" + JwkSet.abbreviate(algName)
        + "\"; only RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 and ES512 are accepted (never none or a shared-secret HS algorithm)"));
    if (header.get("crit") != null) {
      // RFC 7515 4.1.11: extensions listed in crit must be understood, and we understand none.
      throw invalid("The token's header lists critical extensions (\"crit\"), which are not supported");
    }
    String kid = null;
    JsonNode kidNode = header.get("kid");
    if (kidNode instanceof StringNode s) {
      kid = s.value();
    } else if (kidNode != null) {
      throw invalid("The token's \"kid\" is not a string");
    }
    // jku, jwk, x5u, x5c: keys the token brings along are never used; only the provider's own set is.
    JsonNode iss = payload.get("iss");
    if (!(iss instanceof StringNode issuer)) {
      throw invalid("The token has no \"iss\" (issuer) claim");
    }
    byte[] signingInput = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
    return new Unverified(alg, kid, issuer.value(), signingInput, signature, payload);
  }

  /**
   * Verifies the token against the keys of its provider, whose URL is {@code issuer}.
   *
   * @param now the time the token must be valid at
   */
  public static Verified verify(Unverified t, KeySource source, String issuer, Instant now) throws TokenRejected {
    if (!t.issuer().equals(issuer)) {
      throw invalid("The token's issuer " + JwkSet.abbreviate(t.issuer()) + " is not " + issuer);
    }
    JwkSet keys = source.keys(now);
    List<Jwk> candidates = keys.candidates(t.kid(), t.alg());
    if (candidates.isEmpty()) {
      // A kid we do not know (or no key for this algorithm) may be a key the provider rotated in since
      // we fetched its set; the source refetches at most at its rate limit.
      keys = source.refreshed(now);
      candidates = keys.candidates(t.kid(), t.alg());
    }
    String which = t.kid() == null ? "without kid" : "kid \"" + JwkSet.abbreviate(t.kid()) + "\"";
    if (candidates.isEmpty()) {
      if (t.kid() != null && keys.hasKid(t.kid())) {
        throw invalid("The key " + which + " of " + issuer + " is not a key for " + t.alg() + " (algorithm and key type must agree)");
      }
      throw invalid("No key " + (t.kid() == null ? "for " + t.alg() : "with " + which) + " among the " + keys.keys().size()
          + " signature keys of " + issuer);
    }
    if (t.kid() == null && candidates.size() > 1) {
      throw invalid("The token names no kid, and " + issuer + " has " + candidates.size() + " keys for " + t.alg());
    }
    Jwk used = null;
    for (Jwk k : candidates) {
      if (signatureValid(t, k)) {
        used = k;
        break;
      }
    }
    if (used == null) {
      throw invalid("The token's signature (" + t.alg() + ", " + which + ") does not verify with the keys of " + issuer);
    }
    return claims(t, issuer, now, used);
  }

  private static boolean signatureValid(Unverified t, Jwk k) {
    if (t.alg().signatureBytes() > 0 && t.signature().length != t.alg().signatureBytes()) {
      return false; // R || S of the curve's size exactly (RFC 7518 3.4)
    }
    try {
      Signature s = Signature.getInstance(t.alg().jdkName());
      if (t.alg().parameters() != null) {
        s.setParameter(t.alg().parameters());
      }
      s.initVerify(k.key());
      s.update(t.signingInput());
      return s.verify(t.signature());
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // a signature the JDK cannot even read is no valid signature
    }
  }

  private static Verified claims(Unverified t, String issuer, Instant now, Jwk used) throws TokenRejected {
    ObjectNode p = t.payload();
    Instant exp = date(p, "exp");
    if (exp == null) {
      throw invalid("The token has no \"exp\" (expiration time)");
    }
    if (!now.isBefore(exp.plus(CLOCK_SKEW))) {
      throw new TokenRejected(Reason.EXPIRED, "The token of " + issuer + " expired at " + exp);
    }
    Instant nbf = date(p, "nbf");
    if (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf)) {
      throw invalid("The token of " + issuer + " is not valid before " + nbf);
    }
    Instant iat = date(p, "iat");
    if (iat != null && now.plus(CLOCK_SKEW).isBefore(iat)) {
      throw invalid("The token of " + issuer + " was issued in the future (" + iat + ")");
    }
    List<String> aud = new ArrayList<>();
    JsonNode audNode = p.get("aud");
    if (audNode instanceof StringNode s) {
      aud.add(s.value());
    } else if (audNode instanceof ArrayNode a) {
      for (JsonNode e : a.elements()) {
        if (!(e instanceof StringNode s)) {
          throw invalid("The token's \"aud\" is not a string or an array of strings");
        }
        aud.add(s.value());
      }
    } else if (audNode != null) {
      throw invalid("The token's \"aud\" is not a string or an array of strings");
    }
    JsonNode subNode = p.get("sub");
    if (subNode != null && !(subNode instanceof StringNode)) {
      throw invalid("The token's \"sub\" is not a string");
    }
    Map<String, List<String>> claims = new LinkedHashMap<>();
    for (Member m : p.members()) {
      if (claims.size() >= MAX_CLAIMS) {
        break;
      }
      if (m.name().length() > 128) {
        continue;
      }
      List<String> v = values(m.value());
      if (!v.isEmpty()) {
        claims.put(m.name(), v);
      }
    }
    return new Verified(issuer, subNode == null ? null : ((StringNode) subNode).value(), aud, exp, iat, t.alg(), used.kid(), claims);
  }

  /** A claim as text values, as {@code ContainerCallers.values} gives them for container tokens. */
  private static List<String> values(JsonNode v) {
    List<String> out = new ArrayList<>();
    if (v instanceof ArrayNode a) {
      for (JsonNode e : a.elements()) {
        if (out.size() >= MAX_VALUES) {
          break;
        }
        scalar(e, out);
      }
    } else {
      scalar(v, out);
    }
    return out;
  }

  private static void scalar(JsonNode v, List<String> out) {
    String s = v instanceof StringNode str ? str.value()
        : v instanceof NumberNode n ? n.text()
        : v instanceof BooleanNode b ? Boolean.toString(b.value())
        : null; // objects, nested arrays and nulls are no value a rule or condition key can use
    if (s != null && s.length() <= MAX_TEXT) {
      out.add(s);
    }
  }

  /** A NumericDate claim (seconds since the epoch, RFC 7519 2), or null when absent. */
  private static Instant date(ObjectNode p, String name) throws TokenRejected {
    JsonNode n = p.get(name);
    if (n == null) {
      return null;
    }
    if (!(n instanceof NumberNode num)) {
      throw invalid("The token's \"" + name + "\" is not a number of seconds");
    }
    BigDecimal d;
    try {
      d = new BigDecimal(num.text());
    } catch (NumberFormatException e) {
      throw invalid("The token's \"" + name + "\" is not a number of seconds");
    }
    if (d.signum() < 0 || d.compareTo(MAX_DATE) > 0) {
      throw invalid("The token's \"" + name + "\" is out of range");
    }
    return Instant.ofEpochSecond(d.longValue());
  }

  private static byte[] decode(String part, String what) throws TokenRejected {
    byte[] b = Base64Url.decode(part);
    if (b == null || b.length == 0) {
      throw invalid("The token's " + what + " is not base64url");
    }
    return b;
  }

  private static ObjectNode json(byte[] bytes, String what) throws TokenRejected {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw invalid("The token's " + what + " is not UTF-8");
    }
    JsonNode n;
    try {
      n = JsonReader.read(text, "", MAX_DEPTH, "JwtVerifier.MAX_DEPTH");
    } catch (JsonReadException e) {
      throw invalid("The token's " + what + " is not JSON: " + e.getMessage());
    }
    if (!(n instanceof ObjectNode o)) {
      throw invalid("The token's " + what + " is not a JSON object");
    }
    return o;
  }

  /** RFC 7515 4 / 7519 4: a name given twice is refused rather than read one of two ways. */
  private static void unique(ObjectNode o, String what) throws TokenRejected {
    Set<String> seen = new HashSet<>();
    for (Member m : o.members()) {
      if (!seen.add(m.name())) {
        throw invalid("The token's " + what + " has \"" + JwkSet.abbreviate(m.name()) + "\" twice");
      }
    }
  }

  private static TokenRejected invalid(String message) {
    return new TokenRejected(Reason.INVALID, message);
  }
}
