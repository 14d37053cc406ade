package io.iam4j.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.jwt.TokenRejected.Reason;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The providers' keys over real HTTP (a JDK server on 127.0.0.1): discovery, caching with
 * Cache-Control, one refetch for a rotated key but not one per made-up kid, the last good keys kept
 * while the provider is down, and IDPCommunicationError's case when there are none.
 */
class JwksCacheTest {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  static final TestSigner.Key K1 = TestSigner.rsa("k1", "RS256");
  static final TestSigner.Key K2 = TestSigner.ec("k2", "ES256");

  JwksServer idp;
  JwksCache cache;

  @BeforeEach
  void start() throws Exception {
    idp = new JwksServer();
    idp.jwks = TestSigner.jwks(K1);
    cache = new JwksCache();
  }

  @AfterEach
  void stop() {
    idp.close();
  }

  String token(TestSigner.Key k, Instant at) {
    long t = at.getEpochSecond();
    return k.sign("{\"iss\":\"" + idp.url() + "\",\"sub\":\"alice\",\"aud\":\"app\",\"iat\":" + t + ",\"exp\":" + (t + 600) + "}");
  }

  JwtVerifier.Verified verify(KeySource s, String token, Instant at) throws TokenRejected {
    return JwtVerifier.verify(JwtVerifier.parse(token), s, idp.url(), at);
  }

  @Test
  void discovery_findsTheJwksUri_andKeysAreCachedForTheDefaultTtl() throws Exception {
    KeySource s = cache.source(idp.url(), null);
    assertEquals("k1", verify(s, token(K1, T0), T0).kid());
    assertEquals(1, idp.discoveries.get());
    assertEquals(1, idp.jwksFetches.get());
    verify(s, token(K1, T0.plusSeconds(600)), T0.plusSeconds(600));
    assertEquals(1, idp.jwksFetches.get(), "cached");
    s.keys(T0.plus(JwksCache.DEFAULT_TTL).plusSeconds(1));
    assertEquals(2, idp.jwksFetches.get(), "refetched after the TTL");
  }

  @Test
  void cacheControlMaxAge_honouredWithinBounds() throws Exception {
    idp.cacheControl = "public, max-age=600";
    KeySource s = cache.source(idp.url(), idp.jwksUri());
    s.keys(T0);
    s.keys(T0.plusSeconds(599));
    assertEquals(1, idp.jwksFetches.get());
    s.keys(T0.plusSeconds(601));
    assertEquals(2, idp.jwksFetches.get());
    assertEquals(0, idp.discoveries.get(), "a configured jwksUri needs no discovery");

    idp.cacheControl = "no-store"; // bounded below: never a fetch per request
    KeySource s2 = cache.source(idp.url() + "/other", idp.jwksUri());
    s2.keys(T0);
    s2.keys(T0.plus(JwksCache.MIN_TTL).minusSeconds(1));
    assertEquals(3, idp.jwksFetches.get());
    s2.keys(T0.plus(JwksCache.MIN_TTL));
    assertEquals(4, idp.jwksFetches.get());
  }

  @Test
  void rotation_newKidFetchesOnce_madeUpKidsDoNotFetchEachTime() throws Exception {
    KeySource s = cache.source(idp.url(), idp.jwksUri());
    verify(s, token(K1, T0), T0);
    assertEquals(1, idp.jwksFetches.get());
    idp.jwks = TestSigner.jwks(K1, K2); // the provider rotates K2 in

    Instant later = T0.plus(JwksCache.MIN_FETCH_INTERVAL).plusSeconds(1);
    assertEquals("k2", verify(s, token(K2, later), later).kid());
    assertEquals(2, idp.jwksFetches.get(), "one refetch for the new kid");

    for (int i = 0; i < 50; i++) {
      TestSigner.Key madeUp = new TestSigner.Key("nope-" + i, "RS256", K1.pair());
      Instant at = later.plusSeconds(i % 20);
      TokenRejected e = assertThrows(TokenRejected.class, () -> verify(s, token(madeUp, at), at));
      assertEquals(Reason.INVALID, e.reason());
    }
    assertEquals(2, idp.jwksFetches.get(), "no fetch within the interval, however many unknown kids");
    Instant after = later.plus(JwksCache.MIN_FETCH_INTERVAL);
    TestSigner.Key madeUp = new TestSigner.Key("nope-x", "RS256", K1.pair());
    assertThrows(TokenRejected.class, () -> verify(s, token(madeUp, after), after));
    assertEquals(3, idp.jwksFetches.get(), "at most one fetch per interval");
  }

  @Test
  void rotatedKeyWithinTheInterval_waitsForTheNextFetch() throws Exception {
    KeySource s = cache.source(idp.url(), idp.jwksUri());
    s.keys(T0);
    idp.jwks = TestSigner.jwks(K1, K2);
    Instant soon = T0.plusSeconds(5);
    assertEquals(Reason.INVALID, assertThrows(TokenRejected.class, () -> verify(s, token(K2, soon), soon)).reason());
    Instant later = T0.plus(JwksCache.MIN_FETCH_INTERVAL);
    assertEquals("k2", verify(s, token(K2, later), later).kid());
  }

  @Test
  void providerDown_lastGoodKeysKept() throws Exception {
    KeySource s = cache.source(idp.url(), idp.jwksUri());
    s.keys(T0);
    idp.status = 503;
    Instant expired = T0.plus(JwksCache.DEFAULT_TTL).plusSeconds(10);
    assertEquals("k1", verify(s, token(K1, expired), expired).kid(), "stale keys still verify");
    assertEquals(2, idp.jwksFetches.get(), "a fetch was tried");
    verify(s, token(K1, expired.plusSeconds(1)), expired.plusSeconds(1));
    assertEquals(2, idp.jwksFetches.get(), "and is not retried on every request");
    idp.status = 200;
    idp.jwks = TestSigner.jwks(K2);
    Instant retry = expired.plus(JwksCache.MIN_FETCH_INTERVAL);
    assertEquals("k2", verify(s, token(K2, retry), retry).kid(), "back up: the new keys");
  }

  @Test
  void providerDown_noKeysEver_idpCommunicationError_retriedAtTheInterval() {
    idp.status = 503;
    KeySource s = cache.source(idp.url(), idp.jwksUri());
    TokenRejected e = assertThrows(TokenRejected.class, () -> verify(s, token(K1, T0), T0));
    assertEquals(Reason.IDP_UNREACHABLE, e.reason());
    assertTrue(e.getMessage().contains("503"), e.getMessage());
    assertThrows(TokenRejected.class, () -> s.keys(T0.plusSeconds(10)));
    assertEquals(1, idp.jwksFetches.get());
    assertThrows(TokenRejected.class, () -> s.keys(T0.plus(JwksCache.MIN_FETCH_INTERVAL)));
    assertEquals(2, idp.jwksFetches.get());
  }

  @Test
  void unreachableHost_idpCommunicationError() throws Exception {
    String url = idp.url();
    idp.close();
    KeySource s = cache.source(url, URI.create(url + "/jwks"));
    assertEquals(Reason.IDP_UNREACHABLE, assertThrows(TokenRejected.class, () -> s.keys(T0)).reason());
    idp = new JwksServer(); // for stop()
  }

  @Test
  void oversizeSet_redirect_emptySet_orDiscoveryOfAnotherIssuer_areFailures() {
    idp.jwks = "{\"keys\":[" + K1.jwk() + "],\"pad\":\"" + "x".repeat(JwksCache.MAX_BYTES) + "\"}";
    assertEquals(Reason.IDP_UNREACHABLE, assertThrows(TokenRejected.class, () -> cache.source("a", idp.jwksUri()).keys(T0)).reason());
    idp.jwks = TestSigner.jwks(K1);
    TokenRejected moved = assertThrows(TokenRejected.class, () -> cache.source("b", URI.create(idp.url() + "/moved")).keys(T0));
    assertTrue(moved.getMessage().contains("302"), "redirects are not followed: " + moved.getMessage());
    idp.jwks = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}";
    assertThrows(TokenRejected.class, () -> cache.source("c", idp.jwksUri()).keys(T0));
    idp.jwks = TestSigner.jwks(K1);
    idp.discoveryIssuer = "https://evil.example";
    TokenRejected other = assertThrows(TokenRejected.class, () -> cache.source(idp.url(), null).keys(T0));
    assertTrue(other.getMessage().contains("another issuer"), other.getMessage());
  }

  @Test
  void onlyHttpsOrLoopbackHttp() {
    assertTrue(JwksCache.unusableUrl(URI.create("https://idp.example/jwks")).isEmpty());
    assertTrue(JwksCache.unusableUrl(URI.create("http://127.0.0.1:8080/jwks")).isEmpty());
    assertTrue(JwksCache.unusableUrl(URI.create("http://localhost/jwks")).isEmpty());
    assertTrue(JwksCache.unusableUrl(URI.create("http://idp.example/jwks")).isPresent());
    assertTrue(JwksCache.unusableUrl(URI.create("https://user@idp.example/jwks")).isPresent());
    assertTrue(JwksCache.unusableUrl(URI.create("file:///etc/passwd")).isPresent());
    // A configured http:// JWK set URI is never fetched, whatever reached the cache.
    assertEquals(Reason.IDP_UNREACHABLE,
        assertThrows(TokenRejected.class, () -> cache.source("d", URI.create("http://idp.example/jwks")).keys(T0)).reason());
  }

  @Test
  void ttlBounds_areOrdered() {
    assertTrue(JwksCache.MIN_FETCH_INTERVAL.compareTo(JwksCache.MIN_TTL) < 0);
    assertTrue(JwksCache.MIN_TTL.compareTo(JwksCache.DEFAULT_TTL) <= 0 && JwksCache.DEFAULT_TTL.compareTo(JwksCache.MAX_TTL) <= 0);
    assertEquals(Duration.ofSeconds(30), JwksCache.MIN_FETCH_INTERVAL);
  }
}
