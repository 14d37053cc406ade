package io.iam4j.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.config.ConfigEvent;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.Identity;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.mapping.RuleBasedPrincipalMapper;
import io.iam4j.mapping.TenantResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path an enforcement call can take writes exactly one audit record: the engine's three
 * outcomes (fresh and cached), a failure inside the engine, a deny without the engine (401, unknown
 * caller), an exception while deciding, and a call that forgets to report. Runs a real authorizer
 * over a real configuration tree; the sink is a list, and once the real trail in a temporary directory.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DecisionAuditTest {
  static final String BUCKET = "arn:iam4j:docs::acme:bucket/";
  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-07-01T10:00:00Z"));

  @TempDir Path root;
  ConfigStore store;
  Authorizer authorizer;
  Identity alice;
  final List<AuditEvent> events = new CopyOnWriteArrayList<>();

  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  void put(String path, String content) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @BeforeEach
  void setUp() throws IOException {
    put("tenants/acme/users/alice.json", j("{'inlinePolicies': {'Docs': 'inline/docs.json'}}"));
    put("tenants/acme/inline/docs.json", j("""
        {'Version': '2012-10-17', 'Statement': [
          {'Sid': 'ReadShared', 'Effect': 'Allow', 'Action': 'docs:GetObject', 'Resource': 'arn:iam4j:docs::acme:bucket/shared/*'},
          {'Sid': 'NoDeletes', 'Effect': 'Deny', 'Action': 'docs:DeleteObject', 'Resource': '*'}]}"""));
    store = ConfigStore.open(ConfigStore.Settings.of(root));
    PrincipalMapper mapper = new RuleBasedPrincipalMapper(TenantResolver.fromCallerName('@'), '@', Map.of(), PrincipalMapper.UnknownCaller.DENY);
    // A resource whose policy cannot be read makes the engine fail (and deny).
    authorizer = new Authorizer(store::directory, mapper, (tenant, arn) -> {
      if (arn.endsWith("/broken")) {
        throw new IllegalStateException("the bucket policy store is down");
      }
      return Optional.empty();
    }, new DecisionCache(1000));
    alice = ((Mapping.Mapped) authorizer.map(CallerInfo.of("alice@acme", Set.of()))).identity();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  /** What an enforcement point does: begin, report what happened, close. */
  Authorizer.Result enforce(AuditSink sink, String id, String action, String resource) {
    try (DecisionAudit audit = DecisionAudit.begin(sink, CLOCK, id, "test", "10.0.0.7", action)) {
      audit.principal(alice.caller().display()).tenant(alice.tenant().id()).resource(resource);
      return audit.decide(() -> authorizer.authorize(alice, action, resource, null,
          RequestContext.builder().put("aws:SourceIp", "10.0.0.7").build()));
    }
  }

  AuditEvent.DecisionEvent single() {
    assertEquals(1, events.size(), () -> "records: " + events);
    return (AuditEvent.DecisionEvent) events.get(0);
  }

  @Test
  void allow_oneRecord_withTheAllowingStatement() {
    enforce(events::add, "r1", "docs:GetObject", BUCKET + "shared/a.txt");
    AuditEvent.DecisionEvent d = single();
    assertEquals(Outcome.ALLOW, d.decision());
    assertEquals("ReadShared", d.deciding().get(0).sid());
    assertEquals("arn:iam4j:iam::acme:user/alice", d.principal());
    assertEquals("acme", d.tenant());
    assertEquals("10.0.0.7", d.sourceIp());
    assertEquals("r1", d.requestId());
    assertEquals(store.directory().tenant("acme").orElseThrow().version(), d.configVersion());
    assertFalse(d.cached());
    assertTrue(d.evaluationNanos() > 0);
  }

  @Test
  void explicitDeny_oneRecord_withTheDenyingStatement() {
    enforce(events::add, "r2", "docs:DeleteObject", BUCKET + "shared/a.txt");
    AuditEvent.DecisionEvent d = single();
    assertEquals(Outcome.EXPLICIT_DENY, d.decision());
    assertEquals("NoDeletes", d.deciding().get(0).sid());
  }

  @Test
  void implicitDeny_oneRecord_namingTheLayerWithoutAnAllow() {
    enforce(events::add, "r3", "docs:PutObject", BUCKET + "shared/a.txt");
    AuditEvent.DecisionEvent d = single();
    assertEquals(Outcome.IMPLICIT_DENY, d.decision());
    assertEquals("identity", d.noAllowIn());
    assertTrue(d.deciding().isEmpty());
    assertNull(d.error());
  }

  @Test
  void cachedDecision_oneRecordPerCall_markedCached() {
    enforce(events::add, "r4", "docs:GetObject", BUCKET + "shared/b.txt");
    enforce(events::add, "r5", "docs:GetObject", BUCKET + "shared/b.txt");
    assertEquals(2, events.size());
    assertFalse(((AuditEvent.DecisionEvent) events.get(0)).cached());
    assertTrue(((AuditEvent.DecisionEvent) events.get(1)).cached());
  }

  @Test
  void failureInsideTheEngine_oneDeny_withTheError() {
    Authorizer.Result r = enforce(events::add, "r6", "docs:GetObject", BUCKET + "broken");
    assertFalse(r.decision().allowed());
    AuditEvent.DecisionEvent d = single();
    assertEquals(Outcome.IMPLICIT_DENY, d.decision());
    assertTrue(d.error().contains("the bucket policy store is down"), d.error());
  }

  @Test
  void denyWithoutTheEngine_unauthenticated_oneRecord() {
    try (DecisionAudit audit = DecisionAudit.begin(events::add, CLOCK, "r7", "test", "10.0.0.7", "docs:GetObject")) {
      audit.refuse("Authentication is required");
    }
    AuditEvent.DecisionEvent d = single();
    assertEquals("anonymous", d.principal());
    assertNull(d.tenant());
    assertEquals(Outcome.IMPLICIT_DENY, d.decision());
    assertEquals("Authentication is required", d.error());
  }

  @Test
  void exceptionWhileDeciding_oneRecord_fromTheFailure() {
    assertThrows(IllegalStateException.class, () -> {
      try (DecisionAudit audit = DecisionAudit.begin(events::add, CLOCK, "r8", "test", null, "docs:GetObject")) {
        try {
          audit.principal("bob@acme").decide(() -> {
            throw new IllegalStateException("mapping failed");
          });
        } catch (IllegalStateException e) {
          audit.fail(e);
          throw e;
        }
      }
    });
    AuditEvent.DecisionEvent d = single();
    assertEquals("bob@acme", d.principal());
    assertTrue(d.error().contains("mapping failed"), d.error());
  }

  @Test
  void pathThatForgetsToReport_closeRecordsADeny() {
    try (DecisionAudit audit = DecisionAudit.begin(events::add, CLOCK, "r9", "test", null, "docs:GetObject")) {
      assertFalse(audit.recorded());
    }
    assertEquals(Outcome.IMPLICIT_DENY, single().decision());
    assertNotNull(single().error());
  }

  @Test
  void secondReport_isNotRecorded() {
    try (DecisionAudit audit = DecisionAudit.begin(events::add, CLOCK, "r10", "test", null, "docs:GetObject")) {
      audit.refuse("first");
      audit.fail(new RuntimeException("second"));
      audit.decide(() -> authorizer.authorize(alice, "docs:GetObject", BUCKET + "shared/a.txt", null, RequestContext.empty()));
    }
    assertEquals("first", single().error());
  }

  @Test
  void everyPath_throughTheRealTrail_exactlyOneRecordEach() throws IOException {
    Path dir = root.resolve("audit");
    List<String> ids = new ArrayList<>();
    try (AuditLog log = AuditLog.open(AuditLog.Settings.of(dir, ServerKey.random()))) {
      Function<String, String> id = s -> {
        ids.add(s);
        return s;
      };
      enforce(log, id.apply("allow"), "docs:GetObject", BUCKET + "shared/a.txt");
      enforce(log, id.apply("allow-cached"), "docs:GetObject", BUCKET + "shared/a.txt");
      enforce(log, id.apply("explicit"), "docs:DeleteObject", BUCKET + "shared/a.txt");
      enforce(log, id.apply("implicit"), "docs:PutObject", BUCKET + "shared/a.txt");
      enforce(log, id.apply("engine-failure"), "docs:GetObject", BUCKET + "broken");
      Consumer<Consumer<DecisionAudit>> path = body -> {
        try (DecisionAudit a = DecisionAudit.begin(log, CLOCK, id.apply("path-" + ids.size()), "test", null, "docs:GetObject")) {
          body.accept(a);
        }
      };
      path.accept(a -> a.refuse("Authentication is required"));
      path.accept(a -> a.principal("nobody@acme").refuse("The caller is not known to iam4j"));
      path.accept(a -> a.fail(new IllegalStateException("boom")));
      path.accept(a -> { });
      assertTrue(log.flush(Duration.ofSeconds(10)));
    }
    List<Path> files = AuditFiles.expand(List.of(dir));
    List<AuditQuery.Match> decisions = AuditQuery.run(files, new AuditQuery.Filter(null, null, null, null, null, "decision", null, null));
    assertEquals(ids, decisions.stream().map(m -> m.get("requestId")).toList());
    assertEquals(List.of("Allow", "Allow", "ExplicitDeny", "ImplicitDeny", "ImplicitDeny", "ImplicitDeny", "ImplicitDeny",
        "ImplicitDeny", "ImplicitDeny"), decisions.stream().map(m -> m.get("decision")).toList());
    assertEquals("true", decisions.get(1).get("cached"));
    assertEquals(List.of("identity " + decisionPolicy() + "#NoDeletes"), decisions.get(2).statements());
    assertTrue(AuditVerifier.verify(files, null).ok());
  }

  /** How the engine names alice's inline policy in its deciding statements. */
  String decisionPolicy() {
    return authorizer.authorize(alice, "docs:DeleteObject", BUCKET + "x", null, RequestContext.empty()).decision().deciding().get(0).policy();
  }

  @Test
  void configChange_recordsFilesAndTheArnsTheyDefine() throws IOException {
    put("tenants/acme/users/alice.json", j("{'path': '/staff/', 'inlinePolicies': {'Docs': 'inline/docs.json'}}"));
    put("tenants/acme/users/bob.json", j("{}"));
    put("tenants/acme/policies/Reports.json", j("""
        {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:GetObject', 'Resource': '*'}]}"""));
    List<ConfigEvent> changes = store.reloadTenant("acme", "file reload");
    AuditEvent.ConfigChangeEvent c = AuditEvent.ConfigChangeEvent.of(changes.get(0), store.directory());
    assertEquals("UPDATED", c.change());
    assertEquals("file reload", c.cause());
    assertEquals(c.oldVersion() + 1, c.newVersion());
    assertEquals(List.of("policies/Reports.json", "users/alice.json", "users/bob.json"), c.files());
    assertEquals(List.of("arn:iam4j:iam::acme:policy/Reports", "arn:iam4j:iam::acme:user/staff/alice",
        "arn:iam4j:iam::acme:user/bob"), c.arns());

    put("tenants/acme/users/bob.json", j("{'groups': ['Nope']}"));
    AuditEvent.ConfigChangeEvent failed = AuditEvent.ConfigChangeEvent.of(store.reloadTenant("acme", "file reload").get(0), store.directory());
    assertEquals("FAILED", failed.change());
    assertEquals(failed.oldVersion(), failed.newVersion());
    assertTrue(failed.problems().get(0).startsWith("tenants/acme/users/bob.json:"), failed.problems().toString());

    String line = AuditRecords.event(7, AuditRecords.GENESIS, c);
    assertTrue(line.contains("\"type\":\"config\""), line);
    assertTrue(line.contains("\"arns\":[\"arn:iam4j:iam::acme:policy/Reports\","), line);
  }
}
