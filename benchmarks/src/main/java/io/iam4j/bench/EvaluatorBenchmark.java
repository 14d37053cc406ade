package io.iam4j.bench;

import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
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
 * iam4j's evaluation alone, without building the request: {@link Evaluator#evaluate} on the compiled
 * policy set with an {@link AuthorizationRequest} built once. Beside {@link DecisionBenchmark}'s
 * {@code iam4j} rows it splits a decision into building the request and evaluating it
 * ({@link #buildRequest}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EvaluatorBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EvaluatorBenchmark {
  @Param({"50", "500"})
  public int statements;

  @Param({"allow", "explicitDeny", "implicitDeny"})
  public String request;

  private Iam4jEngine engine;
  private PolicySet policies;
  private Request question;
  private AuthorizationRequest prebuilt;

  @Setup
  public void setUp() {
    Scenario scenario = ScenarioFactory.create(statements);
    engine = new Iam4jEngine(scenario);
    Engines.verify(engine, scenario);
    policies = engine.policies;
    question = scenario.request(request);
    prebuilt = Iam4jEngine.request(engine.caller, question);
    if (Evaluator.evaluate(policies, prebuilt).allowed() != question.expectedAllow()) {
      throw new IllegalStateException("iam4j decided " + request + " wrongly");
    }
  }

  /** Evaluation of a request built beforehand. */
  @Benchmark
  public Object evaluate() {
    return Evaluator.evaluate(policies, prebuilt);
  }

  /** Building the request and its context from the benchmark's request, as every iam4j call does. */
  @Benchmark
  public Object buildRequest() {
    return Iam4jEngine.request(engine.caller, question);
  }
}
