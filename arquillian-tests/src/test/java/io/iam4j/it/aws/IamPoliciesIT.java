package io.iam4j.it.aws;

import static io.iam4j.it.aws.AwsIt.xml;
import static io.iam4j.it.aws.AwsIt.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * Roles, managed policies and versions, attachments, boundaries and {@code iam:PassRole} through
 * the real AWS SDK for Java v2 {@code IamClient} (SigV4, endpoint override) against the sample on
 * Payara Micro: the life cycles and IAM's error codes, a delegated administrator confined by her
 * boundary, a PassRole denial, and revocation with zero stale decisions (the very next request
 * after the 200 is decided by the new configuration, no sleep).
 *
 * <p>Three users exist only during this class, written into the shared IT configuration and removed
 * after it: {@code it-admin} (every {@code iam:}, {@code docs:} action), {@code it-intern} (no
 * policy, the delegation boundary) and {@code it-runner} (may create jobs, not pass roles).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IamPoliciesIT {
  static final Path CONFIG = Path.of(System.getProperty("it.config.dir"));
  static final Path ACME = CONFIG.resolve("tenants/acme");
  static final String A = "arn:iam4j:iam::acme:";
  static final String REPORTING_JOB = A + "role/ReportingJob";
  static final String REPORT = "/api/tenants/acme/buckets/reports/objects/2026/q3.txt";
  /** The password of the temporary users: their file holds alice's hash. */
  static final String PASSWORD = "alice-Passw0rd!";
  static final List<String> OWN_FILES = List.of("users/it-admin.json", "inline/it-admin.json", "users/it-intern.json",
      "users/it-runner.json", "inline/it-runner.json");
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final SdkHttpClient SDK_HTTP = UrlConnectionHttpClient.create();
  static final String TRUST = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": "
      + "{\"AWS\": \"arn:iam4j:iam::acme:user/carol\"}, \"Action\": \"sts:AssumeRole\"}]}";

  @ArquillianResource URL base;
  URI endpoint;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return AwsIt.rootWar();
  }

  @BeforeEach
  void users() throws IOException {
    endpoint = AwsIt.endpoint(base);
    if (adminKey != null && Files.exists(ACME.resolve("users/it-admin.json"))) {
      return;
    }
    String hash = Json.createReader(new StringReader(Files.readString(ACME.resolve("users/alice.json")))).readObject().getString("passwordHash");
    write("inline/it-admin.json", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"iam:*\", \"docs:*\"], "
        + "\"Resource\": \"*\"}]}");
    write("users/it-admin.json", "{\"passwordHash\": \"" + hash + "\", \"inlinePolicies\": {\"All\": \"inline/it-admin.json\"}}");
    write("users/it-intern.json", "{\"passwordHash\": \"" + hash + "\", \"permissionsBoundary\": \"" + A + "policy/DelegatedAdminBoundary\"}");
    write("inline/it-runner.json", "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"docs:CreateJob\", "
        + "\"Resource\": \"*\"}]}");
    write("users/it-runner.json", "{\"passwordHash\": \"" + hash + "\", \"inlinePolicies\": {\"Jobs\": \"inline/it-runner.json\"}}");
    // The file watcher makes them active shortly: wait until all three sign in.
    for (String u : List.of("it-admin", "it-intern", "it-runner")) {
      Reply r = null;
      for (int i = 0; i < 100 && (r == null || r.status() != 200); i++) {
        if (r != null) {
          sleep(100);
        }
        r = get("/api/whoami", u);
      }
      assertEquals(200, r.status(), u + " signs in: " + r.body());
    }
  }

  @AfterAll
  static void restore() throws IOException {
    for (String f : OWN_FILES) {
      Files.deleteIfExists(ACME.resolve(f));
    }
    // The directories the API made for this class's inline policies and managed policies, once empty.
    for (String dir : List.of("inline/user-it-intern", "inline/user-it-runner", "inline/role-it-Builder", "policies/it-Reports",
        "policies/it-Reader")) {
      try {
        Files.deleteIfExists(ACME.resolve(dir));
      } catch (java.nio.file.DirectoryNotEmptyException e) {
        // Something of a failed test is still there: left for the next run's eyes.
      }
    }
    adminKey = null;
  }

  static void write(String relative, String content) throws IOException {
    Path p = ACME.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  // ------------------------------------------------------------------ clients

  record Reply(int status, String body) {}

  static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + "@acme:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  static String basicOf(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  Reply send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  Reply get(String path, String user) {
    return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET().header("Authorization", basic(user)));
  }

  Reply post(String path, String form, String authorization) {
    return send(HttpRequest.newBuilder(endpoint.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(form))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").header("Authorization", authorization));
  }

  /** A new access key of a user, made through the IAM API with the user's password (BASIC). */
  AwsBasicCredentials newKey(String authorization) {
    Reply r = post("/iam", "Action=CreateAccessKey&Version=2010-05-08", authorization);
    for (int i = 0; i < 50 && r.status() == 409 && r.body().contains("ConcurrentModification"); i++) {
      sleep(100);
      r = post("/iam", "Action=CreateAccessKey&Version=2010-05-08", authorization);
    }
    assertEquals(200, r.status(), r.body());
    return AwsBasicCredentials.create(xml(r.body(), "AccessKeyId"), xml(r.body(), "SecretAccessKey"));
  }

  IamClient iam(AwsBasicCredentials c) {
    return IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL).httpClient(SDK_HTTP)
        .credentialsProvider(StaticCredentialsProvider.create(c))
        .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())).build();
  }

  /** it-admin's key, made once (a user has at most two). */
  static AwsBasicCredentials adminKey;

  IamClient admin() {
    if (adminKey == null) {
      adminKey = newKey(basic("it-admin"));
    }
    return iam(adminKey);
  }

  static AwsServiceException refused(Runnable call) {
    return assertThrows(AwsServiceException.class, call::run);
  }

  static String code(AwsServiceException e) {
    return e.awsErrorDetails().errorCode();
  }

  static String doc(String effect, String action, String resource) {
    return "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"" + effect + "\", \"Action\": \"" + action
        + "\", \"Resource\": \"" + resource + "\"}]}";
  }

  static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      // Cleanup of what a failed assertion left behind.
    }
  }

  // ------------------------------------------------------------------ life cycles and error codes

  @Test
  void roleLifeCycle() {
    try (IamClient iam = admin()) {
      try {
        Role created = iam.createRole(r -> r.roleName("it-Builder").path("/it/").assumeRolePolicyDocument(TRUST)
            .description("Builds").maxSessionDuration(7200).tags(t -> t.key("team").value("ci"))).role();
        assertEquals(A + "role/it/it-Builder", created.arn());
        assertTrue(created.roleId().startsWith("AROA"), created.roleId());
        GetRoleResponse got = iam.getRole(r -> r.roleName("it-Builder"));
        assertEquals(TRUST, URLDecoder.decode(got.role().assumeRolePolicyDocument(), StandardCharsets.UTF_8));
        assertEquals(7200, got.role().maxSessionDuration());
        assertEquals("Builds", got.role().description());
        assertEquals("EntityAlreadyExists", code(refused(() -> iam.createRole(r -> r.roleName("it-Builder").assumeRolePolicyDocument(TRUST)))));
        assertEquals("ValidationError", code(refused(() -> iam.updateRole(r -> r.roleName("it-Builder").maxSessionDuration(60)))));
        iam.updateRole(r -> r.roleName("it-Builder").maxSessionDuration(43200).description("Builds more"));
        assertEquals(43200, iam.getRole(r -> r.roleName("it-Builder")).role().maxSessionDuration());
        iam.tagRole(r -> r.roleName("it-Builder").tags(t -> t.key("env").value("prod")));
        iam.untagRole(r -> r.roleName("it-Builder").tagKeys("team"));
        assertEquals(List.of("env"), iam.listRoleTags(r -> r.roleName("it-Builder")).tags().stream().map(t -> t.key()).toList());
        String trust2 = TRUST.replace("user/carol", "user/it-admin");
        iam.updateAssumeRolePolicy(r -> r.roleName("it-Builder").policyDocument(trust2));
        assertEquals(trust2, URLDecoder.decode(iam.getRole(r -> r.roleName("it-Builder")).role().assumeRolePolicyDocument(), StandardCharsets.UTF_8));
        assertEquals(List.of("it-Builder"), iam.listRoles(r -> r.pathPrefix("/it/")).roles().stream().map(Role::roleName).toList());
        iam.attachRolePolicy(r -> r.roleName("it-Builder").policyArn(A + "policy/DocsReadOnly"));
        assertEquals("DeleteConflict", code(refused(() -> iam.deleteRole(r -> r.roleName("it-Builder")))));
        iam.detachRolePolicy(r -> r.roleName("it-Builder").policyArn(A + "policy/DocsReadOnly"));
        iam.putRolePolicy(r -> r.roleName("it-Builder").policyName("Read").policyDocument(doc("Allow", "docs:GetObject", "*")));
        assertEquals(List.of("Read"), iam.listRolePolicies(r -> r.roleName("it-Builder")).policyNames());
        assertEquals("DeleteConflict", code(refused(() -> iam.deleteRole(r -> r.roleName("it-Builder")))));
        iam.deleteRolePolicy(r -> r.roleName("it-Builder").policyName("Read"));
        iam.deleteRole(r -> r.roleName("it-Builder"));
        AwsServiceException gone = refused(() -> iam.getRole(r -> r.roleName("it-Builder")));
        assertEquals("NoSuchEntity", code(gone));
        assertEquals(404, gone.statusCode());
        // Created again, it is another role (another id): the old one's sessions end.
        Role again = iam.createRole(r -> r.roleName("it-Builder").path("/it/").assumeRolePolicyDocument(TRUST)).role();
        assertFalse(again.roleId().equals(created.roleId()));
      } finally {
        quietly(() -> iam.deleteRolePolicy(r -> r.roleName("it-Builder").policyName("Read")));
        quietly(() -> iam.detachRolePolicy(r -> r.roleName("it-Builder").policyArn(A + "policy/DocsReadOnly")));
        quietly(() -> iam.deleteRole(r -> r.roleName("it-Builder")));
      }
    }
  }

  @Test
  void policyLifeCycle_versionsLimit_andMalformedDocuments() {
    try (IamClient iam = admin()) {
      String arn = A + "policy/it/it-Reports";
      try {
        Policy p = iam.createPolicy(r -> r.policyName("it-Reports").path("/it/").description("reports")
            .policyDocument(doc("Allow", "docs:GetObject", "*"))).policy();
        assertEquals(arn, p.arn());
        assertEquals("v1", p.defaultVersionId());
        for (int i = 2; i <= 5; i++) {
          String action = "docs:GetObject" + i;
          PolicyVersion v = iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(doc("Allow", action, "*")).setAsDefault(true)).policyVersion();
          assertEquals("v" + i, v.versionId());
          assertTrue(v.isDefaultVersion());
        }
        AwsServiceException sixth = refused(() -> iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(doc("Allow", "docs:X", "*"))));
        assertEquals("LimitExceeded", code(sixth));
        assertEquals(409, sixth.statusCode());
        AwsServiceException deleteDefault = refused(() -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v5")));
        assertEquals("DeleteConflict", code(deleteDefault));
        assertEquals(409, deleteDefault.statusCode());
        String v1 = iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")).policyVersion().document();
        assertEquals(doc("Allow", "docs:GetObject", "*"), URLDecoder.decode(v1, StandardCharsets.UTF_8), "URL-encoded, as AWS returns it");
        assertEquals(List.of("v5", "v4", "v3", "v2", "v1"),
            iam.listPolicyVersions(r -> r.policyArn(arn)).versions().stream().map(PolicyVersion::versionId).toList());
        iam.setDefaultPolicyVersion(r -> r.policyArn(arn).versionId("v1"));
        assertEquals("v1", iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId());
        assertTrue(iam.listPolicies(r -> r.scope(PolicyScopeType.LOCAL).pathPrefix("/it/")).policies().stream().anyMatch(x -> x.arn().equals(arn)));
        assertEquals("DeleteConflict", code(refused(() -> iam.deletePolicy(r -> r.policyArn(arn)))), "non-default versions");
        for (String v : List.of("v2", "v3", "v4", "v5")) {
          iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(v));
        }
        iam.deletePolicy(r -> r.policyArn(arn));
        assertEquals("NoSuchEntity", code(refused(() -> iam.getPolicy(r -> r.policyArn(arn)))));

        // The problem is located: line, column and JSON pointer.
        AwsServiceException bad = refused(() -> iam.createPolicy(r -> r.policyName("it-Bad").policyDocument(
            "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"docs:GetObject\", \"Resource\": \"*\"}]}")));
        assertEquals("MalformedPolicyDocument", code(bad));
        assertEquals(400, bad.statusCode());
        String message = bad.awsErrorDetails().errorMessage();
        assertTrue(message.contains("line 2") && message.contains("/Statement/0/Effect"), message);
        assertEquals("NoSuchEntity", code(refused(() -> iam.getPolicy(r -> r.policyArn(A + "policy/it-Bad")))), "nothing was written");
        // Provider policies are read-only.
        assertEquals("UnmodifiableEntity", code(refused(() -> iam.deletePolicy(r -> r.policyArn("arn:iam4j:iam::iam4j:policy/ReadOnlyAccess")))));
      } finally {
        for (String v : List.of("v2", "v3", "v4", "v5")) {
          quietly(() -> iam.deletePolicyVersion(r -> r.policyArn(arn).versionId(v)));
        }
        quietly(() -> iam.deletePolicy(r -> r.policyArn(arn)));
      }
    }
  }

  // ------------------------------------------------------------------ delegation

  @Test
  void delegatedAdministrator_isConfinedByHerBoundary() {
    // erin: DelegatedUserAdmin under the DelegatedAdminBoundary (the sample's delegation).
    AwsBasicCredentials key = newKey(basicOf("erin@acme", "erin-Passw0rd!"));
    try (IamClient erin = iam(key)) {
      try {
        // A user under the delegation boundary: hers to manage, with the team policies only.
        erin.attachUserPolicy(r -> r.userName("it-intern").policyArn(A + "policy/DocsReadOnly"));
        assertEquals(List.of(A + "policy/DocsReadOnly"),
            erin.listAttachedUserPolicies(r -> r.userName("it-intern")).attachedPolicies().stream().map(p -> p.policyArn()).toList());
        assertEquals("AccessDenied", code(refused(() -> erin.attachUserPolicy(r -> r.userName("it-intern").policyArn(A + "policy/DocsAdministrator")))));
        erin.detachUserPolicy(r -> r.userName("it-intern").policyArn(A + "policy/DocsReadOnly"));
        // A user without that boundary is not hers (iam:PermissionsBoundary), nor is she.
        AwsServiceException denied = refused(() -> erin.attachUserPolicy(r -> r.userName("it-runner").policyArn(A + "policy/DocsReadOnly")));
        assertEquals("AccessDenied", code(denied));
        assertEquals(403, denied.statusCode());
        assertTrue(denied.awsErrorDetails().errorMessage().contains("iam:AttachUserPolicy"), denied.awsErrorDetails().errorMessage());
        assertTrue(denied.awsErrorDetails().errorMessage().contains("Encoded authorization failure message"));
        assertEquals("AccessDenied", code(refused(() -> erin.attachUserPolicy(r -> r.userName("erin").policyArn(A + "policy/DocsReadOnly")))));
        // She may set only the delegation boundary, and never remove one.
        assertEquals("AccessDenied", code(refused(() -> erin.putUserPermissionsBoundary(r -> r.userName("it-intern")
            .permissionsBoundary(A + "policy/DocsAdministrator")))));
        assertEquals("AccessDenied", code(refused(() -> erin.deleteUserPermissionsBoundary(r -> r.userName("it-intern")))));
        // Nor create policies or roles.
        assertEquals("AccessDenied", code(refused(() -> erin.createPolicy(r -> r.policyName("it-Mine").policyDocument(doc("Allow", "*", "*"))))));
      } finally {
        quietly(() -> erin.detachUserPolicy(r -> r.userName("it-intern").policyArn(A + "policy/DocsReadOnly")));
        erin.deleteAccessKey(r -> r.userName("erin").accessKeyId(key.accessKeyId()));
      }
    }
  }

  // ------------------------------------------------------------------ iam:PassRole

  @Test
  void passRole_isRequiredToHandARoleToAJob() {
    String jobs = "/api/tenants/acme/jobs?name=nightly&roleArn=" + URLEncoder.encode(REPORTING_JOB, StandardCharsets.UTF_8);
    try (IamClient iam = admin()) {
      try {
        Reply denied = post(jobs, "", basic("it-runner"));
        assertEquals(403, denied.status(), denied.body());
        assertTrue(denied.body().contains("iam:PassRole"), denied.body());
        // Allowed to pass this role to the jobs service only: the very next request succeeds.
        iam.putUserPolicy(r -> r.userName("it-runner").policyName("PassReportingJob").policyDocument("{\"Version\": \"2012-10-17\", "
            + "\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"" + REPORTING_JOB + "\", "
            + "\"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"jobs.docs.iam4j\"}}}]}"));
        Reply created = post(jobs, "", basic("it-runner"));
        assertEquals(201, created.status(), created.body());
        assertTrue(created.body().contains("\"roleId\":\"AROA"), created.body());
        iam.deleteUserPolicy(r -> r.userName("it-runner").policyName("PassReportingJob"));
        assertEquals(403, post(jobs, "", basic("it-runner")).status(), "revoked when acknowledged");
      } finally {
        quietly(() -> iam.deleteUserPolicy(r -> r.userName("it-runner").policyName("PassReportingJob")));
      }
    }
  }

  // ------------------------------------------------------------------ revocation

  @Test
  void revocation_theVeryNextRequestIsDecidedByTheNewConfiguration() {
    try (IamClient iam = admin()) {
      String reader = A + "policy/it-Reader";
      try {
        for (int i = 0; i < 3; i++) {
          iam.attachUserPolicy(r -> r.userName("it-intern").policyArn(A + "policy/DocsReadOnly"));
          assertEquals(200, get(REPORT, "it-intern").status(), "attached");
          iam.detachUserPolicy(r -> r.userName("it-intern").policyArn(A + "policy/DocsReadOnly"));
          assertEquals(403, get(REPORT, "it-intern").status(), "detached: no stale allow");
        }
        iam.attachUserPolicy(r -> r.userName("it-intern").policyArn(A + "policy/DocsReadOnly"));
        for (int i = 0; i < 3; i++) {
          iam.putUserPolicy(r -> r.userName("it-intern").policyName("NoReports").policyDocument(doc("Deny", "docs:GetObject", "*")));
          assertEquals(403, get(REPORT, "it-intern").status(), "an explicit deny, at once");
          iam.deleteUserPolicy(r -> r.userName("it-intern").policyName("NoReports"));
          assertEquals(200, get(REPORT, "it-intern").status());
        }
        iam.detachUserPolicy(r -> r.userName("it-intern").policyArn(A + "policy/DocsReadOnly"));
        // A new default version takes effect at once, and so does rolling back.
        iam.createPolicy(r -> r.policyName("it-Reader").policyDocument(doc("Allow", "docs:GetObject", "*")));
        iam.attachUserPolicy(r -> r.userName("it-intern").policyArn(reader));
        assertEquals(200, get(REPORT, "it-intern").status());
        iam.createPolicyVersion(r -> r.policyArn(reader).policyDocument(doc("Allow", "docs:ListBuckets", "*")).setAsDefault(true));
        assertEquals(403, get(REPORT, "it-intern").status(), "v2 is in force");
        iam.setDefaultPolicyVersion(r -> r.policyArn(reader).versionId("v1"));
        assertEquals(200, get(REPORT, "it-intern").status(), "rolled back");
        iam.setDefaultPolicyVersion(r -> r.policyArn(reader).versionId("v2"));
        assertEquals(403, get(REPORT, "it-intern").status());
      } finally {
        quietly(() -> iam.deleteUserPolicy(r -> r.userName("it-intern").policyName("NoReports")));
        quietly(() -> iam.detachUserPolicy(r -> r.userName("it-intern").policyArn(A + "policy/DocsReadOnly")));
        quietly(() -> iam.detachUserPolicy(r -> r.userName("it-intern").policyArn(reader)));
        quietly(() -> iam.setDefaultPolicyVersion(r -> r.policyArn(reader).versionId("v1")));
        quietly(() -> iam.deletePolicyVersion(r -> r.policyArn(reader).versionId("v2")));
        quietly(() -> iam.deletePolicy(r -> r.policyArn(reader)));
      }
    }
  }
}
