package io.iam4j.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.catalog.ActionCatalog;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.ArnSplitter;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The generator's promises over random traces: random principals (users and role sessions of two
 * tenants' roles), actions in and out of the catalog, resources in three tenants with names full of
 * IAM's wildcard and variable characters. For every trace the generated policy
 *
 * <ul>
 *   <li>allows every observed request, decided by the evaluator here, independently of the
 *       generator's own replay;
 *   <li>allows no action that was not observed: every other action of the catalog (and a few
 *       outside it) is denied on every observed resource and on {@code *};
 *   <li>never generalizes across tenants: every ARN pattern names an account literally, one the
 *       action was observed in, and an observed resource moved to another tenant is denied unless
 *       the action was observed there too;
 *   <li>is the same whatever the order of the trace.
 * </ul>
 */
class PolicyGeneratorPropertyTest {
  static final ActionCatalog CATALOG = Fixtures.docs();
  static final List<String> TENANTS = List.of("acme", "globex", "initech");
  static final List<String> PRINCIPALS = List.of("arn:iam4j:iam::acme:user/alice", "arn:iam4j:iam::acme:user/bob",
      "arn:iam4j:sts::acme:assumed-role/ReportingJob/run-1", "arn:iam4j:sts::acme:assumed-role/ReportingJob/run-2");
  static final List<String> UNCATALOGED = List.of("jobs:RunJob", "jobs:ListJobs", "Docs:GETOBJECT");
  static final List<String> NAMES = List.of("reports", "projects", "a", "*", "?", "$", "${aws:username}", "x*y", "q?", "home/alice",
      "2026/q1.txt", "a:b", "{}", "");

  record Request(String principal, String action, String tenant, String bucket, String key, int kind) {
    /** 0: an object, 1: a bucket, 2: a non-docs ARN, 3: no resource. */
    String resource() {
      return switch (kind) {
        case 0 -> "arn:iam4j:docs::" + tenant + ":bucket/" + bucket + "/" + key;
        case 1 -> "arn:iam4j:docs::" + tenant + ":bucket/" + bucket;
        case 2 -> "arn:iam4j:jobs::" + tenant + ":job/" + bucket + key;
        default -> "*";
      };
    }

    Activity activity() {
      return new Activity(principal, action, resource(), tenant);
    }
  }

  @Provide
  Arbitrary<List<Request>> traces() {
    List<String> actions = new ArrayList<>(CATALOG.actions());
    actions.addAll(UNCATALOGED);
    Arbitrary<Request> one = Combinators.combine(
        Arbitraries.of(PRINCIPALS), Arbitraries.of(actions), Arbitraries.of(TENANTS),
        Arbitraries.of(NAMES), Arbitraries.of(NAMES), Arbitraries.integers().between(0, 9))
        .as((p, a, t, b, k, kind) -> new Request(p, a, t, b, k, kind < 6 ? 0 : kind < 8 ? 1 : kind < 9 ? 2 : 3));
    return one.list().ofMinSize(1).ofMaxSize(60);
  }

  static Outcome decide(Policy p, String principal, String action, String resource, String resourceAccount) {
    Caller c = Caller.parse(principal, "AWS", null);
    Policy trust = PolicyParser.standard().parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:iam4j:iam::" + c.account() + ":root\"},\"Action\":\"*\",\"Resource\":\"*\"}]}", PolicyType.RESOURCE, "t");
    return Evaluator.evaluate(PolicySet.builder().identity(p).resource(trust).build(),
        new AuthorizationRequest(c, action, resource, resourceAccount, RequestContext.empty())).outcome();
  }

  @Property(tries = 300, seed = "20261207")
  void allowsEveryObservedRequest(@ForAll("traces") List<Request> trace) {
    GeneratedPolicy g = PolicyGenerator.generate(trace.stream().map(Request::activity).toList(), CATALOG);
    Policy p = g.policy().orElseThrow();
    for (Request r : trace) {
      assertEquals(Outcome.ALLOW, decide(p, r.principal(), r.action(), r.resource(), r.tenant()), () -> r + "\n" + g.document().get());
    }
    assertEquals(trace.size(), g.replayed());
    assertEquals(trace.size(), g.requests());
  }

  @Property(tries = 300, seed = "20261208")
  void allowsNoActionThatWasNotObserved(@ForAll("traces") List<Request> trace) {
    GeneratedPolicy g = PolicyGenerator.generate(trace.stream().map(Request::activity).toList(), CATALOG);
    Policy p = g.policy().orElseThrow();
    Set<String> observed = new HashSet<>();
    trace.forEach(r -> observed.add(r.action().toLowerCase(Locale.ROOT)));
    List<String> others = new ArrayList<>(CATALOG.actions());
    others.addAll(List.of("jobs:RunJob", "jobs:ListJobs", "jobs:DeleteJob", "docs:GetObjectAcl", "iam:PassRole"));
    Set<String> resources = new TreeSet<>();
    trace.forEach(r -> resources.add(r.resource()));
    resources.add("*");
    String principal = trace.get(0).principal();
    for (String action : others) {
      if (observed.contains(action.toLowerCase(Locale.ROOT))) {
        continue;
      }
      for (String resource : resources) {
        assertNotEquals(Outcome.ALLOW, decide(p, principal, action, resource, null), () -> action + " on " + resource + "\n" + g.document().get());
      }
    }
    // The policy names exactly the observed actions, no wildcard among them.
    Set<String> named = new HashSet<>();
    for (Statement s : p.statements()) {
      s.action().patterns().forEach(a -> {
        assertFalse(a.contains("*") || a.contains("?"), a);
        named.add(a.toLowerCase(Locale.ROOT));
      });
    }
    assertEquals(observed, named);
  }

  @Property(tries = 300, seed = "20261209")
  void neverGeneralizesAcrossTenants(@ForAll("traces") List<Request> trace) {
    GeneratedPolicy g = PolicyGenerator.generate(trace.stream().map(Request::activity).toList(), CATALOG);
    Policy p = g.policy().orElseThrow();
    Map<String, Set<String>> tenantsOf = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    trace.forEach(r -> tenantsOf.computeIfAbsent(r.action(), k -> new HashSet<>()).add(r.tenant()));
    for (ActionUse u : g.actions()) {
      for (String pattern : u.resources()) {
        if (pattern.equals("*")) {
          continue;
        }
        String account = ArnSplitter.split(pattern, true).get(4);
        assertFalse(account.contains("*") || account.contains("?"), pattern);
        assertTrue(tenantsOf.get(u.action()).contains(account), () -> u + " names " + account);
      }
    }
    for (Request r : trace) {
      if (r.kind() == 3 || u(g, r.action()).resources().contains("*")) {
        continue; // a request on no resource (or an action without resource types) is granted on "*"
      }
      for (String other : TENANTS) {
        if (tenantsOf.get(r.action()).contains(other)) {
          continue;
        }
        Request moved = new Request(r.principal(), r.action(), other, r.bucket(), r.key(), r.kind());
        assertNotEquals(Outcome.ALLOW, decide(p, r.principal(), r.action(), moved.resource(), other),
            () -> moved.resource() + "\n" + g.document().get());
      }
    }
  }

  static ActionUse u(GeneratedPolicy g, String action) {
    return g.actions().stream().filter(x -> x.action().equalsIgnoreCase(action)).findFirst().orElseThrow();
  }

  @Property(tries = 100, seed = "20261210")
  void doesNotDependOnOrder(@ForAll("traces") List<Request> trace, @ForAll long seed) {
    List<Activity> a = new ArrayList<>(trace.stream().map(Request::activity).toList());
    String first = PolicyGenerator.generate(a, CATALOG).document().orElseThrow();
    Collections.shuffle(a, new Random(seed));
    assertEquals(first, PolicyGenerator.generate(a, CATALOG).document().orElseThrow());
  }
}
