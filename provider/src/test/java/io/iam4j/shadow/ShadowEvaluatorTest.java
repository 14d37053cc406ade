package io.iam4j.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditEvent;
import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.config.ConfigStore;
import io.iam4j.directory.Identity;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow evaluation against a real configuration store and authorizer: the draft is compared on
 * every decision of a principal attaching its policy (through a group, directly, as a boundary),
 * differences are counted and recorded with both answers' statements, and the live answer is the
 * one returned, whatever the draft says or however it fails.
 */
class ShadowEvaluatorTest {
  static final String POLICY = "arn:iam4j:iam::acme:policy/ProjectDocs";
  static final String OBJECT = "arn:iam4j:docs::acme:bucket/projects/plan.txt";
  static final String BUCKET = "arn:iam4j:docs::acme:bucket/projects";

  @TempDir Path root;
  ConfigStore store;
  Authorizer authorizer;
  final List<AuditEvent> trail = Collections.synchronizedList(new ArrayList<>());
  final Map<String, AtomicLong> metrics = new ConcurrentHashMap<>();
  final Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

  static String j(String s) {
    return s.replace('\'', '"');
  }

  void put(String path, String content) throws IOException {
    Path p = root.resolve("tenants/acme").resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, j(content));
  }

  @BeforeEach
  void setUp() throws IOException {
    put("policies/ProjectDocs/policy.json", "{'path': '/', 'description': '', 'defaultVersion': 'v1', 'shadowVersion': 'v2'}");
    // v1 (live) reads and writes; v2 (the draft) reads and lists but no longer writes.
    put("policies/ProjectDocs/v1.json", "{'Version': '2012-10-17', 'Statement': [{'Sid': 'ReadWrite', 'Effect': 'Allow', "
        + "'Action': ['docs:GetObject', 'docs:PutObject'], 'Resource': '" + BUCKET + "/*'}]}");
    put("policies/ProjectDocs/v2.json", "{'Version': '2012-10-17', 'Statement': [{'Sid': 'Read', 'Effect': 'Allow', "
        + "'Action': 'docs:GetObject', 'Resource': '" + BUCKET + "/*'}, {'Sid': 'List', 'Effect': 'Allow', "
        + "'Action': 'docs:ListObjects', 'Resource': '" + BUCKET + "'}]}");
    put("groups/Developers.json", "{'managedPolicies': ['" + POLICY + "']}");
    put("users/bob.json", "{'groups': ['Developers']}");
    put("users/dana.json", "{'inlinePolicies': {'All': 'inline/all.json'}}");
    put("users/carl.json", "{'inlinePolicies': {'All': 'inline/all.json'}, 'permissionsBoundary': '" + POLICY + "'}");
    put("inline/all.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:*', 'Resource': '*'}]}");
    put("roles/Builder.json", "{'trustPolicy': 'trust/builder.json', 'managedPolicies': ['" + POLICY + "']}");
    put("trust/builder.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': "
        + "'arn:iam4j:iam::acme:user/bob'}, 'Action': 'sts:AssumeRole'}]}");
    store = ConfigStore.open(ConfigStore.Settings.of(root));
    authorizer = new Authorizer(store::directory, PrincipalMapper.defaults(), (t, arn) -> Optional.empty(), new DecisionCache(1_000));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  ShadowEvaluator shadow(BiFunction<String, String, Optional<Policy>> resources, java.util.concurrent.Executor executor) {
    ShadowEvaluator s = new ShadowEvaluator(store::directory, resources, trail::add, executor, clock);
    s.addListener((key, result) -> metrics.computeIfAbsent(key.version() + " " + result.tag(), k -> new AtomicLong()).incrementAndGet());
    authorizer.addObserver(s);
    return s;
  }

  ShadowEvaluator shadow() {
    return shadow((t, arn) -> Optional.empty(), Runnable::run);
  }

  Identity user(String name) {
    Mapping m = authorizer.map(CallerInfo.of(name + "@acme", Set.of()));
    return assertInstanceOf(Mapping.Mapped.class, m).identity();
  }

  Authorizer.Result decide(Identity id, String action, String resource) {
    return authorizer.authorize(id, action, resource, null, RequestContext.empty());
  }

  static ShadowKey key() {
    return new ShadowKey("acme", POLICY, "v2", "v1");
  }

  long metric(String name) {
    AtomicLong n = metrics.get(name);
    return n == null ? 0 : n.get();
  }

  @Test
  void differencesCountedAndRecorded_theLiveAnswerIsReturned() {
    ShadowEvaluator s = shadow();
    Identity bob = user("bob");
    Authorizer.Result read = decide(bob, "docs:GetObject", OBJECT);
    Authorizer.Result write = decide(bob, "docs:PutObject", OBJECT);
    Authorizer.Result list = decide(bob, "docs:ListObjects", BUCKET);

    // The draft never decides: the write it would deny is allowed, the listing it would allow is denied.
    assertTrue(read.decision().allowed());
    assertTrue(write.decision().allowed(), "live v1 allows writing; the draft's deny changes nothing");
    assertFalse(list.decision().allowed(), "live v1 does not list; the draft's allow changes nothing");

    ShadowStats.Snapshot r = s.report(key());
    assertEquals(3, r.evaluated());
    assertEquals(1, r.same());
    assertEquals(1, r.newlyDenied());
    assertEquals(1, r.newlyAllowed());
    assertEquals(0, r.failed());
    assertEquals(List.of(1L, 1L, 1L), List.of(metric("v2 same"), metric("v2 newly_denied"), metric("v2 newly_allowed")));

    assertEquals(2, trail.size(), "only differences are recorded: " + trail);
    AuditEvent.ShadowDecisionEvent denied = (AuditEvent.ShadowDecisionEvent) trail.get(0);
    assertEquals("newly_denied", denied.result());
    assertEquals("docs:PutObject", denied.action());
    assertEquals(OBJECT, denied.resource());
    assertEquals("arn:iam4j:iam::acme:user/bob", denied.principal());
    assertEquals(POLICY, denied.policy());
    assertEquals("v2", denied.version());
    assertEquals("v1", denied.liveVersion());
    assertEquals(Outcome.ALLOW, denied.live());
    assertEquals("ReadWrite", denied.liveStatements().get(0).sid());
    assertEquals(POLICY, denied.liveStatements().get(0).policy());
    assertEquals(Outcome.IMPLICIT_DENY, denied.shadow());
    assertTrue(denied.shadowStatements().isEmpty());
    AuditEvent.ShadowDecisionEvent allowed = (AuditEvent.ShadowDecisionEvent) trail.get(1);
    assertEquals("newly_allowed", allowed.result());
    assertEquals(Outcome.IMPLICIT_DENY, allowed.live());
    assertEquals(Outcome.ALLOW, allowed.shadow());
    assertEquals("List", allowed.shadowStatements().get(0).sid());

    assertEquals(2, r.examples().size());
    ShadowExample e = r.examples().get(0);
    assertEquals(ShadowResult.NEWLY_DENIED, e.result());
    assertEquals(List.of(POLICY + "#ReadWrite"), e.liveStatements());
    assertEquals(List.of(), e.shadowStatements());
    assertEquals(List.of(POLICY + "#List"), r.examples().get(1).shadowStatements());
  }

  @Test
  void cachedLiveDecisions_stillCompared() {
    ShadowEvaluator s = shadow();
    Identity bob = user("bob");
    for (int i = 0; i < 5; i++) {
      assertTrue(decide(bob, "docs:PutObject", OBJECT).decision().allowed());
    }
    assertTrue(decide(bob, "docs:PutObject", OBJECT).cached(), "the live decision comes from the cache");
    assertEquals(6, s.report(key()).newlyDenied(), "every request is compared, cached or not");
  }

  @Test
  void boundaryAndDirectAttachment_evaluated_unrelatedPrincipal_not() {
    ShadowEvaluator s = shadow();
    // carl: docs:* inline, capped by the policy as his boundary; the draft boundary drops writing.
    assertTrue(decide(user("carl"), "docs:PutObject", OBJECT).decision().allowed());
    assertEquals(1, s.report(key()).newlyDenied());
    // A session of a role attaching the policy directly.
    Tenant t = store.directory().tenant("acme").orElseThrow();
    Identity session = store.directory().roleSession(t, t.roles().get("Builder"), "build-1", List.of());
    assertTrue(decide(session, "docs:PutObject", OBJECT).decision().allowed());
    assertEquals(2, s.report(key()).newlyDenied());
    // dana does not use the policy: nothing to compare.
    assertTrue(decide(user("dana"), "docs:PutObject", OBJECT).decision().allowed());
    assertEquals(2, s.report(key()).evaluated());
  }

  @Test
  void noShadowConfigured_nothingEvaluated() throws IOException {
    put("policies/ProjectDocs/policy.json", "{'path': '/', 'description': '', 'defaultVersion': 'v1'}");
    store.reload();
    ShadowEvaluator s = shadow();
    assertTrue(decide(user("bob"), "docs:PutObject", OBJECT).decision().allowed());
    assertEquals(0, s.report(key()).evaluated());
    assertTrue(trail.isEmpty());
  }

  @Test
  void failingShadowEvaluation_countedAndLogged_liveAnswerUnchanged() {
    ShadowEvaluator s = shadow((t, arn) -> {
      throw new IllegalStateException("resource policy store down");
    }, Runnable::run);
    Identity bob = user("bob");
    Authorizer.Result write = decide(bob, "docs:PutObject", OBJECT);
    Authorizer.Result denied = decide(bob, "docs:DeleteObject", OBJECT);
    assertTrue(write.decision().allowed(), "a failing shadow never denies the real request");
    assertEquals(null, write.decision().error());
    assertFalse(denied.decision().allowed());
    assertEquals(Outcome.IMPLICIT_DENY, denied.decision().outcome(), "nor allows one");
    ShadowStats.Snapshot r = s.report(key());
    assertEquals(2, r.failed());
    assertEquals(0, r.evaluated());
    assertEquals(2, metric("v2 failed"));
    assertTrue(trail.isEmpty());
  }

  @Test
  void fullQueue_dropsAndCounts_neverWaits() throws Exception {
    ShadowQueue executor = ShadowEvaluator.boundedExecutor(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    try {
      // The shadow thread is held by another task, and the queue of one is then filled by the first request.
      executor.execute(() -> {
        busy.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertTrue(busy.await(5, TimeUnit.SECONDS));
      ShadowEvaluator s = shadow((t, arn) -> Optional.empty(), executor);
      Identity bob = user("bob");
      long started = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        assertTrue(decide(bob, "docs:PutObject", OBJECT).decision().allowed());
      }
      assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "requests never wait for the shadow thread");
      assertEquals(4, s.report(key()).dropped());
      assertEquals(4, metric("v2 dropped"));
      assertEquals(1, s.queueDepth());
      release.countDown();
      for (int i = 0; i < 100 && s.report(key()).newlyDenied() == 0; i++) {
        Thread.sleep(50);
      }
      assertEquals(1, s.report(key()).newlyDenied(), "the queued comparison ran");
      assertEquals(0, s.queueDepth());
    } finally {
      release.countDown();
      executor.close();
      assertTrue(executor.awaitTermination(5_000));
    }
  }

  @Test
  void observerCannotThrowIntoTheDecision() {
    ShadowEvaluator s = shadow((t, arn) -> Optional.empty(), r -> {
      throw new IllegalStateException("executor broken");
    });
    assertTrue(decide(user("bob"), "docs:PutObject", OBJECT).decision().allowed());
    assertEquals(0, s.report(key()).evaluated());
  }

  @Test
  void examplesBounded_newestKept() {
    ShadowEvaluator s = shadow();
    Identity bob = user("bob");
    for (int i = 0; i < ShadowStats.MAX_EXAMPLES + 5; i++) {
      decide(bob, "docs:PutObject", BUCKET + "/file-" + i);
    }
    ShadowStats.Snapshot r = s.report(key());
    assertEquals(ShadowStats.MAX_EXAMPLES + 5, r.newlyDenied());
    assertEquals(ShadowStats.MAX_EXAMPLES, r.examples().size());
    assertEquals(BUCKET + "/file-" + (ShadowStats.MAX_EXAMPLES + 4), r.examples().get(ShadowStats.MAX_EXAMPLES - 1).resource());
  }

  @Test
  void promotedDraft_isLive_andNoLongerShadowed() {
    ShadowEvaluator s = shadow();
    store.writer().setDefaultPolicyVersion("acme", "ProjectDocs", "v2", "test: promote");
    assertEquals(null, store.directory().tenant("acme").orElseThrow().policies().get(POLICY).shadowVersionId(), "promotion ends the shadow");
    assertFalse(decide(user("bob"), "docs:PutObject", OBJECT).decision().allowed(), "the promoted version decides");
    assertEquals(0, s.report(key()).evaluated());
    assertEquals(0, s.report(new ShadowKey("acme", POLICY, "v2", "v2")).evaluated());
  }

  @Test
  void shadowQueue_runsInOrder_boundedAndClosed() throws Exception {
    ShadowQueue q = new ShadowQueue(2);
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch hold = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    try {
      assertTrue(q.offer(() -> {
        started.countDown();
        try {
          hold.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      assertTrue(started.await(5, TimeUnit.SECONDS));
      assertTrue(q.offer(() -> ran.add(1)));
      assertTrue(q.offer(() -> ran.add(2)));
      assertFalse(q.offer(() -> ran.add(3)), "full: refused at once");
      assertEquals(2, q.depth());
      hold.countDown();
      for (int i = 0; i < 100 && ran.size() < 2; i++) {
        Thread.sleep(20);
      }
      assertEquals(List.of(1, 2), ran);
      // Idle, then woken by the next task (not by the safety-net timeout alone).
      Thread.sleep(20);
      long before = System.nanoTime();
      assertTrue(q.offer(() -> ran.add(4)));
      for (int i = 0; i < 100 && ran.size() < 3; i++) {
        Thread.sleep(1);
      }
      assertEquals(List.of(1, 2, 4), ran);
      assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(5));
    } finally {
      hold.countDown();
      q.close();
    }
    assertTrue(q.awaitTermination(5_000));
    assertFalse(q.offer(() -> ran.add(5)), "closed: refused");
  }
}
