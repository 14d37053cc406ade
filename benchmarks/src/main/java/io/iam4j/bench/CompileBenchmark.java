package io.iam4j.bench;

import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.casbin.jcasbin.main.Enforcer;
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
 * The cost of getting the scenario's policies ready to decide, per scenario (50 or 500 statements;
 * the README divides by the statements for the cost per statement):
 *
 * <ul>
 *   <li>{@code iam4jParseAndCompile}: parsing and validating the ten JSON documents, then compiling
 *       them into the user's {@code PolicySet} with its cache profile — what a reload and the first
 *       request of a principal cost together;
 *   <li>{@code iam4jCompile}: the compilation alone, from parsed policies (per principal and
 *       configuration version);
 *   <li>{@code cedarParseAndCache}: {@code PolicySet.parsePolicies} on the Cedar text and {@code
 *       cache()} (JSON to the Rust side, parsed there again);
 *   <li>{@code jcasbinLoad}: a new enforcer with the model and one row per statement (its custom
 *       functions compile their patterns lazily, on first use: not included).
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CompileBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CompileBenchmark {
  @Param({"50", "500"})
  public int statements;

  private Scenario scenario;
  private String[] json;
  private String[] names;
  private List<Policy> parsed;
  private String cedarText;
  private PolicyParser parser;

  @Setup
  public void setUp() {
    scenario = ScenarioFactory.create(statements);
    json = scenario.policies().stream().map(Iam4jEngine::json).toArray(String[]::new);
    names = scenario.policies().stream().map(Scenario.PolicyDoc::name).toArray(String[]::new);
    parsed = Iam4jEngine.parse(scenario);
    cedarText = CedarEngine.policyText(scenario);
    parser = PolicyParser.standard();
  }

  @Benchmark
  public Object iam4jParseAndCompile() {
    Policy[] out = new Policy[json.length];
    for (int i = 0; i < json.length; i++) {
      out[i] = parser.parse(json[i], PolicyType.IDENTITY, names[i]);
    }
    return Iam4jEngine.compile(List.of(out));
  }

  @Benchmark
  public Object iam4jCompile() {
    return Iam4jEngine.compile(parsed);
  }

  @Benchmark
  public Object cedarParseAndCache() throws Exception {
    com.cedarpolicy.model.policy.PolicySet set = com.cedarpolicy.model.policy.PolicySet.parsePolicies(cedarText);
    set.cache();
    return set;
  }

  @Benchmark
  public Enforcer jcasbinLoad() {
    return CasbinEngine.load(scenario);
  }
}
