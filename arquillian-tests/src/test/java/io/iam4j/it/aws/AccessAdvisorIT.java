package io.iam4j.it.aws;

import static io.iam4j.it.aws.AwsIt.basic;
import static io.iam4j.it.aws.AwsIt.post;
import static io.iam4j.it.aws.AwsIt.sleep;
import static io.iam4j.it.aws.AwsIt.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.crypto.PasswordHashes;
import io.iam4j.it.aws.AwsIt.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessAdvisorUsageGranularityType;
import software.amazon.awssdk.services.iam.model.GetServiceLastAccessedDetailsResponse;
import software.amazon.awssdk.services.iam.model.GetServiceLastAccessedDetailsWithEntitiesResponse;
import software.amazon.awssdk.services.iam.model.PolicyOwnerEntityType;
import software.amazon.awssdk.services.iam.model.JobStatusType;
import software.amazon.awssdk.services.iam.model.ServiceLastAccessed;
import software.amazon.awssdk.services.iam.model.TrackedActionLastAccessed;

/**
 * Access advisor and unused access on the sample over real HTTP: a user of the sample's Developers
 * group (added for this test) lists the projects bucket with its password; then the real AWS SDK's
 * {@code IamClient}, signed with a key of carol (the tenant's identity administrator), generates
 * and reads the user's action-level report, which shows the docs service and docs:ListObjects with
 * its time and entity, and the service's entities (GetServiceLastAccessedDetailsWithEntities); the same report over the Query protocol carries iam4j's granting statement;
 * and the unused access findings list docs:GetObject, granted by ProjectDocsAccess, as unused.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AccessAdvisorIT {
  static final Path ACME = Path.of(System.getProperty("it.config.dir")).resolve("tenants/acme");
  static final String USER = "it-advisor-dev";
  static final String PASSWORD = "It-Advisor-Passw0rd!";
  static final String USER_ARN = "arn:iam4j:iam::acme:user/" + USER;
  static final String PROJECT_DOCS = "arn:iam4j:iam::acme:policy/ProjectDocsAccess";

  @ArquillianResource URL base;
  URI endpoint;
  final Map<Path, String> originals = new LinkedHashMap<>();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return AwsIt.rootWar();
  }

  void remember(Path p) throws IOException {
    AwsIt.remember(originals, p);
  }

  @BeforeEach
  void user() throws IOException {
    endpoint = AwsIt.endpoint(base);
    remember(ACME.resolve("users/" + USER + ".json"));
    remember(ACME.resolve("users/carol.json"));
    Files.writeString(ACME.resolve("users/" + USER + ".json"), "{\"groups\": [\"Developers\"], \"passwordHash\": \""
        + PasswordHashes.hash(PASSWORD.toCharArray()) + "\"}");
  }

  @AfterEach
  void restore() throws IOException {
    for (Map.Entry<Path, String> e : originals.entrySet()) {
      if (e.getValue() == null) {
        Files.deleteIfExists(e.getKey());
      } else {
        Files.writeString(e.getKey(), e.getValue());
      }
    }
  }

  /** The user lists the projects bucket with its password, once the watcher has loaded its file. */
  int listProjects() throws Exception {
    String auth = "Basic " + Base64.getEncoder().encodeToString((USER + "@acme:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpRequest get = HttpRequest.newBuilder(endpoint.resolve("/api/tenants/acme/buckets/projects/objects"))
        .timeout(Duration.ofSeconds(30)).header("Authorization", auth).GET().build();
    int status = 0;
    for (int i = 0; i < 100; i++) {
      status = AwsIt.HTTP.send(get, HttpResponse.BodyHandlers.ofString()).statusCode();
      if (status != 401) {
        break;
      }
      sleep(100);
    }
    return status;
  }

  static String form(String action, String... pairs) {
    StringBuilder b = new StringBuilder("Action=" + action + "&Version=2010-05-08");
    for (int i = 0; i < pairs.length; i += 2) {
      b.append('&').append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  @Test
  void theAdvisorShowsTheUsersAccessWithItsStatementAndUnusedAccessItsUnusedAction() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    assertEquals(200, listProjects());

    AwsBasicCredentials carol = AwsIt.newKey(endpoint, "carol@acme");
    try (IamClient iam = AwsIt.iam(endpoint, carol, Region.AWS_GLOBAL)) {
      String job = iam.generateServiceLastAccessedDetails(r -> r.arn(USER_ARN).granularity(AccessAdvisorUsageGranularityType.ACTION_LEVEL))
          .jobId();
      GetServiceLastAccessedDetailsResponse report = iam.getServiceLastAccessedDetails(r -> r.jobId(job));
      assertEquals(JobStatusType.COMPLETED, report.jobStatus());
      assertEquals(AccessAdvisorUsageGranularityType.ACTION_LEVEL, report.jobType());
      assertNotNull(report.jobCompletionDate());
      ServiceLastAccessed docs = report.servicesLastAccessed().stream().filter(s -> s.serviceNamespace().equals("docs")).findFirst()
          .orElseThrow(() -> new AssertionError(report.toString()));
      assertEquals(USER_ARN, docs.lastAuthenticatedEntity());
      assertTrue(!docs.lastAuthenticated().isBefore(before), docs.toString());
      assertEquals(1, docs.totalAuthenticatedEntities());
      TrackedActionLastAccessed list = docs.trackedActionsLastAccessed().stream().filter(a -> a.actionName().equals("ListObjects"))
          .findFirst().orElseThrow(() -> new AssertionError(docs.toString()));
      assertEquals(USER_ARN, list.lastAccessedEntity());
      assertNotNull(list.lastAccessedTime());
      TrackedActionLastAccessed get = docs.trackedActionsLastAccessed().stream().filter(a -> a.actionName().equals("GetObject"))
          .findFirst().orElseThrow(() -> new AssertionError(docs.toString()));
      assertNull(get.lastAccessedTime(), "allowed, never accessed");

      GetServiceLastAccessedDetailsWithEntitiesResponse who = iam.getServiceLastAccessedDetailsWithEntities(r -> r.jobId(job)
          .serviceNamespace("docs"));
      assertEquals(1, who.entityDetailsList().size(), who.toString());
      assertEquals(USER_ARN, who.entityDetailsList().get(0).entityInfo().arn());
      assertEquals(PolicyOwnerEntityType.USER, who.entityDetailsList().get(0).entityInfo().type());
      assertEquals(USER, who.entityDetailsList().get(0).entityInfo().name());
      assertEquals(docs.lastAuthenticated(), who.entityDetailsList().get(0).lastAuthenticated());

      // The same job over the Query protocol: iam4j's extension member names the granting statement.
      Reply raw = post(endpoint, "/iam", form("GetServiceLastAccessedDetails", "JobId", job), "Authorization", basic("carol@acme"));
      assertEquals(200, raw.status(), raw.body());
      String listMember = raw.body().substring(raw.body().indexOf("<ActionName>ListObjects</ActionName>"));
      String statement = listMember.substring(0, listMember.indexOf("</member>"));
      assertEquals(PROJECT_DOCS, xml(statement, "PolicyArn"));
      assertEquals("ListProjects", xml(statement, "Sid"));
      assertEquals("1", xml(statement, "StatementIndex"));
    }

    Reply unused = post(endpoint, "/iam", form("ListUnusedAccessFindings", "UnusedAccessAge", "1", "Resource", USER_ARN),
        "Authorization", basic("carol@acme"));
    assertEquals(200, unused.status(), unused.body());
    String permission = unused.body().substring(unused.body().indexOf("<FindingType>UnusedPermission</FindingType>"));
    String getObject = permission.substring(permission.indexOf("<Action>docs:GetObject</Action>"));
    assertEquals(PROJECT_DOCS, xml(getObject, "PolicyArn"));
    assertEquals("ReadWriteProjectObjects", xml(getObject, "Sid"));
    assertTrue(!permission.contains("<Action>docs:ListObjects</Action>"), "used within the day: " + permission);

    // Without access-analyzer:ListFindingsV2 (a Developer): refused, naming the analyzer.
    Reply denied = post(endpoint, "/iam", form("ListUnusedAccessFindings"), "Authorization", basic("bob@acme"));
    assertNotEquals(200, denied.status());
    assertTrue(denied.body().contains("access-analyzer:ListFindingsV2 on resource: arn:iam4j:access-analyzer::acme:analyzer/unused-access"),
        denied.body());
  }
}
