package io.iam4j.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decision cache is invisible: every decision it returns is checked against a fresh
 * evaluation. Beyond that, these tests pin down what it keys on (the context values the policies
 * read, the exact resource policy object), that it stays bounded, and that decisions reading the
 * clock never outlive the instant where a time comparison flips. Time is driven by a
 * {@link FakeTicker}; nothing sleeps.
 */
class DecisionCacheTest {
  static final String ACCOUNT = "111122223333";
  static final String ALICE_ARN = "arn:aws:iam::111122223333:user/alice";
  static final Caller ALICE = new Caller.User(ALICE_ARN, ACCOUNT, "alice");
  static final String OBJECT = "arn:aws:s3:::docs/reports/q3.pdf";
  /** The instant time conditions compare against. */
  static final Instant T = Instant.parse("2026-11-23T12:00:00Z");

  FakeTicker ticker;
  DecisionCache cache;
  /** Whether the last {@link #decide} came from the cache. */
  boolean lastHit;

  @BeforeEach
  void setUp() {
    ticker = new FakeTicker(T.minusSeconds(10));
    cache = new DecisionCache(1_000, ticker.clock(), ticker);
  }

  // ---------------------------------------------------------------- fixtures

  static Policy parse(PolicyType type, String json) {
    return PolicyParser.standard().parse(json, type, type.key());
  }

  static String doc(String... statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
  }

  static String allow(String action, String resource, String condition) {
    return "{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\""
        + (condition.isEmpty() ? "" : ",\"Condition\":" + condition) + "}";
  }

  static String allow(String action, String resource) {
    return allow(action, resource, "");
  }

  static String allowFor(String principal, String action, String resource, String condition) {
    return "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + principal + "\"},\"Action\":\"" + action + "\",\"Resource\":\""
        + resource + "\"" + (condition.isEmpty() ? "" : ",\"Condition\":" + condition) + "}";
  }

  /** The principal's identity policy with these statements; none: no identity policy at all. */
  static PolicySet identity(String... statements) {
    return statements.length == 0 ? PolicySet.builder().build()
        : PolicySet.builder().identity(parse(PolicyType.IDENTITY, doc(statements))).build();
  }

  static PolicySet.CompiledResourcePolicy resourcePolicy(String... statements) {
    return new PolicySet.CompiledResourcePolicy(parse(PolicyType.RESOURCE, doc(statements)));
  }

  static AuthorizationRequest request(Caller caller, String action, String resource, RequestContext ctx) {
    return AuthorizationRequest.builder().caller(caller).action(action).resource(resource).context(ctx).build();
  }

  static AuthorizationRequest get(RequestContext ctx) {
    return request(ALICE, "s3:GetObject", OBJECT, ctx);
  }

  static RequestContext ctx(String... keysAndValues) {
    RequestContext.Builder b = RequestContext.builder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      b.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return b.build();
  }

  /** The clock keys as {@code RequestContexts} fills them at {@code t}. */
  static RequestContext at(Instant t, String... more) {
    RequestContext.Builder b = ctx(more).toBuilder();
    return b.put("aws:CurrentTime", t.toString()).put("aws:EpochTime", t.getEpochSecond()).build();
  }

  /** Decides through the cache and asserts the answer equals a fresh evaluation. */
  Decision decide(long version, PolicySet set, PolicySet.CompiledResourcePolicy rp, AuthorizationRequest r) {
    io.iam4j.cache.CachedDecision answer = cache.decide("t1", version, set, rp, r);
    Decision cached = answer.decision();
    boolean hit = answer.fromCache();
    Decision fresh = Evaluator.evaluate(rp == null ? set : set.withResourcePolicy(rp), r);
    assertEquals(fresh, cached, () -> "cached and fresh disagree (hit=" + hit + ") at " + ticker.now() + " for " + r.context());
    lastHit = hit;
    return cached;
  }

  Decision decide(PolicySet set, AuthorizationRequest r) {
    return decide(1, set, null, r);
  }

  // ---------------------------------------------------------------- hits and keys

  @Test
  void decide_repeatedRequest_returnsSameDecisionAndCountsHit() {
    PolicySet set = identity(allow("s3:GetObject", "arn:aws:s3:::docs/*"));
    Decision first = decide(set, get(ctx("aws:SourceIp", "10.0.0.1")));
    assertFalse(lastHit);
    Decision second = decide(set, get(ctx("aws:SourceIp", "10.0.0.1")));
    assertTrue(lastHit);
    assertSame(first, second);
    assertEquals(Outcome.ALLOW, second.outcome());
    assertEquals(1, cache.stats().hitCount());
    assertEquals(1, cache.stats().missCount());
    assertEquals(1, cache.size());
  }

  @Test
  void decide_answerSaysWhetherItCameFromTheCache_aHitReturnsTheSameAnswer() {
    PolicySet set = identity(allow("s3:GetObject", "*"));
    AuthorizationRequest r = get(RequestContext.empty());
    CachedDecision first = cache.decide("t1", 1, set, null, r);
    CachedDecision second = cache.decide("t1", 1, set, null, r);
    CachedDecision third = cache.decide("t1", 1, set, null, r);
    assertFalse(first.fromCache());
    assertTrue(second.fromCache());
    assertEquals(Outcome.ALLOW, first.decision().outcome());
    assertSame(first.decision(), second.decision());
    // A hit allocates no answer of its own: the entry holds it.
    assertSame(second, third);
    assertEquals(2, cache.stats().hitCount());
  }

  @Test
  void decide_differentValuesOfAKeyThePoliciesRead_separateEntries() {
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"StringEquals\":{\"aws:SourceVpc\":\"vpc-1\"}}"));
    assertEquals(Outcome.ALLOW, decide(set, get(ctx("aws:SourceVpc", "vpc-1"))).outcome());
    assertEquals(Outcome.IMPLICIT_DENY, decide(set, get(ctx("aws:SourceVpc", "vpc-2"))).outcome());
    assertFalse(lastHit, "another value of a key the policy reads is another entry");
    Decision absent = decide(set, get(RequestContext.empty()));
    assertFalse(lastHit, "an absent key is a value of its own");
    assertEquals(Outcome.IMPLICIT_DENY, absent.outcome());
    assertTrue(absent.missingContextKeys().contains("aws:SourceVpc"));
    assertEquals(3, cache.size());
    assertEquals(Outcome.ALLOW, decide(set, get(ctx("aws:SourceVpc", "vpc-1"))).outcome());
    assertTrue(lastHit);
  }

  @Test
  void decide_keyReadThroughPolicyVariable_separateEntries() {
    PolicySet set = identity(allow("s3:GetObject", "arn:aws:s3:::docs/home/${aws:username}/*"));
    String aliceObject = "arn:aws:s3:::docs/home/alice/notes.txt";
    assertEquals(Outcome.ALLOW, decide(set, request(ALICE, "s3:GetObject", aliceObject, ctx("aws:username", "alice"))).outcome());
    assertEquals(Outcome.IMPLICIT_DENY, decide(set, request(ALICE, "s3:GetObject", aliceObject, ctx("aws:username", "bob"))).outcome());
    assertFalse(lastHit);
  }

  @Test
  void decide_keyNoPolicyReads_doesNotSplitTheCache() {
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"StringEquals\":{\"aws:SourceVpc\":\"vpc-1\"}}"));
    decide(set, get(ctx("aws:SourceVpc", "vpc-1", "aws:UserAgent", "curl/8", "aws:SourceIp", "10.0.0.1")));
    assertFalse(lastHit);
    Decision d = decide(set, get(ctx("aws:SourceVpc", "vpc-1", "aws:UserAgent", "firefox", "aws:SourceIp", "192.0.2.7")));
    assertTrue(lastHit, "aws:UserAgent and aws:SourceIp are read by no policy");
    assertEquals(Outcome.ALLOW, d.outcome());
    decide(set, get(ctx("AWS:SOURCEVPC", "vpc-1")));
    assertTrue(lastHit, "key names are case-insensitive");
    assertEquals(1, cache.size());
  }

  @Test
  void decide_clockKeysNoPolicyReads_doNotSplitTheCache() {
    PolicySet set = identity(allow("s3:GetObject", "*"));
    decide(set, get(at(ticker.now())));
    ticker.advanceSeconds(5);
    decide(set, get(at(ticker.now())));
    assertTrue(lastHit);
  }

  @Test
  void decide_otherResourcePolicyObject_misses() {
    PolicySet set = identity();
    String statement = allowFor(ALICE_ARN, "s3:GetObject", "arn:aws:s3:::docs/*", "");
    PolicySet.CompiledResourcePolicy first = resourcePolicy(statement);
    PolicySet.CompiledResourcePolicy sameText = resourcePolicy(statement);
    PolicySet.CompiledResourcePolicy denying = resourcePolicy(
        "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}");
    AuthorizationRequest r = get(RequestContext.empty());

    assertEquals(Outcome.ALLOW, decide(1, set, first, r).outcome());
    assertEquals(Outcome.ALLOW, decide(1, set, first, r).outcome());
    assertTrue(lastHit);
    assertEquals(Outcome.ALLOW, decide(1, set, sameText, r).outcome());
    assertFalse(lastHit, "the key holds the resource policy object, not its text");
    assertEquals(Outcome.EXPLICIT_DENY, decide(1, set, denying, r).outcome());
    assertFalse(lastHit);
    assertEquals(Outcome.IMPLICIT_DENY, decide(1, set, null, r).outcome());
    assertFalse(lastHit, "no resource policy is another entry");
  }

  @Test
  void decide_otherPrincipalSetOrVersion_misses() {
    String statement = allow("s3:GetObject", "*");
    PolicySet a = identity(statement);
    PolicySet b = identity(statement);
    AuthorizationRequest r = get(RequestContext.empty());
    decide(1, a, null, r);
    decide(1, b, null, r);
    assertFalse(lastHit, "another compiled set is another entry, whatever its text");
    decide(2, a, null, r);
    assertFalse(lastHit, "another configuration version is another entry");
    decide(1, a, null, r);
    assertTrue(lastHit);
  }

  @Test
  void decide_otherCallerActionResourceOrAccount_misses() {
    PolicySet set = identity(allow("s3:*", "*"));
    decide(set, get(RequestContext.empty()));
    decide(set, request(new Caller.User("arn:aws:iam::111122223333:user/bob", ACCOUNT, "bob"), "s3:GetObject", OBJECT,
        RequestContext.empty()));
    assertFalse(lastHit);
    decide(set, request(ALICE, "s3:PutObject", OBJECT, RequestContext.empty()));
    assertFalse(lastHit);
    decide(set, request(ALICE, "s3:GetObject", "arn:aws:s3:::docs/other", RequestContext.empty()));
    assertFalse(lastHit);
    Decision cross = decide(set, AuthorizationRequest.builder().caller(ALICE).action("s3:GetObject").resource(OBJECT)
        .resourceAccount("444455556666").build());
    assertFalse(lastHit);
    assertEquals(Outcome.IMPLICIT_DENY, cross.outcome(), "across tenants the resource policy must allow");
    decide(set, request(ALICE, "S3:getobject", OBJECT, RequestContext.empty()));
    assertTrue(lastHit, "actions are case-insensitive");
  }

  @Test
  void decide_requestsDifferingInOneDecisiveField_neverShareAnEntry() {
    // A hit compares the request's fields in place with the entries of its first-level set (requests
    // differing only in context share a set): alternate between requests that differ in exactly one
    // field, so that a field the comparison forgot would be served the other's decision
    // (all but the other caller, who holds the same policy set, are denied where the base is allowed).
    PolicySet set = identity(allow("s3:GetObject", OBJECT, "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"red\"}}"));
    PolicySet other = identity(allow("s3:GetObject", OBJECT, "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"red\"}}"));
    RequestContext red = ctx("aws:PrincipalTag/team", "red");
    AuthorizationRequest base = get(red);
    List<AuthorizationRequest> variants = List.of(
        get(ctx("aws:PrincipalTag/team", "blue")),
        get(ctx("aws:PrincipalTag/team", "Red")),
        get(RequestContext.empty()),
        request(ALICE, "s3:GetObjecu", OBJECT, red),
        request(ALICE, "s3:GetObjectİ", OBJECT, red),
        request(ALICE, "s3:GetObject", OBJECT + "x", red),
        request(new Caller.User(ALICE_ARN + "x", ACCOUNT, "alicex"), "s3:GetObject", OBJECT, red),
        AuthorizationRequest.builder().caller(ALICE).action("s3:GetObject").resource(OBJECT).resourceAccount("444455556666")
            .context(red).build());
    for (int round = 0; round < 2; round++) {
      assertEquals(Outcome.ALLOW, cache.decide("t1", 1, set, null, base).decision().outcome());
      for (AuthorizationRequest v : variants) {
        io.iam4j.cache.CachedDecision d = cache.decide("t1", 1, set, null, v);
        assertEquals(round == 1, d.fromCache(), () -> "only the variant's own earlier decision is a hit: " + v);
        assertEquals(Evaluator.evaluate(set, v), d.decision(), () -> "the variant's own decision: " + v);
      }
    }
    // Tenant, version and policy set (by identity: an equal set compiled again is another key).
    for (Object[] k : new Object[][] {{"t2", 1L, set}, {"t1", 2L, set}, {"t1", 1L, other}}) {
      assertFalse(cache.decide((String) k[0], (Long) k[1], (PolicySet) k[2], null, base).fromCache(), () -> Arrays.toString(k));
    }
    assertTrue(cache.decide("t1", 1, set, null, request(ALICE, "S3:GETOBJECT", OBJECT, red)).fromCache(),
        "an action differing only in ASCII case is the same action");
    assertEquals(Outcome.ALLOW, cache.decide("t1", 1, set, null, request(ALICE, "S3:GETOBJECT", OBJECT, red)).decision().outcome());
  }

  @Test
  void decide_callersOfAnotherKindWithTheSameName_neverShareAnEntry() {
    // A service and an identity provider are both shown by their name: the key holds the whole caller.
    PolicySet none = identity();
    PolicySet.CompiledResourcePolicy rp = resourcePolicy(
        "{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}");
    AuthorizationRequest service = request(new Caller.Service("ec2.amazonaws.com"), "s3:GetObject", OBJECT, RequestContext.empty());
    AuthorizationRequest provider =
        request(new Caller.IdentityProvider("ec2.amazonaws.com"), "s3:GetObject", OBJECT, RequestContext.empty());
    for (int round = 0; round < 2; round++) {
      assertEquals(Outcome.ALLOW, decide(1, none, rp, service).outcome());
      assertEquals(round == 1, lastHit);
      assertEquals(Outcome.IMPLICIT_DENY, decide(1, none, rp, provider).outcome());
      assertEquals(round == 1, lastHit);
    }
  }

  @Test
  void decide_roleSessionWithAnotherPrincipalArn_separateEntries() {
    // A role session is named in Principal elements by its role's ARN, which aws:PrincipalArn carries
    // (path included): the key holds it for role sessions although no policy condition reads it.
    String session = "arn:aws:sts::111122223333:assumed-role/reader/s1";
    Caller bob = new Caller.RoleSession(session, ACCOUNT, "reader", "s1", "arn:aws:iam::111122223333:role/reader");
    PolicySet.CompiledResourcePolicy rp = resourcePolicy(allowFor("arn:aws:iam::111122223333:role/team/reader", "s3:GetObject", "*", ""));
    AuthorizationRequest withPath = request(bob, "s3:GetObject", OBJECT, ctx("aws:PrincipalArn", "arn:aws:iam::111122223333:role/team/reader"));
    AuthorizationRequest without = request(bob, "s3:GetObject", OBJECT, RequestContext.empty());
    PolicySet none = identity();
    for (int round = 0; round < 2; round++) {
      assertEquals(Outcome.ALLOW, decide(1, none, rp, withPath).outcome());
      assertEquals(round == 1, lastHit);
      decide(1, none, rp, without);
      assertEquals(round == 1, lastHit);
    }
  }

  @Test
  void decide_moreContextVariantsThanASetOfSlots_eachServedItsOwnDecision() {
    // Requests differing only in context values share a set of the first level's slots; more of
    // them than the set holds must still each get their own decision (from Caffeine if displaced).
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"StringEquals\":{\"aws:SourceVpc\":\"vpc-3\"}}"));
    for (int round = 0; round < 3; round++) {
      for (int v = 0; v < 3 * DecisionCache.WAYS; v++) {
        Decision d = decide(set, get(ctx("aws:SourceVpc", "vpc-" + v)));
        assertEquals(round > 0, lastHit, "vpc-" + v + " round " + round);
        assertEquals(v == 3 ? Outcome.ALLOW : Outcome.IMPLICIT_DENY, d.outcome());
      }
    }
    // The same variant again and again stays in the first level (counted as hits like Caffeine's).
    long hits = cache.stats().hitCount();
    for (int i = 0; i < 10; i++) {
      decide(set, get(ctx("aws:SourceVpc", "vpc-3")));
    }
    assertEquals(hits + 10, cache.stats().hitCount());
    assertEquals(3 * DecisionCache.WAYS, cache.stats().missCount());
  }

  @Test
  void decide_clockPresenceWhenAPolicyReadsTheClock_separateEntries() {
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"Null\":{\"aws:CurrentTime\":\"true\"}}"));
    assertEquals(Outcome.IMPLICIT_DENY, decide(set, get(at(ticker.now()))).outcome());
    assertEquals(Outcome.ALLOW, decide(set, get(RequestContext.empty())).outcome());
    assertFalse(lastHit, "absent and present clock keys are different requests to a Null condition");
  }

  @Test
  void decide_resourcePolicyReadsAKey_keysOnIt() {
    PolicySet set = identity();
    PolicySet.CompiledResourcePolicy rp = resourcePolicy(
        allowFor(ALICE_ARN, "s3:GetObject", "*", "{\"Bool\":{\"aws:SecureTransport\":\"true\"}}"));
    assertEquals(Outcome.ALLOW, decide(1, set, rp, get(ctx("aws:SecureTransport", "true"))).outcome());
    assertEquals(Outcome.IMPLICIT_DENY, decide(1, set, rp, get(ctx("aws:SecureTransport", "false"))).outcome());
    assertFalse(lastHit);
  }

  @Test
  void invalidateAll_dropsEveryEntry() {
    PolicySet set = identity(allow("s3:GetObject", "*"));
    decide(set, get(RequestContext.empty()));
    cache.invalidateAll();
    assertEquals(0, cache.size());
    decide(set, get(RequestContext.empty()));
    assertFalse(lastHit);
  }

  // ---------------------------------------------------------------- bounded

  @Test
  void decide_manyDistinctRequests_sizeNeverAboveMaximum() {
    cache = new DecisionCache(5, ticker.clock(), ticker);
    PolicySet set = identity(allow("s3:GetObject", "arn:aws:s3:::docs/a/*"));
    for (int i = 0; i < 200; i++) {
      decide(set, request(ALICE, "s3:GetObject", "arn:aws:s3:::docs/" + (i % 2 == 0 ? "a/" : "b/") + i, RequestContext.empty()));
      assertTrue(cache.size() <= 5, "size " + cache.size() + " after " + (i + 1) + " requests");
    }
    assertTrue(cache.size() > 0);
  }

  // ---------------------------------------------------------------- time

  @Test
  void decide_dateLessThanCurrentTime_cachedAllowNotServedAtOrAfterBoundary() {
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"DateLessThan\":{\"aws:CurrentTime\":\"" + T + "\"}}"));
    assertEquals(Outcome.ALLOW, decide(set, get(at(ticker.now()))).outcome());
    assertFalse(lastHit);

    ticker.advanceSeconds(9);
    assertEquals(Outcome.ALLOW, decide(set, get(at(ticker.now()))).outcome());
    assertTrue(lastHit, "before T the decision cannot change: served from the cache");

    ticker.advanceTo(T);
    assertEquals(Outcome.IMPLICIT_DENY, decide(set, get(at(ticker.now()))).outcome());
    assertFalse(lastHit, "at T the cached allow has expired");

    ticker.advanceSeconds(3600);
    assertEquals(Outcome.IMPLICIT_DENY, decide(set, get(at(ticker.now()))).outcome());
  }

  @Test
  void decide_dateLessThanCurrentTime_oneNanosecondBeforeBoundaryStillAllowed() {
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"DateLessThan\":{\"aws:CurrentTime\":\"" + T + "\"}}"));
    decide(set, get(at(ticker.now())));
    ticker.advanceTo(T.minusNanos(1));
    assertEquals(Outcome.ALLOW, decide(set, get(at(ticker.now()))).outcome());
    ticker.advance(Duration.ofNanos(1));
    assertEquals(Outcome.IMPLICIT_DENY, decide(set, get(at(ticker.now()))).outcome());
  }

  /** Walks across T with every Date operator: each decision must be the fresh one. */
  @ParameterizedTest
  @ValueSource(strings = {"DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "DateEquals",
      "DateNotEquals", "DateLessThanIfExists", "DateGreaterThanIfExists"})
  void decide_dateOperatorOnCurrentTime_flipsExactlyAsFreshEvaluation(String operator) {
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"" + operator + "\":{\"aws:CurrentTime\":\"" + T + "\"}}"));
    List<Outcome> seen = new ArrayList<>();
    for (Duration step : List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMillis(4_999), Duration.ofNanos(999_999),
        Duration.ofNanos(1), Duration.ofNanos(1), Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ofDays(1))) {
      ticker.advance(step);
      seen.add(decide(set, get(at(ticker.now()))).outcome());
      seen.add(decide(set, get(at(ticker.now()))).outcome());
      assertTrue(lastHit, "a repeated request is served from the cache, at " + ticker.now());
    }
    assertTrue(seen.contains(Outcome.ALLOW) && seen.contains(Outcome.IMPLICIT_DENY), "the walk crosses a flip: " + seen);
  }

  @Test
  void decide_numericLessThanEpochTime_cachedAllowNotServedAtOrAfterBoundary() {
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"NumericLessThan\":{\"aws:EpochTime\":\"" + T.getEpochSecond() + "\"}}"));
    assertEquals(Outcome.ALLOW, decide(set, get(at(ticker.now()))).outcome());
    ticker.advanceSeconds(9);
    assertEquals(Outcome.ALLOW, decide(set, get(at(ticker.now()))).outcome());
    assertTrue(lastHit);
    ticker.advanceSeconds(1);
    assertEquals(T, ticker.now());
    assertEquals(Outcome.IMPLICIT_DENY, decide(set, get(at(ticker.now()))).outcome());
    assertFalse(lastHit);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
      "NumericEquals", "NumericNotEquals"})
  void decide_numericOperatorOnEpochTime_flipsExactlyAsFreshEvaluation(String operator) {
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"" + operator + "\":{\"aws:EpochTime\":\"" + T.getEpochSecond() + "\"}}"));
    List<Outcome> seen = new ArrayList<>();
    for (int step : new int[] {0, 3, 6, 1, 1, 1, 60}) {
      ticker.advanceSeconds(step);
      seen.add(decide(set, get(at(ticker.now()))).outcome());
      seen.add(decide(set, get(at(ticker.now()))).outcome());
    }
    assertTrue(seen.contains(Outcome.ALLOW) && seen.contains(Outcome.IMPLICIT_DENY), "the walk crosses a flip: " + seen);
  }

  @Test
  void decide_epochTimeOnlyInRequest_expiresByTheClock() {
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"NumericLessThan\":{\"aws:EpochTime\":\"" + T.getEpochSecond() + "\"}}"));
    assertEquals(Outcome.ALLOW, decide(set, get(ctx("aws:EpochTime", Long.toString(ticker.now().getEpochSecond())))).outcome());
    ticker.advanceTo(T);
    assertEquals(Outcome.IMPLICIT_DENY, decide(set, get(ctx("aws:EpochTime", Long.toString(ticker.now().getEpochSecond())))).outcome());
  }

  @Test
  void decide_epochTimeOnlyInRequestBetweenSeconds_notServedNextSecond() {
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"NumericLessThanEquals\":{\"aws:EpochTime\":\"" + T.getEpochSecond() + "\"}}"));
    ticker.advanceTo(T.plusMillis(500));
    assertEquals(Outcome.ALLOW, decide(set, get(ctx("aws:EpochTime", Long.toString(ticker.now().getEpochSecond())))).outcome());
    ticker.advanceSeconds(1);
    assertEquals(Outcome.IMPLICIT_DENY, decide(set, get(ctx("aws:EpochTime", Long.toString(ticker.now().getEpochSecond())))).outcome());
  }

  @Test
  void decide_requestTimeTruncatedToSeconds_cachedAllowNotServedAfterBoundary() {
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"DateLessThan\":{\"aws:CurrentTime\":\"" + T + "\"}}"));
    ticker.advanceTo(T.minusMillis(500));
    assertEquals(Outcome.ALLOW, decide(set, get(at(ticker.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))).outcome());
    ticker.advance(Duration.ofMillis(700));
    assertEquals(Outcome.IMPLICIT_DENY, decide(set, get(at(ticker.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))).outcome());
  }

  @Test
  void decide_timeConditionInResourcePolicy_expiresAtItsBoundary() {
    PolicySet set = identity();
    PolicySet.CompiledResourcePolicy rp = resourcePolicy(
        allowFor(ALICE_ARN, "s3:GetObject", "*", "{\"DateLessThan\":{\"aws:CurrentTime\":\"" + T + "\"}}"));
    assertEquals(Outcome.ALLOW, decide(1, set, rp, get(at(ticker.now()))).outcome());
    ticker.advanceSeconds(5);
    decide(1, set, rp, get(at(ticker.now())));
    assertTrue(lastHit);
    ticker.advanceTo(T);
    assertEquals(Outcome.IMPLICIT_DENY, decide(1, set, rp, get(at(ticker.now()))).outcome());
  }

  @Test
  void decide_timeWindow_allowOnlyInside() {
    Instant from = T.plusSeconds(10);
    Instant until = T.plusSeconds(20);
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"DateGreaterThanEquals\":{\"aws:CurrentTime\":\"" + from
        + "\"},\"DateLessThan\":{\"aws:CurrentTime\":\"" + until + "\"}}"));
    List<Outcome> seen = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      seen.add(decide(set, get(at(ticker.now()))).outcome());
      ticker.advanceSeconds(1);
    }
    assertEquals(10, seen.stream().filter(o -> o == Outcome.ALLOW).count(), seen.toString());
  }

  @Test
  void decide_nullConditionOnCurrentTime_keysOnPresence() {
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"Null\":{\"aws:CurrentTime\":\"false\"}}"));
    assertEquals(Outcome.ALLOW, decide(set, get(at(ticker.now()))).outcome());
    assertEquals(Outcome.IMPLICIT_DENY, decide(set, get(RequestContext.empty())).outcome());
    assertFalse(lastHit);
    ticker.advanceSeconds(100);
    assertEquals(Outcome.ALLOW, decide(set, get(at(ticker.now()))).outcome());
    assertTrue(lastHit, "a presence check does not depend on the time's value");
  }

  @Test
  void decide_stringEqualsOnCurrentTime_keysOnTheValue() {
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"StringEquals\":{\"aws:CurrentTime\":\"" + T + "\"}}"));
    // The ticker does not move: only the value in the request can tell the entries apart.
    assertEquals(Outcome.IMPLICIT_DENY, decide(set, get(at(T.minusSeconds(1)))).outcome());
    assertEquals(Outcome.ALLOW, decide(set, get(at(T))).outcome());
    assertFalse(lastHit, "no stale deny");
    assertEquals(Outcome.IMPLICIT_DENY, decide(set, get(at(T.plusSeconds(1)))).outcome());
    assertFalse(lastHit, "no stale allow");
    assertEquals(Outcome.ALLOW, decide(set, get(at(T))).outcome());
    assertTrue(lastHit);
  }

  @Test
  void decide_timeReadThroughPolicyVariable_keysOnTheValue() {
    PolicySet set = identity(allow("s3:GetObject", "*", "{\"StringEquals\":{\"s3:prefix\":\"${aws:EpochTime}\"}}"));
    String now = Long.toString(ticker.now().getEpochSecond());
    assertEquals(Outcome.ALLOW, decide(set, get(at(ticker.now(), "s3:prefix", now))).outcome());
    ticker.advanceSeconds(1);
    assertEquals(Outcome.IMPLICIT_DENY, decide(set, get(at(ticker.now(), "s3:prefix", now))).outcome());
  }

  // ---------------------------------------------------------------- robustness

  @Test
  void decide_tickerBelowZero_stillCaches() {
    // Caffeine's ticker origin is arbitrary; System.nanoTime() may well be negative.
    ticker = new FakeTicker(T.minusSeconds(10), -1_000_000_000L);
    cache = new DecisionCache(1_000, ticker.clock(), ticker);
    PolicySet set = identity(allow("s3:GetObject", "*"));
    decide(set, get(RequestContext.empty()));
    decide(set, get(RequestContext.empty()));
    assertTrue(lastHit, "a decision that never changes is cached whatever the ticker's origin");
  }

  @Test
  void decide_roleSessionPrincipalArnFromContext_keysOnIt() {
    // The evaluator names a role session's role by the context's aws:PrincipalArn (its path included)
    // when present: the decision depends on that key even when no policy reads it.
    Caller session = Caller.parse("arn:aws:sts::111122223333:assumed-role/app/s1", null, null);
    String roleWithPath = "arn:aws:iam::111122223333:role/team/app";
    PolicySet set = identity();
    PolicySet.CompiledResourcePolicy rp = resourcePolicy(allowFor(roleWithPath, "s3:GetObject", "*", ""));
    AuthorizationRequest withArn = request(session, "s3:GetObject", OBJECT, ctx("aws:PrincipalArn", roleWithPath));
    AuthorizationRequest without = request(session, "s3:GetObject", OBJECT, RequestContext.empty());
    assertNotEquals(Evaluator.evaluate(set.withResourcePolicy(rp), withArn).outcome(),
        Evaluator.evaluate(set.withResourcePolicy(rp), without).outcome(), "premise: the key changes the decision");
    decide(1, set, rp, withArn);
    decide(1, set, rp, without);
  }

  @Test
  void decide_evaluationFails_errorIsNotCached() throws ReflectiveOperationException {
    // No request makes the evaluator fail, so break a compiled set from outside: without its identity
    // layer, evaluation throws, and the evaluator turns that into a deny carrying the error.
    PolicySet set = identity(allow("s3:GetObject", "*"));
    Field identityLayer = PolicySet.class.getDeclaredField("identity");
    identityLayer.setAccessible(true);
    identityLayer.set(set, null);
    AuthorizationRequest r = get(RequestContext.empty());
    Logger log = Logger.getLogger(Evaluator.class.getName());
    Level level = log.getLevel();
    log.setLevel(Level.OFF);
    try {
      for (int i = 0; i < 2; i++) {
        Decision d = decide(set, r);
        assertNotNull(d.error(), "premise: evaluation fails");
        assertEquals(Outcome.IMPLICIT_DENY, d.outcome(), "a failure is a deny");
        assertFalse(lastHit, "a failure is never served from the cache");
      }
    } finally {
      log.setLevel(level);
    }
    assertEquals(0, cache.size(), "a failure is not cached");
    assertEquals(0, cache.stats().hitCount());
  }
}
