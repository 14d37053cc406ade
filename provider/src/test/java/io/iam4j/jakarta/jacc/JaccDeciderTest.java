package io.iam4j.jakarta.jacc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditEvent;
import io.iam4j.audit.DecisionAudit;
import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.config.ConfigStore;
import io.iam4j.eval.Outcome;
import io.iam4j.jakarta.runtime.Enforcer;
import io.iam4j.jakarta.runtime.IamRequestFilter;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.jacc.WebResourcePermission;
import jakarta.security.jacc.WebRoleRefPermission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Permission;
import java.security.Principal;
import java.security.ProtectionDomain;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The permission → request mapping of the Jakarta Authorization provider, application side: which
 * IAM request a web check becomes (route, action, resource, tenant), how it combines with the
 * container's answer, what anonymous callers get, what {@code isCallerInRole} answers, and that each
 * decision is one audit record.
 */
class JaccDeciderTest {
  static final PolicyParser PARSER = new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true));
  static final String ROUTES = """
      [
        {"method": "GET", "path": "/admin/*", "action": "iam:GetConfigurationStatus",
         "resource": "arn:iam4j:iam::${tenant}:configuration"},
        {"method": "GET", "path": "/api/tenants/{owner}/buckets/{bucket}/stats", "action": "docs:GetBucketStatistics",
         "resource": "arn:iam4j:docs::${owner}:bucket/${bucket}", "resourceAccount": "${owner}"},
        {"path": "/public/{bucket}/{key: .+}", "action": "docs:GetObject",
         "resource": "arn:iam4j:docs::globex:bucket/${bucket}/${key}", "resourceAccount": "globex"}
      ]""";

  static final io.iam4j.crypto.ServerKey KEY = io.iam4j.crypto.ServerKey.random();

  @TempDir Path root;
  ConfigStore store;
  final Map<String, Policy> resourcePolicies = new ConcurrentHashMap<>();
  final List<AuditEvent> trail = new CopyOnWriteArrayList<>();
  Authorizer authorizer;

  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  void put(String tenant, String path, String content) throws IOException {
    Path p = root.resolve("tenants").resolve(tenant).resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @BeforeEach
  void setUp() throws IOException {
    // carol administers acme; hugo is a SysAdmin too, but an inline Deny takes the admin pages away;
    // alice reads bucket statistics of acme's projects bucket only; frank audits.
    put("acme", "groups/SysAdmins.json", j("{'inlinePolicies': {'Admin': 'inline/admin.json'}}"));
    put("acme", "inline/admin.json", j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': ['iam:*', 'docs:*'], 'Resource': '*'}]}"));
    put("acme", "groups/Auditors.json", "{}");
    put("acme", "users/carol.json", j("{'groups': ['SysAdmins']}"));
    put("acme", "users/hugo.json", j("{'groups': ['SysAdmins'], 'inlinePolicies': {'NoAdminPages': 'inline/hugo.json'}}"));
    put("acme", "inline/hugo.json", j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Action': 'iam:GetConfigurationStatus', 'Resource': '*'}]}"));
    put("acme", "users/alice.json", j("{'inlinePolicies': {'Stats': 'inline/alice.json'}}"));
    put("acme", "inline/alice.json", j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:GetBucketStatistics', "
        + "'Resource': 'arn:iam4j:docs::acme:bucket/projects'}]}"));
    put("acme", "users/frank.json", j("{'groups': ['Auditors']}"));
    put("acme", "roles/ReportingJob.json", j("{'trustPolicy': 'trust/reporting-job.json'}"));
    put("acme", "trust/reporting-job.json", j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', "
        + "'Principal': {'AWS': 'arn:iam4j:iam::acme:user/carol'}, 'Action': 'sts:AssumeRole'}]}"));
    put("globex", "groups/SysAdmins.json", "{}");
    put("globex", "users/gina.json", j("{'groups': ['SysAdmins']}"));
    store = ConfigStore.open(ConfigStore.Settings.of(root));
    authorizer = new Authorizer(store::directory, PrincipalMapper.defaults(),
        // A bucket's policy governs the bucket and its objects.
        (tenant, arn) -> resourcePolicies.entrySet().stream().filter(e -> arn.equals(e.getKey()) || arn.startsWith(e.getKey() + "/"))
            .map(Map.Entry::getValue).findFirst(), new DecisionCache(1_000));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  JaccDecider decider(JaccDecider.Unmatched unmatched) {
    return new JaccDecider(new Enforcer(authorizer, () -> KEY,
        (req, via, action) -> DecisionAudit.begin(trail::add, Clock.systemUTC(), "req-1", via, req.getRemoteAddr(), action)),
        RouteCatalog.fromJson(ROUTES, "routes.json"), unmatched);
  }

  static ProtectionDomain caller(String name, String... groups) {
    Principal[] ps = new Principal[groups.length + 1];
    ps[0] = new CallerPrincipal(name);
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      ps[i + 1] = new Principal() {
        @Override
        public String getName() {
          return g;
        }
      };
    }
    return new ProtectionDomain(null, null, null, ps);
  }

  static final ProtectionDomain NOBODY = new ProtectionDomain(null, null, null, new Principal[0]);

  static Boolean ask(JaccDecider d, ProtectionDomain who, FakeRequest req, boolean container) {
    Permission p = new WebResourcePermission(req.path, req.method);
    return d.apply(new Object[] {who, p, req.proxy(), container});
  }

  AuditEvent.DecisionEvent onlyRecord() {
    assertEquals(1, trail.size(), () -> "one record per decision: " + trail);
    return assertInstanceOf(AuditEvent.DecisionEvent.class, trail.get(0));
  }

  @Test
  void route_containerAndIamBothAllow_allowed_andTheDecisionIsLeftOnTheRequest() {
    FakeRequest req = new FakeRequest("GET", "/docs", "/admin/status");
    assertEquals(Boolean.TRUE, ask(decider(JaccDecider.Unmatched.CONTAINER), caller("carol@acme", "SysAdmins"), req, true));
    Authorizer.Result r = assertInstanceOf(Authorizer.Result.class, req.attributes.get(IamRequestFilter.RESULT));
    assertEquals("iam:GetConfigurationStatus", r.request().action());
    assertEquals("arn:iam4j:iam::acme:configuration", r.request().resource(), "${tenant} is the caller's tenant");
    AuditEvent.DecisionEvent e = onlyRecord();
    assertEquals("jacc", e.via());
    assertEquals(Outcome.ALLOW, e.decision());
    assertEquals("arn:iam4j:iam::acme:user/carol", e.principal());
  }

  @Test
  void explicitIamDeny_beatsTheContainersRoleGrant() {
    FakeRequest req = new FakeRequest("GET", "/docs", "/admin/status");
    assertEquals(Boolean.FALSE, ask(decider(JaccDecider.Unmatched.CONTAINER), caller("hugo@acme", "SysAdmins"), req, true));
    Authorizer.Result r = (Authorizer.Result) req.attributes.get(IamRequestFilter.RESULT);
    assertEquals(Outcome.EXPLICIT_DENY, r.decision().outcome());
    assertEquals("User: arn:iam4j:iam::acme:user/hugo is not authorized to perform: iam:GetConfigurationStatus on resource: "
        + "arn:iam4j:iam::acme:configuration with an explicit deny in an identity-based policy", r.decision().message(r.request()));
    assertEquals(Outcome.EXPLICIT_DENY, onlyRecord().decision());
  }

  @Test
  void containerDenies_iamIsNotAsked_declaredConstraintsKeepTheirMeaning() {
    FakeRequest req = new FakeRequest("GET", "/docs", "/admin/status");
    assertEquals(Boolean.FALSE, ask(decider(JaccDecider.Unmatched.CONTAINER), caller("alice@acme"), req, false));
    assertNull(req.attributes.get(IamRequestFilter.RESULT));
    assertEquals("The container's declared constraints do not grant this request", onlyRecord().error());
  }

  @Test
  void pathParameters_nameTheResourceAndItsTenant() {
    FakeRequest mine = new FakeRequest("GET", "/docs", "/api/tenants/acme/buckets/projects/stats");
    assertEquals(Boolean.TRUE, ask(decider(JaccDecider.Unmatched.CONTAINER), caller("alice@acme"), mine, true));
    Authorizer.Result r = (Authorizer.Result) mine.attributes.get(IamRequestFilter.RESULT);
    assertEquals("arn:iam4j:docs::acme:bucket/projects", r.request().resource());

    FakeRequest other = new FakeRequest("GET", "/docs", "/api/tenants/acme/buckets/finance/stats");
    assertEquals(Boolean.FALSE, ask(decider(JaccDecider.Unmatched.CONTAINER), caller("alice@acme"), other, true));
    Authorizer.Result denied = (Authorizer.Result) other.attributes.get(IamRequestFilter.RESULT);
    assertEquals("User: arn:iam4j:iam::acme:user/alice is not authorized to perform: docs:GetBucketStatistics on resource: "
        + "arn:iam4j:docs::acme:bucket/finance because no identity-based policy allows the docs:GetBucketStatistics action",
        denied.decision().message(denied.request()));
  }

  @Test
  void theRouteAndItsValues_comeFromTheDecodedNormalizedPath_notTheRawUri() {
    FakeRequest req = new FakeRequest("GET", "/docs", "/api/tenants/acme/buckets/projects/stats",
        "/docs/api/tenants/acme/buckets/x/../projects;jsessionid=1/stats");
    assertEquals(Boolean.TRUE, ask(decider(JaccDecider.Unmatched.CONTAINER), caller("alice@acme"), req, true));
    Authorizer.Result r = (Authorizer.Result) req.attributes.get(IamRequestFilter.RESULT);
    assertEquals("arn:iam4j:docs::acme:bucket/projects", r.request().resource());
    FakeRequest admin = new FakeRequest("GET", "/docs", "/admin/status", "/docs/admin;x=1/status");
    assertEquals(Boolean.FALSE, ask(decider(JaccDecider.Unmatched.CONTAINER), caller("hugo@acme", "SysAdmins"), admin, true),
        "a path parameter in the raw URI does not step around the admin route");
  }

  @Test
  void anotherTenantsResource_isDenied_evenToItsAdministrators() {
    // carol may do docs:* on "*" in acme; globex has not named her anywhere.
    FakeRequest req = new FakeRequest("GET", "/docs", "/api/tenants/globex/buckets/projects/stats");
    assertEquals(Boolean.FALSE, ask(decider(JaccDecider.Unmatched.CONTAINER), caller("carol@acme", "SysAdmins"), req, true));
    Authorizer.Result r = (Authorizer.Result) req.attributes.get(IamRequestFilter.RESULT);
    assertEquals("globex", r.request().resourceAccount());
  }

  @Test
  void aResourceThatCannotBeNamed_isDenied() {
    FakeRequest req = new FakeRequest("GET", "/docs", "/api/tenants/no%20such/buckets/projects/stats");
    assertEquals(Boolean.FALSE, ask(decider(JaccDecider.Unmatched.CONTAINER), caller("carol@acme"), req, true));
    assertEquals("The resource of this request could not be determined", onlyRecord().error());
  }

  @Test
  void unknownCaller_isDenied() {
    FakeRequest req = new FakeRequest("GET", "/docs", "/admin/status");
    assertEquals(Boolean.FALSE, ask(decider(JaccDecider.Unmatched.CONTAINER), caller("mallory@acme"), req, true));
    assertTrue(onlyRecord().error().startsWith("The caller is not known to iam4j"), trail::toString);
  }

  @Test
  void unmatchedRequest_followsTheConfiguredDefault_andIsAudited() {
    FakeRequest req = new FakeRequest("GET", "/docs", "/index.html");
    assertEquals(Boolean.TRUE, ask(decider(JaccDecider.Unmatched.CONTAINER), caller("alice@acme"), req, true));
    assertEquals(Boolean.FALSE, ask(decider(JaccDecider.Unmatched.CONTAINER), caller("alice@acme"), req, false));
    assertEquals(Boolean.FALSE, ask(decider(JaccDecider.Unmatched.DENY), caller("alice@acme"), req, true));
    assertEquals(List.of(Outcome.ALLOW, Outcome.IMPLICIT_DENY, Outcome.IMPLICIT_DENY),
        trail.stream().map(e -> ((AuditEvent.DecisionEvent) e).decision()).toList(), "every decision is on the trail");
    assertTrue(((AuditEvent.DecisionEvent) trail.get(2)).error().contains("No route covers GET /index.html"), trail::toString);
  }

  @Test
  void routeLeftToTheContainer_isTheContainersAnswer() {
    JaccDecider d = new JaccDecider(new Enforcer(authorizer, () -> KEY,
        (req, via, action) -> DecisionAudit.begin(trail::add, Clock.systemUTC(), "req-1", via, req.getRemoteAddr(), action)),
        RouteCatalog.fromJson("[{\"path\": \"/login\", \"access\": \"container\"}]", "routes.json"), JaccDecider.Unmatched.DENY);
    assertEquals(Boolean.TRUE, ask(d, NOBODY, new FakeRequest("POST", "/docs", "/login"), true));
    assertEquals(Boolean.FALSE, ask(d, NOBODY, new FakeRequest("POST", "/docs", "/login"), false));
    assertEquals(Boolean.FALSE, ask(d, NOBODY, new FakeRequest("POST", "/docs", "/login2"), true));
    assertEquals(3, trail.size());
  }

  @Test
  void trailingSlash_matrixParameters_dotSegments_andHead_allMeetTheRoute() {
    // Each spelling used to miss the route and fall to the container's answer (200 for anyone).
    JaccDecider d = decider(JaccDecider.Unmatched.CONTAINER);
    for (FakeRequest req : List.of(
        new FakeRequest("GET", "/docs", "/admin/status/"),
        new FakeRequest("GET", "/docs", "/admin/status", "/docs/admin;x=y/status"),
        new FakeRequest("HEAD", "/docs", "/admin/status"),
        new FakeRequest("GET", "/docs", "/api/tenants/acme/buckets/projects/stats/"),
        new FakeRequest("HEAD", "/docs", "/api/tenants/acme/buckets/projects/stats", "/docs/api/tenants;x=y/acme/buckets/projects/stats"),
        new FakeRequest("GET", "/docs", "/api/tenants/acme/buckets/projects/stats", "/docs/api/tenants/acme/buckets/x/../projects/stats"))) {
      trail.clear();
      assertEquals(Boolean.FALSE, ask(d, caller("frank@acme"), req, true), req.uri);
      AuditEvent.DecisionEvent e = onlyRecord();
      assertTrue(e.action().startsWith("iam:") || e.action().startsWith("docs:"), () -> req.uri + " " + e);
    }
  }

  @Test
  void pathTheContainerReadsDifferently_isDeniedAsMalformed() {
    // %2F: the container may split on it, a template would not: no single resource, so no decision but a deny.
    FakeRequest req = new FakeRequest("GET", "/docs", "/api/tenants/acme/buckets/projects/stats", "/docs/api/tenants/acme/buckets/pro%2Fjects/stats");
    assertEquals(Boolean.FALSE, ask(decider(JaccDecider.Unmatched.CONTAINER), caller("carol@acme"), req, true));
    assertTrue(onlyRecord().error().startsWith("Malformed request path"), trail::toString);
    assertTrue(req.attributes.containsKey(JaccDecider.BAD_PATH));
  }

  @Test
  void tenantQueryParameter_doesNotMoveTheResource() {
    FakeRequest req = new FakeRequest("GET", "/docs", "/admin/status").param("tenant", "globex");
    ask(decider(JaccDecider.Unmatched.CONTAINER), caller("carol@acme", "SysAdmins"), req, true);
    assertEquals("arn:iam4j:iam::acme:configuration", onlyRecord().resource());
  }

  @Test
  void methodIsPartOfTheRoute() {
    FakeRequest post = new FakeRequest("POST", "/docs", "/admin/status");
    assertEquals(Boolean.TRUE, ask(decider(JaccDecider.Unmatched.CONTAINER), caller("hugo@acme"), post, true),
        "the admin route is GET only: POST follows the default (the container)");
  }

  @Test
  void uncheckedCheckOfARequestWithCredentials_letsTheContainerAuthenticateFirst() {
    FakeRequest req = new FakeRequest("GET", "/docs", "/admin/status").header("Authorization", "Basic Y2Fyb2w=");
    assertEquals(Boolean.FALSE, ask(decider(JaccDecider.Unmatched.CONTAINER), NOBODY, req, true));
    assertTrue(trail.isEmpty(), "not a decision yet: the container asks again with the caller's principals");
  }

  @Test
  void anonymous_withoutAResourcePolicy_mustAuthenticate() {
    FakeRequest req = new FakeRequest("GET", "/docs", "/public/site/index.html");
    assertEquals(Boolean.FALSE, ask(decider(JaccDecider.Unmatched.CONTAINER), NOBODY, req, true));
    AuditEvent.DecisionEvent e = onlyRecord();
    assertEquals("anonymous", e.principal());
    assertEquals("Authentication is required", e.error());
  }

  @Test
  void anonymous_allowedByAResourcePolicyNamingEveryone() {
    resourcePolicies.put("arn:iam4j:docs::globex:bucket/site", PARSER.parse(j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', "
        + "'Principal': '*', 'Action': 'docs:GetObject', 'Resource': 'arn:iam4j:docs::globex:bucket/site/*'}]}"),
        PolicyType.RESOURCE, "bucket policy"));
    FakeRequest req = new FakeRequest("GET", "/docs", "/public/site/index.html");
    assertEquals(Boolean.TRUE, ask(decider(JaccDecider.Unmatched.CONTAINER), NOBODY, req, true));
    AuditEvent.DecisionEvent e = onlyRecord();
    assertEquals(Outcome.ALLOW, e.decision());
    assertEquals("globex", e.tenant());
    assertEquals("arn:iam4j:docs::globex:bucket/site/index.html", e.resource());
    FakeRequest other = new FakeRequest("GET", "/docs", "/public/private/x.txt");
    assertEquals(Boolean.FALSE, ask(decider(JaccDecider.Unmatched.CONTAINER), NOBODY, other, true));
  }

  @Test
  void isCallerInRole_answersFromTheDirectorysGroups() {
    JaccDecider d = decider(JaccDecider.Unmatched.CONTAINER);
    FakeRequest req = new FakeRequest("GET", "/docs", "/api/whoami");
    assertEquals(Boolean.TRUE, d.apply(new Object[] {caller("frank@acme"), new WebRoleRefPermission("", "Auditors@acme"), req.proxy(), false}),
        "frank is in IAM group Auditors of acme, whatever the container thinks");
    assertEquals(Boolean.FALSE, d.apply(new Object[] {caller("frank@acme"), new WebRoleRefPermission("", "Auditors"), req.proxy(), true}),
        "a bare group name names no tenant: no role");
    assertEquals(Boolean.FALSE, d.apply(new Object[] {caller("frank@acme", "SysAdmins"), new WebRoleRefPermission("", "SysAdmins@acme"),
        req.proxy(), true}), "a container group that the directory does not confirm is not a role");
    assertEquals(Boolean.FALSE, d.apply(new Object[] {caller("mallory@acme"), new WebRoleRefPermission("", "Auditors@acme"), req.proxy(), true}));
    assertNull(d.apply(new Object[] {NOBODY, new WebRoleRefPermission("", "Auditors@acme"), req.proxy(), false}),
        "anonymous: the container's answer");
    ProtectionDomain session = caller("assumed-role/ReportingJob/nightly@acme");
    assertEquals(Boolean.TRUE, d.apply(new Object[] {session, new WebRoleRefPermission("", "ReportingJob@acme"), req.proxy(), false}),
        "a session of IAM role R is in role R");
    assertEquals(Boolean.FALSE, d.apply(new Object[] {session, new WebRoleRefPermission("", "SysAdmins@acme"), req.proxy(), false}),
        "not in the groups of the user who assumed it");
  }

  @Test
  void otherTenantsGroup_isNotThisTenantsRole() {
    JaccDecider d = decider(JaccDecider.Unmatched.CONTAINER);
    FakeRequest req = new FakeRequest("GET", "/docs", "/admin/status");
    assertEquals(Boolean.FALSE, d.apply(new Object[] {caller("gina@globex", "SysAdmins"), new WebRoleRefPermission("", "SysAdmins@acme"),
        req.proxy(), true}), "globex's SysAdmins are not acme's");
    assertEquals(Boolean.TRUE, d.apply(new Object[] {caller("gina@globex"), new WebRoleRefPermission("", "SysAdmins@globex"),
        req.proxy(), false}));
  }

  @Test
  void callerName_isTheCallerPrincipal_notAGroup() {
    assertEquals("alice@acme", JaccDecider.callerName(caller("alice@acme", "Developers")));
    assertNull(JaccDecider.callerName(NOBODY));
    assertNull(JaccDecider.callerName(null));
  }
}
