package io.iam4j.iamapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditEvent;
import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.config.ConfigEvent;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.Identity;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.shadow.ShadowEvaluator;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shadow API over a real store, authorizer and shadow evaluator: starting a shadow is a
 * validated configuration write (policy.json's {@code shadowVersion}), the counts come back with the
 * differing requests, promotion makes the draft decide and ends the shadow, and each action is
 * authorized as its own iam: action on the policy's ARN.
 */
class ShadowOperationsTest {
  static final String POLICY = "arn:iam4j:iam::acme:policy/ProjectDocs";
  static final String OBJECT = "arn:iam4j:docs::acme:bucket/projects/plan.txt";

  @TempDir Path root;
  ConfigStore store;
  Authorizer authorizer;
  ShadowEvaluator shadow;
  IamService iam;
  final ServerKey key = ServerKey.random();
  final Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
  final List<ConfigEvent> changes = Collections.synchronizedList(new ArrayList<>());

  void put(String path, String content) throws IOException {
    Path p = root.resolve("tenants/acme").resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content.replace('\'', '"'));
  }

  String file(String path) throws IOException {
    return Files.readString(root.resolve("tenants/acme").resolve(path));
  }

  @BeforeEach
  void setUp() throws IOException {
    put("users/admin.json", "{'inlinePolicies': {'All': 'inline/admin.json'}}");
    put("inline/admin.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'iam:*', 'Resource': '*'}]}");
    // A reader: iam:Get* and iam:List*, as the sample's read-only administrators.
    put("users/auditor.json", "{'inlinePolicies': {'Read': 'inline/read.json'}}");
    put("inline/read.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': ['iam:Get*', 'iam:List*'], "
        + "'Resource': '*'}]}");
    put("users/bob.json", "{'managedPolicies': ['" + POLICY + "']}");
    put("policies/ProjectDocs/policy.json", "{'path': '/', 'description': 'projects', 'defaultVersion': 'v1'}");
    put("policies/ProjectDocs/v1.json", "{'Version': '2012-10-17', 'Statement': [{'Sid': 'ReadWrite', 'Effect': 'Allow', "
        + "'Action': ['docs:GetObject', 'docs:PutObject'], 'Resource': '*'}]}");
    put("policies/ProjectDocs/v2.json", "{'Version': '2012-10-17', 'Statement': [{'Sid': 'Read', 'Effect': 'Allow', "
        + "'Action': 'docs:GetObject', 'Resource': '*'}]}");
    store = ConfigStore.open(ConfigStore.Settings.of(root));
    store.addListener(changes::add);
    authorizer = new Authorizer(store::directory, PrincipalMapper.defaults(), (t, arn) -> Optional.empty(), new DecisionCache(1_000));
    shadow = new ShadowEvaluator(store::directory, authorizer::resourcePolicy, e -> { }, Runnable::run, clock);
    authorizer.addObserver(shadow);
    iam = new IamService(List.of(new PolicyOperations(), new ShadowOperations(() -> shadow)));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  Identity identity(String user) {
    Mapping m = authorizer.map(CallerInfo.of(user + "@acme", Set.of()));
    return assertInstanceOf(Mapping.Mapped.class, m).identity();
  }

  String ok(String user, String... pairs) {
    return iam.handle(q(pairs), new IamCall(identity(user), RequestContext.empty(), authorizer, store, key, clock), "r");
  }

  AwsError refused(String user, String... pairs) {
    return assertThrows(AwsError.class, () -> ok(user, pairs));
  }

  static QueryRequest q(String... pairs) {
    StringBuilder b = new StringBuilder("Version=" + IamService.VERSION);
    for (int i = 0; i < pairs.length; i += 2) {
      b.append('&').append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return QueryRequest.parse(b.toString().getBytes(StandardCharsets.UTF_8), null);
  }

  static String field(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    assertTrue(m.find(), () -> name + " in " + xml);
    return m.group(1);
  }

  ManagedPolicy policy() {
    return store.directory().tenant("acme").orElseThrow().policies().get(POLICY);
  }

  boolean bobMay(String action) {
    return authorizer.authorize(identity("bob"), action, OBJECT, null, RequestContext.empty()).decision().allowed();
  }

  @Test
  void startGetPromote_endToEnd() throws IOException {
    String started = ok("admin", "Action", "StartPolicyVersionShadow", "PolicyArn", POLICY, "VersionId", "v2");
    assertEquals("v2", field(started, "VersionId"));
    assertEquals("true", field(started, "InShadow"));
    assertEquals("v2", policy().shadowVersionId(), "active when the call returns");
    assertEquals("v1", policy().defaultVersionId());
    assertTrue(file("policies/ProjectDocs/policy.json").contains("\"shadowVersion\": \"v2\""), "persisted in the policy's file");
    assertTrue(file("policies/ProjectDocs/policy.json").contains("\"description\": \"projects\""), "its other fields kept");
    ConfigEvent write = changes.get(changes.size() - 1);
    assertTrue(write.cause().contains("StartPolicyVersionShadow " + POLICY + " v2"), write.cause());
    assertEquals("arn:iam4j:iam::acme:user/admin", write.actor());

    assertTrue(bobMay("docs:GetObject"));
    assertTrue(bobMay("docs:PutObject"), "the draft does not decide");
    assertTrue(bobMay("docs:PutObject"));

    String got = ok("auditor", "Action", "GetPolicyVersionShadow", "PolicyArn", POLICY);
    assertEquals("3", field(got, "Evaluated"));
    assertEquals("1", field(got, "Same"));
    assertEquals("2", field(got, "NewlyDenied"));
    assertEquals("0", field(got, "NewlyAllowed"));
    assertEquals("docs:PutObject", field(got, "Action"));
    assertEquals("arn:iam4j:iam::acme:user/bob", field(got, "Principal"));
    assertEquals("newly_denied", field(got, "Result"));
    assertEquals("allowed", field(got, "LiveDecision"));
    assertEquals("implicitDeny", field(got, "ShadowDecision"));
    assertTrue(got.contains("<LiveStatements><member>" + POLICY + "#ReadWrite</member></LiveStatements>"), got);

    assertEquals("DeleteConflict", refused("admin", "Action", "DeletePolicyVersion", "PolicyArn", POLICY, "VersionId", "v2").code());

    String promoted = ok("admin", "Action", "PromotePolicyVersionShadow", "PolicyArn", POLICY);
    assertEquals("2", field(promoted, "NewlyDenied"), "the counts that justified the promotion");
    assertEquals("false", field(promoted, "InShadow"));
    assertEquals("v2", policy().defaultVersionId());
    assertEquals(null, policy().shadowVersionId());
    assertFalse(file("policies/ProjectDocs/policy.json").contains("shadowVersion"));
    assertFalse(bobMay("docs:PutObject"), "the promoted draft decides now");
    assertEquals("NoSuchEntity", refused("admin", "Action", "GetPolicyVersionShadow", "PolicyArn", POLICY).code());
  }

  @Test
  void setDefaultPolicyVersionOfTheDraft_promotesIt() {
    ok("admin", "Action", "StartPolicyVersionShadow", "PolicyArn", POLICY, "VersionId", "v2");
    ok("admin", "Action", "SetDefaultPolicyVersion", "PolicyArn", POLICY, "VersionId", "v2");
    assertEquals("v2", policy().defaultVersionId());
    assertEquals(null, policy().shadowVersionId(), "the version in force is no draft");
  }

  @Test
  void stop_endsTheShadow_countsStayReadableByVersion() {
    ok("admin", "Action", "StartPolicyVersionShadow", "PolicyArn", POLICY, "VersionId", "v2");
    bobMay("docs:PutObject");
    ok("admin", "Action", "StopPolicyVersionShadow", "PolicyArn", POLICY);
    assertEquals(null, policy().shadowVersionId());
    assertEquals("v1", policy().defaultVersionId());
    bobMay("docs:PutObject");
    String got = ok("admin", "Action", "GetPolicyVersionShadow", "PolicyArn", POLICY, "VersionId", "v2");
    assertEquals("false", field(got, "InShadow"));
    assertEquals("1", field(got, "NewlyDenied"), "nothing evaluated after the stop");
    assertEquals("NoSuchEntity", refused("admin", "Action", "StopPolicyVersionShadow", "PolicyArn", POLICY).code());
    assertEquals("NoSuchEntity", refused("admin", "Action", "PromotePolicyVersionShadow", "PolicyArn", POLICY).code());
  }

  @Test
  void refusals() {
    assertEquals("InvalidInput", refused("admin", "Action", "StartPolicyVersionShadow", "PolicyArn", POLICY, "VersionId", "v1").code(),
        "the default version cannot shadow itself");
    assertEquals("NoSuchEntity", refused("admin", "Action", "StartPolicyVersionShadow", "PolicyArn", POLICY, "VersionId", "v4").code());
    assertEquals("ValidationError", refused("admin", "Action", "StartPolicyVersionShadow", "PolicyArn", POLICY, "VersionId", "2").code());
    assertEquals("UnmodifiableEntity", refused("admin", "Action", "StartPolicyVersionShadow", "PolicyArn",
        "arn:iam4j:iam::iam4j:policy/ReadOnlyAccess", "VersionId", "v1").code(), "policies shipped with iam4j are read-only");
    // iam:Get* reads the counts, and starts, stops or promotes nothing.
    AwsError denied = refused("auditor", "Action", "StartPolicyVersionShadow", "PolicyArn", POLICY, "VersionId", "v2");
    assertEquals("AccessDenied", denied.code());
    assertTrue(denied.getMessage().contains("iam:StartPolicyVersionShadow on resource: " + POLICY), denied.getMessage());
    ok("admin", "Action", "StartPolicyVersionShadow", "PolicyArn", POLICY, "VersionId", "v2");
    assertTrue(refused("auditor", "Action", "PromotePolicyVersionShadow", "PolicyArn", POLICY).getMessage()
        .contains("iam:SetDefaultPolicyVersion"), "promotion needs SetDefaultPolicyVersion's permission");
    assertTrue(refused("auditor", "Action", "StopPolicyVersionShadow", "PolicyArn", POLICY).getMessage()
        .contains("iam:StopPolicyVersionShadow"));
    assertEquals("v2", policy().shadowVersionId());
    ok("auditor", "Action", "GetPolicyVersionShadow", "PolicyArn", POLICY);
  }

  @Test
  void restartedStore_keepsTheShadow() {
    ok("admin", "Action", "StartPolicyVersionShadow", "PolicyArn", POLICY, "VersionId", "v2");
    store.close();
    store = ConfigStore.open(ConfigStore.Settings.of(root));
    assertEquals("v2", policy().shadowVersionId());
  }
}
