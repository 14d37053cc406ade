package io.iam4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.iam4j.authz.Authorizer;
import io.iam4j.crypto.ServerKey;
import io.iam4j.crypto.Totp;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.authz.AuthorizationMessages;
import io.iam4j.crypto.MfaSeeds;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key commands as an operator runs them: {@code keys rotate} and {@code keys list}, then
 * {@code decode-message --tenant} and {@code mfa} across a rotation.
 */
class KeysCommandTest {
  @TempDir Path dir;
  Path keyFile;

  @BeforeEach
  void keyFile() {
    keyFile = dir.resolve("server.key");
    ServerKey.fromFile(keyFile);
  }

  static List<String> ids(String listing) {
    Matcher m = Pattern.compile("(?m)^([A-Za-z0-9_-]{8}) ").matcher(listing);
    List<String> ids = new java.util.ArrayList<>();
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  static String secretsOf(Path keyFile) throws IOException {
    return Files.readString(keyFile);
  }

  @Test
  void rotate_thenList_newCurrentFirst_previousKept_noKeyMaterialPrinted() throws IOException {
    String first = ServerKey.fromFile(keyFile).currentKeyId();
    CliRun rotated = CliRun.run("keys", "rotate", "--key-file", keyFile.toString());
    assertEquals(0, rotated.status(), rotated.err());
    String second = ServerKey.fromFile(keyFile).currentKeyId();
    assertTrue(rotated.out().contains("New current key " + second), rotated.out());

    CliRun list = CliRun.run("keys", "list", "--key-file", keyFile.toString());
    assertEquals(0, list.status(), list.err());
    assertEquals(List.of(second, first), ids(list.out()), list.out());
    assertTrue(list.out().contains(second) && list.out().lines().anyMatch(l -> l.startsWith(second) && l.endsWith("current")), list.out());
    assertTrue(list.out().lines().anyMatch(l -> l.startsWith(first) && l.endsWith("previous")), list.out());
    for (String line : secretsOf(keyFile).lines().filter(l -> l.startsWith("key ")).toList()) {
      String secret = line.substring(line.indexOf("secret=") + "secret=".length());
      for (CliRun r : List.of(rotated, list)) {
        assertFalse(r.out().contains(secret.substring(0, 12)) || r.err().contains(secret.substring(0, 12)), "no key material");
      }
    }
  }

  @Test
  void list_legacyFile_showsOneLegacyKeyOfUnknownCreation() throws IOException {
    Path legacy = dir.resolve("legacy.key");
    Files.writeString(legacy, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(legacy, PosixFilePermissions.fromString("rw-------"));
    }
    CliRun list = CliRun.run("keys", "list", "--key-file", legacy.toString());
    assertEquals(0, list.status(), list.err());
    assertTrue(list.out().contains("unknown") && list.out().contains("current, opens data sealed before key ids"), list.out());
    assertFalse(list.out().contains("AAAAAAAAAAAA"), list.out());
  }

  @Test
  void rotate_missingFile_exit1() {
    CliRun r = CliRun.run("keys", "rotate", "--key-file", dir.resolve("none.key").toString());
    assertEquals(Main.EXIT_USAGE, r.status());
    assertTrue(r.err().contains("No key file"), r.err());
    assertFalse(Files.exists(dir.resolve("none.key")), "rotate never creates a key file");
  }

  @Test
  void rotateAndList_worldReadableFile_exit1WithTheFix() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
    String before = Files.readString(keyFile);
    for (String command : new String[] {"rotate", "list"}) {
      CliRun r = CliRun.run("keys", command, "--key-file", keyFile.toString());
      assertEquals(Main.EXIT_USAGE, r.status(), command);
      assertTrue(r.err().contains("chmod 600 " + keyFile), r.err());
    }
    assertEquals(before, Files.readString(keyFile), "not rotated");
  }

  // ---------------------------------------------------------------- decode-message

  static String denyOf(ServerKey key, String arn, String tenant) {
    Caller caller = new Caller.User(arn, tenant, arn.substring(arn.lastIndexOf('/') + 1));
    AuthorizationRequest request = AuthorizationRequest.builder().caller(caller).action("docs:PutObject")
        .resource("arn:iam4j:docs::" + tenant + ":bucket/x/y.txt").context(RequestContext.builder().put("aws:SourceIp", "10.1.2.3").build()).build();
    return AuthorizationMessages.encode(key, new Authorizer.Result(Evaluator.evaluate(PolicySet.builder().build(), request), request, null, false, 1),
        Instant.now());
  }

  @Test
  void decodeMessage_ownTenant_decodes_otherTenant_exit1_evenAfterRotation() {
    String message = denyOf(ServerKey.fromFile(keyFile), "arn:iam4j:iam::globex:user/iris", "globex");
    assertEquals(0, CliRun.run("keys", "rotate", "--key-file", keyFile.toString()).status());

    CliRun own = CliRun.run("decode-message", "--tenant", "globex", "--key-file", keyFile.toString(), message);
    assertEquals(0, own.status(), own.err());
    JsonObject json = Json.createReader(new StringReader(own.out())).readObject();
    assertEquals("arn:iam4j:iam::globex:user/iris", json.getJsonObject("request").getString("principal"));

    CliRun other = CliRun.run("decode-message", "--tenant", "acme", "--key-file", keyFile.toString(), message);
    assertEquals(Main.EXIT_USAGE, other.status());
    assertTrue(other.err().contains("tenant acme"), other.err());
    assertFalse(other.out().contains("10.1.2.3") || other.err().contains("10.1.2.3"));
  }

  @Test
  void decodeMessage_withoutTenant_usageError() {
    String message = denyOf(ServerKey.fromFile(keyFile), "arn:iam4j:iam::acme:user/dave", "acme");
    CliRun r = CliRun.run("decode-message", "--key-file", keyFile.toString(), message);
    assertEquals(Main.EXIT_USAGE, r.status());
    assertTrue(r.err().contains("--tenant"), r.err());
  }

  // ---------------------------------------------------------------- mfa

  Path user(String tenant, String name) throws IOException {
    Path p = dir.resolve("config/tenants/" + tenant + "/users/" + name + ".json");
    Files.createDirectories(p.getParent());
    Files.writeString(p, "{}\n");
    return p;
  }

  static String seedOf(Path userFile) throws IOException {
    return Json.createReader(new StringReader(Files.readString(userFile))).readObject().getString("mfaSeed");
  }

  @Test
  void mfa_enableThenRotate_codeStillMatchesTheEnrolment_seedBoundToItsUser() throws IOException {
    Path config = dir.resolve("config");
    Path carol = user("acme", "carol");
    user("acme", "dave");
    CliRun enabled = CliRun.run("mfa", "enable", "--config", config.toString(), "--tenant", "acme", "--user", "carol",
        "--key-file", keyFile.toString());
    assertEquals(0, enabled.status(), enabled.err());
    String secret = enabled.out().lines().filter(l -> l.startsWith("secret:")).findFirst().orElseThrow().substring("secret:".length()).strip();
    byte[] seed = Totp.base32(secret);
    assertTrue(seedOf(carol).startsWith("enc:v2." + ServerKey.fromFile(keyFile).currentKeyId() + "."), seedOf(carol));
    assertArrayEquals(seed, MfaSeeds.decrypt(ServerKey.fromFile(keyFile), "acme", "carol", seedOf(carol)));

    assertEquals(0, CliRun.run("keys", "rotate", "--key-file", keyFile.toString()).status());
    CliRun code = CliRun.run("mfa", "code", "--config", config.toString(), "--tenant", "acme", "--user", "carol", "--key-file", keyFile.toString());
    assertEquals(0, code.status(), code.err());
    String now = code.out().strip();
    assertTrue(Totp.verify(seed, now, Instant.now()), "the enrolment survives the rotation: " + now);

    // The same stored seed in dave's file does not open for dave.
    Path dave = dir.resolve("config/tenants/acme/users/dave.json");
    Files.writeString(dave, Json.createObjectBuilder().add("mfaSeed", seedOf(carol)).build().toString());
    CliRun copied = CliRun.run("mfa", "code", "--config", config.toString(), "--tenant", "acme", "--user", "dave", "--key-file", keyFile.toString());
    assertEquals(Main.EXIT_USAGE, copied.status(), copied.out());
    assertTrue(copied.out().isEmpty(), copied.out());
  }
}
