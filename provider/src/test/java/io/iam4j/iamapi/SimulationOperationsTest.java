package io.iam4j.iamapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.Identity;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.policy.PolicyType;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policy simulation and GetAccountAuthorizationDetails as the IAM API Reference describes them,
 * each simulated decision compared with what the production evaluator decides for the same request
 * of the same identity.
 */
class SimulationOperationsTest {
  static final String BUCKET = "arn:iam4j:docs::acme:bucket/";
  static final String DAVE = "arn:iam4j:iam::acme:user/staff/dave";

  @TempDir Path root;
  ConfigStore store;
  Authorizer authorizer;
  IamService service;
  final ServerKey key = ServerKey.random();

  static String j(String s) {
    return s.replace('\'', '"');
  }

  void put(String tenant, String path, String content) throws IOException {
    Path p = root.resolve("tenants").resolve(tenant).resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, j(content));
  }

  static String doc(String statements) {
    return "{'Version': '2012-10-17', 'Statement': [" + statements + "]}";
  }

  @BeforeEach
  void setUp() throws IOException {
    put("acme", "users/admin.json", "{'inlinePolicies': {'Simulate': 'inline/simulate.json'}}");
    put("acme", "inline/simulate.json", doc("{'Effect': 'Allow', 'Action': ['iam:Simulate*', 'iam:GetContextKeys*',"
        + " 'iam:GetAccountAuthorizationDetails'], 'Resource': '*'}"));
    put("acme", "users/nobody.json", "{}");
    put("acme", "users/dave.json", "{'path': '/staff/', 'groups': ['readers'], 'managedPolicies': ['arn:iam4j:iam::acme:policy/ReadWrite'],"
        + " 'inlinePolicies': {'DenyDelete': 'inline/deny-delete.json'}, 'permissionsBoundary': 'arn:iam4j:iam::acme:policy/Boundary',"
        + " 'tags': {'team': 'docs'}}");
    put("acme", "inline/deny-delete.json", doc("{'Sid': 'NoDelete', 'Effect': 'Deny', 'Action': 'docs:DeleteObject', 'Resource': '"
        + BUCKET + "a/*'}"));
    put("acme", "policies/ReadWrite.json", doc("{'Effect': 'Allow', 'Action': ['docs:GetObject', 'docs:PutObject', 'docs:DeleteObject'],"
        + " 'Resource': '" + BUCKET + "*'}"));
    put("acme", "policies/Boundary.json", doc("{'Effect': 'Allow', 'Action': ['docs:GetObject', 'docs:DeleteObject', 'docs:ListBucket'],"
        + " 'Resource': '*'}"));
    put("acme", "groups/readers.json", "{'inlinePolicies': {'ListFromOffice': 'inline/list.json'}}");
    put("acme", "inline/list.json", doc("{'Effect': 'Allow', 'Action': 'docs:ListBucket', 'Resource': '*',"
        + " 'Condition': {'IpAddress': {'aws:SourceIp': '10.0.0.0/8'}}}"));
    put("acme", "guardrails/Docs.json", doc("{'Effect': 'Allow', 'Action': '*', 'Resource': '*'},"
        + " {'Effect': 'Deny', 'Action': 'docs:*', 'Resource': '" + BUCKET + "secret/*'}"));
    put("acme", "roles/Reporter.json", "{'trustPolicy': 'trust/reporter.json', 'inlinePolicies': {'Read': 'inline/read.json'}}");
    put("acme", "trust/reporter.json", doc("{'Effect': 'Allow', 'Principal': {'AWS': 'arn:iam4j:iam::acme:user/admin'}, 'Action': 'sts:AssumeRole'}"));
    put("acme", "inline/read.json", doc("{'Effect': 'Allow', 'Action': 'docs:GetObject', 'Resource': '*'}"));
    put("globex", "users/gina.json", "{'inlinePolicies': {'All': 'inline/all.json'}}");
    put("globex", "inline/all.json", doc("{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}"));
    store = ConfigStore.open(ConfigStore.Settings.of(root));
    authorizer = new Authorizer(store::directory, PrincipalMapper.defaults(), (tenant, arn) -> Optional.empty(), new DecisionCache(1_000));
    service = new IamService(List.of(new SimulationOperations(), new AuthorizationDetailsOperations()));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  Identity identity(String caller) {
    Mapping m = authorizer.map(CallerInfo.of(caller, Set.of()));
    return assertInstanceOf(Mapping.Mapped.class, m, caller).identity();
  }

  IamCall call(String caller) {
    return new IamCall(identity(caller), RequestContext.empty(), authorizer, store, key,
        Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
  }

  static QueryRequest q(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Version", IamService.VERSION);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return QueryRequest.parse(b.toString().getBytes(StandardCharsets.UTF_8), null);
  }

  String admin(String... pairs) {
    return service.handle(q(pairs), call("admin@acme"), "r");
  }

  static List<String> members(String xml, String list) {
    Matcher m = Pattern.compile("<" + list + ">(.*?)</" + list + ">", Pattern.DOTALL).matcher(xml);
    List<String> out = new ArrayList<>();
    if (m.find()) {
      Matcher e = Pattern.compile("<member>(.*?)</member>(?=<member>|$)", Pattern.DOTALL).matcher(m.group(1));
      while (e.find()) {
        out.add(e.group(1));
      }
    }
    return out;
  }

  /** The EvaluationResults members (each a whole member, nested members included). */
  static List<String> results(String xml) {
    int from = xml.indexOf("<EvaluationResults>") + "<EvaluationResults>".length();
    int end = xml.indexOf("</EvaluationResults>");
    String body = xml.substring(from, end);
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = -1;
    Matcher m = Pattern.compile("</?member>").matcher(body);
    while (m.find()) {
      if (m.group().equals("<member>")) {
        if (depth++ == 0) {
          start = m.end();
        }
      } else if (--depth == 0) {
        out.add(body.substring(start, m.start()));
      }
    }
    return out;
  }

  static String field(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    assertTrue(m.find(), () -> name + " in " + xml);
    return m.group(1);
  }

  /** What the server decides for dave's own request: the reference every simulation of dave must match. */
  Decision production(String action, String resource, RequestContext extra) {
    Identity dave = identity("dave@acme");
    RequestContext.Builder ctx = dave.context();
    extra.asMap().forEach(ctx::put);
    return Evaluator.evaluate(dave.policies(), AuthorizationRequest.builder().caller(dave.caller()).action(action).resource(resource)
        .context(ctx.build()).build());
  }

  String simulateDave(String action, String resource, String... more) {
    List<String> pairs = new ArrayList<>(List.of("Action", "SimulatePrincipalPolicy", "PolicySourceArn", DAVE,
        "ActionNames.member.1", action, "ResourceArns.member.1", resource));
    pairs.addAll(List.of(more));
    List<String> r = results(admin(pairs.toArray(String[]::new)));
    assertEquals(1, r.size());
    return r.get(0);
  }

  // ---------------------------------------------------------------- SimulatePrincipalPolicy

  @Test
  void principal_explicitDeny_namesTheDenyingStatementWithItsPosition() {
    String r = simulateDave("docs:DeleteObject", BUCKET + "a/x.txt");
    assertEquals("explicitDeny", field(r, "EvalDecision"));
    assertEquals(Outcome.EXPLICIT_DENY, production("docs:DeleteObject", BUCKET + "a/x.txt", RequestContext.empty()).outcome());
    List<String> matched = members(r, "MatchedStatements");
    assertEquals(1, matched.size(), r);
    assertEquals("DenyDelete", field(matched.get(0), "SourcePolicyId"));
    assertEquals("user", field(matched.get(0), "SourcePolicyType"));
    // The stored document is printed canonically; its only statement starts on line 4.
    assertTrue(matched.get(0).matches(".*<StartPosition><Line>\\d+</Line><Column>\\d+</Column></StartPosition>.*"), matched.get(0));
    // The boundary allows DeleteObject: the deny is the identity policy's.
    assertEquals("true", field(r, "AllowedByPermissionsBoundary"));
  }

  @Test
  void principal_boundaryLacksTheAllow_implicitDeny_boundaryDetailFalse() {
    String r = simulateDave("docs:PutObject", BUCKET + "b/x.txt");
    assertEquals("implicitDeny", field(r, "EvalDecision"));
    assertEquals("false", field(r, "AllowedByPermissionsBoundary"));
    assertTrue(members(r, "MatchedStatements").isEmpty());
    Decision d = production("docs:PutObject", BUCKET + "b/x.txt", RequestContext.empty());
    assertEquals(Outcome.IMPLICIT_DENY, d.outcome());
    assertEquals(PolicyType.BOUNDARY, d.missingAllow(), "the identity policy allows; the boundary does not");
  }

  @Test
  void principal_allowed_namesTheManagedPolicy_guardrailsAndBoundaryAllow() {
    String r = simulateDave("docs:GetObject", BUCKET + "b/x.txt");
    assertEquals("allowed", field(r, "EvalDecision"));
    assertEquals(Outcome.ALLOW, production("docs:GetObject", BUCKET + "b/x.txt", RequestContext.empty()).outcome());
    List<String> matched = members(r, "MatchedStatements");
    assertEquals("arn:iam4j:iam::acme:policy/ReadWrite", field(matched.get(0), "SourcePolicyId"));
    assertEquals("user-managed", field(matched.get(0), "SourcePolicyType"));
    assertEquals("true", field(r, "AllowedByOrganizations"));
    assertEquals("true", field(r, "AllowedByPermissionsBoundary"));
    assertTrue(r.contains("<ResourceSpecificResults><member><EvalResourceName>" + BUCKET + "b/x.txt</EvalResourceName>"
        + "<EvalResourceDecision>allowed</EvalResourceDecision>"), r);
    assertTrue(r.contains("<EvalDecisionDetails></EvalDecisionDetails>"), "same tenant with a resource ARN: present and empty");
  }

  @Test
  void principal_guardrailDenies_organizationsDetailFalse() {
    String r = simulateDave("docs:GetObject", BUCKET + "secret/plan.txt");
    assertEquals("explicitDeny", field(r, "EvalDecision"));
    assertEquals("false", field(r, "AllowedByOrganizations"));
    assertEquals("arn:iam4j:iam::acme:guardrail/Docs", field(members(r, "MatchedStatements").get(0), "SourcePolicyId"));
    assertEquals(Outcome.EXPLICIT_DENY, production("docs:GetObject", BUCKET + "secret/plan.txt", RequestContext.empty()).outcome());
  }

  @Test
  void principal_missingContextKey_reported_thenGiven_allows() {
    String r = simulateDave("docs:ListBucket", "*");
    assertEquals("implicitDeny", field(r, "EvalDecision"));
    assertEquals(List.of("aws:SourceIp"), members(r, "MissingContextValues"));
    Decision d = production("docs:ListBucket", "*", RequestContext.empty());
    assertEquals(Outcome.IMPLICIT_DENY, d.outcome());
    assertEquals(Set.of("aws:SourceIp"), d.missingContextKeys());
    assertFalse(r.contains("<ResourceSpecificResults>"), "no per-resource results for *");
    assertFalse(r.contains("<EvalDecisionDetails>"), "not returned for *");

    String given = simulateDave("docs:ListBucket", "*", "ContextEntries.member.1.ContextKeyName", "aws:SourceIp",
        "ContextEntries.member.1.ContextKeyType", "ip", "ContextEntries.member.1.ContextKeyValues.member.1", "10.1.2.3");
    assertEquals("allowed", field(given, "EvalDecision"));
    assertEquals("ListFromOffice", field(members(given, "MatchedStatements").get(0), "SourcePolicyId"));
    assertEquals("group", field(members(given, "MatchedStatements").get(0), "SourcePolicyType"));
    assertEquals(Outcome.ALLOW, production("docs:ListBucket", "*", RequestContext.builder().put("aws:SourceIp", "10.1.2.3").build()).outcome());
  }

  @Test
  void principal_boundaryInput_replacesTheEntitysBoundary() {
    String r = simulateDave("docs:PutObject", BUCKET + "b/x.txt", "PermissionsBoundaryPolicyInputList.member.1",
        j(doc("{'Effect': 'Allow', 'Action': 'docs:*', 'Resource': '*'}")));
    assertEquals("allowed", field(r, "EvalDecision"));
    assertEquals("true", field(r, "AllowedByPermissionsBoundary"));
  }

  @Test
  void principal_policyInputList_addsToThePrincipalsPolicies_positionsInTheGivenText() {
    String policy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Deny\", \"Action\": \"docs:GetObject\","
        + " \"Resource\": \"*\"}\n  ]\n}";
    String r = simulateDave("docs:GetObject", BUCKET + "b/x.txt", "PolicyInputList.member.1", policy);
    assertEquals("explicitDeny", field(r, "EvalDecision"));
    String m = members(r, "MatchedStatements").get(0);
    assertEquals("PolicyInputList.1", field(m, "SourcePolicyId"));
    assertEquals("none", field(m, "SourcePolicyType"));
    assertTrue(m.contains("<StartPosition><Line>4</Line><Column>5</Column></StartPosition>"), m);
    assertTrue(m.contains("<EndPosition><Line>4</Line><Column>" + ("    {\"Effect\": \"Deny\", \"Action\": \"docs:GetObject\", \"Resource\": \"*\"}").length()
        + "</Column></EndPosition>"), m);
  }

  @Test
  void principal_role_usesTheRolesPolicies() {
    List<String> r = results(admin("Action", "SimulatePrincipalPolicy", "PolicySourceArn", "arn:iam4j:iam::acme:role/Reporter",
        "ActionNames.member.1", "docs:GetObject", "ActionNames.member.2", "docs:PutObject"));
    assertEquals(List.of("allowed", "implicitDeny"), r.stream().map(x -> field(x, "EvalDecision")).toList());
    assertEquals("role", field(members(r.get(0), "MatchedStatements").get(0), "SourcePolicyType"));
  }

  @Test
  void principal_pagination_maxItemsAndMarker() {
    String first = admin("Action", "SimulatePrincipalPolicy", "PolicySourceArn", DAVE, "ActionNames.member.1", "docs:GetObject",
        "ActionNames.member.2", "docs:PutObject", "ActionNames.member.3", "docs:DeleteObject", "MaxItems", "2");
    assertEquals("true", field(first, "IsTruncated"));
    assertEquals(2, results(first).size());
    String second = admin("Action", "SimulatePrincipalPolicy", "PolicySourceArn", DAVE, "ActionNames.member.1", "docs:GetObject",
        "ActionNames.member.2", "docs:PutObject", "ActionNames.member.3", "docs:DeleteObject", "MaxItems", "2",
        "Marker", field(first, "Marker"));
    assertEquals("false", field(second, "IsTruncated"));
    assertEquals(List.of("docs:DeleteObject"), results(second).stream().map(x -> field(x, "EvalActionName")).toList());
  }

  /** Pairs are actions outer, resources inner; a page may end inside an action's resources. */
  @Test
  void principal_pagination_acrossActionsAndResources() {
    String[] req = {"Action", "SimulatePrincipalPolicy", "PolicySourceArn", DAVE, "ActionNames.member.1", "docs:GetObject",
        "ActionNames.member.2", "docs:PutObject", "ResourceArns.member.1", BUCKET + "a/1", "ResourceArns.member.2", BUCKET + "b/2"};
    List<String> seen = new ArrayList<>();
    String marker = null;
    for (int page = 0; page < 3; page++) {
      List<String> pairs = new ArrayList<>(List.of(req));
      pairs.addAll(List.of("MaxItems", "3"));
      if (marker != null) {
        pairs.addAll(List.of("Marker", marker));
      }
      String x = admin(pairs.toArray(String[]::new));
      results(x).forEach(r -> seen.add(field(r, "EvalActionName") + " " + field(r, "EvalResourceName").substring(BUCKET.length())));
      if (field(x, "IsTruncated").equals("false")) {
        break;
      }
      marker = field(x, "Marker");
    }
    assertEquals(List.of("docs:GetObject a/1", "docs:GetObject b/2", "docs:PutObject a/1", "docs:PutObject b/2"), seen);
  }

  @Test
  void principal_unknownUser_noSuchEntity_otherTenant_accessDenied() {
    AwsError missing = assertThrows(AwsError.class, () -> admin("Action", "SimulatePrincipalPolicy",
        "PolicySourceArn", "arn:iam4j:iam::acme:user/nope", "ActionNames.member.1", "docs:GetObject"));
    assertEquals("NoSuchEntity", missing.code());
    AwsError foreign = assertThrows(AwsError.class, () -> admin("Action", "SimulatePrincipalPolicy",
        "PolicySourceArn", "arn:iam4j:iam::globex:user/gina", "ActionNames.member.1", "docs:GetObject"));
    assertEquals("AccessDenied", foreign.code(), "another tenant's user is another tenant's resource");
  }

  @Test
  void callerWithoutPermission_accessDenied_withEncodedMessage() {
    AwsError e = assertThrows(AwsError.class, () -> service.handle(q("Action", "SimulatePrincipalPolicy", "PolicySourceArn", DAVE,
        "ActionNames.member.1", "docs:GetObject"), call("nobody@acme"), "r"));
    assertEquals("AccessDenied", e.code());
    assertTrue(e.getMessage().contains("is not authorized to perform: iam:SimulatePrincipalPolicy on resource: " + DAVE), e.getMessage());
    assertTrue(e.getMessage().contains("Encoded authorization failure message: "), e.getMessage());
    AwsError custom = assertThrows(AwsError.class, () -> service.handle(q("Action", "SimulateCustomPolicy", "PolicyInputList.member.1",
        j(doc("{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}")), "ActionNames.member.1", "docs:GetObject"), call("nobody@acme"), "r"));
    assertTrue(custom.getMessage().contains("iam:SimulateCustomPolicy on resource: *"), custom.getMessage());
  }

  // ---------------------------------------------------------------- SimulateCustomPolicy

  @Test
  void custom_conditionOnAContextEntry() {
    String policy = j(doc("{'Effect': 'Allow', 'Action': 'docs:GetObject', 'Resource': '*',"
        + " 'Condition': {'StringEquals': {'aws:PrincipalTag/team': ['docs', 'ops']}}}"));
    String without = admin("Action", "SimulateCustomPolicy", "PolicyInputList.member.1", policy, "ActionNames.member.1", "docs:GetObject");
    assertEquals("implicitDeny", field(without, "EvalDecision"));
    assertEquals(List.of("aws:PrincipalTag/team"), members(without, "MissingContextValues"));
    String with = admin("Action", "SimulateCustomPolicy", "PolicyInputList.member.1", policy, "ActionNames.member.1", "docs:GetObject",
        "ContextEntries.member.1.ContextKeyName", "aws:PrincipalTag/team", "ContextEntries.member.1.ContextKeyType", "string",
        "ContextEntries.member.1.ContextKeyValues.member.1", "ops");
    assertEquals("allowed", field(with, "EvalDecision"));
    assertFalse(with.contains("OrganizationsDecisionDetail"), "custom policies alone: no guardrails in play");
  }

  @Test
  void custom_resourcePolicyAcrossTenants_needsBothSides() {
    String identity = j(doc("{'Effect': 'Allow', 'Action': 'docs:GetObject', 'Resource': '*'}"));
    String resource = j(doc("{'Effect': 'Allow', 'Principal': {'AWS': 'arn:iam4j:iam::acme:user/admin'}, 'Action': 'docs:GetObject',"
        + " 'Resource': '*'}"));
    String globexDoc = "arn:iam4j:docs::globex:bucket/shared/x.txt";
    String r = admin("Action", "SimulateCustomPolicy", "PolicyInputList.member.1", identity, "ActionNames.member.1", "docs:GetObject",
        "ResourceArns.member.1", globexDoc, "ResourcePolicy", resource, "CallerArn", "arn:iam4j:iam::acme:user/admin");
    assertEquals("allowed", field(r, "EvalDecision"));
    assertTrue(r.contains("<entry><key>IAM Policy</key><value>allowed</value></entry><entry><key>Resource Policy</key><value>allowed</value></entry>"), r);
    String other = admin("Action", "SimulateCustomPolicy", "PolicyInputList.member.1", identity, "ActionNames.member.1", "docs:GetObject",
        "ResourceArns.member.1", globexDoc, "ResourcePolicy", resource, "CallerArn", "arn:iam4j:iam::acme:user/nobody");
    assertEquals("implicitDeny", field(other, "EvalDecision"));
    assertTrue(other.contains("<entry><key>Resource Policy</key><value>implicitDeny</value></entry>"), other);
    AwsError noCaller = assertThrows(AwsError.class, () -> admin("Action", "SimulateCustomPolicy", "PolicyInputList.member.1", identity,
        "ActionNames.member.1", "docs:GetObject", "ResourcePolicy", resource));
    assertEquals("InvalidInput", noCaller.code());
  }

  @Test
  void custom_malformedPolicy_locatesTheProblem() {
    AwsError e = assertThrows(AwsError.class, () -> admin("Action", "SimulateCustomPolicy",
        "PolicyInputList.member.1", j(doc("{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}")),
        "PolicyInputList.member.2", "{\n \"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Permit\", \"Action\": \"*\", \"Resource\": \"*\"}]\n}",
        "ActionNames.member.1", "docs:GetObject"));
    assertEquals("MalformedPolicyDocument", e.code());
    assertTrue(e.getMessage().contains("PolicyInputList.2:3:"), e.getMessage());
    assertTrue(e.getMessage().contains("/Statement/0/Effect"), e.getMessage());
  }

  @Test
  void custom_contextEntryOfASingleTypeWithTwoValues_invalidInput() {
    AwsError e = assertThrows(AwsError.class, () -> admin("Action", "SimulateCustomPolicy",
        "PolicyInputList.member.1", j(doc("{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}")), "ActionNames.member.1", "docs:GetObject",
        "ContextEntries.member.1.ContextKeyName", "aws:SourceIp", "ContextEntries.member.1.ContextKeyType", "ip",
        "ContextEntries.member.1.ContextKeyValues.member.1", "10.0.0.1", "ContextEntries.member.1.ContextKeyValues.member.2", "10.0.0.2"));
    assertEquals("InvalidInput", e.code());
  }

  // ---------------------------------------------------------------- context keys

  @Test
  void contextKeys_principalAndCustom() {
    String p = admin("Action", "GetContextKeysForPrincipalPolicy", "PolicySourceArn", DAVE);
    assertEquals(List.of("aws:SourceIp"), members(p, "ContextKeyNames"));
    String c = admin("Action", "GetContextKeysForCustomPolicy", "PolicyInputList.member.1", j(doc("{'Effect': 'Allow', 'Action': '*',"
        + " 'Resource': 'arn:iam4j:docs::acme:bucket/${aws:username}/*', 'Condition': {'Bool': {'aws:MultiFactorAuthPresent': 'true'}}}")));
    assertEquals(List.of("aws:MultiFactorAuthPresent", "aws:username"), members(c, "ContextKeyNames"));
  }

  // ---------------------------------------------------------------- GetAccountAuthorizationDetails

  @Test
  void authorizationDetails_theTenantsEntitiesAndDocuments_noneOfAnotherTenant() {
    String x = admin("Action", "GetAccountAuthorizationDetails");
    assertEquals(List.of("admin", "dave", "nobody"), members(x, "UserDetailList").stream().map(m -> field(m, "UserName")).toList());
    assertFalse(x.contains("globex"), "nothing of another tenant");
    String dave = members(x, "UserDetailList").get(1);
    assertEquals(DAVE, field(dave, "Arn"));
    assertEquals("/staff/", field(dave, "Path"));
    assertTrue(dave.contains("<GroupList><member>readers</member></GroupList>"), dave);
    assertTrue(dave.contains("<AttachedManagedPolicies><member><PolicyName>ReadWrite</PolicyName><PolicyArn>arn:iam4j:iam::acme:policy/ReadWrite"
        + "</PolicyArn></member></AttachedManagedPolicies>"), dave);
    assertEquals("arn:iam4j:iam::acme:policy/Boundary", field(dave, "PermissionsBoundaryArn"));
    assertTrue(dave.contains("<Tags><member><Key>team</Key><Value>docs</Value></member></Tags>"), dave);
    String inline = URLDecoder.decode(field(dave, "PolicyDocument"), StandardCharsets.UTF_8);
    assertTrue(inline.contains("\"Effect\": \"Deny\"") || inline.contains("\"Effect\":\"Deny\""), inline);
    assertFalse(field(dave, "PolicyDocument").contains(" "), "URL-encoded");

    String role = members(x, "RoleDetailList").get(0);
    assertEquals("Reporter", field(role, "RoleName"));
    assertTrue(URLDecoder.decode(field(role, "AssumeRolePolicyDocument"), StandardCharsets.UTF_8).contains("sts:AssumeRole"));
    assertTrue(role.contains("<InstanceProfileList></InstanceProfileList>"));

    List<String> policies = members(x, "Policies");
    assertEquals(List.of("Boundary", "ReadWrite"), policies.stream().map(m -> field(m, "PolicyName")).toList());
    assertEquals("1", field(policies.get(0), "PermissionsBoundaryUsageCount"));
    assertEquals("1", field(policies.get(1), "AttachmentCount"));
    assertTrue(URLDecoder.decode(field(policies.get(1), "Document"), StandardCharsets.UTF_8).contains("docs:PutObject"));
    assertEquals("true", field(policies.get(1), "IsDefaultVersion"));
    assertEquals("readers", field(members(x, "GroupDetailList").get(0), "GroupName"));
  }

  @Test
  void authorizationDetails_filterAndPagination() {
    String roles = admin("Action", "GetAccountAuthorizationDetails", "Filter.member.1", "Role");
    assertTrue(members(roles, "UserDetailList").isEmpty());
    assertEquals(1, members(roles, "RoleDetailList").size());
    String first = admin("Action", "GetAccountAuthorizationDetails", "Filter.member.1", "User", "MaxItems", "2");
    assertEquals("true", field(first, "IsTruncated"));
    String next = admin("Action", "GetAccountAuthorizationDetails", "Filter.member.1", "User", "MaxItems", "2", "Marker", field(first, "Marker"));
    assertEquals(List.of("nobody"), members(next, "UserDetailList").stream().map(m -> field(m, "UserName")).toList());
    AwsError bad = assertThrows(AwsError.class, () -> admin("Action", "GetAccountAuthorizationDetails", "Filter.member.1", "Robot"));
    assertEquals("ValidationError", bad.code());
    AwsError denied = assertThrows(AwsError.class, () -> service.handle(q("Action", "GetAccountAuthorizationDetails"), call("nobody@acme"), "r"));
    assertEquals("AccessDenied", denied.code());
  }

  // ---------------------------------------------------------------- positions

  @Test
  void positions_firstAndLastCharacterOfTheStatement() {
    String text = "{\"Version\": \"2012-10-17\",\n \"Statement\": [\n  {\"Effect\": \"Allow\", \"Action\": \"a:b\", \"Resource\": \"}\"},\n"
        + "  {\"Effect\": \"Deny\",\n   \"Action\": \"*\", \"Resource\": \"*\"}\n ]}";
    PolicySimulator.Position[] first = PolicySimulator.positions(text, 0);
    assertEquals(new PolicySimulator.Position(3, 3), first[0]);
    assertEquals(new PolicySimulator.Position(3, 55), first[1], "a brace inside a string does not end the statement");
    PolicySimulator.Position[] second = PolicySimulator.positions(text, 1);
    assertEquals(new PolicySimulator.Position(4, 3), second[0]);
    assertEquals(new PolicySimulator.Position(5, 34), second[1]);
  }
}
