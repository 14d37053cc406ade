package io.iam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.config.AccessKeyUsage;
import io.iam4j.config.AccessKeys;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.OwnedAccessKey;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iam access-key ...} as an operator runs it: output, exit status and the files it leaves. */
class AccessKeyCommandTest {
  @TempDir Path dir;
  Path config;

  @BeforeEach
  void tree() throws IOException {
    config = dir.resolve("config");
    for (String u : List.of("acme/users/alice", "acme/users/bob")) {
      Path p = config.resolve("tenants/" + u + ".json");
      Files.createDirectories(p.getParent());
      Files.writeString(p, "{}\n");
    }
  }

  CliRun run(String command, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("access-key", command, "--config", config.toString(), "--tenant", "acme"));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  static String field(CliRun r, String name) {
    return r.out().lines().filter(l -> l.startsWith(name + ":")).findFirst().orElseThrow().substring(name.length() + 1).strip();
  }

  String aliceFile() throws IOException {
    return Files.readString(config.resolve("tenants/acme/users/alice.json"));
  }

  @Test
  void create_printsIdAndSecretOnce_fileSealed_secretOpensWithTheKeyFile() throws IOException {
    CliRun r = run("create", "--user", "alice");
    assertEquals(0, r.status(), r.err());
    String id = field(r, "AccessKeyId");
    String secret = field(r, "SecretAccessKey");
    assertTrue(id.matches("AKIA[A-Z2-7]{16}"), id);
    assertTrue(secret.matches("[A-Za-z0-9+/]{40}"), secret);
    assertTrue(r.out().contains("will not be shown again"), r.out());
    assertFalse(aliceFile().contains(secret));
    assertTrue(Files.isRegularFile(config.resolve("server.key")), "the key file is created as the server would");

    ServerKey key = ServerKey.fromFile(config.resolve("server.key"));
    try (ConfigStore store = ConfigStore.open(ConfigStore.Settings.of(config).withServerKey(key))) {
      OwnedAccessKey k = store.directory().accessKey(id).orElseThrow();
      assertEquals(secret, AccessKeys.secret(key, k));
    }

    CliRun list = run("list", "--user", "alice");
    assertEquals(0, list.status(), list.err());
    assertTrue(list.out().contains(id) && list.out().contains("Active"), list.out());
    assertFalse(list.out().contains(secret), "never again");
  }

  @Test
  void createJson_awsShape_noteOnStderr() {
    CliRun r = run("create", "--user", "bob", "--json");
    assertEquals(0, r.status(), r.err());
    JsonObject k = r.json().getJsonObject("AccessKey");
    assertEquals("bob", k.getString("UserName"));
    assertEquals("Active", k.getString("Status"));
    assertEquals(40, k.getString("SecretAccessKey").length());
    Instant.parse(k.getString("CreateDate"));
    assertTrue(r.err().contains("will not be shown again"), r.err());

    CliRun list = run("list", "--user", "bob", "--json");
    JsonObject m = list.json().getJsonArray("AccessKeyMetadata").getJsonObject(0);
    assertEquals(k.getString("AccessKeyId"), m.getString("AccessKeyId"));
    assertFalse(m.containsKey("SecretAccessKey"));
  }

  @Test
  void third_limitExceeded_exit2() throws IOException {
    assertEquals(0, run("create", "--user", "alice").status());
    assertEquals(0, run("create", "--user", "alice").status());
    String before = aliceFile();
    CliRun third = run("create", "--user", "alice");
    assertEquals(Main.EXIT_INVALID, third.status());
    assertEquals("LimitExceeded: Cannot exceed quota for AccessKeysPerUser: 2", third.err().strip());
    assertTrue(third.out().isEmpty(), "no secret for a key that was not made");
    assertEquals(before, aliceFile());
  }

  @Test
  void deactivate_activate_delete() throws IOException {
    String id = field(run("create", "--user", "alice"), "AccessKeyId");
    CliRun off = run("deactivate", "--user", "alice", "--key", id);
    assertEquals(0, off.status(), off.err());
    assertTrue(aliceFile().contains("\"status\": \"Inactive\""));
    assertTrue(run("list", "--user", "alice").out().contains("Inactive"));
    assertEquals(0, run("activate", "--user", "alice", "--key", id).status());
    assertTrue(aliceFile().contains("\"status\": \"Active\""));
    CliRun del = run("delete", "--user", "alice", "--key", id);
    assertEquals(0, del.status(), del.err());
    assertFalse(aliceFile().contains(id));
    CliRun again = run("delete", "--user", "alice", "--key", id);
    assertEquals(Main.EXIT_INVALID, again.status());
    assertEquals("NoSuchEntity: The Access Key with id " + id + " cannot be found.", again.err().strip());
  }

  @Test
  void noSuchUser_exit2_missingOption_exit1() {
    CliRun r = run("create", "--user", "nobody");
    assertEquals(Main.EXIT_INVALID, r.status());
    assertEquals("NoSuchEntity: The user with name nobody cannot be found.", r.err().strip());
    assertEquals(Main.EXIT_USAGE, run("delete", "--user", "alice").status(), "--key is required");
  }

  @Test
  void lastUsed_nA_thenWhatTheServerRecorded() {
    String id = field(run("create", "--user", "alice"), "AccessKeyId");
    CliRun never = run("last-used", "--key", id);
    assertEquals(0, never.status(), never.err());
    assertEquals("alice", field(never, "UserName"));
    assertEquals("N/A", field(never, "LastUsedDate"));
    assertEquals("N/A", field(never, "ServiceName"));
    assertEquals("N/A", field(never, "Region"));

    try (AccessKeyUsage server = AccessKeyUsage.open(AccessKeyUsage.defaultFile(config), Clock.systemUTC(), null)) {
      server.record(id, Instant.parse("2026-12-07T10:00:00Z"), "docs", "local");
    }
    CliRun used = run("last-used", "--key", id, "--json");
    assertEquals(0, used.status(), used.err());
    assertEquals("alice", used.json().getString("UserName"));
    JsonObject last = used.json().getJsonObject("AccessKeyLastUsed");
    assertEquals("2026-12-07T10:00:00Z", last.getString("LastUsedDate"));
    assertEquals("docs", last.getString("ServiceName"));
    assertEquals("local", last.getString("Region"));

    CliRun unknown = run("last-used", "--key", "AKIAAAAAAAAAAAAAAAAA");
    assertEquals(Main.EXIT_INVALID, unknown.status());
    assertTrue(unknown.err().startsWith("NoSuchEntity: "), unknown.err());
  }

  @Test
  void brokenTenant_problemsNamed_exit2() throws IOException {
    Files.writeString(config.resolve("tenants/acme/users/bob.json"), "{\"accessKeys\": [{\"id\": \"AKIA\"}]}");
    CliRun r = run("create", "--user", "alice");
    assertEquals(Main.EXIT_INVALID, r.status());
    assertTrue(r.err().contains("tenants/acme/users/bob.json") && r.err().contains("/accessKeys/0/id"), r.err());
    assertTrue(r.out().isEmpty());
  }
}
