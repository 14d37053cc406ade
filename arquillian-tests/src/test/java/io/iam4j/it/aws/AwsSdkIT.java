package io.iam4j.it.aws;

import static io.iam4j.it.aws.AwsIt.SDK_HTTP;
import static io.iam4j.it.aws.AwsIt.basic;
import static io.iam4j.it.aws.AwsIt.sleep;
import static io.iam4j.it.aws.AwsIt.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.crypto.MfaSeeds;
import io.iam4j.crypto.ServerKey;
import io.iam4j.crypto.Totp;
import io.iam4j.sts.StsSession;
import io.iam4j.sts.StsTokens;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import io.iam4j.it.aws.AwsIt.Reply;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * The sample as AWS's own clients see it: the real AWS SDK for Java v2, unmodified (no path
 * workaround: the war is the server's root, and the SDK posts to {@code /}), against STS, the IAM
 * API and the sample's API signed with Signature Version 4, over real HTTP on a real Payara Micro.
 * Then the attacks on the signature, each answered with AWS's error code and changing nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AwsSdkIT {
  static final Path CONFIG = Path.of(System.getProperty("it.config.dir"));
  static final String REPORTING_JOB = "arn:iam4j:iam::acme:role/ReportingJob";
  static final String REPORT = "/api/tenants/acme/buckets/reports/objects/2026/q3.txt";
  static final String SUMMARY = "/api/tenants/acme/buckets/reports/objects/summaries/sdk.txt";
  static final HttpClient HTTP = AwsIt.HTTP;

  @ArquillianResource URL base;
  URI endpoint;

  @Deployment(testable = false)
  static WebArchive deployment() {
    // ROOT.war: the application is the server's root, where the AWS SDK for Java v2 posts STS and IAM calls.
    return AwsIt.rootWar();
  }

  @BeforeEach
  void endpoint() {
    endpoint = AwsIt.endpoint(base);
  }

  // ------------------------------------------------------------------ clients

  /** Everything the server's audit trail holds ({@code ${java.io.tmpdir}/iam4j-audit}, the server runs with it.tmp). */
  static String trail() throws IOException {
    StringBuilder all = new StringBuilder();
    try (var files = Files.list(Path.of(System.getProperty("it.tmp"), "iam4j-audit"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        all.append(Files.readString(f));
      }
    }
    return all.toString();
  }

  /** alice's user id (AIDA...), as GetCallerIdentity reports it. */
  String aliceId() {
    Reply r = post("/sts", "Action=GetCallerIdentity&Version=2011-06-15", "Authorization", basic("alice@acme"));
    return xml(r.body(), "UserId");
  }

  /** Another secret: the first character changed (never to itself). */
  static String forge(String secret) {
    return (secret.charAt(0) == 'x' ? "y" : "x") + secret.substring(1);
  }

  Reply send(HttpRequest.Builder b, String... headers) {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  StsClient sts(AwsCredentials c) {
    return AwsIt.sts(endpoint, c);
  }

  IamClient iam(AwsCredentials c, Region region) {
    return AwsIt.iam(endpoint, c, region);
  }

  AwsBasicCredentials newKey(String user) {
    return AwsIt.newKey(endpoint, user);
  }

  Reply post(String path, String form, String... headers) {
    return AwsIt.post(endpoint, path, form, headers);
  }

  /** Signs a request to the sample's API with the SDK's own signer (service "docs") and sends it with the SDK's HTTP client. */
  Reply signed(SdkHttpMethod method, String path, String body, AwsCredentials c, Consumer<SignRequest.Builder<AwsCredentialsIdentity>> tweak) {
    SdkHttpRequest.Builder req = SdkHttpRequest.builder().method(method).uri(endpoint.resolve(path));
    byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    if (bytes != null) {
      req.putHeader("Content-Type", "text/plain").putHeader("Content-Length", Integer.toString(bytes.length));
    }
    AwsCredentialsIdentity id = c instanceof AwsSessionCredentials s
        ? AwsSessionCredentialsIdentity.create(s.accessKeyId(), s.secretAccessKey(), s.sessionToken())
        : AwsCredentialsIdentity.create(c.accessKeyId(), c.secretAccessKey());
    SignRequest.Builder<AwsCredentialsIdentity> sign = SignRequest.builder(id).request(req.build())
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "docs")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1");
    if (bytes != null) {
      sign.payload(ContentStreamProvider.fromByteArray(bytes));
    }
    tweak.accept(sign);
    SignedRequest s = AwsV4HttpSigner.create().sign(sign.build());
    return execute(s.request(), bytes);
  }

  Reply signed(SdkHttpMethod method, String path, String body, AwsCredentials c) {
    return signed(method, path, body, c, b -> { });
  }

  static Reply execute(SdkHttpRequest request, byte[] body) {
    HttpExecuteRequest.Builder e = HttpExecuteRequest.builder().request(request);
    if (body != null) {
      e.contentStreamProvider(ContentStreamProvider.fromByteArray(body));
    }
    try {
      HttpExecuteResponse r = SDK_HTTP.prepareRequest(e.build()).call();
      String text = "";
      if (r.responseBody().isPresent()) {
        try (InputStream in = r.responseBody().get()) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      return new Reply(r.httpResponse().statusCode(), text);
    } catch (IOException ex) {
      throw new AssertionError(ex);
    }
  }

  static String code(Reply r) {
    if (r.body().startsWith("<")) {
      return xml(r.body(), "Code");
    }
    return Json.createReader(new StringReader(r.body())).readObject().getJsonObject("Error").getString("Code");
  }

  static SdkServiceException refused(Runnable call) {
    return assertThrows(SdkServiceException.class, call::run);
  }

  static String errorCode(SdkServiceException e) {
    return e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a ? a.awsErrorDetails().errorCode() : "?";
  }

  // ------------------------------------------------------------------ the SDK, unmodified

  @Test
  void accessKeys_getCallerIdentity_andTheIamApi() {
    AwsBasicCredentials alice = newKey("alice@acme");
    try (StsClient sts = sts(alice); IamClient iam = iam(alice, Region.AWS_GLOBAL)) {
      GetCallerIdentityResponse me = sts.getCallerIdentity();
      assertEquals("arn:iam4j:iam::acme:user/alice", me.arn());
      assertEquals("acme", me.account());
      // IAM signed with the SDK's "aws-global" scope, and a user managing her own keys (IAMUserManageOwnCredentials).
      List<AccessKeyMetadata> keys = iam.listAccessKeys(r -> { }).accessKeyMetadata();
      assertTrue(keys.stream().anyMatch(k -> k.accessKeyId().equals(alice.accessKeyId()) && k.status() == StatusType.ACTIVE), keys::toString);
      var second = iam.createAccessKey(r -> { }).accessKey();
      assertEquals(40, second.secretAccessKey().length());
      SdkServiceException limit = refused(() -> iam.createAccessKey(r -> { }));
      try {
        String trail = trail();
        assertTrue(trail.contains("\"via\":\"iam\"") && trail.contains("\"action\":\"iam:CreateAccessKey\""), "IAM API decisions audited");
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      assertEquals("LimitExceeded", errorCode(limit));
      assertEquals(409, limit.statusCode());
      // Another user's keys are not hers to manage.
      assertEquals("AccessDenied", errorCode(refused(() -> iam.listAccessKeys(r -> r.userName("bob")))));
      // Deactivated, the second key no longer signs anything; deleted, neither.
      iam.updateAccessKey(r -> r.accessKeyId(second.accessKeyId()).status(StatusType.INACTIVE));
      AwsBasicCredentials secondCreds = AwsBasicCredentials.create(second.accessKeyId(), second.secretAccessKey());
      try (StsClient inactive = sts(secondCreds)) {
        SdkServiceException e = refused(inactive::getCallerIdentity);
        assertEquals("InvalidClientTokenId", errorCode(e));
        assertEquals(403, e.statusCode());
      }
      iam.deleteAccessKey(r -> r.accessKeyId(second.accessKeyId()));
      try (StsClient deleted = sts(secondCreds)) {
        assertEquals("InvalidClientTokenId", errorCode(refused(deleted::getCallerIdentity)));
      }
      iam.deleteAccessKey(r -> r.accessKeyId(alice.accessKeyId()));
    }
  }

  @Test
  void assumeRole_withSessionPolicyAndTags_andCallTheApiWithTheTemporaryCredentials() throws IOException {
    // carol is a SysAdmin: deleting her key needs MFA (acme denies IAM deletes without it), so the file is restored instead.
    Path file = CONFIG.resolve("tenants/acme/users/carol.json");
    String original = Files.readString(file);
    AwsBasicCredentials carol = newKey("carol@acme");
    try (StsClient sts = sts(carol)) {
      AssumeRoleResponse r = sts.assumeRole(a -> a.roleArn(REPORTING_JOB).roleSessionName("nightly").durationSeconds(900)
          .sourceIdentity("carol")
          .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"docs:GetObject\",\"Resource\":\"*\"}]}")
          .tags(Tag.builder().key("project").value("apollo").build()).transitiveTagKeys("project"));
      Credentials c = r.credentials();
      assertTrue(c.accessKeyId().startsWith("ASIA"), c.accessKeyId());
      assertEquals("arn:iam4j:sts::acme:assumed-role/ReportingJob/nightly", r.assumedRoleUser().arn());
      assertTrue(r.packedPolicySize() > 0 && r.packedPolicySize() <= 100);
      assertEquals("carol", r.sourceIdentity());
      // The trail has the three decisions of the call, as CloudTrail records AssumeRole.
      String trail = trail();
      for (String action : List.of("sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity")) {
        assertTrue(trail.contains("\"via\":\"sts\"") && trail.contains("\"action\":\"" + action + "\""), action + " audited");
      }
      assertTrue(Duration.between(Instant.now(), c.expiration()).getSeconds() <= 900);
      AwsSessionCredentials session = AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
      try (StsClient asSession = sts(session)) {
        assertEquals("arn:iam4j:sts::acme:assumed-role/ReportingJob/nightly", asSession.getCallerIdentity().arn());
        // GetSessionToken is for long-term credentials only.
        assertEquals("AccessDenied", errorCode(refused(asSession::getSessionToken)));
      }
      // The role may read reports and write summaries; the session policy keeps the reads only.
      assertEquals(200, signed(SdkHttpMethod.GET, REPORT, null, session).status());
      Reply put = signed(SdkHttpMethod.PUT, SUMMARY, "summary", session);
      assertEquals(403, put.status(), put.body());
      String encoded = Json.createReader(new StringReader(put.body())).readObject().getJsonObject("Error").getString("EncodedAuthorizationMessage");
      // carol decodes it (sts:DecodeAuthorizationMessage) through STS: the decision saw the session's tags, source identity and MFA state.
      String decoded = sts.decodeAuthorizationMessage(d -> d.encodedMessage(encoded)).decodedMessage();
      JsonObject m = Json.createReader(new StringReader(decoded)).readObject();
      JsonObject ctx = m.getJsonObject("request").getJsonObject("context");
      assertEquals("apollo", ctx.getString("aws:PrincipalTag/project"), decoded);
      assertEquals("carol", ctx.getString("aws:SourceIdentity"), decoded);
      assertEquals("false", String.valueOf(ctx.get("aws:MultiFactorAuthPresent")).replace("\"", ""), decoded);
      assertTrue(ctx.containsKey("aws:TokenIssueTime"), decoded);
      assertEquals("session", m.getString("noAllowIn"), decoded);
      // Role chaining is limited to one hour.
      try (StsClient asSession = sts(session)) {
        SdkServiceException chained = refused(() -> asSession.assumeRole(a -> a.roleArn(REPORTING_JOB).roleSessionName("again").durationSeconds(3601)));
        assertEquals("ValidationError", errorCode(chained));
      }
      // Revoking the role's sessions ("Revoke active sessions": sessionsValidAfter) ends this one at once.
      Path role = CONFIG.resolve("tenants/acme/roles/ReportingJob.json");
      String roleFile = Files.readString(role);
      JsonObject roleJson = Json.createReader(new StringReader(roleFile)).readObject();
      Files.writeString(role, Json.createObjectBuilder(roleJson).add("sessionsValidAfter", Instant.now().plusSeconds(1).toString()).build().toString());
      try {
        Reply revoked = null;
        for (int i = 0; i < 100; i++) {
          revoked = signed(SdkHttpMethod.GET, REPORT, null, session);
          if (revoked.status() != 200) {
            break;
          }
          sleep(100);
        }
        assertEquals(403, revoked.status(), revoked.body());
        assertEquals("AccessDenied", code(revoked));
        assertTrue(revoked.body().contains("revoked"), revoked.body());
      } finally {
        Files.writeString(role, roleFile);
      }
      Reply denied = post("/iam", "Action=DeleteAccessKey&Version=2010-05-08&AccessKeyId=" + carol.accessKeyId(), "Authorization", basic("carol@acme"));
      assertEquals(403, denied.status());
      assertTrue(xml(denied.body(), "Message").contains("with an explicit deny"), denied.body());
    } finally {
      Files.writeString(file, original);
    }
  }

  void deleteKey(String user, String keyId) {
    Reply r = post("/iam", "Action=DeleteAccessKey&Version=2010-05-08&AccessKeyId=" + keyId, "Authorization", basic(user));
    assertEquals(200, r.status(), r.body());
  }

  @Test
  void mfa_sessionTokenWithACode_passesTheDeleteGuardrail() throws Exception {
    ServerKey key = ServerKey.fromFile(CONFIG.resolve("server.key"));
    byte[] seed = MfaSeeds.newSeed();
    Path file = CONFIG.resolve("tenants/acme/users/carol.json");
    String original = Files.readString(file);
    AwsBasicCredentials carol = newKey("carol@acme");
    // The key is in carol's file now (a versioned write); add an MFA device beside it.
    JsonObject withKey = Json.createReader(new StringReader(Files.readString(file))).readObject();
    Files.writeString(file, Json.createObjectBuilder(withKey).add("mfaSeed", MfaSeeds.encrypt(key, "acme", "carol", seed)).build().toString());
    try (StsClient sts = sts(carol)) {
      String path = "/api/tenants/acme/buckets/projects/objects/sdk-disposable.txt";
      Credentials plain = sts.getSessionToken(g -> g.durationSeconds(900)).credentials();
      AwsSessionCredentials noMfa = AwsSessionCredentials.create(plain.accessKeyId(), plain.secretAccessKey(), plain.sessionToken());
      assertEquals(204, signed(SdkHttpMethod.PUT, path, "to be deleted", noMfa).status());
      assertEquals(403, signed(SdkHttpMethod.DELETE, path, null, noMfa).status(), "deletes need MFA (a guardrail)");
      Credentials withMfa = null;
      for (int i = 0; i < 50 && withMfa == null; i++) {
        try {
          withMfa = sts.getSessionToken(g -> g.serialNumber("arn:iam4j:iam::acme:mfa/carol").tokenCode(Totp.code(seed, Instant.now()))
              .durationSeconds(900)).credentials();
        } catch (SdkServiceException e) {
          Thread.sleep(200); // until the server has read the new device
        }
      }
      assertTrue(withMfa != null, "GetSessionToken with a valid MFA code");
      AwsSessionCredentials mfa = AwsSessionCredentials.create(withMfa.accessKeyId(), withMfa.secretAccessKey(), withMfa.sessionToken());
      assertEquals(204, signed(SdkHttpMethod.DELETE, path, null, mfa).status());
    } finally {
      Files.writeString(file, original); // no device, no key
    }
  }

  @Test
  void assumeRoleWithWebIdentity_anOidcTokenBecomesTemporaryCredentials() throws Exception {
    // globex trusts an OpenID Connect provider whose keys are given inline (no fetch), and a role its tokens may assume.
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair pair = g.generateKeyPair();
    RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
    String issuer = "https://idp.example.test";
    String jwk = "{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"" + b64(unsigned(pub.getModulus().toByteArray()))
        + "\",\"e\":\"" + b64(unsigned(pub.getPublicExponent().toByteArray())) + "\"}";
    Path globex = CONFIG.resolve("tenants/globex");
    List<Path> added = List.of(globex.resolve("identity-mapping.json"), globex.resolve("roles/WebReader.json"),
        globex.resolve("trust/web-reader.json"), globex.resolve("inline/web-reader.json"));
    Files.writeString(added.get(3), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"docs:ListBuckets\",\"Resource\":\"*\"}]}");
    Files.writeString(added.get(2), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":"
        + "\"arn:iam4j:iam::globex:oidc-provider/idp.example.test\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":"
        + "{\"StringEquals\":{\"idp.example.test:aud\":\"orders-app\",\"idp.example.test:sub\":\"user-42\"}}}]}");
    Files.writeString(added.get(1), "{\"trustPolicy\":\"trust/web-reader.json\",\"inlinePolicies\":{\"List\":\"inline/web-reader.json\"}}");
    Files.writeString(added.get(0), "{\"directoryUsers\":true,\"openIdConnectProviders\":[{\"url\":\"" + issuer
        + "\",\"clientIds\":[\"orders-app\"],\"jwks\":{\"keys\":[" + jwk + "]}}],\"rules\":[]}");
    try (StsClient anonymous = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).httpClient(SDK_HTTP)
        .credentialsProvider(AnonymousCredentialsProvider.create()).overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())).build()) {
      long now = Instant.now().getEpochSecond();
      String token = jwt(pair, "{\"iss\":\"" + issuer + "\",\"sub\":\"user-42\",\"aud\":\"orders-app\",\"iat\":" + now + ",\"exp\":" + (now + 300) + "}");
      AssumeRoleWithWebIdentityResponse r = null;
      for (int i = 0; i < 100 && r == null; i++) {
        try {
          r = anonymous.assumeRoleWithWebIdentity(a -> a.roleArn("arn:iam4j:iam::globex:role/WebReader").roleSessionName("web1").webIdentityToken(token));
        } catch (SdkServiceException e) {
          sleep(100); // until globex has reloaded with the provider and the role
        }
      }
      assertTrue(r != null, "AssumeRoleWithWebIdentity");
      assertEquals("user-42", r.subjectFromWebIdentityToken());
      assertEquals("orders-app", r.audience());
      assertEquals("arn:iam4j:sts::globex:assumed-role/WebReader/web1", r.assumedRoleUser().arn());
      Credentials c = r.credentials();
      AwsSessionCredentials session = AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
      try (StsClient sts = sts(session)) {
        assertEquals("arn:iam4j:sts::globex:assumed-role/WebReader/web1", sts.getCallerIdentity().arn());
      }
      assertEquals(200, signed(SdkHttpMethod.GET, "/api/tenants/globex/buckets", null, session).status());
      // Another subject: the trust policy's condition on idp.example.test:sub refuses it.
      String other = jwt(pair, "{\"iss\":\"" + issuer + "\",\"sub\":\"user-43\",\"aud\":\"orders-app\",\"iat\":" + now + ",\"exp\":" + (now + 300) + "}");
      assertEquals("AccessDenied", errorCode(refused(() -> anonymous.assumeRoleWithWebIdentity(a -> a.roleArn("arn:iam4j:iam::globex:role/WebReader")
          .roleSessionName("web2").webIdentityToken(other)))));
      // A changed signature, and an expired token.
      String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
      assertEquals("InvalidIdentityToken", errorCode(refused(() -> anonymous.assumeRoleWithWebIdentity(a -> a.roleArn("arn:iam4j:iam::globex:role/WebReader")
          .roleSessionName("web3").webIdentityToken(forged)))));
      String expired = jwt(pair, "{\"iss\":\"" + issuer + "\",\"sub\":\"user-42\",\"aud\":\"orders-app\",\"iat\":" + (now - 900) + ",\"exp\":" + (now - 600) + "}");
      assertEquals("ExpiredToken", errorCode(refused(() -> anonymous.assumeRoleWithWebIdentity(a -> a.roleArn("arn:iam4j:iam::globex:role/WebReader")
          .roleSessionName("web4").webIdentityToken(expired)))));
    } finally {
      for (Path p : added) {
        Files.deleteIfExists(p);
      }
    }
  }

  static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A big-endian integer without the sign byte Java adds. */
  static byte[] unsigned(byte[] b) {
    return b.length > 1 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  static String jwt(KeyPair pair, String claims) throws Exception {
    String input = b64("{\"alg\":\"RS256\",\"kid\":\"k1\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64(claims.getBytes(StandardCharsets.UTF_8));
    Signature sig = Signature.getInstance("SHA256withRSA");
    sig.initSign(pair.getPrivate());
    sig.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64(sig.sign());
  }

  // ------------------------------------------------------------------ attacks on the signature

  @Test
  void badSignatures_eachGetsAwsErrorCode_andChangeNothing() throws IOException {
    AwsBasicCredentials alice = newKey("alice@acme");
    String mine = "/api/tenants/acme/buckets/projects/objects/plan.txt";
    assertEquals(200, signed(SdkHttpMethod.GET, mine, null, alice).status());

    // A changed signature.
    Reply forged = signed(SdkHttpMethod.GET, mine, null, AwsBasicCredentials.create(alice.accessKeyId(), forge(alice.secretAccessKey())));
    assertEquals(403, forged.status());
    assertEquals("SignatureDoesNotMatch", code(forged));
    // A stale date: signed 10 minutes ago.
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
    Reply stale = signed(SdkHttpMethod.GET, mine, null, alice, b -> b.putProperty(AwsV4FamilyHttpSigner.SIGNING_CLOCK, past));
    assertEquals("RequestExpired", code(stale));
    // The wrong region or service in the scope.
    Reply region = signed(SdkHttpMethod.GET, mine, null, alice, b -> b.putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1"));
    assertEquals("SignatureDoesNotMatch", code(region));
    assertTrue(region.body().contains("region"), region.body());
    Reply service = signed(SdkHttpMethod.GET, mine, null, alice, b -> b.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3"));
    assertEquals("SignatureDoesNotMatch", code(service));
    // A tampered body: signed "a", sent "b".
    SdkHttpRequest req = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(endpoint.resolve("/api/tenants/acme/buckets/projects/objects/t.txt"))
        .putHeader("Content-Type", "text/plain").putHeader("Content-Length", "1").build();
    SignedRequest s = AwsV4HttpSigner.create().sign(SignRequest.builder(AwsCredentialsIdentity.create(alice.accessKeyId(), alice.secretAccessKey()))
        .request(req).payload(ContentStreamProvider.fromByteArray("a".getBytes(StandardCharsets.UTF_8)))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "docs").putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1").build());
    Reply tampered = execute(s.request(), "b".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, tampered.status(), tampered.body());
    assertEquals(404, signed(SdkHttpMethod.GET, "/api/tenants/acme/buckets/projects/objects/t.txt", null, alice).status(), "nothing was written");

    // A presigned URL works until it expires, and not after.
    Reply presigned = presigned(alice, mine, Clock.systemUTC(), Duration.ofMinutes(5));
    assertEquals(200, presigned.status(), presigned.body());
    Reply expired = presigned(alice, mine, Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC), Duration.ofMinutes(5));
    assertEquals(403, expired.status());
    assertEquals("AccessDenied", code(expired));

    // A key of another tenant: it authenticates its own user, who has nothing in acme.
    AwsBasicCredentials hank = newKey("hank@globex");
    Reply otherTenant = signed(SdkHttpMethod.GET, mine, null, hank);
    assertEquals(403, otherTenant.status());
    assertEquals("AccessDenied", code(otherTenant));
    try (StsClient sts = sts(hank)) {
      assertEquals("AccessDenied", errorCode(refused(() -> sts.assumeRole(a -> a.roleArn(REPORTING_JOB).roleSessionName("steal")))));
    }
    deleteKey("hank@globex", hank.accessKeyId());

    // An expired session: a token this server sealed (the test holds the server key), one minute past its end.
    ServerKey serverKey = ServerKey.fromFile(CONFIG.resolve("server.key"));
    Instant issued = Instant.now().minusSeconds(960);
    StsSession old = new StsSession(StsSession.Kind.USER, "iam4j", "acme", "alice", aliceId(), "", StsTokens.newAccessKeyId(),
        StsTokens.newSecret(), StsTokens.newTokenId(), issued, issued.plusSeconds(900), null, List.of(), java.util.Map.of(),
        java.util.Set.of(), null, false, null, false, java.util.Map.of());
    Reply expiredSession = signed(SdkHttpMethod.GET, mine, null,
        AwsSessionCredentials.create(old.accessKeyId(), old.secretAccessKey(), StsTokens.issue(serverKey, old)));
    assertEquals("ExpiredToken", code(expiredSession), expiredSession.body());
    // A session token that does not belong to the key id it is sent with.
    Reply mismatched = signed(SdkHttpMethod.GET, mine, null,
        AwsSessionCredentials.create(StsTokens.newAccessKeyId(), old.secretAccessKey(), StsTokens.issue(serverKey, old)));
    assertEquals("InvalidClientTokenId", code(mismatched));

    // Malformed Query input.
    Reply malformed = post("/sts", "Action=GetCallerIdentity&Version=2011-06-15&X=%ZZ", "Authorization", basic("alice@acme"));
    assertEquals(400, malformed.status());
    assertEquals("MalformedQueryString", xml(malformed.body(), "Code"));
    Reply unknown = post("/sts", "Action=Nope&Version=2011-06-15", "Authorization", basic("alice@acme"));
    assertEquals("InvalidAction", xml(unknown.body(), "Code"));
    Reply anonymous = post("/sts", "Action=GetCallerIdentity&Version=2011-06-15");
    assertEquals(403, anonymous.status());
    assertEquals("MissingAuthenticationToken", xml(anonymous.body(), "Code"));

    // A refused CreateAccessKey (forged signature) creates nothing.
    try (IamClient forgedIam = iam(AwsBasicCredentials.create(alice.accessKeyId(), forge(alice.secretAccessKey())), Region.US_EAST_1);
        IamClient iam = iam(alice, Region.US_EAST_1)) {
      int before = iam.listAccessKeys(r -> { }).accessKeyMetadata().size();
      assertEquals("SignatureDoesNotMatch", errorCode(refused(() -> forgedIam.createAccessKey(r -> { }))));
      assertEquals(before, iam.listAccessKeys(r -> { }).accessKeyMetadata().size());
      iam.deleteAccessKey(r -> r.accessKeyId(alice.accessKeyId()));
    }
  }

  Reply presigned(AwsBasicCredentials c, String path, Clock clock, Duration expires) {
    SdkHttpRequest req = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(endpoint.resolve(path)).build();
    SignedRequest s = AwsV4HttpSigner.create().sign(SignRequest.builder(AwsCredentialsIdentity.create(c.accessKeyId(), c.secretAccessKey()))
        .request(req)
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "docs").putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expires)
        .putProperty(AwsV4FamilyHttpSigner.SIGNING_CLOCK, clock).build());
    return send(HttpRequest.newBuilder(s.request().getUri()).GET());
  }

}
