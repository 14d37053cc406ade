package io.iam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditEvent;
import io.iam4j.audit.AuditLog;
import io.iam4j.crypto.ServerKey;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.StatementRef;
import io.iam4j.policy.Effect;
import io.iam4j.policy.PolicyType;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow records in the trail, read offline: {@code iam audit query --type shadow} lists them with
 * both answers, {@code iam audit shadow} sums them per draft and gates a promotion with {@code
 * --fail-on}, and the chain with them still verifies.
 */
class AuditShadowCommandTest {
  static final String POLICY = "arn:iam4j:iam::acme:policy/ProjectDocs";
  @TempDir Path dir;
  Path trail;
  Path keyFile;

  static AuditEvent.ShadowDecisionEvent shadow(String user, String action, String result, Instant at) {
    boolean denied = result.equals("newly_denied");
    StatementRef rw = new StatementRef(PolicyType.IDENTITY, POLICY, 0, "ReadWrite", Effect.ALLOW);
    StatementRef list = new StatementRef(PolicyType.IDENTITY, POLICY, 1, "List", Effect.ALLOW);
    return new AuditEvent.ShadowDecisionEvent(at, "acme", "arn:iam4j:iam::acme:user/" + user, action,
        "arn:iam4j:docs::acme:bucket/projects/plan.txt", null, POLICY, "v3", "v2", result,
        denied ? Outcome.ALLOW : Outcome.IMPLICIT_DENY, denied ? List.of(rw) : List.of(),
        denied ? Outcome.IMPLICIT_DENY : Outcome.ALLOW, denied ? List.of() : List.of(list), 7);
  }

  @BeforeEach
  void trail() throws IOException {
    trail = dir.resolve("audit");
    keyFile = dir.resolve("server.key");
    Instant t = Instant.now().minus(Duration.ofHours(1));
    try (AuditLog log = AuditLog.open(AuditLog.Settings.of(trail, ServerKey.fromFile(keyFile)))) {
      log.record(shadow("bob", "docs:PutObject", "newly_denied", t));
      log.record(shadow("bob", "docs:PutObject", "newly_denied", t.plusSeconds(1)));
      log.record(shadow("erin", "docs:PutObject", "newly_denied", t.plusSeconds(2)));
      log.record(shadow("bob", "docs:ListObjects", "newly_allowed", t.plusSeconds(3)));
      assertTrue(log.flush(Duration.ofSeconds(10)));
    }
  }

  @Test
  void query_typeShadow_listsBothAnswers() {
    CliRun r = CliRun.run("audit", "query", "--type", "shadow", trail.toString());
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(4, lines.size(), r.out());
    assertTrue(lines.get(0).contains("shadow newly_denied  " + POLICY + " v3 (live v2)  arn:iam4j:iam::acme:user/bob  docs:PutObject"),
        lines.get(0));
    assertTrue(lines.get(0).endsWith("live Allow by identity " + POLICY + "#ReadWrite, draft ImplicitDeny"), lines.get(0));
    assertTrue(lines.get(3).endsWith("live ImplicitDeny, draft Allow by " + POLICY + "#List"), lines.get(3));
    // The live answer is the record's "decision": the same filter as for decision records.
    assertEquals(3, CliRun.run("audit", "query", "--type", "shadow", "--decision", "Allow", trail.toString()).out().lines().count());
  }

  @Test
  void shadow_sumsPerDraft_mostFrequentRequestsFirst() {
    CliRun r = CliRun.run("audit", "shadow", trail.toString());
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith(POLICY + " v3 (live v2, tenant acme): 3 newly denied, 1 newly allowed"), lines.get(0));
    assertEquals("  2x  newly_denied  arn:iam4j:iam::acme:user/bob  docs:PutObject  arn:iam4j:docs::acme:bucket/projects/plan.txt",
        lines.get(1));
    assertEquals(4, lines.size(), r.out());
    assertTrue(r.err().contains("1 draft(s) with differences"));

    JsonObject json = CliRun.run("audit", "shadow", "--format", "json", "--policy", "*:policy/ProjectDocs", trail.toString()).json();
    JsonObject draft = json.getJsonArray("drafts").getJsonObject(0);
    assertEquals("v3", draft.getString("version"));
    assertEquals(3, draft.getJsonObject("results").getInt("newly_denied"));
    assertEquals(1, draft.getJsonObject("results").getInt("newly_allowed"));
    assertEquals(2, draft.getJsonArray("requests").getJsonObject(0).getInt("count"));
    assertEquals(0, CliRun.run("audit", "shadow", "--format", "json", "--version", "v4", trail.toString()).json()
        .getJsonArray("drafts").size());
  }

  @Test
  void shadow_failOn_gatesPromotion() {
    assertEquals(2, CliRun.run("audit", "shadow", "--fail-on", "newly_denied", trail.toString()).status());
    assertEquals(2, CliRun.run("audit", "shadow", "--fail-on", "any", trail.toString()).status());
    assertEquals(0, CliRun.run("audit", "shadow", "--fail-on", "newly_allowed", "--policy", "*:policy/Other", trail.toString()).status());
    assertEquals(1, CliRun.run("audit", "shadow", "--fail-on", "sometimes", trail.toString()).status());
  }

  @Test
  void trailWithShadowRecords_verifies() {
    CliRun r = CliRun.run("audit", "verify", "--key-file", keyFile.toString(), trail.toString());
    assertEquals(0, r.status(), r.out() + r.err());
  }
}
