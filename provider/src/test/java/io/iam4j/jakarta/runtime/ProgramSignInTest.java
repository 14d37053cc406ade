package io.iam4j.jakarta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** Which requests are iam4j's beside an application's mechanism, and the setting that allows it. */
class ProgramSignInTest {
  static HttpServletRequest withAuthorization(String value) {
    return request(value, null);
  }

  static HttpServletRequest request(String authorization, String query) {
    return (HttpServletRequest) Proxy.newProxyInstance(ProgramSignInTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
        (p, m, a) -> switch (m.getName()) {
          case "getHeader" -> "Authorization".equalsIgnoreCase((String) a[0]) ? authorization : null;
          case "getQueryString" -> query;
          default -> throw new UnsupportedOperationException(m.getName());
        });
  }

  @Test
  void awsSignedRequests_areProgramCredentials() {
    assertTrue(ProgramSignIn.isProgramCredential(withAuthorization(
        "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEEXAMPLE01/20261207/us-east-1/docs/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc")));
    // A presigned URL has no Authorization header: its X-Amz-Algorithm says it is signed.
    assertTrue(ProgramSignIn.isProgramCredential(request(null, "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20261207")));
    assertFalse(ProgramSignIn.isProgramCredential(request(null, "q=AWS4-HMAC-SHA256")));
  }

  @Test
  void iam4jRoleSessionToken_isAProgramCredential() {
    assertTrue(ProgramSignIn.isProgramCredential(withAuthorization("Bearer v2.k1.eyJwYXlsb2FkIjoxfQ.bWFj")));
    // The scheme is case-insensitive (RFC 9110), as iam4j's own mechanism reads it.
    assertTrue(ProgramSignIn.isProgramCredential(withAuthorization("bearer   v2.k1.p.m")));
  }

  @Test
  void theApplicationsCredentials_areNot() {
    // A JWT (MicroProfile JWT, an OAuth access token): the application's bearer tokens stay its own.
    assertFalse(ProgramSignIn.isProgramCredential(withAuthorization("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")));
    // BASIC is the application's where it signs callers in: passwords go to its identity stores.
    assertFalse(ProgramSignIn.isProgramCredential(withAuthorization("Basic YWxpY2VAYWNtZTpzZWNyZXQ=")));
    assertFalse(ProgramSignIn.isProgramCredential(withAuthorization("Bearer")));
    assertFalse(ProgramSignIn.isProgramCredential(withAuthorization("Negotiate v2.abc")));
    assertFalse(ProgramSignIn.isProgramCredential(withAuthorization(null)));
  }

  @Test
  void setting_autoOrOff_elseAnErrorNamingIt() {
    assertEquals(ProgramsMode.AUTO, ProgramsMode.of(null));
    assertEquals(ProgramsMode.AUTO, ProgramsMode.of(" auto "));
    assertEquals(ProgramsMode.OFF, ProgramsMode.of("off"));
    IamException e = assertThrows(IamException.class, () -> ProgramsMode.of("on"));
    assertEquals("iam4j.sign-in.programs is \"auto\" (the default) or \"off\"; found \"on\"", e.getMessage());
  }
}
