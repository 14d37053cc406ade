package io.iam4j.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.iam4j.IamException;
import io.iam4j.config.ConfigConflictException;
import io.iam4j.config.ConfigEvent;
import io.iam4j.config.ConfigStore;
import io.iam4j.config.FileChange;
import io.iam4j.directory.Tenant;
import io.iam4j.signin.SignInThrottle;
import io.iam4j.signin.ThrottleSettings;
import io.iam4j.signin.TotpReplayGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClusterSync} over {@link InMemoryCluster}: several real configuration stores, each on its
 * own directory tree, kept equal by the synchronization logic exactly as in Payara Micro, without a
 * grid.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterSyncTest {
  static final String ALICE = "arn:iam4j:iam::acme:user/alice";

  @TempDir Path dir;
  final InMemoryCluster cluster = new InMemoryCluster();
  final List<Node> nodes = new ArrayList<>();

  /** One server: its tree, its store, its synchronization. */
  final class Node implements AutoCloseable {
    final Path root;
    final ConfigStore store;
    final InMemoryCluster.Member member;
    final ClusterSync sync;
    final List<ConfigEvent> events = new CopyOnWriteArrayList<>();

    Node(String name, int expectedMembers) {
      root = dir.resolve(name);
      if (!Files.isDirectory(root)) {
        seed(root);
      }
      store = ConfigStore.open(ConfigStore.Settings.of(root).withDebounce(Duration.ofMillis(50)));
      store.addListener(events::add);
      store.startWatching();
      member = cluster.join(name);
      sync = new ClusterSync(store, member, new ClusterSync.Settings(expectedMembers, Duration.ofMillis(200), Duration.ofSeconds(5)),
          Clock.systemUTC());
      sync.start();
      nodes.add(this);
    }

    long version(String tenant) {
      return store.directory().tenant(tenant).map(Tenant::version).orElse(0L);
    }

    String fingerprint(String tenant) {
      return store.directory().tenant(tenant).map(Tenant::fingerprint).orElse("");
    }

    Tenant write(String tenant, String path, String content) {
      return store.writer().write(tenant, version(tenant), List.of(FileChange.put(path, content)), ALICE + ": test write");
    }

    @Override
    public void close() {
      sync.close();
      store.close();
    }
  }

  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  static String allow(String action, String resource) {
    return j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': '" + action + "', 'Resource': '" + resource + "'}]}");
  }

  static void seed(Path root) {
    put(root, "acme", "users/alice.json", j("{'inlinePolicies': {'Docs': 'inline/alice.json'}}"));
    put(root, "acme", "inline/alice.json", allow("docs:GetObject", "arn:iam4j:docs::acme:bucket/a/*"));
    put(root, "globex", "users/carol.json", j("{'inlinePolicies': {'Docs': 'inline/carol.json'}}"));
    put(root, "globex", "inline/carol.json", allow("docs:GetObject", "arn:iam4j:docs::globex:bucket/*"));
  }

  static void put(Path root, String tenant, String path, String content) {
    try {
      Path p = root.resolve("tenants").resolve(tenant).resolve(path);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void await(BooleanSupplier condition, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after " + within + " waiting until " + what);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  void inStep(String tenant, Node... ns) {
    Node first = ns[0];
    await(() -> java.util.Arrays.stream(ns).allMatch(n -> n.version(tenant) == first.version(tenant)
        && n.fingerprint(tenant).equals(first.fingerprint(tenant))), Duration.ofSeconds(5), tenant + " equal on every node");
  }

  @AfterEach
  void closeNodes() {
    nodes.forEach(Node::close);
  }

  @Test
  void writeOnOneNode_activeOnEveryOther_atTheSameVersion_writtenToItsFiles_andAuditedWithTheWriter() throws IOException {
    Node a = new Node("a", 3);
    Node b = new Node("b", 3);
    Node c = new Node("c", 3);
    inStep("acme", a, b, c);

    long before = a.version("acme");
    Tenant written = a.write("acme", "inline/alice.json", allow("docs:GetObject", "arn:iam4j:docs::acme:bucket/b/*"));
    assertTrue(written.version() > before);
    long acked = System.nanoTime();
    await(() -> b.version("acme") == written.version() && c.version("acme") == written.version(), Duration.ofSeconds(1),
        "the write is active on b and c within 1 s");
    System.out.printf("in-memory propagation: %.1f ms%n", (System.nanoTime() - acked) / 1e6);
    for (Node n : List.of(b, c)) {
      assertEquals(written.fingerprint(), n.fingerprint("acme"));
      assertEquals(allow("docs:GetObject", "arn:iam4j:docs::acme:bucket/b/*"),
          Files.readString(n.root.resolve("tenants/acme/inline/alice.json")), "written to the node's own files");
      // The listeners hear of a change just after it is active.
      await(() -> n.events.stream().anyMatch(x -> x.tenant().equals("acme") && x.newVersion() == written.version()), Duration.ofSeconds(1),
          "the event of the write");
      ConfigEvent e = n.events.stream().filter(x -> x.tenant().equals("acme") && x.newVersion() == written.version()).findFirst()
          .orElseThrow();
      assertEquals(ALICE, e.actor(), "audited as the writer's change");
      assertTrue(e.cause().contains("replicated from cluster member a"), e.cause());
      assertEquals(List.of("inline/alice.json"), e.changedFiles());
    }
    assertEquals(1, a.version("globex") == b.version("globex") ? 1 : 0, "other tenants untouched");
    assertTrue(c.sync.status().ready());
  }

  @Test
  void fileEditOnOneNode_propagates_aBrokenEdit_isRefusedEverywhere_andTheGoodVersionKeepsServing() {
    Node a = new Node("a", 0);
    Node b = new Node("b", 0);
    put(a.root, "globex", "inline/carol.json", allow("docs:*", "arn:iam4j:docs::globex:bucket/*"));
    await(() -> b.store.directory().tenant("globex").map(t -> t.fingerprint().equals(a.fingerprint("globex"))).orElse(false)
        && a.version("globex") > 1, Duration.ofSeconds(5), "the edit on a's disk reaches b");
    assertEquals(a.version("globex"), b.version("globex"));
    long good = b.version("globex");

    put(a.root, "globex", "users/carol.json", j("{'groups': ['no-such-group']}"));
    await(() -> !a.store.status().get("globex").lastProblems().isEmpty(), Duration.ofSeconds(5), "a refuses the broken edit");
    // Give it every chance to travel: several reconciliations.
    sleep(800);
    assertEquals(good, a.version("globex"), "a keeps its good version");
    assertEquals(good, b.version("globex"), "b never saw the refused change");
    assertEquals(a.fingerprint("globex"), b.fingerprint("globex"));
    assertTrue(b.store.status().get("globex").healthy());
  }

  @Test
  void lateJoiner_withAStaleTree_catchesUpBeforeStartReturns_andOldStatesNeverRevertIt() {
    Node a = new Node("a", 0);
    Node b = new Node("b", 0);
    for (int i = 0; i < 5; i++) {
      a.write("acme", "inline/alice.json", allow("docs:GetObject", "arn:iam4j:docs::acme:bucket/v" + i + "/*"));
    }
    b.write("globex", "inline/carol.json", allow("docs:PutObject", "arn:iam4j:docs::globex:bucket/*"));
    inStep("acme", a, b);

    // A node restarted on an old copy of the tree: versions restart at 1 in its fresh store.
    Node late = new Node("late", 0);
    assertEquals(a.version("acme"), late.version("acme"), "caught up when start() returned");
    assertEquals(a.fingerprint("acme"), late.fingerprint("acme"));
    assertEquals(b.fingerprint("globex"), late.fingerprint("globex"));
    assertTrue(late.sync.status().ready());
    assertEquals(Map.of(), late.sync.status().behind());

    // A late or repeated message with an older version changes nothing.
    long v = late.version("acme");
    late.sync.apply(new TenantState("acme", 2, "old", Map.of("users/alice.json", "{}"), "a", ALICE, 0));
    assertEquals(v, late.version("acme"));
    assertEquals(a.fingerprint("acme"), late.fingerprint("acme"));
  }

  @Test
  void aTenantRemovedOnOneNode_isRemovedEverywhere_andACreatedOneIsCreatedEverywhere() throws IOException {
    Node a = new Node("a", 0);
    Node b = new Node("b", 0);
    a.store.writer().write("initech", -1, List.of(FileChange.put("users/dave.json", j("{}"))), ALICE);
    await(() -> b.version("initech") == a.version("initech") && b.version("initech") > 0, Duration.ofSeconds(5),
        "the new tenant reaches b");
    assertTrue(Files.isRegularFile(b.root.resolve("tenants/initech/users/dave.json")));

    try (var files = Files.walk(a.root.resolve("tenants/globex"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    await(() -> a.store.directory().tenant("globex").isEmpty(), Duration.ofSeconds(5), "a drops globex");
    await(() -> b.store.directory().tenant("globex").isEmpty(), Duration.ofSeconds(5), "b drops globex");
    assertFalse(Files.exists(b.root.resolve("tenants/globex")), "and its files");
    // Removed stays removed: a node joining with the tenant still on its disk does not bring it back.
    Node late = new Node("late", 0);
    assertTrue(late.store.directory().tenant("globex").isEmpty());
    sleep(500);
    assertTrue(a.store.directory().tenant("globex").isEmpty());
  }

  @Test
  void concurrentWritesOnTwoNodes_noAcknowledgedChangeIsLost() throws Exception {
    Node a = new Node("a", 0);
    Node b = new Node("b", 0);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Node n : List.of(a, b)) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 10; i++) {
            // Without an expected version (-1), as a hand-made tool would: serialized by the cluster lock.
            n.store.writer().write("acme", -1, List.of(FileChange.put("inline/" + n.member.self() + i + ".json",
                allow("docs:GetObject", "arn:iam4j:docs::acme:bucket/" + n.member.self() + i + "/*"))), ALICE);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    inStep("acme", a, b);
    for (Node n : List.of(a, b)) {
      for (String who : List.of("a", "b")) {
        for (int i = 0; i < 10; i++) {
          assertTrue(Files.isRegularFile(n.root.resolve("tenants/acme/inline/" + who + i + ".json")), who + i + " on " + n.member.self());
        }
      }
    }
    assertEquals(a.version("acme"), b.version("acme"));
  }

  @Test
  void aWriteBasedOnAVersionAnotherNodeReplaced_isAConflict_notAnOverwrite() {
    Node a = new Node("a", 0);
    Node b = new Node("b", 0);
    long read = b.version("acme");
    a.write("acme", "inline/alice.json", allow("docs:GetObject", "arn:iam4j:docs::acme:bucket/from-a/*"));
    // b writes with the version it read before a's change (whether or not the event arrived yet).
    assertThrows(ConfigConflictException.class, () -> b.store.writer().write("acme", read,
        List.of(FileChange.put("inline/alice.json", allow("docs:GetObject", "arn:iam4j:docs::acme:bucket/from-b/*"))), ALICE));
    inStep("acme", a, b);
    assertTrue(b.store.directory().tenant("acme").orElseThrow().fingerprint().equals(a.fingerprint("acme")));
  }

  @Test
  void aNodeCutOff_keepsItsLastGoodConfiguration_reportsIt_andRefusesWrites() {
    Node a = new Node("a", 3);
    Node b = new Node("b", 3);
    Node c = new Node("c", 3);
    assertEquals(ClusterSync.State.CONNECTED, c.sync.status().state());
    cluster.cutOff(c.member);
    long v = c.version("acme");
    String served = c.fingerprint("acme");

    ClusterSync.Status cut = c.sync.status();
    assertEquals(ClusterSync.State.PARTITIONED, cut.state());
    assertEquals(1, cut.members());
    assertEquals(3, cut.maxMembersSeen());
    IamException refused = assertThrows(IamException.class, () -> c.write("acme", "inline/alice.json", allow("docs:*", "*")));
    assertTrue(refused.getMessage().contains("sees 1 of the cluster's 3 members"), refused.getMessage());
    assertEquals(v, c.version("acme"));
    assertEquals(served, c.fingerprint("acme"), "the last good configuration keeps serving");

    // The majority goes on (degraded, two of three) and c does not see its changes.
    assertEquals(ClusterSync.State.DEGRADED, a.sync.status().state());
    a.write("acme", "inline/alice.json", allow("docs:GetObject", "arn:iam4j:docs::acme:bucket/majority/*"));
    inStep("acme", a, b);
    sleep(400);
    assertEquals(v, c.version("acme"));
  }

  @Test
  void usedTotpSteps_andSignInFailures_areShared() {
    InMemoryCluster.Member a = cluster.join("a");
    InMemoryCluster.Member b = cluster.join("b");
    TotpReplayGuard ga = new TotpReplayGuard(Duration.ofSeconds(90), 100, com.github.benmanes.caffeine.cache.Ticker.systemTicker());
    TotpReplayGuard gb = new TotpReplayGuard(Duration.ofSeconds(90), 100, com.github.benmanes.caffeine.cache.Ticker.systemTicker());
    ga.share(a.counters("totp"));
    gb.share(b.counters("totp"));
    assertTrue(ga.accept("acme/alice/id1", 1000));
    assertFalse(gb.accept("acme/alice/id1", 1000), "the step used on a is refused on b");
    assertFalse(gb.accept("acme/alice/id1", 999), "and an older one");
    assertTrue(gb.accept("acme/alice/id1", 1001));
    assertFalse(ga.accept("acme/alice/id1", 1001), "the step used on b is refused on a");

    ThrottleSettings s = ThrottleSettings.defaults();
    SignInThrottle ta = new SignInThrottle(s);
    SignInThrottle tb = new SignInThrottle(s);
    ta.share(a.counters("throttle"));
    tb.share(b.counters("throttle"));
    Instant now = Instant.now();
    Duration lock = Duration.ZERO;
    // Failures alternate between the nodes: the lock comes after maxFailuresPerUser in total, not per node.
    for (int i = 0; i < s.maxFailuresPerUser(); i++) {
      lock = (i % 2 == 0 ? ta : tb).failure("alice@acme", "10.0.0." + i, now);
    }
    assertTrue(lock.compareTo(Duration.ZERO) > 0, "locked after " + s.maxFailuresPerUser() + " failures over two nodes");
    assertTrue(ta.lockedFor("alice@acme", "10.9.9.9", now).isPresent());
    assertTrue(tb.lockedFor("ALICE@acme", "10.9.9.9", now).isPresent());
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
