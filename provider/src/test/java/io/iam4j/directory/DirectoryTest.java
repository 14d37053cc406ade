package io.iam4j.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import io.iam4j.config.ConfigStore;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.RequestContext;
import io.iam4j.eval.StatementRef;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Effective policy sets as the directory assembles them (users with groups and boundaries, role
 * sessions with session policies, the root, guardrails), identities and their global context keys,
 * and the policies shipped with the provider.
 */
class DirectoryTest {
  static final String BUCKET = "arn:iam4j:docs::acme:bucket/";
  static final String ADMIN = "arn:iam4j:iam::iam4j:policy/AdministratorAccess";
  static final String READ_ONLY = "arn:iam4j:iam::iam4j:policy/ReadOnlyAccess";
  static final String OWN_CREDENTIALS = "arn:iam4j:iam::iam4j:policy/IAMUserManageOwnCredentials";

  @TempDir Path root;
  ConfigStore store;
  Directory directory;

  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  static String allow(String actions, String resource) {
    return j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': [" + actions + "], 'Resource': '" + resource + "'}]}");
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

  @BeforeEach
  void setUp() {
    put("acme", "tenant.json", j("{'rootEnabled': true}"));
    // alice: her home folder (identity), reading through her group, capped by a boundary.
    put("acme", "users/alice.json", j("""
        {'tags': {'team': 'blue'}, 'groups': ['readers'], 'inlinePolicies': {'Home': 'inline/home.json'},
         'permissionsBoundary': 'arn:iam4j:iam::acme:policy/Boundary'}"""));
    put("acme", "inline/home.json", allow("'docs:*'", BUCKET + "home/${aws:username}/*"));
    put("acme", "policies/Boundary.json", allow("'docs:Get*', 'docs:List*', 'docs:PutObject'", "*"));
    // bob: only his group, plus the shipped self-service policy.
    put("acme", "users/bob.json", j("{'groups': ['readers'], 'managedPolicies': ['" + OWN_CREDENTIALS + "']}"));
    put("acme", "groups/readers.json", j("""
        {'managedPolicies': ['arn:iam4j:iam::acme:policy/Read'], 'inlinePolicies': {'List': 'inline/list.json'}}"""));
    put("acme", "policies/Read.json", allow("'docs:GetObject'", BUCKET + "*"));
    put("acme", "inline/list.json", allow("'docs:ListBucket'", "arn:iam4j:docs::acme:bucket"));
    // frank: a boundary and nothing else.
    put("acme", "users/frank.json", j("{'permissionsBoundary': 'arn:iam4j:iam::acme:policy/Boundary'}"));
    // dave: a path, read-only; admin: everything.
    put("acme", "users/dave.json", j("{'path': '/eng/', 'tags': {'level': '3'}, 'managedPolicies': ['" + READ_ONLY + "']}"));
    put("acme", "users/admin.json", j("{'managedPolicies': ['" + ADMIN + "']}"));
    put("acme", "roles/Editor.json", j("""
        {'path': '/svc/', 'tags': {'team': 'red'}, 'trustPolicy': 'trust/editor.json',
         'managedPolicies': ['arn:iam4j:iam::acme:policy/Edit']}"""));
    put("acme", "trust/editor.json", j("""
        {'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': 'arn:iam4j:iam::acme:user/alice'}, 'Action': 'sts:AssumeRole'}]}"""));
    put("acme", "policies/Edit.json", allow("'docs:GetObject', 'docs:PutObject', 'docs:DeleteObject'", BUCKET + "*"));

    // guarded: a tenant with guardrails, the analogue of an organization's SCPs.
    put("guarded", "tenant.json", j("{'rootEnabled': true}"));
    put("guarded", "users/erin.json", j("{'managedPolicies': ['" + ADMIN + "']}"));
    put("guarded", "guardrails/AllowDocs.json", allow("'docs:*'", "*"));
    put("guarded", "guardrails/KeepBuckets.json", j("""
        {'Version': '2012-10-17', 'Statement': [{'Sid': 'KeepBuckets', 'Effect': 'Deny', 'Action': 'docs:DeleteBucket', 'Resource': '*'}]}"""));

    store = ConfigStore.open(ConfigStore.Settings.of(root));
    assertTrue(store.status().values().stream().allMatch(s -> s.healthy()), store.status().toString());
    directory = store.directory();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  static Decision decide(Identity id, String action, String resource) {
    return decide(id, action, resource, null);
  }

  static Decision decide(Identity id, String action, String resource, String resourceAccount) {
    AuthorizationRequest r = AuthorizationRequest.builder().caller(id.caller()).action(action).resource(resource)
        .resourceAccount(resourceAccount).context(id.context().build()).build();
    return Evaluator.evaluate(id.policies(), r);
  }

  Identity id(String tenant, String principal) {
    return directory.identity(tenant, principal, List.of());
  }

  static Policy session(String actions, String resource) {
    return PolicyParser.standard().parse(allow(actions, resource), PolicyType.SESSION, "session");
  }

  // ---------------------------------------------------------------- users

  @Test
  void user_groupPolicies_grant() {
    Identity bob = id("acme", "user/bob");
    Decision read = decide(bob, "docs:GetObject", BUCKET + "reports/q3.pdf");
    assertEquals(Outcome.ALLOW, read.outcome());
    assertEquals("arn:iam4j:iam::acme:policy/Read", read.deciding().get(0).policy());
    Decision list = decide(bob, "docs:ListBucket", "arn:iam4j:docs::acme:bucket");
    assertEquals(Outcome.ALLOW, list.outcome());
    assertEquals("arn:iam4j:iam::acme:group/readers#List", list.deciding().get(0).policy(), "a group's inline policy");
    Decision write = decide(bob, "docs:PutObject", BUCKET + "reports/q3.pdf");
    assertEquals(Outcome.IMPLICIT_DENY, write.outcome());
    assertEquals(PolicyType.IDENTITY, write.missingAllow());
  }

  @Test
  void user_boundaryLimitsIdentityPolicies() {
    Identity alice = id("acme", "user/alice");
    assertTrue(alice.policies().hasBoundary());
    assertEquals(Outcome.ALLOW, decide(alice, "docs:PutObject", BUCKET + "home/alice/todo.txt").outcome());
    Decision delete = decide(alice, "docs:DeleteObject", BUCKET + "home/alice/todo.txt");
    assertEquals(Outcome.IMPLICIT_DENY, delete.outcome(), "her inline policy allows docs:*, her boundary does not");
    assertEquals(PolicyType.BOUNDARY, delete.missingAllow());
  }

  @Test
  void user_groupPolicyGrantsWithinBoundary() {
    Identity alice = id("acme", "user/alice");
    assertEquals(Outcome.ALLOW, decide(alice, "docs:GetObject", BUCKET + "reports/q3.pdf").outcome(), "through readers");
    assertEquals(Outcome.IMPLICIT_DENY, decide(alice, "docs:PutObject", BUCKET + "home/bob/todo.txt").outcome(),
        "${aws:username} is alice's own name");
  }

  @Test
  void user_boundaryAlone_grantsNothing() {
    Identity frank = id("acme", "user/frank");
    Decision d = decide(frank, "docs:GetObject", BUCKET + "x");
    assertEquals(Outcome.IMPLICIT_DENY, d.outcome());
    assertEquals(PolicyType.IDENTITY, d.missingAllow());
  }

  @Test
  void user_withoutBoundary_hasNoBoundaryLayer() {
    assertFalse(id("acme", "user/bob").policies().hasBoundary());
  }

  @Test
  void user_providerPolicyWithVariables_ownCredentialsOnly() {
    Identity bob = id("acme", "user/bob");
    assertEquals(Outcome.ALLOW, decide(bob, "iam:ChangePassword", "arn:iam4j:iam::acme:user/bob").outcome());
    assertEquals(Outcome.IMPLICIT_DENY, decide(bob, "iam:ChangePassword", "arn:iam4j:iam::acme:user/alice").outcome());
    assertEquals(Outcome.IMPLICIT_DENY, decide(bob, "iam:ChangePassword", "arn:iam4j:iam::globex:user/bob").outcome());
  }

  @Test
  void user_readOnlyAccess_readsButDoesNotWrite() {
    Identity dave = id("acme", "user/dave");
    assertEquals(Outcome.ALLOW, decide(dave, "iam:GetUser", "arn:iam4j:iam::acme:user/alice").outcome());
    assertEquals(Outcome.IMPLICIT_DENY, decide(dave, "iam:CreateUser", "arn:iam4j:iam::acme:user/eve").outcome());
  }

  // ---------------------------------------------------------------- role sessions

  @Test
  void roleSession_withoutSessionPolicy_roleGrants() {
    Identity s = directory.identity("acme", "role/Editor/s1", List.of());
    assertEquals(Outcome.ALLOW, decide(s, "docs:PutObject", BUCKET + "x").outcome());
  }

  @Test
  void roleSession_sessionPolicy_intersectsWithRolePolicies() {
    Identity s = directory.identity("acme", "role/Editor/s1",
        List.of(session("'docs:GetObject', 'docs:ListBucket'", "*")));
    assertEquals(Outcome.ALLOW, decide(s, "docs:GetObject", BUCKET + "x").outcome(), "both allow");
    Decision put = decide(s, "docs:PutObject", BUCKET + "x");
    assertEquals(Outcome.IMPLICIT_DENY, put.outcome(), "the role allows, the session policy does not");
    assertEquals(PolicyType.SESSION, put.missingAllow());
    Decision list = decide(s, "docs:ListBucket", "arn:iam4j:docs::acme:bucket");
    assertEquals(Outcome.IMPLICIT_DENY, list.outcome(), "a session policy grants nothing by itself");
    assertEquals(PolicyType.IDENTITY, list.missingAllow());
  }

  @Test
  void roleSession_keepsItsSessionPolicies() {
    Policy p = session("'docs:GetObject'", "*");
    Identity.RoleSessionIdentity s = (Identity.RoleSessionIdentity) directory.identity("acme", "role/Editor/s1", List.of(p));
    assertEquals(List.of(p), s.sessionPolicies());
    assertEquals("s1", s.sessionName());
    assertEquals("Editor", s.role().name());
  }

  // ---------------------------------------------------------------- root and guardrails

  @Test
  void root_withoutGuardrails_fullAccess() {
    Identity root = id("acme", "root");
    assertInstanceOf(Identity.RootIdentity.class, root);
    for (String action : List.of("docs:DeleteBucket", "iam:CreateUser", "anything:AtAll")) {
      assertEquals(Outcome.ALLOW, decide(root, action, "*").outcome(), action);
    }
  }

  @Test
  void root_guardrailDenies_andGuardrailMustAllow() {
    Identity root = id("guarded", "root");
    assertEquals(Outcome.ALLOW, decide(root, "docs:GetObject", "arn:iam4j:docs::guarded:bucket/x").outcome());
    Decision delete = decide(root, "docs:DeleteBucket", "arn:iam4j:docs::guarded:bucket");
    assertEquals(Outcome.EXPLICIT_DENY, delete.outcome());
    assertEquals(PolicyType.GUARDRAIL, delete.deciding().get(0).type());
    assertEquals("arn:iam4j:iam::guarded:guardrail/KeepBuckets", delete.deciding().get(0).policy());
    Decision iam = decide(root, "iam:CreateUser", "*");
    assertEquals(Outcome.IMPLICIT_DENY, iam.outcome(), "no guardrail allows iam:*");
    assertEquals(PolicyType.GUARDRAIL, iam.missingAllow());
  }

  @Test
  void guardrails_present_limitAnAdministrator() {
    Identity erin = id("guarded", "user/erin");
    assertEquals(Outcome.ALLOW, decide(erin, "docs:PutObject", "arn:iam4j:docs::guarded:bucket/x").outcome());
    assertEquals(Outcome.EXPLICIT_DENY, decide(erin, "docs:DeleteBucket", "arn:iam4j:docs::guarded:bucket").outcome());
    assertEquals(Outcome.IMPLICIT_DENY, decide(erin, "iam:CreateUser", "*").outcome());
  }

  @Test
  void guardrails_absent_administratorDoesEverything() {
    Identity admin = id("acme", "user/admin");
    assertEquals(Outcome.ALLOW, decide(admin, "iam:CreateUser", "*").outcome());
    assertEquals(Outcome.ALLOW, decide(admin, "docs:DeleteBucket", "arn:iam4j:docs::acme:bucket").outcome());
  }

  @Test
  void guardrails_inEveryPrincipalsPolicySet() {
    Identity erin = id("guarded", "user/erin");
    Identity root = id("guarded", "root");
    // AdministratorAccess: 1 statement; guardrails: 2.
    assertEquals(3, erin.policies().statementCount());
    assertEquals(2, root.policies().statementCount());
    assertEquals(1, id("acme", "user/admin").policies().statementCount());
    assertEquals(0, id("acme", "root").policies().statementCount());
  }

  // ---------------------------------------------------------------- identity(...)

  @Test
  void identity_user() {
    Identity.UserIdentity alice = assertInstanceOf(Identity.UserIdentity.class, id("acme", "user/alice"));
    assertEquals("alice", alice.user().name());
    assertEquals("acme", alice.tenant().id());
    assertEquals(new Caller.User("arn:iam4j:iam::acme:user/alice", "acme", "alice"), alice.caller());
  }

  @Test
  void identity_userWithPath_arnHasPath() {
    Identity dave = id("acme", "user/dave");
    assertEquals("arn:iam4j:iam::acme:user/eng/dave", dave.caller().display());
  }

  @Test
  void identity_roleWithoutSessionName_sessionNamedAfterRole() {
    Identity.RoleSessionIdentity s = assertInstanceOf(Identity.RoleSessionIdentity.class, id("acme", "role/Editor"));
    assertEquals("Editor", s.sessionName());
    assertEquals("arn:iam4j:sts::acme:assumed-role/Editor/Editor", s.caller().display());
  }

  @Test
  void identity_roleSession() {
    Identity.RoleSessionIdentity s = assertInstanceOf(Identity.RoleSessionIdentity.class, id("acme", "role/Editor/s1"));
    Caller.RoleSession c = assertInstanceOf(Caller.RoleSession.class, s.caller());
    assertEquals("arn:iam4j:sts::acme:assumed-role/Editor/s1", c.arn());
    assertEquals("arn:iam4j:iam::acme:role/svc/Editor", c.roleArn());
    assertEquals("arn:iam4j:iam::acme:role/svc/Editor", s.roleArn());
    assertEquals("acme", c.account());
    assertEquals("s1", c.sessionName());
  }

  @Test
  void identity_root() {
    Identity root = assertInstanceOf(Identity.RootIdentity.class, id("acme", "root"));
    assertEquals(new Caller.Root("arn:iam4j:iam::acme:root", "acme"), root.caller());
  }

  @ParameterizedTest
  @ValueSource(strings = {"user/nobody", "role/Nope", "role/Nope/s1", "group/readers", "alice", "Root", "", "role/Editor/s1/x",
      "policy/Read", "user/"})
  void identity_unknownOrMalformed_throwsIamException(String principal) {
    assertThrows(IamException.class, () -> directory.identity("acme", principal, List.of()));
  }

  @Test
  void identity_unknownTenant_throwsIamException() {
    IamException e = assertThrows(IamException.class, () -> directory.identity("globex", "user/alice", List.of()));
    assertTrue(e.getMessage().contains("globex"), e.getMessage());
  }

  @Test
  void identity_userOfAnotherTenant_notFound() {
    assertThrows(IamException.class, () -> directory.identity("guarded", "user/alice", List.of()));
  }

  // ---------------------------------------------------------------- context()

  static Map<String, String> singles(Identity id) {
    RequestContext ctx = id.context().build();
    Map<String, String> out = new java.util.TreeMap<>();
    ctx.asMap().forEach((k, v) -> out.put(k, v.single()));
    return out;
  }

  @Test
  void context_user() {
    Identity.UserIdentity alice = (Identity.UserIdentity) id("acme", "user/alice");
    Map<String, String> ctx = singles(alice);
    assertEquals(Map.of(
        "aws:username", "alice",
        "aws:userid", alice.user().id(),
        "aws:PrincipalArn", "arn:iam4j:iam::acme:user/alice",
        "aws:PrincipalAccount", "acme",
        "aws:PrincipalType", "User",
        "aws:PrincipalTag/team", "blue"), ctx);
    assertTrue(alice.user().id().startsWith("AIDA"));
  }

  @Test
  void context_userWithPath_principalArnHasPath() {
    Map<String, String> ctx = singles(id("acme", "user/dave"));
    assertEquals("arn:iam4j:iam::acme:user/eng/dave", ctx.get("aws:PrincipalArn"));
    assertEquals("dave", ctx.get("aws:username"));
    assertEquals("3", ctx.get("aws:PrincipalTag/level"));
  }

  @Test
  void context_roleSession_principalArnIsTheRole_noUsername() {
    Identity.RoleSessionIdentity s = (Identity.RoleSessionIdentity) id("acme", "role/Editor/s1");
    Map<String, String> ctx = singles(s);
    assertEquals(Map.of(
        "aws:userid", s.role().id() + ":s1",
        "aws:PrincipalArn", "arn:iam4j:iam::acme:role/svc/Editor",
        "aws:PrincipalAccount", "acme",
        "aws:PrincipalType", "AssumedRole",
        "aws:PrincipalTag/team", "red"), ctx);
    assertTrue(s.role().id().startsWith("AROA"));
  }

  @Test
  void context_root() {
    Map<String, String> ctx = singles(id("acme", "root"));
    assertEquals(Map.of(
        "aws:userid", "acme",
        "aws:PrincipalArn", "arn:iam4j:iam::acme:root",
        "aws:PrincipalAccount", "acme",
        "aws:PrincipalType", "Account"), ctx);
  }

  @Test
  void context_keysAreCaseInsensitive() {
    RequestContext ctx = id("acme", "user/alice").context().build();
    assertEquals(ContextValue.of("alice"), ctx.get("AWS:UserName"));
    assertEquals(ContextValue.of("blue"), ctx.get("aws:principaltag/TEAM"));
  }

  // ---------------------------------------------------------------- snapshots

  @Test
  void withAndWithout_returnNewSnapshots_originalUnchanged() {
    Tenant acme = directory.tenant("acme").orElseThrow();
    Directory without = directory.without("acme");
    assertTrue(without.tenant("acme").isEmpty());
    assertTrue(directory.tenant("acme").isPresent());
    Directory back = without.with(acme.withVersion(9));
    assertEquals(9, back.tenant("acme").orElseThrow().version());
    assertEquals(acme.version(), directory.tenant("acme").orElseThrow().version());
    assertEquals(Set.of("acme", "guarded"), back.tenants().keySet());
  }

  @Test
  void managedPolicy_tenantsOwnOrProvider_neverAnotherTenants() {
    Tenant acme = directory.tenant("acme").orElseThrow();
    Tenant guarded = directory.tenant("guarded").orElseThrow();
    assertTrue(directory.managedPolicy(acme, "arn:iam4j:iam::acme:policy/Read").isPresent());
    assertTrue(directory.managedPolicy(guarded, ADMIN).isPresent());
    assertTrue(directory.managedPolicy(guarded, "arn:iam4j:iam::acme:policy/Read").isEmpty());
  }

  // ---------------------------------------------------------------- ProviderPolicies

  @Test
  void providerPolicies_loadsTheThreeShippedPolicies() {
    Map<String, ManagedPolicy> p = ProviderPolicies.load(Arns.DEFAULT, getClass().getClassLoader());
    assertTrue(p.keySet().containsAll(Set.of(ADMIN, READ_ONLY, OWN_CREDENTIALS)), p.keySet().toString());
    for (String arn : List.of(ADMIN, READ_ONLY, OWN_CREDENTIALS)) {
      ManagedPolicy mp = p.get(arn);
      assertTrue(mp.providerManaged(), arn);
      assertEquals("v1", mp.defaultVersionId());
      assertEquals(arn, mp.document().name());
      assertEquals(PolicyType.IDENTITY, mp.document().type());
      assertEquals("/", mp.path());
    }
    assertEquals("AdministratorAccess", p.get(ADMIN).name());
    assertEquals(3, p.get(OWN_CREDENTIALS).document().statements().size());
  }

  @Test
  void providerPolicies_partitionInArns() {
    Map<String, ManagedPolicy> p = ProviderPolicies.load(new Arns("corp"), getClass().getClassLoader());
    assertTrue(p.containsKey("arn:corp:iam::iam4j:policy/ReadOnlyAccess"), p.keySet().toString());
  }

  @Test
  void providerPolicies_anApplicationExtendsReadOnlyAccess_statementsJoined() throws IOException {
    Path jar = root.resolve("app");
    Path dir = Files.createDirectories(jar.resolve("META-INF/iam4j/managed-policies"));
    Files.writeString(jar.resolve("META-INF/iam4j/managed-policies.list"), "# the app's read actions\nReadOnlyAccess\n");
    Files.writeString(dir.resolve("ReadOnlyAccess.json"), allow("'docs:Get*', 'docs:List*'", "*"));
    try (URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      Map<String, ManagedPolicy> p = ProviderPolicies.load(Arns.DEFAULT, cl);
      ManagedPolicy ro = p.get(READ_ONLY);
      assertEquals(2, ro.document().statements().size(), "the provider's statement and the application's");
      Tenant t = new Tenant("t", 1, "", Map.of("u", new User("u", "/", "AIDAX", Tags.NONE, List.of(), List.of(READ_ONLY),
          List.of(), null, null)), Map.of(), Map.of(), Map.of(), List.of(), false, "");
      Directory d = new Directory(Arns.DEFAULT, List.of(t), p);
      Identity u = d.identity("t", "user/u", List.of());
      assertEquals(Outcome.ALLOW, decide(u, "docs:GetObject", "arn:iam4j:docs::t:bucket/x").outcome());
      assertEquals(Outcome.ALLOW, decide(u, "iam:GetUser", "*").outcome());
      assertEquals(Outcome.IMPLICIT_DENY, decide(u, "docs:PutObject", "arn:iam4j:docs::t:bucket/x").outcome());
    }
  }

  @Test
  void providerPolicies_listedButMissing_throwsIamException() throws IOException {
    Path jar = root.resolve("broken");
    Files.createDirectories(jar.resolve("META-INF/iam4j"));
    Files.writeString(jar.resolve("META-INF/iam4j/managed-policies.list"), "NoSuchPolicy\n");
    try (URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      IamException e = assertThrows(IamException.class, () -> ProviderPolicies.load(Arns.DEFAULT, cl));
      assertTrue(e.getMessage().contains("NoSuchPolicy"), e.getMessage());
    }
  }

  @Test
  void decision_deciding_namesInlinePolicyOfItsOwner() {
    Decision d = decide(id("acme", "user/alice"), "docs:PutObject", BUCKET + "home/alice/x");
    List<String> names = d.deciding().stream().map(StatementRef::policy).toList();
    assertEquals(List.of("arn:iam4j:iam::acme:user/alice#Home"), names);
    assertNull(d.missingAllow());
  }
}
