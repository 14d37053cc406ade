package io.iam4j.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.iam4j.cache.DecisionCache;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.PolicySet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A decision-cache hit for the scenario's allowed request at 50 statements (a hit does not depend on
 * the size), on one and on two threads sharing one {@link DecisionCache}:
 *
 * <ul>
 *   <li>{@code hit}: {@link DecisionCache#decide} with an {@link AuthorizationRequest} built once, so
 *       the time is the cache's own: building its key from the request (the context values the
 *       policies read, the lower-cased action, ...) and the Caffeine lookup. The target
 *       (≤ 50 ns, 0 B) is about this.
 *   <li>{@code hitFromRequest}: as a server calls it, building the request and its context first
 *       ({@link Iam4jCachedEngine}).
 *   <li>{@code bareCaffeine}: the floor the issue compares with: {@code getIfPresent} of a prebuilt
 *       {@code String} key (hash cached) in a size-bounded Caffeine cache without statistics or
 *       expiry; {@code caffeineStatsExpiry}: the same with {@code recordStats} and a variable
 *       expiry, as the decision cache's second level is built.
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CacheHitBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CacheHitBenchmark {
  private Iam4jCachedEngine engine;
  private DecisionCache cache;
  private PolicySet policies;
  private String tenant;
  private Request question;
  private AuthorizationRequest prebuilt;
  private Cache<String, Object> bare;
  private Cache<String, Object> statsExpiry;
  private String bareKey;

  @Setup
  public void setUp() {
    Scenario scenario = ScenarioFactory.create(50);
    engine = new Iam4jCachedEngine(scenario);
    Engines.verify(engine, scenario);
    cache = engine.cache;
    policies = engine.compiled.policies;
    tenant = scenario.account();
    question = scenario.request(Request.Kind.allow);
    prebuilt = Iam4jEngine.request(engine.compiled.caller, question);
    io.iam4j.cache.CachedDecision first = cache.decide(tenant, Iam4jCachedEngine.VERSION, policies, null, prebuilt);
    io.iam4j.cache.CachedDecision again = cache.decide(tenant, Iam4jCachedEngine.VERSION, policies, null, prebuilt);
    if (!first.decision().allowed() || !again.fromCache()) {
      throw new IllegalStateException("the allowed request should be a cached allow");
    }
    bareKey = new String(question.resource());
    bare = Caffeine.newBuilder().maximumSize(100_000).build();
    bare.put(bareKey, first);
    statsExpiry = Caffeine.newBuilder().maximumSize(100_000).recordStats()
        .expireAfter(new com.github.benmanes.caffeine.cache.Expiry<String, Object>() {
          @Override
          public long expireAfterCreate(String key, Object value, long currentTime) {
            return Long.MAX_VALUE;
          }

          @Override
          public long expireAfterUpdate(String key, Object value, long currentTime, long currentDuration) {
            return currentDuration;
          }

          @Override
          public long expireAfterRead(String key, Object value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        }).build();
    statsExpiry.put(bareKey, first);
  }

  @Benchmark
  public Object bareCaffeine() {
    return bare.getIfPresent(bareKey);
  }

  @Benchmark
  public Object caffeineStatsExpiry() {
    return statsExpiry.getIfPresent(bareKey);
  }

  @Benchmark
  public Object hit() {
    return cache.decide(tenant, Iam4jCachedEngine.VERSION, policies, null, prebuilt).decision();
  }

  @Benchmark
  @Threads(2)
  public Object hit2Threads() {
    return cache.decide(tenant, Iam4jCachedEngine.VERSION, policies, null, prebuilt).decision();
  }

  @Benchmark
  public boolean hitFromRequest() {
    return engine.decide(question);
  }

  @Benchmark
  @Threads(2)
  public boolean hitFromRequest2Threads() {
    return engine.decide(question);
  }
}
