package io.iam4j.bench;

import io.iam4j.config.ConfigStore;
import io.iam4j.config.TenantLoader;
import io.iam4j.directory.Arns;
import io.iam4j.directory.Directory;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.ProviderPolicies;
import io.iam4j.directory.Tenant;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The tenant-scale benchmark: how long 10,000 tenants of 20 users and 5 managed policies each take to
 * load, and how much heap they hold. Not a JMH benchmark: one load is one measurement (a JMH single
 * shot would time the same), and the heap after a full GC is what matters. Run it in a JVM of its
 * own with the heap the target allows:
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar io.iam4j.bench.TenantScale [tenants] [users] [policies]
 * </pre>
 *
 * <p>Wall time and the loading thread's CPU time are both printed: on a machine shared with other
 * work the difference is time spent waiting for a core.
 *
 * <p>Each tenant has {@code policies} managed policies of 4 statements (wildcards, a tag condition, a
 * policy variable) and {@code users} users with a tag, each attached to every policy; 1,000,000
 * user-policy attachments and 50,000 policy documents at the defaults. Measured, in order:
 *
 * <ol>
 *   <li>{@code ConfigStore.open} on a tree written to a temporary directory beforehand (not timed):
 *       what a server does at start — read every file, validate every tenant, install it;
 *   <li>the heap the open store holds after a full GC (used heap minus the heap before loading);
 *   <li>{@code TenantLoader.load} of every tenant from files already in memory plus one {@code
 *       Directory} of them all: the same validation without the disk and without installing tenants
 *       one at a time;
 *   <li>the first decision's cost for one user per tenant: resolving the identity and compiling its
 *       policy set (the directory compiles lazily, per principal).
 * </ol>
 */
public final class TenantScale {
  /** Held so that its level stays set: one INFO line per installed tenant would time the console, not the loader. */
  private static final java.util.logging.Logger IAM4J_LOG = java.util.logging.Logger.getLogger("io.iam4j");

  private TenantScale() {}

  public static void main(String[] args) throws Exception {
    int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int users = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int policies = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    IAM4J_LOG.setLevel(java.util.logging.Level.WARNING);
    Path root = Files.createTempDirectory("iam4j-tenant-scale");
    try {
      long t0 = System.nanoTime();
      int files = 0;
      for (int t = 0; t < tenants; t++) {
        Map<String, String> tree = tenantFiles(tenantId(t), users, policies);
        files += tree.size();
        write(root.resolve("tenants").resolve(tenantId(t)), tree);
      }
      System.out.printf(Locale.ROOT, "generated %,d tenants x %d users x %d policies: %,d files in %.1f s (not timed)%n", tenants, users,
          policies, files, (System.nanoTime() - t0) / 1e9);

      long before = usedHeapAfterGc();
      long start = System.nanoTime();
      long cpuStart = cpuNanos();
      ConfigStore store = ConfigStore.open(ConfigStore.Settings.of(root));
      double openSeconds = (System.nanoTime() - start) / 1e9;
      double openCpu = (cpuNanos() - cpuStart) / 1e9;
      int loaded = store.directory().tenants().size();
      long after = usedHeapAfterGc();
      long openHeap = (after - before) >> 20;
      System.out.printf(Locale.ROOT, "ConfigStore.open: %,d tenants in %.2f s (%.2f s CPU of the loading thread); heap held after GC: %,d MB"
          + " (max heap %,d MB)%n", loaded, openSeconds, openCpu, openHeap, Runtime.getRuntime().maxMemory() >> 20);
      if (loaded != tenants) {
        throw new IllegalStateException("only " + loaded + " of " + tenants + " tenants loaded: " + store.status().values().stream()
            .filter(s -> !s.lastProblems().isEmpty()).findFirst().orElse(null));
      }

      start = System.nanoTime();
      Directory d = store.directory();
      int compiled = 0;
      for (Tenant t : d.tenants().values()) {
        compiled += d.identity(t.id(), "user/u00", null).policies().statementCount() > 0 ? 1 : 0;
      }
      double firstDecisionMicros = (System.nanoTime() - start) / 1e3 / tenants;
      System.out.printf(Locale.ROOT, "identity + policy-set compile, one user per tenant: %.1f us each (%,d users)%n", firstDecisionMicros,
          compiled);
      store.close();
      store = null;
      d = null;

      Arns arns = Arns.DEFAULT;
      Map<String, ManagedPolicy> provider = ProviderPolicies.load(arns, TenantScale.class.getClassLoader());
      TenantLoader loader = new TenantLoader(arns, provider, new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true)));
      List<Map<String, String>> trees = new ArrayList<>();
      for (int t = 0; t < tenants; t++) {
        trees.add(tenantFiles(tenantId(t), users, policies));
      }
      before = usedHeapAfterGc();
      start = System.nanoTime();
      cpuStart = cpuNanos();
      List<Tenant> all = new ArrayList<>();
      for (int t = 0; t < tenants; t++) {
        all.add(loader.load(tenantId(t), trees.get(t), "tenants/" + tenantId(t) + "/"));
      }
      Directory direct = new Directory(arns, all, provider);
      double loaderSeconds = (System.nanoTime() - start) / 1e9;
      double loaderCpu = (cpuNanos() - cpuStart) / 1e9;
      all = null;
      trees = null;
      after = usedHeapAfterGc();
      System.out.printf(Locale.ROOT, "TenantLoader.load from memory + one Directory: %,d tenants in %.2f s (%.2f s CPU); heap held after GC:"
          + " %,d MB%n", direct.tenants().size(), loaderSeconds, loaderCpu, (after - before) >> 20);
      System.out.printf(Locale.ROOT, "RESULT tenants=%d users=%d policies=%d open_s=%.2f open_cpu_s=%.2f open_heap_mb=%d loader_s=%.2f"
          + " loader_cpu_s=%.2f loader_heap_mb=%d first_decision_us=%.1f%n", tenants, users, policies, openSeconds, openCpu, openHeap,
          loaderSeconds, loaderCpu, (after - before) >> 20, firstDecisionMicros);
    } finally {
      delete(root);
    }
  }

  static String tenantId(int t) {
    return String.format(Locale.ROOT, "t%05d", t);
  }

  /** One tenant's files, relative to its directory. */
  static Map<String, String> tenantFiles(String tenant, int users, int policies) {
    Map<String, String> files = new TreeMap<>();
    files.put("tenant.json", "{\"description\": \"tenant " + tenant + "\", \"rootEnabled\": false}");
    List<String> arns = new ArrayList<>();
    for (int p = 0; p < policies; p++) {
      String bucket = "arn:iam4j:docs::" + tenant + ":bucket/b" + p;
      files.put("policies/P" + p + ".json", """
          {"Version": "2012-10-17", "Statement": [
            {"Sid": "List", "Effect": "Allow", "Action": ["docs:List*", "docs:GetBucket*"], "Resource": "%1$s"},
            {"Sid": "Read", "Effect": "Allow", "Action": "docs:Get*", "Resource": "%1$s/*",
             "Condition": {"StringEquals": {"aws:PrincipalTag/team": "team-%2$d"}}},
            {"Sid": "Home", "Effect": "Allow", "Action": ["docs:PutObject", "docs:DeleteObject"],
             "Resource": "%1$s/home/${aws:username}/*"},
            {"Sid": "NoPolicyChanges", "Effect": "Deny", "Action": "docs:*Policy", "Resource": "*"}
          ]}""".formatted(bucket, p));
      arns.add("\"arn:iam4j:iam::" + tenant + ":policy/P" + p + "\"");
    }
    for (int u = 0; u < users; u++) {
      files.put(String.format(Locale.ROOT, "users/u%02d.json", u), "{\"tags\": {\"team\": \"team-" + (u % policies) + "\"}, "
          + "\"managedPolicies\": [" + String.join(", ", arns) + "]}");
    }
    return files;
  }

  private static void write(Path dir, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
  }

  /** CPU time of this thread: on a shared machine, what the load cost apart from waiting for a core. */
  private static long cpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
