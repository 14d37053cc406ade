package io.iam4j.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small, bounded HTTP load generator for {@code bin/load-test}: sends GET requests with one
 * Authorization header ({@code --basic user:password} or {@code --bearer TOKEN}) to each target in
 * turn from a fixed number of threads, each phase bounded in time and in requests, and prints
 * requests/s and latency percentiles per target and the throughput ratio of the first target to the
 * second. Loopback only: any other host is refused.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.iam4j.bench.LoadGenerator --base http://127.0.0.1:8080 \
 *     --basic 'alice@acme:alice-Passw0rd!' --seconds 20 --max-requests 200000 --threads 4 \
 *     secured=/api/tenants/acme/buckets/projects/objects/plan.txt unsecured=/api/whoami
 * </pre>
 *
 * <p>The targets are measured alternately (A, B, A, B, each half the time) after a warm-up of both,
 * so that drift on a shared machine hits both alike.
 */
public final class LoadGenerator {
  private static String authorizationHeader;

  private LoadGenerator() {}

  /** One target's measurements. */
  private static final class Stats {
    final String name;
    final String path;
    long requests;
    long errors;
    long nanos;
    final List<long[]> latencies = new ArrayList<>();
    final Map<Integer, Long> statuses = new LinkedHashMap<>();

    Stats(String name, String path) {
      this.name = name;
      this.path = path;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>();
    List<String[]> targets = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        opt.put(args[i].substring(2), args[++i]);
      } else {
        String[] t = args[i].split("=", 2);
        targets.add(t.length == 2 ? t : new String[] {t[0], t[0]});
      }
    }
    URI base = URI.create(opt.getOrDefault("base", "http://127.0.0.1:8080"));
    if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
      throw new IllegalArgumentException("Loopback only: " + base.getHost() + " is not a loopback address");
    }
    int seconds = Integer.parseInt(opt.getOrDefault("seconds", "20"));
    int warmup = Integer.parseInt(opt.getOrDefault("warmup", "5"));
    long maxRequests = Long.parseLong(opt.getOrDefault("max-requests", "200000"));
    int threads = Integer.parseInt(opt.getOrDefault("threads", "4"));
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("Name at least one target: NAME=/path");
    }

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    authorizationHeader = authorization(opt);

    List<Stats> stats = new ArrayList<>();
    for (String[] t : targets) {
      Stats s = new Stats(t[0], t[1]);
      stats.add(s);
      HttpResponse<String> probe = client.send(get(base, s.path), HttpResponse.BodyHandlers.ofString());
      System.out.printf(Locale.ROOT, "%s: GET %s -> %d%n", s.name, s.path, probe.statusCode());
    }
    for (Stats s : stats) {
      phase(client, base, s, threads, warmup * 1000L, maxRequests / 4, false);
    }
    for (int round = 0; round < 2; round++) {
      for (Stats s : stats) {
        phase(client, base, s, threads, seconds * 500L, maxRequests / 2, true);
      }
    }
    double first = 0;
    for (Stats s : stats) {
      long[] all = s.latencies.stream().flatMapToLong(Arrays::stream).toArray();
      Arrays.sort(all);
      double rps = s.requests / (s.nanos / 1e9);
      if (first == 0) {
        first = rps;
      }
      System.out.printf(Locale.ROOT, "RESULT %-10s %,8d requests in %.1f s: %,9.0f req/s  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms"
          + "  errors %d  statuses %s  (%s)%n", s.name, s.requests, s.nanos / 1e9, rps, pct(all, 50), pct(all, 90), pct(all, 99),
          all.length == 0 ? 0 : all[all.length - 1] / 1e6, s.errors, s.statuses, s.path);
    }
    if (stats.size() >= 2) {
      Stats a = stats.get(0);
      Stats b = stats.get(1);
      System.out.printf(Locale.ROOT, "RESULT ratio %s/%s throughput: %.1f %%%n", a.name, b.name,
          100.0 * (a.requests / (a.nanos / 1e9)) / (b.requests / (b.nanos / 1e9)));
    }
  }

  /** The Authorization header every request carries: BASIC for {@code --basic user:password}, else the bearer token. */
  private static String authorization(Map<String, String> opt) {
    if (opt.containsKey("basic")) {
      return "Basic " + Base64.getEncoder().encodeToString(opt.get("basic").getBytes(StandardCharsets.UTF_8));
    }
    if (opt.containsKey("bearer")) {
      return "Bearer " + opt.get("bearer");
    }
    return null;
  }

  private static HttpRequest get(URI base, String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
    if (authorizationHeader != null) {
      b.header("Authorization", authorizationHeader);
    }
    return b.build();
  }

  /** Runs one phase: {@code threads} workers until {@code millis} pass or {@code max} requests are sent. */
  private static void phase(HttpClient client, URI base, Stats s, int threads, long millis, long max, boolean record)
      throws InterruptedException {
    HttpRequest request = get(base, s.path);
    AtomicLong budget = new AtomicLong(max);
    long deadline = System.nanoTime() + millis * 1_000_000L;
    CountDownLatch done = new CountDownLatch(threads);
    long[][] lat = new long[threads][];
    long[] counts = new long[threads];
    long[] errors = new long[threads];
    List<Map<Integer, Long>> statuses = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Map<Integer, Long> st = new LinkedHashMap<>();
      statuses.add(st);
      lat[t] = new long[(int) Math.min(max, 2_000_000)];
      Thread w = new Thread(() -> {
        try {
          while (System.nanoTime() < deadline && budget.decrementAndGet() >= 0) {
            long t0 = System.nanoTime();
            int status;
            try {
              status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
              status = -1;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            long took = System.nanoTime() - t0;
            if (counts[id] < lat[id].length) {
              lat[id][(int) counts[id]] = took;
            }
            counts[id]++;
            if (status < 200 || status >= 300) {
              errors[id]++;
            }
            st.merge(status, 1L, Long::sum);
          }
        } finally {
          done.countDown();
        }
      }, "load-" + s.name + "-" + t);
      w.setDaemon(true);
      w.start();
    }
    done.await();
    long elapsed = System.nanoTime() - start;
    if (!record) {
      return;
    }
    s.nanos += elapsed;
    for (int t = 0; t < threads; t++) {
      s.requests += counts[t];
      s.errors += errors[t];
      s.latencies.add(Arrays.copyOf(lat[t], (int) Math.min(counts[t], lat[t].length)));
      statuses.get(t).forEach((k, v) -> s.statuses.merge(k, v, Long::sum));
    }
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
