package io.iam4j.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.crypto.MfaSeeds;
import io.iam4j.crypto.ServerKey;
import io.iam4j.crypto.Totp;
import java.io.File;
import java.io.StringReader;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The administration console over plain HTTP (no browser) against the sample on Payara Micro:
 * per-tenant sign-in and its refusals (one error whatever was wrong, the tenant's MFA requirement,
 * cross-origin sign-in posts), the session's tenant, the CSRF token the IAM API asks of a
 * session-authenticated call, the strict headers, asset names, and ValidatePolicy's located findings.
 * Every file the test changes in the shared IT configuration is restored.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleHttpIT {
  static final Path CONFIG = Path.of(System.getProperty("it.config.dir"));
  static final String P = "/iam4j/console";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(new File(System.getProperty("it.war"))).as(WebArchive.class);
  }

  record Reply(int status, String body, HttpResponse<String> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    Optional<String> sessionCookie() {
      return raw.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).map(c -> c.substring(0, c.indexOf(';')))
          .findFirst();
    }
  }

  String origin() {
    return "http://127.0.0.1:" + base.getPort();
  }

  Reply send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin() + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    }
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i + 1] != null) {
        b.header(headers[i], headers[i + 1]);
      }
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body(), r);
  }

  static String form(String... pairs) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.add(pairs[i] + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return String.join("&", out);
  }

  Reply signIn(String tenant, String user, String password, String mfa) throws Exception {
    return send("POST", P + "/" + tenant + "/signin", form("username", user, "password", password, "mfa", mfa == null ? "" : mfa),
        "Origin", origin());
  }

  static String meta(String html, String name) {
    Matcher m = Pattern.compile("<meta name=\"iam4j-" + name + "\" content=\"([^\"]*)\">").matcher(html);
    assertTrue(m.find(), () -> name + " in " + html);
    return m.group(1);
  }

  static String xml(String body, String element) {
    Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(body);
    assertTrue(m.find(), () -> element + " in " + body);
    return m.group(1);
  }

  /** Signs carol (acme's SysAdmins) in; the session cookie. */
  String carol() throws Exception {
    Reply r = signIn("acme", "carol", "carol-Passw0rd!", null);
    assertEquals(303, r.status(), r.body());
    assertEquals(P + "/acme/#/users", r.header("Location"));
    return r.sessionCookie().orElseThrow(() -> new AssertionError("no session cookie: " + r.raw().headers()));
  }

  @Test
  void signInPerTenantGivesASessionOfThatTenantOnly() throws Exception {
    Reply before = send("GET", P + "/acme/", null);
    assertEquals(200, before.status());
    assertEquals("false", meta(before.body(), "signedIn"));
    assertEquals("", meta(before.body(), "csrf"));
    assertEquals(P + "/acme", meta(before.body(), "consolePath"));
    assertEquals("/iam", meta(before.body(), "api"));
    assertEquals(P + "/assets", meta(before.body(), "assets"));
    assertEquals("no-store", before.header("Cache-Control"));
    assertEquals(P + "/acme/", send("GET", P + "/acme", null).header("Location"));

    String cookie = carol();
    Reply shell = send("GET", P + "/acme/", null, "Cookie", cookie);
    assertEquals("true", meta(shell.body(), "signedIn"), shell.body());
    assertEquals("carol", meta(shell.body(), "user"));
    assertEquals(22, meta(shell.body(), "csrf").length(), "128 bits, base64url");
    // The acme session is not a session of globex's console.
    Reply other = send("GET", P + "/globex/", null, "Cookie", cookie);
    assertEquals("false", meta(other.body(), "signedIn"));
    assertEquals("", meta(other.body(), "csrf"));

    // Sign-out needs the token; then the session is gone.
    String csrf = meta(shell.body(), "csrf");
    assertEquals(403, send("POST", P + "/acme/signout", form("csrf", "wrong"), "Cookie", cookie, "Origin", origin()).status());
    Reply out = send("POST", P + "/acme/signout", form("csrf", csrf), "Cookie", cookie, "Origin", origin());
    assertEquals(303, out.status(), out.body());
    assertEquals("false", meta(send("GET", P + "/acme/", null, "Cookie", cookie).body(), "signedIn"));
  }

  @Test
  void everythingWrongIsOneErrorAndNothingIsReflected() throws Exception {
    Reply wrongPassword = signIn("acme", "dave", "not-the-password", null);
    Reply unknownUser = signIn("acme", "nobody-here", "not-the-password", null);
    Reply withTenant = signIn("acme", "dave@globex", "dave-Passw0rd!", null);
    for (Reply r : List.of(wrongPassword, unknownUser, withTenant)) {
      assertEquals(303, r.status(), r.body());
      assertEquals(P + "/acme/?error=invalid", r.header("Location"));
      assertTrue(r.sessionCookie().isEmpty(), "no session for a failed sign-in");
    }
    assertEquals("invalid", meta(send("GET", P + "/acme/?error=invalid", null).body(), "error"));
    // Only the known codes reach the page; anything else is dropped, not escaped into it.
    Reply evil = send("GET", P + "/acme/?error=%22%3E%3Cscript%3Ealert(1)%3C/script%3E", null);
    assertEquals("", meta(evil.body(), "error"));
    assertFalse(evil.body().contains("alert(1)"));
  }

  @Test
  void crossOriginSignInIsRefused() throws Exception {
    Reply evil = send("POST", P + "/acme/signin", form("username", "carol", "password", "carol-Passw0rd!"), "Origin", "http://evil.example");
    assertEquals(403, evil.status());
    assertTrue(evil.sessionCookie().isEmpty());
    Reply none = send("POST", P + "/acme/signin", form("username", "carol", "password", "carol-Passw0rd!"));
    assertEquals(403, none.status(), "neither Origin nor Referer");
  }

  @Test
  void theTenantsMfaRequirement() throws Exception {
    Path tenant = CONFIG.resolve("tenants/globex/tenant.json");
    Path jackFile = CONFIG.resolve("tenants/globex/users/jack.json");
    String tenantBefore = Files.readString(tenant);
    String jackBefore = Files.readString(jackFile);
    try {
      // jack gets a device first, then the tenant its requirement: once the requirement is served, so is
      // the device (a reload reads the whole tenant), and no sign-in fails (and counts) meanwhile.
      byte[] seed = MfaSeeds.newSeed();
      ServerKey key = ServerKey.fromFile(CONFIG.resolve("server.key"));
      Files.writeString(jackFile, jackBefore.trim().replaceFirst("}$", ", \"mfaSeed\": \"" + MfaSeeds.encrypt(key, "globex", "jack", seed) + "\"}"));
      Files.writeString(tenant, "{\"description\": \"globex (console requires MFA)\", \"rootEnabled\": false, \"console\": {\"requireMfa\": true}}");
      Reply r = null;
      for (int i = 0; i < 100; i++) {
        r = signIn("globex", "jack", "jack-Passw0rd!", null);
        if ("mfa-required".equals(error(r))) {
          break;
        }
        Thread.sleep(100); // until the watcher has read tenant.json
      }
      assertEquals(P + "/globex/?error=mfa-required", r.header("Location"));
      assertTrue(r.sessionCookie().isEmpty());
      // The same answer for a user who does not exist: the requirement says nothing about names or passwords.
      assertEquals(P + "/globex/?error=mfa-required", signIn("globex", "nobody-here", "x", null).header("Location"));
      // A valid code signs jack in with MFA; the same code again is refused (single use).
      String code = Totp.code(seed, Instant.now());
      Reply in = signIn("globex", "jack", "jack-Passw0rd!", code);
      assertEquals(P + "/globex/#/users", in.header("Location"));
      assertNotEquals(Optional.empty(), in.sessionCookie());
      assertEquals(P + "/globex/?error=invalid", signIn("globex", "jack", "jack-Passw0rd!", code).header("Location"));
    } finally {
      Files.writeString(jackFile, jackBefore);
      Files.writeString(tenant, tenantBefore);
    }
  }

  static String error(Reply r) {
    String l = r.header("Location");
    return l != null && l.contains("?error=") ? l.substring(l.indexOf("?error=") + 7) : null;
  }

  @Test
  void aSessionAuthenticatedApiCallNeedsTheCsrfToken() throws Exception {
    String cookie = carol();
    String csrf = meta(send("GET", P + "/acme/", null, "Cookie", cookie).body(), "csrf");
    // GetUser of the caller: carol's TenantIdentityAdministrator allows iam:* on acme's ARNs (not on "*").
    String list = "Action=GetUser&Version=2010-05-08";
    Reply without = send("POST", "/iam", list, "Cookie", cookie, "Origin", origin());
    assertEquals(403, without.status(), without.body());
    assertEquals("InvalidCsrfToken", xml(without.body(), "Code"));
    Reply wrong = send("POST", "/iam", list, "Cookie", cookie, "Origin", origin(), "X-Iam4j-Csrf", csrf.substring(1) + "A");
    assertEquals("InvalidCsrfToken", xml(wrong.body(), "Code"));
    Reply with = send("POST", "/iam", list, "Cookie", cookie, "Origin", origin(), "X-Iam4j-Csrf", csrf);
    assertEquals(200, with.status(), with.body());
    assertTrue(with.body().contains("<UserName>carol</UserName>"), with.body());
    // ValidatePolicy (access-analyzer:ValidatePolicy, granted to SysAdmins) locates the error.
    String doc = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Alow\",\n    \"Action\": \"docs:GetObject\","
        + "\n    \"Resource\": \"*\"\n  }]\n}";
    Reply v = send("POST", "/iam", "Action=ValidatePolicy&Version=2010-05-08&" + form("PolicyDocument", doc), "Cookie", cookie, "Origin",
        origin(), "X-Iam4j-Csrf", csrf);
    assertEquals(200, v.status(), v.body());
    assertEquals("ERROR", xml(v.body(), "FindingType"));
    assertEquals("4", xml(v.body(), "Line"));
    assertEquals("15", xml(v.body(), "Column"));
    assertEquals("/Statement/0/Effect", xml(v.body(), "Pointer"));
    // LookupEvents finds carol's console sign-in in acme's trail.
    Reply events = send("POST", "/iam", "Action=LookupEvents&Version=2010-05-08&EventType=signin&Principal=carol%40acme", "Cookie", cookie,
        "Origin", origin(), "X-Iam4j-Csrf", csrf);
    assertEquals(200, events.status(), events.body());
    assertTrue(events.body().contains("<Action>signin:console</Action>"), events.body());
  }

  @Test
  void strictHeadersAndAssetNames() throws Exception {
    Reply shell = send("GET", P + "/acme/", null);
    String csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'";
    assertEquals(csp, shell.header("Content-Security-Policy"));
    assertEquals("nosniff", shell.header("X-Content-Type-Options"));
    assertEquals("same-origin", shell.header("Referrer-Policy"));
    Reply css = send("GET", P + "/assets/console.css", null);
    assertEquals(200, css.status());
    assertTrue(css.header("Content-Type").startsWith("text/css"), css.header("Content-Type"));
    assertEquals(csp, css.header("Content-Security-Policy"));
    for (String bad : List.of("/assets/console.html", "/assets/..%2f..%2fWEB-INF%2fweb.xml", "/assets/%2e%2e/%2e%2e/WEB-INF/web.xml",
        "/assets/.hidden", "/assets/nothing.js", "/acme/users", "/Acme/")) {
      Reply r = send("GET", P + bad, null);
      assertTrue(r.status() == 404 || r.status() == 400, bad + " -> " + r.status());
      assertFalse(r.body().contains("<web-app"), bad);
    }
  }
}
