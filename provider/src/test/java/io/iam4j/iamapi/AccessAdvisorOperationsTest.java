package io.iam4j.iamapi;

import static io.iam4j.iamapi.IamFixture.field;
import static io.iam4j.iamapi.IamFixture.fields;
import static io.iam4j.iamapi.IamFixture.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.advisor.AccessAdvisor;
import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.catalog.AccessLevel;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.ActionEntry;
import io.iam4j.catalog.ServiceReference;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.sts.AwsError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access advisor's API over a real tree, authorizer and index: IAM's request and reply shapes,
 * its authorization on the entity's ARN, jobs read only by their requester, and the unused access
 * findings authorized as access-analyzer:ListFindingsV2 on the tenant's analyzer.
 */
class AccessAdvisorOperationsTest {
  static final String DEV = "arn:iam4j:iam::acme:user/dev";
  static final String READERS = "arn:iam4j:iam::acme:policy/Readers";
  @TempDir Path root;
  final ServerKey key = ServerKey.random();
  final Instant now = Instant.parse("2026-12-07T10:00:00Z");
  ConfigStore store;
  Authorizer authorizer;
  AccessAdvisor advisor;
  IamService iam;

  void put(String path, String content) throws IOException {
    Path p = root.resolve("tenants/acme").resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content.replace('\'', '"'));
  }

  @BeforeEach
  void setUp() throws IOException {
    put("users/admin.json", "{'inlinePolicies': {'All': 'inline/all.json'}}");
    put("inline/all.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': ['iam:*',"
        + " 'access-analyzer:ListFindingsV2'], 'Resource': '*'}]}");
    put("users/other.json", "{'inlinePolicies': {'All': 'inline/all.json'}}");
    put("policies/Readers.json", "{'Version': '2012-10-17', 'Statement': [{'Sid': 'Read', 'Effect': 'Allow',"
        + " 'Action': ['docs:ListObjects', 'docs:GetObject'], 'Resource': '*'}]}");
    put("groups/Developers.json", "{'managedPolicies': ['" + READERS + "']}");
    put("users/dev.json", "{'groups': ['Developers']}");
    store = ConfigStore.open(ConfigStore.Settings.of(root).withServerKey(key));
    authorizer = new Authorizer(store::directory, PrincipalMapper.defaults(), (tenant, arn) -> Optional.empty(), new DecisionCache(1_000));
    advisor = AccessAdvisor.inMemory(now::toEpochMilli);
    authorizer.addObserver(advisor);
    ActionCatalog catalog = ActionCatalog.of(List.of(new ServiceReference("docs", List.of(
        new ActionEntry("ListObjects", AccessLevel.LIST, List.of(), List.of(), List.of()),
        new ActionEntry("GetObject", AccessLevel.READ, List.of(), List.of(), List.of()),
        new ActionEntry("PutObject", AccessLevel.WRITE, List.of(), List.of(), List.of())), List.of(), List.of())));
    iam = new IamService(List.of(new AccessAdvisorOperations(() -> advisor, () -> catalog, () -> null, () -> 90)));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  IamCall call(String user) {
    Mapping m = authorizer.map(CallerInfo.of(user + "@acme", Set.of()));
    return new IamCall(assertInstanceOf(Mapping.Mapped.class, m).identity(), RequestContext.empty(), authorizer, store, key,
        Clock.fixed(now, ZoneOffset.UTC));
  }

  String as(String user, String action, String... pairs) {
    return iam.handle(q(action, pairs), call(user), "r");
  }

  AwsError refused(String user, String action, String... pairs) {
    return assertThrows(AwsError.class, () -> as(user, action, pairs));
  }

  @Test
  void aUsersActionLevelReportNamesTheServiceTheActionsAndTheGrantingStatement() {
    authorizer.authorize(call("dev").caller(), "docs:GetObject", "arn:iam4j:docs::acme:bucket/b/k", null, RequestContext.empty());
    String job = field(as("admin", "GenerateServiceLastAccessedDetails", "Arn", DEV, "Granularity", "ACTION_LEVEL"), "JobId");
    String xml = as("admin", "GetServiceLastAccessedDetails", "JobId", job);
    assertTrue(xml.startsWith("<GetServiceLastAccessedDetailsResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
        + "<GetServiceLastAccessedDetailsResult><JobStatus>COMPLETED</JobStatus><JobType>ACTION_LEVEL</JobType>"), xml);
    assertEquals(List.of("docs"), fields(xml, "ServiceNamespace"));
    assertEquals("2026-12-07T10:00:00Z", field(xml, "LastAuthenticated"));
    assertEquals(DEV, field(xml, "LastAuthenticatedEntity"));
    assertEquals("1", field(xml, "TotalAuthenticatedEntities"));
    assertEquals(List.of("GetObject", "ListObjects"), fields(xml, "ActionName"));
    assertTrue(xml.contains("<member><ActionName>GetObject</ActionName><LastAccessedEntity>" + DEV
        + "</LastAccessedEntity><LastAccessedTime>2026-12-07T10:00:00Z</LastAccessedTime><LastAuthenticatedStatement>"
        + "<PolicyType>identity</PolicyType><PolicyArn>" + READERS + "</PolicyArn><StatementIndex>0</StatementIndex><Sid>Read</Sid>"
        + "<LastAllowed>2026-12-07T10:00:00Z</LastAllowed></LastAuthenticatedStatement>"), xml);
    assertTrue(xml.contains("<member><ActionName>ListObjects</ActionName><AllowedByStatement>"), "never accessed: no time, no entity");
    assertEquals("false", field(xml, "IsTruncated"));

    String entities = as("admin", "GetServiceLastAccessedDetailsWithEntities", "JobId", job, "ServiceNamespace", "docs");
    assertTrue(entities.contains("<EntityDetailsList><member><EntityInfo><Arn>" + DEV + "</Arn><Name>dev</Name><Type>USER</Type>"), entities);
  }

  @Test
  void generatingIsAuthorizedOnTheEntityAndAJobIsOnlyItsRequesters() {
    AwsError denied = refused("dev", "GenerateServiceLastAccessedDetails", "Arn", "arn:iam4j:iam::acme:user/admin");
    assertEquals("AccessDenied", denied.code());
    assertTrue(denied.getMessage().contains("iam:GenerateServiceLastAccessedDetails on resource: arn:iam4j:iam::acme:user/admin"),
        denied.getMessage());
    String job = field(as("admin", "GenerateServiceLastAccessedDetails", "Arn", READERS), "JobId");
    assertEquals("NoSuchEntity", refused("other", "GetServiceLastAccessedDetails", "JobId", job).code());
    assertEquals("NoSuchEntity", refused("admin", "GenerateServiceLastAccessedDetails", "Arn", "arn:iam4j:iam::acme:user/nobody").code());
    assertEquals("ValidationError",
        refused("admin", "GenerateServiceLastAccessedDetails", "Arn", DEV, "Granularity", "RESOURCE_LEVEL").code());
    assertEquals("SERVICE_LEVEL", field(as("admin", "GetServiceLastAccessedDetails", "JobId", job), "JobType"));
  }

  @Test
  void unusedAccessFindingsListTheUnusedGrantedActionsOfAUser() {
    authorizer.authorize(call("dev").caller(), "docs:GetObject", "arn:iam4j:docs::acme:bucket/b/k", null, RequestContext.empty());
    String xml = as("admin", "ListUnusedAccessFindings", "UnusedAccessAge", "30", "Resource", DEV);
    assertEquals("arn:iam4j:access-analyzer::acme:analyzer/unused-access", field(xml, "AnalyzerArn"));
    assertEquals(List.of("UnusedPermission"), fields(xml, "FindingType"));
    assertEquals(List.of("docs:ListObjects"), fields(xml, "Action"), "GetObject was used");
    assertTrue(xml.contains("<GrantedBy><PolicyType>identity</PolicyType><PolicyArn>" + READERS + "</PolicyArn>"), xml);

    AwsError denied = refused("dev", "ListUnusedAccessFindings");
    assertTrue(denied.getMessage().contains("access-analyzer:ListFindingsV2 on resource: arn:iam4j:access-analyzer::acme:analyzer/unused-access"),
        denied.getMessage());
    assertEquals("ValidationError", refused("admin", "ListUnusedAccessFindings", "UnusedAccessAge", "366").code());
    assertFalse(as("admin", "ListUnusedAccessFindings", "FindingType", "UnusedIAMRole").contains("<member>"));
  }
}
