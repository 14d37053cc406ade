package io.iam4j.it;

import static io.iam4j.it.SampleClient.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditFiles;
import io.iam4j.audit.AuditQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The sample with iam4j's Jakarta Authorization provider installed in Payara Micro ({@code --addlibs}
 * and the post-boot command file of {@code config/payara}): the server itself asks iam4j about every
 * web request, and declared constraints, {@code @RolesAllowed} and {@code isCallerInRole} keep
 * working, answered from the IAM directory.
 */
class JaccIT extends SampleAppTest {
  private static final Path ACME = Path.of(System.getProperty("it.config.dir")).resolve("tenants/acme");


  @Test
  void servletUnderSecurityConstraint_containerAndIamBothDecide() {
    assertStatus(200, client.get("/admin/status", "carol@acme"));          // SysAdmins, IAM allows
    assertStatus(403, client.get("/admin/status", "alice@acme"));          // not in the declared role
    assertStatus(401, client.get("/admin/status", null));                  // anonymous: the challenge
  }

  @Test
  void explicitIamDeny_beatsContainerRoleGrant() {
    SampleClient.Reply r = client.get("/admin/status", "hugo@acme");       // SysAdmins, but an IAM Deny
    assertStatus(403, r);
    assertTrue(r.message().contains("with an explicit deny in an identity-based policy"), r.body());
    // The route is matched on the canonical path: no raw-URI spelling steps around it. Payara maps
    // "/admin;x=1/status" to "/admin" while the canonical path is "/admin/status": ambiguous, so 400.
    assertStatus(400, client.get("/admin;x=1/status", "hugo@acme"));
    assertStatus(403, client.get("/admin/%73tatus", "hugo@acme"));
    assertStatus(403, client.get("/admin/x/../status", "hugo@acme"));
  }

  @Test
  void rolesAllowed_answeredFromIamGroups() {
    assertStatus(200, client.get("/api/auditors/bucket-count/acme", "frank@acme"));  // Auditors
    assertStatus(403, client.get("/api/auditors/bucket-count/acme", "alice@acme"));
  }

  @Test
  void unannotatedResource_coveredByRouteFile() {
    assertStatsRouteDecidedByIam(client);
  }

  @Test
  void annotatedResource_decidedByTheServer_withIamBody() {
    assertStatus(200, client.get("/api/tenants/acme/buckets/projects/objects/plan.txt", "alice@acme"));
    SampleClient.Reply r = client.call("PUT", "/api/tenants/acme/buckets/projects/objects/new.txt", "dave@acme", "x");
    assertStatus(403, r);
    assertEquals("User: arn:iam4j:iam::acme:user/dave is not authorized to perform: docs:PutObject on resource: "
        + "arn:iam4j:docs::acme:bucket/projects/new.txt because no identity-based policy allows the docs:PutObject action", r.message());
    assertTrue(r.json().getJsonObject("Error").containsKey("EncodedAuthorizationMessage"), r.body());
  }

  @Test
  void anonymous_getsChallenge_authenticatedGetsForbidden() {
    assertStatus(401, client.get("/api/tenants/acme/buckets/projects/objects/plan.txt", null));
    assertStatus(403, client.get("/api/tenants/globex/buckets/projects/objects/plan.txt", "alice@acme"));
  }

  @Test
  void callerInRole_fromDirectory() {
    SampleClient.Reply r = client.get("/api/whoami", "bob@acme");
    assertStatus(200, r);
    assertEquals("[\"Auditors@acme\",\"Developers@acme\"]", r.json().getJsonArray("groups").toString());
    SampleClient.Reply token = client.call("POST", "/api/sts/assume-role?role=ReportingJob&sessionName=nightly", "carol@acme", "");
    assertStatus(200, token);
    SampleClient.Reply session = client.call("GET", "/api/whoami", null, null, "Authorization", "Bearer " + token.json().getString("SessionToken"));
    assertStatus(200, session);
    assertEquals("[\"ReportingJob@acme\"]", session.json().getJsonArray("groups").toString(),
        "a session of IAM role R of tenant T is in role R@T");
  }

  /** The trail of the server under test: java.io.tmpdir is it.tmp. */
  private static final Path TRAIL = Path.of(System.getProperty("it.tmp"), "iam4j-audit");

  private static List<AuditQuery.Match> records(String requestId) {
    try {
      return !Files.isDirectory(TRAIL) ? List.of() : AuditQuery.run(AuditFiles.expand(List.of(TRAIL)), AuditQuery.Filter.ALL).stream()
          .filter(m -> requestId.equals(m.get("requestId"))).toList();
    } catch (java.io.IOException e) {
      throw new AssertionError("Cannot read the trail in " + TRAIL + ": " + e, e);
    }
  }

  @Test
  void serverDecisions_areAuditedOnce_evenWhereTheAnnotationFilterAlsoRuns() throws Exception {
    String denied = "jacc-it-" + UUID.randomUUID();
    assertStatus(403, client.call("PUT", "/api/tenants/acme/buckets/projects/objects/audited.txt", "dave@acme", "x", "X-Request-Id", denied));
    String allowed = "jacc-it-" + UUID.randomUUID();
    assertStatus(200, client.call("GET", "/api/tenants/acme/buckets/projects/objects/plan.txt", "alice@acme", null, "X-Request-Id", allowed));
    for (int i = 0; i < 100 && (records(denied).isEmpty() || records(allowed).isEmpty()); i++) {
      Thread.sleep(200);
    }
    Thread.sleep(500); // a second record, if there were one, would have been written by now
    List<AuditQuery.Match> d = records(denied);
    assertEquals(1, d.size(), () -> "one record per decision: " + d);
    assertEquals("jacc", d.get(0).get("via"));
    assertEquals("ImplicitDeny", d.get(0).get("decision"));
    assertEquals("docs:PutObject", d.get(0).get("action"));
    List<AuditQuery.Match> a = records(allowed);
    assertEquals(1, a.size(), () -> "decided by the server, not again by the filter: " + a);
    assertEquals("jacc", a.get(0).get("via"));
    assertEquals("Allow", a.get(0).get("decision"));
  }

  @Test
  void hotReload_changesServerDecisions() throws Exception {
    Path deny = ACME.resolve("inline/hugo-no-admin-pages.json");
    String original = Files.readString(deny);
    Files.writeString(deny, original.replace("\"Deny\"", "\"Allow\""));
    try {
      assertStatus(200, SampleClient.await(() -> client.get("/admin/status", "hugo@acme"), r -> r.status() == 200));
    } finally {
      Files.writeString(deny, original);
    }
    assertStatus(403, SampleClient.await(() -> client.get("/admin/status", "hugo@acme"), r -> r.status() == 403));
  }

  /**
   * The sample's route-file route ({@code docs:GetBucketStatistics}, no annotation): carol's policy
   * allows it, alice's does not, and the server's 403 carries IAM's message.
   */
  static void assertStatsRouteDecidedByIam(SampleClient client) {
    assertStatus(200, client.get("/api/tenants/acme/buckets/projects/stats", "carol@acme"));
    SampleClient.Reply r = client.get("/api/tenants/acme/buckets/projects/stats", "alice@acme");
    assertStatus(403, r);
    assertEquals("User: arn:iam4j:iam::acme:user/alice is not authorized to perform: docs:GetBucketStatistics on resource: "
        + "arn:iam4j:docs::acme:bucket/projects because no identity-based policy allows the docs:GetBucketStatistics action", r.message());
  }
}
