package io.iam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iam credential-report} as an operator runs it: the CSV from the configuration and the state files. */
class CredentialReportCommandTest {
  static final String HASH = "PBKDF2WithHmacSHA256:210000:c2FsdA==:aGFzaA==";
  static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
      + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
      + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
      + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
      + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

  @TempDir Path dir;
  Path config;

  void put(String path, String content) throws IOException {
    Path p = config.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content.replace('\'', '"'));
  }

  @BeforeEach
  void tree() throws IOException {
    config = dir.resolve("config");
    put("tenants/acme/tenant.json", "{'passwordPolicy': {'maxPasswordAge': 90}}");
    put("tenants/acme/users/alice.json", "{'created': '2026-01-01T00:00:00Z', 'passwordHash': '" + HASH + "',"
        + " 'loginProfile': {'created': '2026-01-01T00:00:00Z', 'changed': '2026-11-01T00:00:00Z'}}");
    put("tenants/acme/users/bob.json", "{}");
    Files.setLastModifiedTime(config.resolve("tenants/acme/users/bob.json"), FileTime.from(Instant.parse("2025-02-03T04:05:06Z")));
    put("state/passwords-last-used.json", "{'version': 1, 'tenants': {'acme': {'alice': '2026-12-06T09:00:00Z'}}}");
  }

  static Map<String, String> row(String csv, String user) {
    List<String> lines = csv.lines().toList();
    List<String> header = List.of(lines.get(0).split(","));
    String line = lines.stream().filter(l -> l.startsWith(user + ",")).findFirst().orElseThrow(() -> new AssertionError(user + " in " + csv));
    String[] v = line.split(",", -1);
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      m.put(header.get(i), v[i]);
    }
    return m;
  }

  @Test
  void oneTenant_printsItsCsv() {
    CliRun r = CliRun.run("credential-report", "--config", config.toString());
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(HEADER, lines.get(0));
    assertTrue(lines.get(1).startsWith("<root_account>,arn:iam4j:iam::acme:root,"), lines.get(1));
    assertEquals(4, lines.size(), r.out());
    Map<String, String> alice = row(r.out(), "alice");
    assertEquals("2026-01-01T00:00:00+00:00", alice.get("user_creation_time"));
    assertEquals("true", alice.get("password_enabled"));
    assertEquals("2026-12-06T09:00:00+00:00", alice.get("password_last_used"), "from the state file");
    assertEquals("2026-11-01T00:00:00+00:00", alice.get("password_last_changed"));
    assertEquals("2027-01-30T00:00:00+00:00", alice.get("password_next_rotation"), "changed + MaxPasswordAge 90 days");
    Map<String, String> bob = row(r.out(), "bob");
    assertEquals("2025-02-03T04:05:06+00:00", bob.get("user_creation_time"), "no \"created\": the file's time");
    assertEquals("false", bob.get("password_enabled"));
    assertEquals("N/A", bob.get("password_last_used"));
  }

  @Test
  void readsOnly() throws IOException {
    String state = Files.readString(config.resolve("state/passwords-last-used.json"));
    assertEquals(0, CliRun.run("credential-report", "--config", config.toString(), "--tenant", "acme").status());
    assertEquals(state, Files.readString(config.resolve("state/passwords-last-used.json")));
    assertFalse(Files.exists(config.resolve("state/access-keys-last-used.json")));
  }

  @Test
  void severalTenants_needTenantOrOutputDir() throws IOException {
    put("tenants/globex/users/carol.json", "{}");
    CliRun r = CliRun.run("credential-report", "--config", config.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("Several tenants [acme, globex]"), r.err());
    CliRun one = CliRun.run("credential-report", "--config", config.toString(), "--tenant", "globex");
    assertEquals(0, one.status(), one.err());
    assertTrue(one.out().contains("\ncarol,arn:iam4j:iam::globex:user/carol,"), one.out());
    Path out = dir.resolve("reports");
    CliRun all = CliRun.run("credential-report", "--config", config.toString(), "--output-dir", out.toString());
    assertEquals(0, all.status(), all.err());
    assertTrue(Files.readString(out.resolve("acme.csv")).startsWith(HEADER + "\n<root_account>"));
    assertTrue(Files.readString(out.resolve("globex.csv")).contains("\ncarol,"));
  }

  @Test
  void unknownTenant_usage() {
    CliRun r = CliRun.run("credential-report", "--config", config.toString(), "--tenant", "nope");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("No tenant \"nope\""), r.err());
  }

  @Test
  void tenantThatDoesNotLoad_exit2_withTheProblem() throws IOException {
    put("tenants/acme/users/bob.json", "{'groups': ['Missing']}");
    CliRun r = CliRun.run("credential-report", "--config", config.toString(), "--tenant", "acme");
    assertEquals(2, r.status(), r.out());
    assertTrue(r.err().contains("users/bob.json"), r.err());
  }

  @Test
  void noConfiguration_usage() {
    CliRun r = CliRun.run("credential-report", "--config", dir.resolve("none").toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("No configuration"), r.err());
  }
}
