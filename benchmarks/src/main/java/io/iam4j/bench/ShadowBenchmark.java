package io.iam4j.bench;

import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.directory.Arns;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Group;
import io.iam4j.directory.Identity;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.Tags;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import io.iam4j.shadow.ShadowEvaluator;
import io.iam4j.shadow.ShadowKey;
import io.iam4j.shadow.ShadowStats;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.iam4j.shadow.ShadowQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What shadow evaluation costs the request thread. A user gets {@code statements} statements from
 * ten managed policies attached through a group; one of them has a draft version in shadow. Each
 * benchmark is one {@link Authorizer#authorize} of the same request (a decision-cache hit, as most
 * requests are), with:
 *
 * <ul>
 *   <li>{@code baseline}: no shadow observer;
 *   <li>{@code noDraft}: the shadow observer, and no draft in the tenant (the common case: one map
 *       read per decision);
 *   <li>{@code async}: the draft in shadow, compared on the shadow thread ({@link
 *       ShadowEvaluator#boundedExecutor}, queue 4096): the request thread pays the attachment check
 *       and the hand-over (or, when the shadow thread is behind, counting a drop); the shadow
 *       thread's own work competes for the same cores, and shows in this number too;
 *   <li>{@code inline}: the draft compared on the request thread (an uncached evaluation of the
 *       user's policy set with the draft, from the compiled set cached per identity): what the
 *       request would pay without the shadow thread.
 * </ul>
 *
 * <p>The request is a write the draft denies (every comparison is a difference: the live set is
 * re-evaluated to confirm it, and the difference recorded); {@code *Same} read, which both versions
 * allow (the common case: one evaluation, a count).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ShadowBenchmark -f 1 -wi 2 -i 3
 * </pre>
 *
 * <p>On a loaded machine wall-clock times say more about the neighbours than about this code; {@link
 * #main} measures each variant's CPU time per request on the request thread (and the shadow thread's
 * CPU per comparison), which other processes disturb far less:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.iam4j.bench.ShadowBenchmark [requests]
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ShadowBenchmark {
  static final String TENANT = "acme";
  static final String DRAFTED = "arn:iam4j:iam::acme:policy/P0";
  static final String RESOURCE = "arn:iam4j:docs::acme:bucket/projects/plan.txt";
  static final PolicyParser PARSER = new PolicyParser(PolicyParser.Settings.DEFAULTS);

  @Param({"50"})
  public int statements;

  Authorizer baseline;
  Authorizer noDraft;
  Authorizer async;
  Authorizer inline;
  Identity bobBaseline;
  Identity bobNoDraft;
  Identity bobAsync;
  Identity bobInline;
  ShadowEvaluator asyncShadow;
  ShadowEvaluator inlineShadow;
  ShadowQueue executor;

  /**
   * {@code count} statements reading other buckets, and one for the projects bucket: read and write
   * ({@code projects} 2), read only (1), or absent (0).
   */
  static Policy policy(int first, int count, int projects) {
    StringBuilder sb = new StringBuilder("{\"Version\": \"2012-10-17\", \"Statement\": [");
    for (int i = 0; i < count; i++) {
      int n = first + i;
      sb.append(i > 0 ? "," : "").append("{\"Sid\": \"S").append(n).append("\", \"Effect\": \"Allow\", ")
          .append("\"Action\": [\"docs:GetObject\", \"docs:PutObject\"], \"Resource\": \"arn:iam4j:docs::acme:bucket/b").append(n).append("/*\"}");
    }
    if (projects > 0) {
      sb.append(count > 0 ? "," : "").append("{\"Sid\": \"Projects\", \"Effect\": \"Allow\", \"Action\": ")
          .append(projects == 2 ? "[\"docs:GetObject\", \"docs:PutObject\"]" : "\"docs:GetObject\"")
          .append(", \"Resource\": \"arn:iam4j:docs::acme:bucket/projects/*\"}");
    }
    return PARSER.parse(sb.append("]}").toString(), PolicyType.IDENTITY, "bench");
  }

  static Directory directory(boolean draftInShadow, int statements) {
    Map<String, ManagedPolicy> policies = new java.util.TreeMap<>();
    List<String> arns = new ArrayList<>();
    int per = Math.max(1, statements / 10);
    for (int p = 0; p < 10; p++) {
      String arn = "arn:iam4j:iam::acme:policy/P" + p;
      arns.add(arn);
      List<ManagedPolicy.Version> versions = new ArrayList<>();
      // P0 grants writing to the projects bucket; its draft v2 only reading; the others other buckets.
      versions.add(new ManagedPolicy.Version("v1", policy(p * per, p == 0 ? per - 1 : per, p == 0 ? 2 : 0).withName(arn)));
      if (p == 0) {
        versions.add(new ManagedPolicy.Version("v2", policy(p * per, per - 1, 1).withName(arn)));
      }
      policies.put(arn, new ManagedPolicy(arn, "P" + p, "/", "", versions, "v1", false, p == 0 && draftInShadow ? "v2" : null));
    }
    User bob = new User("bob", "/", "AIDABOB", Tags.NONE, List.of("Developers"), List.of(), List.of(), null, null);
    Tenant t = new Tenant(TENANT, 1, "", Map.of("bob", bob), Map.of("Developers", new Group("Developers", "/", arns, List.of())), Map.of(),
        policies, List.of(), false, "bench");
    return new Directory(Arns.DEFAULT, List.of(t), Map.of());
  }

  static Authorizer authorizer(Directory d) {
    return new Authorizer(() -> d, PrincipalMapper.defaults(), (t, arn) -> Optional.empty(), new DecisionCache(10_000));
  }

  static Identity bob(Directory d) {
    Tenant t = d.tenant(TENANT).orElseThrow();
    return d.user(t, t.users().get("bob"));
  }

  @Setup(Level.Trial)
  public void setUp() {
    Directory plain = directory(false, statements);
    Directory drafted = directory(true, statements);
    baseline = authorizer(plain);
    bobBaseline = bob(plain);
    noDraft = authorizer(plain);
    bobNoDraft = bob(plain);
    noDraft.addObserver(new ShadowEvaluator(() -> plain, noDraft::resourcePolicy, e -> { }, Runnable::run, Clock.systemUTC()));
    executor = ShadowEvaluator.boundedExecutor(ShadowEvaluator.DEFAULT_QUEUE);
    async = authorizer(drafted);
    bobAsync = bob(drafted);
    asyncShadow = new ShadowEvaluator(() -> drafted, async::resourcePolicy, e -> { }, executor, Clock.systemUTC());
    async.addObserver(asyncShadow);
    inline = authorizer(drafted);
    bobInline = bob(drafted);
    inlineShadow = new ShadowEvaluator(() -> drafted, inline::resourcePolicy, e -> { }, Runnable::run, Clock.systemUTC());
    inline.addObserver(inlineShadow);
    // The draft must really differ: the write is newly denied.
    if (!inline.authorize(bobInline, "docs:PutObject", RESOURCE, null, RequestContext.empty()).decision().allowed()
        || inlineShadow.report(new ShadowKey(TENANT, DRAFTED, "v2", "v1")).newlyDenied() != 1) {
      throw new IllegalStateException("the benchmark's draft does not deny the write");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ShadowStats.Snapshot s = asyncShadow.report(new ShadowKey(TENANT, DRAFTED, "v2", "v1"));
    System.out.printf("%nasync: %d compared, %d dropped (%.1f%%)%n", s.evaluated(), s.dropped(),
        100.0 * s.dropped() / Math.max(1, s.evaluated() + s.dropped()));
    executor.close();
  }

  @Benchmark
  public boolean baseline() {
    return baseline.authorize(bobBaseline, "docs:PutObject", RESOURCE, null, RequestContext.empty()).decision().allowed();
  }

  @Benchmark
  public boolean noDraft() {
    return noDraft.authorize(bobNoDraft, "docs:PutObject", RESOURCE, null, RequestContext.empty()).decision().allowed();
  }

  @Benchmark
  public boolean async() {
    return async.authorize(bobAsync, "docs:PutObject", RESOURCE, null, RequestContext.empty()).decision().allowed();
  }

  @Benchmark
  public boolean asyncSame() {
    return async.authorize(bobAsync, "docs:GetObject", RESOURCE, null, RequestContext.empty()).decision().allowed();
  }

  @Benchmark
  public boolean inlineSame() {
    return inline.authorize(bobInline, "docs:GetObject", RESOURCE, null, RequestContext.empty()).decision().allowed();
  }

  @Benchmark
  public boolean inline() {
    return inline.authorize(bobInline, "docs:PutObject", RESOURCE, null, RequestContext.empty()).decision().allowed();
  }

  /** CPU nanoseconds per request of each variant on the calling thread (see the class comment). */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    ShadowBenchmark b = new ShadowBenchmark();
    b.statements = 50;
    b.setUp();
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, java.util.function.BooleanSupplier> variants = new java.util.LinkedHashMap<>();
    variants.put("baseline", b::baseline);
    variants.put("noDraft", b::noDraft);
    variants.put("asyncSame", b::asyncSame);
    variants.put("async", b::async);
    variants.put("inlineSame", b::inlineSame);
    variants.put("inline", b::inline);
    Thread shadowThread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("iam4j-shadow")).findFirst()
        .orElseThrow();
    for (int round = 0; round < 2; round++) {
      for (Map.Entry<String, java.util.function.BooleanSupplier> v : variants.entrySet()) {
        ShadowKey key = new ShadowKey(TENANT, DRAFTED, "v2", "v1");
        ShadowStats.Snapshot before = b.asyncShadow.report(key);
        long shadowCpu = cpu.getThreadCpuTime(shadowThread.getId());
        long start = cpu.getCurrentThreadCpuTime();
        boolean sink = false;
        for (int i = 0; i < n; i++) {
          sink ^= v.getValue().getAsBoolean();
        }
        long took = cpu.getCurrentThreadCpuTime() - start;
        // Let the shadow thread finish what was queued before reading its CPU.
        while (b.asyncShadow.queueDepth() > 0) {
          Thread.sleep(10);
        }
        Thread.sleep(50);
        ShadowStats.Snapshot after = b.asyncShadow.report(key);
        long compared = after.evaluated() - before.evaluated();
        long dropped = after.dropped() - before.dropped();
        String shadow = compared == 0 ? "" : String.format("  shadow thread %.0f ns/comparison, %d compared, %d dropped",
            (double) (cpu.getThreadCpuTime(shadowThread.getId()) - shadowCpu) / compared, compared, dropped);
        if (round == 1) {
          System.out.printf("%-11s %7.0f ns CPU/request%s%s%n", v.getKey(), (double) took / n, shadow, sink ? "" : " ");
        }
      }
    }
    b.tearDown();
  }
}
