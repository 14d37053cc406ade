package io.iam4j.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.cache.DecisionCache;
import io.iam4j.config.ConfigStore;
import io.iam4j.config.FileChange;
import io.iam4j.directory.Identity;
import io.iam4j.directory.ResourcePolicyProvider;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorizer over a real configuration tree: mapping container callers, deciding through the
 * cache, configuration changes taking effect on the very next request, resource policies from the
 * application, tenant isolation, and failing closed. Every decision is also checked against a fresh
 * evaluation of the same request.
 */
class AuthorizerTest {
  static final PolicyParser PARSER = new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true));
  static final String ACME = "arn:iam4j:docs::acme:bucket/";
  static final String GLOBEX = "arn:iam4j:docs::globex:bucket/";
  static final String ALICE_ARN = "arn:iam4j:iam::acme:user/alice";

  @TempDir Path root;
  ConfigStore store;
  /** What the resource policy provider answers, by tenant and ARN; every question is recorded. */
  final Map<String, Policy> resourcePolicies = new ConcurrentHashMap<>();
  final List<String> asked = new CopyOnWriteArrayList<>();
  Authorizer authorizer;

  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  static String allow(String action, String... resources) {
    return j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': '" + action + "', 'Resource': "
        + List.of(resources).stream().map(r -> "'" + r + "'").toList() + "}]}");
  }

  static Policy resourcePolicy(String principal, String action, String resource) {
    return PARSER.parse(j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': '" + principal
        + "'}, 'Action': '" + action + "', 'Resource': '" + resource + "'}]}"), PolicyType.RESOURCE, "bucket policy");
  }

  void put(String tenant, String path, String content) throws IOException {
    Path p = root.resolve("tenants").resolve(tenant).resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @BeforeEach
  void setUp() throws IOException {
    // acme: alice reads acme's reports and globex's shared folder; bob has no policy of his own at all.
    put("acme", "users/alice.json", j("{'inlinePolicies': {'Docs': 'inline/alice.json'}}"));
    put("acme", "inline/alice.json", allow("docs:GetObject", ACME + "reports/*", GLOBEX + "shared/*"));
    put("acme", "users/bob.json", j("{'groups': ['Readers']}"));
    put("acme", "groups/Readers.json", "{}");
    // globex: gina reads her tenant's bucket.
    put("globex", "users/gina.json", j("{'inlinePolicies': {'Docs': 'inline/gina.json'}}"));
    put("globex", "inline/gina.json", allow("docs:GetObject", GLOBEX + "*"));
    store = ConfigStore.open(ConfigStore.Settings.of(root));
    authorizer = authorizer((tenant, arn) -> {
      asked.add(tenant + " " + arn);
      return Optional.ofNullable(resourcePolicies.get(tenant + " " + arn));
    });
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  Authorizer authorizer(ResourcePolicyProvider provider) {
    return new Authorizer(store::directory, PrincipalMapper.defaults(), provider, new DecisionCache(1_000));
  }

  Identity map(String callerName) {
    Mapping m = authorizer.map(CallerInfo.of(callerName, Set.of()));
    return assertInstanceOf(Mapping.Mapped.class, m, () -> callerName + " maps to " + m).identity();
  }

  /** Authorizes and checks the answer against a fresh evaluation of the request the authorizer built. */
  Authorizer.Result authorize(Identity id, String action, String resource, String resourceAccount) {
    Authorizer.Result r = authorizer.authorize(id, action, resource, resourceAccount, RequestContext.empty());
    if (r.decision().error() == null) {
      String owner = resourceAccount == null ? id.tenant().id() : resourceAccount;
      Policy rp = resourcePolicies.get(owner + " " + resource);
      PolicySet set = rp == null ? id.policies() : id.policies().withResourcePolicy(rp);
      assertEquals(Evaluator.evaluate(set, r.request()), r.decision(), "cached and fresh disagree (cached=" + r.cached() + ")");
    }
    return r;
  }

  Authorizer.Result authorize(Identity id, String action, String resource) {
    return authorize(id, action, resource, null);
  }

  // ---------------------------------------------------------------- mapping and deciding

  @Test
  void manyDistinctUrls_holdOneMappedCaller() {
    // The identity cache was keyed by request path: 20,000 URLs held about 670 MB. Now: by caller and tenant.
    for (int i = 0; i < 2_000; i++) {
      Mapping m = authorizer.map(new CallerInfo("alice@acme", Set.of(), java.util.Map.of("X-Tenant", "t" + i), "/api/x/" + i, "h" + i + ".example"));
      assertInstanceOf(Mapping.Mapped.class, m);
    }
    assertEquals(1, authorizer.mappedCallers());
    for (int i = 0; i < 2_000; i++) {
      authorizer.map(CallerInfo.of("alice@nosuch" + i, Set.of()));
    }
    assertEquals(1, authorizer.mappedCallers(), "callers of tenants that do not exist are refused without being kept");
  }

  @Test
  void authorize_mappedAlice_allowedAndDenied() {
    Identity alice = map("alice@acme");
    assertEquals(ALICE_ARN, alice.caller().display());

    Authorizer.Result read = authorize(alice, "docs:GetObject", ACME + "reports/q3.pdf");
    assertTrue(read.decision().allowed());
    assertEquals(1, read.configVersion());
    assertEquals("alice", read.request().context().get("aws:username").single(), "the identity's own keys are added");

    Authorizer.Result write = authorize(alice, "docs:PutObject", ACME + "reports/q3.pdf");
    assertEquals(Outcome.IMPLICIT_DENY, write.decision().outcome());
    assertEquals(PolicyType.IDENTITY, write.decision().missingAllow());
    assertFalse(authorize(alice, "docs:GetObject", ACME + "private/x").decision().allowed());
  }

  @Test
  void authorize_requestContext_keepsCallerKeysAndAddsIdentityKeys() {
    Identity alice = map("alice@acme");
    RequestContext ctx = RequestContext.builder().put("aws:SourceIp", "10.0.0.1").build();
    Authorizer.Result r = authorizer.authorize(alice, "docs:GetObject", ACME + "reports/q3.pdf", null, ctx);
    assertEquals("10.0.0.1", r.request().context().get("aws:SourceIp").single());
    assertEquals(ALICE_ARN, r.request().context().get("aws:PrincipalArn").single());
  }

  @Test
  void authorize_repeated_servedFromTheCache() {
    Identity alice = map("alice@acme");
    Authorizer.Result first = authorize(alice, "docs:GetObject", ACME + "reports/q3.pdf");
    assertFalse(first.cached());
    Identity again = map("alice@acme");
    Authorizer.Result second = authorize(again, "docs:GetObject", ACME + "reports/q3.pdf");
    assertTrue(second.cached(), "the same caller maps to the same compiled policies within a snapshot");
    assertEquals(first.decision(), second.decision());
  }

  @Test
  void map_unknownUserOrTenant_refused() {
    assertInstanceOf(Mapping.Refused.class, authorizer.map(CallerInfo.of("mallory@acme", Set.of())));
    assertInstanceOf(Mapping.Refused.class, authorizer.map(CallerInfo.of("alice@initech", Set.of())));
  }

  // ---------------------------------------------------------------- configuration changes

  @Test
  void authorize_afterWriteChangesAlicesPolicy_nextAuthorizeSeesNewDecision() {
    Identity alice = map("alice@acme");
    String object = ACME + "reports/q3.pdf";
    assertTrue(authorize(alice, "docs:GetObject", object).decision().allowed());
    assertTrue(authorize(alice, "docs:GetObject", object).cached(), "premise: the allow is cached");
    assertFalse(authorize(alice, "docs:PutObject", object).decision().allowed());

    store.writer().write("acme", 1, List.of(FileChange.put("inline/alice.json", allow("docs:PutObject", ACME + "reports/*"))), "test");

    Identity changed = map("alice@acme");
    Authorizer.Result read = authorize(changed, "docs:GetObject", object);
    assertFalse(read.decision().allowed(), "no stale cached allow");
    assertFalse(read.cached());
    assertEquals(2, read.configVersion());
    assertTrue(authorize(changed, "docs:PutObject", object).decision().allowed(), "no stale cached deny");
  }

  @Test
  void authorize_afterWriteRemovesAliceFromTenant_mappingRefused() {
    assertTrue(authorize(map("alice@acme"), "docs:GetObject", ACME + "reports/q3.pdf").decision().allowed());
    store.writer().write("acme", -1, List.of(FileChange.delete("users/alice.json"), FileChange.delete("inline/alice.json")), "test");
    assertInstanceOf(Mapping.Refused.class, authorizer.map(CallerInfo.of("alice@acme", Set.of())));
  }

  @Test
  void authorize_otherTenantWritten_decisionsUnchanged() {
    Identity alice = map("alice@acme");
    authorize(alice, "docs:GetObject", ACME + "reports/q3.pdf");
    store.writer().write("globex", -1, List.of(FileChange.put("inline/gina.json", allow("docs:PutObject", GLOBEX + "*"))), "test");
    Authorizer.Result r = authorize(map("alice@acme"), "docs:GetObject", ACME + "reports/q3.pdf");
    assertTrue(r.decision().allowed());
    assertEquals(1, r.configVersion());
  }

  // ---------------------------------------------------------------- resource policies

  @Test
  void authorize_resourcePolicyFromProvider_grantsWithinTenant() {
    Identity bob = map("bob@acme");
    String object = ACME + "public/readme.txt";
    assertEquals(Outcome.IMPLICIT_DENY, authorize(bob, "docs:GetObject", object).decision().outcome(), "bob has no policy of his own");

    resourcePolicies.put("acme " + object, resourcePolicy("arn:iam4j:iam::acme:user/bob", "docs:GetObject", object));
    Authorizer.Result r = authorize(bob, "docs:GetObject", object);
    assertTrue(r.decision().allowed(), "a resource policy naming the caller grants on its own within the tenant");
    assertFalse(r.cached(), "another resource policy is another cache entry");
    assertTrue(asked.contains("acme " + object), "the provider is asked with the caller's tenant: " + asked);
    assertTrue(authorize(bob, "docs:GetObject", object).cached(), "the same policy object is cached");
  }

  @Test
  void authorize_crossTenantWithoutResourcePolicy_denied() {
    Identity alice = map("alice@acme");
    Authorizer.Result r = authorize(alice, "docs:GetObject", GLOBEX + "shared/plan.txt", "globex");
    assertEquals(Outcome.IMPLICIT_DENY, r.decision().outcome(), "her own policy naming globex's bucket is not enough");
    assertEquals(PolicyType.RESOURCE, r.decision().missingAllow());
    assertTrue(asked.contains("globex " + GLOBEX + "shared/plan.txt"), "the owner's policy is asked for: " + asked);
  }

  @Test
  void authorize_crossTenantResourcePolicyNamesAliceAndIdentityAllows_allowed() {
    String object = GLOBEX + "shared/plan.txt";
    resourcePolicies.put("globex " + object, resourcePolicy(ALICE_ARN, "docs:GetObject", object));
    assertTrue(authorize(map("alice@acme"), "docs:GetObject", object, "globex").decision().allowed());
  }

  @Test
  void authorize_crossTenantResourcePolicyNamesAliceButIdentityDoesNotAllow_denied() {
    String object = GLOBEX + "private/plan.txt";
    resourcePolicies.put("globex " + object, resourcePolicy(ALICE_ARN, "docs:GetObject", object));
    Authorizer.Result r = authorize(map("alice@acme"), "docs:GetObject", object, "globex");
    assertEquals(Outcome.IMPLICIT_DENY, r.decision().outcome());
    assertEquals(PolicyType.IDENTITY, r.decision().missingAllow(), "across tenants both sides must allow");
  }

  @Test
  void authorize_crossTenantResourcePolicyNamesSomeoneElse_denied() {
    String object = GLOBEX + "shared/plan.txt";
    resourcePolicies.put("globex " + object, resourcePolicy("arn:iam4j:iam::acme:user/bob", "docs:GetObject", object));
    assertFalse(authorize(map("alice@acme"), "docs:GetObject", object, "globex").decision().allowed());
  }

  @Test
  void authorize_crossTenantPolicyInOwnTenantOnly_doesNotGrant() {
    // A policy stored for acme's copy of the ARN must not stand in for the owner's policy.
    String object = GLOBEX + "shared/plan.txt";
    resourcePolicies.put("acme " + object, resourcePolicy(ALICE_ARN, "docs:GetObject", object));
    assertFalse(authorize(map("alice@acme"), "docs:GetObject", object, "globex").decision().allowed());
  }

  @Test
  void authorize_providerThrows_deniedWithErrorNeverException() {
    authorizer = authorizer((tenant, arn) -> {
      throw new IllegalStateException("policy store unreachable");
    });
    Logger log = Logger.getLogger(Authorizer.class.getName());
    Level level = log.getLevel();
    log.setLevel(Level.OFF);
    try {
      Identity alice = map("alice@acme");
      Authorizer.Result r = authorizer.authorize(alice, "docs:GetObject", ACME + "reports/q3.pdf", null, RequestContext.empty());
      Decision d = r.decision();
      assertFalse(d.allowed(), "fail closed, although alice's own policy allows");
      assertNotNull(d.error());
      assertTrue(d.error().contains("policy store unreachable"), d.error());
      assertFalse(r.cached());
      assertNotNull(r.request());
      assertSame(alice, r.identity());

      Authorizer.Result again = authorizer.authorize(alice, "docs:GetObject", ACME + "reports/q3.pdf", null, RequestContext.empty());
      assertNotNull(again.decision().error(), "a failure is not remembered as an answer either way");
    } finally {
      log.setLevel(level);
    }
  }

  @Test
  void authorize_providerReturnsPolicyOfWrongType_deniedWithError() {
    Policy identityPolicy = PARSER.parse(allow("docs:GetObject", "*"), PolicyType.IDENTITY, "not a resource policy");
    authorizer = authorizer((tenant, arn) -> Optional.of(identityPolicy));
    Logger log = Logger.getLogger(Authorizer.class.getName());
    Level level = log.getLevel();
    log.setLevel(Level.OFF);
    try {
      Authorizer.Result r = authorizer.authorize(map("bob@acme"), "docs:GetObject", ACME + "x", null, RequestContext.empty());
      assertFalse(r.decision().allowed());
      assertNotNull(r.decision().error());
    } finally {
      log.setLevel(level);
    }
  }

  @Test
  void groups_ofUser_areItsIamGroups() {
    assertEquals(List.of(), Authorizer.groups(map("alice@acme")));
    assertEquals(List.of("Readers"), Authorizer.groups(map("bob@acme")));
  }
}
