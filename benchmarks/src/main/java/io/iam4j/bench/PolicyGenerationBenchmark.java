package io.iam4j.bench;

import io.iam4j.audit.AuditEvent;
import io.iam4j.audit.AuditFiles;
import io.iam4j.audit.AuditLog;
import io.iam4j.audit.TrailActivity;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.CatalogJson;
import io.iam4j.eval.Outcome;
import io.iam4j.generate.Activity;
import io.iam4j.generate.GeneratedPolicy;
import io.iam4j.generate.PolicyGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Policy generation from activity, in its two parts, for a window of {@code requests} allowed
 * requests of one role (20 sessions; 6 catalog actions and 2 outside it; 20 buckets of 500 keys,
 * in two tenants; seeded):
 *
 * <ul>
 *   <li>{@code generate}: {@link PolicyGenerator#generate} on the requests in memory: grouping,
 *       generalizing with the catalog, writing, parsing, linting and replaying every distinct request
 *       against the result;
 *   <li>{@code readTrail}: {@link TrailActivity#read} of the window from an unsigned trail holding
 *       those requests plus as many of another principal (every line is read and parsed).
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PolicyGenerationBenchmark -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PolicyGenerationBenchmark {
  static final String CATALOG = """
      {"Services": [{"Name": "docs",
        "Actions": [
          {"Name": "GetObject", "Resources": [{"Name": "object", "Required": true}]},
          {"Name": "PutObject", "Resources": [{"Name": "object", "Required": true}]},
          {"Name": "DeleteObject", "Resources": [{"Name": "object", "Required": true}]},
          {"Name": "ListObjects", "Resources": [{"Name": "bucket", "Required": true}]},
          {"Name": "GetBucketPolicy", "Resources": [{"Name": "bucket", "Required": true}]},
          {"Name": "ListBuckets", "Resources": []}],
        "Resources": [
          {"Name": "bucket", "ARNFormats": ["arn:iam4j:docs::${Account}:bucket/${Bucket}"]},
          {"Name": "object", "ARNFormats": ["arn:iam4j:docs::${Account}:bucket/${Bucket}/${Key}"]}]}]}
      """;
  static final String[] ACTIONS = {"docs:GetObject", "docs:PutObject", "docs:DeleteObject", "docs:ListObjects", "docs:GetBucketPolicy",
      "docs:ListBuckets", "jobs:RunJob", "jobs:GetJob"};
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  @Param({"1000", "100000"})
  int requests;

  ActionCatalog catalog;
  List<Activity> activity;
  Path dir;
  List<Path> files;
  TrailActivity.Principal role;

  @Setup
  public void setUp() throws IOException {
    catalog = CatalogJson.parse(CATALOG, "benchmark catalog");
    Random r = new Random(42);
    activity = new ArrayList<>(requests);
    for (int i = 0; i < requests; i++) {
      String action = ACTIONS[r.nextInt(ACTIONS.length)];
      String tenant = r.nextInt(10) == 0 ? "globex" : "acme";
      String bucket = "b" + r.nextInt(20);
      String resource = switch (action) {
        case "docs:ListObjects", "docs:GetBucketPolicy" -> "arn:iam4j:docs::" + tenant + ":bucket/" + bucket;
        case "docs:ListBuckets" -> "arn:iam4j:docs::" + tenant + ":bucket/*";
        case "jobs:RunJob", "jobs:GetJob" -> "arn:iam4j:jobs::acme:job/j" + r.nextInt(50);
        default -> "arn:iam4j:docs::" + tenant + ":bucket/" + bucket + "/k" + r.nextInt(500);
      };
      activity.add(new Activity("arn:iam4j:sts::acme:assumed-role/Worker/s" + r.nextInt(20), action, resource, tenant));
    }
    dir = Files.createTempDirectory("iam4j-generate-bench");
    try (AuditLog log = AuditLog.open(AuditLog.Settings.of(dir, null).withMaxFileBytes(64L << 20))) {
      for (int i = 0; i < requests; i++) {
        Activity a = activity.get(i);
        Instant at = T0.plusMillis(i);
        log.record(new AuditEvent.DecisionEvent(at, "r" + i, "rest", "acme", a.principal(), a.action(), a.resource(), a.resourceAccount(),
            Outcome.ALLOW, List.of(), null, null, null, false, 1, 0));
        log.record(new AuditEvent.DecisionEvent(at, "o" + i, "rest", "acme", "arn:iam4j:iam::acme:user/other", a.action(), a.resource(),
            a.resourceAccount(), Outcome.ALLOW, List.of(), null, null, null, false, 1, 0));
        while (log.queueDepth() > 5_000) {
          Thread.onSpinWait();
        }
      }
      log.flush(Duration.ofMinutes(5));
    }
    files = AuditFiles.expand(List.of(dir));
    role = TrailActivity.Principal.parse("arn:iam4j:iam::acme:role/Worker");
    int read = TrailActivity.read(files, role, null, null).allowed().size();
    if (read != requests) {
      throw new IllegalStateException("The trail holds " + read + " of " + requests + " requests (dropped under load?)");
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    try (var s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public GeneratedPolicy generate() {
    return PolicyGenerator.generate(activity, catalog);
  }

  @Benchmark
  public TrailActivity.Result readTrail() throws IOException {
    return TrailActivity.read(files, role, T0, T0.plusMillis(requests));
  }
}
