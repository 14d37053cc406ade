package io.iam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iam config validate} and {@code iam simulate --config} as a user runs them: output and exit status. */
class ConfigCommandTest {
  static final String BUCKET = "arn:iam4j:docs::acme:bucket/";

  @TempDir Path dir;

  /** The single result of a {@code simulate --config} run. */
  static JsonObject result(CliRun r) {
    JsonArray results = r.json().getJsonArray("results");
    assertEquals(1, results.size(), r.out());
    return results.getJsonObject(0);
  }

  static CliRun run(String... args) {
    return CliRun.run(args);
  }

  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  Path put(String path, String content) throws IOException {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  @BeforeEach
  void tree() throws IOException {
    put("tenants/acme/users/alice.json", j("{'inlinePolicies': {'Home': 'inline/home.json'}}"));
    put("tenants/acme/inline/home.json", j("""
        {'Version': '2012-10-17', 'Statement': [{'Sid': 'OwnHome', 'Effect': 'Allow', 'Action': 'docs:GetObject',
          'Resource': 'arn:iam4j:docs::acme:bucket/home/${aws:username}/*',
          'Condition': {'Bool': {'aws:SecureTransport': 'true'}}}]}"""));
    put("tenants/acme/roles/Reader.json", j("{'trustPolicy': 'trust/reader.json', 'inlinePolicies': {'Read': 'inline/read.json'}}"));
    put("tenants/acme/trust/reader.json", j("""
        {'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': 'arn:iam4j:iam::acme:user/alice'}, 'Action': 'sts:AssumeRole'}]}"""));
    put("tenants/acme/inline/read.json", j("""
        {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': ['docs:GetObject', 'docs:ListBucket'],
          'Resource': ['arn:iam4j:docs::acme:bucket/shared/*', 'arn:iam4j:docs::acme:bucket']}]}"""));
    put("tenants/globex/users/carol.json", j("{'inlinePolicies': {'Docs': 'inline/docs.json'}}"));
    put("tenants/globex/inline/docs.json", j("""
        {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:GetObject', 'Resource': '*'}]}"""));
  }

  void breakTree() throws IOException {
    put("tenants/acme/users/bob.json", j("{'groups': ['nope']}"));
  }

  String[] simulate(String principal, String action, String resource, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("simulate", "--config", dir.toString(), "--tenant", "acme",
        "--principal", principal, "--action", action, "--resource", resource));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  // ---------------------------------------------------------------- config validate

  @Test
  void configValidate_goodTree_exit0() {
    CliRun r = run("config", "validate", dir.toString());
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("tenant acme: ok"), r.out());
    assertTrue(r.out().contains("tenant globex: ok"), r.out());
  }

  @Test
  void configValidate_badTree_exit2_textNamesFileAndPointer() throws IOException {
    breakTree();
    CliRun r = run("config", "validate", dir.toString());
    assertEquals(2, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("tenant acme: 1 problem"), r.out());
    assertTrue(r.out().contains("tenants/acme/users/bob.json:"), r.out());
    assertTrue(r.out().contains("/groups/0: No group \"nope\""), r.out());
    assertTrue(r.out().contains("tenant globex: ok"), "the other tenant is still reported: " + r.out());
  }

  @Test
  void configValidate_badTree_json_exit2_fileAndPointer() throws IOException {
    breakTree();
    CliRun r = run("config", "validate", "--format", "json", dir.toString());
    assertEquals(2, r.status(), r.out() + r.err());
    JsonObject json = r.json();
    assertFalse(json.getBoolean("valid"));
    JsonObject acme = json.getJsonArray("tenants").stream().map(v -> v.asJsonObject())
        .filter(t -> t.getString("tenant").equals("acme")).findFirst().orElseThrow();
    assertFalse(acme.getBoolean("valid"));
    JsonObject problem = acme.getJsonArray("problems").getJsonObject(0);
    assertEquals("tenants/acme/users/bob.json", problem.getString("file"));
    assertEquals("/groups/0", problem.getString("pointer"));
    assertTrue(problem.getString("message").contains("nope"), problem.toString());
    assertEquals(1, problem.getInt("line"));
    assertTrue(problem.getInt("column") > 1, problem.toString());
  }

  @Test
  void configValidate_goodTree_json_valid() {
    CliRun r = run("config", "validate", "-f", "json", dir.toString());
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.json().getBoolean("valid"));
    assertEquals(2, r.json().getJsonArray("tenants").size());
  }

  @Test
  void configValidate_noTenantsDirectory_exit2() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    CliRun r = run("config", "validate", empty.toString());
    assertEquals(2, r.status());
    assertTrue(r.out().contains("tenants"), r.out());
  }

  @Test
  void config_withoutSubcommand_printsUsage() {
    CliRun r = run("config");
    assertEquals(0, r.status());
    assertTrue(r.out().contains("validate"), r.out());
  }

  // ---------------------------------------------------------------- simulate --config

  @Test
  void simulateConfig_userWithContext_allow() {
    CliRun r = run(simulate("user/alice", "docs:GetObject", BUCKET + "home/alice/notes.txt", "--context", "aws:SecureTransport=true"));
    assertEquals(0, r.status(), r.err());
    JsonObject result = result(r);
    assertEquals("Allow", result.getString("decision"));
    assertEquals("OwnHome", result.getJsonArray("decidingStatements").getJsonObject(0).getString("sid"));
    assertTrue(result.getString("message").contains("arn:iam4j:iam::acme:user/alice"), result.toString());
  }

  @Test
  void simulateConfig_missingContextKey_implicitDenyNamesTheKey() {
    CliRun r = run(simulate("user/alice", "docs:GetObject", BUCKET + "home/alice/notes.txt"));
    assertEquals(0, r.status(), r.err());
    JsonObject result = result(r);
    assertEquals("ImplicitDeny", result.getString("decision"));
    List<String> missing = result.getJsonArray("missingContextKeys").getValuesAs(JsonString.class).stream()
        .map(JsonString::getString).toList();
    assertEquals(List.of("aws:SecureTransport"), missing);
  }

  @Test
  void simulateConfig_usernameFilledFromDirectory_otherHomeDenied() {
    CliRun r = run(simulate("user/alice", "docs:GetObject", BUCKET + "home/bob/notes.txt", "--context", "aws:SecureTransport=true"));
    assertEquals(0, r.status(), r.err());
    assertEquals("ImplicitDeny", result(r).getString("decision"));
    assertEquals("identity", result(r).getString("noAllowIn"));
  }

  @Test
  void simulateConfig_roleSession_allow() {
    CliRun r = run(simulate("role/Reader/audit-1", "docs:GetObject", BUCKET + "shared/report.pdf"));
    assertEquals(0, r.status(), r.err());
    JsonObject result = result(r);
    assertEquals("Allow", result.getString("decision"));
    assertTrue(result.getString("message").contains("arn:iam4j:sts::acme:assumed-role/Reader/audit-1"), result.toString());
  }

  @Test
  void simulateConfig_roleSessionWithSessionPolicy_intersection() throws IOException {
    Path session = put("session.json", j("""
        {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:ListBucket', 'Resource': '*'}]}"""));
    CliRun get = run(simulate("role/Reader/s1", "docs:GetObject", BUCKET + "shared/report.pdf", "--session-policy", session.toString()));
    assertEquals(0, get.status(), get.err());
    assertEquals("ImplicitDeny", result(get).getString("decision"));
    assertEquals("session", result(get).getString("noAllowIn"));
    CliRun list = run(simulate("role/Reader/s1", "docs:ListBucket", "arn:iam4j:docs::acme:bucket", "--session-policy", session.toString()));
    assertEquals("Allow", result(list).getString("decision"));
  }

  @Test
  void simulateConfig_crossTenant_needsResourcePolicyNamingTheCaller() throws IOException {
    String[] base = {"simulate", "--config", dir.toString(), "--tenant", "globex", "--principal", "user/carol",
        "--action", "docs:GetObject", "--resource", BUCKET + "shared/report.pdf", "--resource-account", "acme"};
    CliRun without = run(base);
    assertEquals(0, without.status(), without.err());
    assertEquals("ImplicitDeny", result(without).getString("decision"), "carol's Resource * does not reach into acme");

    Path bucketPolicy = put("bucket.json", j("""
        {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': 'arn:iam4j:iam::globex:user/carol'},
          'Action': 'docs:GetObject', 'Resource': 'arn:iam4j:docs::acme:bucket/shared/*'}]}"""));
    List<String> args = new java.util.ArrayList<>(List.of(base));
    args.addAll(List.of("--resource-policy", bucketPolicy.toString()));
    CliRun with = run(args.toArray(String[]::new));
    assertEquals(0, with.status(), with.err());
    assertEquals("Allow", result(with).getString("decision"));
  }

  @Test
  void simulateConfig_root_allow() throws IOException {
    CliRun r = run(simulate("root", "docs:DeleteBucket", "arn:iam4j:docs::acme:bucket"));
    assertEquals(0, r.status(), r.err());
    assertEquals("Allow", result(r).getString("decision"));
  }

  @Test
  void simulateConfig_unknownUser_exit1_nothingOnStdout() {
    CliRun r = run(simulate("user/mallory", "docs:GetObject", BUCKET + "x"));
    assertEquals(1, r.status());
    assertEquals("", r.out());
    assertTrue(r.err().contains("mallory"), r.err());
  }

  @Test
  void simulateConfig_unknownTenantOrPrincipalForm_exit1() {
    CliRun tenant = run("simulate", "--config", dir.toString(), "--tenant", "initech", "--principal", "user/alice",
        "--action", "docs:GetObject");
    assertEquals(1, tenant.status());
    assertEquals(1, run(simulate("group/readers", "docs:GetObject", BUCKET + "x")).status());
  }

  @Test
  void simulateConfig_invalidTree_exit2_problemOnStderr_nothingOnStdout() throws IOException {
    breakTree();
    CliRun r = run(simulate("user/alice", "docs:GetObject", BUCKET + "home/alice/x"));
    assertEquals(2, r.status());
    assertEquals("", r.out());
    assertTrue(r.err().contains("tenants/acme/users/bob.json"), r.err());
    assertTrue(r.err().contains("/groups/0"), r.err());
  }

  @Test
  void simulateConfig_invalidSessionPolicy_exit2() throws IOException {
    Path session = put("session.json", j("{'Statement': [{'Effect': 'Allow', 'Action': 'docs', 'Resource': '*'}]}"));
    CliRun r = run(simulate("role/Reader/s1", "docs:GetObject", BUCKET + "shared/x", "--session-policy", session.toString()));
    assertEquals(2, r.status());
    assertEquals("", r.out());
    assertTrue(r.err().contains("/Statement/0/Action"), r.err());
  }

  @Test
  void simulateConfig_missingRequiredOption_exit1() {
    CliRun r = run("simulate", "--config", dir.toString(), "--principal", "user/alice", "--action", "docs:GetObject");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("--tenant"), r.err());
  }
}
