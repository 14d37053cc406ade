package io.iam4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * A smoke run of the benchmarks so that they never rot: JMH in this JVM (no fork), one warm-up and
 * one measurement iteration of 100 ms, on a few benchmarks. Asserts only that each produced a result;
 * times on a CI machine mean nothing.
 */
class BenchmarkSmokeTest {

  @Test
  void decisionBenchmark_everyEngine_runs() throws RunnerException {
    List<String> engines = new ArrayList<>(List.of("iam4j", "iam4j-cached", "jcasbin"));
    try {
      CedarEngine.checkNativeLibrary();
      engines.add("cedar");
    } catch (IllegalStateException e) {
      System.err.println("Smoke without cedar: " + e.getMessage());
    }
    Collection<RunResult> results = run(DecisionBenchmark.class.getSimpleName() + ".decide",
        "engine", engines.toArray(new String[0]), "statements", new String[] {"50"}, "request", new String[] {"allow"});
    assertEquals(engines.size(), results.size());
    results.forEach(BenchmarkSmokeTest::assertMeasured);
  }

  @Test
  void cacheAndChurnBenchmarks_run() throws RunnerException {
    Collection<RunResult> results = run("(" + CacheHitBenchmark.class.getSimpleName() + "\\.hit$|" + ConfigChurnBenchmark.class.getSimpleName() + ")");
    assertEquals(2, results.size());
    results.forEach(BenchmarkSmokeTest::assertMeasured);
  }

  @Test
  void adversarialGlobBenchmark_runs() throws RunnerException {
    Collection<RunResult> results = run(AdversarialGlobBenchmark.class.getSimpleName(),
        "shape", new String[] {"longPieceWithOne"}, "element", new String[] {"stringLike"});
    assertEquals(1, results.size());
    results.forEach(BenchmarkSmokeTest::assertMeasured);
  }

  @Test
  void sigV4Benchmark_runs() throws RunnerException {
    Collection<RunResult> results = run(SigV4Benchmark.class.getSimpleName());
    assertEquals(2, results.size());
    results.forEach(BenchmarkSmokeTest::assertMeasured);
  }

  private static Collection<RunResult> run(String include, Object... params) throws RunnerException {
    OptionsBuilder o = new OptionsBuilder();
    o.include(include).forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100)).measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100)).verbosity(VerboseMode.SILENT).shouldFailOnError(true);
    for (int i = 0; i < params.length; i += 2) {
      o.param((String) params[i], (String[]) params[i + 1]);
    }
    Options options = o.build();
    return new Runner(options).run();
  }

  private static void assertMeasured(RunResult r) {
    assertFalse(Double.isNaN(r.getPrimaryResult().getScore()), r.getParams().getBenchmark());
    assertTrue(r.getPrimaryResult().getSampleCount() > 0, r.getParams().getBenchmark());
  }
}
