package io.iam4j.sigv4;

import static io.iam4j.sigv4.Fixtures.refused;
import static io.iam4j.sigv4.Fixtures.verified;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests signed by the real AWS SDK for Java v2 signer, verified; then each signed part changed. */
class SigV4SdkRoundTripTest {
  static final byte[] BODY = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8);
  static final Set<String> STS = Set.of("sts");

  /** The lookup: one key, its secret changeable, the token it was asked with recorded. */
  final AtomicReference<String> secret = new AtomicReference<>(SdkSigner.SECRET);
  final AtomicReference<String> seenToken = new AtomicReference<>();
  final SecretLookup<String> lookup = (id, token, signedAt) -> {
    seenToken.set(token);
    return id.equals(SdkSigner.AKID)
        ? new Lookup.Found<>(secret.get(), "alice")
        : new Lookup.Refused<>(SigV4Error.InvalidClientTokenId, "The security token included in the request is invalid.");
  };

  SigV4Verifier<String> verifier(Instant now) {
    return new SigV4Verifier<>(lookup, Set.of("us-east-1", "aws-global"), Clock.fixed(now, ZoneOffset.UTC),
        Duration.ofMinutes(5));
  }

  SigV4Verifier<String> verifier() {
    return verifier(SdkSigner.AT.plusSeconds(1));
  }

  static SignedRequest post(SdkSigner s) {
    s.header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    return s.sign("POST", "http://127.0.0.1:18181/", BODY);
  }

  static SignedRequest withHeader(SignedRequest r, String name, String value) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    r.headers().forEach((k, v) -> {
      if (!k.equalsIgnoreCase(name)) {
        h.put(k, v);
      }
    });
    if (value != null) {
      h.put(name, List.of(value));
    }
    return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), h, r.body());
  }

  @Test
  void headerFormGetAndPost() {
    SignedRequest get = new SdkSigner().sign("GET", "http://127.0.0.1:18181/api/tenants/acme", new byte[0]);
    assertTrue(SigV4Verifier.isSigned(get.header("authorization").get(0), get.rawQuery()));
    SigV4Result.Verified<String> v = verified(verifier().verify(get, STS));
    assertEquals("alice", v.subject());
    assertEquals(SdkSigner.AKID, v.accessKeyId());
    assertEquals(new CredentialScope("20261207", "us-east-1", "sts"), v.scope());
    assertEquals(SdkSigner.AT, v.signedAt());
    assertEquals(Canonical.EMPTY_SHA256, v.payloadHash());
    assertNull(seenToken.get());

    SigV4Result.Verified<String> p = verified(verifier().verify(post(new SdkSigner()), STS));
    assertEquals(SigV4Verifier.sha256Hex(BODY), p.payloadHash());
    assertTrue(p.payloadHash().startsWith("ab821ae9")); // AWS-WIRE §2.1
  }

  @Test
  void bodyNotReadYetLeavesTheCheckToTheCaller() {
    SignedRequest r = post(new SdkSigner());
    SignedRequest unread = new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), r.headers(), null);
    SigV4Result.Verified<String> v = verified(verifier().verify(unread, STS));
    assertEquals(SigV4Verifier.sha256Hex(BODY), v.payloadHash());
    // Without x-amz-content-sha256 and without the body, nothing can be verified.
    SignedRequest neither = withHeader(unread, "x-amz-content-sha256", null);
    assertEquals(SigV4Error.InternalFailure, refused(verifier().verify(neither, STS)).error());
  }

  @Test
  void sessionTokenIsSignedAndHandedToTheLookup() {
    SdkSigner s = new SdkSigner();
    s.token = "FQoExampleSessionToken+/=abc";
    SignedRequest r = post(s);
    assertTrue(r.header("authorization").get(0).contains("x-amz-security-token"));
    verified(verifier().verify(r, STS));
    assertEquals(s.token, seenToken.get());
    assertEquals(SigV4Error.SignatureDoesNotMatch,
        refused(verifier().verify(withHeader(r, "X-Amz-Security-Token", "FQoOtherToken"), STS)).error());
  }

  @Test
  void presignedGetAndItsExpiry() {
    SdkSigner s = new SdkSigner();
    s.presign = true;
    SignedRequest r = s.sign("GET", "http://127.0.0.1:18181/api/report?versionId=v1", null);
    assertTrue(r.rawQuery().contains("X-Amz-Signature="));
    assertTrue(SigV4Verifier.isSigned(null, r.rawQuery()));
    SigV4Result.Verified<String> v = verified(verifier().verify(r, STS));
    assertTrue(v.presigned());
    assertEquals(Canonical.EMPTY_SHA256, v.payloadHash());
    // X-Amz-Expires=300: valid through X-Amz-Date + 300 s, refused a second later.
    verified(verifier(SdkSigner.AT.plusSeconds(300)).verify(r, STS));
    SigV4Result.Refused<String> late = refused(verifier(SdkSigner.AT.plusSeconds(301)).verify(r, STS));
    assertEquals(SigV4Error.AccessDenied, late.error());
    assertEquals("Request has expired", late.message());
    // Not valid before X-Amz-Date minus the skew.
    verified(verifier(SdkSigner.AT.minusSeconds(300)).verify(r, STS));
    assertEquals(SigV4Error.RequestExpired, refused(verifier(SdkSigner.AT.minusSeconds(301)).verify(r, STS)).error());
    // A body the signature does not cover.
    SignedRequest withBody = new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), r.headers(), BODY);
    assertEquals(SigV4Error.XAmzContentSHA256Mismatch, refused(verifier().verify(withBody, STS)).error());
    // The expiry is signed.
    SignedRequest longer = new SignedRequest(r.method(), r.rawPath(),
        r.rawQuery().replace("X-Amz-Expires=300", "X-Amz-Expires=3000"), r.headers(), null);
    assertEquals(SigV4Error.SignatureDoesNotMatch, refused(verifier().verify(longer, STS)).error());
  }

  @Test
  void presignedWithSessionToken() {
    SdkSigner s = new SdkSigner();
    s.presign = true;
    s.token = "FQoExampleSessionToken+/=abc";
    SignedRequest r = s.sign("GET", "http://127.0.0.1:18181/", null);
    assertTrue(r.rawQuery().contains("X-Amz-Security-Token="));
    verified(verifier().verify(r, STS));
    assertEquals(s.token, seenToken.get());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/my%20plan%20%C3%BC.txt",
      "/a%2Fb/c",
      "/objects/%E2%82%AC%20and%20%F0%9F%98%80",
      "/x/~tilde/*star",
      "/sts"})
  void pathsSignedDoubleOrSingleEncoded(String path) {
    for (Boolean doubleEncode : new Boolean[] {null, Boolean.FALSE}) {
      SdkSigner s = new SdkSigner();
      s.doubleEncode = doubleEncode;
      SignedRequest r = s.sign("GET", "http://127.0.0.1:18181" + path, new byte[0]);
      assertEquals(path, r.rawPath());
      verified(verifier().verify(r, STS));
      // %2F is not a separator: the decoded path is another request.
      if (path.contains("%2F")) {
        SignedRequest slash = new SignedRequest(r.method(), path.replace("%2F", "/"), r.rawQuery(), r.headers(),
            r.body());
        assertEquals(SigV4Error.SignatureDoesNotMatch, refused(verifier().verify(slash, STS)).error());
      }
    }
  }

  @Test
  void queriesWithRepeatsStarsAndTildes() {
    SignedRequest r = new SdkSigner().sign("GET",
        "http://127.0.0.1:18181/list?b=2&a=1&a=0&star=a*b&tilde=a~b&space=a%20b&empty=&plus=a%2Bb", new byte[0]);
    verified(verifier().verify(r, STS));
    // The other client's spelling of the same values (botocore: *→%2A, ~ raw) verifies alike.
    String botocore = r.rawQuery().replace("*", "%2A").replace("%7E", "~");
    verified(verifier().verify(new SignedRequest("GET", r.rawPath(), botocore, r.headers(), r.body()), STS));
    // A literal plus sent raw means a space to the application: it is not the signed "a+b".
    String rawPlus = r.rawQuery().replace("a%2Bb", "a+b");
    assertNotEquals(rawPlus, r.rawQuery());
    assertEquals(SigV4Error.SignatureDoesNotMatch,
        refused(verifier().verify(new SignedRequest("GET", r.rawPath(), rawPlus, r.headers(), r.body()), STS)).error());
  }

  /** Each signed part changed: the exact refusal. */
  @Test
  void everySignedPartIsCovered() {
    SignedRequest r = new SdkSigner().header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .sign("POST", "http://127.0.0.1:18181/sts?x=1", BODY);
    verified(verifier().verify(r, STS));
    Map<String, UnaryOperator<SignedRequest>> changes = new LinkedHashMap<>();
    changes.put("method", q -> new SignedRequest("PUT", q.rawPath(), q.rawQuery(), q.headers(), q.body()));
    changes.put("path", q -> new SignedRequest(q.method(), "/iam", q.rawQuery(), q.headers(), q.body()));
    changes.put("query", q -> new SignedRequest(q.method(), q.rawPath(), "x=2", q.headers(), q.body()));
    changes.put("query added", q -> new SignedRequest(q.method(), q.rawPath(), "x=1&y=", q.headers(), q.body()));
    changes.put("signed header", q -> withHeader(q, "Content-Type", "application/json"));
    changes.put("host", q -> withHeader(q, "Host", "127.0.0.1:18182"));
    changes.put("date", q -> withHeader(q, "X-Amz-Date", "20261207T031137Z"));
    changes.put("content hash and body", q -> new SignedRequest(q.method(), q.rawPath(), q.rawQuery(),
        withHeader(q, "x-amz-content-sha256", SigV4Verifier.sha256Hex("Action=X".getBytes())).headers(),
        "Action=X".getBytes()));
    for (var e : changes.entrySet()) {
      SigV4Result<String> result = verifier().verify(e.getValue().apply(r), STS);
      assertEquals(SigV4Error.SignatureDoesNotMatch,
          result instanceof SigV4Result.Refused<String> no ? no.error() : null, e.getKey() + ": " + result);
    }
    // The body alone changed: its hash is not the signed one.
    SignedRequest body = new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), r.headers(),
        "Action=GetCallerIdentity&Version=2011-06-16".getBytes(StandardCharsets.UTF_8));
    assertEquals(SigV4Error.XAmzContentSHA256Mismatch, refused(verifier().verify(body, STS)).error());
    // A signed header removed (a proxy stripping Content-Length).
    assertTrue(r.header("authorization").get(0).contains("content-length;"));
    SigV4Result.Refused<String> stripped = refused(verifier().verify(withHeader(r, "Content-Length", null), STS));
    assertEquals(SigV4Error.SignatureDoesNotMatch, stripped.error());
    assertEquals("The signed header 'content-length' is not in the request.", stripped.message());
    // An unsigned header added changes nothing.
    verified(verifier().verify(withHeader(r, "User-Agent", "curl/8"), STS));
  }

  @Test
  void scopeKeyAndSecret() {
    // Region not accepted: AWS's code and message.
    SdkSigner eu = new SdkSigner();
    eu.region = "eu-west-1";
    SigV4Result.Refused<String> region = refused(verifier().verify(post(eu), STS));
    assertEquals(SigV4Error.SignatureDoesNotMatch, region.error());
    assertEquals("Credential should be scoped to a valid region, not 'eu-west-1'.", region.message());
    // Any region when the set is empty; aws-global (SDK Region.AWS_GLOBAL) when listed.
    new SigV4Verifier<>(lookup, Set.of(), Clock.fixed(SdkSigner.AT, ZoneOffset.UTC), Duration.ofMinutes(5));
    verified(new SigV4Verifier<>(lookup, Set.of(), Clock.fixed(SdkSigner.AT, ZoneOffset.UTC), Duration.ofMinutes(5))
        .verify(post(eu), STS));
    SdkSigner global = new SdkSigner();
    global.region = "aws-global";
    global.service = "iam";
    verified(verifier().verify(post(global), Set.of("iam")));
    // Service not accepted.
    SigV4Result.Refused<String> service = refused(verifier().verify(post(global), STS));
    assertEquals(SigV4Error.SignatureDoesNotMatch, service.error());
    assertEquals("Credential should be scoped to correct service: 'sts'.", service.message());
    // Unknown key id: the lookup's answer as is.
    SdkSigner other = new SdkSigner();
    other.accessKeyId = "AKIAUNKNOWNUNKNOWN01";
    SigV4Result.Refused<String> unknown = refused(verifier().verify(post(other), STS));
    assertEquals(SigV4Error.InvalidClientTokenId, unknown.error());
    assertEquals(403, unknown.error().httpStatus());
    // Signed with another secret.
    SdkSigner wrong = new SdkSigner();
    wrong.secret = SdkSigner.SECRET.replace('w', 'x');
    SigV4Result.Refused<String> mismatch = refused(verifier().verify(post(wrong), STS));
    assertEquals(SigV4Error.SignatureDoesNotMatch, mismatch.error());
    assertEquals(SigV4Verifier.MISMATCH, mismatch.message());
  }

  @Test
  void aChangedSecretNeverReusesACachedSigningKey() {
    SigV4Verifier<String> verifier = verifier();
    SignedRequest old = post(new SdkSigner());
    verified(verifier.verify(old, STS)); // derives and caches the key of the old secret
    secret.set("NewSecretNewSecretNewSecretNewSecret0000");
    assertEquals(SigV4Error.SignatureDoesNotMatch, refused(verifier.verify(old, STS)).error());
    SdkSigner rotated = new SdkSigner();
    rotated.secret = "NewSecretNewSecretNewSecretNewSecret0000";
    verified(verifier.verify(post(rotated), STS));
    secret.set(SdkSigner.SECRET);
    verified(verifier.verify(old, STS));
  }

  @Test
  void clockSkewBoundaries() {
    SignedRequest r = post(new SdkSigner());
    verified(verifier(SdkSigner.AT.plus(Duration.ofMinutes(5))).verify(r, STS));
    verified(verifier(SdkSigner.AT.minus(Duration.ofMinutes(5))).verify(r, STS));
    SigV4Result.Refused<String> late = refused(verifier(SdkSigner.AT.plusSeconds(301)).verify(r, STS));
    assertEquals(SigV4Error.RequestExpired, late.error());
    assertEquals(400, late.error().httpStatus());
    assertEquals("Signature expired: 20261207T031136Z is now earlier than 20261207T031137Z"
        + " (20261207T031637Z - 5 min.).", late.message());
    SigV4Result.Refused<String> early = refused(verifier(SdkSigner.AT.minusSeconds(301)).verify(r, STS));
    assertEquals(SigV4Error.RequestExpired, early.error());
    assertTrue(early.message().startsWith("Signature not yet current: 20261207T031136Z is still later than"));
  }

  @Test
  void lookupRefusalsAndFailures() {
    SignedRequest r = post(new SdkSigner());
    SecretLookup<String> expired = (id, token, at) ->
        new Lookup.Refused<>(SigV4Error.ExpiredToken, "The security token included in the request is expired");
    SigV4Result.Refused<String> e = refused(new SigV4Verifier<>(expired, Set.of(), Clock.fixed(SdkSigner.AT,
        ZoneOffset.UTC), Duration.ofMinutes(5)).verify(r, STS));
    assertEquals(SigV4Error.ExpiredToken, e.error());
    assertEquals("The security token included in the request is expired", e.message());
    SecretLookup<String> throwing = (id, token, at) -> {
      throw new IllegalStateException("directory unavailable");
    };
    assertEquals(SigV4Error.InternalFailure, refused(new SigV4Verifier<>(throwing, Set.of(),
        Clock.fixed(SdkSigner.AT, ZoneOffset.UTC), Duration.ofMinutes(5)).verify(r, STS)).error());
    SecretLookup<String> nothing = (id, token, at) -> null;
    assertEquals(SigV4Error.InternalFailure, refused(new SigV4Verifier<>(nothing, Set.of(),
        Clock.fixed(SdkSigner.AT, ZoneOffset.UTC), Duration.ofMinutes(5)).verify(r, STS)).error());
  }

  @Test
  void headerNamesMatchWithoutRegardToCaseAndRepeatsJoin() {
    SignedRequest r = new SdkSigner().header("X-Custom", "a").sign("GET", "http://127.0.0.1:18181/", new byte[0]);
    Map<String, List<String>> lower = new LinkedHashMap<>();
    r.headers().forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
    verified(verifier().verify(new SignedRequest("GET", "/", null, lower, new byte[0]), STS));
    Map<String, List<String>> upper = new LinkedHashMap<>();
    r.headers().forEach((k, v) -> upper.put(k.toUpperCase(java.util.Locale.ROOT), v));
    verified(verifier().verify(new SignedRequest("GET", "/", null, upper, new byte[0]), STS));
    // A signed header sent twice is not the header signed once.
    Map<String, List<String>> twice = new LinkedHashMap<>(r.headers());
    List<String> values = new ArrayList<>(r.header("x-custom"));
    values.add("b");
    twice.put("X-Custom", values);
    assertTrue(r.header("authorization").get(0).contains("x-custom"));
    assertEquals(SigV4Error.SignatureDoesNotMatch,
        refused(verifier().verify(new SignedRequest("GET", "/", null, twice, new byte[0]), STS)).error());
  }
}
