package io.iam4j.it.aws;

import static io.iam4j.it.aws.AwsIt.post;
import static io.iam4j.it.aws.AwsIt.sleep;
import static io.iam4j.it.aws.AwsIt.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditFiles;
import io.iam4j.audit.AuditQuery;
import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shadow evaluation over real HTTP against the sample on Payara Micro: a draft of the sample's
 * {@code ProjectDocsAccess} without {@code docs:PutObject} is put in shadow; bob (a Developer, the
 * policy attached through his group) keeps writing (the live v2 decides), while {@code
 * GetPolicyVersionShadow}, the metrics and the audit trail show each write as newly denied by the
 * draft; promoting the draft makes the next write a 403.
 *
 * <p>{@code it-shadow} (every iam: action, no MFA condition) exists only during this class; the
 * policy's files are restored after it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PolicyShadowIT {
  static final Path CONFIG = Path.of(System.getProperty("it.config.dir"));
  static final Path ACME = CONFIG.resolve("tenants/acme");
  static final Path TRAIL = Path.of(System.getProperty("it.tmp"), "iam4j-audit");
  static final String POLICY = "arn:iam4j:iam::acme:policy/ProjectDocsAccess";
  static final String OBJECT = "/api/tenants/acme/buckets/projects/objects/shadow-it.txt";
  static final String OBJECT_ARN = "arn:iam4j:docs::acme:bucket/projects/shadow-it.txt";
  static final String META = "policies/ProjectDocsAccess/policy.json";
  static final String DRAFT = "{\"Version\": \"2012-10-17\", \"Statement\": ["
      + "{\"Sid\": \"ListAllBuckets\", \"Effect\": \"Allow\", \"Action\": \"docs:ListBuckets\", \"Resource\": \"*\"},"
      + "{\"Sid\": \"ListProjects\", \"Effect\": \"Allow\", \"Action\": \"docs:ListObjects\", \"Resource\": \"arn:iam4j:docs::acme:bucket/projects\"},"
      + "{\"Sid\": \"ReadDeleteProjectObjects\", \"Effect\": \"Allow\", \"Action\": [\"docs:GetObject\", \"docs:DeleteObject\"],"
      + " \"Resource\": \"arn:iam4j:docs::acme:bucket/projects/*\"}]}";
  static final List<String> OWN_FILES = List.of("users/it-shadow.json", "inline/it-shadow.json");
  static String originalMeta;

  @ArquillianResource URL base;
  URI endpoint;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return AwsIt.rootWar();
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static final String ADMIN = basic("it-shadow@acme", "alice-Passw0rd!");
  static final String BOB = basic("bob@acme", "bob-Passw0rd!");

  @BeforeEach
  void admin() throws IOException {
    endpoint = AwsIt.endpoint(base);
    if (originalMeta == null) {
      originalMeta = Files.readString(ACME.resolve(META));
    }
    if (Files.exists(ACME.resolve("users/it-shadow.json"))) {
      return;
    }
    String hash = Json.createReader(new StringReader(Files.readString(ACME.resolve("users/alice.json")))).readObject().getString("passwordHash");
    Files.writeString(ACME.resolve("inline/it-shadow.json"),
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:*\", \"Resource\": \"*\"}]}");
    Files.writeString(ACME.resolve("users/it-shadow.json"), "{\"passwordHash\": \"" + hash + "\", \"inlinePolicies\": {\"All\": \"inline/it-shadow.json\"}}");
    AwsIt.Reply r = await(() -> iam("GetUser"), x -> x.status() == 200);
    assertEquals(200, r.status(), "it-shadow signs in: " + r.body());
  }

  @AfterAll
  static void restore() throws IOException {
    if (originalMeta != null) {
      // The default and the shadow back to the sample's, then the draft's file goes.
      Files.writeString(ACME.resolve(META), originalMeta);
      sleep(1500);
      Files.deleteIfExists(ACME.resolve("policies/ProjectDocsAccess/v3.json"));
    }
    for (String f : OWN_FILES) {
      Files.deleteIfExists(ACME.resolve(f));
    }
  }

  /** An IAM API call by it-shadow (BASIC), retried while a file edit is being reloaded. */
  AwsIt.Reply iam(String action, String... pairs) {
    StringBuilder form = new StringBuilder("Action=" + action + "&Version=2010-05-08");
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      form.append('&').append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    AwsIt.Reply r = post(endpoint, "/iam", form.toString(), "Authorization", ADMIN);
    for (int i = 0; i < 50 && r.status() == 409 && r.body().contains("ConcurrentModification"); i++) {
      sleep(100);
      r = post(endpoint, "/iam", form.toString(), "Authorization", ADMIN);
    }
    return r;
  }

  int putAsBob(String body) {
    try {
      return AwsIt.HTTP.send(HttpRequest.newBuilder(endpoint.resolve(OBJECT)).timeout(Duration.ofSeconds(30))
          .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Authorization", BOB).header("Content-Type", "text/plain").build(),
          HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  int getAsBob() {
    try {
      return AwsIt.HTTP.send(HttpRequest.newBuilder(endpoint.resolve(OBJECT)).timeout(Duration.ofSeconds(30)).GET()
          .header("Authorization", BOB).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static <T> T await(Supplier<T> call, java.util.function.Predicate<T> done) {
    T r = call.get();
    for (int i = 0; i < 100 && !done.test(r); i++) {
      sleep(100);
      r = call.get();
    }
    return r;
  }

  /** The value of the first sample of {@code name} whose labels include all of {@code labels} (0 when none). */
  double metric(String name, String... labels) {
    try {
      String body = AwsIt.HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/metrics")).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return body.lines().filter(l -> l.startsWith(name + "{")).filter(l -> List.of(labels).stream().allMatch(l::contains))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void draftInShadow_neverDecides_differencesCounted_promotionMakesItDecide() throws IOException {
    // The trail outlives a server (target/iam4j-audit): only this run's records count.
    java.time.Instant since = java.time.Instant.now().minusSeconds(1);
    AwsIt.Reply created = iam("CreatePolicyVersion", "PolicyArn", POLICY, "PolicyDocument", DRAFT, "SetAsDefault", "false");
    assertEquals(200, created.status(), created.body());
    String draft = xml(created.body(), "VersionId");
    assertEquals("false", xml(created.body(), "IsDefaultVersion"));

    AwsIt.Reply refused = iam("StartPolicyVersionShadow", "PolicyArn", POLICY, "VersionId", "v2");
    assertEquals(400, refused.status(), "the default cannot shadow itself: " + refused.body());
    assertEquals("InvalidInput", xml(refused.body(), "Code"));

    AwsIt.Reply started = iam("StartPolicyVersionShadow", "PolicyArn", POLICY, "VersionId", draft);
    assertEquals(200, started.status(), started.body());
    assertEquals("v2", xml(started.body(), "DefaultVersionId"));
    assertTrue(Files.readString(ACME.resolve(META)).contains("\"shadowVersion\": \"" + draft + "\""), "persisted in the policy's file");

    // Live v2 decides: every write is allowed, though the draft would deny it.
    int writes = 3;
    for (int i = 0; i < writes; i++) {
      assertEquals(204, putAsBob("shadowed write " + i), "the draft never decides");
    }
    assertEquals(200, getAsBob(), "reading: both versions allow");

    AwsIt.Reply report = await(() -> iam("GetPolicyVersionShadow", "PolicyArn", POLICY),
        r -> r.status() == 200 && xml(r.body(), "NewlyDenied").equals(Integer.toString(writes)) && !xml(r.body(), "Same").equals("0"));
    assertEquals(200, report.status(), report.body());
    assertEquals(Integer.toString(writes), xml(report.body(), "NewlyDenied"), report.body());
    assertEquals("0", xml(report.body(), "NewlyAllowed"), report.body());
    assertEquals("0", xml(report.body(), "Failed"), report.body());
    assertEquals("true", xml(report.body(), "InShadow"));
    assertEquals("docs:PutObject", xml(report.body(), "Action"));
    assertEquals(OBJECT_ARN, xml(report.body(), "Resource"));
    assertEquals("arn:iam4j:iam::acme:user/bob", xml(report.body(), "Principal"));
    assertEquals("newly_denied", xml(report.body(), "Result"));
    assertEquals("allowed", xml(report.body(), "LiveDecision"));
    assertEquals("implicitDeny", xml(report.body(), "ShadowDecision"));
    assertTrue(report.body().contains("<member>" + POLICY + "#ReadWriteProjectObjects</member>"), report.body());

    // Counted as a metric and recorded in the audit trail.
    assertTrue(metric("iam4j_shadow_decisions_total", "policy=\"" + POLICY + "\"", "version=\"" + draft + "\"",
        "result=\"newly_denied\"") >= writes);
    List<AuditQuery.Match> records = await(() -> shadowRecords(draft, since), l -> l.size() >= writes);
    assertEquals(writes, records.size(), "one shadow record per differing request");
    assertEquals("Allow", records.get(0).get("decision"));
    assertEquals("ImplicitDeny", records.get(0).get("shadowDecision"));
    assertEquals("v2", records.get(0).get("liveVersion"));

    AwsIt.Reply promoted = iam("PromotePolicyVersionShadow", "PolicyArn", POLICY);
    assertEquals(200, promoted.status(), promoted.body());
    assertEquals(Integer.toString(writes), xml(promoted.body(), "NewlyDenied"));
    assertFalse(Files.readString(ACME.resolve(META)).contains("shadowVersion"), "promotion ends the shadow");
    assertTrue(Files.readString(ACME.resolve(META)).contains("\"defaultVersion\": \"" + draft + "\""));
    assertEquals(403, putAsBob("after promotion"), "the promoted draft decides at once");
    assertEquals(200, getAsBob());
    assertEquals(404, iam("GetPolicyVersionShadow", "PolicyArn", POLICY).status(), "no version in shadow any more");
  }

  static List<AuditQuery.Match> shadowRecords(String draft, java.time.Instant since) {
    try {
      if (!Files.isDirectory(TRAIL)) {
        return List.of();
      }
      return AuditQuery.run(AuditFiles.expand(List.of(TRAIL)), new AuditQuery.Filter("arn:iam4j:iam::acme:user/bob", "docs:PutObject",
          OBJECT_ARN, null, "acme", "shadow", since, null)).stream().filter(m -> POLICY.equals(m.get("policy")) && draft.equals(m.get("version")))
          .toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
