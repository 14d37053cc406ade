package io.iam4j.iamapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.Identity;
import io.iam4j.directory.Role;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import io.iam4j.mapping.PrincipalMapper;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles, managed policies and versions, inline policies, attachments and permissions boundaries as
 * the IAM API Reference describes them, each call authorized by IAM itself and written through the
 * configuration writer (active when the call returns; a refused call leaves nothing).
 */
class IamPolicyApiTest {
  static final String ACME = "arn:iam4j:iam::acme:";
  static final String BOUNDARY = ACME + "policy/DelegatedAdminBoundary";

  @TempDir Path root;
  ConfigStore store;
  Authorizer authorizer;
  IamService iam;
  final ServerKey key = ServerKey.random();

  static String j(String s) {
    return s.replace('\'', '"');
  }

  void put(String tenant, String path, String content) throws IOException {
    Path p = root.resolve("tenants").resolve(tenant).resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, j(content));
  }

  static String allow(String actions, String resource) {
    return "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': " + actions + ", 'Resource': " + resource + "}]}";
  }

  @BeforeEach
  void setUp() throws IOException {
    put("acme", "users/admin.json", "{'inlinePolicies': {'All': 'inline/admin.json'}}");
    put("acme", "inline/admin.json", allow("['iam:*', 'docs:*']", "'*'"));
    put("acme", "users/bob.json", "{}");
    put("acme", "users/newbie.json", "{'permissionsBoundary': '" + BOUNDARY + "'}");
    put("acme", "users/erin.json", "{'managedPolicies': ['" + ACME + "policy/DelegatedUserAdmin'], 'permissionsBoundary': '"
        + BOUNDARY + "'}");
    put("acme", "groups/Developers.json", "{}");
    put("acme", "policies/DocsReadOnly.json", allow("'docs:GetObject'", "'*'"));
    put("acme", "policies/HomeFolderAccess.json", allow("'docs:PutObject'", "'*'"));
    put("acme", "policies/Secret.json", allow("'docs:DeleteObject'", "'*'"));
    // The sample's delegated administrator and its boundary, trimmed to what these tests use.
    put("acme", "policies/DelegatedUserAdmin.json", "{'Version': '2012-10-17', 'Statement': ["
        + "{'Effect': 'Allow', 'Action': ['iam:AttachUserPolicy', 'iam:DetachUserPolicy', 'iam:PutUserPermissionsBoundary'],"
        + " 'Resource': 'arn:iam4j:iam::acme:user/*'},"
        + "{'Effect': 'Allow', 'Action': ['iam:Get*', 'iam:List*'], 'Resource': '*'},"
        + "{'Effect': 'Deny', 'Action': 'iam:DeleteUserPermissionsBoundary', 'Resource': '*'},"
        + "{'Effect': 'Deny', 'Action': ['iam:AttachUserPolicy', 'iam:DetachUserPolicy', 'iam:PutUserPermissionsBoundary'],"
        + " 'Resource': 'arn:iam4j:iam::acme:user/${aws:username}'}]}");
    put("acme", "policies/DelegatedAdminBoundary.json", "{'Version': '2012-10-17', 'Statement': ["
        + "{'Effect': 'Allow', 'Action': ['iam:Get*', 'iam:List*'], 'Resource': '*'},"
        + "{'Effect': 'Allow', 'Action': 'iam:PutUserPermissionsBoundary', 'Resource': 'arn:iam4j:iam::acme:user/*',"
        + " 'Condition': {'StringEquals': {'iam:PermissionsBoundary': '" + BOUNDARY + "'}}},"
        + "{'Effect': 'Allow', 'Action': ['iam:AttachUserPolicy', 'iam:DetachUserPolicy'], 'Resource': 'arn:iam4j:iam::acme:user/*',"
        + " 'Condition': {'StringEquals': {'iam:PermissionsBoundary': '" + BOUNDARY + "'},"
        + " 'ArnEquals': {'iam:PolicyARN': ['" + ACME + "policy/DocsReadOnly', '" + ACME + "policy/HomeFolderAccess']}}},"
        + "{'Effect': 'Allow', 'Action': 'docs:*', 'Resource': '*'}]}");
    put("globex", "users/gina.json", "{'inlinePolicies': {'All': 'inline/all.json'}}");
    put("globex", "inline/all.json", allow("'iam:*'", "'*'"));
    store = ConfigStore.open(ConfigStore.Settings.of(root));
    authorizer = new Authorizer(store::directory, PrincipalMapper.defaults(), (tenant, arn) -> store.directory().tenant(tenant)
        .flatMap(t -> t.roles().values().stream().filter(r -> store.directory().arns().role(tenant, r.path(), r.name()).equals(arn))
            .findFirst().map(Role::trustPolicy)), new DecisionCache(1_000));
    iam = new IamService(List.of(new RoleOperations(), new PolicyOperations(), new InlinePolicyOperations(), new AttachmentOperations()));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  /** A call as {@code caller} against the directory serving now (each request maps its caller anew). */
  IamCall call(String caller) {
    Mapping m = authorizer.map(CallerInfo.of(caller, Set.of()));
    Identity id = assertInstanceOf(Mapping.Mapped.class, m, caller).identity();
    return new IamCall(id, RequestContext.empty(), authorizer, store, key, Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
  }

  static QueryRequest q(String... pairs) {
    StringBuilder b = new StringBuilder("Version=" + IamService.VERSION);
    for (int i = 0; i < pairs.length; i += 2) {
      b.append('&').append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return QueryRequest.parse(b.toString().getBytes(StandardCharsets.UTF_8), null);
  }

  String ok(String caller, String... pairs) {
    return iam.handle(q(pairs), call(caller), "req");
  }

  AwsError refused(String caller, String... pairs) {
    return assertThrows(AwsError.class, () -> iam.handle(q(pairs), call(caller), "req"));
  }

  static String field(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    assertTrue(m.find(), () -> name + " in " + xml);
    return m.group(1);
  }

  static List<String> all(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  Map<String, String> tree() throws IOException {
    Path dir = root.resolve("tenants/acme");
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), Files.readString(p));
      }
    }
    return out;
  }

  boolean allowed(String caller, String action, String resource) {
    Identity id = call(caller).caller();
    return authorizer.authorize(id, action, resource, "acme", RequestContext.empty()).decision().allowed();
  }

  static final String TRUST = j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': "
      + "'arn:iam4j:iam::acme:user/bob'}, 'Action': 'sts:AssumeRole'}]}");

  // ---- roles

  @Test
  void roleLifeCycle() throws IOException {
    String xml = ok("admin@acme", "Action", "CreateRole", "RoleName", "Builder", "Path", "/jobs/", "AssumeRolePolicyDocument", TRUST,
        "Description", "Builds things", "MaxSessionDuration", "7200", "Tags.member.1.Key", "team", "Tags.member.1.Value", "ci");
    assertEquals(ACME + "role/jobs/Builder", field(xml, "Arn"));
    String id = field(xml, "RoleId");
    assertTrue(id.matches("AROA[A-Z0-9]{17}"), id);
    assertEquals(TRUST, URLDecoder.decode(field(xml, "AssumeRolePolicyDocument"), StandardCharsets.UTF_8));
    // Active when the call returned.
    assertTrue(store.directory().tenant("acme").orElseThrow().roles().containsKey("Builder"));

    String got = ok("admin@acme", "Action", "GetRole", "RoleName", "Builder");
    assertEquals("Builds things", field(got, "Description"));
    assertEquals("7200", field(got, "MaxSessionDuration"));
    assertEquals("ci", field(got, "Value"));

    assertEquals("EntityAlreadyExists", refused("admin@acme", "Action", "CreateRole", "RoleName", "builder",
        "AssumeRolePolicyDocument", TRUST).code());
    assertEquals("ValidationError", refused("admin@acme", "Action", "UpdateRole", "RoleName", "Builder", "MaxSessionDuration", "50000").code());

    ok("admin@acme", "Action", "UpdateRole", "RoleName", "Builder", "MaxSessionDuration", "43200", "Description", "");
    Role r = store.directory().tenant("acme").orElseThrow().roles().get("Builder");
    assertEquals(43200, r.maxSessionDurationSeconds());
    assertEquals("", r.description());

    ok("admin@acme", "Action", "TagRole", "RoleName", "Builder", "Tags.member.1.Key", "Team", "Tags.member.1.Value", "build",
        "Tags.member.2.Key", "env", "Tags.member.2.Value", "prod");
    assertEquals(Map.of("Team", "build", "env", "prod"), store.directory().tenant("acme").orElseThrow().roles().get("Builder").tags().values());
    ok("admin@acme", "Action", "UntagRole", "RoleName", "Builder", "TagKeys.member.1", "TEAM");
    assertEquals(List.of("env"), all(ok("admin@acme", "Action", "ListRoleTags", "RoleName", "Builder"), "Key"));

    String trust2 = TRUST.replace("user/bob", "user/admin");
    ok("admin@acme", "Action", "UpdateAssumeRolePolicy", "RoleName", "Builder", "PolicyDocument", trust2);
    assertEquals(trust2, URLDecoder.decode(field(ok("admin@acme", "Action", "GetRole", "RoleName", "Builder"), "AssumeRolePolicyDocument"),
        StandardCharsets.UTF_8));

    assertEquals(List.of("Builder"), all(ok("admin@acme", "Action", "ListRoles", "PathPrefix", "/jobs/"), "RoleName"));
    assertEquals(List.of(), all(ok("admin@acme", "Action", "ListRoles", "PathPrefix", "/other/"), "RoleName"));

    ok("admin@acme", "Action", "PutRolePolicy", "RoleName", "Builder", "PolicyName", "Docs", "PolicyDocument", j(allow("'docs:GetObject'", "'*'")));
    assertEquals("DeleteConflict", refused("admin@acme", "Action", "DeleteRole", "RoleName", "Builder").code());
    ok("admin@acme", "Action", "DeleteRolePolicy", "RoleName", "Builder", "PolicyName", "Docs");
    ok("admin@acme", "Action", "AttachRolePolicy", "RoleName", "Builder", "PolicyArn", ACME + "policy/DocsReadOnly");
    assertEquals("DeleteConflict", refused("admin@acme", "Action", "DeleteRole", "RoleName", "Builder").code());
    ok("admin@acme", "Action", "DetachRolePolicy", "RoleName", "Builder", "PolicyArn", ACME + "policy/DocsReadOnly");
    ok("admin@acme", "Action", "DeleteRole", "RoleName", "Builder");
    assertEquals("NoSuchEntity", refused("admin@acme", "Action", "GetRole", "RoleName", "Builder").code());
    // Its files went with it.
    assertFalse(tree().keySet().stream().anyMatch(f -> f.contains("Builder")), tree().keySet().toString());

    // Created again, it is another role: another id, so the old role's sessions end.
    String again = ok("admin@acme", "Action", "CreateRole", "RoleName", "Builder", "AssumeRolePolicyDocument", TRUST);
    assertNotEquals(id, field(again, "RoleId"));
  }

  @Test
  void roleBoundary() {
    ok("admin@acme", "Action", "CreateRole", "RoleName", "Bounded", "AssumeRolePolicyDocument", TRUST, "PermissionsBoundary", BOUNDARY);
    assertEquals(BOUNDARY, store.directory().tenant("acme").orElseThrow().roles().get("Bounded").permissionsBoundary());
    ok("admin@acme", "Action", "DeleteRolePermissionsBoundary", "RoleName", "Bounded");
    assertNull(store.directory().tenant("acme").orElseThrow().roles().get("Bounded").permissionsBoundary());
    ok("admin@acme", "Action", "PutRolePermissionsBoundary", "RoleName", "Bounded", "PermissionsBoundary", ACME + "policy/DocsReadOnly");
    assertEquals(ACME + "policy/DocsReadOnly", store.directory().tenant("acme").orElseThrow().roles().get("Bounded").permissionsBoundary());
    assertEquals("NoSuchEntity", refused("admin@acme", "Action", "PutRolePermissionsBoundary", "RoleName", "Bounded",
        "PermissionsBoundary", ACME + "policy/Nothing").code());
  }

  @Test
  void trustPolicyMustNamePrincipals() {
    AwsError e = refused("admin@acme", "Action", "CreateRole", "RoleName", "NoPrincipal", "AssumeRolePolicyDocument",
        j(allow("'sts:AssumeRole'", "'*'")));
    assertEquals("MalformedPolicyDocument", e.code());
    assertFalse(store.directory().tenant("acme").orElseThrow().roles().containsKey("NoPrincipal"));
  }

  // ---- managed policies

  @Test
  void policyLifeCycleAndVersions() throws IOException {
    String doc = j(allow("'docs:GetObject'", "'*'"));
    String xml = ok("admin@acme", "Action", "CreatePolicy", "PolicyName", "Reports", "Path", "/team/", "PolicyDocument", doc,
        "Description", "read reports");
    String arn = ACME + "policy/team/Reports";
    assertEquals(arn, field(xml, "Arn"));
    assertEquals("v1", field(xml, "DefaultVersionId"));
    assertEquals("0", field(xml, "AttachmentCount"));
    assertEquals("EntityAlreadyExists", refused("admin@acme", "Action", "CreatePolicy", "PolicyName", "Reports", "PolicyDocument", doc).code());
    assertEquals("EntityAlreadyExists", refused("admin@acme", "Action", "CreatePolicy", "PolicyName", "reports", "Path", "/other/",
        "PolicyDocument", doc).code());

    for (int i = 2; i <= 5; i++) {
      String v = ok("admin@acme", "Action", "CreatePolicyVersion", "PolicyArn", arn, "PolicyDocument",
          j(allow("'docs:GetObject" + i + "'", "'*'")), "SetAsDefault", i == 3 ? "true" : "false");
      assertEquals("v" + i, field(v, "VersionId"));
    }
    Map<String, String> before = tree();
    AwsError sixth = refused("admin@acme", "Action", "CreatePolicyVersion", "PolicyArn", arn, "PolicyDocument", doc);
    assertEquals("LimitExceeded", sixth.code());
    assertEquals(409, sixth.status());
    assertEquals(before, tree(), "a refused change leaves nothing");

    assertEquals(List.of("v5", "v4", "v3", "v2", "v1"), all(ok("admin@acme", "Action", "ListPolicyVersions", "PolicyArn", arn), "VersionId"));
    assertEquals("v3", field(ok("admin@acme", "Action", "GetPolicy", "PolicyArn", arn), "DefaultVersionId"));
    String v1 = ok("admin@acme", "Action", "GetPolicyVersion", "PolicyArn", arn, "VersionId", "v1");
    assertEquals(doc, URLDecoder.decode(field(v1, "Document"), StandardCharsets.UTF_8));
    assertFalse(field(v1, "Document").contains(" "), "URL-encoded as AWS returns it");
    assertEquals("false", field(v1, "IsDefaultVersion"));

    assertEquals("DeleteConflict", refused("admin@acme", "Action", "DeletePolicyVersion", "PolicyArn", arn, "VersionId", "v3").code());
    assertEquals("NoSuchEntity", refused("admin@acme", "Action", "GetPolicyVersion", "PolicyArn", arn, "VersionId", "v9").code());
    ok("admin@acme", "Action", "SetDefaultPolicyVersion", "PolicyArn", arn, "VersionId", "v5");
    assertEquals("v5", store.directory().tenant("acme").orElseThrow().policies().get(arn).defaultVersionId());

    assertEquals("DeleteConflict", refused("admin@acme", "Action", "DeletePolicy", "PolicyArn", arn).code(), "non-default versions");
    for (String v : List.of("v1", "v2", "v3", "v4")) {
      ok("admin@acme", "Action", "DeletePolicyVersion", "PolicyArn", arn, "VersionId", v);
    }
    ok("admin@acme", "Action", "AttachGroupPolicy", "GroupName", "Developers", "PolicyArn", arn);
    assertEquals("1", field(ok("admin@acme", "Action", "GetPolicy", "PolicyArn", arn), "AttachmentCount"));
    assertEquals("DeleteConflict", refused("admin@acme", "Action", "DeletePolicy", "PolicyArn", arn).code(), "attached");
    ok("admin@acme", "Action", "DetachGroupPolicy", "GroupName", "Developers", "PolicyArn", arn);
    ok("admin@acme", "Action", "DeletePolicy", "PolicyArn", arn);
    assertEquals("NoSuchEntity", refused("admin@acme", "Action", "GetPolicy", "PolicyArn", arn).code());
    assertFalse(tree().keySet().stream().anyMatch(f -> f.contains("Reports")));
  }

  @Test
  void singleFilePolicyGetsVersions() {
    String arn = ACME + "policy/DocsReadOnly";
    ok("admin@acme", "Action", "CreatePolicyVersion", "PolicyArn", arn, "PolicyDocument", j(allow("'docs:ListObjects'", "'*'")),
        "SetAsDefault", "true");
    assertEquals(List.of("v2", "v1"), all(ok("admin@acme", "Action", "ListPolicyVersions", "PolicyArn", arn), "VersionId"));
    assertTrue(allowed("admin@acme", "docs:GetObject", "*"));
  }

  @Test
  void malformedDocumentsAreLocated() {
    AwsError e = refused("admin@acme", "Action", "CreatePolicy", "PolicyName", "Bad", "PolicyDocument",
        "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"docs:GetObject\", \"Resource\": \"*\"}]}");
    assertEquals("MalformedPolicyDocument", e.code());
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("/Statement/0/Effect"), e.getMessage());

    AwsError syntax = refused("admin@acme", "Action", "PutUserPolicy", "UserName", "bob", "PolicyName", "P", "PolicyDocument", "{\"Version\": ");
    assertEquals("MalformedPolicyDocument", syntax.code());
    assertTrue(syntax.getMessage().contains("line 1"), syntax.getMessage());

    AwsError lint = refused("admin@acme", "Action", "CreatePolicy", "PolicyName", "Bad", "PolicyDocument", j("{'Version': '2012-10-17', "
        + "'Statement': [{'Effect': 'Allow', 'Action': 'docs:GetObject', 'Resource': '*', 'Condition': {'StringEquals': {'aws:NoSuchKey': 'x'}}}]}"));
    assertEquals("MalformedPolicyDocument", lint.code());
    assertTrue(lint.getMessage().contains("/Statement/0/Condition"), lint.getMessage());
    assertTrue(store.directory().tenant("acme").orElseThrow().policies().keySet().stream().noneMatch(a -> a.endsWith("/Bad")));
  }

  @Test
  void providerPoliciesAreReadOnlyAndListedAsAws() {
    String admin = "arn:iam4j:iam::iam4j:policy/AdministratorAccess";
    assertEquals("UnmodifiableEntity", refused("admin@acme", "Action", "CreatePolicyVersion", "PolicyArn", admin, "PolicyDocument",
        j(allow("'docs:GetObject'", "'*'"))).code());
    assertEquals("UnmodifiableEntity", refused("admin@acme", "Action", "DeletePolicy", "PolicyArn", admin).code());
    assertEquals("AdministratorAccess", field(ok("admin@acme", "Action", "GetPolicy", "PolicyArn", admin), "PolicyName"));
    assertTrue(field(ok("admin@acme", "Action", "GetPolicyVersion", "PolicyArn", admin, "VersionId", "v1"), "Document").startsWith("%7B"));
    // bob may not even read it: his own policies decide.
    assertEquals("AccessDenied", refused("bob@acme", "Action", "GetPolicy", "PolicyArn", admin).code());
    List<String> aws = all(ok("admin@acme", "Action", "ListPolicies", "Scope", "AWS"), "Arn");
    assertTrue(aws.contains(admin), aws.toString());
    List<String> local = all(ok("admin@acme", "Action", "ListPolicies", "Scope", "Local"), "Arn");
    assertFalse(local.contains(admin));
    assertTrue(local.contains(ACME + "policy/DocsReadOnly"));
    assertEquals(List.of(ACME + "policy/DelegatedUserAdmin"), all(ok("admin@acme", "Action", "ListPolicies", "Scope", "Local",
        "OnlyAttached", "true", "PolicyUsageFilter", "PermissionsPolicy"), "Arn"));
    // Pagination: two at a time until IsTruncated is false, every policy once.
    List<String> paged = new ArrayList<>();
    String marker = null;
    do {
      String page = marker == null ? ok("admin@acme", "Action", "ListPolicies", "MaxItems", "2")
          : ok("admin@acme", "Action", "ListPolicies", "MaxItems", "2", "Marker", marker);
      paged.addAll(all(page, "Arn"));
      marker = field(page, "IsTruncated").equals("true") ? field(page, "Marker") : null;
    } while (marker != null);
    assertEquals(all(ok("admin@acme", "Action", "ListPolicies"), "Arn"), paged);
  }

  // ---- inline policies

  @Test
  void inlinePoliciesOfAllThreeKinds() {
    String doc = j(allow("'docs:ListObjects'", "'*'"));
    ok("admin@acme", "Action", "CreateRole", "RoleName", "R", "AssumeRolePolicyDocument", TRUST);
    for (String[] k : new String[][] {{"User", "UserName", "bob"}, {"Group", "GroupName", "Developers"}, {"Role", "RoleName", "R"}}) {
      ok("admin@acme", "Action", "Put" + k[0] + "Policy", k[1], k[2], "PolicyName", "List", "PolicyDocument", doc);
      assertEquals(List.of("List"), all(ok("admin@acme", "Action", "List" + k[0] + "Policies", k[1], k[2]), "member"));
      String got = ok("admin@acme", "Action", "Get" + k[0] + "Policy", k[1], k[2], "PolicyName", "List");
      assertEquals(doc, URLDecoder.decode(field(got, "PolicyDocument"), StandardCharsets.UTF_8));
      ok("admin@acme", "Action", "Delete" + k[0] + "Policy", k[1], k[2], "PolicyName", "List");
      assertEquals("NoSuchEntity", refused("admin@acme", "Action", "Get" + k[0] + "Policy", k[1], k[2], "PolicyName", "List").code());
    }
    assertEquals("NoSuchEntity", refused("admin@acme", "Action", "PutUserPolicy", "UserName", "nobody", "PolicyName", "L",
        "PolicyDocument", doc).code());
  }

  @Test
  void inlinePolicyTakesEffectWhenAcknowledged() {
    assertFalse(allowed("bob@acme", "docs:GetObject", "arn:iam4j:docs::acme:bucket/a/x"));
    ok("admin@acme", "Action", "PutUserPolicy", "UserName", "bob", "PolicyName", "Get", "PolicyDocument", j(allow("'docs:GetObject'", "'*'")));
    assertTrue(allowed("bob@acme", "docs:GetObject", "arn:iam4j:docs::acme:bucket/a/x"));
    ok("admin@acme", "Action", "DeleteUserPolicy", "UserName", "bob", "PolicyName", "Get");
    assertFalse(allowed("bob@acme", "docs:GetObject", "arn:iam4j:docs::acme:bucket/a/x"));
  }

  @Test
  void inlineQuota() {
    String big = j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:GetObject', 'Resource': ["
        + String.join(",", java.util.Collections.nCopies(60, "'arn:iam4j:docs::acme:bucket/some-long-bucket-name/x'")) + "]}]}");
    assertEquals("LimitExceeded", refused("admin@acme", "Action", "PutUserPolicy", "UserName", "bob", "PolicyName", "Big",
        "PolicyDocument", big).code());
    ok("admin@acme", "Action", "PutGroupPolicy", "GroupName", "Developers", "PolicyName", "Big", "PolicyDocument", big);
  }

  // ---- attachments, boundaries, delegation

  @Test
  void attachDetachAndList() {
    String arn = ACME + "policy/DocsReadOnly";
    assertFalse(allowed("bob@acme", "docs:GetObject", "*"));
    ok("admin@acme", "Action", "AttachUserPolicy", "UserName", "bob", "PolicyArn", arn);
    assertTrue(allowed("bob@acme", "docs:GetObject", "*"));
    ok("admin@acme", "Action", "AttachUserPolicy", "UserName", "bob", "PolicyArn", arn); // idempotent, as IAM
    assertEquals(List.of(arn), all(ok("admin@acme", "Action", "ListAttachedUserPolicies", "UserName", "bob"), "PolicyArn"));
    String entities = ok("admin@acme", "Action", "ListEntitiesForPolicy", "PolicyArn", arn);
    assertEquals(List.of("bob"), all(entities, "UserName"));
    String bounded = ok("admin@acme", "Action", "ListEntitiesForPolicy", "PolicyArn", BOUNDARY, "PolicyUsageFilter", "PermissionsBoundary");
    assertEquals(List.of("erin", "newbie"), all(bounded, "UserName"));
    ok("admin@acme", "Action", "DetachUserPolicy", "UserName", "bob", "PolicyArn", arn);
    assertFalse(allowed("bob@acme", "docs:GetObject", "*"), "revoked when the detach returned");
    assertEquals("NoSuchEntity", refused("admin@acme", "Action", "DetachUserPolicy", "UserName", "bob", "PolicyArn", arn).code());
    assertEquals("NoSuchEntity", refused("admin@acme", "Action", "AttachUserPolicy", "UserName", "bob", "PolicyArn", ACME + "policy/None").code());
  }

  @Test
  void attachQuota() throws IOException {
    List<String> arns = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      put("acme", "policies/P" + i + ".json", allow("'docs:GetObject'", "'*'"));
      arns.add("'" + ACME + "policy/P" + i + "'");
    }
    put("acme", "users/bob.json", "{'managedPolicies': [" + String.join(",", arns) + "]}");
    store.reload();
    assertEquals("LimitExceeded", refused("admin@acme", "Action", "AttachUserPolicy", "UserName", "bob", "PolicyArn",
        ACME + "policy/DocsReadOnly").code());
  }

  @Test
  void delegatedAdministratorIsConfinedByTheBoundary() {
    // erin may attach the team policies to a user under the delegation boundary...
    ok("erin@acme", "Action", "AttachUserPolicy", "UserName", "newbie", "PolicyArn", ACME + "policy/DocsReadOnly");
    ok("erin@acme", "Action", "DetachUserPolicy", "UserName", "newbie", "PolicyArn", ACME + "policy/DocsReadOnly");
    // ...not another policy (iam:PolicyARN), not to a user without the boundary (iam:PermissionsBoundary)...
    assertEquals("AccessDenied", refused("erin@acme", "Action", "AttachUserPolicy", "UserName", "newbie", "PolicyArn",
        ACME + "policy/Secret").code());
    AwsError unbounded = refused("erin@acme", "Action", "AttachUserPolicy", "UserName", "bob", "PolicyArn", ACME + "policy/DocsReadOnly");
    assertEquals("AccessDenied", unbounded.code());
    assertTrue(unbounded.getMessage().contains("iam:AttachUserPolicy"), unbounded.getMessage());
    assertTrue(unbounded.getMessage().contains("Encoded authorization failure message"), unbounded.getMessage());
    // ...and not to herself.
    assertEquals("AccessDenied", refused("erin@acme", "Action", "AttachUserPolicy", "UserName", "erin", "PolicyArn",
        ACME + "policy/DocsReadOnly").code());
    // She may put the delegation boundary on bob, no other; then bob is hers to manage.
    assertEquals("AccessDenied", refused("erin@acme", "Action", "PutUserPermissionsBoundary", "UserName", "bob", "PermissionsBoundary",
        ACME + "policy/DocsReadOnly").code());
    ok("erin@acme", "Action", "PutUserPermissionsBoundary", "UserName", "bob", "PermissionsBoundary", BOUNDARY);
    ok("erin@acme", "Action", "AttachUserPolicy", "UserName", "bob", "PolicyArn", ACME + "policy/HomeFolderAccess");
    // She may never remove a boundary.
    assertEquals("AccessDenied", refused("erin@acme", "Action", "DeleteUserPermissionsBoundary", "UserName", "bob").code());
    // Nor change policies or roles.
    assertEquals("AccessDenied", refused("erin@acme", "Action", "CreatePolicy", "PolicyName", "Mine", "PolicyDocument",
        j(allow("'*'", "'*'"))).code());
    assertEquals("AccessDenied", refused("erin@acme", "Action", "CreateRole", "RoleName", "Mine", "AssumeRolePolicyDocument", TRUST).code());
    // Reading is allowed.
    ok("erin@acme", "Action", "ListPolicies");
  }

  @Test
  void aTenantsApiReachesOnlyThatTenant() {
    // gina may do anything in globex, nothing in acme: another tenant's resource is not hers, and
    // her tenant has no such policy.
    assertEquals("AccessDenied", refused("gina@globex", "Action", "GetPolicy", "PolicyArn", ACME + "policy/DocsReadOnly").code());
    assertEquals("AccessDenied", refused("gina@globex", "Action", "DeletePolicy", "PolicyArn", ACME + "policy/DocsReadOnly").code());
    assertEquals("NoSuchEntity", refused("gina@globex", "Action", "AttachUserPolicy", "UserName", "gina", "PolicyArn",
        ACME + "policy/DocsReadOnly").code());
    assertEquals(List.of(), all(ok("gina@globex", "Action", "ListPolicies", "Scope", "Local"), "Arn"));
    // bob has no iam permission at all.
    assertEquals("AccessDenied", refused("bob@acme", "Action", "ListRoles").code());
    assertEquals("AccessDenied", refused("bob@acme", "Action", "GetPolicy", "PolicyArn", ACME + "policy/DocsReadOnly").code());
  }

  @Test
  void refusedWritesLeaveNothing() throws IOException {
    Map<String, String> before = tree();
    long version = store.directory().tenant("acme").orElseThrow().version();
    refused("erin@acme", "Action", "AttachUserPolicy", "UserName", "bob", "PolicyArn", ACME + "policy/DocsReadOnly");
    refused("admin@acme", "Action", "PutRolePolicy", "RoleName", "None", "PolicyName", "X", "PolicyDocument", j(allow("'a:b'", "'*'")));
    refused("admin@acme", "Action", "CreateRole", "RoleName", "R", "AssumeRolePolicyDocument", "{");
    refused("admin@acme", "Action", "CreateRole", "RoleName", "R", "AssumeRolePolicyDocument", TRUST, "MaxSessionDuration", "100");
    refused("admin@acme", "Action", "CreateRole", "RoleName", "R", "AssumeRolePolicyDocument", TRUST, "PermissionsBoundary", ACME + "policy/Nope");
    assertEquals(before, tree());
    assertEquals(version, store.directory().tenant("acme").orElseThrow().version());
  }

  @Test
  void aWriterThatReadAnOlderVersionGetsAConflictNotALostUpdate() throws IOException {
    IamCall stale = call("admin@acme");
    ok("admin@acme", "Action", "AttachUserPolicy", "UserName", "bob", "PolicyArn", ACME + "policy/DocsReadOnly");
    Map<String, String> before = tree();
    AwsError e = assertThrows(AwsError.class, () -> iam.handle(q("Action", "AttachUserPolicy", "UserName", "bob", "PolicyArn",
        ACME + "policy/HomeFolderAccess"), stale, "req"));
    assertEquals("ConcurrentModification", e.code());
    assertEquals(409, e.status());
    assertEquals(before, tree());
    assertEquals(List.of(ACME + "policy/DocsReadOnly"), store.directory().tenant("acme").orElseThrow().users().get("bob").managedPolicies());
  }

  @Test
  void handWrittenFilesKeepTheirOtherMembersAndLayout() throws IOException {
    put("acme", "users/bob.json", "{\n  'tags': {\n    'team': 'platform'\n  },\n  'inlinePolicies': {\n    'Shared': 'inline/shared.json'\n  }\n}\n");
    put("acme", "users/newbie.json", "{'permissionsBoundary': '" + BOUNDARY + "', 'inlinePolicies': {'Shared': 'inline/shared.json'}}");
    put("acme", "inline/shared.json", allow("'docs:ListBuckets'", "'*'"));
    store.reload();
    // A document shared by two users is not rewritten for one of them: bob gets his own file.
    ok("admin@acme", "Action", "PutUserPolicy", "UserName", "bob", "PolicyName", "Shared", "PolicyDocument", j(allow("'docs:GetObject'", "'*'")));
    Map<String, String> files = tree();
    assertEquals(j(allow("'docs:ListBuckets'", "'*'")), files.get("inline/shared.json"));
    assertTrue(files.get("users/bob.json").contains("\"team\": \"platform\""), files.get("users/bob.json"));
    assertTrue(files.get("users/bob.json").contains("inline/user-bob/Shared.json"), files.get("users/bob.json"));
    // Deleting bob's policy deletes his own file, never the one newbie still names.
    ok("admin@acme", "Action", "DeleteUserPolicy", "UserName", "bob", "PolicyName", "Shared");
    assertFalse(tree().containsKey("inline/user-bob/Shared.json"));
    assertTrue(tree().containsKey("inline/shared.json"), "still newbie's");
  }

  @Test
  void rolesTagAndDescriptionLimits() {
    ok("admin@acme", "Action", "CreateRole", "RoleName", "T", "AssumeRolePolicyDocument", TRUST);
    assertEquals("ValidationError", refused("admin@acme", "Action", "UpdateRole", "RoleName", "T", "Description", "x".repeat(1001)).code());
    assertEquals("InvalidInput", refused("admin@acme", "Action", "TagRole", "RoleName", "T", "Tags.member.1.Key", "aws:x",
        "Tags.member.1.Value", "y").code());
    assertEquals("InvalidInput", refused("admin@acme", "Action", "TagRole", "RoleName", "T", "Tags.member.1.Key", "a",
        "Tags.member.1.Value", "y", "Tags.member.2.Key", "A", "Tags.member.2.Value", "z").code());
    assertEquals("ValidationError", refused("admin@acme", "Action", "CreateRole", "RoleName", "bad/name", "AssumeRolePolicyDocument", TRUST).code());
    assertEquals("ValidationError", refused("admin@acme", "Action", "CreateRole", "RoleName", "P", "Path", "nopath",
        "AssumeRolePolicyDocument", TRUST).code());
    ok("admin@acme", "Action", "CreateRole", "RoleName", "T2", "AssumeRolePolicyDocument", TRUST);
    String xml = ok("admin@acme", "Action", "ListRoles", "MaxItems", "1");
    assertEquals("true", field(xml, "IsTruncated"));
    assertEquals(List.of("T2"), all(ok("admin@acme", "Action", "ListRoles", "MaxItems", "1", "Marker", field(xml, "Marker")), "RoleName"));
  }
}
