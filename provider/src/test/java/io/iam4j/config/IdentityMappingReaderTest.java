package io.iam4j.config;

import static io.iam4j.config.TenantLoaderTest.assertProblem;
import static io.iam4j.config.TenantLoaderTest.j;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.directory.Arns;
import io.iam4j.directory.IdentityMapping;
import io.iam4j.directory.Tenant;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code identity-mapping.json}: read into the tenant, and every mistake a located problem (file,
 * JSON pointer, line and column) that keeps the running configuration.
 */
class IdentityMappingReaderTest {
  static final String FILE = "tenants/acme/identity-mapping.json";
  final TenantLoader loader = new TenantLoader(Arns.DEFAULT, TenantLoaderTest.PROVIDER,
      new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true)));
  final Map<String, String> files = TenantLoaderTest.completeTenant();

  static final String PROVIDER = "{'url': 'https://idp.acme.example/realms/acme', 'clientIds': ['docs-app']}";

  Tenant load(String mapping) {
    files.put("identity-mapping.json", j(mapping));
    return loader.load("acme", files, "tenants/acme/");
  }

  List<ConfigProblem> problems(String mapping) {
    files.put("identity-mapping.json", j(mapping));
    return assertThrows(ConfigException.class, () -> loader.load("acme", files, "tenants/acme/")).problems();
  }

  @Test
  void load_noFile_noMapping() {
    assertSame(IdentityMapping.NONE, loader.load("acme", files, "tenants/acme/").identityMapping());
  }

  @Test
  void load_completeFile_readIntoTheTenant() {
    IdentityMapping m = load("{'directoryUsers': true, 'openIdConnectProviders': [" + PROVIDER + "],"
        + " 'groups': {'staff': 'devs'},"
        + " 'rules': [{'sid': 'Staff', 'match': {'caller': '*@acme.example', 'groups': ['staff', 'admins']}, 'user': '${caller:local}'},"
        + "  {'sid': 'Fed', 'precedence': 200, 'match': {'issuer': 'https://idp.acme.example/realms/acme',"
        + "   'claims': {'email_verified': 'true'}}, 'role': 'Auditor', 'sessionName': '${claim:email}'}]}").identityMapping();
    assertTrue(m.present());
    assertTrue(m.directoryUsers());
    assertEquals("tenants/acme/identity-mapping.json", m.source());
    IdentityMapping.OidcProvider p = m.providers().get(0);
    assertEquals("idp.acme.example/realms/acme", p.name());
    assertEquals("arn:iam4j:iam::acme:oidc-provider/idp.acme.example/realms/acme", p.arn());
    assertEquals(Map.of("staff", List.of("devs")), m.groups());
    assertEquals(100, m.rules().get(0).precedence(), "the default precedence");
    assertEquals("/rules/1", m.rules().get(1).pointer());
    IdentityMapping.Target.ToRole role = assertInstanceOf(IdentityMapping.Target.ToRole.class, m.rules().get(1).target());
    assertEquals(p, role.provider());
    assertEquals("${claim:email}", role.sessionName());
  }

  @Test
  void load_directoryUsersDefaultsToFalse_withAFile() {
    assertFalse(load("{'rules': []}").identityMapping().directoryUsers());
  }

  // ---------------------------------------------------------------- names that must exist

  @Test
  void load_ruleNamingMissingUser_locatedAtTheUser() {
    ConfigProblem p = assertProblem(problems("{'rules': [\n  {'sid': 'A', 'match': {'caller': 'x*'},\n   'user': 'zed'}]}"),
        FILE, "/rules/0/user", "No user \"zed\"");
    assertEquals(3, p.location().line(), p.toString());
  }

  @Test
  void load_ruleNamingMissingRole_located() {
    assertProblem(problems("{'openIdConnectProviders': [" + PROVIDER + "], 'rules': [{'sid': 'A', 'match': "
        + "{'issuer': 'https://idp.acme.example/realms/acme'}, 'role': 'Ghost'}]}"), FILE, "/rules/0/role", "No role \"Ghost\"");
  }

  @Test
  void load_groupMappingToMissingGroup_located() {
    assertProblem(problems("{'groups': {'staff': ['devs', 'ops']}}"), FILE, "/groups/staff/1", "No group \"ops\"");
  }

  @Test
  void load_userTemplate_onlyCheckedWhenRendered() {
    load("{'rules': [{'sid': 'A', 'user': 'ext-${claim:sub}'}]}");
    assertProblem(problems("{'rules': [{'sid': 'A', 'user': '${aws:username}'}]}"), FILE, "/rules/0/user", "Unknown variable");
  }

  // ---------------------------------------------------------------- ambiguity

  @Test
  void load_sameMatchSamePrecedenceDifferentTargets_ambiguous_locatedAtTheLaterRule() {
    List<ConfigProblem> ps = problems("{'rules': [\n{'sid': 'A', 'match': {'groups': 'staff'}, 'user': 'alice'},\n"
        + "{'sid': 'B', 'match': {'groups': 'admins'}, 'user': 'bob'}]}");
    ConfigProblem p = assertProblem(ps, FILE, "/rules/1", "Rules A (/rules/0) and B (/rules/1) have the same precedence (100)");
    assertEquals(3, p.location().line());
    assertTrue(p.message().contains("lower \"precedence\""), p.message());
  }

  @Test
  void load_overlappingCallerPatterns_ambiguous() {
    assertProblem(problems("{'rules': [{'sid': 'A', 'match': {'caller': 'a*'}, 'user': 'alice'},"
        + " {'sid': 'B', 'match': {'caller': '*z'}, 'user': 'bob'}]}"), FILE, "/rules/1", "can both match one caller");
  }

  @Test
  void load_exclusiveByCallerIssuerOrSingleValuedClaim_orByPrecedence_fine() {
    load("{'rules': [{'sid': 'A', 'match': {'caller': 'a*'}, 'user': 'alice'}, {'sid': 'B', 'match': {'caller': 'b*'}, 'user': 'bob'}]}");
    load("{'rules': [{'sid': 'A', 'match': {'issuer': 'https://a.example'}, 'user': 'alice'},"
        + " {'sid': 'B', 'match': {'claims': {'iss': 'https://b.example'}}, 'user': 'bob'}]}");
    load("{'rules': [{'sid': 'A', 'match': {'claims': {'sub': 'a-*'}}, 'user': 'alice'},"
        + " {'sid': 'B', 'match': {'claims': {'sub': 'b-*'}}, 'user': 'bob'}]}");
    load("{'rules': [{'sid': 'A', 'precedence': 1, 'match': {'groups': 'staff'}, 'user': 'alice'},"
        + " {'sid': 'B', 'match': {'groups': 'admins'}, 'user': 'bob'}]}");
    // The same target twice is no ambiguity.
    load("{'rules': [{'sid': 'A', 'match': {'groups': 'staff'}, 'user': 'alice'}, {'sid': 'B', 'match': {'caller': 'al*'}, 'user': 'alice'}]}");
  }

  @Test
  void load_claimThatMayBeAnArray_neverSeparatesRules() {
    // An IdP may send department as ["eng", "ops"]: both rules would match.
    assertProblem(problems("{'rules': [{'sid': 'A', 'match': {'claims': {'department': 'eng'}}, 'user': 'alice'},"
        + " {'sid': 'B', 'match': {'claims': {'department': 'ops'}}, 'user': 'bob'}]}"), FILE, "/rules/1", "can both match");
  }

  // ---------------------------------------------------------------- shapes

  @Test
  void load_roleRuleNeedsOneRegisteredIssuer() {
    assertProblem(problems("{'openIdConnectProviders': [" + PROVIDER + "], 'rules': [{'sid': 'A', 'match': {'caller': 'x'}, "
        + "'role': 'Auditor'}]}"), FILE, "/rules/0", "its match needs \"issuer\"");
    assertProblem(problems("{'openIdConnectProviders': [" + PROVIDER + "], 'rules': [{'sid': 'A', 'match': {'issuer': "
        + "'https://other.example'}, 'role': 'Auditor'}]}"), FILE, "/rules/0/match/issuer", "https://idp.acme.example/realms/acme");
  }

  @Test
  void load_userAndRoleOrNeither_refused() {
    assertProblem(problems("{'rules': [{'sid': 'A', 'user': 'alice', 'role': 'Auditor'}]}"), FILE, "/rules/0", "exactly one of");
    assertProblem(problems("{'rules': [{'sid': 'A'}]}"), FILE, "/rules/0", "exactly one of");
  }

  @Test
  void load_unknownKeys_locatedAtTheKey() {
    List<ConfigProblem> ps = problems("{'rule': [], 'rules': [{'sid': 'A', 'match': {'callers': 'x'}, 'user': 'alice'}]}");
    assertProblem(ps, FILE, "/rule", "Unknown key \"rule\"");
    assertProblem(ps, FILE, "/rules/0/match/callers", "Unknown key \"callers\"");
  }

  @Test
  void load_sidMissingOrTwice_refused() {
    assertProblem(problems("{'rules': [{'user': 'alice'}]}"), FILE, "/rules/0", "needs \"sid\"");
    assertProblem(problems("{'rules': [{'sid': 'A', 'match': {'caller': 'a'}, 'user': 'alice'}, {'sid': 'A', 'match': {'caller': 'b'}, "
        + "'user': 'bob'}]}"), FILE, "/rules/1/sid", "used twice");
  }

  @Test
  void load_providers_httpsOrLoopbackOnly_clientIdsRequired_noDuplicates() {
    assertProblem(problems("{'openIdConnectProviders': [{'url': 'http://idp.example', 'clientIds': ['a']}]}"),
        FILE, "/openIdConnectProviders/0/url", "https://HOST");
    assertProblem(problems("{'openIdConnectProviders': [{'url': 'https://idp.example?x=1', 'clientIds': ['a']}]}"),
        FILE, "/openIdConnectProviders/0/url", "without query");
    assertProblem(problems("{'openIdConnectProviders': [{'url': 'https://idp.example'}]}"), FILE, "/openIdConnectProviders/0", "clientIds");
    assertProblem(problems("{'openIdConnectProviders': [" + PROVIDER + ", " + PROVIDER + "]}"), FILE, "/openIdConnectProviders/1/url",
        "registered twice");
    IdentityMapping m = load("{'openIdConnectProviders': [{'url': 'http://127.0.0.1:8180/default', 'clientIds': ['a']}]}").identityMapping();
    assertEquals("127.0.0.1:8180/default", m.providers().get(0).name());
  }

  @Test
  void load_patternsAndPrecedence_bounded() {
    assertProblem(problems("{'rules': [{'sid': 'A', 'match': {'caller': '" + "x".repeat(257) + "'}, 'user': 'alice'}]}"),
        FILE, "/rules/0/match/caller", "1 to 256 characters");
    assertProblem(problems("{'rules': [{'sid': 'A', 'precedence': 1001, 'user': 'alice'}]}"), FILE, "/rules/0/precedence", "0 to 1000");
    assertProblem(problems("{'rules': [{'sid': 'A', 'match': {'groups': []}, 'user': 'alice'}]}"), FILE, "/rules/0/match/groups",
        "lists no pattern");
  }

  // ---------------------------------------------------------------- the store keeps the good configuration

  @TempDir Path root;

  @Test
  void store_badMappingFile_keepsTheRunningMapping_andSaysWhere() throws IOException {
    Path dir = root.resolve("tenants/acme");
    Files.createDirectories(dir.resolve("users"));
    Files.writeString(dir.resolve("users/alice.json"), "{}");
    Files.writeString(dir.resolve("identity-mapping.json"), j("{'rules': [{'sid': 'A', 'match': {'caller': 'a*'}, 'user': 'alice'}]}"));
    try (ConfigStore store = ConfigStore.open(ConfigStore.Settings.of(root))) {
      IdentityMapping good = store.directory().tenant("acme").orElseThrow().identityMapping();
      Files.writeString(dir.resolve("identity-mapping.json"), j("{'rules': [{'sid': 'A', 'match': {'caller': 'a*'}, 'user': 'nobody'}]}"));
      List<ConfigEvent> events = store.reload();
      assertEquals(ConfigEvent.Kind.FAILED, events.get(0).kind());
      assertProblem(events.get(0).problems(), FILE, "/rules/0/user", "No user \"nobody\"");
      assertSame(good, store.directory().tenant("acme").orElseThrow().identityMapping());
    }
  }
}
