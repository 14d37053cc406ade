package io.iam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.catalog.AccessLevel;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.ActionEntry;
import io.iam4j.catalog.CatalogJson;
import io.iam4j.catalog.ServiceReference;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iam check-no-new-access} and {@code iam check-access} as a CI pipeline runs them: exit status and output. */
class CheckNoNewAccessCommandTest {
  @TempDir Path dir;

  static final String READ = "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'docs:GetObject',"
      + "'Resource':'arn:iam4j:docs::acme:bucket/reports/*'}]}";
  static final String READ_WRITE = "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'docs:GetObject',"
      + "'Resource':'arn:iam4j:docs::acme:bucket/reports/*'},{'Sid':'Write','Effect':'Allow','Action':'docs:*Object',"
      + "'Resource':'arn:iam4j:docs::acme:bucket/reports/*'}]}";

  Path put(String name, String singleQuoted) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, singleQuoted.replace('\'', '"'));
    return p;
  }

  @Test
  void policies_noNewAccess_exitsZero() throws IOException {
    CliRun r = CliRun.run("check-no-new-access", "--existing", put("old.json", READ_WRITE).toString(), "--new", put("new.json", READ).toString());
    assertEquals(0, r.status(), r.err() + r.out());
    assertTrue(r.out().startsWith("PASS"), r.out());
  }

  @Test
  void policies_newAccess_exitsTwoWithTheCounterexample() throws IOException {
    CliRun r = CliRun.run("check-no-new-access", "--existing", put("old.json", READ).toString(), "--new", put("new.json", READ_WRITE).toString(),
        "--format", "json");
    assertEquals(2, r.status(), r.err() + r.out());
    JsonObject o = r.json();
    assertEquals("FAIL", o.getString("result"));
    JsonObject c = o.getJsonObject("counterexample");
    assertTrue(c.getString("resource").startsWith("arn:iam4j:docs::acme:bucket/reports/"), c.toString());
    assertEquals("Allow", c.getJsonObject("updatedDecision").getString("decision"));
    assertEquals("ImplicitDeny", c.getJsonObject("existingDecision").getString("decision"));
    assertEquals(1, o.getJsonArray("reasons").getJsonObject(0).getInt("statementIndex"));
    assertEquals("Write", o.getJsonArray("reasons").getJsonObject(0).getString("statementId"));
  }

  @Test
  void policies_catalog_counterexampleIsACatalogAction() throws IOException {
    ActionCatalog catalog = ActionCatalog.of(List.of(new ServiceReference("docs", List.of(
        new ActionEntry("GetObject", AccessLevel.READ, List.of(), List.of(), List.of()),
        new ActionEntry("DeleteObject", AccessLevel.WRITE, List.of(), List.of(), List.of())), List.of(), List.of())));
    Path file = dir.resolve("catalog.json");
    Files.writeString(file, CatalogJson.print(CatalogJson.toJson(catalog)));
    CliRun r = CliRun.run("check-no-new-access", "--existing", put("old.json", READ).toString(), "--new", put("new.json", READ_WRITE).toString(),
        "--catalog", file.toString(), "--catalog-only", "--format", "json");
    assertEquals(2, r.status(), r.err() + r.out());
    assertEquals("docs:DeleteObject", r.json().getJsonObject("counterexample").getString("action"));
  }

  @Test
  void policies_invalidDocument_exitsOneNamingFileAndPointer() throws IOException {
    Path bad = put("bad.json", "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'docs:Get*','Resource':'bucket/x'}]}");
    CliRun r = CliRun.run("check-no-new-access", "--existing", put("old.json", READ).toString(), "--new", bad.toString());
    assertEquals(1, r.status(), r.err() + r.out());
    assertTrue(r.err().contains(bad.toString()) && r.err().contains("/Statement/0/Resource"), r.err());
  }

  @Test
  void policies_resourcePolicyOpenedToEveryone_exitsTwoWithAnOutsider() throws IOException {
    String old = "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':{'AWS':'arn:iam4j:iam::acme:root'},"
        + "'Action':'docs:GetObject','Resource':'arn:iam4j:docs::acme:bucket/reports/*'}]}";
    CliRun r = CliRun.run("check-no-new-access", "--type", "resource", "--existing", put("old.json", old).toString(),
        "--new", put("new.json", old.replace("{'AWS':'arn:iam4j:iam::acme:root'}", "'*'")).toString());
    assertEquals(2, r.status(), r.err() + r.out());
    assertTrue(r.out().contains("principal:"), r.out());
  }

  static void copyTenant(String tenant, Path to) throws IOException {
    Path from = Path.of("..", "config", "tenants", tenant);
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target);
      }
    }
  }

  @Test
  void tenants_unchangedAndChanged_exitZeroThenTwo() throws IOException {
    Path before = dir.resolve("before/acme");
    Path after = dir.resolve("after/acme-new");
    copyTenant("acme", before);
    copyTenant("acme", after);
    CliRun same = CliRun.run("check-no-new-access", "--existing-tenant", before.toString(), "--new-tenant", after.toString());
    assertEquals(0, same.status(), same.err() + same.out());
    Path meta = before.resolve("policies/ProjectDocsAccess/policy.json");
    Files.writeString(meta, Files.readString(meta).replace("\"defaultVersion\": \"v2\"", "\"defaultVersion\": \"v1\""));
    CliRun changed = CliRun.run("check-no-new-access", "--existing-tenant", before.toString(), "--new-tenant", after.toString(),
        "--format", "json");
    assertEquals(2, changed.status(), changed.err() + changed.out());
    assertEquals("acme", changed.json().getString("tenant"));
    assertTrue(changed.json().getJsonArray("principals").stream().map(v -> v.asJsonObject())
        .anyMatch(p -> p.getString("principal").equals("user/alice") && p.getString("result").equals("FAIL")), changed.out());
  }

  @Test
  void tenants_invalidFile_exitsOneNamingFileAndPointer() throws IOException {
    Path before = dir.resolve("before/acme");
    Path after = dir.resolve("after/acme");
    copyTenant("acme", before);
    copyTenant("acme", after);
    Files.writeString(after.resolve("users/alice.json"), "{\"groups\": 7}");
    CliRun r = CliRun.run("check-no-new-access", "--existing-tenant", before.toString(), "--new-tenant", after.toString());
    assertEquals(1, r.status(), r.err() + r.out());
    assertTrue(r.err().contains("alice.json") && r.err().contains("/groups"), r.err());
  }

  @Test
  void checkAccess_sampleTenant_exitsZero_trustForEveryone_exitsTwo() throws IOException {
    Path acme = dir.resolve("acme");
    copyTenant("acme", acme);
    CliRun ok = CliRun.run("check-access", "--tenant", acme.toString());
    assertEquals(0, ok.status(), ok.err() + ok.out());
    Path trust = acme.resolve("trust/reporting-job.json");
    Files.writeString(trust, Files.readString(trust).replace("\"AWS\": \"arn:iam4j:iam::acme:user/carol\"", "\"AWS\": \"*\""));
    CliRun open = CliRun.run("check-access", "--tenant", acme.toString(), "--format", "json");
    assertEquals(2, open.status(), open.err() + open.out());
    assertTrue(open.json().getJsonArray("findings").stream().map(v -> v.asJsonObject())
        .anyMatch(f -> f.getString("principal").equals("anonymous") && f.getBoolean("confirmed")), open.out());
  }
}
