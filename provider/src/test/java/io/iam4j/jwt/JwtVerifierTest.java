package io.iam4j.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.iam4j.json.JsonReader;
import io.iam4j.jwt.TokenRejected.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ID tokens as RFC 7515/7518/7519 and STS's AssumeRoleWithWebIdentity describe them: signed with an
 * asymmetric algorithm by a key of the issuer's set, that issuer, within exp/nbf/iat.
 */
class JwtVerifierTest {
  static final String ISS = "https://idp.acme.example";
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final long T = NOW.getEpochSecond();

  static final TestSigner.Key RSA = TestSigner.rsa("rsa-1", "RS256");
  static final TestSigner.Key EC = TestSigner.ec("ec-1", "ES256");

  static JwkSet set(String json) {
    return JwkSet.read(JsonReader.read(json), (n, why) -> fail("unexpected JWK problem at " + n.pointer() + ": " + why));
  }

  static String claims(String iss, long exp, String extra) {
    return "{\"iss\":\"" + iss + "\",\"sub\":\"alice\",\"aud\":\"docs-app\",\"iat\":" + (T - 10) + ",\"exp\":" + exp
        + (extra.isEmpty() ? "" : "," + extra) + "}";
  }

  static String valid() {
    return claims(ISS, T + 300, "");
  }

  JwtVerifier.Verified verify(String token, JwkSet keys) throws TokenRejected {
    return JwtVerifier.verify(JwtVerifier.parse(token), KeySource.of(keys), ISS, NOW);
  }

  TokenRejected rejected(String token, JwkSet keys) {
    return assertThrows(TokenRejected.class, () -> verify(token, keys));
  }

  @Test
  void rs256_valid_claimsInCallerInfoShape() throws Exception {
    String token = TestSigner.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}", claims(ISS, T + 300,
        "\"amr\":[\"pwd\",\"mfa\"],\"email_verified\":true,\"n\":1.5,\"addr\":{\"c\":\"x\"},\"nul\":null"), RSA);
    JwtVerifier.Verified v = verify(token, set(TestSigner.jwks(RSA, EC)));
    assertEquals("alice", v.subject());
    assertEquals(List.of("docs-app"), v.audiences());
    assertEquals(Instant.ofEpochSecond(T + 300), v.expires());
    assertEquals("rsa-1", v.kid());
    assertEquals(List.of("pwd", "mfa"), v.claims().get("amr"), "an array claim is its elements");
    assertEquals(List.of("true"), v.claims().get("email_verified"));
    assertEquals(List.of("1.5"), v.claims().get("n"), "a number keeps its text");
    assertEquals(List.of(ISS), v.claims().get("iss"));
    assertNull(v.claims().get("addr"), "objects are no value");
    assertNull(v.claims().get("nul"));
  }

  @Test
  void es256_valid() throws Exception {
    assertEquals("ec-1", verify(EC.sign(valid()), set(TestSigner.jwks(RSA, EC))).kid());
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS384", "RS512", "PS256", "PS384", "PS512", "ES384", "ES512"})
  void everyAsymmetricAlgorithm_valid(String alg) throws Exception {
    TestSigner.Key k = alg.startsWith("ES") ? TestSigner.ec("k-" + alg, alg) : TestSigner.rsa("k-" + alg, alg);
    JwtVerifier.Verified v = verify(k.sign(valid()), set(TestSigner.jwks(k)));
    assertEquals(JwsAlgorithm.valueOf(alg), v.alg());
  }

  @Test
  void signedByAnotherKey_underTheKnownKid_invalid() {
    TestSigner.Key impostor = new TestSigner.Key("rsa-1", "RS256", TestSigner.rsa("x", "RS256").pair());
    TokenRejected e = rejected(impostor.sign(valid()), set(TestSigner.jwks(RSA)));
    assertEquals(Reason.INVALID, e.reason());
    assertTrue(e.getMessage().contains("signature"), e.getMessage());
  }

  @Test
  void tamperedClaims_invalid() {
    String token = RSA.sign(valid());
    String[] p = token.split("\\.");
    String forged = p[0] + "." + TestSigner.b64(valid().replace("alice", "admin").getBytes(StandardCharsets.UTF_8)) + "." + p[2];
    assertEquals(Reason.INVALID, rejected(forged, set(TestSigner.jwks(RSA))).reason());
  }

  @Test
  void algNone_refused() {
    String token = TestSigner.b64("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + TestSigner.b64(valid().getBytes(StandardCharsets.UTF_8)) + ".";
    assertEquals(Reason.INVALID, rejected(token, set(TestSigner.jwks(RSA))).reason());
    String unsigned = TestSigner.b64("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + TestSigner.b64(valid().getBytes(StandardCharsets.UTF_8)) + "." + TestSigner.b64(new byte[] {1});
    assertTrue(rejected(unsigned, set(TestSigner.jwks(RSA))).getMessage().contains("none"));
  }

  /** The classic confusion: HS256 keyed with the RSA public key (as DER, or as its JWK text). */
  @Test
  void hs256WithThePublicKeyAsSecret_refused() {
    JwkSet keys = set(TestSigner.jwks(RSA));
    for (byte[] secret : List.of(RSA.pair().getPublic().getEncoded(), RSA.jwk().getBytes(StandardCharsets.UTF_8))) {
      String token = TestSigner.hmac("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}", valid(), secret);
      TokenRejected e = rejected(token, keys);
      assertEquals(Reason.INVALID, e.reason());
      assertTrue(e.getMessage().contains("HS256"), e.getMessage());
    }
  }

  @Test
  void algorithmNotTheKeys_refused() {
    // An ES256 header naming the RSA key, and an RS256 header naming an RSA key restricted to PS256.
    String token = TestSigner.sign("{\"alg\":\"ES256\",\"kid\":\"rsa-1\"}", valid(), EC);
    assertTrue(rejected(token, set(TestSigner.jwks(RSA))).getMessage().contains("not a key for ES256"));
    TestSigner.Key ps = new TestSigner.Key("ps", "PS256", RSA.pair());
    String rs = TestSigner.sign("{\"alg\":\"RS256\",\"kid\":\"ps\"}", valid(), new TestSigner.Key("ps", "RS256", RSA.pair()));
    assertEquals(Reason.INVALID, rejected(rs, set(TestSigner.jwks(ps))).reason());
  }

  @Test
  void noKid_oneSuitableKey_used_severalRefused() throws Exception {
    String token = TestSigner.sign("{\"alg\":\"ES256\"}", valid(), EC);
    assertEquals("ec-1", verify(token, set(TestSigner.jwks(RSA, EC))).kid(), "the one ES256 key");
    TestSigner.Key ec2 = TestSigner.ec("ec-2", "ES256");
    assertTrue(rejected(token, set(TestSigner.jwks(EC, ec2))).getMessage().contains("no kid"));
  }

  @Test
  void unknownKid_invalid() {
    TestSigner.Key other = TestSigner.rsa("rsa-9", "RS256");
    TokenRejected e = rejected(other.sign(valid()), set(TestSigner.jwks(RSA)));
    assertEquals(Reason.INVALID, e.reason());
    assertTrue(e.getMessage().contains("rsa-9"), e.getMessage());
  }

  @Test
  void expired_expiredToken_withinSkew_fine() throws Exception {
    assertEquals(Reason.EXPIRED, rejected(RSA.sign(claims(ISS, T - 61, "")), set(TestSigner.jwks(RSA))).reason());
    verify(RSA.sign(claims(ISS, T - 30, "")), set(TestSigner.jwks(RSA)));
  }

  @Test
  void expMissingOrNotANumber_invalid() {
    String noExp = "{\"iss\":\"" + ISS + "\",\"sub\":\"alice\",\"aud\":\"docs-app\"}";
    assertTrue(rejected(RSA.sign(noExp), set(TestSigner.jwks(RSA))).getMessage().contains("exp"));
    String textExp = "{\"iss\":\"" + ISS + "\",\"sub\":\"alice\",\"aud\":\"docs-app\",\"exp\":\"" + (T + 300) + "\"}";
    assertEquals(Reason.INVALID, rejected(RSA.sign(textExp), set(TestSigner.jwks(RSA))).reason());
  }

  @Test
  void notYetValid_orIssuedInTheFuture_invalid() {
    TokenRejected nbf = rejected(RSA.sign(claims(ISS, T + 600, "\"nbf\":" + (T + 120))), set(TestSigner.jwks(RSA)));
    assertEquals(Reason.INVALID, nbf.reason());
    assertTrue(nbf.getMessage().contains("not valid before"), nbf.getMessage());
    String future = "{\"iss\":\"" + ISS + "\",\"sub\":\"a\",\"aud\":\"x\",\"iat\":" + (T + 3600) + ",\"exp\":" + (T + 7200) + "}";
    assertTrue(rejected(RSA.sign(future), set(TestSigner.jwks(RSA))).getMessage().contains("future"));
  }

  @Test
  void issuerNotTheProviders_invalid() {
    TokenRejected e = rejected(RSA.sign(claims("https://idp.acme.example/", T + 300, "")), set(TestSigner.jwks(RSA)));
    assertEquals(Reason.INVALID, e.reason(), "exact comparison: a trailing slash is another issuer");
  }

  @Test
  void oversize_tooLong_beforeAnyDecoding() {
    String big = RSA.sign(claims(ISS, T + 300, "\"pad\":\"" + "x".repeat(JwtVerifier.MAX_TOKEN_CHARS) + "\""));
    assertEquals(Reason.TOO_LONG, assertThrows(TokenRejected.class, () -> JwtVerifier.parse(big)).reason());
  }

  @Test
  void malformed_invalid() {
    for (String t : List.of("", "abc", "a.b", "a.b.c.d.e", "e30.e30.", "e30=.e30.AA", "!!.e30.AA")) {
      assertEquals(Reason.INVALID, assertThrows(TokenRejected.class, () -> JwtVerifier.parse(t)).reason(), t);
    }
  }

  @Test
  void duplicateClaim_critOrDeepNesting_refused() {
    JwkSet keys = set(TestSigner.jwks(RSA));
    String dup = "{\"iss\":\"" + ISS + "\",\"sub\":\"alice\",\"sub\":\"admin\",\"aud\":\"docs-app\",\"exp\":" + (T + 300) + "}";
    assertTrue(rejected(RSA.sign(dup), keys).getMessage().contains("twice"));
    String crit = TestSigner.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"crit\":[\"exp\"],\"exp\":1}", valid(), RSA);
    assertTrue(rejected(crit, keys).getMessage().contains("crit"));
    String deep = claims(ISS, T + 300, "\"d\":" + "[".repeat(40) + "]".repeat(40));
    assertEquals(Reason.INVALID, rejected(RSA.sign(deep), keys).reason());
  }

  @Test
  void keysTheTokenBringsAlong_neverUsed() {
    // A self-signed token carrying its own key in "jwk": still checked against the provider's keys only.
    TestSigner.Key attacker = TestSigner.rsa("rsa-1", "RS256");
    String token = TestSigner.sign("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"jwk\":" + attacker.jwk() + "}", valid(), attacker);
    assertEquals(Reason.INVALID, rejected(token, set(TestSigner.jwks(RSA))).reason());
  }

  @Test
  void jwkSet_unusableKeysLeftOutWithReasons() {
    Map<String, String> bad = Map.of(
        "{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"c2VjcmV0\"}", "private or secret",
        "{\"kty\":\"RSA\",\"kid\":\"enc\",\"use\":\"enc\",\"n\":\"AQAB\",\"e\":\"AQAB\"}", "not for signatures",
        "{\"kty\":\"OKP\",\"kid\":\"ed\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}", "not accepted",
        RSA.jwk().replace("}", ",\"d\":\"AQAB\"}"), "private",
        TestSigner.rsa("small", "RS256").jwk().replaceAll("\"n\":\"[^\"]+\"", "\"n\":\"" + TestSigner.b64(new byte[128]).replace('A', 'B') + "\""),
        "bits",
        EC.jwk().replaceAll("\"y\":\"[^\"]+\"", "\"y\":\"" + TestSigner.b64(new byte[32]) + "\""), "not on the curve");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      StringBuilder why = new StringBuilder();
      JwkSet s = JwkSet.read(JsonReader.read("{\"keys\":[" + e.getKey() + "," + RSA.jwk() + "]}"), (n, w) -> why.append(n.pointer()).append(' ').append(w));
      assertEquals(1, s.keys().size(), e.getKey());
      assertTrue(why.toString().contains(e.getValue()), why + " for " + e.getKey());
      assertTrue(why.toString().startsWith("/keys/0"), why.toString());
    }
  }
}
