package io.iam4j.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.config.ConfigStore;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Identity;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.RequestContext;
import io.iam4j.jwt.JwksCache;
import io.iam4j.jwt.JwksServer;
import io.iam4j.jwt.TestSigner;
import io.iam4j.mapping.AssumeRoleWithWebIdentity.Assumed;
import io.iam4j.mapping.AssumeRoleWithWebIdentity.ErrorCode;
import io.iam4j.mapping.AssumeRoleWithWebIdentity.Failed;
import io.iam4j.mapping.AssumeRoleWithWebIdentity.Result;
import io.iam4j.mapping.PrincipalMapper.UnknownCaller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STS's AssumeRoleWithWebIdentity as its API reference and the IAM User Guide describe it: the token
 * verified against the keys of the tenant's OIDC provider that issued it (served over real HTTP
 * from 127.0.0.1, or written into identity-mapping.json), the audience a registered client ID, and
 * the role's trust policy deciding with the documented keys ({@code PROVIDER:aud}, {@code :sub});
 * each refusal with the error code STS answers.
 */
class AssumeRoleWithWebIdentityTest {
  static final String IDP = "https://idp.acme.example";
  static final String STATIC_IDP = "https://static.acme.example";
  static final String ROLE = "arn:iam4j:iam::acme:role/Contractor";
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final long T = NOW.getEpochSecond();
  static final TestSigner.Key RSA = TestSigner.rsa("rsa-1", "RS256");
  static final TestSigner.Key EC = TestSigner.ec("ec-1", "ES256");

  @TempDir Path root;
  JwksServer idp;
  ConfigStore store;
  Directory directory;
  Tenant acme;
  final AssumeRoleWithWebIdentity sts = new AssumeRoleWithWebIdentity(new JwksCache());

  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  void put(String path, String content) {
    try {
      Path p = root.resolve("tenants/acme").resolve(path);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    idp = new JwksServer();
    idp.jwks = TestSigner.jwks(RSA);
    put("users/alice.json", "{}");
    // The IAM User Guide's pattern: Federated principal, the action, conditions on aud and sub.
    put("roles/Contractor.json", j("{'trustPolicy': 'trust/contractor.json'}"));
    put("trust/contractor.json", j("""
        {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow',
          'Principal': {'Federated': 'arn:iam4j:iam::acme:oidc-provider/idp.acme.example'},
          'Action': 'sts:AssumeRoleWithWebIdentity',
          'Condition': {'StringEquals': {'idp.acme.example:aud': 'docs-app'},
                        'StringLike': {'idp.acme.example:sub': 'contractor-*'}}}]}"""));
    put("roles/Static.json", j("{'trustPolicy': 'trust/static.json', 'sessionsValidAfter': '2026-03-01T11:00:00Z'}"));
    put("trust/static.json", j("""
        {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow',
          'Principal': {'Federated': 'arn:iam4j:iam::acme:oidc-provider/static.acme.example'},
          'Action': 'sts:AssumeRoleWithWebIdentity',
          'Condition': {'StringEquals': {'static.acme.example:aud': 'batch'}}}]}"""));
    put("roles/Nobody.json", j("""
        {'trustPolicy': 'trust/nobody.json'}"""));
    put("trust/nobody.json", j("""
        {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': 'arn:iam4j:iam::acme:user/alice'},
          'Action': 'sts:AssumeRole'}]}"""));
    put("identity-mapping.json", j("{'openIdConnectProviders': ["
        + "{'url': '" + IDP + "', 'clientIds': ['docs-app', 'docs-cli'], 'jwksUri': '" + idp.jwksUri() + "'},"
        + "{'url': '" + STATIC_IDP + "', 'clientIds': ['batch'], 'jwks': " + TestSigner.jwks(EC).replace('"', '\'') + "}],"
        + " 'rules': [{'sid': 'Contractors', 'match': {'issuer': '" + IDP + "'}, 'role': 'Contractor'}]}"));
    store = ConfigStore.open(ConfigStore.Settings.of(root));
    directory = store.directory();
    acme = directory.tenant("acme").orElseThrow();
  }

  @AfterEach
  void tearDown() {
    store.close();
    idp.close();
  }

  static String claims(String iss, String sub, String aud, long iat, long exp) {
    return "{\"iss\":\"" + iss + "\",\"sub\":\"" + sub + "\",\"aud\":" + aud + ",\"iat\":" + iat + ",\"exp\":" + exp
        + ",\"amr\":[\"pwd\",\"mfa\"]}";
  }

  static String token(String sub, String aud) {
    return RSA.sign(claims(IDP, sub, "\"" + aud + "\"", T - 60, T + 600));
  }

  Result assume(String roleArn, String session, String token) {
    return sts.assume(directory, acme, roleArn, session, token, NOW);
  }

  static Failed failed(Result r, ErrorCode code) {
    Failed f = assertInstanceOf(Failed.class, r, () -> "not refused: " + r);
    assertEquals(code, f.code(), f.message());
    return f;
  }

  @Test
  void rs256FromTheJwksUri_trustAllows_sessionWithTheProvidersKeys() {
    Assumed a = assertInstanceOf(Assumed.class, assume(ROLE, "app-session", token("contractor-7", "docs-app")));
    assertEquals("contractor-7", a.subject(), "SubjectFromWebIdentityToken");
    assertEquals("docs-app", a.audience(), "Audience");
    assertEquals(IDP, a.provider(), "Provider: the token's iss for OpenID Connect");
    assertEquals("arn:iam4j:iam::acme:oidc-provider/idp.acme.example", a.providerArn());
    assertEquals(Instant.ofEpochSecond(T + 600), a.tokenExpires());
    assertEquals("Contractor", a.role().name());
    Identity.RoleSessionIdentity s = a.session();
    assertEquals("arn:iam4j:sts::acme:assumed-role/Contractor/app-session", s.caller().display());
    RequestContext ctx = s.context().build();
    assertEquals(ContextValue.of("arn:iam4j:iam::acme:oidc-provider/idp.acme.example"), ctx.get("aws:FederatedProvider"));
    assertEquals(ContextValue.of("contractor-7"), ctx.get("idp.acme.example:sub"));
    assertEquals(ContextValue.of("docs-app"), ctx.get("idp.acme.example:aud"));
    assertEquals(ContextValue.ofSet(List.of("pwd", "mfa")), ctx.get("idp.acme.example:amr"));
  }

  @Test
  void trustConditionOnSubFails_accessDenied() {
    Failed f = failed(assume(ROLE, "s1", token("intruder-1", "docs-app")), ErrorCode.AccessDenied);
    assertTrue(f.message().contains("trust policy of role Contractor"), f.message());
    assertEquals(403, f.code().httpStatus());
  }

  @Test
  void trustConditionOnAudFails_accessDenied_thoughTheClientIdIsRegistered() {
    // docs-cli is registered (the token is valid) but the trust policy wants docs-app.
    failed(assume(ROLE, "s1", token("contractor-7", "docs-cli")), ErrorCode.AccessDenied);
  }

  @Test
  void azp_isTheAudienceWhenRegistered() {
    String t = RSA.sign("{\"iss\":\"" + IDP + "\",\"sub\":\"contractor-7\",\"aud\":[\"api\",\"docs-app\"],\"azp\":\"docs-app\",\"exp\":" + (T + 600) + "}");
    Assumed a = assertInstanceOf(Assumed.class, assume(ROLE, "s1", t));
    assertEquals("docs-app", a.audience());
    assertEquals(ContextValue.ofSet(List.of("api", "docs-app")), a.session().context().build().get("idp.acme.example:oaud"));
  }

  @Test
  void audienceNotRegistered_invalidIdentityToken() {
    Failed f = failed(assume(ROLE, "s1", token("contractor-7", "someone-else")), ErrorCode.InvalidIdentityToken);
    assertTrue(f.message().contains("audience"), f.message());
  }

  @Test
  void issuerNotAProviderOfTheTenant_invalidIdentityToken() {
    String t = RSA.sign(claims("https://other.example", "contractor-7", "\"docs-app\"", T - 60, T + 600));
    failed(assume(ROLE, "s1", t), ErrorCode.InvalidIdentityToken);
  }

  @Test
  void wrongKey_invalidIdentityToken() {
    TestSigner.Key impostor = new TestSigner.Key("rsa-1", "RS256", TestSigner.rsa("x", "RS256").pair());
    failed(assume(ROLE, "s1", impostor.sign(claims(IDP, "contractor-7", "\"docs-app\"", T - 60, T + 600))), ErrorCode.InvalidIdentityToken);
  }

  @Test
  void hs256ConfusionOrAlgNone_invalidIdentityToken() {
    String hs = TestSigner.hmac("{\"alg\":\"HS256\",\"kid\":\"rsa-1\"}", claims(IDP, "contractor-7", "\"docs-app\"", T - 60, T + 600),
        RSA.pair().getPublic().getEncoded());
    failed(assume(ROLE, "s1", hs), ErrorCode.InvalidIdentityToken);
    String none = TestSigner.b64("{\"alg\":\"none\"}".getBytes()) + "."
        + TestSigner.b64(claims(IDP, "contractor-7", "\"docs-app\"", T - 60, T + 600).getBytes()) + ".";
    failed(assume(ROLE, "s1", none), ErrorCode.InvalidIdentityToken);
  }

  @Test
  void expired_expiredToken_notYetValid_invalidIdentityToken() {
    failed(assume(ROLE, "s1", RSA.sign(claims(IDP, "contractor-7", "\"docs-app\"", T - 7200, T - 3600))), ErrorCode.ExpiredToken);
    String nbf = RSA.sign("{\"iss\":\"" + IDP + "\",\"sub\":\"contractor-7\",\"aud\":\"docs-app\",\"nbf\":" + (T + 600) + ",\"exp\":" + (T + 1200) + "}");
    failed(assume(ROLE, "s1", nbf), ErrorCode.InvalidIdentityToken);
  }

  @Test
  void providerUnreachableWithoutKeys_idpCommunicationError() {
    idp.status = 503;
    failed(assume(ROLE, "s1", token("contractor-7", "docs-app")), ErrorCode.IDPCommunicationError);
  }

  @Test
  void parameters_outOfBounds_validationError() {
    failed(assume(ROLE, "x", token("contractor-7", "docs-app")), ErrorCode.ValidationError);
    failed(assume(ROLE, "bad name!", token("contractor-7", "docs-app")), ErrorCode.ValidationError);
    String huge = RSA.sign("{\"iss\":\"" + IDP + "\",\"sub\":\"contractor-7\",\"aud\":\"docs-app\",\"exp\":" + (T + 600)
        + ",\"pad\":\"" + "x".repeat(20_000) + "\"}");
    failed(assume(ROLE, "s1", huge), ErrorCode.ValidationError);
    failed(assume("arn:short", "s1", token("contractor-7", "docs-app")), ErrorCode.ValidationError);
  }

  @Test
  void roleMissing_otherTenant_orNotTrustingTheProvider_accessDenied() {
    failed(assume("arn:iam4j:iam::acme:role/Missing", "s1", token("contractor-7", "docs-app")), ErrorCode.AccessDenied);
    failed(assume("arn:iam4j:iam::globex:role/Contractor", "s1", token("contractor-7", "docs-app")), ErrorCode.AccessDenied);
    failed(assume("arn:iam4j:iam::acme:role/Nobody", "s1", token("contractor-7", "docs-app")), ErrorCode.AccessDenied);
  }

  @Test
  void es256FromKeysInTheFile_noFetch_andRevocationByIssueTime() {
    String fresh = EC.sign(claims(STATIC_IDP, "job-1", "\"batch\"", T - 60, T + 600));
    Assumed a = assertInstanceOf(Assumed.class, assume("arn:iam4j:iam::acme:role/Static", "batch-1", fresh));
    assertEquals("arn:iam4j:iam::acme:oidc-provider/static.acme.example", a.providerArn());
    assertEquals(0, idp.jwksFetches.get() + idp.discoveries.get());
    // The role's sessions issued before 11:00 are revoked: a token issued at 10:00 makes none.
    String old = EC.sign(claims(STATIC_IDP, "job-1", "\"batch\"", T - 7200, T + 600));
    Failed f = failed(assume("arn:iam4j:iam::acme:role/Static", "batch-1", old), ErrorCode.AccessDenied);
    assertTrue(f.message().contains("revoked"), f.message());
  }

  @Test
  void sameDecisionAsTheContainersPrincipalMapping() {
    // The claims a verified token gives, mapped by the tenant's role rule: the same trust decision.
    RuleBasedPrincipalMapper mapper = new RuleBasedPrincipalMapper(TenantResolver.fixed("acme"), '@', Map.of(), UnknownCaller.DENY);
    for (String sub : List.of("contractor-7", "intruder-1")) {
      Result viaSts = assume(ROLE, sub, token(sub, "docs-app"));
      CallerInfo c = new CallerInfo(sub, Set.of(), Map.of(), "/", "", Map.of("iss", List.of(IDP), "sub", List.of(sub),
          "aud", List.of("docs-app"), "exp", List.of(Long.toString(T + 600))));
      Mapping viaMapping = mapper.map(c, directory);
      assertEquals(viaSts instanceof Assumed, viaMapping instanceof Mapping.Mapped, sub);
      if (viaSts instanceof Assumed a) {
        assertEquals(((Mapping.Mapped) viaMapping).identity().caller().display(), a.session().caller().display());
      }
    }
  }
}
