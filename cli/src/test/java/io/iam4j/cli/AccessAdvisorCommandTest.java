package io.iam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iam access-advisor} and {@code iam unused-access} offline over a configuration tree and the
 * advisor's file as the server writes it: the report's services and actions with the granting
 * statement, and the findings with exit status 2 for CI.
 */
class AccessAdvisorCommandTest {
  static final String DEV = "arn:iam4j:iam::acme:user/dev";
  @TempDir Path dir;
  Path config;
  final Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

  void put(String path, String content) throws IOException {
    Path p = config.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content.replace('\'', '"'));
  }

  @BeforeEach
  void tree() throws IOException {
    config = dir.resolve("config");
    put("tenants/acme/users/dev.json", "{'inlinePolicies': {'Read': 'inline/read.json'}}");
    put("tenants/acme/inline/read.json", "{'Version': '2012-10-17', 'Statement': [{'Sid': 'Read', 'Effect': 'Allow',"
        + " 'Action': ['docs:GetObject', 'docs:ListObjects'], 'Resource': '*'}]}");
    put("tenants/acme/roles/Job.json", "{'trustPolicy': 'trust/job.json', 'inlinePolicies': {'List': 'inline/list.json'}}");
    put("tenants/acme/trust/job.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': '" + DEV + "'},"
        + " 'Action': 'sts:AssumeRole'}]}");
    put("tenants/acme/inline/list.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:ListBuckets',"
        + " 'Resource': '*'}]}");
    // The advisor's file as the server writes it: dev got docs:GetObject yesterday, allowed by its inline statement 0.
    put("state/access-advisor.json", "{'version': 1, 'trackingSince': '2026-01-01T00:00:00Z', 'tenants': {'acme': {'principals': {'"
        + DEV + "': {'actions': {'docs:GetObject': {'lastAuthenticated': '" + yesterday + "', 'lastAllowed': '" + yesterday + "',"
        + " 'statement': {'type': 'identity', 'policy': '" + DEV + "#Read', 'index': 0, 'sid': 'Read'}}}}}, 'policies': {}}}}");
  }

  @Test
  void theReportShowsEachAllowedActionWithItsLastAccessAndStatement() {
    CliRun r = CliRun.run("access-advisor", "--config", config.toString(), "--tenant", "acme", "--entity", "user/dev", "--action-level");
    assertEquals(0, r.status(), r.err());
    String get = r.out().lines().filter(l -> l.contains("GetObject")).findFirst().orElseThrow();
    assertTrue(get.contains(yesterday.toString()) && get.contains("allowed by " + DEV + "#Read statement 0 (Read)"), r.out());
    String list = r.out().lines().filter(l -> l.contains("ListObjects")).findFirst().orElseThrow();
    assertTrue(list.contains("Not accessed") && list.contains("allowable by " + DEV + "#Read"), r.out());

    CliRun json = CliRun.run("access-advisor", "--config", config.toString(), "--tenant", "acme", "--entity", DEV, "--json");
    assertEquals(0, json.status(), json.err());
    JsonObject o = jakarta.json.Json.createReader(new StringReader(json.out())).readObject();
    JsonObject docs = o.getJsonArray("ServicesLastAccessed").getJsonObject(0);
    assertEquals("docs", docs.getString("ServiceNamespace"));
    assertEquals(yesterday.toString(), docs.getString("LastAuthenticated"));
    assertEquals("Read", docs.getJsonObject("LastAuthenticatedStatement").getString("PolicyName"));
    assertFalse(docs.containsKey("TrackedActionsLastAccessed"), "service level");

    assertEquals(1, CliRun.run("access-advisor", "--config", config.toString(), "--tenant", "acme", "--entity", "user/nobody").status());
  }

  @Test
  void unusedAccessListsTheFindingsAndExitsTwo() {
    CliRun r = CliRun.run("unused-access", "--config", config.toString(), "--tenant", "acme", "--days", "30");
    assertEquals(2, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("UnusedIAMRole arn:iam4j:iam::acme:role/Job: last used never"), r.out());
    assertTrue(r.out().contains("  docs:ListObjects last accessed never (since tracking began), allowed by " + DEV + "#Read statement 0 (Read)"),
        r.out());
    assertFalse(r.out().contains("docs:GetObject"), "used yesterday: " + r.out());

    CliRun json = CliRun.run("unused-access", "--config", config.toString(), "--days", "30", "--type", "UnusedPermission", "--json");
    assertEquals(2, json.status());
    JsonObject o = jakarta.json.Json.createReader(new StringReader(json.out())).readObject();
    assertEquals(1, o.getJsonArray("Findings").size());
    assertEquals("docs:ListObjects", o.getJsonArray("Findings").getJsonObject(0).getJsonArray("UnusedPermissionDetails").getJsonObject(0)
        .getJsonArray("Actions").getJsonObject(0).getString("Action"));

    CliRun none = CliRun.run("unused-access", "--config", config.toString(), "--type", "UnusedIAMUserAccessKey");
    assertEquals(0, none.status(), none.out());
    assertEquals(1, CliRun.run("unused-access", "--config", config.toString(), "--days", "0").status());
  }
}
