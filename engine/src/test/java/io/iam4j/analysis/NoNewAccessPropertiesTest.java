package io.iam4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.analysis.AccessCheckResult.Result;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The check against the evaluator on random policies over a small alphabet of patterns, operators
 * and values (seeded, so a failure replays): every counterexample is confirmed by the evaluator;
 * when the check passes, no sampled request the updated policy allows is denied by the existing
 * one; a policy never grants new access over itself; a statement added to a policy makes the check
 * fail whenever sampling finds a request only it allows.
 */
class NoNewAccessPropertiesTest {

  static final String[] ACTION_PATTERNS = {"svc:a", "svc:ab", "svc:a*", "svc:*b", "svc:?", "svc:*", "oth:*", "*", "oth:x", "SVC:A?"};
  static final String[] RESOURCE_PATTERNS = {"*", "arn:p:svc::t:r/a/*", "arn:p:svc::t:r/*", "arn:p:svc::t:r/a?", "arn:p:svc:*:t:r/b",
      "arn:p:*::t:*", "arn:p:svc::t:r/${k}"};
  static final String[] CONDITIONS = {
      "\"StringEquals\":{\"k\":\"a\"}", "\"StringLike\":{\"k\":\"a*\"}", "\"StringNotEquals\":{\"k\":\"b\"}",
      "\"StringEqualsIgnoreCase\":{\"k\":\"A\"}", "\"StringLikeIfExists\":{\"k\":\"*b\"}", "\"Null\":{\"k\":\"true\"}",
      "\"NumericLessThan\":{\"n\":\"3\"}", "\"NumericGreaterThanEquals\":{\"n\":\"1\"}", "\"Bool\":{\"b\":\"true\"}",
      "\"IpAddress\":{\"ip\":\"10.0.0.0/8\"}", "\"NotIpAddress\":{\"ip\":\"10.1.0.0/16\"}",
      "\"ForAnyValue:StringEquals\":{\"tags\":[\"a\",\"b\"]}", "\"ForAllValues:StringLike\":{\"tags\":[\"a*\"]}"};
  static final String[] PRINCIPALS = {"\"*\"", "{\"AWS\":\"arn:p:iam::t:root\"}", "{\"AWS\":\"arn:p:iam::u:user/x\"}", "{\"AWS\":\"444455556666\"}",
      "{\"Service\":\"svc.example\"}", "{\"AWS\":\"arn:p:iam::u:role/r\"}"};

  static final String[] ACTIONS = {"svc:a", "svc:ab", "svc:b", "svc:ba", "svc:x", "svc:aab", "oth:x", "oth:y", "zzz:q", "SVC:A", "svc:"};
  static final String[] RESOURCES = {"arn:p:svc::t:r/a/x", "arn:p:svc::t:r/ab", "arn:p:svc::t:r/b", "arn:p:svc:us:t:r/b",
      "arn:p:other::t:r/a/", "*", "arn:p:svc::t:r/a", "arn:p:svc::t:r/", "arn:p:svc::u:r/a/x"};
  static final String[] K = {null, "a", "A", "b", "ab", "ba", "", "a/x"};
  static final String[] N = {null, "0", "1", "2", "3", "2.5", "x", "-1"};
  static final String[] B = {null, "true", "false", "TRUE"};
  static final String[] IP = {null, "10.1.2.3", "10.2.0.1", "11.0.0.1", "::1"};
  static final List<List<String>> TAGS = List.of(List.of(), List.of("a"), List.of("b"), List.of("a", "b"), List.of("c"), List.of("ab"));
  static final Caller[] CALLERS = {new Caller.User("arn:p:iam::u:user/x", "u", "x"), new Caller.User("arn:p:iam::w:user/y", "w", "y"),
      new Caller.Root("arn:p:iam::t:root", "t"), new Caller.Root("arn:p:iam::444455556666:root", "444455556666"), new Caller.Service("svc.example"),
      new Caller.Service("other.example"), new Caller.Anonymous(),
      new Caller.RoleSession("arn:p:sts::u:assumed-role/r/s", "u", "r", "s", "arn:p:iam::u:role/r"),
      new Caller.User("arn:p:iam::t:user/z", "t", "z")};

  Arbitrary<String> statement(boolean resourcePolicy) {
    Arbitrary<String> actions = Arbitraries.of(ACTION_PATTERNS).list().ofMinSize(1).ofMaxSize(2).map(NoNewAccessPropertiesTest::array);
    Arbitrary<String> resources = Arbitraries.of(RESOURCE_PATTERNS).list().ofMinSize(1).ofMaxSize(2).map(NoNewAccessPropertiesTest::array);
    Arbitrary<String> conditions = Arbitraries.of(CONDITIONS).list().ofMaxSize(2).uniqueElements(c -> c.substring(0, c.indexOf(':')))
        .map(l -> l.isEmpty() ? "" : ",\"Condition\":{" + String.join(",", l) + "}");
    Arbitrary<String> principal = Arbitraries.of(PRINCIPALS);
    return Combinators.combine(Arbitraries.of("Allow", "Allow", "Allow", "Allow", "Deny"),
        Arbitraries.of("Action", "Action", "Action", "NotAction"), actions, Arbitraries.of("Resource", "Resource", "NotResource"), resources,
        conditions, principal, Arbitraries.of("Principal", "Principal", "Principal", "NotPrincipal"))
        .as((effect, a, as, r, rs, c, p, pk) -> "{\"Effect\":\"" + effect + "\","
            + (resourcePolicy ? "\"" + (effect.equals("Deny") ? pk : "Principal") + "\":" + p + "," : "")
            + "\"" + a + "\":" + as + ",\"" + r + "\":" + rs + c + "}");
  }

  static String array(List<String> l) {
    return "[" + String.join(",", l.stream().map(s -> "\"" + s + "\"").toList()) + "]";
  }

  Arbitrary<List<String>> statements(boolean resourcePolicy) {
    return statement(resourcePolicy).list().ofMinSize(1).ofMaxSize(3);
  }

  @Provide
  Arbitrary<List<String>> identityStatements() {
    return statements(false);
  }

  @Provide
  Arbitrary<List<String>> resourceStatements() {
    return statements(true);
  }

  @Provide
  Arbitrary<String> identityStatement() {
    return statement(false);
  }

  static Policy policy(PolicyType type, String name, List<String> statements) {
    return PolicyParser.standard().parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}", type, name);
  }

  /** Random requests over a wider alphabet than the policies', seeded by the policies themselves. */
  static List<AuthorizationRequest> sample(boolean resourcePolicy, int n, long seed) {
    Random rnd = new Random(seed);
    List<AuthorizationRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RequestContext.Builder ctx = RequestContext.builder();
      put(ctx, "k", K[rnd.nextInt(K.length)]);
      put(ctx, "n", N[rnd.nextInt(N.length)]);
      put(ctx, "b", B[rnd.nextInt(B.length)]);
      put(ctx, "ip", IP[rnd.nextInt(IP.length)]);
      int t = rnd.nextInt(TAGS.size() + 1);
      if (t < TAGS.size()) {
        ctx.putSet("tags", TAGS.get(t));
      }
      Caller caller = resourcePolicy ? CALLERS[rnd.nextInt(CALLERS.length)] : new Caller.User("arn:p:iam::h:user/x", "h", "x");
      if (resourcePolicy) {
        CallerWitnesses.context(caller).build().asMap().forEach(ctx::put);
      }
      out.add(AuthorizationRequest.builder().caller(caller).action(ACTIONS[rnd.nextInt(ACTIONS.length)])
          .resource(RESOURCES[rnd.nextInt(RESOURCES.length)]).resourceAccount(resourcePolicy ? NoNewAccess.RESOURCE_OWNER : null)
          .context(ctx.build()).build());
    }
    return out;
  }

  private static void put(RequestContext.Builder b, String k, String v) {
    if (v != null) {
      b.put(k, v);
    }
  }

  /** The check's answer, with every counterexample re-decided by the evaluator. */
  static AccessCheckResult checked(Policy old, Policy updated) {
    AccessCheckResult r = NoNewAccess.policies(old, updated, NoNewAccess.Options.DEFAULTS);
    r.counterexample().ifPresent(c -> NoNewAccessTest.assertConfirmed(old, updated, c));
    r.reasons().forEach(x -> NoNewAccessTest.assertConfirmed(old, updated, x.counterexample()));
    assertEquals(r.result() == Result.FAIL, r.counterexample().isPresent() || !r.complete(), r::toString);
    return r;
  }

  static void assertNoSampledNewAccess(Policy old, Policy updated, boolean resourcePolicy) {
    for (AuthorizationRequest q : sample(resourcePolicy, 400, (old.toString() + updated).hashCode())) {
      if (NoNewAccessTest.decide(updated, q)) {
        assertTrue(NoNewAccessTest.decide(old, q), () -> "PASS, yet only the updated policy allows " + q + "\nold: " + old + "\nnew: " + updated);
      }
    }
  }

  @Property(tries = 300, seed = "20261207")
  void check_identityPolicies_passImpliesNoSampledNewAccess(@ForAll("identityStatements") List<String> a,
      @ForAll("identityStatements") List<String> b) {
    Policy old = policy(PolicyType.IDENTITY, "old", a);
    Policy updated = policy(PolicyType.IDENTITY, "new", b);
    AccessCheckResult r = checked(old, updated);
    net.jqwik.api.statistics.Statistics.collect(r.result());
    if (r.passed()) {
      assertNoSampledNewAccess(old, updated, false);
    }
  }

  @Property(tries = 200, seed = "20261207")
  void check_resourcePolicies_passImpliesNoSampledNewAccess(@ForAll("resourceStatements") List<String> a,
      @ForAll("resourceStatements") List<String> b) {
    Policy old = policy(PolicyType.RESOURCE, "old", a);
    Policy updated = policy(PolicyType.RESOURCE, "new", b);
    AccessCheckResult r = checked(old, updated);
    net.jqwik.api.statistics.Statistics.collect(r.result());
    if (r.passed()) {
      assertNoSampledNewAccess(old, updated, true);
    }
  }

  @Property(tries = 200, seed = "20261207")
  void check_policyAgainstItself_passes(@ForAll("identityStatements") List<String> a) {
    Policy p = policy(PolicyType.IDENTITY, "p", a);
    AccessCheckResult r = checked(p, p);
    assertEquals(Result.PASS, r.result(), r::toString);
  }

  @Property(tries = 200, seed = "20261207")
  void check_resourcePolicyAgainstItself_passes(@ForAll("resourceStatements") List<String> a) {
    Policy p = policy(PolicyType.RESOURCE, "p", a);
    assertEquals(Result.PASS, checked(p, p).result());
  }

  @Property(tries = 300, seed = "20261207")
  void check_addedStatementGrantingSomethingNew_fails(@ForAll("identityStatements") List<String> a,
      @ForAll("identityStatement") String extra) {
    Policy old = policy(PolicyType.IDENTITY, "old", a);
    List<String> more = new ArrayList<>(a);
    more.add(extra);
    Policy updated = policy(PolicyType.IDENTITY, "new", more);
    AccessCheckResult r = checked(old, updated);
    boolean sampledNew = sample(false, 400, more.hashCode()).stream()
        .anyMatch(q -> NoNewAccessTest.decide(updated, q) && !NoNewAccessTest.decide(old, q));
    net.jqwik.api.statistics.Statistics.collect(r.result(), sampledNew ? "sampled new access" : "none sampled");
    if (sampledNew) {
      assertEquals(Result.FAIL, r.result(), () -> "sampling found new access the check missed\nold: " + old + "\nnew: " + updated);
    }
  }
}
