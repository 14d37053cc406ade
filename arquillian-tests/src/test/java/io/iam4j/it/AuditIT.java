package io.iam4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditFiles;
import io.iam4j.audit.AuditQuery;
import io.iam4j.audit.AuditVerifier;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What operators and auditors see of the sample app in a real Payara Micro: the audit trail
 * (decisions with their deciding statements, configuration changes), {@code /health/ready} and
 * {@code /health/live}, and {@code /metrics}. Independent of other test classes and of its own
 * order: records are found by the request ids the tests send, metrics are compared before and after,
 * and the file it breaks is restored before the test ends.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AuditIT {
  private static final Logger LOG = Logger.getLogger(AuditIT.class.getName());
  private static final Path CONFIG = Path.of(System.getProperty("it.config.dir"));
  /** The default trail directory, {@code ${java.io.tmpdir}/iam4j-audit}: the server runs with java.io.tmpdir=it.tmp. */
  private static final Path TRAIL = Path.of(System.getProperty("it.tmp"), "iam4j-audit");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final String PLAN = "/api/tenants/acme/buckets/projects/objects/plan.txt";

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ShrinkWrap.create(ZipImporter.class, "docs.war").importFrom(new File(System.getProperty("it.war"))).as(WebArchive.class);
  }

  record Reply(int status, String body) {
    JsonObject json() {
      return Json.createReader(new StringReader(body)).readObject();
    }
  }

  private URI app(String path) {
    return URI.create("http://127.0.0.1:" + base.getPort() + base.getPath().replaceAll("/$", "") + path);
  }

  /** Payara's own endpoints (/health, /metrics) are on the same port, outside the application's context root. */
  private URI server(String path) {
    return URI.create("http://127.0.0.1:" + base.getPort() + path);
  }

  private Reply send(URI uri, String method, String user, String requestId) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
          .method(method, method.equals("PUT") ? HttpRequest.BodyPublishers.ofString("x") : HttpRequest.BodyPublishers.noBody());
      if (user != null) {
        String pass = user.substring(0, user.indexOf('@')) + "-Passw0rd!";
        b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8)));
      }
      if (requestId != null) {
        b.header("X-Request-Id", requestId);
      }
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Reply reply = new Reply(r.statusCode(), r.body());
      LOG.fine(() -> method + " " + uri + " as " + user + " -> " + reply);
      return reply;
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(method + " " + uri + ": " + e, e);
    }
  }

  private static void assertStatus(int expected, Reply r) {
    assertEquals(expected, r.status(), () -> "last response: " + r);
  }

  private static <T> T await(Supplier<T> call, Predicate<T> done) throws InterruptedException {
    T r = call.get();
    for (int i = 0; i < 100 && !done.test(r); i++) {
      Thread.sleep(200);
      r = call.get();
    }
    return r;
  }

  /** The trail's record for one request id (written asynchronously: waits for it), or null. */
  private static AuditQuery.Match record(String requestId) throws InterruptedException {
    return await(() -> records(AuditQuery.Filter.ALL).stream().filter(m -> requestId.equals(m.get("requestId"))).findFirst().orElse(null),
        m -> m != null);
  }

  private static List<AuditQuery.Match> records(AuditQuery.Filter filter) {
    try {
      return Files.isDirectory(TRAIL) ? AuditQuery.run(AuditFiles.expand(List.of(TRAIL)), filter) : List.of();
    } catch (IOException e) {
      throw new AssertionError("Cannot read the trail in " + TRAIL + ": " + e, e);
    }
  }

  private static String id() {
    return "audit-it-" + UUID.randomUUID();
  }

  @Test
  void deniedRequest_isInTheTrail_withItsDecidingStatement() throws Exception {
    String explicit = id();
    assertStatus(403, send(app(PLAN), "DELETE", "alice@acme", explicit));
    AuditQuery.Match m = record(explicit);
    assertNotNull(m, "no record with requestId " + explicit + " in " + TRAIL);
    assertEquals("decision", m.get("type"));
    assertEquals("ExplicitDeny", m.get("decision"));
    assertEquals("arn:iam4j:iam::acme:user/alice", m.get("principal"));
    assertEquals("docs:DeleteObject", m.get("action"));
    assertEquals("arn:iam4j:docs::acme:bucket/projects/plan.txt", m.get("resource"));
    assertEquals("acme", m.get("tenant"));
    assertEquals(List.of("guardrail arn:iam4j:iam::acme:guardrail/require-mfa-for-deletes#DeletesRequireMfa"), m.statements());
    assertEquals("127.0.0.1", m.get("sourceIp"));
    assertEquals("rest", m.get("via"));
    assertTrue(Long.parseLong(m.get("configVersion")) > 0, m.json());

    String implicit = id();
    assertStatus(403, send(app("/api/tenants/acme/buckets/projects/objects/audit-it.txt"), "PUT", "dave@acme", implicit));
    AuditQuery.Match d = record(implicit);
    assertEquals("ImplicitDeny", d.get("decision"));
    assertEquals("identity", d.get("noAllowIn"));
    assertNull(d.get("error"));

    // The trail around these records is intact.
    AuditVerifier.Report report = AuditVerifier.verify(List.of(d.file()), null);
    assertTrue(report.ok(), () -> report.findings().toString());
  }

  @Test
  void everyOutcome_isOneRecord_allowsCachedAnd401sToo() throws Exception {
    String first = id();
    String second = id();
    assertStatus(200, send(app(PLAN), "GET", "alice@acme", first));
    assertStatus(200, send(app(PLAN), "GET", "alice@acme", second));
    AuditQuery.Match allow = record(second);
    assertEquals("Allow", allow.get("decision"));
    assertEquals("true", allow.get("cached"), "the same request again comes from the decision cache");
    assertFalse(allow.statements().isEmpty());

    String anonymous = id();
    assertStatus(401, send(app(PLAN), "GET", null, anonymous));
    AuditQuery.Match a = record(anonymous);
    assertEquals("anonymous", a.get("principal"));
    assertEquals("ImplicitDeny", a.get("decision"));
    assertEquals("Authentication is required", a.get("error"));

    String cdi = id();
    assertStatus(403, send(app("/api/tenants/acme/report-summary/2026"), "GET", "alice@acme", cdi));
    assertEquals("cdi", record(cdi).get("via"));

    for (String id : List.of(first, second, anonymous, cdi)) {
      assertEquals(1, records(AuditQuery.Filter.ALL).stream().filter(m -> id.equals(m.get("requestId"))).count(), id);
    }
  }

  private Reply ready() {
    return send(server("/health/ready"), "GET", null, null);
  }

  private static JsonObject check(Reply health, String name) {
    return health.json().getJsonArray("checks").stream().map(v -> v.asJsonObject())
        .filter(c -> name.equals(c.getString("name"))).findFirst().orElseThrow(() -> new AssertionError("no check " + name + ": " + health));
  }

  @Test
  void brokenTenantFile_keepsReadiness_detailsOnlyForAuthorizedCallers() throws Exception {
    assertStatus(200, await(this::ready, r -> r.status() == 200));
    assertEquals("UP", check(ready(), "iam4j-configuration").getString("status"));
    Path bob = CONFIG.resolve("tenants/acme/users/bob.json");
    String original = Files.readString(bob);
    Instant broken = Instant.now();
    Files.writeString(bob, "{\"groups\": [\"NoSuchGroup\"]}");
    try {
      // A refused edit while the previous version serves is not unreadiness; it is data and a metric.
      assertEquals(1.0, awaitMetric("iam4j_config_refused", 1.0));
      Reply ready = ready();
      assertStatus(200, ready);
      JsonObject c = check(ready, "iam4j-configuration");
      assertEquals("UP", c.getString("status"));
      assertTrue(!c.containsKey("data") || c.getJsonObject("data").isEmpty(), "unauthenticated health says UP or DOWN only: " + c);
      assertFalse(ready.body().contains("acme") || ready.body().contains("bob.json"), ready.body());
      // carol (SysAdmins) may read her tenant's status; it names the file and the problem.
      Reply status = send(app("/iam4j/status"), "GET", "carol@acme", null);
      assertStatus(200, status);
      JsonObject problem = status.json().getJsonArray("lastProblems").getJsonObject(0);
      assertEquals("tenants/acme/users/bob.json", problem.getString("file"));
      assertTrue(problem.getString("message").contains("No group \"NoSuchGroup\""), status.body());
      assertTrue(status.json().getBoolean("serving"));
      // Not for dave (ReadOnly), not for anonymous callers, and never another tenant's.
      assertStatus(403, send(app("/iam4j/status"), "GET", "dave@acme", null));
      assertStatus(401, send(app("/iam4j/status"), "GET", null, null));
      Reply globex = send(app("/iam4j/status"), "GET", "hank@globex", null);
      assertFalse(globex.body().contains("bob.json"), globex.body());
      // The old configuration still decides, and the refusal is on the trail.
      assertStatus(200, send(app(PLAN), "GET", "alice@acme", null));
      List<AuditQuery.Match> refused = await(() -> records(new AuditQuery.Filter(null, null, null, null, "acme", "config", broken, null))
          .stream().filter(m -> "FAILED".equals(m.get("change"))).toList(), l -> !l.isEmpty());
      assertFalse(refused.isEmpty(), "no FAILED configuration record for acme since " + broken);
      assertTrue(refused.get(0).list("problems").get(0).startsWith("tenants/acme/users/bob.json:"), refused.get(0).json());
    } finally {
      Files.writeString(bob, original);
    }
    assertEquals(0.0, awaitMetric("iam4j_config_refused", 0.0));
  }

  private double awaitMetric(String name, double wanted) throws InterruptedException {
    double v = metric(name);
    for (int i = 0; i < 100 && v != wanted; i++) {
      Thread.sleep(200);
      v = metric(name);
    }
    return v;
  }

  @Test
  void liveness_auditWriterRuns_withoutDetails() {
    Reply live = send(server("/health/live"), "GET", null, null);
    assertStatus(200, live);
    JsonObject c = check(live, "iam4j-audit");
    assertEquals("UP", c.getString("status"));
    assertFalse(live.body().contains("iam4j-audit-"), "no file names for anonymous callers: " + live.body());
  }

  /** The value of the first sample of {@code name} whose labels include all of {@code labels} (0 when none). */
  private double metric(String name, String... labels) {
    Reply r = send(server("/metrics"), "GET", null, null);
    assertStatus(200, r);
    return r.body().lines()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> List.of(labels).stream().allMatch(l::contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst().orElse(0);
  }

  @Test
  void metrics_moveWithTraffic() throws Exception {
    send(app(PLAN), "GET", "alice@acme", null); // warm: this decision is cached from now on
    double allows = metric("iam4j_decisions_total", "outcome=\"Allow\"", "tenant=\"acme\"");
    double denies = metric("iam4j_decisions_total", "outcome=\"ImplicitDeny\"", "tenant=\"acme\"");
    double hits = metric("iam4j_cache_hits");
    double timed = metric("iam4j_decision_time_seconds_count", "cache=\"hit\"");
    for (int i = 0; i < 3; i++) {
      assertStatus(200, send(app(PLAN), "GET", "alice@acme", null));
    }
    assertStatus(403, send(app("/api/tenants/acme/buckets/projects/objects/audit-it.txt"), "PUT", "dave@acme", null));
    assertTrue(metric("iam4j_decisions_total", "outcome=\"Allow\"", "tenant=\"acme\"") >= allows + 3);
    assertTrue(metric("iam4j_decisions_total", "outcome=\"ImplicitDeny\"", "tenant=\"acme\"") >= denies + 1);
    assertTrue(metric("iam4j_cache_hits") >= hits + 3);
    assertTrue(metric("iam4j_decision_time_seconds_count", "cache=\"hit\"") >= timed + 3);
    assertTrue(metric("iam4j_cache_size") >= 1);
    assertTrue(metric("iam4j_config_tenants") >= 2);
    double written = metric("iam4j_audit_written");
    assertTrue(await(() -> metric("iam4j_audit_written"), w -> w > 0) > 0, "audit records written: " + written);
    assertEquals(0, metric("iam4j_audit_dropped"));
  }
}
