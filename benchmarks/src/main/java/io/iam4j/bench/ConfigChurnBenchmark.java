package io.iam4j.bench;

import io.iam4j.cache.DecisionCache;
import io.iam4j.eval.Caller;
import io.iam4j.eval.PolicySet;
import io.iam4j.policy.Policy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decisions while the configuration changes: one thread decides the scenario's three requests in
 * turn through the decision cache (building each request, as a server does), while another changes
 * the configuration as fast as it can, as a reload does: it compiles the user's 50-statement policy
 * set anew, publishes it with the next configuration version and clears the cache. So a decision is
 * a hit, or a miss right after a change. Every decision is checked (a wrong one fails the run): the
 * cache must stay invisible while it churns.
 *
 * <p>JMH reports {@code churn:decide} (the readers' time per decision) and {@code churn:reconfigure}
 * (the time per configuration change).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ConfigChurnBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConfigChurnBenchmark {
  /** What a configuration snapshot gives the cache: its version and the principal's compiled policies. */
  private record Snapshot(long version, PolicySet policies) {}

  private List<Policy> parsed;
  private Caller caller;
  private String tenant;
  private Request[] requests;
  private DecisionCache cache;
  private volatile Snapshot current;

  /** The reader's position in the request cycle (one reader thread per group). */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup
  public void setUp() {
    Scenario scenario = ScenarioFactory.create(50);
    parsed = Iam4jEngine.parse(scenario);
    caller = new Iam4jEngine(scenario).caller;
    tenant = scenario.account();
    requests = scenario.requests().toArray(new Request[0]);
    cache = new DecisionCache(100_000);
    current = new Snapshot(1, Iam4jEngine.compile(parsed));
  }

  @Benchmark
  @Group("churn")
  @GroupThreads(1)
  public boolean decide(Cursor cursor) {
    Request r = requests[cursor.next];
    cursor.next = cursor.next == requests.length - 1 ? 0 : cursor.next + 1;
    Snapshot s = current;
    boolean allowed = cache.decide(tenant, s.version(), s.policies(), null, Iam4jEngine.request(caller, r)).decision().allowed();
    if (allowed != r.expectedAllow()) {
      throw new IllegalStateException("Wrong decision for " + r.kind() + " at configuration version " + s.version());
    }
    return allowed;
  }

  @Benchmark
  @Group("churn")
  @GroupThreads(1)
  public long reconfigure() {
    Snapshot next = new Snapshot(current.version() + 1, Iam4jEngine.compile(parsed));
    current = next;
    cache.invalidateAll();
    return next.version();
  }
}
