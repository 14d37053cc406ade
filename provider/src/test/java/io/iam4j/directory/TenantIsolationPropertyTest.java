package io.iam4j.directory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.config.TenantLoader;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.StatementRef;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * DESIGN.md's isolation invariant over random tenants: a principal of tenant {@code a} is never
 * allowed on a resource of tenant {@code b}, whatever its own policies grant on {@code b}'s
 * resources, unless {@code b}'s resource policy has an Allow statement naming that principal, its
 * role, its tenant or everyone.
 */
class TenantIsolationPropertyTest {
  static final Map<String, ManagedPolicy> PROVIDER = ProviderPolicies.load(Arns.DEFAULT, TenantIsolationPropertyTest.class.getClassLoader());
  static final PolicyParser PARSER = new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true));
  static final TenantLoader LOADER = new TenantLoader(Arns.DEFAULT, PROVIDER, PARSER);

  static final List<String> USERS = List.of("alice", "bob", "carol");
  static final String[] ACTION_PATTERNS = {"docs:GetObject", "docs:PutObject", "docs:DeleteObject", "docs:Get*", "docs:*", "*",
      "docs:List*"};
  static final String[] IDENTITY_RESOURCES = {"*", "arn:iam4j:docs::a:bucket/*", "arn:iam4j:docs::b:bucket/*",
      "arn:iam4j:docs::*:bucket/*", "arn:iam4j:docs::b:bucket/shared/*", "arn:iam4j:docs::b:bucket/private/${aws:username}/*",
      "arn:iam4j:docs::b:bucket", "arn:*:docs::*:*"};
  static final String[] RESOURCE_POLICY_RESOURCES = {"*", "arn:iam4j:docs::b:bucket/*", "arn:iam4j:docs::b:bucket/shared/*",
      "arn:iam4j:docs::*:bucket/*", "arn:iam4j:docs::b:bucket"};
  /** Who a resource policy of b may name: a's principals and tenant, b's, a third tenant's, everyone. */
  static final String[] PRINCIPALS = {"arn:iam4j:iam::a:user/alice", "arn:iam4j:iam::a:user/bob", "arn:iam4j:iam::a:user/carol",
      "arn:iam4j:iam::a:role/Worker", "arn:iam4j:sts::a:assumed-role/Worker/s1", "arn:iam4j:sts::a:assumed-role/Worker/other",
      "a", "arn:iam4j:iam::a:root", "b", "arn:iam4j:iam::b:root", "arn:iam4j:iam::b:user/alice", "arn:iam4j:iam::b:role/Worker",
      "c", "arn:iam4j:iam::c:user/alice", "*", "EVERYONE"};
  static final String[] CALLERS = {"user/alice", "user/bob", "user/carol", "role/Worker/s1", "root"};
  static final String[] ACTIONS = {"docs:GetObject", "docs:PutObject", "docs:DeleteObject", "docs:ListBucket"};
  static final String[] RESOURCES = {"arn:iam4j:docs::b:bucket/shared/report.pdf", "arn:iam4j:docs::b:bucket/private/alice/todo.txt",
      "arn:iam4j:docs::b:bucket/private/bob/todo.txt", "arn:iam4j:docs::b:bucket/top.txt", "arn:iam4j:docs::b:bucket"};

  /** An identity-policy statement. */
  record Stmt(boolean allow, boolean notAction, List<String> actions, boolean notResource, List<String> resources) {
    String json() {
      return "{\"Effect\":\"" + (allow ? "Allow" : "Deny") + "\",\"" + (notAction ? "NotAction" : "Action") + "\":" + list(actions)
          + ",\"" + (notResource ? "NotResource" : "Resource") + "\":" + list(resources) + "}";
    }
  }

  /** A statement of b's resource policy. */
  record ResourceStmt(boolean allow, List<String> principals, List<String> actions, List<String> resources) {
    String json() {
      String principal = principals.contains("EVERYONE") ? "\"*\""
          : "{\"AWS\":" + list(principals) + "}";
      return "{\"Effect\":\"" + (allow ? "Allow" : "Deny") + "\",\"Principal\":" + principal + ",\"Action\":" + list(actions)
          + ",\"Resource\":" + list(resources) + "}";
    }

    boolean names(Set<String> callerNames) {
      return principals.contains("EVERYONE") || principals.stream().anyMatch(callerNames::contains);
    }
  }

  record Request(String caller, String action, String resource) {}

  record Scenario(List<List<Stmt>> userPolicies, List<Boolean> inTeam, List<Stmt> teamPolicy, List<Stmt> rolePolicy,
      String guardrail, List<ResourceStmt> resourcePolicy, Request request) {}

  static String list(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
  }

  static String policy(List<? extends Object> statements) {
    String body = statements.stream().map(s -> s instanceof Stmt st ? st.json() : ((ResourceStmt) s).json())
        .collect(Collectors.joining(","));
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + body + "]}";
  }

  // ---------------------------------------------------------------- generators

  Arbitrary<Stmt> stmt() {
    return Combinators.combine(
        Arbitraries.of(true, true, true, false),
        Arbitraries.of(false, false, false, true),
        Arbitraries.of(ACTION_PATTERNS).list().ofMinSize(1).ofMaxSize(3).uniqueElements(),
        Arbitraries.of(false, false, false, true),
        Arbitraries.of(IDENTITY_RESOURCES).list().ofMinSize(1).ofMaxSize(3).uniqueElements())
        .as(Stmt::new);
  }

  Arbitrary<List<Stmt>> identityPolicy() {
    return stmt().list().ofMinSize(1).ofMaxSize(3);
  }

  Arbitrary<ResourceStmt> resourceStmt() {
    return Combinators.combine(
        Arbitraries.of(true, true, true, false),
        Arbitraries.of(PRINCIPALS).list().ofMinSize(1).ofMaxSize(3).uniqueElements(),
        Arbitraries.of(ACTION_PATTERNS).list().ofMinSize(1).ofMaxSize(2).uniqueElements(),
        Arbitraries.of(RESOURCE_POLICY_RESOURCES).list().ofMinSize(1).ofMaxSize(2).uniqueElements())
        .as(ResourceStmt::new);
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Request> request = Combinators.combine(Arbitraries.of(CALLERS), Arbitraries.of(ACTIONS), Arbitraries.of(RESOURCES))
        .as(Request::new);
    return Combinators.combine(
        identityPolicy().list().ofSize(USERS.size()),
        Arbitraries.of(true, false).list().ofSize(USERS.size()),
        identityPolicy(),
        identityPolicy(),
        Arbitraries.of("", "*", "docs:*", "deny-delete"),
        // No resource policy at all about a third of the time.
        Arbitraries.oneOf(Arbitraries.just(List.<ResourceStmt>of()), resourceStmt().list().ofMinSize(1).ofMaxSize(3),
            resourceStmt().list().ofMinSize(1).ofMaxSize(3)),
        request)
        .as(Scenario::new);
  }

  // ---------------------------------------------------------------- building the tenants

  static Directory directory(Scenario s) {
    Map<String, String> a = new TreeMap<>();
    for (int i = 0; i < USERS.size(); i++) {
      String u = USERS.get(i);
      a.put("users/" + u + ".json", "{\"groups\":" + (s.inTeam().get(i) ? "[\"team\"]" : "[]")
          + ",\"inlinePolicies\":{\"Own\":\"inline/" + u + ".json\"}}");
      a.put("inline/" + u + ".json", policy(s.userPolicies().get(i)));
    }
    a.put("groups/team.json", "{\"inlinePolicies\":{\"Team\":\"inline/team.json\"}}");
    a.put("inline/team.json", policy(s.teamPolicy()));
    a.put("roles/Worker.json", "{\"trustPolicy\":\"trust/worker.json\",\"inlinePolicies\":{\"Work\":\"inline/worker.json\"}}");
    a.put("trust/worker.json", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"a\"},"
        + "\"Action\":\"sts:AssumeRole\"}]}");
    a.put("inline/worker.json", policy(s.rolePolicy()));
    switch (s.guardrail()) {
      case "*" -> a.put("guardrails/all.json", policy(List.of(new Stmt(true, false, List.of("*"), false, List.of("*")))));
      case "docs:*" -> a.put("guardrails/docs.json", policy(List.of(new Stmt(true, false, List.of("docs:*"), false, List.of("*")))));
      case "deny-delete" -> a.put("guardrails/nodelete.json", policy(List.of(new Stmt(true, false, List.of("*"), false, List.of("*")),
          new Stmt(false, false, List.of("docs:DeleteObject"), false, List.of("*")))));
      default -> { }
    }
    Map<String, String> b = new TreeMap<>();
    b.put("users/alice.json", "{\"managedPolicies\":[\"arn:iam4j:iam::iam4j:policy/AdministratorAccess\"]}");
    Tenant ta = LOADER.load("a", a, "tenants/a/").withVersion(1);
    Tenant tb = LOADER.load("b", b, "tenants/b/").withVersion(1);
    return new Directory(Arns.DEFAULT, List.of(ta, tb), PROVIDER);
  }

  /** Every way a resource policy can name the caller: itself, its role, its tenant, everyone. */
  static Set<String> namesOf(String caller) {
    Set<String> names = new java.util.HashSet<>(Set.of("a", "arn:iam4j:iam::a:root", "*"));
    if (caller.startsWith("user/")) {
      names.add("arn:iam4j:iam::a:" + caller);
    } else if (caller.startsWith("role/")) {
      names.add("arn:iam4j:sts::a:assumed-role/Worker/s1");
      names.add("arn:iam4j:iam::a:role/Worker");
    }
    return names;
  }

  // ---------------------------------------------------------------- the property

  @Property(tries = 1000)
  void crossTenantAllow_onlyThroughResourcePolicyNamingTheCaller(@ForAll("scenarios") Scenario s) {
    Directory d = directory(s);
    Identity id = d.identity("a", s.request().caller(), List.of());
    PolicySet set = id.policies();
    if (!s.resourcePolicy().isEmpty()) {
      Policy rp = PARSER.parse(policy(s.resourcePolicy()), PolicyType.RESOURCE, "arn:iam4j:docs::b:bucket#policy");
      set = set.withResourcePolicy(rp);
    }
    AuthorizationRequest request = AuthorizationRequest.builder()
        .caller(id.caller())
        .action(s.request().action())
        .resource(s.request().resource())
        .resourceAccount("b")
        .context(id.context().build())
        .build();
    Decision decision = Evaluator.evaluate(set, request);

    Statistics.label("outcome").collect(decision.outcome());
    Statistics.label("outcome").coverage(c -> c.check(Outcome.ALLOW).count(n -> n > 0));
    if (!decision.allowed()) {
      return;
    }
    assertFalse(s.resourcePolicy().isEmpty(), "allowed across tenants without any resource policy: " + s);
    Set<String> names = namesOf(s.request().caller());
    List<StatementRef> fromResource = new ArrayList<>();
    for (StatementRef r : decision.deciding()) {
      if (r.type() == PolicyType.RESOURCE) {
        fromResource.add(r);
      }
    }
    assertTrue(fromResource.stream().anyMatch(r -> s.resourcePolicy().get(r.index()).allow()
            && s.resourcePolicy().get(r.index()).names(names)),
        "allowed across tenants, but no Allow statement of b's resource policy names " + s.request().caller() + " of a: "
            + decision.deciding() + "\n" + s);
  }

  /** The same question asked without any resource policy: a's own policies never reach into b. */
  @Property(tries = 300)
  void crossTenant_withoutResourcePolicy_neverAllowed(@ForAll("scenarios") Scenario s) {
    Directory d = directory(s);
    Identity id = d.identity("a", s.request().caller(), List.of());
    AuthorizationRequest request = AuthorizationRequest.builder()
        .caller(id.caller())
        .action(s.request().action())
        .resource(s.request().resource())
        .resourceAccount("b")
        .context(id.context().build())
        .build();
    Decision decision = Evaluator.evaluate(id.policies(), request);
    assertFalse(decision.allowed(), () -> "a's policies granted on b's resource by themselves: " + decision.deciding() + "\n" + s);
  }
}
