package io.iam4j.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Role-session tokens: every field survives, a token is worthless once changed, forged, expired,
 * not yet valid or oversized, and rotation keeps tokens of the previous key valid.
 */
class SessionTokensTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:00.123Z");
  static final Instant EXPIRES = NOW.plusSeconds(3600);
  static final String TOKEN_ID = "AAAAAAAAAAAAAAAAAAAAAA";
  static final SessionTokens.Session SESSION =
      new SessionTokens.Session("iam4j", "acme", "Auditor", "AROAEXAMPLE1", "alice-cli", TOKEN_ID, NOW, EXPIRES);

  final ServerKey key = ServerKey.random();

  static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String unb64(String s) {
    return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
  }

  /** A token over {@code payload}, MAC'd correctly with {@code key}: what only a key holder could make. */
  static String signed(ServerKey key, String payload) {
    String head = "v2." + key.currentKeyId() + "." + b64(payload);
    return head + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        key.mac(key.currentKeyId(), "role-session token", head.getBytes(StandardCharsets.US_ASCII)).orElseThrow());
  }

  static JsonObject payload(String token) {
    return Json.createReader(new StringReader(unb64(token.split("\\.")[2]))).readObject();
  }

  @Test
  void verify_issuedToken_returnsEveryField() {
    String token = SessionTokens.issue(key, SESSION);
    assertEquals(SESSION, SessionTokens.verify(key, token, NOW));
    assertTrue(token.startsWith("v2." + key.currentKeyId() + "."), token);
    JsonObject p = payload(token);
    assertEquals(Set.of("iss", "tenant", "role", "roleId", "session", "jti", "issuedAt", "expires"), p.keySet());
    assertEquals(NOW.toEpochMilli(), p.getJsonNumber("issuedAt").longValue(), "milliseconds: a revocation at T is exact");
  }

  @Test
  void verify_anyCharactersInFields_cannotAddOrShiftFields() {
    SessionTokens.Session odd = new SessionTokens.Session("https://sts.example/\"x\"", "acme", "Auditor", "AROA1",
        "x\n" + EXPIRES.getEpochSecond() + "\",\"role\":\"Admin", TOKEN_ID, NOW, EXPIRES);
    assertEquals(odd, SessionTokens.verify(key, SessionTokens.issue(key, odd), NOW));
  }

  @Test
  void newTokenId_128RandomBitsUrlSafe() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = SessionTokens.newTokenId();
      assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
      assertEquals(16, Base64.getUrlDecoder().decode(id).length);
      ids.add(id);
    }
    assertEquals(1000, ids.size());
  }

  @Test
  void verify_lifetimeBounds_issuedAtToExpiry() {
    String token = SessionTokens.issue(key, SESSION);
    assertNotNull(SessionTokens.verify(key, token, EXPIRES.minusMillis(1)));
    assertNull(SessionTokens.verify(key, token, EXPIRES), "expired at its expiry");
    assertNull(SessionTokens.verify(key, token, EXPIRES.plusSeconds(86_400 * 365)));
    assertNotNull(SessionTokens.verify(key, token, NOW.minus(SessionTokens.CLOCK_SKEW)), "another node's clock a little behind");
    assertNull(SessionTokens.verify(key, token, NOW.minus(SessionTokens.CLOCK_SKEW).minusMillis(1)), "not yet valid");
    assertNull(SessionTokens.verify(key, token, NOW.minusSeconds(3600)), "not yet valid");
  }

  @Test
  void verify_expiryNotAfterIssue_null() {
    String token = SessionTokens.issue(key, new SessionTokens.Session("iam4j", "acme", "Auditor", "AROA1", "s", TOKEN_ID, NOW, NOW));
    assertNull(SessionTokens.verify(key, token, NOW));
  }

  @Test
  void verify_tamperedPayload_null() {
    String token = SessionTokens.issue(key, SESSION);
    String[] f = token.split("\\.");
    String payload = unb64(f[2]);
    for (String forged : new String[] {
        payload.replace("Auditor", "Admin"),
        payload.replace("acme", "globex"),
        payload.replace("AROAEXAMPLE1", "AROAEXAMPLE2"),
        payload.replace(Long.toString(EXPIRES.toEpochMilli()), Long.toString(EXPIRES.toEpochMilli() + 86_400_000))}) {
      assertNotEquals(payload, forged);
      assertNull(SessionTokens.verify(key, f[0] + "." + f[1] + "." + b64(forged) + "." + f[3], NOW), forged);
    }
  }

  @Test
  void verify_anyCharacterChanged_null() {
    String token = SessionTokens.issue(key, SESSION);
    for (int i = 0; i < token.length(); i++) {
      String t = ServerKeyTest.flip(token, i);
      assertNull(SessionTokens.verify(key, t, NOW), "char " + i);
    }
    assertNull(SessionTokens.verify(key, token.substring(0, token.lastIndexOf('.') + 1), NOW), "no MAC");
    assertNull(SessionTokens.verify(key, token.substring(0, token.length() - 2), NOW), "truncated MAC");
  }

  @Test
  void verify_macOfAnotherToken_null() {
    String mine = SessionTokens.issue(key, SESSION);
    String admin = SessionTokens.issue(key, new SessionTokens.Session("iam4j", "acme", "Admin", "AROA2", "alice-cli", TOKEN_ID, NOW, EXPIRES));
    String spliced = admin.substring(0, admin.lastIndexOf('.')) + mine.substring(mine.lastIndexOf('.'));
    assertNull(SessionTokens.verify(key, spliced, NOW));
  }

  @Test
  void verify_otherServersKey_null() {
    assertNull(SessionTokens.verify(ServerKey.random(), SessionTokens.issue(key, SESSION), NOW));
  }

  @Test
  void verify_keyIdOfAnotherKeyInTheSameFile_null(@TempDir Path dir) {
    // The MAC covers the key id: a token cannot be moved to another key of the file.
    Path file = dir.resolve("server.key");
    ServerKey before = ServerKey.fromFile(file);
    String token = SessionTokens.issue(before, SESSION);
    ServerKey.rotate(file, Clock.fixed(NOW, ZoneOffset.UTC));
    ServerKey after = ServerKey.fromFile(file);
    assertEquals(SESSION, SessionTokens.verify(after, token, NOW), "tokens of the previous key stay valid until they expire");
    String moved = token.replace("v2." + before.currentKeyId() + ".", "v2." + after.currentKeyId() + ".");
    assertNull(SessionTokens.verify(after, moved, NOW));
    assertTrue(SessionTokens.issue(after, SESSION).startsWith("v2." + after.currentKeyId() + "."));
  }

  @Test
  void verify_unsignedForgery_null() {
    String payload = Json.createObjectBuilder().add("iss", "iam4j").add("tenant", "acme").add("role", "Admin").add("roleId", "AROA1")
        .add("session", "x").add("jti", TOKEN_ID).add("issuedAt", NOW.toEpochMilli()).add("expires", EXPIRES.toEpochMilli()).build().toString();
    assertNull(SessionTokens.verify(key, "v2." + key.currentKeyId() + "." + b64(payload) + "." + b64("sig"), NOW));
    assertNull(SessionTokens.verify(key, "v2." + key.currentKeyId() + "." + b64(payload) + ".", NOW));
    assertNull(SessionTokens.verify(key, "v2." + key.currentKeyId() + "." + b64(payload), NOW));
  }

  @Test
  void verify_tokenOfTheFormatBeforeKeyIds_null() {
    // v1: tenant, role, session, expiry, HMAC'd with the old derivation. It has no issue time or role id.
    byte[] p = String.join("\n", "v1", "acme", "Auditor", "s", Long.toString(EXPIRES.getEpochSecond())).getBytes(StandardCharsets.UTF_8);
    String v1 = Base64.getUrlEncoder().withoutPadding().encodeToString(p) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(p));
    assertNull(SessionTokens.verify(key, v1, NOW));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "no-dot-at-all", "a.b", "!!!.???", "a.b.c", "djE.c2ln", "v2...", "v2.a.b.c", "v3.a.b.c", "v2.a.b.c.d"})
  void verify_malformed_nullNotException(String token) {
    assertNull(SessionTokens.verify(key, token, NOW));
  }

  @Test
  void verify_null_null() {
    assertNull(SessionTokens.verify(key, null, NOW));
  }

  @Test
  void verify_signedButWrongShape_null() {
    // Even payloads with a valid MAC must have exactly the v2 fields, with their types.
    String good = payload(SessionTokens.issue(key, SESSION)).toString();
    String[] payloads = {
        "not json", "[]", "{}", "\"string\"",
        good.replace("\"jti\":\"" + TOKEN_ID + "\"", "\"jti\":\"short\""),
        good.replace("\"iss\":\"iam4j\",", ""),
        good.replace("\"iss\":\"iam4j\"", "\"iss\":\"iam4j\",\"admin\":true"),
        good.replace("\"issuedAt\":" + NOW.toEpochMilli(), "\"issuedAt\":\"" + NOW + "\""),
        good.replace("\"issuedAt\":" + NOW.toEpochMilli(), "\"issuedAt\":1.5"),
        good.replace("\"expires\":" + EXPIRES.toEpochMilli(), "\"expires\":1e999999"),
        good.replace("\"role\":\"Auditor\"", "\"role\":null"),
        good.replace("\"tenant\":\"acme\"", "\"tenant\":[\"acme\"]")};
    assertNotNull(SessionTokens.verify(key, signed(key, good), NOW), "the helper signs correctly");
    for (String p : payloads) {
      assertNull(SessionTokens.verify(key, signed(key, p), NOW), p);
    }
  }

  @Test
  void verify_overTheLengthBound_nullBeforeAnyWork() {
    String token = SessionTokens.issue(key, SESSION);
    String padded = token + "A".repeat(SessionTokens.MAX_TOKEN_CHARS - token.length() + 1);
    assertEquals(SessionTokens.MAX_TOKEN_CHARS + 1, padded.length());
    assertNull(SessionTokens.verify(key, padded, NOW));
    assertNull(SessionTokens.verify(key, "v2." + "A".repeat(10_000_000), NOW));
  }

  @Test
  void issue_fieldsTooLongForTheBound_refused() {
    SessionTokens.Session huge = new SessionTokens.Session("x".repeat(5000), "acme", "Auditor", "AROA1", "s", TOKEN_ID, NOW, EXPIRES);
    assertThrows(IllegalArgumentException.class, () -> SessionTokens.issue(key, huge));
  }

  @Test
  void session_missingField_refused() {
    assertThrows(NullPointerException.class, () -> new SessionTokens.Session("iam4j", "acme", "Auditor", null, "s", TOKEN_ID, NOW, EXPIRES));
  }

  @Test
  void callerName_isAssumedRoleSessionAtTenant() {
    assertEquals("assumed-role/Auditor/alice-cli@acme", SESSION.callerName());
  }

  @Test
  void verify_keyRemovedFromTheFile_null(@TempDir Path dir) throws Exception {
    // A token MAC'd by a key that was removed from the file no longer verifies.
    Path file = dir.resolve("server.key");
    ServerKey old = ServerKey.fromFile(file);
    String token = SessionTokens.issue(old, SESSION);
    Files.delete(file);
    assertNull(SessionTokens.verify(ServerKey.fromFile(file), token, NOW));
  }

  @Test
  void verify_again_sameSession_lifetimeAndKeyCheckedEveryTime() {
    // The second and later checks of a token reuse its parsed payload and the derived MAC key: still
    // refused once expired, and by a server whose key file no longer holds the token's key.
    String token = SessionTokens.issue(key, SESSION);
    assertEquals(SESSION, SessionTokens.verify(key, token, NOW));
    assertEquals(SESSION, SessionTokens.verify(key, token, NOW.plusSeconds(10)));
    assertNull(SessionTokens.verify(key, token, EXPIRES));
    assertNull(SessionTokens.verify(key, token, NOW.minus(SessionTokens.CLOCK_SKEW).minusSeconds(1)));
    assertNull(SessionTokens.verify(ServerKey.random(), token, NOW));
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    assertNull(SessionTokens.verify(key, forged, NOW), "a known payload with another MAC");
    assertEquals(SESSION, SessionTokens.verify(key, token, NOW));
  }
}
