package io.iam4j.sigv4;

import static io.iam4j.sigv4.Fixtures.headers;
import static io.iam4j.sigv4.Fixtures.refused;
import static io.iam4j.sigv4.Fixtures.verified;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken and oversize input: always a refusal with the right code, never an exception. */
class SigV4MalformedTest {
  static final Set<String> STS = Set.of("sts");
  final SigV4Verifier<String> verifier = new SigV4Verifier<>(Fixtures.oneKey(SdkSigner.AKID, SdkSigner.SECRET),
      Set.of("us-east-1"), Clock.fixed(SdkSigner.AT, ZoneOffset.UTC), Duration.ofMinutes(5));

  final SignedRequest good = new SdkSigner().sign("GET", "http://127.0.0.1:18181/", new byte[0]);

  SignedRequest withAuthorization(String value) {
    return SigV4SdkRoundTripTest.withHeader(good, "Authorization", value);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "AWS4-HMAC-SHA256",
      "AWS4-HMAC-SHA256 ",
      "AWS4-HMAC-SHA256 Credential=",
      "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE01/20261207/us-east-1/sts/aws4_request",
      "AWS4-HMAC-SHA256 Credential=a/b/c, SignedHeaders=host;x-amz-date, Signature=00",
      "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE01/2026120/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
      "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE01/20261207/us-east-1/sts/aws4_request, SignedHeaders=x-amz-date;host, Signature=0000000000000000000000000000000000000000000000000000000000000000",
      "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE01/20261207/us-east-1/sts/aws4_request, SignedHeaders=Host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
      "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE01/20261207/us-east-1/sts/aws4_request, SignedHeaders=host;;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
      "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE01/20261207/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=zz00000000000000000000000000000000000000000000000000000000000000",
      "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE01/20261207/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=٣000000000000000000000000000000000000000000000000000000000000000",
      "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE01/20261207/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000, Signature=0000000000000000000000000000000000000000000000000000000000000000",
      "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE01/20261207/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000, Extra=1",
      "AWS4-HMAC-SHA256 Credential=AKIA EXAMPLE/20261207/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
      "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE01/20261207/us east 1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000",
      "AWS4-HMAC-SHA256 ,,,",
      "AWS4-HMAC-SHA256 =,=,=",
      "AWS AKIAEXAMPLEEXAMPLE01:c2lnbmF0dXJl",
      "AWS4-ECDSA-P256-SHA256 Credential=AKIAEXAMPLEEXAMPLE01/20261207/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=00",
      "Bearer eyJhbGciOiJIUzI1NiJ9"})
  void malformedAuthorizationIsIncomplete(String authorization) {
    SigV4Result.Refused<String> r = refused(verifier.verify(withAuthorization(authorization), STS));
    assertEquals(SigV4Error.IncompleteSignature, r.error(), r.message());
  }

  @Test
  void scopeProblemsAreSignatureDoesNotMatch() {
    String sig = ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + "0".repeat(64);
    Map<String, String> cases = Map.of(
        "AKIAEXAMPLEEXAMPLE01/20261207/us-east-1/sts/aws5_request",
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.",
        "AKIAEXAMPLEEXAMPLE01/20261206/us-east-1/sts/aws4_request",
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261206' !="
            + " '20261207', from '20261207T031136Z'.");
    cases.forEach((credential, message) -> {
      SigV4Result.Refused<String> r =
          refused(verifier.verify(withAuthorization("AWS4-HMAC-SHA256 Credential=" + credential + sig), STS));
      assertEquals(SigV4Error.SignatureDoesNotMatch, r.error());
      assertEquals(message, r.message());
    });
  }

  @Test
  void oversizeInputIsRefusedBeforeAnyCrypto() {
    String big = good.header("authorization").get(0) + ", " + "x".repeat(SigV4Verifier.MAX_AUTHORIZATION_LENGTH);
    assertEquals(SigV4Error.IncompleteSignature, refused(verifier.verify(withAuthorization(big), STS)).error());
    StringBuilder many = new StringBuilder("a0");
    for (int i = 1; i <= SigV4Verifier.MAX_SIGNED_HEADERS; i++) {
      many.append(";a").append(i);
    }
    assertEquals(SigV4Error.IncompleteSignature, refused(verifier.verify(withAuthorization(
        "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE01/20261207/us-east-1/sts/aws4_request, SignedHeaders="
            + many + ", Signature=" + "0".repeat(64)), STS)).error());
    SignedRequest longQuery = new SignedRequest("GET", "/", "a=" + "b".repeat(SigV4Verifier.MAX_QUERY_LENGTH),
        good.headers(), new byte[0]);
    assertEquals(SigV4Error.IncompleteSignature, refused(verifier.verify(longQuery, STS)).error());
    SignedRequest longPath = new SignedRequest("GET", "/" + "p".repeat(SigV4Verifier.MAX_PATH_LENGTH), null,
        good.headers(), new byte[0]);
    assertEquals(SigV4Error.IncompleteSignature, refused(verifier.verify(longPath, STS)).error());
    SignedRequest manyParams = new SignedRequest("GET", "/", "a=1&".repeat(SigV4Verifier.MAX_QUERY_PARAMETERS + 1),
        good.headers(), new byte[0]);
    assertEquals(SigV4Error.MalformedQueryString, refused(verifier.verify(manyParams, STS)).error());
    SignedRequest longToken = SigV4SdkRoundTripTest.withHeader(good, "X-Amz-Security-Token",
        "t".repeat(SigV4Verifier.MAX_SESSION_TOKEN_LENGTH + 1));
    assertEquals(SigV4Error.IncompleteSignature, refused(verifier.verify(longToken, STS)).error());
  }

  @Test
  void formProblems() {
    SignedRequest none = SigV4SdkRoundTripTest.withHeader(good, "Authorization", null);
    SigV4Result.Refused<String> missing = refused(verifier.verify(none, STS));
    assertEquals(SigV4Error.MissingAuthenticationToken, missing.error());
    assertEquals(403, missing.error().httpStatus());
    assertFalse(SigV4Verifier.isSigned(null, null));
    assertFalse(SigV4Verifier.isSigned("Bearer x", "a=X-Amz-Algorithm"));
    assertTrue(SigV4Verifier.isSigned(null, "a=1&X-Amz-Algorithm=AWS4-HMAC-SHA256"));
    // Both mechanisms at once.
    SignedRequest both = new SignedRequest("GET", "/", "X-Amz-Algorithm=AWS4-HMAC-SHA256", good.headers(), new byte[0]);
    assertEquals(SigV4Error.InvalidArgument, refused(verifier.verify(both, STS)).error());
    // Two Authorization headers.
    Map<String, List<String>> two = new java.util.LinkedHashMap<>(good.headers());
    two.put("authorization", List.of("AWS4-HMAC-SHA256 x"));
    assertEquals(SigV4Error.IncompleteSignature,
        refused(verifier.verify(new SignedRequest("GET", "/", null, two, new byte[0]), STS)).error());
    // A session token sent but not signed.
    assertEquals(SigV4Error.IncompleteSignature, refused(verifier.verify(
        SigV4SdkRoundTripTest.withHeader(good, "X-Amz-Security-Token", "tok"), STS)).error());
    // UNSIGNED-PAYLOAD, STREAMING and junk hashes.
    for (String hash : List.of("UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "E3B0", "x".repeat(64))) {
      assertEquals(SigV4Error.InvalidArgument, refused(verifier.verify(
          SigV4SdkRoundTripTest.withHeader(good, "x-amz-content-sha256", hash), STS)).error(), hash);
    }
    // X-Amz-Date missing or malformed.
    assertEquals(SigV4Error.IncompleteSignature,
        refused(verifier.verify(SigV4SdkRoundTripTest.withHeader(good, "X-Amz-Date", null), STS)).error());
    for (String date : List.of("2026-12-07T03:11:36Z", "20261307T031136Z", "20261207T251136Z", "20261207T031136",
        "Mon, 07 Dec 2026 03:11:36 GMT")) {
      assertEquals(SigV4Error.IncompleteSignature,
          refused(verifier.verify(SigV4SdkRoundTripTest.withHeader(good, "X-Amz-Date", date), STS)).error(), date);
    }
    // Bad escapes in the query.
    assertEquals(SigV4Error.MalformedQueryString,
        refused(verifier.verify(new SignedRequest("GET", "/", "a=%G0", good.headers(), new byte[0]), STS)).error());
    // No service configured: fail closed.
    assertEquals(SigV4Error.InternalFailure, refused(verifier.verify(good, Set.of())).error());
    assertEquals(SigV4Error.InternalFailure, refused(verifier.verify(null, STS)).error());
  }

  @Test
  void presignedParameterProblems() {
    SdkSigner s = new SdkSigner();
    s.presign = true;
    SignedRequest p = s.sign("GET", "http://127.0.0.1:18181/", null);
    verified(verifier.verify(p, STS));
    for (String change : List.of("X-Amz-Expires=0", "X-Amz-Expires=604801", "X-Amz-Expires=abc", "X-Amz-Expires=")) {
      SignedRequest bad = new SignedRequest("GET", "/", p.rawQuery().replace("X-Amz-Expires=300", change),
          p.headers(), null);
      assertEquals(SigV4Error.AuthorizationQueryParametersError, refused(verifier.verify(bad, STS)).error(), change);
    }
    SignedRequest twice = new SignedRequest("GET", "/", p.rawQuery() + "&X-Amz-Date=20261207T031136Z", p.headers(), null);
    assertEquals(SigV4Error.AuthorizationQueryParametersError, refused(verifier.verify(twice, STS)).error());
    SignedRequest noSignature = new SignedRequest("GET", "/",
        p.rawQuery().replaceAll("&?X-Amz-Signature=[0-9a-f]+", ""), p.headers(), null);
    assertEquals(SigV4Error.AuthorizationQueryParametersError, refused(verifier.verify(noSignature, STS)).error());
    SignedRequest sigV4a = new SignedRequest("GET", "/",
        p.rawQuery().replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256"), p.headers(), null);
    assertEquals(SigV4Error.AuthorizationQueryParametersError, refused(verifier.verify(sigV4a, STS)).error());
  }

  /** Random damage to a valid signed request: never an exception, never a verification. */
  @Test
  void randomDamageNeverThrowsNorVerifies() {
    SignedRequest post = SigV4SdkRoundTripTest.post(new SdkSigner());
    SdkSigner ps = new SdkSigner();
    ps.presign = true;
    SignedRequest presigned = ps.sign("GET", "http://127.0.0.1:18181/a?b=c", null);
    String authorization = post.header("authorization").get(0);
    String query = presigned.rawQuery();
    String alphabet = "=,;/ %+&AWS4-HMAC-SHA256aws4_requestx0\t\u00e9\u0000";
    Random random = new Random(20261207);
    for (int i = 0; i < 3000; i++) {
      String damagedAuth = damage(authorization, random, alphabet);
      String damagedQuery = damage(query, random, alphabet);
      SigV4Result<String> a = verifier.verify(SigV4SdkRoundTripTest.withHeader(post, "Authorization", damagedAuth), STS);
      SigV4Result<String> q = verifier.verify(new SignedRequest("GET", "/a", damagedQuery, presigned.headers(), null), STS);
      if (!damagedAuth.equals(authorization)) {
        assertTrue(a instanceof SigV4Result.Refused || sameSignature(damagedAuth, authorization), damagedAuth);
      }
      if (!damagedQuery.equals(query)) {
        assertTrue(q instanceof SigV4Result.Refused || equivalentQuery(damagedQuery, query), damagedQuery);
      }
    }
  }

  /** A damage that only changed the spacing between components still carries the same signature. */
  private static boolean sameSignature(String damaged, String original) {
    return damaged.replace(" ", "").equals(original.replace(" ", ""))
        && damaged.startsWith("AWS4-HMAC-SHA256 ");
  }

  private static boolean equivalentQuery(String damaged, String original) {
    return Canonical.query(Canonical.parseQuery(damaged, 100), null)
        .equals(Canonical.query(Canonical.parseQuery(original, 100), null));
  }

  private static String damage(String s, Random random, String alphabet) {
    StringBuilder b = new StringBuilder(s);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && b.length() > 0; e++) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(3)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        default -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return b.toString();
  }
}
