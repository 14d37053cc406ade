package io.iam4j.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
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
 * STS as the STS API reference and the IAM User Guide describe it: who may assume a role (the trust
 * policy, and for another tenant the caller's own policy too), session tags and source identity as
 * separate permissions, session policies that only narrow, role chaining's hour, transitive tags,
 * and the error codes.
 */
class StsServiceTest {
  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  static final String ROLE = "arn:iam4j:iam::acme:role/Reporter";

  @TempDir Path root;
  ConfigStore store;
  Authorizer authorizer;
  StsService sts;
  final ServerKey key = ServerKey.random();

  static String j(String s) {
    return s.replace('\'', '"');
  }

  void put(String tenant, String path, String content) throws IOException {
    Path p = root.resolve("tenants").resolve(tenant).resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, j(content));
  }

  static String trust(String statements) {
    return "{'Version': '2012-10-17', 'Statement': [" + statements + "]}";
  }

  static String allowTrust(String principal, String actions, String condition) {
    return "{'Effect': 'Allow', 'Principal': {'AWS': '" + principal + "'}, 'Action': " + actions
        + (condition == null ? "" : ", 'Condition': " + condition) + "}";
  }

  @BeforeEach
  void setUp() throws IOException {
    put("acme", "users/alice.json", "{'mfaSeed': 'enc:test-device'}");
    put("acme", "users/bob.json", "{}");
    put("acme", "roles/Reporter.json", "{'trustPolicy': 'trust/reporter.json', 'inlinePolicies': {'Docs': 'inline/docs.json'},"
        + " 'maxSessionDuration': 7200, 'tags': {'team': 'finance'}}");
    put("acme", "inline/docs.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': ['docs:GetObject', 'docs:PutObject',"
        + " 'sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], 'Resource': '*'}]}");
    put("acme", "roles/Next.json", "{'trustPolicy': 'trust/next.json'}");
    put("acme", "trust/next.json", trust(allowTrust("arn:iam4j:iam::acme:role/Reporter", "['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']", null)));
    put("acme", "policies/ReadOnly.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:GetObject', 'Resource': '*'}]}");
    put("globex", "users/gina.json", "{'inlinePolicies': {'Assume': 'inline/assume.json'}}");
    put("globex", "inline/assume.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'sts:AssumeRole', 'Resource': '" + ROLE + "'}]}");
    trustReporter(allowTrust("arn:iam4j:iam::acme:user/alice", "'sts:AssumeRole'", null));
  }

  void trustReporter(String statements) throws IOException {
    put("acme", "trust/reporter.json", trust(statements));
    if (store != null) {
      store.close();
    }
    store = ConfigStore.open(ConfigStore.Settings.of(root));
    // A role's trust policy is its resource policy, as the runtime provides it.
    authorizer = new Authorizer(store::directory, PrincipalMapper.defaults(), (tenant, arn) -> store.directory().tenant(tenant)
        .flatMap(t -> t.roles().values().stream().filter(r -> store.directory().arns().role(tenant, r.path(), r.name()).equals(arn))
            .findFirst().map(Role::trustPolicy)), new DecisionCache(1_000));
    sts = new StsService(authorizer, null, key, "iam4j", (t, u, code, now) -> code.equals("123456"), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  Identity identity(String caller) {
    Mapping m = authorizer.map(CallerInfo.of(caller, Set.of()));
    return assertInstanceOf(Mapping.Mapped.class, m, caller).identity();
  }

  StsCaller caller(String name) {
    return new StsCaller(identity(name), null, false, null, RequestContext.empty());
  }

  static QueryRequest q(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Version", StsService.VERSION);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return QueryRequest.parse(b.toString().getBytes(StandardCharsets.UTF_8), null);
  }

  static String field(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    assertTrue(m.find(), () -> name + " in " + xml);
    return m.group(1);
  }

  AwsError refused(StsCaller c, QueryRequest q) {
    return assertThrows(AwsError.class, () -> sts.handle(q, c, "r"));
  }

  StsSession assume(StsCaller c, String... extra) {
    String[] pairs = new String[4 + extra.length];
    pairs[0] = "Action";
    pairs[1] = "AssumeRole";
    System.arraycopy(new String[] {"RoleArn", ROLE}, 0, pairs, 2, 2);
    System.arraycopy(extra, 0, pairs, 4, extra.length);
    String xml = sts.handle(q(pairs).get("RoleSessionName").isPresent() ? q(pairs) : q(concat(pairs, "RoleSessionName", "s1")), c, "r");
    StsSession s = StsTokens.open(key, field(xml, "SessionToken"));
    assertNotNull(s);
    assertEquals(s.accessKeyId(), field(xml, "AccessKeyId"));
    assertEquals(s.secretAccessKey(), field(xml, "SecretAccessKey"));
    assertEquals(s.expires().toString(), field(xml, "Expiration"));
    assertEquals("arn:iam4j:sts::acme:assumed-role/Reporter/" + s.sessionName(), field(xml, "Arn"));
    return s;
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  StsCaller asSession(StsSession s) {
    Mapping m = StsSessions.identity(store.directory(), s, (t, r) -> Optional.empty());
    return new StsCaller(assertInstanceOf(Mapping.Mapped.class, m).identity(), s, s.mfa(), s.mfaAuthTime(), RequestContext.empty());
  }

  boolean allowed(StsSession s, String action) {
    Identity id = asSession(s).identity();
    return authorizer.authorize(id, action, "arn:iam4j:docs::acme:bucket/b", null, RequestContext.empty()).decision().allowed();
  }

  // ---------------------------------------------------------------- GetCallerIdentity

  @Test
  void getCallerIdentity_answersWhoCalls() {
    String xml = sts.handle(q("Action", "GetCallerIdentity"), caller("alice@acme"), "req-1");
    assertEquals("arn:iam4j:iam::acme:user/alice", field(xml, "Arn"));
    assertEquals(identity("alice@acme") instanceof Identity.UserIdentity u ? u.user().id() : null, field(xml, "UserId"));
    assertEquals("acme", field(xml, "Account"));
    assertTrue(xml.startsWith("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"));
    assertTrue(xml.endsWith("<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>"));
  }

  @Test
  void getCallerIdentity_ofASession_isTheAssumedRole() {
    StsSession s = assume(caller("alice@acme"));
    String xml = sts.handle(q("Action", "GetCallerIdentity"), asSession(s), "r");
    assertEquals("arn:iam4j:sts::acme:assumed-role/Reporter/s1", field(xml, "Arn"));
    assertTrue(field(xml, "UserId").endsWith(":s1"));
  }

  // ---------------------------------------------------------------- AssumeRole: who may

  @Test
  void assumeRole_allowedByTheTrustPolicy() {
    StsSession s = assume(caller("alice@acme"));
    assertEquals(NOW.plusSeconds(3600), s.expires(), "one hour by default");
    assertEquals("Reporter", s.principal());
    assertTrue(allowed(s, "docs:PutObject"), "the role's own policy applies");
  }

  @Test
  void assumeRole_notNamedInTheTrustPolicy_isAccessDenied() {
    AwsError e = refused(caller("bob@acme"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1"));
    assertEquals("AccessDenied", e.code());
    assertEquals(403, e.status());
    assertEquals("User: arn:iam4j:iam::acme:user/bob is not authorized to perform: sts:AssumeRole on resource: " + ROLE, e.getMessage());
  }

  @Test
  void assumeRole_ofAMissingRole_isAccessDeniedToo() {
    AwsError e = refused(caller("alice@acme"), q("Action", "AssumeRole", "RoleArn", "arn:iam4j:iam::acme:role/Nope", "RoleSessionName", "s1"));
    assertEquals("AccessDenied", e.code());
  }

  @Test
  void assumeRole_fromAnotherTenant_needsTrustAndTheCallersOwnPolicy() throws IOException {
    AwsError e = refused(caller("gina@globex"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1"));
    assertEquals("AccessDenied", e.code(), "the trust policy does not name gina");
    trustReporter(allowTrust("arn:iam4j:iam::globex:user/gina", "'sts:AssumeRole'", null));
    StsSession s = assume(caller("gina@globex"));
    assertEquals("acme", s.tenant());
    put("globex", "inline/assume.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:GetObject', 'Resource': '*'}]}");
    trustReporter(allowTrust("arn:iam4j:iam::globex:user/gina", "'sts:AssumeRole'", null));
    assertEquals("AccessDenied", refused(caller("gina@globex"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1")).code(),
        "cross-tenant: gina's own policy must allow it too");
  }

  @Test
  void externalId_isAConditionKeyOfTheTrustPolicy() throws IOException {
    trustReporter(allowTrust("arn:iam4j:iam::acme:user/alice", "'sts:AssumeRole'", "{'StringEquals': {'sts:ExternalId': 'partner-42'}}"));
    assertEquals("AccessDenied", refused(caller("alice@acme"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1")).code());
    assertEquals("AccessDenied", refused(caller("alice@acme"),
        q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1", "ExternalId", "partner-43")).code());
    assume(caller("alice@acme"), "ExternalId", "partner-42");
  }

  @Test
  void roleSessionName_isAConditionKeyOfTheTrustPolicy() throws IOException {
    trustReporter(allowTrust("arn:iam4j:iam::acme:user/alice", "'sts:AssumeRole'", "{'StringLike': {'sts:RoleSessionName': 'alice-*'}}"));
    assertEquals("AccessDenied", refused(caller("alice@acme"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "bob-1")).code());
    assertEquals("alice-1", assume(caller("alice@acme"), "RoleSessionName", "alice-1").sessionName());
  }

  // ---------------------------------------------------------------- tags and source identity

  @Test
  void sessionTags_needTagSession_andBecomePrincipalTags() throws IOException {
    AwsError e = refused(caller("alice@acme"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1",
        "Tags.member.1.Key", "project", "Tags.member.1.Value", "apollo"));
    assertEquals("AccessDenied", e.code());
    assertTrue(e.getMessage().contains("sts:TagSession"), e.getMessage());
    trustReporter(allowTrust("arn:iam4j:iam::acme:user/alice", "['sts:AssumeRole', 'sts:TagSession']",
        "{'StringEquals': {'aws:RequestTag/project': 'apollo'}}"));
    StsSession s = assume(caller("alice@acme"), "Tags.member.1.Key", "project", "Tags.member.1.Value", "apollo",
        "Tags.member.2.Key", "team", "Tags.member.2.Value", "blue");
    RequestContext ctx = asSession(s).identity().context().build();
    assertEquals("apollo", ctx.get("aws:PrincipalTag/project").single());
    assertEquals("blue", ctx.get("aws:PrincipalTag/team").single(), "a session tag overrides the role's tag of the same key");
  }

  @Test
  void duplicateTagKeysIgnoringCase_areRefused() throws IOException {
    trustReporter(allowTrust("arn:iam4j:iam::acme:user/alice", "['sts:AssumeRole', 'sts:TagSession']", null));
    AwsError e = refused(caller("alice@acme"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1",
        "Tags.member.1.Key", "Team", "Tags.member.1.Value", "a", "Tags.member.2.Key", "team", "Tags.member.2.Value", "b"));
    assertEquals("InvalidParameterValue", e.code());
  }

  @Test
  void sourceIdentity_needsSetSourceIdentity_andPassesThroughChaining() throws IOException {
    assertTrue(refused(caller("alice@acme"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1", "SourceIdentity", "alice"))
        .getMessage().contains("sts:SetSourceIdentity"));
    trustReporter(allowTrust("arn:iam4j:iam::acme:user/alice", "['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession']", null));
    StsSession first = assume(caller("alice@acme"), "SourceIdentity", "alice", "Tags.member.1.Key", "team", "Tags.member.1.Value", "blue",
        "TransitiveTagKeys.member.1", "team");
    assertEquals("alice", asSession(first).identity().context().build().get("aws:SourceIdentity").single());
    // Role chaining: Reporter's session assumes Next; its source identity and transitive tag pass on.
    String xml = sts.handle(q("Action", "AssumeRole", "RoleArn", "arn:iam4j:iam::acme:role/Next", "RoleSessionName", "s2"), asSession(first), "r");
    StsSession next = StsTokens.open(key, field(xml, "SessionToken"));
    assertEquals("alice", next.sourceIdentity());
    assertEquals(Map.of("team", "blue"), next.tags());
    assertTrue(next.chained());
    assertEquals("InvalidParameterValue", refused(asSession(first), q("Action", "AssumeRole", "RoleArn", "arn:iam4j:iam::acme:role/Next",
        "RoleSessionName", "s2", "Tags.member.1.Key", "team", "Tags.member.1.Value", "red")).code(), "a transitive tag cannot change");
    assertEquals("InvalidParameterValue", refused(asSession(first), q("Action", "AssumeRole", "RoleArn", "arn:iam4j:iam::acme:role/Next",
        "RoleSessionName", "s2", "SourceIdentity", "mallory")).code(), "the source identity cannot change");
  }

  @Test
  void sourceIdentityStartingWithAws_isRefused() {
    assertEquals("ValidationError", refused(caller("alice@acme"),
        q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1", "SourceIdentity", "aws:me")).code());
  }

  // ---------------------------------------------------------------- durations

  @Test
  void durations_areBoundedByTheRoleAndByChaining() {
    assertEquals(NOW.plusSeconds(7200), assume(caller("alice@acme"), "DurationSeconds", "7200").expires());
    AwsError over = refused(caller("alice@acme"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1", "DurationSeconds", "7201"));
    assertEquals("ValidationError", over.code());
    assertEquals("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", over.getMessage());
    assertEquals("ValidationError", refused(caller("alice@acme"),
        q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1", "DurationSeconds", "899")).code());
    StsSession first = assume(caller("alice@acme"));
    AwsError chained = refused(asSession(first), q("Action", "AssumeRole", "RoleArn", "arn:iam4j:iam::acme:role/Next",
        "RoleSessionName", "s2", "DurationSeconds", "3601"));
    assertEquals("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", chained.getMessage());
  }

  @Test
  void sessionName_followsIamsPattern() {
    for (String bad : new String[] {"s", "has space", "x".repeat(65), "a/b"}) {
      assertEquals("ValidationError", refused(caller("alice@acme"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", bad)).code(), bad);
    }
  }

  // ---------------------------------------------------------------- session policies

  @Test
  void sessionPolicies_onlyNarrow() {
    StsSession inline = assume(caller("alice@acme"), "Policy",
        j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': ['docs:GetObject', 's3:*'], 'Resource': '*'}]}"));
    assertTrue(allowed(inline, "docs:GetObject"));
    assertFalse(allowed(inline, "docs:PutObject"), "the role allows it, the session policy does not");
    assertFalse(allowed(inline, "s3:GetObject"), "the session policy allows it, the role does not");
    StsSession managed = assume(caller("alice@acme"), "PolicyArns.member.1.arn", "arn:iam4j:iam::acme:policy/ReadOnly");
    assertTrue(allowed(managed, "docs:GetObject"));
    assertFalse(allowed(managed, "docs:PutObject"));
  }

  @Test
  void malformedSessionPolicy_isMalformedPolicyDocument() {
    AwsError e = refused(caller("alice@acme"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1", "Policy", "{not json"));
    assertEquals("MalformedPolicyDocument", e.code());
    assertEquals(400, e.status());
  }

  @Test
  void unknownSessionPolicyArn_isRefused() {
    assertEquals("InvalidParameterValue", refused(caller("alice@acme"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1",
        "PolicyArns.member.1.arn", "arn:iam4j:iam::acme:policy/Nope")).code());
  }

  @Test
  void packedPolicySize_isReported_andTooLargeIsRefused() throws IOException {
    trustReporter(allowTrust("arn:iam4j:iam::acme:user/alice", "['sts:AssumeRole', 'sts:TagSession']", null));
    String xml = sts.handle(q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1", "Tags.member.1.Key", "a",
        "Tags.member.1.Value", "b"), caller("alice@acme"), "r");
    int percent = Integer.parseInt(field(xml, "PackedPolicySize"));
    assertTrue(percent > 0 && percent <= 100, xml);
    String[] pairs = {"Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1"};
    java.util.Random random = new java.util.Random(1);
    for (int i = 1; i <= 50; i++) {
      StringBuilder v = new StringBuilder();
      for (int k = 0; k < 200; k++) {
        v.append((char) ('a' + random.nextInt(26)));
      }
      pairs = concat(pairs, "Tags.member." + i + ".Key", "k" + i, "Tags.member." + i + ".Value", v.toString());
    }
    assertEquals("PackedPolicyTooLarge", refused(caller("alice@acme"), q(pairs)).code());
  }

  // ---------------------------------------------------------------- MFA

  @Test
  void mfaCode_marksTheSession() throws IOException {
    trustReporter(allowTrust("arn:iam4j:iam::acme:user/alice", "'sts:AssumeRole'", "{'Bool': {'aws:MultiFactorAuthPresent': 'true'}}"));
    assertEquals("AccessDenied", refused(caller("alice@acme"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1")).code());
    assertEquals("AccessDenied", refused(caller("alice@acme"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1",
        "SerialNumber", "arn:iam4j:iam::acme:mfa/alice", "TokenCode", "000000")).code(), "a wrong code");
    StsSession s = assume(caller("alice@acme"), "SerialNumber", "arn:iam4j:iam::acme:mfa/alice", "TokenCode", "123456");
    assertTrue(s.mfa());
    assertEquals(NOW.getEpochSecond(), s.mfaAuthTime());
  }

  @Test
  void mfaOfAnotherUsersDevice_isRefused() throws IOException {
    put("acme", "users/bob.json", "{'mfaSeed': 'enc:bobs-device'}");
    trustReporter(allowTrust("arn:iam4j:iam::acme:user/bob", "'sts:AssumeRole'", null));
    assertEquals("AccessDenied", refused(caller("bob@acme"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1",
        "SerialNumber", "arn:iam4j:iam::acme:mfa/alice", "TokenCode", "123456")).code());
  }

  @Test
  void aNamedDevice_isKnownByItsOwnSerialNumber() throws IOException {
    // A device enabled through the IAM API keeps its name and path: its ARN is the serial number.
    put("acme", "users/bob.json", "{'mfaSeed': 'enc:bobs-device', 'mfaDevice': {'name': 'bobs-phone', 'path': '/phones/'}}");
    trustReporter(allowTrust("arn:iam4j:iam::acme:user/bob", "'sts:AssumeRole'", null));
    assertEquals("AccessDenied", refused(caller("bob@acme"), q("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "s1",
        "SerialNumber", "arn:iam4j:iam::acme:mfa/bob", "TokenCode", "123456")).code());
    assertTrue(assume(caller("bob@acme"), "SerialNumber", "arn:iam4j:iam::acme:mfa/phones/bobs-phone", "TokenCode", "123456").mfa());
  }

  // ---------------------------------------------------------------- GetSessionToken

  @Test
  void getSessionToken_isForLongTermCredentialsOnly() {
    String xml = sts.handle(q("Action", "GetSessionToken", "SerialNumber", "arn:iam4j:iam::acme:mfa/alice", "TokenCode", "123456"),
        caller("alice@acme"), "r");
    StsSession s = StsTokens.open(key, field(xml, "SessionToken"));
    assertEquals(StsSession.Kind.USER, s.kind());
    assertEquals(NOW.plusSeconds(43_200), s.expires(), "12 hours by default");
    assertTrue(s.mfa());
    assertEquals("alice@acme", s.callerName());
    AwsError e = refused(asSession(s), q("Action", "GetSessionToken"));
    assertEquals("AccessDenied", e.code());
    assertEquals("Cannot call GetSessionToken with session credentials", e.getMessage());
    assertEquals("ValidationError", refused(caller("alice@acme"), q("Action", "GetSessionToken", "DurationSeconds", "129601")).code());
  }

  // ---------------------------------------------------------------- protocol

  @Test
  void unknownActionOrVersion_isInvalidAction() {
    assertEquals("InvalidAction", refused(caller("alice@acme"), q("Action", "AssumeRoleWithSAML")).code());
    assertEquals("InvalidAction", assertThrows(AwsError.class, () -> sts.handle(QueryRequest.parse(
        "Action=GetCallerIdentity&Version=2010-05-08".getBytes(StandardCharsets.UTF_8), null), caller("alice@acme"), "r")).code());
  }

  @Test
  void revokedOrRecreatedRoles_endTheirSessions() throws IOException {
    StsSession s = assume(caller("alice@acme"));
    put("acme", "roles/Reporter.json", "{'trustPolicy': 'trust/reporter.json', 'sessionsValidAfter': '2026-12-07T10:00:01Z'}");
    store.reload();
    assertInstanceOf(Mapping.Refused.class, StsSessions.identity(store.directory(), s, (t, r) -> Optional.empty()));
    assertInstanceOf(Mapping.Refused.class, StsSessions.identity(store.directory(), s, (t, r) -> Optional.of(NOW.plusSeconds(1))));
  }
}
