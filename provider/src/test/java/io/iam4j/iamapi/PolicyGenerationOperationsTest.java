package io.iam4j.iamapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditEvent;
import io.iam4j.audit.AuditLog;
import io.iam4j.audit.TrailActivity;
import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.CatalogJson;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.sts.AwsError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GeneratePolicy over a real configuration tree, authorizer and audit trail: the principal's
 * allowed requests of the window only (a role's through its sessions), generalized with the
 * catalog, authorized as {@code access-analyzer:StartPolicyGeneration} on the principal, within the
 * caller's tenant.
 */
class PolicyGenerationOperationsTest {
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  static final String ALICE = "arn:iam4j:iam::acme:user/alice";
  static final String CATALOG = """
      {"Services": [{"Name": "docs",
        "Actions": [
          {"Name": "GetObject", "Resources": [{"Name": "object", "Required": true}]},
          {"Name": "PutObject", "Annotations": {"Properties": {"IsWrite": true}}, "Resources": [{"Name": "object", "Required": true}]},
          {"Name": "DeleteObject", "Annotations": {"Properties": {"IsWrite": true}}, "Resources": [{"Name": "object", "Required": true}]},
          {"Name": "ListBuckets", "Annotations": {"Properties": {"IsList": true}}, "Resources": []}],
        "Resources": [
          {"Name": "bucket", "ARNFormats": ["arn:iam4j:docs::${Account}:bucket/${Bucket}"]},
          {"Name": "object", "ARNFormats": ["arn:iam4j:docs::${Account}:bucket/${Bucket}/${Key}"]}]}]}
      """;

  @TempDir Path root;
  @TempDir Path trailDir;
  final ServerKey key = ServerKey.random();
  ConfigStore store;
  Authorizer authorizer;
  AuditLog trail;
  IamService iam;
  int seq;

  void put(String tenant, String path, String content) throws IOException {
    Path p = root.resolve("tenants").resolve(tenant).resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content.replace('\'', '"'));
  }

  @BeforeEach
  void setUp() throws IOException {
    String generate = "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'access-analyzer:StartPolicyGeneration',"
        + " 'Resource': '*'}]}";
    put("acme", "users/admin.json", "{'inlinePolicies': {'Generate': 'inline/generate.json'}}");
    put("acme", "inline/generate.json", generate);
    put("acme", "users/alice.json", "{}");
    put("acme", "users/bob.json", "{}");
    put("acme", "users/olga.json", "{'path': '/ops/'}");
    put("acme", "users/limited.json", "{'inlinePolicies': {'Alice': 'inline/alice-only.json'}}");
    put("acme", "inline/alice-only.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action':"
        + " 'access-analyzer:StartPolicyGeneration', 'Resource': 'arn:iam4j:iam::acme:user/alice'}]}");
    put("acme", "users/iamonly.json", "{'inlinePolicies': {'All': 'inline/all.json'}}");
    put("acme", "inline/all.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'iam:*', 'Resource': '*'}]}");
    put("acme", "roles/ReportingJob.json", "{'trustPolicy': 'trust/job.json'}");
    put("acme", "trust/job.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS':"
        + " 'arn:iam4j:iam::acme:user/admin'}, 'Action': 'sts:AssumeRole'}]}");
    put("globex", "users/gina.json", "{'inlinePolicies': {'Generate': 'inline/generate.json'}}");
    put("globex", "inline/generate.json", generate);
    store = ConfigStore.open(ConfigStore.Settings.of(root).withServerKey(key));
    authorizer = new Authorizer(store::directory, PrincipalMapper.defaults(), (tenant, arn) -> Optional.empty(), new DecisionCache(1_000));
    trail = AuditLog.open(AuditLog.Settings.of(trailDir, key));
    ActionCatalog catalog = CatalogJson.parse(CATALOG, "test catalog");
    iam = new IamService(List.of(new PolicyGenerationOperations(() -> Optional.of(trail), () -> catalog)));
  }

  @AfterEach
  void tearDown() {
    trail.close();
    store.close();
  }

  IamCall call(String caller) {
    Mapping m = authorizer.map(CallerInfo.of(caller, Set.of()));
    return new IamCall(assertInstanceOf(Mapping.Mapped.class, m).identity(), RequestContext.empty(), authorizer, store, key,
        Clock.systemUTC());
  }

  String as(String caller, String... pairs) {
    return iam.handle(IamFixture.q("GeneratePolicy", pairs), call(caller), "r");
  }

  /** A decision record as the enforcement path writes it. */
  void record(long minutes, String tenant, String principal, String action, String resource, Outcome outcome, String error) {
    trail.record(new AuditEvent.DecisionEvent(T0.plus(Duration.ofMinutes(minutes)), "req-" + (++seq), "rest", tenant, principal, action,
        resource, tenant, outcome, List.of(), null, error, null, false, 1, 0));
  }

  static String object(String tenant, String bucket, String key) {
    return "arn:iam4j:docs::" + tenant + ":bucket/" + bucket + "/" + key;
  }

  String window(String caller, String arn) {
    return as(caller, "PrincipalArn", arn, "StartTime", "2026-12-01T00:00:00Z", "EndTime", "2026-12-02T00:00:00Z");
  }

  @Test
  void aUsersAllowedRequestsOfTheWindow_becomeItsPolicy() {
    record(1, "acme", ALICE, "docs:GetObject", object("acme", "reports", "q1.txt"), Outcome.ALLOW, null);
    record(2, "acme", ALICE, "docs:GetObject", object("acme", "reports", "q2.txt"), Outcome.ALLOW, null);
    record(3, "acme", ALICE, "docs:PutObject", object("acme", "reports", "summary.txt"), Outcome.ALLOW, null);
    record(4, "acme", ALICE, "docs:ListBuckets", "arn:iam4j:docs::acme:bucket/*", Outcome.ALLOW, null);
    // Not activity: a denied request, an allow IAM did not decide, other windows, principals and tenants.
    record(5, "acme", ALICE, "docs:DeleteObject", object("acme", "reports", "q1.txt"), Outcome.EXPLICIT_DENY, null);
    record(6, "acme", ALICE, "admin:Pages", "arn:iam4j:admin::acme:page/x", Outcome.ALLOW, "Left to the container's constraints");
    record(-1, "acme", ALICE, "docs:DeleteObject", object("acme", "reports", "old.txt"), Outcome.ALLOW, null);
    record(24 * 60, "acme", ALICE, "docs:DeleteObject", object("acme", "reports", "late.txt"), Outcome.ALLOW, null);
    record(7, "acme", "arn:iam4j:iam::acme:user/bob", "docs:DeleteObject", object("acme", "reports", "q1.txt"), Outcome.ALLOW, null);
    record(8, "globex", "arn:iam4j:iam::globex:user/alice", "docs:DeleteObject", object("globex", "x", "y"), Outcome.ALLOW, null);
    String xml = window("admin@acme", ALICE);
    String doc = IamFixture.field(xml, "PolicyDocument").replace("&quot;", "\"");
    assertTrue(doc.contains("\"arn:iam4j:docs::acme:bucket/reports/*\""), doc);
    assertTrue(doc.contains("\"arn:iam4j:docs::acme:bucket/reports/summary.txt\""), doc);
    assertFalse(doc.contains("DeleteObject") || doc.contains("admin:"), doc);
    assertEquals(List.of("docs:GetObject", "docs:ListBuckets", "docs:PutObject"), IamFixture.fields(xml, "Action"), xml);
    assertEquals(List.of("CATALOG", "ALL_RESOURCES", "CATALOG"), IamFixture.fields(xml, "Generalization"), xml);
    assertEquals("4", IamFixture.field(xml, "Requests"), xml);
    assertEquals("4", IamFixture.field(xml, "ReplayedRequests"), xml);
    assertEquals("1", IamFixture.field(xml, "NotDecidedByIam"), xml);
    assertEquals("true", IamFixture.field(xml, "IsComplete"), xml);
    assertEquals(ALICE, IamFixture.field(xml, "PrincipalArn"));
    assertEquals("2026-12-01T00:00:00Z", IamFixture.field(xml, "StartTime"));
  }

  @Test
  void aRolesSessions_areItsActivity() {
    record(1, "acme", "arn:iam4j:sts::acme:assumed-role/ReportingJob/run-1", "docs:PutObject", object("acme", "summaries", "1.txt"),
        Outcome.ALLOW, null);
    record(2, "acme", "arn:iam4j:sts::acme:assumed-role/ReportingJob/run-2", "docs:PutObject", object("acme", "summaries", "2.txt"),
        Outcome.ALLOW, null);
    // Another role whose name starts with this one's.
    record(3, "acme", "arn:iam4j:sts::acme:assumed-role/ReportingJobX/run-1", "docs:GetObject", object("acme", "summaries", "1.txt"),
        Outcome.ALLOW, null);
    String xml = window("admin@acme", "arn:iam4j:iam::acme:role/ReportingJob");
    assertEquals(List.of("docs:PutObject"), IamFixture.fields(xml, "Action"), xml);
    assertTrue(xml.contains("<Resources><member>arn:iam4j:docs::acme:bucket/summaries/*</member></Resources>"), xml);
    assertEquals("2", IamFixture.field(xml, "DistinctCallers"), xml);
    assertEquals("<Callers><member>arn:iam4j:sts::acme:assumed-role/ReportingJob/run-1</member>"
        + "<member>arn:iam4j:sts::acme:assumed-role/ReportingJob/run-2</member></Callers>",
        xml.substring(xml.indexOf("<Callers><member>"), xml.indexOf("</Callers>") + 10), xml);
  }

  @Test
  void noActivity_noDocument() {
    String xml = window("admin@acme", "arn:iam4j:iam::acme:user/bob");
    assertFalse(xml.contains("<PolicyDocument>"), xml);
    assertEquals("0", IamFixture.field(xml, "Requests"), xml);
  }

  @Test
  void isAuthorizedAsStartPolicyGeneration_onThePrincipal() {
    record(1, "acme", ALICE, "docs:GetObject", object("acme", "reports", "q1.txt"), Outcome.ALLOW, null);
    assertTrue(window("limited@acme", ALICE).contains("<PolicyDocument>"));
    AwsError e = assertThrows(AwsError.class, () -> window("limited@acme", "arn:iam4j:iam::acme:user/bob"));
    assertEquals("AccessDenied", e.code());
    assertTrue(e.getMessage().contains("access-analyzer:StartPolicyGeneration"), e.getMessage());
    assertEquals("AccessDenied", assertThrows(AwsError.class, () -> window("iamonly@acme", ALICE)).code());
  }

  @Test
  void anotherTenantsPrincipal_isRefused_andAnUnknownOne_isNoEntity() {
    record(1, "globex", "arn:iam4j:iam::globex:user/gina", "docs:GetObject", object("globex", "b", "k"), Outcome.ALLOW, null);
    // Another tenant's principal is refused like any cross-tenant request, before anything is looked up.
    assertEquals("AccessDenied", assertThrows(AwsError.class, () -> window("admin@acme", "arn:iam4j:iam::globex:user/gina")).code());
    assertEquals("NoSuchEntity", assertThrows(AwsError.class, () -> window("admin@acme", "arn:iam4j:iam::acme:user/nobody")).code());
    assertEquals("NoSuchEntity", assertThrows(AwsError.class, () -> window("admin@acme", "arn:iam4j:iam::acme:user/ops/alice")).code());
    assertEquals("NoSuchEntity", assertThrows(AwsError.class, () -> window("admin@acme", "arn:iam4j:iam::acme:role/Nope")).code());
    // A user with a path is found by its ARN with the path.
    assertFalse(window("admin@acme", "arn:iam4j:iam::acme:user/ops/olga").contains("<PolicyDocument>"));
    // gina's own tenant answers her.
    assertTrue(window("gina@globex", "arn:iam4j:iam::globex:user/gina").contains("arn:iam4j:docs::globex:bucket/b/k"));
  }

  @Test
  void parametersAreChecked() {
    assertEquals("MissingParameter", assertThrows(AwsError.class, () -> as("admin@acme", "StartTime", "2026-12-01T00:00:00Z")).code());
    assertEquals("MissingParameter", assertThrows(AwsError.class, () -> as("admin@acme", "PrincipalArn", ALICE)).code());
    assertEquals("ValidationError", assertThrows(AwsError.class, () -> as("admin@acme", "PrincipalArn", ALICE, "StartTime", "yesterday")).code());
    assertEquals("InvalidInput", assertThrows(AwsError.class, () -> as("admin@acme", "PrincipalArn", ALICE,
        "StartTime", "2026-12-02T00:00:00Z", "EndTime", "2026-12-01T00:00:00Z")).code());
    AwsError tooLong = assertThrows(AwsError.class, () -> as("admin@acme", "PrincipalArn", ALICE,
        "StartTime", "2026-01-01T00:00:00Z", "EndTime", "2026-12-01T00:00:00Z"));
    assertTrue(tooLong.getMessage().contains("90 days"), tooLong.getMessage());
    AwsError group = assertThrows(AwsError.class, () -> window("admin@acme", "arn:iam4j:iam::acme:group/Developers"));
    assertEquals("InvalidInput", group.code());
    assertEquals("InvalidInput", assertThrows(AwsError.class, () -> window("admin@acme", "alice")).code());
  }

  @Test
  void withoutIam4jsTrail_thereIsNothingToRead() {
    IamService none = new IamService(List.of(new PolicyGenerationOperations(Optional::empty, () -> ActionCatalog.EMPTY)));
    AwsError e = assertThrows(AwsError.class, () -> none.handle(IamFixture.q("GeneratePolicy", "PrincipalArn", ALICE,
        "StartTime", "2026-12-01T00:00:00Z"), call("admin@acme"), "r"));
    assertEquals("NoSuchEntity", e.code());
  }

  @Test
  void principalArns_areUsersOrRoles() {
    TrailActivity.Principal role = TrailActivity.Principal.parse("arn:iam4j:iam::acme:role/service/ReportingJob");
    assertTrue(role.role());
    assertEquals("ReportingJob", role.name());
    assertEquals("/service/", role.path());
    TrailActivity.Principal user = TrailActivity.Principal.parse(ALICE);
    assertFalse(user.role());
    assertEquals("acme", user.tenant());
    for (String bad : List.of("arn:iam4j:iam::acme:group/x", "arn:iam4j:sts::acme:assumed-role/R/s", "arn:iam4j:iam:::user/x",
        "arn:iam4j:iam::acme:user/", "arn:iam4j:iam::acme:user/a*b", "user/alice")) {
      assertThrows(IllegalArgumentException.class, () -> TrailActivity.Principal.parse(bad), bad);
    }
  }

  @Test
  void aPolicyTooLargeForADocument_isLimitExceeded() {
    for (int i = 0; i < 2500; i++) {
      record(1, "acme", ALICE, "jobs:RunJob", "arn:iam4j:jobs::acme:job/nightly-report-" + i, Outcome.ALLOW, null);
    }
    AwsError e = assertThrows(AwsError.class, () -> window("admin@acme", ALICE));
    assertEquals("LimitExceeded", e.code());
    assertEquals(409, e.status());
    assertTrue(e.getMessage().contains("jobs:RunJob's 2500 literal resources"), e.getMessage());
  }
}
