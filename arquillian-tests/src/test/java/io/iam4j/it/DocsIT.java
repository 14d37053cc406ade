package io.iam4j.it;

import static io.iam4j.it.SampleClient.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.crypto.ServerKey;
import io.iam4j.crypto.Totp;
import io.iam4j.crypto.MfaSeeds;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Predicate;
import io.iam4j.it.SampleClient.Reply;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sample document store in a real Payara Micro, over real HTTP, on a copy of {@code config/}
 * (plus the test overlay in {@code src/test/it-config}). Tests that edit the configuration restore
 * it before they end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DocsIT extends SampleAppTest {
  private static final Path CONFIG = Path.of(System.getProperty("it.config.dir"));
  private static final Path ACME = CONFIG.resolve("tenants/acme");


  private Reply call(String method, String path, String user, String body, String... headers) {
    return client.call(method, path, user, body, headers);
  }

  private Reply get(String path, String user) {
    return call("GET", path, user, null);
  }

  private static Reply await(java.util.function.Supplier<Reply> call, Predicate<Reply> done) throws InterruptedException {
    return SampleClient.await(call, done);
  }

  private static final String PLAN = "/api/tenants/acme/buckets/projects/objects/plan.txt";

  @Test
  @Order(1)
  void anonymous_is401WithChallenge() {
    Reply r = get(PLAN, null);
    assertStatus(401, r);
    assertEquals("Unauthenticated", r.json().getJsonObject("Error").getString("Code"));
  }

  @Test
  @Order(2)
  void developer_readsProjectDocument() {
    Reply r = get(PLAN, "alice@acme");
    assertStatus(200, r);
    assertTrue(r.body().contains("The plan for acme"), r.body());
  }

  @Test
  @Order(3)
  void readOnlyUser_implicitDeny_exactIamMessage() {
    Reply r = call("PUT", "/api/tenants/acme/buckets/projects/objects/new.txt", "dave@acme", "text");
    assertStatus(403, r);
    assertEquals("User: arn:iam4j:iam::acme:user/dave is not authorized to perform: docs:PutObject on resource: "
        + "arn:iam4j:docs::acme:bucket/projects/new.txt because no identity-based policy allows the docs:PutObject action", r.message());
    assertTrue(r.json().getJsonObject("Error").getString("EncodedAuthorizationMessage").length() > 40);
  }

  @Test
  @Order(4)
  void deleteWithoutMfa_explicitDenyByGuardrail() {
    Reply r = call("DELETE", "/api/tenants/acme/buckets/projects/objects/plan.txt", "alice@acme", null);
    assertStatus(403, r);
    assertTrue(r.message().endsWith("with an explicit deny in a guardrail policy"), r.message());
  }

  @Test
  @Order(5)
  void homeFolders_followAwsUsername() {
    assertStatus(200, get("/api/tenants/acme/buckets/workspace/objects/home/alice/notes.txt", "alice@acme"));
    assertStatus(403, get("/api/tenants/acme/buckets/workspace/objects/home/bob/notes.txt", "alice@acme"));
    assertStatus(200, get("/api/tenants/acme/buckets/workspace/objects?prefix=home/alice/", "alice@acme"));
    assertStatus(403, get("/api/tenants/acme/buckets/workspace/objects?prefix=home/bob/", "alice@acme"));
  }

  @Test
  @Order(6)
  void tenantIsolation_noPathReachesAnotherTenant() {
    for (String path : new String[] {
        "/api/tenants/globex/buckets/projects/objects/plan.txt",
        "/api/tenants/globex/buckets",
        "/api/tenants/globex/buckets/projects/objects",
        "/api/tenants/globex:x/buckets/projects/objects/plan.txt",
        "/api/tenants/acme%3Aglobex/buckets/projects/objects/plan.txt"}) {
      Reply r = get(path, "alice@acme");
      assertStatus(403, r);
    }
    Reply r = get("/api/tenants/globex/buckets/projects/objects/plan.txt", "carol@acme");
    assertStatus(403, r);
    assertTrue(r.message().contains("because no resource-based policy allows"), r.message());
  }

  @Test
  @Order(7)
  void boundary_capsWhatGroupPoliciesGrant() {
    assertStatus(200, get(PLAN, "gina@acme"));
    Reply r = call("PUT", "/api/tenants/acme/buckets/projects/objects/gina.txt", "gina@acme", "x");
    assertStatus(403, r);
    assertTrue(r.message().contains("because no permissions boundary policy allows the docs:PutObject action"), r.message());
  }

  @Test
  @Order(8)
  void bucketPolicy_grantsAnotherUser() {
    String path = "/api/tenants/acme/buckets/workspace/objects/home/alice/notes.txt";
    assertStatus(403, get(path, "bob@acme"));
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"BobReadsAliceNotes\",\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:iam4j:iam::acme:user/bob\"},\"Action\":\"docs:GetObject\","
        + "\"Resource\":\"arn:iam4j:docs::acme:bucket/workspace/home/alice/*\"}]}";
    assertStatus(204, call("PUT", "/api/tenants/acme/buckets/workspace/policy", "carol@acme", policy));
    assertStatus(200, get(path, "bob@acme"));
    assertStatus(403, get("/api/tenants/acme/buckets/workspace/objects/home/alice/notes.txt", "dave@acme"));
    // A policy IAM would refuse is refused with its pointer, and the good one stays.
    Reply bad = call("PUT", "/api/tenants/acme/buckets/workspace/policy", "carol@acme", policy.replace("\"Principal\"", "\"Principals\""));
    assertStatus(400, bad);
    assertStatus(200, get(path, "bob@acme"));
  }

  @Test
  @Order(9)
  void decodeEndpoint_refusesNonAdmins_decodesForAdmins() {
    Reply deny = call("PUT", "/api/tenants/acme/buckets/projects/objects/new.txt", "dave@acme", "text");
    String encoded = deny.json().getJsonObject("Error").getString("EncodedAuthorizationMessage");
    Reply refused = call("POST", "/api/sts/decode-authorization-message", "alice@acme", encoded);
    assertStatus(403, refused);
    Reply decoded = call("POST", "/api/sts/decode-authorization-message", "carol@acme", encoded);
    assertStatus(200, decoded);
    JsonObject m = decoded.json().getJsonObject("DecodedMessage");
    assertEquals("ImplicitDeny", m.getString("decision"));
    assertEquals("identity", m.getString("noAllowIn"));
    assertEquals("docs:PutObject", m.getJsonObject("request").getString("action"));
    assertEquals("dave", m.getJsonObject("request").getJsonObject("context").getString("aws:username"));
  }

  @Test
  @Order(10)
  void mfa_deleteAllowedOnlyWithValidTotp() throws Exception {
    ServerKey key = ServerKey.fromFile(CONFIG.resolve("server.key"));
    byte[] seed = MfaSeeds.newSeed();
    Path carol = ACME.resolve("users/carol.json");
    String original = Files.readString(carol);
    JsonObject user = Json.createReader(new StringReader(original)).readObject();
    long before = acmeVersion();
    Files.writeString(carol, Json.createObjectBuilder(user).add("mfaSeed", MfaSeeds.encrypt(key, "acme", "carol", seed)).build().toString());
    try {
      String path = "/api/tenants/acme/buckets/projects/objects/disposable.txt";
      assertStatus(204, call("PUT", path, "carol@acme", "to be deleted"));
      // Waits for the reload by the version, not by retrying MFA sign-ins: failed ones are throttled.
      for (int i = 0; i < 100 && acmeVersion() <= before; i++) {
        Thread.sleep(200);
      }
      Instant now = Instant.now();
      assertStatus(200, call("GET", path, "carol@acme", null, "X-Iam4j-MFA", Totp.code(seed, now)));
      assertStatus(401, call("GET", path, "carol@acme", null, "X-Iam4j-MFA", "000000".equals(Totp.code(seed, now)) ? "111111" : "000000"));
      assertStatus(403, call("DELETE", path, "carol@acme", null));
      // A code is single-use: the next step's code (accepted for clock drift) signs in again.
      assertStatus(204, call("DELETE", path, "carol@acme", null, "X-Iam4j-MFA", Totp.code(seed, now.plusSeconds(Totp.STEP_SECONDS))));
    } finally {
      Files.writeString(carol, original);
    }
  }

  /** acme's configuration version, as carol (a SysAdmin) sees it on the admin page. */
  private long acmeVersion() {
    Reply r = get("/admin/status", "carol@acme");
    assertStatus(200, r);
    return r.json().getJsonObject("tenants").getJsonObject("acme").getJsonNumber("version").longValue();
  }

  @Test
  @Order(11)
  void hotReload_nextRequestDecidedByNewPolicy_noStaleAllow() throws Exception {
    Path policy = ACME.resolve("policies/ReportsReader.json");
    String path = "/api/tenants/acme/buckets/reports/objects/2026/q3.txt";
    String token = assumeReportingJob();
    assertStatus(200, call("GET", path, null, null, "Authorization", "Bearer " + token));
    String original = Files.readString(policy);
    Files.writeString(policy, original.replace("\"docs:GetObject\"", "\"docs:GetObjectTagging\""));
    try {
      Reply r = await(() -> call("GET", path, null, null, "Authorization", "Bearer " + token), x -> x.status() == 403);
      assertStatus(403, r);
      for (int i = 0; i < 5; i++) {
        assertStatus(403, call("GET", path, null, null, "Authorization", "Bearer " + token));
      }
    } finally {
      Files.writeString(policy, original);
    }
    assertStatus(200, await(() -> call("GET", path, null, null, "Authorization", "Bearer " + token), x -> x.status() == 200));
  }

  @Test
  @Order(12)
  void brokenFile_keepsOldDecisions() throws Exception {
    Path policy = ACME.resolve("policies/DocsReadOnly.json");
    String original = Files.readString(policy);
    assertStatus(200, get(PLAN, "dave@acme"));
    Files.writeString(policy, "{ \"Version\": \"2012-10-17\", \"Statement\": [ { \"Effect\": \"Allow\" ");
    try {
      Thread.sleep(1500); // several debounce periods: the reload has been tried and refused
      assertStatus(200, get(PLAN, "dave@acme"));
      assertStatus(403, call("PUT", "/api/tenants/acme/buckets/projects/objects/x.txt", "dave@acme", "x"));
    } finally {
      Files.writeString(policy, original);
    }
  }

  @Test
  @Order(13)
  void roleSession_trustPolicyDecidesWhoMayAssume() {
    assertStatus(403, call("POST", "/api/sts/assume-role?role=ReportingJob&sessionName=sneaky", "alice@acme", ""));
    String token = assumeReportingJob();
    assertStatus(200, call("GET", "/api/tenants/acme/buckets/reports/objects/2026/q3.txt", null, null, "Authorization", "Bearer " + token));
    Reply r = call("GET", PLAN, null, null, "Authorization", "Bearer " + token);
    assertStatus(403, r);
    assertTrue(r.message().startsWith("User: arn:iam4j:sts::acme:assumed-role/ReportingJob/nightly is not authorized"), r.message());
  }

  @Test
  @Order(14)
  void callerInRole_answersFromDirectoryGroups() {
    Reply r = get("/api/whoami", "bob@acme");
    assertStatus(200, r);
    // Container roles are GROUP@TENANT: bob is in acme's groups, not in globex's of the same names.
    assertEquals("[\"Auditors@acme\",\"Developers@acme\"]", r.json().getJsonArray("groups").toString());
    // A session of IAM role ReportingJob is in role ReportingJob@acme.
    Reply session = call("GET", "/api/whoami", null, null, "Authorization", "Bearer " + assumeReportingJob());
    assertStatus(200, session);
    assertEquals("[\"ReportingJob@acme\"]", session.json().getJsonArray("groups").toString());
  }

  @Test
  @Order(15)
  void cdiBean_isDecidedByIamToo() {
    Reply allowed = get("/api/tenants/acme/report-summary/2026", "carol@acme");
    assertStatus(200, allowed);
    assertTrue(allowed.body().contains("2026/q3.txt"), allowed.body());
    Reply denied = get("/api/tenants/acme/report-summary/2026", "alice@acme");
    assertStatus(403, denied);
    assertEquals("User: arn:iam4j:iam::acme:user/alice is not authorized to perform: docs:GetObject on resource: "
        + "arn:iam4j:docs::acme:bucket/reports/2026/* because no identity-based policy allows the docs:GetObject action", denied.message());
    assertStatus(403, get("/api/tenants/globex/report-summary/2026", "carol@acme"));
  }

  @Test
  @Order(16)
  void rolesAllowed_answeredFromIamGroups() {
    assertStatus(200, get("/api/auditors/bucket-count/acme", "frank@acme"));   // IAM group Auditors
    assertStatus(403, get("/api/auditors/bucket-count/acme", "alice@acme"));
  }

  private String assumeReportingJob() {
    Reply r = call("POST", "/api/sts/assume-role?role=ReportingJob&sessionName=nightly", "carol@acme", "");
    assertStatus(200, r);
    return r.json().getString("SessionToken");
  }
}
