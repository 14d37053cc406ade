package io.iam4j.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server key: authenticated encryption bound to a purpose, the key file, and no leaks. */
class ServerKeyTest {
  static final String AAD = "test purpose v1";

  @TempDir Path dir;

  static byte[] bytes(int seed) {
    byte[] k = new byte[32];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (seed * 31 + i * 7);
    }
    return k;
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hello", "{\"decision\":\"ImplicitDeny\"}", "Grüße, 日本, 🙂", "line\nbreak"})
  void encrypt_thenDecrypt_roundTrip(String plaintext) {
    ServerKey key = ServerKey.random();
    assertEquals(plaintext, key.decrypt(key.encrypt(plaintext, AAD), AAD));
  }

  @Test
  void encrypt_samePlaintextTwice_differentCiphertexts() {
    ServerKey key = ServerKey.random();
    assertNotEquals(key.encrypt("same", AAD), key.encrypt("same", AAD), "a fresh nonce each time");
  }

  @Test
  void encrypt_outputIsUrlSafeBase64() {
    String c = ServerKey.random().encrypt("some text that is long enough to use every base-64 character", AAD);
    assertTrue(c.matches("[A-Za-z0-9_-]+"), c);
  }

  @Test
  void encrypt_doesNotContainThePlaintext() {
    String c = ServerKey.random().encrypt("secret-seed-value", AAD);
    assertFalse(c.contains("secret"));
    assertFalse(new String(Base64.getUrlDecoder().decode(c), StandardCharsets.ISO_8859_1).contains("secret"));
  }

  @Test
  void decrypt_withTrailingWhitespace_accepted() {
    ServerKey key = ServerKey.random();
    assertEquals("x", key.decrypt(key.encrypt("x", AAD) + "\n", AAD));
  }

  @Test
  void decrypt_wrongAad_throws() {
    ServerKey key = ServerKey.random();
    String c = key.encrypt("hello", AAD);
    assertThrows(IamException.class, () -> key.decrypt(c, "other purpose v1"));
  }

  @Test
  void decrypt_tamperedCiphertext_throws() {
    ServerKey key = ServerKey.random();
    byte[] raw = Base64.getUrlDecoder().decode(key.encrypt("hello world", AAD));
    for (int i = 0; i < raw.length; i++) {
      byte[] t = raw.clone();
      t[i] ^= 0x01;
      String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(t);
      assertThrows(IamException.class, () -> key.decrypt(tampered, AAD), "byte " + i + " flipped");
    }
  }

  @Test
  void decrypt_truncated_throws() {
    ServerKey key = ServerKey.random();
    String c = key.encrypt("hello world", AAD);
    assertThrows(IamException.class, () -> key.decrypt(c.substring(0, c.length() - 4), AAD));
    assertThrows(IamException.class, () -> key.decrypt(c.substring(0, 16), AAD), "nonce only");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "!!!not base64!!!", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
  void decrypt_garbage_throws(String text) {
    assertThrows(IamException.class, () -> ServerKey.random().decrypt(text, AAD));
  }

  @Test
  void decrypt_otherKey_throws() {
    String c = ServerKey.of(bytes(1)).encrypt("hello", AAD);
    assertThrows(IamException.class, () -> ServerKey.of(bytes(2)).decrypt(c, AAD));
    assertEquals("hello", ServerKey.of(bytes(1)).decrypt(c, AAD), "the same key material decrypts");
  }

  @Test
  void decrypt_failure_messageShowsNoKeyMaterial() {
    byte[] k = bytes(3);
    IamException e = assertThrows(IamException.class, () -> ServerKey.of(k).decrypt(ServerKey.random().encrypt("x", AAD), AAD));
    assertNoKeyMaterial(e.getMessage(), k);
  }

  @Test
  void of_wrongLength_throws() {
    assertThrows(IamException.class, () -> ServerKey.of(new byte[16]));
    assertThrows(IamException.class, () -> ServerKey.of(new byte[33]));
  }

  @Test
  void of_callerChangesArrayAfterwards_keyUnchanged() {
    byte[] k = bytes(4);
    ServerKey key = ServerKey.of(k);
    String c = key.encrypt("hello", AAD);
    k[0] ^= 0x7f;
    assertEquals("hello", key.decrypt(c, AAD));
  }

  @Test
  void sign_deterministicPerKey_differsAcrossKeys() {
    byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(ServerKey.of(bytes(5)).sign(data), ServerKey.of(bytes(5)).sign(data));
    assertFalse(Arrays.equals(ServerKey.of(bytes(5)).sign(data), ServerKey.of(bytes(6)).sign(data)));
    assertEquals(32, ServerKey.of(bytes(5)).sign(data).length, "HMAC-SHA256");
  }

  // ---------------------------------------------------------------- key file

  @Test
  void fromFile_missing_createsOwnerOnlyFileAndReadsItBack() throws IOException {
    Path file = dir.resolve("secrets/nested/server.key");
    ServerKey created = ServerKey.fromFile(file);
    assertTrue(Files.isRegularFile(file));
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file));
    }
    byte[] stored = Base64.getDecoder().decode(Files.readString(file).trim());
    assertEquals(32, stored.length);

    ServerKey reread = ServerKey.fromFile(file);
    assertEquals("hello", reread.decrypt(created.encrypt("hello", AAD), AAD));
    assertEquals("hello", ServerKey.of(stored).decrypt(created.encrypt("hello", AAD), AAD));
  }

  @Test
  void fromFile_existing_readsAndDoesNotRewrite() throws IOException {
    Path file = dir.resolve("server.key");
    String content = Base64.getEncoder().encodeToString(bytes(7)) + "\n";
    Files.writeString(file, content);
    ServerKey key = ServerKey.fromFile(file);
    assertEquals("x", ServerKey.of(bytes(7)).decrypt(key.encrypt("x", AAD), AAD));
    assertEquals(content, Files.readString(file));
  }

  @Test
  void fromFile_twoMissingFiles_differentKeys() {
    ServerKey a = ServerKey.fromFile(dir.resolve("a.key"));
    ServerKey b = ServerKey.fromFile(dir.resolve("b.key"));
    assertThrows(IamException.class, () -> b.decrypt(a.encrypt("x", AAD), AAD));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not base64 at all!", "", "AAAA"})
  void fromFile_unusableContent_throws(String content) throws IOException {
    Path file = dir.resolve("bad.key");
    Files.writeString(file, content);
    assertThrows(IamException.class, () -> ServerKey.fromFile(file));
  }

  @Test
  void fromFile_notBase64_messageNamesTheFile() throws IOException {
    Path file = dir.resolve("bad.key");
    Files.writeString(file, "not base64 at all!");
    IamException e = assertThrows(IamException.class, () -> ServerKey.fromFile(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void toString_neverShowsKeyMaterial() {
    byte[] k = bytes(8);
    String s = ServerKey.of(k).toString();
    assertNoKeyMaterial(s, k);
    assertNoKeyMaterial(String.valueOf(ServerKey.random()), new byte[0]);
    assertTrue(s.startsWith("ServerKey"), s);
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
