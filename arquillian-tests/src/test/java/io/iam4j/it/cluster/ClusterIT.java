package io.iam4j.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Three Payara Micro 7 instances with the sample as their root application, clustered over Payara's
 * own Hazelcast on 127.0.0.1 only (TCP/IP member list, no multicast), each on its own copy of the
 * configuration: a revocation acknowledged on one is enforced on the two others within a second
 * (measured), and a node killed and restarted on its stale files catches up before it reports ready.
 *
 * <p>The servers are started here, not by Arquillian (its connector always passes {@code
 * --nocluster}), once for the whole class. Logs: {@code target/cluster/node-X.log}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final Duration START_TIMEOUT = Duration.ofMinutes(4);
  static final int CHANGES = 20;

  final Path work = Path.of(System.getProperty("it.tmp", "target")).resolve("cluster");
  final String clusterName = "iam4j-it-" + ProcessHandle.current().pid();
  final Map<String, PayaraNode> nodes = new TreeMap<>();
  List<String> members;

  record Reply(int status, String body) {}

  static Reply get(URI uri, String authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Reply(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Reply post(URI uri, String form, String authorization) {
    HttpRequest r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(form))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").header("Authorization", authorization).build();
    try {
      HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
      return new Reply(resp.statusCode(), resp.body());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static String basic(String user) {
    String pass = user.substring(0, user.indexOf('@')) + "-Passw0rd!";
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
  }

  static String xml(String body, String element) {
    Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(body);
    assertTrue(m.find(), () -> element + " in " + body);
    return m.group(1);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void await(java.util.function.BooleanSupplier condition, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + within + " waiting until " + what);
      }
      sleep(200);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Starts a node of this class's cluster: three members, on its own configuration copy. */
  void start(PayaraNode n) throws IOException {
    n.start(List.of("-Diam4j.cluster.members=3", "-Diam4j.cluster.name=iam4j-it"), List.of(), members, clusterName);
  }

  @BeforeAll
  void startThreeNodes() throws IOException {
    if (Files.isDirectory(work)) {
      try (Stream<Path> s = Files.walk(work)) {
        s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(work);
    Files.copy(Path.of(System.getProperty("it.war")), work.resolve("ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
    Path config = Path.of(System.getProperty("it.config.dir"));
    List<Integer> hz = List.of(freePort(), freePort(), freePort());
    members = hz.stream().map(p -> "127.0.0.1:" + p).toList();
    int i = 0;
    for (String name : List.of("a", "b", "c")) {
      PayaraNode n = new PayaraNode(work, name, "node-" + name, freePort(), hz.get(i++));
      copy(config, n.dir.resolve("config"));
      nodes.put(name, n);
    }
    // The first member alone, then the two others join it (started together they could form separate clusters).
    long t0 = System.nanoTime();
    start(nodes.get("a"));
    await(nodes.get("a")::isReady, START_TIMEOUT, "node a is ready");
    // Every member seals and opens secrets with the same key: the one the first server generated.
    for (String other : List.of("b", "c")) {
      Files.copy(nodes.get("a").dir.resolve("config/server.key"), nodes.get(other).dir.resolve("config/server.key"),
          StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
    }
    start(nodes.get("b"));
    start(nodes.get("c"));
    await(() -> nodes.get("b").isReady() && nodes.get("c").isReady(), START_TIMEOUT, "nodes b and c are ready");
    await(() -> nodes.values().stream().allMatch(n -> n.members() == 3), Duration.ofSeconds(60),
        "every node sees three members");
    System.out.printf("ClusterIT: three nodes ready and clustered in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  @AfterAll
  void stopNodes() throws InterruptedException {
    PayaraNode.stopAll(nodes.values());
  }

  /** Alice's two keys, made on node a: the first signs her changes, the second is revoked and restored. */
  AwsBasicCredentials signer;
  AwsBasicCredentials revoked;

  static String code(Runnable call) {
    try {
      call.run();
      return "OK";
    } catch (AwsServiceException e) {
      return e.awsErrorDetails().errorCode();
    }
  }

  /** How node {@code n} answers a call signed with the revoked key: OK while active, InvalidClientTokenId once deactivated. */
  String probe(PayaraNode n) {
    try (StsClient sts = n.sts(revoked)) {
      return code(sts::getCallerIdentity);
    }
  }

  @Test
  @Order(1)
  void revokedOnA_refusedOnBAndC_withinOneSecond() {
    PayaraNode a = nodes.get("a");
    PayaraNode b = nodes.get("b");
    PayaraNode c = nodes.get("c");
    for (int k = 0; k < 2; k++) {
      Reply r = post(a.uri().resolve("/iam"), "Action=CreateAccessKey&Version=2010-05-08", basic("alice@acme"));
      assertEquals(200, r.status(), r.body());
      AwsBasicCredentials key = AwsBasicCredentials.create(xml(r.body(), "AccessKeyId"), xml(r.body(), "SecretAccessKey"));
      if (k == 0) {
        signer = key;
      } else {
        revoked = key;
      }
    }
    await(() -> probe(b).equals("OK") && probe(c).equals("OK"), Duration.ofSeconds(5), "the new keys work on b and c");

    List<Long> millis = new ArrayList<>();
    try (IamClient iam = a.iam(signer)) {
      for (int i = 0; i < CHANGES; i++) {
        iam.updateAccessKey(u -> u.accessKeyId(revoked.accessKeyId()).status(StatusType.INACTIVE));
        long acked = System.nanoTime();
        CompletableFuture<Long> onB = CompletableFuture.supplyAsync(() -> until(b, "InvalidClientTokenId", acked));
        CompletableFuture<Long> onC = CompletableFuture.supplyAsync(() -> until(c, "InvalidClientTokenId", acked));
        millis.add(onB.join());
        millis.add(onC.join());
        iam.updateAccessKey(u -> u.accessKeyId(revoked.accessKeyId()).status(StatusType.ACTIVE));
        long restored = System.nanoTime();
        until(b, "OK", restored);
        until(c, "OK", restored);
      }
    }
    List<Long> sorted = millis.stream().sorted().toList();
    long p50 = sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1);
    long p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
    System.out.printf("ClusterIT: key deactivation on a refused on b and c after p50 %d ms, p99 %d ms, max %d ms (%d measurements: %s)%n",
        p50, p99, sorted.get(sorted.size() - 1), sorted.size(), millis);
    assertTrue(p99 <= 1000, "a revocation acknowledged on a is enforced on b and c within 1 s (p99 " + p99 + " ms): " + millis);

    // Every node decides with the same version, and says so.
    long version = a.status().getJsonNumber("version").longValue();
    for (PayaraNode n : nodes.values()) {
      JsonObject s = n.status();
      assertEquals(version, s.getJsonNumber("version").longValue(), n.name + ": " + s);
      assertEquals(version, s.getJsonObject("cluster").getJsonNumber("clusterVersion").longValue(), n.name + ": " + s);
      assertEquals("CONNECTED", s.getJsonObject("cluster").getString("state"), n.name + ": " + s);
      Reply metrics = get(n.uri().resolve("/metrics"), null);
      assertTrue(metrics.body().contains("iam4j_config_version{") && metrics.body().matches("(?s).*iam4j_config_version\\{[^}]*tenant=\"acme\"[^}]*} " + version + "(\\.0)?\\b.*"),
          n.name + " exposes iam4j_config_version for acme = " + version);
    }
  }

  /** The value of an application gauge without tags in a Prometheus text page, or NaN. */
  static double metric(String page, String name) {
    return page.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(Double.NaN);
  }

  /** Polls node {@code n} until the revoked key's probe answers {@code expected}; the milliseconds since {@code from}. */
  long until(PayaraNode n, String expected, long from) {
    return n.until(() -> probe(n), expected, from);
  }

  @Test
  @Order(2)
  void aFileEditedOnB_isEnforcedOnAAndC() throws IOException {
    PayaraNode a = nodes.get("a");
    PayaraNode b = nodes.get("b");
    PayaraNode c = nodes.get("c");
    assertNotNull(revoked, "the first test made the keys");
    Path file = b.dir.resolve("config/tenants/acme/users/alice.json");
    String before = Files.readString(file);
    // The revoked key's entry: its id, then its status.
    String edited = before.replaceFirst("(\"id\": \"" + revoked.accessKeyId() + "\",\\s*\"status\": \")Active\"", "$1Inactive\"");
    assertFalse(edited.equals(before), "the key is Active in b's file: " + before);
    Path tmp = file.resolveSibling(".alice.json.edit");
    Files.writeString(tmp, edited);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    long edit = System.nanoTime();
    CompletableFuture<Long> onA = CompletableFuture.supplyAsync(() -> until(a, "InvalidClientTokenId", edit));
    CompletableFuture<Long> onC = CompletableFuture.supplyAsync(() -> until(c, "InvalidClientTokenId", edit));
    System.out.printf("ClusterIT: a hand edit on b's disk enforced on a after %d ms, on c after %d ms (b's watcher and reload included)%n",
        onA.join(), onC.join());
    assertEquals("InvalidClientTokenId", probe(b));
    try (IamClient iam = a.iam(signer)) {
      iam.updateAccessKey(u -> u.accessKeyId(revoked.accessKeyId()).status(StatusType.ACTIVE));
    }
    long restored = System.nanoTime();
    for (PayaraNode n : nodes.values()) {
      until(n, "OK", restored);
    }
    String after = Files.readString(file);
    assertTrue(Pattern.compile("\"id\": \"" + revoked.accessKeyId() + "\",\\s*\"status\": \"Active\"").matcher(after).find(),
        "the API change on a rewrote b's file: " + after);
  }

  @Test
  @Order(3)
  void signInFailuresSpreadOverTheNodes_lockTheUserOnEveryNode() {
    // Five failures in all (the default iam4j.signin.max-failures.user), never more than two on one node.
    List<String> order = List.of("a", "b", "c", "a", "b");
    String wrong = "Basic " + Base64.getEncoder().encodeToString("erin@acme:not-her-password".getBytes(StandardCharsets.UTF_8));
    for (String name : order) {
      Reply r = get(nodes.get(name).uri().resolve("/iam4j/status"), wrong);
      assertEquals(401, r.status(), name + ": " + r.body());
    }
    // Locked on the node that saw one failure only, even with her right password.
    Reply locked = get(nodes.get("c").uri().resolve("/iam4j/status"), basic("erin@acme"));
    assertEquals(429, locked.status(), "the failures counted on a and b lock erin on c too: " + locked.body());
  }

  @Test
  @Order(4)
  void nodeKilledAndRestarted_catchesUpBeforeItIsReady() throws Exception {
    PayaraNode a = nodes.get("a");
    PayaraNode c = nodes.get("c");
    assertNotNull(revoked, "the first test made the keys");
    c.kill();
    // The others see it go: two of three members, still a majority.
    await(() -> a.members() == 2, Duration.ofSeconds(60), "a sees c leave");
    JsonObject degraded = PayaraNode.check(a.ready(), "iam4j-cluster");
    assertEquals("DEGRADED", degraded.getJsonObject("data").getString("state"), degraded.toString());
    String metrics = get(a.uri().resolve("/metrics"), null).body();
    assertTrue(metric(metrics, "iam4j_cluster_members") == 2 && metric(metrics, "iam4j_cluster_degraded") == 1
        && metric(metrics, "iam4j_cluster_partitioned") == 0, "a's metrics say it sees 2 of 3 members, still a majority");

    // While c is down: the key is deactivated on a (c's files still say Active).
    try (IamClient iam = a.iam(signer)) {
      iam.updateAccessKey(u -> u.accessKeyId(revoked.accessKeyId()).status(StatusType.INACTIVE));
    }
    long version = a.status().getJsonNumber("version").longValue();
    String onDisk = Files.readString(c.dir.resolve("config/tenants/acme/users/alice.json"));
    assertTrue(onDisk.contains(revoked.accessKeyId()) && !onDisk.contains("Inactive"), "c's files are stale: " + onDisk);

    long restart = System.nanoTime();
    start(c);
    // The first time c reports ready, it already decides with the cluster's version.
    await(c::isReady, START_TIMEOUT, "c is ready again");
    System.out.printf("ClusterIT: node c restarted and ready (caught up) in %.1f s%n", (System.nanoTime() - restart) / 1e9);
    assertEquals("InvalidClientTokenId", probe(c), "the key deactivated while c was down is refused by c as soon as it is ready");
    JsonObject s = c.status();
    assertEquals(version, s.getJsonNumber("version").longValue(), s.toString());
    assertFalse(Files.readString(c.dir.resolve("config/tenants/acme/users/alice.json")).equals(onDisk), "c's files were brought up to date");
    await(() -> a.members() == 3, Duration.ofSeconds(60), "a sees c again");
  }
}
