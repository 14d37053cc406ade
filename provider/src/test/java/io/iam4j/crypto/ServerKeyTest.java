package io.iam4j.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server key: per-purpose derived keys, sealing bound to key id, purpose and context, the
 * legacy (pre-key-id) format, and no leaks. The key file and rotation are {@link KeyFileTest}'s.
 */
class ServerKeyTest {
  static final String PURPOSE = "test purpose";
  static final String CONTEXT = "acme";

  static byte[] bytes(int seed) {
    return LegacySeals.bytes(seed);
  }

  static String legacyEncrypt(byte[] key, String plaintext, String aad) throws Exception {
    return LegacySeals.encrypt(key, plaintext, aad);
  }

  // ---------------------------------------------------------------- derive

  @Test
  void derive_isHkdfOfTheCurrentKeyWithPurposeAsInfo() {
    byte[] k = bytes(1);
    byte[] expected = Hkdf.expand(Hkdf.extract(new byte[32], k), "iam4j audit checkpoint ed25519".getBytes(StandardCharsets.UTF_8), 32);
    assertArrayEquals(expected, ServerKey.of(k).derive("iam4j audit checkpoint ed25519", 32));
  }

  @Test
  void derive_samePurposeSameKey_sameBytes_otherPurposeOrKey_otherBytes() {
    assertArrayEquals(ServerKey.of(bytes(1)).derive("a", 32), ServerKey.of(bytes(1)).derive("a", 32));
    assertFalse(Arrays.equals(ServerKey.of(bytes(1)).derive("a", 32), ServerKey.of(bytes(1)).derive("b", 32)));
    assertFalse(Arrays.equals(ServerKey.of(bytes(1)).derive("a", 32), ServerKey.of(bytes(2)).derive("a", 32)));
    assertFalse(Arrays.equals(bytes(1), ServerKey.of(bytes(1)).derive("a", 32)), "never the key itself");
    assertEquals(64, ServerKey.of(bytes(1)).derive("a", 64).length);
  }

  @Test
  void derive_internalPurposes_refused() {
    assertThrows(IllegalArgumentException.class, () -> ServerKey.random().derive("iam4j internal aes-256-gcm x", 32));
  }

  // ---------------------------------------------------------------- seal and open

  @ParameterizedTest
  @ValueSource(strings = {"", "hello", "{\"decision\":\"ImplicitDeny\"}", "Grüße, 日本, 🙂", "line\nbreak"})
  void seal_thenOpen_roundTrip(String plaintext) {
    ServerKey key = ServerKey.random();
    assertEquals(plaintext, key.open(PURPOSE, CONTEXT, key.seal(PURPOSE, CONTEXT, plaintext)));
  }

  @Test
  void seal_namesTheCurrentKeyId_isUrlSafe_freshNonce() {
    ServerKey key = ServerKey.random();
    String s = key.seal(PURPOSE, CONTEXT, "some text that is long enough to use every base-64 character");
    assertTrue(s.startsWith("v2." + key.currentKeyId() + "."), s);
    assertTrue(s.matches("[A-Za-z0-9_.-]+"), s);
    assertTrue(ServerKey.isSealed(s));
    assertNotEquals(key.seal(PURPOSE, CONTEXT, "same"), key.seal(PURPOSE, CONTEXT, "same"), "a fresh nonce each time");
  }

  @Test
  void seal_doesNotContainPlaintextOrContext() {
    String s = ServerKey.random().seal(PURPOSE, "globex", "secret-seed-value");
    assertFalse(s.contains("secret") || s.contains("globex"), s);
  }

  @Test
  void open_otherContext_throws_andSealedForTellsWhy() {
    ServerKey key = ServerKey.random();
    String s = key.seal(PURPOSE, "globex", "hello");
    assertThrows(IamException.class, () -> key.open(PURPOSE, "acme", s));
    assertTrue(key.sealedByThisServer(s));
    assertTrue(key.sealedFor(PURPOSE, "globex", s));
    assertFalse(key.sealedFor(PURPOSE, "acme", s));
  }

  @Test
  void open_contextTagSwappedForTheRightOne_stillThrows() {
    // The tag only explains a failure: the context in the associated data is what refuses.
    ServerKey key = ServerKey.random();
    String theirs = key.seal(PURPOSE, "globex", "hello");
    String mine = key.seal(PURPOSE, "acme", "x");
    String[] t = theirs.split("\\.");
    String[] m = mine.split("\\.");
    String forged = t[0] + "." + t[1] + "." + m[2] + "." + t[3];
    assertTrue(key.sealedFor(PURPOSE, "acme", forged));
    assertThrows(IamException.class, () -> key.open(PURPOSE, "acme", forged));
  }

  @Test
  void open_otherPurpose_throws() {
    ServerKey key = ServerKey.random();
    String s = key.seal(PURPOSE, CONTEXT, "hello");
    assertThrows(IamException.class, () -> key.open("other purpose", CONTEXT, s));
  }

  @Test
  void open_contextAndPurposeCannotShiftIntoEachOther() {
    ServerKey key = ServerKey.random();
    String s = key.seal("a", "bc", "hello");
    assertThrows(IamException.class, () -> key.open("ab", "c", s));
  }

  @Test
  void open_tamperedAnywhere_throws() {
    ServerKey key = ServerKey.random();
    String s = key.seal(PURPOSE, CONTEXT, "hello world");
    for (int i = 0; i < s.length(); i++) {
      String tampered = flip(s, i);
      assertThrows(IamException.class, () -> key.open(PURPOSE, CONTEXT, tampered), "char " + i + " changed: " + tampered);
    }
  }

  static final String URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /** Changes character i so that its decoded bits change (the top bit of its six), or breaks a separator. */
  static String flip(String s, int i) {
    char[] c = s.toCharArray();
    int v = URL_ALPHABET.indexOf(c[i]);
    c[i] = v < 0 ? 'A' : URL_ALPHABET.charAt(v ^ 32);
    return new String(c);
  }

  @Test
  void open_truncated_throws() {
    ServerKey key = ServerKey.random();
    String s = key.seal(PURPOSE, CONTEXT, "hello world");
    assertThrows(IamException.class, () -> key.open(PURPOSE, CONTEXT, s.substring(0, s.length() - 4)));
    assertThrows(IamException.class, () -> key.open(PURPOSE, CONTEXT, s.substring(0, s.lastIndexOf('.') + 16)), "nonce only");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "v2.", "v2.a.b", "v2.a.b.c.d", "!!!not base64!!!", "v2.AAAAAAAA.AAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
  void open_garbage_throws(String text) {
    ServerKey key = ServerKey.random();
    assertThrows(IamException.class, () -> key.open(PURPOSE, CONTEXT, text));
    assertFalse(key.sealedFor(PURPOSE, CONTEXT, text));
  }

  @Test
  void open_overTheBound_throwsWithoutWork() {
    ServerKey key = ServerKey.random();
    String huge = key.seal(PURPOSE, CONTEXT, "x") + "A".repeat(ServerKey.MAX_SEALED_CHARS);
    assertThrows(IamException.class, () -> key.open(PURPOSE, CONTEXT, huge));
  }

  @Test
  void open_otherServersKey_throws() {
    String s = ServerKey.of(bytes(1)).seal(PURPOSE, CONTEXT, "hello");
    assertThrows(IamException.class, () -> ServerKey.of(bytes(2)).open(PURPOSE, CONTEXT, s));
    assertFalse(ServerKey.of(bytes(2)).sealedByThisServer(s), "another key id");
    assertEquals("hello", ServerKey.of(bytes(1)).open(PURPOSE, CONTEXT, s), "the same key material opens");
  }

  @Test
  void open_failure_messageShowsNoKeyMaterial() {
    byte[] k = bytes(3);
    IamException e = assertThrows(IamException.class, () -> ServerKey.of(k).open(PURPOSE, CONTEXT, ServerKey.random().seal(PURPOSE, CONTEXT, "x")));
    assertNoKeyMaterial(e.getMessage(), k);
  }

  // ---------------------------------------------------------------- legacy (before key ids)

  @Test
  void openLegacy_whatTheOldEncryptMade_opensWithTheSameKey() throws Exception {
    String old = legacyEncrypt(bytes(4), "hello", "iam4j totp seed v1");
    assertFalse(ServerKey.isSealed(old));
    assertEquals("hello", ServerKey.of(bytes(4)).openLegacy("iam4j totp seed v1", old));
    assertEquals("hello", ServerKey.of(bytes(4)).openLegacy("iam4j totp seed v1", old + "\n"));
    assertThrows(IamException.class, () -> ServerKey.of(bytes(4)).openLegacy("iam4j authorization message v1", old), "other purpose");
    assertThrows(IamException.class, () -> ServerKey.of(bytes(5)).openLegacy("iam4j totp seed v1", old), "other key");
  }

  @Test
  void openLegacy_keyNotFromALegacyFile_refuses() throws Exception {
    // A key made after key ids existed has never been used raw: it opens nothing of the old format.
    ServerKey fresh = ServerKey.random();
    assertTrue(fresh.keys().stream().noneMatch(ServerKey.KeyInfo::legacy));
    assertThrows(IamException.class, () -> fresh.openLegacy("x", legacyEncrypt(new byte[32], "hello", "x")));
  }

  @Test
  void sign_isTheHmacOfBeforeKeyIds() throws Exception {
    // The audit trail's file signatures: kept as they were, so trails signed before this change verify.
    byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
    javax.crypto.Mac m = javax.crypto.Mac.getInstance("HmacSHA256");
    m.init(new SecretKeySpec(bytes(5), "HmacSHA256"));
    byte[] tokenKey = m.doFinal("iam4j session tokens".getBytes(StandardCharsets.UTF_8));
    m.init(new SecretKeySpec(tokenKey, "HmacSHA256"));
    assertArrayEquals(m.doFinal(data), ServerKey.of(bytes(5)).sign(data));
    assertFalse(Arrays.equals(ServerKey.of(bytes(5)).sign(data), ServerKey.of(bytes(6)).sign(data)));
  }

  // ---------------------------------------------------------------- mac

  @Test
  void mac_byKeyId_perPurpose_unknownIdEmpty() {
    ServerKey key = ServerKey.of(bytes(7));
    byte[] data = "d".getBytes(StandardCharsets.UTF_8);
    byte[] a = key.mac(key.currentKeyId(), "a", data).orElseThrow();
    assertEquals(32, a.length);
    assertArrayEquals(a, ServerKey.of(bytes(7)).mac(key.currentKeyId(), "a", data).orElseThrow());
    assertFalse(Arrays.equals(a, key.mac(key.currentKeyId(), "b", data).orElseThrow()));
    assertTrue(key.mac("AAAAAAAA", "a", data).isEmpty());
    assertTrue(key.mac(null, "a", data).isEmpty());
  }

  // ---------------------------------------------------------------- construction and leaks

  @Test
  void of_wrongLength_throws() {
    assertThrows(IamException.class, () -> ServerKey.of(new byte[16]));
    assertThrows(IamException.class, () -> ServerKey.of(new byte[33]));
  }

  @Test
  void of_callerChangesArrayAfterwards_keyUnchanged() {
    byte[] k = bytes(4);
    ServerKey key = ServerKey.of(k);
    String c = key.seal(PURPOSE, CONTEXT, "hello");
    k[0] ^= 0x7f;
    assertEquals("hello", key.open(PURPOSE, CONTEXT, c));
  }

  @Test
  void keyId_derivedFromTheKey_stable_eightUrlSafeChars() {
    assertEquals(ServerKey.of(bytes(8)).currentKeyId(), ServerKey.of(bytes(8)).currentKeyId());
    assertNotEquals(ServerKey.of(bytes(8)).currentKeyId(), ServerKey.of(bytes(9)).currentKeyId());
    assertTrue(ServerKey.random().currentKeyId().matches("[A-Za-z0-9_-]{8}"));
  }

  @Test
  void toString_neverShowsKeyMaterial() {
    byte[] k = bytes(8);
    String s = ServerKey.of(k).toString();
    assertNoKeyMaterial(s, k);
    assertNoKeyMaterial(String.valueOf(ServerKey.random()), new byte[0]);
    assertTrue(s.startsWith("ServerKey") && s.contains(ServerKey.of(k).currentKeyId()), s);
  }

  static void assertNoKeyMaterial(String text, byte[] key) {
    if (key.length == 0) {
      assertFalse(text.matches(".*[A-Za-z0-9+/=_-]{16,}.*"), "no long encoded run: " + text);
      return;
    }
    String b64 = Base64.getEncoder().encodeToString(key);
    String url = Base64.getUrlEncoder().encodeToString(key);
    String hex = HexFormat.of().formatHex(key);
    for (int i = 0; i + 8 <= b64.length(); i += 4) {
      assertFalse(text.contains(b64.substring(i, i + 8)) || text.contains(url.substring(i, i + 8)), text);
    }
    for (int i = 0; i + 8 <= hex.length(); i += 8) {
      assertFalse(text.toLowerCase(Locale.ROOT).contains(hex.substring(i, i + 8)), text);
    }
  }
}
