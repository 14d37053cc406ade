package io.iam4j.it.mapping;

import static io.iam4j.it.mapping.MappingApps.app;
import static io.iam4j.it.mapping.MappingApps.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditQuery;
import io.iam4j.it.mapping.app.jwt.JwtApplication;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MicroProfile JWT bearer tokens mapped to IAM by tenant jwtco's {@code identity-mapping.json}, over
 * real HTTP against a real Payara Micro: the server verifies the tokens (signed here with a test RSA
 * key, {@code mp.jwt.verify.publickey}); iam4j maps the verified caller and decides.
 *
 * <ul>
 *   <li>employees ({@code employee: true}) are the IAM user their {@code preferred_username} names;
 *   <li>their container groups ({@code groups} claim) add IAM groups ({@code staff} is Readers);
 *   <li>contractors ({@code kind: contractor}) get a session of role Contractor if its trust policy
 *       allows {@code sts:AssumeRoleWithWebIdentity} for their {@code sub};
 *   <li>the session's requests carry the token's keys ({@code jwt.iam4j.test/issuer:sub}, {@code :amr},
 *       {@code aws:FederatedProvider}) for the role's policies;
 *   <li>anyone else is anonymous and denied, with an audit record saying why.
 * </ul>
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MpJwtMappingIT {
  private static final Logger LOG = Logger.getLogger(MpJwtMappingIT.class.getName());
  static final String TENANT = "jwtco";
  static final String ISSUER = "https://jwt.iam4j.test/issuer";
  static final String PROVIDER = "jwt.iam4j.test/issuer";
  static final String CLIENT = "files-app";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final KeyPair KEY = rsa();
  static final Path HOME = MappingApps.home("mp-jwt");

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    MappingApps.config(HOME, TENANT, ISSUER, CLIENT);
    // PEM with its line ends: the server strips the BEGIN and END lines, then decodes the rest.
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(KEY.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----";
    return MappingApps.war("files-jwt", HOME, JwtApplication.class, Map.of(
        "mp.jwt.verify.publickey", pem,
        "mp.jwt.verify.issuer", ISSUER));
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token of {@link #ISSUER} for tenant jwtco, signed with the test key; claims: a string, Boolean or list each. */
  static String token(String name, Object... claims) {
    Instant now = Instant.now();
    JsonObjectBuilder c = Json.createObjectBuilder()
        .add("iss", ISSUER).add("sub", name).add("upn", name).add("preferred_username", name).add("aud", CLIENT)
        .add("tenant", TENANT).add("jti", UUID.randomUUID().toString())
        .add("iat", now.getEpochSecond()).add("exp", now.plusSeconds(600).getEpochSecond());
    for (int i = 0; i < claims.length; i += 2) {
      String k = (String) claims[i];
      Object v = claims[i + 1];
      if (v instanceof Boolean b) {
        c.add(k, b);
      } else if (v instanceof List<?> l) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        l.forEach(e -> a.add(e.toString()));
        c.add(k, a);
      } else {
        c.add(k, v.toString());
      }
    }
    String header = b64(Json.createObjectBuilder().add("alg", "RS256").add("typ", "JWT").add("kid", "it-key").build().toString());
    String payload = b64(c.build().toString());
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(KEY.getPrivate());
      s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  record Reply(int status, String body, String requestId) {
    JsonObject json() {
      return MappingApps.json(body);
    }
  }

  Reply call(String method, String path, String token) {
    String id = "mp-jwt-it-" + UUID.randomUUID();
    HttpRequest.Builder b = HttpRequest.newBuilder(app(base, path)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody()).header("X-Request-Id", id);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Reply reply = new Reply(r.statusCode(), r.body(), id);
      LOG.fine(() -> method + " " + path + " -> " + reply);
      return reply;
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(method + " " + path + ": " + e, e);
    }
  }

  static void assertStatus(int expected, Reply r) {
    assertEquals(expected, r.status(), () -> "last response: " + r);
  }

  static List<String> key(JsonObject answer, String name) {
    var v = answer.getJsonObject("context").getJsonArray(name);
    return v == null ? List.of() : v.getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
  }

  @Test
  void employee_isTheUserItsTokenNames_allowedAndDeniedByItsPolicies() throws Exception {
    String alice = token("alice", "employee", true);
    Reply shared = call("GET", "/api/files/shared/plan.txt", alice);
    assertStatus(200, shared);
    assertEquals("arn:iam4j:iam::jwtco:user/alice", shared.json().getString("principal"));
    assertEquals(List.of("alice"), key(shared.json(), "aws:username"));

    Reply reports = call("GET", "/api/files/reports/q3.pdf", alice);
    assertStatus(403, reports);
    assertEquals("User: arn:iam4j:iam::jwtco:user/alice is not authorized to perform: files:GetFile on resource: "
        + "arn:iam4j:files::jwtco:file/reports/q3.pdf because no identity-based policy allows the files:GetFile action",
        reports.json().getJsonObject("Error").getString("Message"));
    AuditQuery.Match m = MappingApps.record(HOME, reports.requestId());
    assertEquals("ImplicitDeny", m.get("decision"));
    assertEquals("arn:iam4j:iam::jwtco:user/alice", m.get("principal"));
    assertEquals("jwtco", m.get("tenant"));

    // Without a token: anonymous to IAM, 401.
    assertStatus(401, call("GET", "/api/files/shared/plan.txt", null));
  }

  @Test
  void containerGroups_addTheirIamGroups() {
    assertStatus(200, call("GET", "/api/files/reports/q3.pdf", token("bob", "employee", true, "groups", List.of("staff", "parking"))));
    assertStatus(403, call("GET", "/api/files/reports/q3.pdf", token("bob", "employee", true, "groups", List.of("parking"))));
    // alice in staff: her own policies and Readers'.
    String alice = token("alice", "employee", true, "groups", List.of("staff"));
    assertStatus(200, call("GET", "/api/files/reports/q3.pdf", alice));
    assertStatus(200, call("GET", "/api/files/shared/plan.txt", alice));
  }

  @Test
  void contractor_getsARoleSession_whenTheTrustPolicyAllowsItsSub_claimsAreConditionKeys() {
    String contractor = token("contractor-7", "kind", "contractor", "amr", List.of("pwd", "mfa"), "groups", List.of("staff"));
    Reply who = call("GET", "/api/whoami", contractor);
    assertStatus(200, who);
    JsonObject w = who.json();
    assertEquals("arn:iam4j:sts::jwtco:assumed-role/Contractor/contractor-7", w.getString("principal"));
    assertEquals(List.of("AssumedRole"), key(w, "aws:PrincipalType"));
    assertEquals(List.of("arn:iam4j:iam::jwtco:oidc-provider/" + PROVIDER), key(w, "aws:FederatedProvider"));
    assertEquals(List.of("contractor-7"), key(w, PROVIDER + ":sub"));
    assertEquals(List.of(CLIENT), key(w, PROVIDER + ":aud"));
    assertEquals(List.of("pwd", "mfa"), key(w, PROVIDER + ":amr"));

    // ${jwt.iam4j.test/issuer:sub} in the role's policy: its own home only.
    assertStatus(200, call("GET", "/api/files/home/contractor-7/notes.txt", contractor));
    assertStatus(403, call("GET", "/api/files/home/contractor-8/notes.txt", contractor));
    // A role session has no container groups: staff adds nothing.
    assertStatus(403, call("GET", "/api/files/reports/q3.pdf", contractor));
    // ForAnyValue:StringEquals on :amr: deleting takes MFA.
    assertStatus(200, call("DELETE", "/api/files/home/contractor-7/notes.txt", contractor));
    Reply noMfa = call("DELETE", "/api/files/home/contractor-7/notes.txt", token("contractor-7", "kind", "contractor", "amr", List.of("pwd")));
    assertStatus(403, noMfa);
    assertTrue(noMfa.json().getJsonObject("Error").getString("Message").startsWith(
        "User: arn:iam4j:sts::jwtco:assumed-role/Contractor/contractor-7 is not authorized to perform: files:DeleteFile"), noMfa.body());
  }

  @Test
  void contractor_whoseSubTheTrustPolicyRefuses_isRefused_withTheTrustDecisionAudited() throws Exception {
    Reply r = call("GET", "/api/whoami", token("intruder-1", "kind", "contractor"));
    assertStatus(403, r);
    assertEquals("User: intruder-1 is not known to iam4j", r.json().getJsonObject("Error").getString("Message"));
    AuditQuery.Match m = MappingApps.record(HOME, r.requestId());
    assertEquals("ImplicitDeny", m.get("decision"));
    assertEquals("intruder-1", m.get("principal"));
    String error = m.get("error");
    assertTrue(error.contains("The trust policy of role Contractor does not allow sts:AssumeRoleWithWebIdentity for caller intruder-1 of "
        + ISSUER), error);
    assertTrue(error.contains("rule Contractors (tenants/jwtco/identity-mapping.json /rules/1)"), error);
  }

  @Test
  void unmappedCaller_isAnonymousAndDenied_withAClearAuditRecord() throws Exception {
    Reply r = call("GET", "/api/files/shared/plan.txt", token("visitor", "groups", List.of("staff")));
    assertStatus(403, r);
    AuditQuery.Match m = MappingApps.record(HOME, r.requestId());
    assertEquals("ImplicitDeny", m.get("decision"));
    assertEquals("visitor", m.get("principal"));
    assertEquals("jwtco", m.get("tenant"));
    assertEquals("files:GetFile", m.get("action"));
    assertEquals("The caller is not known to iam4j: unmapped, so anonymous to IAM and denied: No rule of "
        + "tenants/jwtco/identity-mapping.json matches caller visitor (issuer " + ISSUER + ") (groups [staff])", m.get("error"));
  }
}
