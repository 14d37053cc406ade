package io.iam4j.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.config.ConfigStore;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Identity;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import io.iam4j.mapping.PrincipalMapper.UnknownCaller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callers of other identity sources mapped by a tenant's {@code identity-mapping.json}: users by
 * name templates, container groups to IAM groups, federated callers to role sessions decided by the
 * role's trust policy as {@code sts:AssumeRoleWithWebIdentity} decides, with the condition keys the
 * IAM User Guide names for OIDC federation (its GitHub and Google examples below), and callers no
 * rule maps.
 */
class RuleMappingTest {
  static final String IDP = "https://idp.acme.example";
  static final String GITHUB = "https://token.actions.githubusercontent.com";

  @TempDir Path root;
  ConfigStore store;
  Directory directory;
  final PrincipalMapper mapper = new RuleBasedPrincipalMapper(TenantResolver.firstOf(TenantResolver.fromClaim("tenant"), TenantResolver.fromCallerName('@')), '@', Map.of(),
      UnknownCaller.DENY);

  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  void put(String tenant, String path, String content) {
    try {
      Path p = root.resolve("tenants").resolve(tenant).resolve(path);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String allow(String action, String resource) {
    return j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': '" + action + "', 'Resource': '" + resource + "'}]}");
  }

  @BeforeEach
  void setUp() {
    put("acme", "users/alice.json", j("{'groups': ['Readers']}"));
    put("acme", "users/bob.json", "{}");
    put("acme", "users/operator.json", j("{'inlinePolicies': {'Ops': 'inline/ops.json'}}"));
    put("acme", "inline/ops.json", allow("docs:ListBuckets", "*"));
    put("acme", "groups/Readers.json", j("{'inlinePolicies': {'Read': 'inline/read.json'}}"));
    put("acme", "inline/read.json", allow("docs:GetObject", "arn:iam4j:docs::acme:bucket/reports/*"));
    put("acme", "groups/Writers.json", j("{'inlinePolicies': {'Write': 'inline/write.json'}}"));
    put("acme", "inline/write.json", allow("docs:PutObject", "*"));

    put("acme", "roles/Contractor.json", j("{'trustPolicy': 'trust/contractor.json', 'inlinePolicies': {'Home': 'inline/home.json'}}"));
    put("acme", "trust/contractor.json", j("""
        {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow',
          'Principal': {'Federated': 'arn:iam4j:iam::acme:oidc-provider/idp.acme.example'},
          'Action': 'sts:AssumeRoleWithWebIdentity',
          'Condition': {'StringEquals': {'idp.acme.example:aud': 'docs-app'},
                        'StringLike': {'idp.acme.example:sub': 'contractor-*'}}}]}"""));
    put("acme", "inline/home.json", j("""
        {'Version': '2012-10-17', 'Statement': [
          {'Effect': 'Allow', 'Action': 'docs:GetObject', 'Resource': 'arn:iam4j:docs::acme:bucket/home/${idp.acme.example:sub}/*'},
          {'Effect': 'Allow', 'Action': 'docs:DeleteObject', 'Resource': '*',
           'Condition': {'ForAnyValue:StringEquals': {'idp.acme.example:amr': 'mfa'},
                         'StringEquals': {'aws:FederatedProvider': 'arn:iam4j:iam::acme:oidc-provider/idp.acme.example'}}}]}"""));
    // The IAM User Guide's trust policy for GitHub's OIDC provider.
    put("acme", "roles/GitHubDeploy.json", j("{'trustPolicy': 'trust/github.json', 'sessionsValidAfter': '2026-01-01T00:00:00Z'}"));
    put("acme", "trust/github.json", j("""
        {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow',
          'Principal': {'Federated': 'arn:iam4j:iam::acme:oidc-provider/token.actions.githubusercontent.com'},
          'Action': 'sts:AssumeRoleWithWebIdentity',
          'Condition': {'StringEquals': {'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com'},
                        'StringLike': {'token.actions.githubusercontent.com:sub': 'repo:octo-org/octo-repo:*'}}}]}"""));
    put("acme", "identity-mapping.json", j("""
        {'directoryUsers': true,
         'openIdConnectProviders': [
           {'url': 'https://idp.acme.example', 'clientIds': ['docs-app']},
           {'url': 'https://token.actions.githubusercontent.com', 'clientIds': ['sts.amazonaws.com']}],
         'groups': {'staff': ['Writers']},
         'rules': [
           {'sid': 'Employees', 'precedence': 10, 'match': {'issuer': 'https://idp.acme.example', 'claims': {'employee': 'true'}},
            'user': '${claim:preferred_username}'},
           {'sid': 'Contractors', 'precedence': 20, 'match': {'issuer': 'https://idp.acme.example'}, 'role': 'Contractor'},
           {'sid': 'Deploys', 'precedence': 30, 'match': {'issuer': 'https://token.actions.githubusercontent.com'},
            'role': 'GitHubDeploy', 'sessionName': 'gh-${claim:run_id}'},
           {'sid': 'Operators', 'match': {'caller': 'ops-*'}, 'user': 'operator'}]}"""));

    // globex: a mapping file that leaves directory users out.
    put("globex", "users/carol.json", "{}");
    put("globex", "identity-mapping.json", j("{'rules': [{'sid': 'Carol', 'match': {'caller': 'c.*'}, 'user': 'carol'}]}"));
    store = ConfigStore.open(ConfigStore.Settings.of(root));
    directory = store.directory();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  /** A caller whose token carries these claims (values: a string or a list), in tenant acme. */
  static CallerInfo token(String name, Set<String> groups, Object... claims) {
    Map<String, List<String>> c = new LinkedHashMap<>();
    c.put("tenant", List.of("acme"));
    for (int i = 0; i < claims.length; i += 2) {
      Object v = claims[i + 1];
      c.put((String) claims[i], v instanceof List<?> l ? l.stream().map(Object::toString).toList() : List.of(v.toString()));
    }
    return new CallerInfo(name, groups, Map.of(), "/", "", c);
  }

  Mapping map(CallerInfo c) {
    return mapper.map(c, directory);
  }

  static Identity mapped(Mapping m) {
    return assertInstanceOf(Mapping.Mapped.class, m, () -> "not mapped: " + m).identity();
  }

  static Outcome decide(Identity id, String action, String resource) {
    return Evaluator.evaluate(id.policies(), AuthorizationRequest.builder().caller(id.caller()).action(action).resource(resource)
        .context(id.context().build()).build()).outcome();
  }

  // ---------------------------------------------------------------- users

  @Test
  void map_employeeToken_isTheUserItsClaimNames_withMappedGroups() {
    Mapping m = map(token("alice.smith", Set.of("staff"), "iss", IDP, "sub", "u-1", "aud", "docs-app", "employee", "true",
        "preferred_username", "alice"));
    Identity.UserIdentity alice = assertInstanceOf(Identity.UserIdentity.class, mapped(m));
    assertEquals("arn:iam4j:iam::acme:user/alice", alice.caller().display());
    assertEquals(List.of("Readers", "Writers"), alice.user().groups(), "own group plus the one container group staff maps to");
    assertTrue(((Mapping.Mapped) m).rule().startsWith("rule Employees (tenants/acme/identity-mapping.json /rules/0)"));
    assertEquals(Outcome.ALLOW, decide(alice, "docs:PutObject", "arn:iam4j:docs::acme:bucket/x"));
    assertEquals(Outcome.ALLOW, decide(alice, "docs:GetObject", "arn:iam4j:docs::acme:bucket/reports/q1"));
    assertEquals(Outcome.IMPLICIT_DENY, decide(alice, "docs:DeleteObject", "arn:iam4j:docs::acme:bucket/reports/q1"));
  }

  @Test
  void map_employeeNamingNoUser_refusedNamingTheRule() {
    Mapping m = map(token("x", Set.of(), "iss", IDP, "employee", "true", "preferred_username", "mallory"));
    String reason = assertInstanceOf(Mapping.Refused.class, m).reason();
    assertTrue(reason.contains("rule Employees") && reason.contains("\"mallory\""), reason);
  }

  @Test
  void map_callerNameGlob_noToken() {
    Mapping m = mapper.map(CallerInfo.of("ops-7@acme", Set.of()), directory);
    assertEquals("arn:iam4j:iam::acme:user/operator", mapped(m).caller().display());
  }

  @Test
  void map_directoryUsers_nameFirst_thenRules() {
    assertEquals("arn:iam4j:iam::acme:user/bob", mapped(mapper.map(CallerInfo.of("bob@acme", Set.of()), directory)).caller().display());
    // globex's file leaves directory users out: carol@globex is nobody unless a rule maps her.
    Mapping m = mapper.map(CallerInfo.of("carol@globex", Set.of()), directory);
    Mapping.Anonymous a = assertInstanceOf(Mapping.Anonymous.class, m);
    assertEquals("globex", a.tenant());
    assertTrue(a.reason().contains("No rule of tenants/globex/identity-mapping.json matches caller carol@globex"), a.reason());
    assertEquals("arn:iam4j:iam::globex:user/carol", mapped(mapper.map(CallerInfo.of("c.jones@globex", Set.of()), directory))
        .caller().display());
  }

  @Test
  void map_unmappedCaller_isAnonymousWithTheReason() {
    Mapping m = map(token("eve", Set.of("staff"), "iss", "https://evil.example", "sub", "eve"));
    Mapping.Anonymous a = assertInstanceOf(Mapping.Anonymous.class, m);
    assertEquals("acme", a.tenant());
    assertTrue(a.reason().contains("eve (issuer https://evil.example) (groups [staff])"), a.reason());
  }

  @Test
  void map_noFile_behavesAsBefore() {
    put("initech", "users/peter.json", "{}");
    store.reload();
    Mapping m = mapper.map(CallerInfo.of("peter@initech", Set.of()), store.directory());
    assertEquals("arn:iam4j:iam::initech:user/peter", mapped(m).caller().display());
    assertNull(((Mapping.Mapped) m).rule());
  }

  // ---------------------------------------------------------------- web identity federation

  @Test
  void map_contractorToken_roleSessionAllowedByTrust_claimsAreConditionKeys() {
    Mapping m = map(token("contractor-7", Set.of("staff"), "iss", IDP, "sub", "contractor-7", "aud", "docs-app",
        "amr", List.of("pwd", "mfa")));
    Identity.RoleSessionIdentity s = assertInstanceOf(Identity.RoleSessionIdentity.class, mapped(m));
    assertEquals("arn:iam4j:sts::acme:assumed-role/Contractor/contractor-7", s.caller().display());
    assertTrue(s.federated());
    var ctx = s.context().build();
    assertEquals(ContextValue.of("arn:iam4j:iam::acme:oidc-provider/idp.acme.example"), ctx.get("aws:FederatedProvider"));
    assertEquals(ContextValue.of("contractor-7"), ctx.get("idp.acme.example:sub"));
    assertEquals(ContextValue.of("docs-app"), ctx.get("idp.acme.example:aud"));
    assertEquals(ContextValue.ofSet(List.of("pwd", "mfa")), ctx.get("idp.acme.example:amr"));
    assertEquals(ContextValue.of("AssumedRole"), ctx.get("aws:PrincipalType"));
    // ${idp.acme.example:sub} in the role's policy: each contractor's own home.
    assertEquals(Outcome.ALLOW, decide(s, "docs:GetObject", "arn:iam4j:docs::acme:bucket/home/contractor-7/notes"));
    assertEquals(Outcome.IMPLICIT_DENY, decide(s, "docs:GetObject", "arn:iam4j:docs::acme:bucket/home/contractor-8/notes"));
    assertEquals(Outcome.ALLOW, decide(s, "docs:DeleteObject", "arn:iam4j:docs::acme:bucket/home/contractor-7/notes"));
    // Container groups mean nothing to a role session.
    assertEquals(Outcome.IMPLICIT_DENY, decide(s, "docs:PutObject", "arn:iam4j:docs::acme:bucket/x"));
  }

  @Test
  void map_contractorWithoutMfa_amrConditionFails() {
    Identity s = mapped(map(token("contractor-7", Set.of(), "iss", IDP, "sub", "contractor-7", "aud", "docs-app", "amr", List.of("pwd"))));
    assertEquals(Outcome.IMPLICIT_DENY, decide(s, "docs:DeleteObject", "arn:iam4j:docs::acme:bucket/home/contractor-7/notes"));
  }

  @Test
  void map_trustConditionFails_refusedWithTheTrustDecision() {
    Mapping m = map(token("intruder", Set.of(), "iss", IDP, "sub", "intruder-1", "aud", "docs-app"));
    String reason = assertInstanceOf(Mapping.Refused.class, m).reason();
    assertTrue(reason.contains("The trust policy of role Contractor does not allow sts:AssumeRoleWithWebIdentity"), reason);
    assertTrue(reason.contains("arn:iam4j:iam::acme:oidc-provider/idp.acme.example"), reason);
  }

  @Test
  void map_audienceNotRegistered_refused() {
    Mapping m = map(token("contractor-7", Set.of(), "iss", IDP, "sub", "contractor-7", "aud", "other-app"));
    String reason = assertInstanceOf(Mapping.Refused.class, m).reason();
    assertTrue(reason.contains("not a client ID registered"), reason);
  }

  /** The IAM User Guide's Google rule: with {@code azp} set, {@code :aud} is azp and {@code :oaud} the token's aud. */
  @Test
  void map_azpSet_audIsAzp_oaudIsAud() {
    Identity s = mapped(map(token("contractor-7", Set.of(), "iss", IDP, "sub", "contractor-7", "aud", "backend-api", "azp", "docs-app")));
    var ctx = s.context().build();
    assertEquals(ContextValue.of("docs-app"), ctx.get("idp.acme.example:aud"));
    assertEquals(ContextValue.of("backend-api"), ctx.get("idp.acme.example:oaud"));
  }

  /** The IAM User Guide's trust policy for GitHub Actions: aud sts.amazonaws.com, sub of one repository. */
  @Test
  void map_githubExample_repositoryDecides_sessionNameFromClaim() {
    long iat = java.time.Instant.parse("2026-06-01T00:00:00Z").getEpochSecond();
    Mapping ok = map(token("repo:octo-org/octo-repo:ref:refs/heads/main", Set.of(), "iss", GITHUB, "aud", "sts.amazonaws.com",
        "sub", "repo:octo-org/octo-repo:ref:refs/heads/main", "run_id", "4242", "iat", iat));
    assertEquals("arn:iam4j:sts::acme:assumed-role/GitHubDeploy/gh-4242", mapped(ok).caller().display());
    Mapping other = map(token("repo:evil/repo:ref:refs/heads/main", Set.of(), "iss", GITHUB, "aud", "sts.amazonaws.com",
        "sub", "repo:evil/repo:ref:refs/heads/main", "run_id", "4243", "iat", iat));
    assertInstanceOf(Mapping.Refused.class, other);
  }

  @Test
  void map_sessionNameIamWouldRefuse_refused() {
    long iat = java.time.Instant.parse("2026-06-01T00:00:00Z").getEpochSecond();
    Mapping m = map(token("x", Set.of(), "iss", GITHUB, "aud", "sts.amazonaws.com", "sub", "repo:octo-org/octo-repo:x",
        "run_id", "a|b", "iat", iat));
    assertTrue(assertInstanceOf(Mapping.Refused.class, m).reason().contains("is not 2 to 64 of"));
  }

  /** Revoked sessions (sessionsValidAfter): tokens issued before the revocation make no session. */
  @Test
  void map_tokenIssuedBeforeRevocation_refused() {
    long before = java.time.Instant.parse("2025-12-31T23:00:00Z").getEpochSecond();
    Mapping m = map(token("x", Set.of(), "iss", GITHUB, "aud", "sts.amazonaws.com", "sub", "repo:octo-org/octo-repo:x",
        "run_id", "1", "iat", before));
    assertTrue(assertInstanceOf(Mapping.Refused.class, m).reason().contains("are revoked"));
  }

  @Test
  void map_tenantFromClaim_otherTenantsRulesNeverApply() {
    // A globex token: globex's rules decide, and none maps an IdP caller.
    CallerInfo c = new CallerInfo("contractor-7", Set.of(), Map.of(), "/", "",
        Map.of("tenant", List.of("globex"), "iss", List.of(IDP), "sub", List.of("contractor-7"), "aud", List.of("docs-app")));
    assertEquals("globex", assertInstanceOf(Mapping.Anonymous.class, map(c)).tenant());
  }

  /** The authorizer keeps mappings per caller, and a caller's claims are part of who it is. */
  @Test
  void authorizer_cachedMapping_isPerClaims() {
    io.iam4j.authz.Authorizer authorizer = new io.iam4j.authz.Authorizer(store::directory, mapper, (t, arn) -> java.util.Optional.empty(),
        new io.iam4j.cache.DecisionCache(100));
    CallerInfo good = token("c", Set.of(), "iss", IDP, "sub", "contractor-7", "aud", "docs-app");
    CallerInfo bad = token("c", Set.of(), "iss", IDP, "sub", "intruder-7", "aud", "docs-app");
    assertInstanceOf(Mapping.Mapped.class, authorizer.map(good));
    assertInstanceOf(Mapping.Refused.class, authorizer.map(bad));
    assertInstanceOf(Mapping.Mapped.class, authorizer.map(good));
  }
}
