package io.iam4j.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The resource gate: a statement is skipped for a request only when its Resource element cannot
 * match the request's resource, so skipping never changes a decision.
 */
class ResourceGateTest {
  static CompiledStatement statement(String resourceClause) {
    Policy p = Fixtures.parse(PolicyType.IDENTITY, "p", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
        + "\"Action\": \"s3:GetObject\", " + resourceClause + "}]}");
    return new CompiledStatement(p.statements().get(0), new StatementRef(PolicyType.IDENTITY, "p", 0, null, p.statements().get(0).effect()), true);
  }

  @Test
  void literalPrefixes_upToTheFirstWildcardOrVariable() {
    CompiledStatement s = statement("\"Resource\": [\"arn:aws:s3:::reports/finance/*\", \"arn:aws:s3:::home/${aws:username}/*\"]");
    assertTrue(s.mayMatchResource("reports/finance/q3.pdf"));
    assertTrue(s.mayMatchResource("home/alice/x"));
    assertFalse(s.mayMatchResource("reports/legal/q3.pdf"));
    assertFalse(s.mayMatchResource("Reports/finance/q3.pdf"), "ARNs match case-sensitively");
  }

  @Test
  void noGate_whereThePatternsGiveNone() {
    assertTrue(statement("\"Resource\": \"*\"").mayMatchResource("anything"));
    assertTrue(statement("\"Resource\": [\"arn:aws:s3:::a/*\", \"*\"]").mayMatchResource("b"));
    assertTrue(statement("\"NotResource\": \"arn:aws:s3:::a/*\"").mayMatchResource("b/x"));
    assertTrue(statement("\"Resource\": \"arn:aws:s3:::*/x\"").mayMatchResource("b/x"));
  }

  @Provide
  Arbitrary<List<String>> segments() {
    return Arbitraries.of("a", "b", "/", "*", "?", "${aws:username}", "${*}", "ab").list().ofMinSize(0).ofMaxSize(5)
        .map(l -> String.join("", l)).list().ofMinSize(1).ofMaxSize(3);
  }

  @Provide
  Arbitrary<String> value() {
    return Arbitraries.of("a", "b", "/", "*", "alice", "ab").list().ofMinSize(0).ofMaxSize(5).map(l -> String.join("", l));
  }

  /** Never skips a statement that matches: wherever the evaluator allows, the gate lets it through. */
  @Property(tries = 1000)
  void theGate_neverHidesAMatch(@ForAll("segments") List<String> patternSegments, @ForAll("value") String resourceSegment) {
    StringBuilder resources = new StringBuilder("\"Resource\": [");
    for (int i = 0; i < patternSegments.size(); i++) {
      resources.append(i == 0 ? "" : ", ").append("\"arn:aws:s3:::").append(patternSegments.get(i)).append('"');
    }
    if (patternSegments.isEmpty()) {
      return;
    }
    CompiledStatement s;
    Policy p;
    try {
      s = statement(resources.append(']').toString());
      p = Fixtures.parse(PolicyType.IDENTITY, "p", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
          + "\"Action\": \"s3:GetObject\", " + resources + "}]}");
    } catch (RuntimeException e) {
      return; // a pattern IAM refuses
    }
    String resource = "arn:aws:s3:::" + resourceSegment;
    Decision d = Evaluator.evaluate(PolicySet.builder().identity(p).build(),
        Fixtures.request(Fixtures.alice(), "s3:GetObject", resource, Fixtures.ctx("aws:username", "alice")));
    net.jqwik.api.statistics.Statistics.collect(d.allowed());
    net.jqwik.api.statistics.Statistics.coverage(c -> c.check(true).count(n -> n >= 50));
    if (d.allowed()) {
      assertTrue(s.mayMatchResource(resourceSegment), () -> patternSegments + " allow " + resource + " but the gate says no");
    }
  }
}
