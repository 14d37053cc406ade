package io.iam4j.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signed, stateless role-session tokens: valid until they expire, worthless once changed or forged. */
class SessionTokensTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  static final Instant EXPIRES = NOW.plusSeconds(3600);
  static final SessionTokens.Session SESSION = new SessionTokens.Session("iam4j", "acme", "Auditor", "AROAEXAMPLE", "alice-cli", "t-1", NOW.minusSeconds(60), EXPIRES);

  final ServerKey key = ServerKey.random();

  static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String unb64(String s) {
    return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
  }

  @Test
  void verify_issuedToken_returnsTheSession() {
    String token = SessionTokens.issue(key, SESSION);
    assertEquals(SESSION, SessionTokens.verify(key, token, NOW));
  }

  @Test
  void verify_justBeforeExpiry_valid() {
    String token = SessionTokens.issue(key, SESSION);
    assertNotNull(SessionTokens.verify(key, token, EXPIRES.minusMillis(1)));
  }

  @Test
  void verify_atOrAfterExpiry_null() {
    String token = SessionTokens.issue(key, SESSION);
    assertNull(SessionTokens.verify(key, token, EXPIRES));
    assertNull(SessionTokens.verify(key, token, EXPIRES.plusSeconds(1)));
    assertNull(SessionTokens.verify(key, token, EXPIRES.plusSeconds(86_400 * 365)));
  }

  @Test
  void verify_tamperedPayload_null() {
    String token = SessionTokens.issue(key, SESSION);
    int dot = token.indexOf('.');
    String payload = unb64(token.substring(0, dot));
    String signature = token.substring(dot + 1);
    for (String forged : new String[] {
        payload.replace("Auditor", "Admin"),
        payload.replace("acme", "globex"),
        payload.replace(Long.toString(EXPIRES.getEpochSecond()), Long.toString(EXPIRES.getEpochSecond() + 86_400))}) {
      assertNull(SessionTokens.verify(key, b64(forged) + "." + signature, NOW), forged);
    }
  }

  @Test
  void verify_tamperedSignature_null() {
    String token = SessionTokens.issue(key, SESSION);
    int dot = token.indexOf('.');
    char[] c = token.toCharArray();
    int i = dot + 3;
    c[i] = c[i] == 'A' ? 'B' : 'A';
    assertNull(SessionTokens.verify(key, new String(c), NOW));
    assertNull(SessionTokens.verify(key, token.substring(0, dot + 1), NOW), "no signature");
    assertNull(SessionTokens.verify(key, token.substring(0, token.length() - 2), NOW), "truncated signature");
  }

  @Test
  void verify_signatureOfAnotherToken_null() {
    String mine = SessionTokens.issue(key, SESSION);
    String admin = SessionTokens.issue(key, new SessionTokens.Session("iam4j", "acme", "Admin", "AROAEXAMPLE", "alice-cli", "t-1", NOW.minusSeconds(60), EXPIRES));
    String spliced = admin.substring(0, admin.indexOf('.')) + mine.substring(mine.indexOf('.'));
    assertNull(SessionTokens.verify(key, spliced, NOW));
  }

  @Test
  void verify_otherKey_null() {
    String token = SessionTokens.issue(key, SESSION);
    assertNull(SessionTokens.verify(ServerKey.random(), token, NOW));
  }

  @Test
  void verify_unsignedForgery_null() {
    String payload = String.join("\n", "v1", "acme", "Admin", "x", Long.toString(EXPIRES.getEpochSecond()));
    assertNull(SessionTokens.verify(key, b64(payload) + "." + b64("sig"), NOW));
    assertNull(SessionTokens.verify(key, b64(payload), NOW));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "no-dot-at-all", "a.b", "!!!.???", "a.b.c", "djE.c2ln"})
  void verify_malformed_nullNotException(String token) {
    assertNull(SessionTokens.verify(key, token, NOW));
  }

  @Test
  void verify_signedButWrongShape_null() {
    // Even correctly signed payloads must have the v2 shape (v1 tokens had no issue time or id: refused).
    long i = NOW.getEpochSecond();
    long e = EXPIRES.getEpochSecond();
    String[] payloads = {"v1\nacme\nAuditor\ns\n" + e, "v3\niam4j\nacme\nAuditor\nAROA\ns\nt\n" + i + "\n" + e,
        "v2\niam4j\nacme\nAuditor\nAROA\ns\nt\n" + e, "v2\niam4j\nacme\nAuditor\nAROA\ns\nt\n" + i + "\nsoon",
        "v2\niam4j\nacme\nAuditor\nAROA\ns\nt\n" + i + "\n" + e + "\nextra"};
    for (String p : payloads) {
      byte[] bytes = p.getBytes(StandardCharsets.UTF_8);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(bytes));
      assertNull(SessionTokens.verify(key, token, NOW), p);
    }
  }

  @Test
  void verify_sessionNameWithNewline_cannotAddFields() {
    String token = SessionTokens.issue(key, new SessionTokens.Session("iam4j", "acme", "Auditor", "AROAEXAMPLE", "x\n" + EXPIRES.getEpochSecond(), "t-1", NOW, EXPIRES));
    assertNull(SessionTokens.verify(key, token, NOW));
  }

  @Test
  void callerName_isAssumedRoleSessionAtTenant() {
    assertEquals("assumed-role/Auditor/alice-cli@acme", SESSION.callerName());
  }
}
