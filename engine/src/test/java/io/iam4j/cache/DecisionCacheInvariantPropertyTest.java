package io.iam4j.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The cache's invariant over random policy sets and random request sequences: {@code
 * cache.decide(...)} always equals {@code Evaluator.evaluate(...)}, while time advances (crossing
 * the boundaries of Date and Numeric conditions on the clock keys), while requests carry random
 * subsets of the context, and while the principal's configuration is replaced underneath.
 */
class DecisionCacheInvariantPropertyTest {
  static final String ACCOUNT = "111122223333";
  static final Instant B = Instant.parse("2026-11-23T12:00:00Z");
  static final long E = B.getEpochSecond();

  static final String[] ACTION_PATTERNS = {"s3:GetObject", "s3:Get*", "s3:*", "*", "s3:PutObject", "ec2:*Instances",
      "s3:ListBucket"};
  static final String[] ACTIONS = {"s3:GetObject", "s3:PutObject", "s3:ListBucket", "ec2:StartInstances"};
  static final String[] RESOURCE_PATTERNS = {"*", "arn:aws:s3:::docs/*", "arn:aws:s3:::docs/home/${aws:username}/*",
      "arn:aws:s3:::docs", "arn:aws:ec2:*:111122223333:instance/*", "arn:aws:s3:::docs/${aws:PrincipalTag/team, 'none'}/*"};
  static final String[] RESOURCES = {"arn:aws:s3:::docs/home/alice/a.txt", "arn:aws:s3:::docs/home/bob/b.txt",
      "arn:aws:s3:::docs/ops/runbook", "arn:aws:s3:::docs", "arn:aws:ec2:us-east-1:111122223333:instance/i-1"};
  static final String[] PRINCIPALS = {"{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"}", "{\"AWS\":\"arn:aws:iam::111122223333:role/app\"}",
      "{\"AWS\":\"111122223333\"}", "\"*\"", "{\"AWS\":\"arn:aws:sts::111122223333:assumed-role/app/s1\"}",
      "{\"AWS\":\"arn:aws:iam::111122223333:user/bob\"}"};

  /** Conditions over a small vocabulary: plain keys, policy variables, and every way of reading the clock. */
  static final String[] CONDITIONS = {
      "", "", "",
      "{\"StringEquals\":{\"aws:username\":\"alice\"}}",
      "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}",
      "{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"true\"}}",
      "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}",
      "{\"StringEquals\":{\"aws:RequestTag/env\":\"prod\"}}",
      "{\"StringLike\":{\"s3:prefix\":\"${aws:username}/*\"}}",
      "{\"StringEquals\":{\"s3:prefix\":\"${aws:EpochTime}\"}}",
      "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"ops\"}}",
      "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"env\",\"team\"]}}",
      "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\",\"team\"]}}",
      "{\"NumericLessThanEquals\":{\"aws:MultiFactorAuthAge\":\"3600\"}}",
      "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:role/*\"}}",
      "{\"DateLessThan\":{\"aws:CurrentTime\":\"" + B.plusSeconds(30) + "\"}}",
      "{\"DateGreaterThanEquals\":{\"aws:CurrentTime\":\"" + B.plusSeconds(60) + "\"}}",
      "{\"DateGreaterThan\":{\"aws:CurrentTime\":\"" + B.plusSeconds(10) + "\"},\"DateLessThan\":{\"aws:CurrentTime\":\""
          + B.plusSeconds(70) + "\"}}",
      "{\"DateNotEquals\":{\"aws:CurrentTime\":\"" + B.plusSeconds(15) + "\"}}",
      "{\"DateLessThanIfExists\":{\"aws:EpochTime\":\"" + (E + 120) + "\"}}",
      "{\"NumericLessThan\":{\"aws:EpochTime\":\"" + (E + 45) + "\"}}",
      "{\"NumericGreaterThanEquals\":{\"aws:EpochTime\":\"" + (E + 90) + "\"}}",
      "{\"NumericEquals\":{\"aws:EpochTime\":\"" + (E + 20) + "\"}}",
      "{\"NumericLessThanEquals\":{\"aws:EpochTime\":\"" + (E + 50) + "\"}}",
      "{\"DateLessThanEquals\":{\"aws:CurrentTime\":\"" + B.plusSeconds(50) + "\"}}",
      "{\"Null\":{\"aws:CurrentTime\":\"true\"}}",
      "{\"StringLike\":{\"aws:CurrentTime\":\"2026-11-23T12:01:*\"}}",
      "{\"DateLessThan\":{\"aws:CurrentTime\":\"" + B.plusSeconds(40) + "\"},\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}"};

  /** The callers; a role session's aws:PrincipalArn is its role's ARN, as the directory fills it. */
  static final Caller[] CALLERS = {
      new Caller.User("arn:aws:iam::111122223333:user/alice", ACCOUNT, "alice"),
      new Caller.User("arn:aws:iam::111122223333:user/bob", ACCOUNT, "bob"),
      new Caller.RoleSession("arn:aws:sts::111122223333:assumed-role/app/s1", ACCOUNT, "app", "s1",
          "arn:aws:iam::111122223333:role/app")};

  /** The texts of one configuration of the principal: identity policies and the optional other layers. */
  record ConfigSpec(List<String> identity, String boundary, String guardrail, String resource) {
    /** The same configuration with every Allow a Deny and every Deny an Allow. */
    ConfigSpec flipped() {
      return new ConfigSpec(identity.stream().map(ConfigSpec::flip).toList(), flip(boundary), flip(guardrail), flip(resource));
    }

    private static String flip(String doc) {
      return doc == null ? null : doc.replace("\"Allow\"", "\"@\"").replace("\"Deny\"", "\"Allow\"").replace("\"@\"", "\"Deny\"");
    }

    PolicySet compile() {
      PolicySet.Builder b = PolicySet.builder();
      for (int i = 0; i < identity.size(); i++) {
        b.identity(parse(PolicyType.IDENTITY, "identity-" + i, identity.get(i)));
      }
      b.boundary(boundary == null ? null : parse(PolicyType.BOUNDARY, "boundary", boundary));
      b.guardrails(guardrail == null ? null : List.of(parse(PolicyType.GUARDRAIL, "guardrail", guardrail)));
      return b.build();
    }

    PolicySet.CompiledResourcePolicy compileResource() {
      return resource == null ? null : new PolicySet.CompiledResourcePolicy(parse(PolicyType.RESOURCE, "resource", resource));
    }
  }

  /**
   * The shape of a request: who asks what, which optional context keys it carries ({@code keys}, a
   * bit per key) and which of two values each has ({@code variants}). The clock keys take the time
   * of the step that sends it.
   */
  record Shape(int caller, int action, int resource, int keys, int variants) {}

  /**
   * One step of a sequence: how far time moves first, which of the try's few shapes is sent (so
   * that requests repeat and the cache serves some), and whether the configuration is replaced first.
   */
  record Step(int advanceSeconds, int shape, boolean change) {}

  static Policy parse(PolicyType type, String name, String json) {
    return PolicyParser.standard().parse(json, type, name);
  }

  static String doc(List<String> statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  static String json(List<String> values) {
    return "[" + String.join(",", values.stream().map(v -> "\"" + v + "\"").toList()) + "]";
  }

  // ---------------------------------------------------------------- generators

  Arbitrary<String> statement(boolean withPrincipal) {
    Arbitrary<String> effect = Arbitraries.of("Allow", "Allow", "Allow", "Deny");
    Arbitrary<Boolean> notAction = Arbitraries.of(false, false, false, true);
    Arbitrary<Boolean> notResource = Arbitraries.of(false, false, false, false, true);
    Arbitrary<List<String>> actions = Arbitraries.of(ACTION_PATTERNS).list().ofMinSize(1).ofMaxSize(2);
    Arbitrary<List<String>> resources = Arbitraries.of(RESOURCE_PATTERNS).list().ofMinSize(1).ofMaxSize(2);
    Arbitrary<String> condition = Arbitraries.of(CONDITIONS);
    Arbitrary<String> principal = withPrincipal ? Arbitraries.of(PRINCIPALS) : Arbitraries.just("");
    return Combinators.combine(effect, notAction, actions, notResource, resources, condition, principal)
        .as((e, na, a, nr, r, c, p) -> "{\"Effect\":\"" + e + "\"" + (p.isEmpty() ? "" : ",\"Principal\":" + p) + ",\""
            + (na ? "NotAction" : "Action") + "\":" + json(a) + ",\"" + (nr ? "NotResource" : "Resource") + "\":" + json(r)
            + (c.isEmpty() ? "" : ",\"Condition\":" + c) + "}");
  }

  Arbitrary<String> document(boolean withPrincipal) {
    return statement(withPrincipal).list().ofMinSize(1).ofMaxSize(3).map(DecisionCacheInvariantPropertyTest::doc);
  }

  /** Guardrails usually allow everything and deny a little, as service control policies do. */
  Arbitrary<String> guardrail() {
    Arbitrary<Boolean> allowAll = Arbitraries.of(true, true, true, false);
    return Combinators.combine(allowAll, statement(false).list().ofMinSize(0).ofMaxSize(2)).as((all, rest) -> {
      List<String> statements = new ArrayList<>();
      if (all || rest.isEmpty()) {
        statements.add("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");
      }
      statements.addAll(rest);
      return doc(statements);
    });
  }

  @Provide
  Arbitrary<ConfigSpec> configs() {
    return Combinators.combine(
        document(false).list().ofMinSize(1).ofMaxSize(2),
        document(false).injectNull(0.6),
        guardrail().injectNull(0.6),
        document(true).injectNull(0.4)).as(ConfigSpec::new);
  }

  @Provide
  Arbitrary<List<ConfigSpec>> configHistories() {
    Arbitrary<Boolean> flip = Arbitraries.of(true, false);
    return Combinators.combine(configs(), flip).as((c, f) -> f ? null : c).list().ofMinSize(1).ofMaxSize(5)
        .flatMap(changes -> configs().map(first -> {
          // null in the list: the change flips the previous configuration's effects.
          List<ConfigSpec> out = new ArrayList<>();
          out.add(first);
          for (ConfigSpec c : changes) {
            out.add(c != null ? c : out.get(out.size() - 1).flipped());
          }
          return out;
        }));
  }

  @Provide
  Arbitrary<List<Shape>> shapes() {
    Arbitrary<Integer> caller = Arbitraries.integers().between(0, CALLERS.length - 1);
    Arbitrary<Integer> action = Arbitraries.integers().between(0, ACTIONS.length - 1);
    Arbitrary<Integer> resource = Arbitraries.integers().between(0, RESOURCES.length - 1);
    Arbitrary<Integer> keys = Arbitraries.integers().between(0, (1 << 11) - 1);
    Arbitrary<Integer> variants = Arbitraries.integers().between(0, (1 << 11) - 1);
    return Combinators.combine(caller, action, resource, keys, variants).as(Shape::new).list().ofMinSize(1).ofMaxSize(5);
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Integer> advance = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(0)),
        Tuple.of(5, Arbitraries.integers().between(1, 12)),
        Tuple.of(1, Arbitraries.integers().between(13, 60)));
    Arbitrary<Integer> shape = Arbitraries.integers().between(0, 4);
    Arbitrary<Boolean> change = Arbitraries.of(false, false, false, false, false, true);
    return Combinators.combine(advance, shape, change).as(Step::new).list().ofMinSize(1).ofMaxSize(40);
  }

  // ---------------------------------------------------------------- requests

  static AuthorizationRequest request(List<Shape> shapes, Step step, Instant now) {
    Shape s = shapes.get(step.shape() % shapes.size());
    Caller caller = CALLERS[s.caller()];
    RequestContext.Builder ctx = RequestContext.builder();
    int k = s.keys();
    int v = s.variants();
    String name = caller instanceof Caller.User u ? u.name() : null;
    if (bit(k, 0) && name != null) {
      ctx.put("aws:username", bit(v, 0) ? "mallory" : name);
    }
    if (bit(k, 1)) {
      ctx.put("aws:PrincipalArn", caller instanceof Caller.RoleSession rs ? rs.roleArn() : caller.display());
    }
    if (bit(k, 2)) {
      ctx.put("aws:MultiFactorAuthPresent", bit(v, 2));
    }
    if (bit(k, 3)) {
      ctx.put("aws:SourceIp", bit(v, 3) ? "10.1.2.3" : "192.0.2.9");
    }
    if (bit(k, 4)) {
      ctx.put("aws:RequestTag/env", bit(v, 4) ? "prod" : "dev");
    }
    if (bit(k, 5)) {
      ctx.put("s3:prefix", bit(v, 5) ? Long.toString(now.getEpochSecond()) : (name == null ? "app" : name) + "/x");
    }
    if (bit(k, 6)) {
      // Both spellings of the instant the Date operators read; StringLike sees only the first.
      ctx.put("aws:CurrentTime", bit(v, 6) ? now.atOffset(ZoneOffset.UTC).toString() : now.toString());
    }
    if (bit(k, 7)) {
      ctx.put("aws:EpochTime", now.getEpochSecond());
    }
    if (bit(k, 8)) {
      ctx.put("aws:PrincipalTag/team", bit(v, 8) ? "ops" : "alice");
    }
    if (bit(k, 9)) {
      ctx.putSet("aws:TagKeys", bit(v, 9) ? List.of("env", "team") : List.of("cost"));
    }
    if (bit(k, 10)) {
      ctx.put("aws:MultiFactorAuthAge", bit(v, 10) ? "30" : "7200");
    }
    return AuthorizationRequest.builder().caller(caller).action(ACTIONS[s.action()]).resource(RESOURCES[s.resource()])
        .context(ctx.build()).build();
  }

  static boolean bit(int bits, int i) {
    return (bits & (1 << i)) != 0;
  }

  // ---------------------------------------------------------------- properties

  /** Time in whole seconds, as {@code RequestContexts} fills the clock keys. */
  @Property(tries = 300)
  void decide_anyPoliciesAndRequests_equalsFreshEvaluation(@ForAll("configs") ConfigSpec spec,
      @ForAll("shapes") List<Shape> shapes, @ForAll("steps") List<Step> steps, @ForAll boolean smallCache) {
    checkAgainstFresh(spec, shapes, steps, Duration.ZERO, smallCache);
  }

  /** The same with a clock between whole seconds, while aws:EpochTime carries whole seconds. */
  @Property(tries = 300)
  void decide_clockBetweenWholeSeconds_equalsFreshEvaluation(@ForAll("configs") ConfigSpec spec,
      @ForAll("shapes") List<Shape> shapes, @ForAll("steps") List<Step> steps,
      @ForAll @IntRange(min = 1, max = 999) int offsetMillis) {
    checkAgainstFresh(spec, shapes, steps, Duration.ofMillis(offsetMillis), false);
  }

  /**
   * Found by the property above: an allow by the identity policy and by a resource policy that holds
   * for one second only; after that second the decision is still an allow, now by the identity
   * policy alone, and the cached explanation must say so.
   */
  @net.jqwik.api.Example
  void decide_explanationChangesAtATimeBoundary_evenWhenTheOutcomeDoesNot() {
    ConfigSpec spec = new ConfigSpec(
        List.of("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":[\"*\"]}]}"),
        null, null,
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/app\"},"
            + "\"Action\":[\"s3:GetObject\"],\"Resource\":[\"*\"],\"Condition\":{\"NumericEquals\":{\"aws:EpochTime\":\"1795435220\"}}}]}");
    List<Shape> shapes = List.of(new Shape(2, 0, 0, 192, 0));
    List<Step> steps = List.of(new Step(2, 0, false), new Step(9, 0, false), new Step(14, 0, false), new Step(1, 0, false));
    checkAgainstFresh(spec, shapes, steps, Duration.ofMillis(1), false);
  }

  private static void checkAgainstFresh(ConfigSpec spec, List<Shape> shapes, List<Step> steps, Duration offset, boolean smallCache) {
    FakeTicker ticker = new FakeTicker(B.minusSeconds(5).plus(offset));
    DecisionCache cache = new DecisionCache(smallCache ? 4 : 10_000, ticker.clock(), ticker);
    PolicySet set = spec.compile();
    PolicySet.CompiledResourcePolicy rp = spec.compileResource();
    PolicySet withResource = rp == null ? set : set.withResourcePolicy(rp);
    for (Step s : steps) {
      ticker.advance(Duration.ofSeconds(s.advanceSeconds()));
      AuthorizationRequest r = request(shapes, s, ticker.now());
      io.iam4j.cache.CachedDecision answer = cache.decide("t1", 1, set, rp, r);
      Decision cached = answer.decision();
      boolean hit = answer.fromCache();
      Decision fresh = Evaluator.evaluate(withResource, r);
      assertEquals(fresh, cached, () -> "hit=" + hit + " at " + ticker.now() + " for " + r);
      Statistics.label("served from the cache").collect(hit);
      Statistics.label("outcome").collect(fresh.outcome());
    }
  }

  @Property(tries = 300)
  void decide_whileConfigurationsChange_neverServesTheOldDecision(@ForAll("configHistories") List<ConfigSpec> history,
      @ForAll("shapes") List<Shape> shapes, @ForAll("steps") List<Step> steps) {
    FakeTicker ticker = new FakeTicker(B.minusSeconds(5));
    DecisionCache cache = new DecisionCache(10_000, ticker.clock(), ticker);
    int current = 0;
    long version = 1;
    PolicySet set = history.get(0).compile();
    PolicySet.CompiledResourcePolicy rp = history.get(0).compileResource();
    PolicySet previousSet = null;
    PolicySet.CompiledResourcePolicy previousRp = null;
    for (Step s : steps) {
      if (s.change() && current + 1 < history.size()) {
        previousSet = set;
        previousRp = rp;
        current++;
        version++;
        ConfigSpec next = history.get(current);
        set = next.compile();
        // An unchanged resource policy stays the same compiled object, as the authorizer keeps it.
        if (!Objects.equals(next.resource(), history.get(current - 1).resource())) {
          rp = next.compileResource();
        }
      }
      ticker.advance(Duration.ofSeconds(s.advanceSeconds()));
      AuthorizationRequest r = request(shapes, s, ticker.now());
      io.iam4j.cache.CachedDecision answer = cache.decide("t1", version, set, rp, r);
      Decision cached = answer.decision();
      boolean hit = answer.fromCache();
      Decision fresh = Evaluator.evaluate(rp == null ? set : set.withResourcePolicy(rp), r);
      long v = version;
      assertEquals(fresh, cached, () -> "version " + v + ", hit=" + hit + " at " + ticker.now() + " for " + r);
      if (previousSet != null) {
        // Would the old configuration have answered differently? Then a stale entry would show.
        Decision old = Evaluator.evaluate(previousRp == null ? previousSet : previousSet.withResourcePolicy(previousRp), r);
        Statistics.label("old configuration answers differently").collect(!old.equals(fresh));
      }
      Statistics.label("served from the cache").collect(hit);
    }
  }
}
