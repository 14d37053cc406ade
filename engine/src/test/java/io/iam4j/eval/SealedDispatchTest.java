package io.iam4j.eval;

import static io.iam4j.eval.Fixtures.OBJECT;
import static io.iam4j.eval.Fixtures.allow;
import static io.iam4j.eval.Fixtures.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.policy.ActionClause;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.PrincipalClause;
import io.iam4j.policy.ResourceClause;
import io.iam4j.policy.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The evaluator dispatches on sealed hierarchies with {@code instanceof}. These tests walk
 * {@code getPermittedSubclasses()} so that a new variant without a case in the evaluator fails here.
 */
class SealedDispatchTest {

  private static Set<Class<?>> permitted(Class<?> sealed) {
    assertTrue(sealed.isSealed(), sealed + " is not sealed");
    return Set.of(sealed.getPermittedSubclasses());
  }

  private static Map<Class<?>, Caller> oneCallerOfEachKind() {
    Map<Class<?>, Caller> m = new LinkedHashMap<>();
    m.put(Caller.User.class, Fixtures.alice());
    m.put(Caller.RoleSession.class, Fixtures.session());
    m.put(Caller.FederatedUser.class, Fixtures.federated());
    m.put(Caller.Root.class, Fixtures.root());
    m.put(Caller.Service.class, new Caller.Service("sns.amazonaws.com"));
    m.put(Caller.IdentityProvider.class, new Caller.IdentityProvider("accounts.google.com"));
    m.put(Caller.Anonymous.class, new Caller.Anonymous());
    return m;
  }

  @Test
  void caller_everyPermittedVariantHasAFixture() {
    assertEquals(permitted(Caller.class), oneCallerOfEachKind().keySet());
  }

  /** A resource policy naming everyone ("Principal": "*") grants to every kind of caller. */
  @Test
  void evaluate_everyCallerVariant_evaluatesWithoutError() {
    PolicySet set = PolicySet.builder()
        .identity(Fixtures.identity(doc(allow("s3:GetObject", "*"))))
        .resource(Fixtures.resource(doc(Fixtures.allowFor("\"*\"", "s3:GetObject", "arn:aws:s3:::example-bucket/*"))))
        .build();
    for (Map.Entry<Class<?>, Caller> e : oneCallerOfEachKind().entrySet()) {
      Decision d = Evaluator.evaluate(set, Fixtures.request(e.getValue(), "s3:GetObject", OBJECT));
      assertNull(d.error(), () -> e.getKey().getSimpleName() + ": " + d.error());
      assertEquals(Outcome.ALLOW, d.outcome(), () -> e.getKey().getSimpleName() + ": " + d);
    }
  }

  @Test
  void evaluate_everyCallerVariant_deniedWithoutPolicies() {
    for (Map.Entry<Class<?>, Caller> e : oneCallerOfEachKind().entrySet()) {
      Decision d = Evaluator.evaluate(PolicySet.builder().build(), Fixtures.request(e.getValue(), "s3:GetObject", OBJECT));
      assertNull(d.error(), () -> e.getKey().getSimpleName() + ": " + d.error());
      Outcome expected = e.getValue() instanceof Caller.Root ? Outcome.ALLOW : Outcome.IMPLICIT_DENY;
      assertEquals(expected, d.outcome(), () -> e.getKey().getSimpleName() + ": " + d);
    }
  }

  private static final List<String> RESOURCE_STATEMENTS = List.of(
      "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}",
      "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:user/alice\"},\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}",
      "{\"Effect\":\"Deny\",\"NotPrincipal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}",
      "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"Service\":\"sns.amazonaws.com\"},\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}");

  /** Every PrincipalClause and PrincipalSet variant, reached through parsed policies, evaluates for every caller. */
  @Test
  void evaluate_everyPrincipalVariant_evaluatesWithoutError() {
    Set<Class<?>> clauses = new HashSet<>();
    Set<Class<?>> sets = new HashSet<>();
    for (String s : RESOURCE_STATEMENTS) {
      Policy p = Fixtures.resource(doc(s));
      PrincipalClause c = p.statements().get(0).principal().orElseThrow();
      clauses.add(c.getClass());
      sets.add(c.set().getClass());
      PolicySet set = PolicySet.builder().resource(p).build();
      for (Caller caller : oneCallerOfEachKind().values()) {
        Decision d = Evaluator.evaluate(set, Fixtures.request(caller, "s3:GetObject", OBJECT));
        assertNull(d.error(), () -> s + " / " + caller.display() + ": " + d.error());
      }
    }
    assertEquals(permitted(PrincipalClause.class), clauses);
    assertEquals(permitted(PrincipalClause.PrincipalSet.class), sets);
  }

  /** Action/NotAction and Resource/NotResource: each variant is reached and decides as its element means. */
  @Test
  void evaluate_everyActionAndResourceVariant_evaluatesWithoutError() {
    List<String> statements = List.of(
        allow("s3:GetObject", "*"),
        "{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}",
        "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"NotResource\":\"arn:aws:s3:::payroll/*\"}");
    Set<Class<?>> actions = new HashSet<>();
    Set<Class<?>> resources = new HashSet<>();
    for (String s : statements) {
      Policy p = Fixtures.identity(doc(s));
      Statement st = p.statements().get(0);
      actions.add(st.action().getClass());
      resources.add(st.resource().orElseThrow().getClass());
      Decision d = Evaluator.evaluate(PolicySet.builder().identity(p).build(), Fixtures.request(Fixtures.alice(), "s3:GetObject", OBJECT));
      assertNull(d.error(), () -> s + ": " + d.error());
      assertEquals(Outcome.ALLOW, d.outcome(), () -> s + ": " + d);
    }
    assertEquals(permitted(ActionClause.class), actions);
    assertEquals(permitted(ResourceClause.class), resources);
  }

  @Test
  void policyTypes_everyLayerIsAccepted() {
    // every PolicyType has a PolicySet slot; a policy parsed as one type is refused in another slot
    for (PolicyType t : PolicyType.values()) {
      String json = t == PolicyType.RESOURCE
          ? doc(Fixtures.allowFor("\"*\"", "s3:GetObject", "*"))
          : doc(allow("s3:GetObject", "*"));
      Policy p = Fixtures.parse(t, t.key(), json);
      PolicySet.Builder b = PolicySet.builder();
      switch (t) {
        case IDENTITY -> b.identity(p);
        case RESOURCE -> b.resource(p);
        case BOUNDARY -> b.boundary(p);
        case SESSION -> b.session(List.of(p));
        case GUARDRAIL -> b.guardrails(List.of(p));
      }
      Decision d = Evaluator.evaluate(b.build(), Fixtures.request(Fixtures.alice(), "s3:GetObject", OBJECT));
      assertNull(d.error(), () -> t + ": " + d.error());
    }
  }
}
