package io.iam4j.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.crypto.ServerKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Session tokens: only this server's key opens one, a changed character breaks it, the secret stays inside. */
class StsTokensTest {
  static final ServerKey KEY = ServerKey.random();

  static StsSession session(String policy) {
    Instant now = Instant.parse("2026-12-07T10:00:00Z");
    return new StsSession(StsSession.Kind.ROLE, "iam4j", "acme", "Reporter", "AROAEXAMPLE", "s1", StsTokens.newAccessKeyId(),
        StsTokens.newSecret(), StsTokens.newTokenId(), now, now.plusSeconds(3600), policy, List.of("arn:iam4j:iam::acme:policy/P"),
        Map.of("team", "blue"), Set.of("team"), "alice", true, now.getEpochSecond(), false, Map.of("idp:sub", List.of("u1")));
  }

  @Test
  void roundTrip() {
    StsSession s = session("{\"Version\":\"2012-10-17\",\"Statement\":[]}");
    String token = StsTokens.issue(KEY, s);
    assertEquals(s, StsTokens.open(KEY, token));
    assertFalse(token.contains(s.secretAccessKey()), "the secret is sealed, not readable");
    assertTrue(token.matches("[A-Za-z0-9._-]+"), "header-safe");
  }

  @Test
  void identifiersHaveAwsShapes() {
    assertTrue(StsTokens.newAccessKeyId().matches("ASIA[A-Z2-7]{16}"));
    assertTrue(StsTokens.newSecret().matches("[A-Za-z0-9+/]{40}"));
  }

  @Test
  void changedOrForeignTokens_doNotOpen() {
    String token = StsTokens.issue(KEY, session(null));
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      int v = alphabet.indexOf(c);
      // The top bit of a base-64 digit: the low bits of a last digit carry nothing, the top one always does.
      char other = v < 0 ? 'A' : alphabet.charAt(v ^ 32);
      String changed = token.substring(0, i) + other + token.substring(i + 1);
      assertNull(StsTokens.open(KEY, changed), "changed at " + i);
    }
    assertNull(StsTokens.open(ServerKey.random(), token), "another server's key");
    assertNull(StsTokens.open(KEY, ""));
    assertNull(StsTokens.open(KEY, null));
    assertNull(StsTokens.open(KEY, "x".repeat(StsTokens.MAX_TOKEN_CHARS + 1)));
    assertNull(StsTokens.open(KEY, "FQoExampleSessionToken+/=abc"));
  }

  @Test
  void aTokenOfAnotherPurpose_doesNotOpen() {
    // Sealed by the same key for another purpose (an MFA seed, a message): not a session.
    String other = KEY.seal("iam4j authorization message", "", "{}");
    assertNull(StsTokens.open(KEY, other));
  }

  @Test
  void packedSizeGrowsWithPolicies() {
    assertNotNull(StsTokens.issue(KEY, session(null)));
    assertTrue(StsTokens.packedSize(session("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"))
        > StsTokens.packedSize(session(null)));
  }
}
