package io.iam4j.crypto;

import static io.iam4j.crypto.ServerKeyTest.assertNoKeyMaterial;
import static io.iam4j.crypto.ServerKeyTest.bytes;
import static io.iam4j.crypto.ServerKeyTest.legacyEncrypt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.iam4j.IamException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The key file: creation, the legacy single-line format, the multi-key format, rotation and the permission check. */
class KeyFileTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  @TempDir Path dir;

  /** Writes a file as an operator would, then makes it owner-only (the check would refuse it otherwise). */
  Path privateFile(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    if (POSIX) {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }
    return f;
  }

  static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  @Test
  void fromFile_missing_createsOwnerOnlyFileWithOneKey_readsItBack() throws IOException {
    Path file = dir.resolve("secrets/nested/server.key");
    ServerKey created = ServerKey.fromFile(file);
    assertTrue(Files.isRegularFile(file));
    if (POSIX) {
      assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file));
    }
    assertTrue(Files.readString(file).contains(KeyFile.HEADER + "\nkey id=" + created.currentKeyId() + " created="), Files.readString(file));
    assertEquals(1, created.keys().size());
    assertFalse(created.keys().get(0).legacy(), "a new file's key was never used raw");

    ServerKey reread = ServerKey.fromFile(file);
    assertEquals(created.currentKeyId(), reread.currentKeyId());
    assertEquals("hello", reread.open("p", "c", created.seal("p", "c", "hello")));
    try (var s = Files.list(file.getParent())) {
      assertEquals(List.of(file), s.toList(), "no temporary file left behind");
    }
  }

  @Test
  void fromFile_legacySingleLine_readsAsOneLegacyKey_doesNotRewrite() throws Exception {
    String content = Base64.getEncoder().encodeToString(bytes(7)) + "\n";
    Path file = privateFile("server.key", content);
    ServerKey key = ServerKey.fromFile(file);
    assertEquals(content, Files.readString(file));
    assertEquals(ServerKey.of(bytes(7)).currentKeyId(), key.currentKeyId());
    ServerKey.KeyInfo info = key.keys().get(0);
    assertTrue(info.legacy() && info.current());
    assertNull(info.created());
    // What the server sealed before key ids (TOTP seeds in tenant files, messages) still opens.
    assertEquals("seed", key.openLegacy("iam4j totp seed v1", legacyEncrypt(bytes(7), "seed", "iam4j totp seed v1")));
  }

  @Test
  void rotate_newCurrentKey_oldSealsStillOpen_newSealsUseNewKey() throws Exception {
    Path file = dir.resolve("server.key");
    ServerKey before = ServerKey.fromFile(file);
    String old = before.seal("iam4j totp seed", "acme:carol", "seed");

    ServerKey.KeyInfo fresh = ServerKey.rotate(file, at(T0));
    assertEquals(T0, fresh.created());
    ServerKey after = ServerKey.fromFile(file);
    assertEquals(fresh.id(), after.currentKeyId());
    assertNotEquals(before.currentKeyId(), after.currentKeyId());
    assertEquals(List.of(fresh.id(), before.currentKeyId()), after.keys().stream().map(ServerKey.KeyInfo::id).toList());
    assertEquals("seed", after.open("iam4j totp seed", "acme:carol", old), "the old key still opens what it sealed");
    String sealed = after.seal("iam4j totp seed", "acme:carol", "seed");
    assertTrue(sealed.startsWith("v2." + fresh.id() + "."), sealed);
    assertThrows(IamException.class, () -> before.open("iam4j totp seed", "acme:carol", sealed), "a server without the new key cannot open it");
    if (POSIX) {
      assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file), "rotation keeps the file owner-only");
    }
  }

  @Test
  void rotate_legacyFile_convertsAndKeepsLegacyDataReadable() throws Exception {
    Path file = privateFile("server.key", Base64.getEncoder().encodeToString(bytes(3)) + "\n");
    String oldSeed = legacyEncrypt(bytes(3), "seed", "iam4j totp seed v1");
    ServerKey.rotate(file, at(T0));
    ServerKey.rotate(file, at(T0.plusSeconds(60)));
    ServerKey key = ServerKey.fromFile(file);
    assertEquals(3, key.keys().size());
    assertEquals(List.of(false, false, true), key.keys().stream().map(ServerKey.KeyInfo::legacy).toList());
    assertEquals(T0.plusSeconds(60), key.keys().get(0).created());
    assertNull(key.keys().get(2).created(), "unknown for the converted key");
    assertEquals("seed", key.openLegacy("iam4j totp seed v1", oldSeed));
    assertTrue(Files.readString(file).contains("created=unknown legacy=true secret="), Files.readString(file));
  }

  @Test
  void rotate_missingFile_refused() {
    IamException e = assertThrows(IamException.class, () -> ServerKey.rotate(dir.resolve("none.key"), at(T0)));
    assertTrue(e.getMessage().contains("none.key"), e.getMessage());
  }

  @Test
  void parse_formatOfItsOwnWriting_roundTrips() {
    List<KeyFile.Key> keys = List.of(KeyFile.Key.generate(T0), KeyFile.legacy(bytes(1)));
    assertEquals(keys, KeyFile.parse(KeyFile.format(keys), "test"));
    List<KeyFile.Key> back = KeyFile.parse(KeyFile.format(keys), "test");
    assertEquals(T0, back.get(0).created());
    assertTrue(back.get(1).legacy());
  }

  @Test
  void parse_idNotOfItsSecret_refused() {
    String text = KeyFile.format(List.of(KeyFile.Key.generate(T0))).replaceFirst("id=[A-Za-z0-9_-]{8}", "id=AAAAAAAA");
    IamException e = assertThrows(IamException.class, () -> KeyFile.parse(text, "f.key"));
    assertTrue(e.getMessage().contains("does not belong to its secret"), e.getMessage());
  }

  @Test
  void parse_sameKeyTwice_refused() {
    KeyFile.Key k = KeyFile.Key.generate(T0);
    assertThrows(IamException.class, () -> KeyFile.parse(KeyFile.format(List.of(k, k)), "f.key"));
  }

  @Test
  void parse_unknownAttribute_refusedWithoutEchoingItsValue() {
    String text = KeyFile.format(List.of(KeyFile.Key.generate(T0))).replace(" secret=", " secert=");
    IamException e = assertThrows(IamException.class, () -> KeyFile.parse(text, "f.key"));
    assertTrue(e.getMessage().contains("\"secert\""), e.getMessage());
    assertNoKeyMaterial(e.getMessage(), new byte[0]);
  }

  @Test
  void parse_moreThanTheBound_refused() {
    List<KeyFile.Key> many = new ArrayList<>();
    for (int i = 0; i <= KeyFile.MAX_KEYS; i++) {
      many.add(KeyFile.Key.generate(T0));
    }
    IamException e = assertThrows(IamException.class, () -> KeyFile.parse(KeyFile.format(many), "f.key"));
    assertTrue(e.getMessage().contains("more than " + KeyFile.MAX_KEYS), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"not base64 at all!", "", "AAAA", "iam4j-keys 1\n", "iam4j-keys 1\nkey id=x\n", "iam4j-keys 2\nkey id=x secret=y\n"})
  void fromFile_unusableContent_throwsNamingTheFile(String content) throws IOException {
    Path file = privateFile("bad.key", content);
    IamException e = assertThrows(IamException.class, () -> ServerKey.fromFile(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw-r--r--", "rw-rw----", "rw----r--", "rw-----w-", "rwx---rwx"})
  void fromFile_groupOrOthersMayAccess_refusedWithTheFix(String mode) throws IOException {
    assumeTrue(POSIX, "POSIX permissions only");
    Path file = privateFile("server.key", Base64.getEncoder().encodeToString(bytes(2)) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    IamException e = assertThrows(IamException.class, () -> ServerKey.fromFile(file));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("chmod 600 " + file), e.getMessage());
    assertNoKeyMaterial(e.getMessage(), bytes(2));
    assertThrows(IamException.class, () -> ServerKey.rotate(file, at(T0)), "nor rotated");
  }

  @Test
  void fromFile_ownerReadOnly_accepted() throws IOException {
    assumeTrue(POSIX, "POSIX permissions only");
    Path file = privateFile("server.key", Base64.getEncoder().encodeToString(bytes(2)) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    assertEquals(ServerKey.of(bytes(2)).currentKeyId(), ServerKey.fromFile(file).currentKeyId());
  }

  @Test
  void fromFile_twoMissingFiles_differentKeys() {
    ServerKey a = ServerKey.fromFile(dir.resolve("a.key"));
    ServerKey b = ServerKey.fromFile(dir.resolve("b.key"));
    assertNotEquals(a.currentKeyId(), b.currentKeyId());
    assertThrows(IamException.class, () -> b.open("p", "c", a.seal("p", "c", "x")));
  }

  @Test
  void keysAndKeyToString_showNoMaterial() throws IOException {
    Path file = privateFile("server.key", Base64.getEncoder().encodeToString(bytes(5)) + "\n");
    ServerKey.rotate(file, at(T0));
    ServerKey key = ServerKey.fromFile(file);
    assertNoKeyMaterial(key.keys().toString(), bytes(5));
    assertNoKeyMaterial(KeyFile.read(file).toString(), bytes(5));
  }
}
