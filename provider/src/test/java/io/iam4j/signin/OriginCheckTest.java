package io.iam4j.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Unsafe requests authenticated by a session cookie come from the site itself. */
class OriginCheckTest {
  static final String OWN = "https://docs.example.com";

  @Test
  void allowed_ownOrigin_defaultPortAndCaseIgnored() {
    assertTrue(OriginCheck.allowed("https://docs.example.com", null, OWN, List.of()));
    assertTrue(OriginCheck.allowed("HTTPS://Docs.Example.com:443", null, OWN, List.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://evil.example", "http://docs.example.com", "https://docs.example.com:8443",
      "https://docs.example.com.evil.example", "null", "", "not a url", "https://docs.example.com/path"})
  void allowed_otherOrOpaqueOrigin_refused(String origin) {
    assertFalse(OriginCheck.allowed(origin, OWN + "/page", OWN, List.of()), origin);
  }

  @Test
  void allowed_noOrigin_refererDecides() {
    assertTrue(OriginCheck.allowed(null, "https://docs.example.com/login.html?x=1", OWN, List.of()));
    assertFalse(OriginCheck.allowed(null, "https://evil.example/docs.example.com", OWN, List.of()));
  }

  @Test
  void allowed_neitherOriginNorReferer_refused() {
    assertFalse(OriginCheck.allowed(null, null, OWN, List.of()));
  }

  @Test
  void allowed_trustedOrigin() {
    assertTrue(OriginCheck.allowed("https://portal.example.com", null, "http://10.0.0.5:8080", List.of("https://portal.example.com:443")));
  }

  @ParameterizedTest
  @CsvSource({"GET,false", "HEAD,false", "OPTIONS,false", "TRACE,false", "POST,true", "PUT,true", "DELETE,true", "PATCH,true",
      "PROPFIND,true"})
  void unsafe_anythingButTheSafeMethods(String method, boolean unsafe) {
    assertEquals(unsafe, OriginCheck.unsafe(method));
  }

  @Test
  void origin_defaultPortsOmitted_ipv6Bracketed() {
    assertEquals("http://127.0.0.1:8080", OriginCheck.origin("http", "127.0.0.1", 8080));
    assertEquals("https://a.example", OriginCheck.origin("https", "A.example", 443));
    assertEquals("http://[::1]:8080", OriginCheck.origin("http", "::1", 8080));
  }
}
