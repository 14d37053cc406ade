package io.iam4j.iamapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditEvent;
import io.iam4j.audit.AuditLog;
import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's extension actions over a real configuration tree, authorizer and audit trail:
 * ValidatePolicy's findings located at line and column, LookupEvents' records of the caller's
 * tenant only, newest first, in pages; both authorized under their AWS services' action names.
 */
class ConsoleSupportOperationsTest {
  @TempDir Path root;
  @TempDir Path trailDir;
  final ServerKey key = ServerKey.random();
  ConfigStore store;
  Authorizer authorizer;
  AuditLog trail;
  IamService iam;

  void put(String tenant, String path, String content) throws IOException {
    Path p = root.resolve("tenants").resolve(tenant).resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content.replace('\'', '"'));
  }

  @BeforeEach
  void setUp() throws IOException {
    String console = "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': ['access-analyzer:ValidatePolicy',"
        + " 'cloudtrail:LookupEvents'], 'Resource': '*'}]}";
    put("acme", "users/admin.json", "{'inlinePolicies': {'Console': 'inline/console.json'}}");
    put("acme", "inline/console.json", console);
    put("acme", "users/iamonly.json", "{'inlinePolicies': {'All': 'inline/all.json'}}");
    put("acme", "inline/all.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'iam:*', 'Resource': '*'}]}");
    put("globex", "users/gina.json", "{'inlinePolicies': {'Console': 'inline/console.json'}}");
    put("globex", "inline/console.json", console);
    store = ConfigStore.open(ConfigStore.Settings.of(root).withServerKey(key));
    authorizer = new Authorizer(store::directory, PrincipalMapper.defaults(), (tenant, arn) -> Optional.empty(), new DecisionCache(1_000));
    trail = AuditLog.open(AuditLog.Settings.of(trailDir, key));
    iam = new IamService(List.of(new ConsoleSupportOperations(() -> Optional.of(trail))));
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

  String as(String caller, String action, String... pairs) {
    return iam.handle(IamFixture.q(action, pairs), call(caller), "r");
  }

  // ---- ValidatePolicy

  @Test
  void aParseErrorIsLocatedAtItsLineAndColumn() {
    String doc = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Permit\",\n    \"Action\": \"docs:GetObject\","
        + "\n    \"Resource\": \"*\"\n  }]\n}";
    String xml = as("admin@acme", "ValidatePolicy", "PolicyDocument", doc);
    assertEquals(List.of("ERROR"), IamFixture.fields(xml, "FindingType"), xml);
    assertEquals("/Statement/0/Effect", IamFixture.field(xml, "Pointer"));
    assertEquals("4", IamFixture.field(xml, "Line"));
    assertEquals("15", IamFixture.field(xml, "Column"));
    assertEquals("INVALID_EFFECT", IamFixture.field(xml, "IssueCode"));
    assertTrue(IamFixture.field(xml, "FindingDetails").contains("Permit"), xml);
  }

  @Test
  void brokenJsonIsOneLocatedError() {
    String xml = as("admin@acme", "ValidatePolicy", "PolicyDocument", "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}");
    assertEquals(List.of("ERROR"), IamFixture.fields(xml, "FindingType"), xml);
    assertEquals("JSON_SYNTAX", IamFixture.field(xml, "IssueCode"));
    assertEquals("4", IamFixture.field(xml, "Line"));
  }

  @Test
  void lintFindingsOfAValidPolicyAreLocatedByTheirPointer() {
    String doc = "{\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Action\": \"iam:PassRole\",\n    \"Resource\": \"*\"\n  }]\n}";
    String xml = as("admin@acme", "ValidatePolicy", "PolicyDocument", doc);
    List<String> codes = IamFixture.fields(xml, "IssueCode");
    assertTrue(codes.contains("MISSING_VERSION"), xml);
    assertFalse(IamFixture.fields(xml, "FindingType").contains("ERROR"), xml);
    // Each finding is located where its pointer leads: the document's first line for a missing Version.
    List<ConsoleSupportOperations.Located> all = ConsoleSupportOperations.findings(doc, io.iam4j.policy.PolicyType.IDENTITY);
    ConsoleSupportOperations.Located missing = all.stream().filter(f -> f.code().equals("MISSING_VERSION")).findFirst().orElseThrow();
    assertEquals(1, missing.location().line());
    for (ConsoleSupportOperations.Located f : all) {
      assertTrue(f.location() != null && f.location().line() >= 1, f::toString);
    }
  }

  @Test
  void aCleanPolicyHasNoFindingsAndTheTypeMatters() {
    String identity = "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:GetObject', 'Resource': "
        + "'arn:iam4j:docs::acme:bucket/b/*'}]}";
    identity = identity.replace('\'', '"');
    String xml = as("admin@acme", "ValidatePolicy", "PolicyDocument", identity);
    assertTrue(xml.contains("<Findings></Findings>"), xml);
    // The same document as a trust policy needs a Principal.
    String trust = as("admin@acme", "ValidatePolicy", "PolicyDocument", identity, "PolicyType", "trust");
    assertEquals("ERROR", IamFixture.fields(trust, "FindingType").get(0), trust);
    AwsError e = assertThrows(AwsError.class, () -> as("admin@acme", "ValidatePolicy", "PolicyDocument", "{}", "PolicyType", "bucket"));
    assertEquals("ValidationError", e.code());
  }

  @Test
  void validatePolicyIsAuthorizedAsAccessAnalyzersAction() {
    // iam:* does not cover another service's action.
    AwsError e = assertThrows(AwsError.class, () -> as("iamonly@acme", "ValidatePolicy", "PolicyDocument", "{}"));
    assertEquals("AccessDenied", e.code());
    assertTrue(e.getMessage().contains("access-analyzer:ValidatePolicy"), e.getMessage());
  }

  // ---- LookupEvents

  void decide(String caller, String action) {
    IamCall c = call(caller);
    Authorizer.Result r = authorizer.authorize(c.caller(), action, "*", c.tenant().id(), RequestContext.empty());
    trail.record(AuditEvent.DecisionEvent.of(r, Instant.now(), "req-" + action, "test", 0));
  }

  @Test
  void eventsOfTheCallersTenantOnlyNewestFirst() {
    decide("admin@acme", "cloudtrail:LookupEvents");
    decide("admin@acme", "docs:GetObject");
    decide("gina@globex", "cloudtrail:LookupEvents");
    trail.record(new AuditEvent.SignInEvent(Instant.now(), "req-signin", "console", "FAILURE", "acme", "mallory@acme",
        "wrong user name or password", "127.0.0.1", 0));
    String xml = as("admin@acme", "LookupEvents", "EventType", "decision");
    List<String> actions = IamFixture.fields(xml, "Action");
    assertEquals(List.of("docs:GetObject", "cloudtrail:LookupEvents"), actions, xml);
    assertFalse(xml.contains("globex"), xml);
    assertEquals(List.of("Allow"), IamFixture.fields(xml, "Decision").subList(1, 2));
    assertEquals("ImplicitDeny", IamFixture.fields(xml, "Decision").get(0));
    assertTrue(IamFixture.fields(xml, "Reason").get(0).startsWith("no identity-based policy allows"), xml);

    String signins = as("admin@acme", "LookupEvents", "EventType", "signin");
    assertEquals(List.of("mallory@acme"), IamFixture.fields(signins, "Principal"), signins);
    assertEquals("FAILURE", IamFixture.field(signins, "Decision"));

    String globex = as("gina@globex", "LookupEvents");
    assertFalse(globex.contains("acme"), globex);
  }

  @Test
  void filtersAndPages() {
    for (int i = 0; i < 5; i++) {
      decide("admin@acme", "docs:GetObject");
      decide("admin@acme", "cloudtrail:LookupEvents");
    }
    String denied = as("admin@acme", "LookupEvents", "Decision", "ImplicitDeny", "EventAction", "docs:*");
    assertEquals(5, IamFixture.fields(denied, "Action").size(), denied);
    assertEquals(Set.of("docs:GetObject"), Set.copyOf(IamFixture.fields(denied, "Action")));
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String page = token == null ? as("admin@acme", "LookupEvents", "EventAction", "docs:GetObject", "MaxResults", "2")
          : as("admin@acme", "LookupEvents", "EventAction", "docs:GetObject", "MaxResults", "2", "NextToken", token);
      seen.addAll(IamFixture.fields(page, "EventTime"));
      token = IamFixture.fields(page, "NextToken").stream().findFirst().orElse(null);
      pages++;
    } while (token != null && pages < 10);
    assertEquals(5, seen.size());
    assertEquals(3, pages);
    String none = as("admin@acme", "LookupEvents", "EndTime", "2000-01-01T00:00:00Z");
    assertTrue(none.contains("<Events></Events>"), none);
  }

  @Test
  void badParametersAndPermissionsAreRefused() {
    assertEquals("ValidationError", assertThrows(AwsError.class, () -> as("admin@acme", "LookupEvents", "MaxResults", "201")).code());
    assertEquals("ValidationError", assertThrows(AwsError.class, () -> as("admin@acme", "LookupEvents", "Decision", "Maybe")).code());
    assertEquals("ValidationError", assertThrows(AwsError.class, () -> as("admin@acme", "LookupEvents", "StartTime", "yesterday")).code());
    assertEquals("InvalidTimeRange", assertThrows(AwsError.class, () -> as("admin@acme", "LookupEvents", "StartTime",
        "2026-01-02T00:00:00Z", "EndTime", "2026-01-01T00:00:00Z")).code());
    assertEquals("InvalidNextToken", assertThrows(AwsError.class, () -> as("admin@acme", "LookupEvents", "NextToken", "%%%")).code());
    AwsError denied = assertThrows(AwsError.class, () -> as("iamonly@acme", "LookupEvents"));
    assertEquals("AccessDenied", denied.code());
    assertTrue(denied.getMessage().contains("cloudtrail:LookupEvents"), denied.getMessage());
  }

  @Test
  void withoutIam4jsTrailThereIsNothingToFind() {
    IamService none = new IamService(List.of(new ConsoleSupportOperations(Optional::empty)));
    String xml = none.handle(IamFixture.q("LookupEvents"), call("admin@acme"), "r");
    assertTrue(xml.contains("<Events></Events>"), xml);
    assertTrue(trail.flush(Duration.ofSeconds(1)));
  }
}
