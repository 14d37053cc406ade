package io.iam4j.bench;

import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wildcard matching under attack (issue 11, class 6): one evaluation of a policy of about 120 KB,
 * every statement an adversarial wildcard pattern, against a request whose resource (or condition
 * value) ends in 8 KB of {@code a}. No pattern matches, so every statement is matched to the end:
 * the decision is an implicit deny, checked in {@code @Setup}.
 *
 * <ul>
 *   <li>{@code shape}: {@code manyStars} is {@code *a*a*a...*ab} (80 pieces); {@code longPiece} is
 *       {@code *aaa...ab*} (one 121-character piece, found by KMP); {@code longPieceWithOne} is the
 *       same piece with a {@code ?} in the middle (found by Shift-And, two 64-bit words).
 *   <li>{@code element}: the pattern in the {@code Resource} element (ARN matching, segment by
 *       segment) or as a {@code StringLike} condition value on {@code docs:key}.
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AdversarialGlobBenchmark -f 1 -wi 2 -i 3 -r 1s -rf json -rff adversarial.json
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class AdversarialGlobBenchmark {
  /** The request's text after {@code bucket/workspace/}: 8 KB. */
  static final int TEXT_CHARS = 8_192;
  /** The document size the statements fill, below {@link PolicyLimits#DEFAULTS}' 128 KB. */
  static final int DOCUMENT_BYTES = 120_000;

  @Param({"manyStars", "longPiece", "longPieceWithOne"})
  public String shape;

  @Param({"resource", "stringLike"})
  public String element;

  private PolicySet policies;
  private AuthorizationRequest request;

  @Setup
  public void setUp() {
    String text = "a".repeat(TEXT_CHARS);
    String json = document(pattern(shape), element);
    Policy policy = PolicyParser.standard().parse(json, PolicyType.IDENTITY, "adversarial");
    policies = PolicySet.builder().identity(policy).build();
    Caller caller = Caller.parse("arn:iam4j:iam::acme:user/mallory", "AWS", null);
    request = new AuthorizationRequest(caller, "docs:GetObject", "arn:iam4j:docs::acme:bucket/workspace/" + text, null,
        RequestContext.builder().put("docs:key", "workspace/" + text).build());
    Decision d = Evaluator.evaluate(policies, request);
    if (d.allowed() || d.error() != null) {
      throw new IllegalStateException("expected an implicit deny, got " + d);
    }
  }

  /** One evaluation: every statement's pattern tried against the 8 KB text. */
  @Benchmark
  public Object evaluate() {
    return Evaluator.evaluate(policies, request);
  }

  /** The adversarial pattern for the text after {@code bucket/workspace/}. */
  static String pattern(String shape) {
    return switch (shape) {
      case "manyStars" -> "*a".repeat(80) + "b";
      case "longPiece" -> "*" + "a".repeat(120) + "b*";
      case "longPieceWithOne" -> "*" + "a".repeat(60) + "?" + "a".repeat(59) + "b*";
      default -> throw new IllegalArgumentException(shape);
    };
  }

  /** An identity policy of about {@link #DOCUMENT_BYTES}, one Allow statement per pattern. */
  static String document(String pattern, String element) {
    String statement = switch (element) {
      case "resource" -> "{\"Effect\":\"Allow\",\"Action\":\"docs:GetObject\",\"Resource\":\"arn:iam4j:docs::acme:bucket/workspace/"
          + pattern + "\"}";
      case "stringLike" -> "{\"Effect\":\"Allow\",\"Action\":\"docs:GetObject\",\"Resource\":\"arn:iam4j:docs::acme:bucket/workspace/*\","
          + "\"Condition\":{\"StringLike\":{\"docs:key\":\"workspace/" + pattern + "\"}}}";
      default -> throw new IllegalArgumentException(element);
    };
    int count = Math.min(DOCUMENT_BYTES / (statement.length() + 1), PolicyLimits.DEFAULTS.maxStatements());
    StringBuilder b = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
    for (int i = 0; i < count; i++) {
      b.append(i == 0 ? "" : ",").append(statement);
    }
    return b.append("]}").toString();
  }
}
