package io.iam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditEvent;
import io.iam4j.audit.AuditLog;
import io.iam4j.crypto.ServerKey;
import io.iam4j.eval.Outcome;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iam generate-policy} over a real trail and a catalog file, as an operator runs it offline. */
class GeneratePolicyCommandTest {
  static final String ALICE = "arn:iam4j:iam::acme:user/alice";
  static final String JOB = "arn:iam4j:iam::acme:role/ReportingJob";
  static final String CATALOG = """
      {"Services": [{"Name": "docs",
        "Actions": [
          {"Name": "GetObject", "Resources": [{"Name": "object", "Required": true}]},
          {"Name": "PutObject", "Annotations": {"Properties": {"IsWrite": true}}, "Resources": [{"Name": "object", "Required": true}]},
          {"Name": "ListObjects", "Annotations": {"Properties": {"IsList": true}}, "Resources": [{"Name": "bucket", "Required": true}]},
          {"Name": "ListBuckets", "Annotations": {"Properties": {"IsList": true}}, "Resources": []}],
        "Resources": [
          {"Name": "bucket", "ARNFormats": ["arn:iam4j:docs::${Account}:bucket/${Bucket}"]},
          {"Name": "object", "ARNFormats": ["arn:iam4j:docs::${Account}:bucket/${Bucket}/${Key}"]}]}]}
      """;

  @TempDir Path dir;
  Path trail;
  Path catalog;

  static AuditEvent.DecisionEvent allowed(String principal, String action, String resource, Instant at) {
    return new AuditEvent.DecisionEvent(at, "r-" + at.toEpochMilli(), "rest", "acme", principal, action, resource, "acme",
        Outcome.ALLOW, List.of(), null, null, null, false, 1, 0);
  }

  static String object(String bucket, String key) {
    return "arn:iam4j:docs::acme:bucket/" + bucket + "/" + key;
  }

  @BeforeEach
  void trail() throws IOException {
    trail = dir.resolve("audit");
    catalog = dir.resolve("catalog.json");
    Files.writeString(catalog, CATALOG);
    Instant recent = Instant.now().minus(Duration.ofHours(2));
    Instant old = Instant.now().minus(Duration.ofDays(10));
    try (AuditLog log = AuditLog.open(AuditLog.Settings.of(trail, ServerKey.fromFile(dir.resolve("server.key"))))) {
      log.record(allowed(ALICE, "docs:GetObject", object("reports", "2026/q1.txt"), recent));
      log.record(allowed(ALICE, "docs:GetObject", object("reports", "2026/q2.txt"), recent.plusSeconds(1)));
      log.record(allowed(ALICE, "docs:ListBuckets", "arn:iam4j:docs::acme:bucket/*", recent.plusSeconds(2)));
      log.record(allowed(ALICE, "docs:PutObject", object("old", "x.txt"), old));
      log.record(allowed("arn:iam4j:sts::acme:assumed-role/ReportingJob/run-1", "docs:PutObject", object("summaries", "1.txt"), recent));
      log.record(allowed("arn:iam4j:sts::acme:assumed-role/ReportingJob/run-2", "docs:PutObject", object("summaries", "2.txt"), recent));
      log.record(new AuditEvent.DecisionEvent(recent, "denied", "rest", "acme", ALICE, "docs:DeleteObject", object("reports", "a"),
          "acme", Outcome.IMPLICIT_DENY, List.of(), "identity", null, null, false, 1, 0));
      assertTrue(log.flush(Duration.ofSeconds(10)));
    }
  }

  static Policy parse(String text) {
    return PolicyParser.standard().parse(text, PolicyType.IDENTITY, "stdout");
  }

  @Test
  void printsThePolicy_generalizedWithTheCatalog() {
    CliRun r = CliRun.run("generate-policy", "--trail", trail.toString(), "--tenant", "acme", "--principal", ALICE, "--since", "7d",
        "--catalog", catalog.toString());
    assertEquals(0, r.status(), r.err());
    Policy p = parse(r.out());
    assertEquals(2, p.statements().size(), r.out());
    assertEquals(List.of("docs:GetObject"), p.statements().get(0).action().patterns());
    assertEquals(List.of("arn:iam4j:docs::acme:bucket/reports/*"), p.statements().get(0).resource().orElseThrow().patterns());
    assertEquals(List.of("docs:ListBuckets"), p.statements().get(1).action().patterns());
    assertEquals(List.of("*"), p.statements().get(1).resource().orElseThrow().patterns());
    // The write ten days ago is outside the window; the denied delete is no activity.
    assertFalse(r.out().contains("PutObject") || r.out().contains("DeleteObject"), r.out());
    assertTrue(r.err().contains("2 action(s) of 1 service(s) from 3 allowed request(s)"), r.err());
    assertTrue(r.err().contains("replayed 3 (3 distinct): all allowed"), r.err());
  }

  @Test
  void withoutACatalog_resourcesAreLiteral_andTheWholeTrailIsRead() {
    CliRun r = CliRun.run("generate-policy", "--trail", trail.toString(), "--principal", ALICE);
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("\"arn:iam4j:docs::acme:bucket/reports/2026/q1.txt\""), r.out());
    assertTrue(r.out().contains("\"arn:iam4j:docs::acme:bucket/${*}\""), r.out());
    assertTrue(r.out().contains("docs:PutObject"), r.out());
    assertTrue(r.err().contains("No --catalog"), r.err());
  }

  @Test
  void aRole_isItsSessions_inJson() {
    CliRun r = CliRun.run("generate-policy", "--trail", trail.toString(), "--principal", JOB, "--from",
        Instant.now().minus(Duration.ofDays(1)).toString(), "--catalog", catalog.toString(), "--format", "json");
    assertEquals(0, r.status(), r.err());
    JsonObject o = r.json();
    assertEquals(JOB, o.getString("PrincipalArn"));
    assertTrue(o.getBoolean("IsComplete"));
    assertEquals(2, o.getJsonObject("Statistics").getInt("Requests"));
    assertEquals(2, o.getJsonObject("Statistics").getInt("ReplayedRequests"));
    assertEquals(2, o.getJsonArray("Callers").size());
    assertEquals("arn:iam4j:docs::acme:bucket/summaries/*",
        o.getJsonObject("PolicyDocument").getJsonArray("Statement").getJsonObject(0).getJsonArray("Resource").getString(0));
    assertEquals("CATALOG", o.getJsonArray("Actions").getJsonObject(0).getString("Generalization"));
    assertTrue(r.err().contains("(2 session(s))"), r.err());
  }

  @Test
  void noActivity_printsNothing() {
    CliRun r = CliRun.run("generate-policy", "--trail", trail.toString(), "--principal", "arn:iam4j:iam::acme:user/bob");
    assertEquals(0, r.status(), r.err());
    assertEquals("", r.out());
    assertTrue(r.err().contains("nothing to generate"), r.err());
  }

  @Test
  void badInput_isAUsageError() throws IOException {
    assertEquals(1, CliRun.run("generate-policy", "--trail", trail.toString(), "--principal", "arn:iam4j:iam::acme:group/G").status());
    CliRun tenant = CliRun.run("generate-policy", "--trail", trail.toString(), "--principal", ALICE, "--tenant", "globex");
    assertEquals(1, tenant.status());
    assertTrue(tenant.err().contains("not the tenant"), tenant.err());
    assertEquals(1, CliRun.run("generate-policy", "--trail", trail.toString(), "--principal", ALICE, "--from", "2026-01-01",
        "--since", "7d").status());
    assertEquals(1, CliRun.run("generate-policy", "--trail", trail.toString(), "--principal", ALICE, "--since", "soon").status());
    assertEquals(1, CliRun.run("generate-policy", "--trail", dir.resolve("none").toString(), "--principal", ALICE).status());
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"Services\": [{\"Name\": 7}]}");
    CliRun bad = CliRun.run("generate-policy", "--trail", trail.toString(), "--principal", ALICE, "--catalog", broken.toString());
    assertEquals(1, bad.status());
    assertTrue(bad.err().contains("broken.json") && bad.err().contains("/Services/0/Name"), bad.err());
  }
}
