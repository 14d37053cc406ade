package io.iam4j.bench;

import io.iam4j.advisor.AccessAdvisor;
import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.config.ConfigStore;
import io.iam4j.directory.Identity;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import io.iam4j.mapping.PrincipalMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The access advisor's cost per decision: {@link AccessAdvisor#observe} of a decision the real
 * {@link Authorizer} made (an allow granted by a managed policy's statement, and a deny), when the
 * principal and action are already in the index, which is every decision but the first of each
 * pair. The index's clock is the system's, so each second one decision writes the slot's times.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AdvisorBenchmark -f 1 -wi 2 -i 3 -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class AdvisorBenchmark {
  private Path root;
  private ConfigStore store;
  private AccessAdvisor advisor;
  private Authorizer.Result allow;
  private Authorizer.Result deny;

  @Setup
  public void setUp() throws IOException {
    root = Files.createTempDirectory("iam4j-advisor-bench");
    Path t = root.resolve("tenants/acme");
    Files.createDirectories(t.resolve("users"));
    Files.createDirectories(t.resolve("policies"));
    Files.writeString(t.resolve("policies/Readers.json"), "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"Read\","
        + " \"Effect\": \"Allow\", \"Action\": [\"docs:GetObject\", \"docs:ListObjects\"], \"Resource\": \"*\"}]}");
    Files.writeString(t.resolve("users/dev.json"), "{\"managedPolicies\": [\"arn:iam4j:iam::acme:policy/Readers\"]}");
    store = ConfigStore.open(ConfigStore.Settings.of(root));
    Authorizer authorizer = new Authorizer(store::directory, PrincipalMapper.defaults(), (tenant, arn) -> Optional.empty(),
        new DecisionCache(1_000));
    Identity dev = ((Mapping.Mapped) authorizer.map(CallerInfo.of("dev@acme", Set.of()))).identity();
    allow = authorizer.authorize(dev, "docs:GetObject", "arn:iam4j:docs::acme:bucket/b/k", null, RequestContext.empty());
    deny = authorizer.authorize(dev, "docs:DeleteObject", "arn:iam4j:docs::acme:bucket/b/k", null, RequestContext.empty());
    if (!allow.decision().allowed() || deny.decision().allowed()) {
      throw new IllegalStateException("unexpected decisions: " + allow.decision() + ", " + deny.decision());
    }
    advisor = AccessAdvisor.inMemory(System::currentTimeMillis);
    advisor.observe(allow);
    advisor.observe(deny);
  }

  @TearDown
  public void tearDown() throws IOException {
    store.close();
    try (var files = Files.walk(root)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public AccessAdvisor observeAllow() {
    advisor.observe(allow);
    return advisor;
  }

  @Benchmark
  public AccessAdvisor observeDeny() {
    advisor.observe(deny);
    return advisor;
  }
}
