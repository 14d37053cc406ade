package com.example.invoices.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditFiles;
import io.iam4j.audit.AuditQuery;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * invoices-oidc.war: the service signs people in with Jakarta Security's OpenID Connect mechanism,
 * against a real OpenID provider this test starts on 127.0.0.1 (no.nav.security's
 * mock-oauth2-server, issuer {@code http://127.0.0.1:PORT/customers}), and iam4j maps them with
 * {@code config/tenants/contoso/identity-mapping.json}: employees to IAM users, their {@code
 * accounting} group to IAM group Accountants, and Ledgerly's accountants to sessions of role
 * PartnerAccountant when its trust policy accepts their token. The tenant is the token's {@code org}
 * claim ({@code iam4j.tenant.resolver=claim:org}).
 *
 * <p>Each sign-in is a browser's authorization-code flow, driven with {@link HttpClient} and a cookie
 * store: the application sends the browser to the provider, the provider sends it back with a code,
 * the mechanism redeems it and validates the identity token, and the browser's session is the caller
 * from then on. The provider issues the token with the claims each case asks for.
 *
 * <p>The deployment's environment is written before its server starts (the {@code payara-micro-oidc}
 * container of {@code arquillian.xml}): the configuration directory is this project's {@code config/}
 * with one thing changed, the identity provider's address, which is the test's provider here; and
 * the OpenID client's settings are system properties, as a deployment would give them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OpenIdConnectIT {
  /** The provider {@code config/} names, as production would have it. */
  static final String CONFIGURED_ISSUER = "https://login.invoices.example/realms/customers";
  static final String CLIENT = "invoices-web";
  static final String TENANT = "contoso";
  static final String INVOICES = "/api/orgs/contoso/invoices";

  static final Path HOME = Path.of(System.getProperty("it.tmp"), "oidc-it");
  static MockOAuth2Server provider;
  /**
   * Who the provider signs in next. Not the provider's queue of callbacks: a test that failed before its
   * sign-in was redeemed would leave its user queued, and every later test would be signed in as the user
   * of the test before it. Each test sets the one user it means, whatever happened before.
   */
  static final NextUser NEXT = new NextUser();
  static String issuer;

  @ArquillianResource URL base;

  @Deployment(testable = false)
  @TargetsContainer("payara-micro-oidc")
  static WebArchive deployment() throws IOException {
    empty(HOME);
    int port = freePort();
    OAuth2Config defaults = new OAuth2Config();
    provider = new MockOAuth2Server(new OAuth2Config(defaults.getInteractiveLogin(), defaults.getLoginPagePath(),
        defaults.getStaticAssetsPath(), defaults.getRotateRefreshToken(), defaults.getTokenProvider(), Set.of(NEXT),
        defaults.getHttpServer()));
    provider.start(InetAddress.getByName("127.0.0.1"), port);
    issuer = "http://127.0.0.1:" + port + "/customers";
    copyConfig(Path.of(System.getProperty("it.config.dir")), HOME.resolve("config"));
    Properties environment = new Properties();
    environment.setProperty("invoices.oidc.provider-uri", issuer);
    environment.setProperty("invoices.oidc.client-secret", "it-secret-" + UUID.randomUUID());
    try (OutputStream out = Files.newOutputStream(HOME.resolve("environment.properties"))) {
      environment.store(out, "invoices-oidc.war's environment, written by OpenIdConnectIT");
    }
    return ShrinkWrap.create(ZipImporter.class, "invoices.war").importFrom(new File(System.getProperty("it.war.oidc")))
        .as(WebArchive.class);
  }

  @AfterAll
  static void stopProvider() {
    if (provider != null) {
      provider.shutdown();
    }
  }

  // ------------------------------------------------------------------ the checks

  @Test
  void anonymousBrowser_isSentToTheProvider_andBackToThePageItAskedFor() {
    Browser browser = new Browser(HttpClient.Redirect.NEVER);
    NEXT.set(token("carla", "affiliation", "employee"));

    // An IAM-protected endpoint (no constraint of the application's): iam4j lets the application's mechanism
    // answer, which sends the browser to the provider. No Basic challenge of iam4j's.
    Reply toProvider = browser.call("GET", INVOICES);
    assertEquals(302, toProvider.status(), toProvider.toString());
    assertNull(toProvider.challenge(), toProvider.toString());
    String authorize = toProvider.location();
    assertTrue(authorize.startsWith(issuer + "/authorize?"), authorize);
    assertTrue(authorize.contains("client_id=" + CLIENT), authorize);
    assertTrue(authorize.contains("redirect_uri=" + URLEncoder.encode(app("/callback").toString(), StandardCharsets.UTF_8)), authorize);

    // The provider signs carla in and sends her back to the redirect URI with a code; the mechanism takes the
    // answer on to the page she asked for, redeems the code there, and the page answers, for her.
    Reply withCode = browser.get(URI.create(authorize));
    assertEquals(302, withCode.status(), withCode.toString());
    assertTrue(withCode.location().startsWith(app("/callback").toString() + "?code="), withCode.location());
    Reply back = browser.get(URI.create(withCode.location()));
    assertEquals(302, back.status(), back.toString());
    assertEquals(app(INVOICES).getPath(), URI.create(back.location()).getPath(), back.location());
    Reply page = browser.get(URI.create(back.location()));
    assertEquals(200, page.status(), page.toString());
    assertTrue(page.body().contains("\"id\":\"INV-3\""), page.body());
    // From now on her session is the caller.
    Reply again = browser.call("GET", INVOICES + "/INV-3");
    assertEquals(200, again.status(), again.toString());

    // The application's own constraint (/api/me) sends anonymous browsers the same way; @IamPublic stays open.
    Reply me = new Browser(HttpClient.Redirect.NEVER).call("GET", "/api/me");
    assertEquals(302, me.status(), me.toString());
    assertTrue(me.location().startsWith(issuer + "/authorize?"), me.location());
    assertEquals(200, new Browser(HttpClient.Redirect.NEVER).call("GET", "/api/status").status());
  }

  @Test
  void employees_areIamUsers_theirAccountingGroupAddsAccountants_allowedAndDeniedByPolicy() {
    // dan: an employee (IAM group Employees: read and raise invoices) in container group sales, which maps to nothing.
    Browser dan = signIn("dan", "affiliation", "employee", "groups", List.of("sales"));
    Reply created = dan.call("POST", INVOICES, "{\"customer\":\"Fabrikam\",\"amount\":\"75.00\"}");
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    assertEquals("dan", created.json().getString("createdBy"));
    assertEquals(200, dan.call("GET", INVOICES + "/" + id).status());

    Reply denied = dan.call("POST", INVOICES + "/" + id + "/approve");
    assertEquals(403, denied.status(), denied.toString());
    assertEquals("AccessDenied", denied.error().getString("Code"));
    assertEquals("User: arn:iam4j:iam::contoso:user/dan is not authorized to perform: invoices:ApproveInvoice on resource: "
        + "arn:iam4j:invoices::contoso:invoice/" + id + " because no identity-based policy allows the invoices:ApproveInvoice action",
        denied.error().getString("Message"));
    assertFalse(denied.error().getString("EncodedAuthorizationMessage").isEmpty());

    // The org claim chose the tenant: another organization's invoices are another tenant's.
    Reply acme = dan.call("GET", "/api/orgs/acme/invoices");
    assertEquals(403, acme.status(), acme.toString());
    assertTrue(acme.error().getString("Message").startsWith("User: arn:iam4j:iam::contoso:user/dan is not authorized to perform: "
        + "invoices:ListInvoices on resource: arn:iam4j:invoices::acme:invoice/*"), acme.toString());

    // carla's token puts her in container group accounting: IAM group Accountants, which approves.
    Browser carla = signIn("carla", "affiliation", "employee", "groups", List.of("accounting"));
    Reply approved = carla.call("POST", INVOICES + "/" + id + "/approve");
    assertEquals(200, approved.status(), approved.toString());
    assertEquals("carla", approved.json().getString("approvedBy"));
  }

  @Test
  void partnerAccountant_getsARoleSession_allowedWhatTheRoleGrants_deniedTheRest() {
    // A container group means nothing to a role session: accounting grants lena nothing here.
    Browser lena = signIn("lena", "affiliation", "partner", "email", "lena@ledgerly.example", "groups", List.of("accounting"));
    Reply list = lena.call("GET", INVOICES);
    assertEquals(200, list.status(), list.toString());
    assertTrue(list.body().contains("\"id\":\"INV-3\""), list.body());
    assertEquals(200, lena.call("GET", INVOICES + "/INV-3").status());

    String session = "arn:iam4j:sts::contoso:assumed-role/PartnerAccountant/lena";
    Reply create = lena.call("POST", INVOICES, "{\"customer\":\"Fabrikam\",\"amount\":\"1.00\"}");
    assertEquals(403, create.status(), create.toString());
    assertEquals("User: " + session + " is not authorized to perform: invoices:CreateInvoice on resource: "
        + "arn:iam4j:invoices::contoso:invoice/* because no identity-based policy allows the invoices:CreateInvoice action",
        create.error().getString("Message"));
    Reply approve = lena.call("POST", INVOICES + "/INV-3/approve");
    assertEquals(403, approve.status(), approve.toString());
    assertTrue(approve.error().getString("Message").startsWith("User: " + session + " is not authorized to perform: invoices:ApproveInvoice"),
        approve.toString());
  }

  @Test
  void partnerWhoseTokenTheTrustPolicyRefuses_isRefused_andAudited() throws Exception {
    // Signed in at the provider as a partner, but not of Ledgerly: the role's trust policy refuses the token.
    Browser max = signIn("max", "affiliation", "partner", "email", "max@elsewhere.example");
    String requestId = "oidc-it-" + UUID.randomUUID();
    Reply r = max.call("GET", INVOICES, null, requestId);
    assertEquals(403, r.status(), r.toString());
    assertEquals("User: max is not known to iam4j", r.error().getString("Message"));
    AuditQuery.Match m = auditRecord(requestId);
    assertEquals("ImplicitDeny", m.get("decision"));
    assertEquals("max", m.get("principal"));
    assertEquals("invoices:ListInvoices", m.get("action"));
    String error = m.get("error");
    assertTrue(error.contains("The trust policy of role PartnerAccountant does not allow sts:AssumeRoleWithWebIdentity for caller max of "
        + issuer), error);
    assertTrue(error.contains("rule PartnerAccountants (tenants/contoso/identity-mapping.json /rules/1)"), error);

    // An employee the IAM configuration has no user for is refused the same way.
    Reply erin = signIn("erin", "affiliation", "employee").call("GET", INVOICES);
    assertEquals(403, erin.status(), erin.toString());
    assertEquals("User: erin is not known to iam4j", erin.error().getString("Message"));
  }

  @Test
  void programWithARoleSessionToken_isSignedInByIam4j_besideTheOpenIdMechanism_andDecidedByIam() {
    // carla (an employee, signed in at the provider) gets a session of role InvoiceExporter for the nightly export:
    // sts:AssumeRole, which the role's trust policy allows her.
    Reply issued = signIn("carla", "affiliation", "employee").call("POST", "/api/orgs/contoso/roles/InvoiceExporter/session?sessionName=nightly");
    assertEquals(200, issued.status(), issued.toString());
    String token = issued.json().getString("SessionToken");
    String session = "arn:iam4j:sts::contoso:assumed-role/InvoiceExporter/nightly";
    assertEquals(session, issued.json().getString("AssumedRoleUser"));
    // dan may not: the trust policy names carla only.
    assertEquals(403, signIn("dan", "affiliation", "employee").call("POST", "/api/orgs/contoso/roles/InvoiceExporter/session").status());

    // The program: no cookies, no browser, its token in each request.
    Browser program = new Browser(HttpClient.Redirect.NEVER);
    Reply list = program.call("GET", INVOICES, null, null, "Bearer " + token);
    Reply create = program.call("POST", INVOICES, "{\"customer\":\"Fabrikam\",\"amount\":\"1.00\"}", null, "Bearer " + token);
    Reply forged = program.call("GET", INVOICES, null, null, "Bearer " + token.substring(0, token.length() - 4) + "AAAA");
    Reply garbage = program.call("GET", INVOICES, null, null, "Bearer v2.not-a-token");
    if (eeTen()) {
      // Payara Micro 6 (Jakarta Security 3.0): no per-request choice; the OpenID Connect mechanism answers every
      // request as before iam4j, and sends the program to the provider like any anonymous browser.
      for (Reply r : List.of(list, create, forged, garbage)) {
        assertEquals(302, r.status(), r.toString());
        assertTrue(r.location().startsWith(issuer + "/authorize?"), r.location());
      }
      return;
    }
    // Payara Micro 7 (Jakarta Security 4.0): iam4j's handler gives requests with its token to iam4j, and IAM decides.
    assertEquals(200, list.status(), list.toString());
    assertTrue(list.body().contains("\"id\":\"INV-3\""), list.body());
    assertEquals(403, create.status(), create.toString());
    assertEquals("User: " + session + " is not authorized to perform: invoices:CreateInvoice on resource: "
        + "arn:iam4j:invoices::contoso:invoice/* because no identity-based policy allows the invoices:CreateInvoice action",
        create.error().getString("Message"));
    // A forged or malformed token of iam4j's is refused by iam4j: 401, never a redirect to the provider.
    for (Reply r : List.of(forged, garbage)) {
      assertEquals(401, r.status(), r.toString());
      assertEquals("Bearer realm=\"iam4j\"", r.challenge(), r.toString());
      assertNull(r.location(), r.toString());
      assertEquals("Unauthenticated", r.error().getString("Code"), r.toString());
    }
  }

  @Test
  void requestsWithoutIam4jsCredentials_stayTheOpenIdMechanisms() {
    // A bearer token that is not iam4j's (a JWT) and a BASIC header: the application's mechanism answers, as without
    // iam4j (a redirect to the provider for an IAM-protected page), on both server lines.
    Browser program = new Browser(HttpClient.Redirect.NEVER);
    for (String authorization : List.of("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjYXJsYSJ9.c2ln", "Basic Y2FybGFAY29udG9zbzpzZWNyZXQ=")) {
      Reply r = program.call("GET", INVOICES, null, null, authorization);
      assertEquals(302, r.status(), r.toString());
      assertTrue(r.location().startsWith(issuer + "/authorize?"), r.location());
      assertNull(r.challenge(), r.toString());
    }
  }

  /** Whether the server is Payara Micro 6 (Jakarta EE 10, {@code -Pee10}). */
  static boolean eeTen() {
    return System.getProperty("it.payara.version", "").startsWith("6.");
  }

  // ------------------------------------------------------------------ browsers and the provider

  /** The identity token the provider issues next: for {@code name}, of organization contoso, with {@code claims} (name, value pairs). */
  static DefaultOAuth2TokenCallback token(String name, Object... claims) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("preferred_username", name);
    c.put("org", TENANT);
    for (int i = 0; i < claims.length; i += 2) {
      c.put((String) claims[i], claims[i + 1]);
    }
    return new DefaultOAuth2TokenCallback("customers", name, "JWT", List.of(CLIENT), c, 3600);
  }

  /** The provider's token callback for the issuer: the user the running test set last. */
  static final class NextUser implements OAuth2TokenCallback {
    private volatile DefaultOAuth2TokenCallback user = new DefaultOAuth2TokenCallback("customers", "nobody");

    void set(DefaultOAuth2TokenCallback next) {
      user = next;
    }

    @Override
    public String issuerId() {
      return "customers";
    }

    @Override
    public String subject(TokenRequest request) {
      return user.subject(request);
    }

    @Override
    public String typeHeader(TokenRequest request) {
      return user.typeHeader(request);
    }

    @Override
    public List<String> audience(TokenRequest request) {
      return user.audience(request);
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
      return user.addClaims(request);
    }

    @Override
    public long tokenExpiry() {
      return user.tokenExpiry();
    }
  }

  /** A browser signed in through the whole flow, which ends on the invoices page it first asked for. */
  Browser signIn(String name, Object... claims) {
    NEXT.set(token(name, claims));
    Browser b = new Browser(HttpClient.Redirect.ALWAYS);
    Reply landed = b.call("GET", INVOICES);
    assertTrue(landed.status() == 200 || landed.status() == 403 && landed.body().startsWith("{\"Error\""),
        () -> "the sign-in of " + name + " did not end on the application: " + landed);
    return b;
  }

  URI app(String path) {
    return URI.create("http://127.0.0.1:" + base.getPort() + base.getPath().replaceAll("/$", "") + path);
  }

  record Reply(int status, String body, String location, String challenge) {
    JsonObject json() {
      return Json.createReader(new StringReader(body)).readObject();
    }

    /** IAM's error: {@code {"Error": {"Code", "Message", "EncodedAuthorizationMessage"}}}. */
    JsonObject error() {
      return json().getJsonObject("Error");
    }
  }

  /** A browser: its own cookies (the application's session), following redirects or not. */
  final class Browser {
    private final HttpClient http;

    Browser(HttpClient.Redirect redirects) {
      http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).followRedirects(redirects)
          .connectTimeout(Duration.ofSeconds(30)).build();
    }

    Reply call(String method, String path) {
      return call(method, path, null, null);
    }

    Reply call(String method, String path, String jsonBody) {
      return call(method, path, jsonBody, null);
    }

    Reply call(String method, String path, String jsonBody, String requestId) {
      return call(method, path, jsonBody, requestId, null);
    }

    Reply call(String method, String path, String jsonBody, String requestId, String authorization) {
      HttpRequest.Builder b = HttpRequest.newBuilder(app(path)).timeout(Duration.ofSeconds(30))
          .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      if (jsonBody != null) {
        b.header("Content-Type", "application/json");
      }
      if (requestId != null) {
        b.header("X-Request-Id", requestId);
      }
      return send(b.build());
    }

    Reply get(URI uri) {
      return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private Reply send(HttpRequest r) {
      try {
        HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
        String location = response.headers().firstValue("Location").map(l -> r.uri().resolve(l).toString()).orElse(null);
        return new Reply(response.statusCode(), response.body(), location, response.headers().firstValue("WWW-Authenticate").orElse(null));
      } catch (IOException | InterruptedException e) {
        throw new AssertionError(r.method() + " " + r.uri() + ": " + e, e);
      }
    }
  }

  // ------------------------------------------------------------------ the deployment's environment

  /**
   * The deployment's copy of {@code config/}: every file as it is, but for the identity provider, which
   * is the test's (its URL in {@code identity-mapping.json}; its name, the URL without the scheme, in
   * the trust policy's principal and condition keys).
   */
  static void copyConfig(Path from, Path to) throws IOException {
    String configuredName = CONFIGURED_ISSUER.replaceFirst("^https://", "");
    String name = issuer.replaceFirst("^http://", "");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path out = to.resolve(from.relativize(f).toString());
        Files.createDirectories(out.getParent());
        Files.writeString(out, Files.readString(f).replace(CONFIGURED_ISSUER, issuer).replace(configuredName, name));
      }
    }
  }

  /** The record of one request in iam4j's audit trail (written asynchronously: waits for it). */
  static AuditQuery.Match auditRecord(String requestId) throws InterruptedException, IOException {
    Path trail = HOME.resolve("audit");
    for (int i = 0; i < 100; i++) {
      List<AuditQuery.Match> mine = Files.isDirectory(trail)
          ? AuditQuery.run(AuditFiles.expand(List.of(trail)), AuditQuery.Filter.ALL).stream()
              .filter(m -> requestId.equals(m.get("requestId"))).toList()
          : List.of();
      if (!mine.isEmpty()) {
        assertEquals(1, mine.size(), () -> "one record per request: " + mine.stream().map(AuditQuery.Match::json).toList());
        return mine.get(0);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("No audit record for request " + requestId + " in " + trail);
  }

  static void empty(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
