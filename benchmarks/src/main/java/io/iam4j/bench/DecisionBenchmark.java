package io.iam4j.bench;

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
 * One authorization decision, single thread, warm: each engine ({@link Engines#NAMES}) × scenario
 * size (50 and 500 statements) × request (allowed by the statement at 80 %, explicitly denied,
 * implicitly denied), through the {@link Engine} adapter, which translates the request on every call.
 * {@code iam4j-cached} measures a decision-cache hit; the others decide from their compiled or
 * cached policies every time. Each adapter's decisions are checked before measuring.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DecisionBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecisionBenchmark {
  @Param({"iam4j", "iam4j-cached", "cedar", "jcasbin"})
  public String engine;

  @Param({"50", "500"})
  public int statements;

  @Param({"allow", "explicitDeny", "implicitDeny"})
  public String request;

  private Engine adapter;
  private Request question;

  @Setup
  public void setUp() {
    Scenario scenario = ScenarioFactory.create(statements);
    adapter = Engines.create(engine, scenario);
    Engines.verify(adapter, scenario);
    question = scenario.request(request);
  }

  @Benchmark
  public boolean decide() {
    return adapter.decide(question);
  }
}
