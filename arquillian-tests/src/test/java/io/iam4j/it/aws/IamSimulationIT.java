package io.iam4j.it.aws;

import static io.iam4j.it.aws.AwsIt.sleep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditFiles;
import io.iam4j.audit.AuditQuery;
import io.iam4j.audit.AuditVerifier;
import io.iam4j.json.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ManagedPolicyDetail;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.UserDetail;

/**
 * Policy simulation, GetAccountAuthorizationDetails and the audit trail's before/after digests with
 * the real AWS SDK for Java v2 {@code IamClient} (SigV4) against the sample on Payara Micro. The
 * test-only user {@code simon} (see {@code src/test/it-config/README.md}) may simulate and review
 * his tenant; {@code dave} (ReadOnly) may not. Every key made here is deleted again.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IamSimulationIT {
  static final Path CONFIG = Path.of(System.getProperty("it.config.dir"));
  /** The default trail directory, {@code ${java.io.tmpdir}/iam4j-audit}: the server runs with java.io.tmpdir=it.tmp. */
  static final Path TRAIL = Path.of(System.getProperty("it.tmp"), "iam4j-audit");
  static final String DAVE = "arn:iam4j:iam::acme:user/dave";
  static final String SIMON = "arn:iam4j:iam::acme:user/simon";

  @ArquillianResource URL base;
  URI endpoint;

  @Deployment(testable = false)
  static WebArchive deployment() {
    // ROOT.war: the AWS SDK for Java v2 posts IAM calls to the server's root.
    return AwsIt.rootWar();
  }

  @BeforeEach
  void endpoint() {
    endpoint = AwsIt.endpoint(base);
  }

  IamClient iam(AwsBasicCredentials c) {
    return AwsIt.iam(endpoint, c, Region.AWS_GLOBAL);
  }

  AwsBasicCredentials newKey(String user) {
    return AwsIt.newKey(endpoint, user);
  }

  /** Runs {@code body} with a fresh key of {@code user}, deleting the key afterwards (the user's own right). */
  void as(String user, Consumer<IamClient> body) {
    AwsBasicCredentials key = newKey(user);
    try (IamClient iam = iam(key)) {
      try {
        body.accept(iam);
      } finally {
        iam.deleteAccessKey(r -> r.accessKeyId(key.accessKeyId()));
      }
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  // ------------------------------------------------------------------ SimulatePrincipalPolicy

  @Test
  void simulatePrincipalPolicy_davesPolicies_asTheServerDecidesThem() {
    as("simon@acme", iam -> {
      List<EvaluationResult> r = iam.simulatePrincipalPolicy(s -> s.policySourceArn(DAVE)
          .actionNames("docs:GetObject", "docs:PutObject", "docs:DeleteObject")
          .resourceArns("arn:iam4j:docs::acme:bucket/reports/2026/q3.txt", "arn:iam4j:docs::acme:bucket/audit-logs/day1.log"))
          .evaluationResults();
      assertEquals(6, r.size(), r::toString);
      // ReadOnly (DocsReadOnly) reads reports, not the audit logs.
      assertEquals(PolicyEvaluationDecisionType.ALLOWED, r.get(0).evalDecision(), r.get(0)::toString);
      assertEquals("arn:iam4j:iam::acme:policy/DocsReadOnly", r.get(0).matchedStatements().get(0).sourcePolicyId());
      assertEquals("user-managed", r.get(0).matchedStatements().get(0).sourcePolicyTypeAsString());
      assertNotNull(r.get(0).matchedStatements().get(0).startPosition().line());
      assertTrue(r.get(0).organizationsDecisionDetail().allowedByOrganizations(), "acme's guardrails allow it");
      assertEquals(PolicyEvaluationDecisionType.IMPLICIT_DENY, r.get(1).evalDecision());
      // Writing: nothing allows it.
      assertEquals(PolicyEvaluationDecisionType.IMPLICIT_DENY, r.get(2).evalDecision());
      assertTrue(r.get(2).matchedStatements().isEmpty());
      // Deleting an audit log: acme's guardrail protect-audit-logs denies it, whatever dave's policies say.
      EvaluationResult delete = r.get(5);
      assertEquals("docs:DeleteObject", delete.evalActionName());
      assertEquals(PolicyEvaluationDecisionType.EXPLICIT_DENY, delete.evalDecision(), delete::toString);
      assertFalse(delete.organizationsDecisionDetail().allowedByOrganizations());
      assertTrue(delete.matchedStatements().stream().anyMatch(m -> m.sourcePolicyId().equals("arn:iam4j:iam::acme:guardrail/protect-audit-logs")),
          delete::toString);
      // Deleting a report: the guardrail require-mfa-for-deletes denies it without MFA.
      assertEquals(PolicyEvaluationDecisionType.EXPLICIT_DENY, r.get(4).evalDecision(), r.get(4)::toString);
    });
  }

  // ------------------------------------------------------------------ SimulateCustomPolicy

  @Test
  void simulateCustomPolicy_withAContextEntry() {
    String policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"docs:GetObject\","
        + " \"Resource\": \"arn:iam4j:docs::acme:bucket/reports/*\", \"Condition\": {\"StringEquals\": {\"aws:PrincipalTag/team\": \"finance\"}}}]}";
    as("simon@acme", iam -> {
      EvaluationResult without = iam.simulateCustomPolicy(s -> s.policyInputList(policy).actionNames("docs:GetObject")
          .resourceArns("arn:iam4j:docs::acme:bucket/reports/q3.txt")).evaluationResults().get(0);
      assertEquals(PolicyEvaluationDecisionType.IMPLICIT_DENY, without.evalDecision());
      assertEquals(List.of("aws:PrincipalTag/team"), without.missingContextValues());

      EvaluationResult with = iam.simulateCustomPolicy(s -> s.policyInputList(policy).actionNames("docs:GetObject")
          .resourceArns("arn:iam4j:docs::acme:bucket/reports/q3.txt")
          .contextEntries(ContextEntry.builder().contextKeyName("aws:PrincipalTag/team").contextKeyType(ContextKeyTypeEnum.STRING)
              .contextKeyValues("finance").build())).evaluationResults().get(0);
      assertEquals(PolicyEvaluationDecisionType.ALLOWED, with.evalDecision(), with::toString);
      assertEquals("PolicyInputList.1", with.matchedStatements().get(0).sourcePolicyId());
      assertEquals(1, with.matchedStatements().get(0).startPosition().line());
      assertEquals(1, with.resourceSpecificResults().size());

      IamException malformed = assertThrows(IamException.class, () -> iam.simulateCustomPolicy(s -> s
          .policyInputList("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Maybe\", \"Action\": \"*\", \"Resource\": \"*\"}]}")
          .actionNames("docs:GetObject")));
      assertEquals("MalformedPolicyDocument", malformed.awsErrorDetails().errorCode());
      assertTrue(malformed.awsErrorDetails().errorMessage().contains("PolicyInputList.1:1:"), malformed.awsErrorDetails().errorMessage());
      assertTrue(malformed.awsErrorDetails().errorMessage().contains("/Statement/0/Effect"), malformed.awsErrorDetails().errorMessage());
    });
  }

  // ------------------------------------------------------------------ GetAccountAuthorizationDetails

  @Test
  void getAccountAuthorizationDetails_acmeOnly_everyPage() {
    as("simon@acme", iam -> {
      List<UserDetail> users = new ArrayList<>();
      List<RoleDetail> roles = new ArrayList<>();
      List<ManagedPolicyDetail> policies = new ArrayList<>();
      int pages = 0;
      for (GetAccountAuthorizationDetailsResponse page : iam.getAccountAuthorizationDetailsPaginator(r -> r.maxItems(4))) {
        users.addAll(page.userDetailList());
        roles.addAll(page.roleDetailList());
        policies.addAll(page.policies());
        pages++;
      }
      assertTrue(pages > 2, "pages of 4: " + pages);
      List<String> names = users.stream().map(UserDetail::userName).toList();
      assertTrue(names.containsAll(List.of("alice", "bob", "carol", "dave", "erin", "frank", "simon")), names::toString);
      // Tenant isolation: none of globex's users, roles or policies.
      for (String globex : List.of("hank", "iris", "jack", "kate", "liam", "mona")) {
        assertFalse(names.contains(globex), globex);
      }
      assertTrue(users.stream().allMatch(u -> u.arn().startsWith("arn:iam4j:iam::acme:user/")), users::toString);
      assertTrue(policies.stream().noneMatch(p -> p.arn().contains(":globex:")), policies::toString);
      UserDetail erin = users.stream().filter(u -> u.userName().equals("erin")).findFirst().orElseThrow();
      assertEquals("arn:iam4j:iam::acme:policy/DelegatedAdminBoundary", erin.permissionsBoundary().permissionsBoundaryArn());
      assertEquals(List.of("Developers"), erin.groupList());
      UserDetail simon = users.stream().filter(u -> u.userName().equals("simon")).findFirst().orElseThrow();
      assertTrue(URLDecoder.decode(simon.userPolicyList().get(0).policyDocument(), StandardCharsets.UTF_8)
          .contains("iam:GetAccountAuthorizationDetails"));
      RoleDetail job = roles.stream().filter(r -> r.roleName().equals("ReportingJob")).findFirst().orElseThrow();
      assertTrue(URLDecoder.decode(job.assumeRolePolicyDocument(), StandardCharsets.UTF_8).contains("sts:AssumeRole"));
      ManagedPolicyDetail versions = policies.stream().filter(p -> p.policyName().equals("ProjectDocsAccess")).findFirst().orElseThrow();
      assertEquals(2, versions.policyVersionList().size());

      // Only users asked for: no roles, no policies.
      GetAccountAuthorizationDetailsResponse onlyRoles = iam.getAccountAuthorizationDetails(r -> r.filter(EntityType.ROLE));
      assertTrue(onlyRoles.userDetailList().isEmpty());
      assertFalse(onlyRoles.roleDetailList().isEmpty());
    });
  }

  // ------------------------------------------------------------------ AccessDenied

  @Test
  void callerWithoutThePermissions_accessDenied_withTheEncodedMessage() {
    as("dave@acme", iam -> {
      for (Runnable call : List.<Runnable>of(
          () -> iam.simulatePrincipalPolicy(s -> s.policySourceArn(SIMON).actionNames("docs:GetObject")),
          () -> iam.simulateCustomPolicy(s -> s.policyInputList("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
              + " \"Action\": \"*\", \"Resource\": \"*\"}]}").actionNames("docs:GetObject")),
          () -> iam.getAccountAuthorizationDetails(r -> { }))) {
        IamException e = assertThrows(IamException.class, call::run);
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
        assertTrue(e.awsErrorDetails().errorMessage().startsWith("User: " + DAVE + " is not authorized to perform: iam:"),
            e.awsErrorDetails().errorMessage());
        assertTrue(e.awsErrorDetails().errorMessage().contains("Encoded authorization failure message: "), e.awsErrorDetails().errorMessage());
      }
    });
  }

  // ------------------------------------------------------------------ the audit trail

  @Test
  void createAccessKey_isAuditedWithActorAndBeforeAfterDigests() throws Exception {
    Path file = CONFIG.resolve("tenants/acme/users/simon.json");
    Instant since = Instant.now().minusSeconds(1);
    String before = Files.readString(file);
    AwsBasicCredentials key = newKey("simon@acme");
    String after = Files.readString(file);
    assertNotEquals(before, after);
    try {
      AuditQuery.Match m = awaitConfig(since, sha256(after));
      assertEquals(SIMON, m.get("actor"), m.json());
      assertEquals("write by " + SIMON + ": CreateAccessKey " + key.accessKeyId(), m.get("cause"));
      assertEquals("UPDATED", m.get("change"));
      JsonNode.ObjectNode digest = digestOf(m, "users/simon.json");
      assertEquals(sha256(before), ((JsonNode.StringNode) digest.get("before")).value(), m.json());
      assertEquals(sha256(after), ((JsonNode.StringNode) digest.get("after")).value(), m.json());
      AuditVerifier.Report report = AuditVerifier.verify(List.of(m.file()), null);
      assertTrue(report.ok(), () -> "the chain holds the new fields: " + report.findings());
    } finally {
      try (IamClient iam = iam(key)) {
        iam.deleteAccessKey(r -> r.accessKeyId(key.accessKeyId()));
      }
    }
    // The deletion too: its "before" is the content the key's creation left.
    AuditQuery.Match deleted = awaitConfig(since, sha256(Files.readString(file)));
    assertEquals(sha256(after), ((JsonNode.StringNode) digestOf(deleted, "users/simon.json").get("before")).value(), deleted.json());
  }

  /** The configuration record of acme since {@code since} whose users/simon.json digest after the change is {@code after}. */
  static AuditQuery.Match awaitConfig(Instant since, String after) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      for (AuditQuery.Match m : records(new AuditQuery.Filter(null, null, null, null, "acme", "config", since, null))) {
        JsonNode.ObjectNode d = digestOf(m, "users/simon.json");
        if (d != null && d.get("after") instanceof JsonNode.StringNode s && s.value().equals(after)) {
          return m;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no configuration record of users/simon.json with digest " + after + " since " + since);
  }

  static JsonNode.ObjectNode digestOf(AuditQuery.Match m, String file) {
    if (m.fields().get("digests") instanceof JsonNode.ArrayNode arr) {
      for (JsonNode e : arr.elements()) {
        if (e instanceof JsonNode.ObjectNode o && o.get("file") instanceof JsonNode.StringNode f && f.value().equals(file)) {
          return o;
        }
      }
    }
    return null;
  }

  static List<AuditQuery.Match> records(AuditQuery.Filter filter) {
    try {
      return Files.isDirectory(TRAIL) ? AuditQuery.run(AuditFiles.expand(List.of(TRAIL)), filter) : List.of();
    } catch (IOException e) {
      throw new AssertionError("Cannot read the trail in " + TRAIL + ": " + e, e);
    }
  }
}
