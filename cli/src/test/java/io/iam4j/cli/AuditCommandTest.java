package io.iam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditEvent;
import io.iam4j.audit.AuditLog;
import io.iam4j.crypto.ServerKey;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.StatementRef;
import io.iam4j.policy.Effect;
import io.iam4j.policy.PolicyType;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iam audit verify} and {@code iam audit query} as an operator runs them: output and exit status. */
class AuditCommandTest {
  @TempDir Path dir;
  Path trail;
  Path keyFile;
  Path file;

  static CliRun run(String... args) {
    return CliRun.run(args);
  }

  static AuditEvent.DecisionEvent decision(String user, String action, Outcome outcome, String sid, Instant at) {
    List<StatementRef> deciding = sid == null ? List.of()
        : List.of(new StatementRef(outcome == Outcome.ALLOW ? PolicyType.IDENTITY : PolicyType.GUARDRAIL,
            "arn:iam4j:iam::acme:policy/P", 0, sid, outcome == Outcome.ALLOW ? Effect.ALLOW : Effect.DENY));
    return new AuditEvent.DecisionEvent(at, "id-" + user + "-" + action, "rest", "acme", "arn:iam4j:iam::acme:user/" + user, action,
        "arn:iam4j:docs::acme:bucket/projects/plan.txt", null, outcome, deciding, sid == null && outcome != Outcome.ALLOW ? "identity" : null,
        null, "127.0.0.1", false, 4, 1);
  }

  @BeforeEach
  void trail() throws IOException {
    trail = dir.resolve("audit");
    keyFile = dir.resolve("server.key");
    Instant t = Instant.now().minus(Duration.ofHours(2));
    try (AuditLog log = AuditLog.open(AuditLog.Settings.of(trail, ServerKey.fromFile(keyFile)))) {
      log.record(decision("alice", "docs:GetObject", Outcome.ALLOW, "ReadProjects", t));
      log.record(decision("dave", "docs:PutObject", Outcome.IMPLICIT_DENY, null, t.plusSeconds(60)));
      log.record(decision("alice", "docs:DeleteObject", Outcome.EXPLICIT_DENY, "DeletesRequireMfa", Instant.now()));
      log.record(new AuditEvent.ConfigChangeEvent(Instant.now(), "acme", "UPDATED", "file reload", 3, 4, List.of("users/bob.json"),
          List.of("arn:iam4j:iam::acme:user/bob"), List.of()));
      assertTrue(log.flush(Duration.ofSeconds(10)));
    }
    try (var s = Files.list(trail)) {
      file = s.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
    }
  }

  @Test
  void verify_intactTrail_exit0_withSignature() {
    CliRun r = run("audit", "verify", "--key-file", keyFile.toString(), trail.toString());
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("6 records (seq 0 to 5), signature valid"), r.out());
    assertTrue(r.out().contains("OK: the chain is intact from its genesis to its head; signed up to seq 5"), r.out());
  }

  @Test
  void verify_changedRecord_exit2_namesTheLine() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(2, lines.get(2).replace("\"ImplicitDeny\"", "\"Allow\""));
    Files.writeString(file, String.join("\n", lines) + "\n");
    CliRun r = run("audit", "verify", file.toString());
    assertEquals(2, r.status(), r.out() + r.err());
    assertTrue(r.out().contains(file.getFileName() + ":3 (seq 2): changed:"), r.out());
    assertTrue(r.out().contains("TAMPERED: 1 finding(s)"), r.out());
  }

  @Test
  void verify_newestFileTruncated_json_caughtByTheHead() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    Files.writeString(file, String.join("\n", lines.subList(0, lines.size() - 2)) + "\n"); // the last decision and the checkpoint
    assertEquals(0, run("audit", "verify", file.toString()).status(), "a file alone: nothing follows its last record");
    CliRun r = run("audit", "verify", "--format", "json", "--key-file", keyFile.toString(), trail.toString());
    assertEquals(2, r.status(), r.out() + r.err());
    JsonObject json = r.json();
    assertFalse(json.getBoolean("ok"));
    JsonObject finding = json.getJsonArray("findings").getJsonObject(0);
    assertEquals("removed", finding.getString("kind"));
    assertTrue(finding.getString("message").contains("records seq 4 to 5 at its end were removed"), finding.toString());
  }

  @Test
  void verify_newestFileDeleted_exit2_theHeadRemembersIt() throws IOException {
    Files.delete(file);
    CliRun r = run("audit", "verify", "--key-file", keyFile.toString(), trail.toString());
    assertEquals(2, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("every file was deleted"), r.out());
  }

  @Test
  void publicKey_thenVerifyWithItAlone_noSecretNeeded() throws IOException {
    CliRun k = run("audit", "public-key", "--key-file", keyFile.toString());
    assertEquals(0, k.status(), k.err());
    assertTrue(k.out().startsWith("-----BEGIN PUBLIC KEY-----"), k.out());
    assertEquals(Files.readString(trail.resolve("audit-public-key.pem")), k.out(), "the server wrote the same key next to the trail");
    Path pem = dir.resolve("offline.pem");
    Files.writeString(pem, k.out());
    CliRun r = run("audit", "verify", "--public-key", pem.toString(), trail.toString());
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("key: public key " + pem), r.out());
    assertTrue(r.out().contains("signed up to seq 5"), r.out());
  }

  @Test
  void verify_otherServersPublicKey_exit2() throws IOException {
    Path other = dir.resolve("other.key");
    Path pem = dir.resolve("other.pem");
    assertEquals(1, run("audit", "public-key", "--key-file", other.toString()).status(), "no key file: nothing derived");
    ServerKey.fromFile(other);
    Files.writeString(pem, run("audit", "public-key", "--key-file", other.toString()).out());
    CliRun r = run("audit", "verify", "--public-key", pem.toString(), trail.toString());
    assertEquals(2, r.status(), r.out());
    assertTrue(r.out().contains("signature: "), r.out());
  }

  @Test
  void verify_missingFile_exit1() {
    CliRun r = run("audit", "verify", dir.resolve("nope.jsonl").toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("No audit file"), r.err());
  }

  @Test
  void query_text_whoDidWhatAndWhy() {
    CliRun r = run("audit", "query", trail.toString(), "--decision", "deny");
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size(), r.out());
    assertTrue(lines.get(0).contains("ImplicitDeny  arn:iam4j:iam::acme:user/dave  docs:PutObject  "
        + "arn:iam4j:docs::acme:bucket/projects/plan.txt  no identity-based policy allows"), lines.get(0));
    assertTrue(lines.get(1).contains("ExplicitDeny  arn:iam4j:iam::acme:user/alice  docs:DeleteObject  "
        + "arn:iam4j:docs::acme:bucket/projects/plan.txt  by guardrail arn:iam4j:iam::acme:policy/P#DeletesRequireMfa"), lines.get(1));
    assertTrue(r.err().contains("2 record(s)"), r.err());
  }

  @Test
  void query_json_filtersCombine() {
    CliRun r = run("audit", "query", "--format", "json", "--principal", "*:user/alice", "--action", "docs:get*", "--since", "1d",
        file.toString());
    assertEquals(0, r.status(), r.err());
    JsonArray records = r.json().getJsonArray("records");
    assertEquals(1, records.size(), r.out());
    assertEquals("Allow", records.getJsonObject(0).getString("decision"));
    assertEquals("ReadProjects", records.getJsonObject(0).getJsonArray("statements").getJsonObject(0).getString("sid"));
  }

  @Test
  void query_since_excludesOlderRecords() {
    CliRun r = run("audit", "query", "--format", "json", "--since", "30m", "--type", "decision", trail.toString());
    assertEquals(1, r.json().getInt("count"), r.out());
  }

  @Test
  void query_configChanges_text() {
    CliRun r = run("audit", "query", "--type", "config", "--tenant", "acme", trail.toString());
    assertTrue(r.out().contains("config UPDATED  tenant acme  v3 -> v4  (file reload)  arn:iam4j:iam::acme:user/bob"), r.out());
  }

  /** A write names its author in the cause and shows each file's content digests, before and after; the trail verifies. */
  @Test
  void query_configWrite_text_showsDigests() throws IOException {
    Path other = dir.resolve("audit-writes");
    try (AuditLog log = AuditLog.open(AuditLog.Settings.of(other, ServerKey.fromFile(keyFile)))) {
      log.record(new AuditEvent.ConfigChangeEvent(Instant.now(), "acme", "UPDATED", "write by arn:iam4j:iam::acme:user/carol: CreateAccessKey AKIA1",
          4, 5, List.of("users/dave.json", "users/erin.json"), List.of("arn:iam4j:iam::acme:user/dave"), List.of(),
          "arn:iam4j:iam::acme:user/carol", List.of(new io.iam4j.config.ConfigEvent.FileDigest("users/dave.json", "a".repeat(64), "b".repeat(64)),
              new io.iam4j.config.ConfigEvent.FileDigest("users/erin.json", null, "c".repeat(64)))));
      assertTrue(log.flush(Duration.ofSeconds(10)));
    }
    CliRun r = run("audit", "query", "--type", "config", other.toString());
    assertTrue(r.out().contains("v4 -> v5  (write by arn:iam4j:iam::acme:user/carol: CreateAccessKey AKIA1)  arn:iam4j:iam::acme:user/dave"
        + "  [users/dave.json aaaaaaaaaaaa -> bbbbbbbbbbbb, users/erin.json none -> cccccccccccc]"), r.out());
    assertEquals(0, run("audit", "verify", "--key-file", keyFile.toString(), other.toString()).status());
  }

  @Test
  void query_badTime_exit1() {
    CliRun r = run("audit", "query", "--since", "yesterday", trail.toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("Not a time"), r.err());
  }
}
