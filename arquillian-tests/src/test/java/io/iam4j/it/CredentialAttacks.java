package io.iam4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditFiles;
import io.iam4j.audit.AuditQuery;
import io.iam4j.crypto.ServerKey;
import io.iam4j.crypto.SessionTokens;
import io.iam4j.crypto.Totp;
import io.iam4j.it.SampleClient.Reply;
import io.iam4j.crypto.MfaSeeds;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Attacks on credentials and sessions, over real HTTP against the sample, each test named for the
 * attack it stops. Run in both modes: {@link CredentialAttacksIT} (annotation enforcement) and
 * {@link CredentialAttacksJaccIT} (the Jakarta Authorization provider). Users a test creates or edits
 * are its own (never the sample's) and are removed, and files it edits restored, before it ends; the
 * configuration copy is shared by the classes run in sequence.
 *
 * <p>Throttling counts failed sign-ins per source address too (20 by default), and every request of
 * these tests comes from 127.0.0.1: the tests fail on purpose about ten times in all, and wait for
 * reloads by watching the tenant's version (as an administrator), never by retrying a sign-in.
 */
abstract class CredentialAttacks extends SampleAppTest {
  private static final Path CONFIG = Path.of(System.getProperty("it.config.dir"));
  private static final Path ACME = CONFIG.resolve("tenants/acme");
  private static final Path TRAIL = Path.of(System.getProperty("it.tmp"), "iam4j-audit");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Pattern SESSION_COOKIE = Pattern.compile("JSESSIONID=([^;]+)");
  private static final String BOB_PASSWORD = "bob-Passw0rd!";

  // ---------------------------------------------------------------- HTTP

  /** A response with its headers. */
  record Response(int status, String body, java.net.http.HttpHeaders headers) {
    Reply reply() {
      return new Reply(status, body);
    }

    Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    List<String> cookies() {
      return headers.allValues("Set-Cookie");
    }

    Optional<String> sessionCookie() {
      for (String c : cookies()) {
        Matcher m = SESSION_COOKIE.matcher(c);
        if (m.find()) {
          return Optional.of(m.group(1));
        }
      }
      return Optional.empty();
    }

    JsonObject json() {
      return Json.createReader(new StringReader(body)).readObject();
    }
  }

  private URI uri(String path) {
    return new SampleClient(base).uri(path);
  }

  /** The origin this server is on, as a browser on the sample's pages would send it. */
  private String ownOrigin() {
    return "http://127.0.0.1:" + base.getPort();
  }

  private Response send(String method, String path, String body, String... headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      for (int i = 0; i + 1 < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(method + " " + path + ": " + e, e);
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The sample's users' passwords are NAME-Passw0rd!. */
  private static String basic(String user) {
    return basic(user, user.substring(0, user.indexOf('@')) + "-Passw0rd!");
  }

  /** The sign-in form, as login.html posts it (from this site's own origin). */
  private Response formSignIn(String user, String password, String mfa, String... headers) {
    String form = "username=" + enc(user) + "&password=" + enc(password) + "&mfa=" + enc(mfa == null ? "" : mfa);
    String[] all = new String[headers.length + 4];
    all[0] = "Content-Type";
    all[1] = "application/x-www-form-urlencoded";
    all[2] = "Origin";
    all[3] = ownOrigin();
    System.arraycopy(headers, 0, all, 4, headers.length);
    return send("POST", "/login", form, all);
  }

  /** Signs in with the form and returns the session cookie. */
  private String sessionOf(String user, String password) {
    Response r = formSignIn(user, password, null);
    assertStatus(302, r.reply());
    assertTrue(r.header("Location").orElse("").endsWith("/api/whoami"), () -> "signed in: " + r);
    return r.sessionCookie().orElseThrow(() -> new AssertionError("no session cookie: " + r.cookies()));
  }

  private Response withCookie(String method, String path, String cookie, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Cookie";
    all[1] = "JSESSIONID=" + cookie;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return send(method, path, null, all);
  }

  private static void assertStatus(int expected, Reply r) {
    SampleClient.assertStatus(expected, r);
  }

  private static void assertStatus(int expected, Reply r, String why) {
    assertEquals(expected, r.status(), () -> why + "; last response: " + r);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- configuration edits

  /** The acme tenant's configuration version, as an administrator (carol, a SysAdmin) sees it. */
  private long acmeVersion() {
    Response r = send("GET", "/admin/status", null, "Authorization", basic("carol@acme"));
    assertStatus(200, r.reply());
    return r.json().getJsonObject("tenants").getJsonObject("acme").getJsonNumber("version").longValue();
  }

  @FunctionalInterface
  interface Edit {
    void run() throws IOException;
  }

  /** Makes a change to acme's files and waits until the server serves the new version. */
  private void change(Edit edit) throws IOException, InterruptedException {
    long before = acmeVersion();
    edit.run();
    for (int i = 0; i < 100 && acmeVersion() <= before; i++) {
      Thread.sleep(200);
    }
    assertTrue(acmeVersion() > before, "the server did not reload acme's configuration");
  }

  /** A new user of this test with bob's password hash and the given groups (and MFA seed). */
  private void createUser(String name, String seed, String... groups) throws IOException, InterruptedException {
    JsonObject bob = Json.createReader(new StringReader(Files.readString(ACME.resolve("users/bob.json")))).readObject();
    var groupArray = Json.createArrayBuilder();
    for (String g : groups) {
      groupArray.add(g);
    }
    var user = Json.createObjectBuilder().add("groups", groupArray).add("passwordHash", bob.getString("passwordHash"));
    if (seed != null) {
      user.add("mfaSeed", seed);
    }
    String text = user.build().toString();
    change(() -> Files.writeString(ACME.resolve("users/" + name + ".json"), text));
  }

  private void deleteUser(String name) throws IOException, InterruptedException {
    if (Files.exists(ACME.resolve("users/" + name + ".json"))) {
      change(() -> Files.delete(ACME.resolve("users/" + name + ".json")));
    }
  }

  private static Response await(java.util.function.Supplier<Response> call, Predicate<Response> done) throws InterruptedException {
    Response r = call.get();
    for (int i = 0; i < 100 && !done.test(r); i++) {
      Thread.sleep(200);
      r = call.get();
    }
    return r;
  }

  // ---------------------------------------------------------------- stateless programs

  @Test
  void basicAndBearerRequests_createNoSession() {
    Response basic = send("GET", "/api/whoami", null, "Authorization", basic("bob@acme"));
    assertStatus(200, basic.reply());
    assertEquals(List.of(), basic.cookies(), "a BASIC request leaves no session behind");
    Response bearer = send("GET", "/api/whoami", null, "Authorization", "Bearer " + assumeReportingJob());
    assertStatus(200, bearer.reply());
    assertEquals(List.of(), bearer.cookies(), "a bearer request leaves no session behind");
    Response protectedPath = send("GET", "/admin/status", null, "Authorization", basic("carol@acme"));
    assertStatus(200, protectedPath.reply());
    assertEquals(List.of(), protectedPath.cookies(), "nor does a declared constraint");
  }

  @Test
  void basicCredentials_winOverCookie() {
    String bobsSession = sessionOf("bob@acme", BOB_PASSWORD);
    assertEquals("bob@acme", withCookie("GET", "/api/whoami", bobsSession).json().getString("caller"));
    Response dave = withCookie("GET", "/api/whoami", bobsSession, "Authorization", basic("dave@acme"));
    assertStatus(200, dave.reply());
    assertEquals("dave@acme", dave.json().getString("caller"), "the Authorization header decides, not the cookie");
    Response wrong = withCookie("GET", "/api/auditors/bucket-count/acme", bobsSession, "Authorization", basic("dave@acme", "guess"));
    assertStatus(401, wrong.reply());
    Response unknownScheme = withCookie("GET", "/api/whoami", bobsSession, "Authorization", "Negotiate abc");
    assertStatus(401, unknownScheme.reply());
  }

  // ---------------------------------------------------------------- browser sessions

  @Test
  void formSignIn_rotatesSessionId_cookieHttpOnlySameSite() {
    Response first = formSignIn("bob@acme", BOB_PASSWORD, null);
    assertStatus(302, first.reply());
    String cookie = first.cookies().stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
    assertTrue(cookie.contains("HttpOnly"), cookie);
    // Attribute values are case-insensitive (RFC 6265bis); Payara 6 writes LAX.
    assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("samesite=lax"), cookie);
    String planted = first.sessionCookie().orElseThrow();
    // Session fixation: a sign-in with an id known beforehand gets another id; the known one is worthless.
    Response second = formSignIn("dave@acme", "dave-Passw0rd!", null, "Cookie", "JSESSIONID=" + planted);
    assertStatus(302, second.reply());
    String rotated = second.sessionCookie().orElseThrow();
    assertNotEquals(planted, rotated);
    assertEquals("dave@acme", withCookie("GET", "/api/whoami", rotated).json().getString("caller"));
    assertStatus(401, withCookie("GET", "/api/whoami", planted).reply());
  }

  @Test
  void sessionCookie_doesNotOutliveDeletedUser() throws Exception {
    createUser("ca-deleted", null, "Developers", "Auditors");
    try {
      String cookie = sessionOf("ca-deleted@acme", BOB_PASSWORD);
      assertStatus(200, withCookie("GET", "/api/auditors/bucket-count/acme", cookie).reply());
      deleteUser("ca-deleted");
      assertStatus(401, withCookie("GET", "/api/auditors/bucket-count/acme", cookie).reply());
      assertStatus(401, withCookie("GET", "/api/whoami", cookie).reply());
      // The session was ended, not just refused: a re-created user does not bring it back.
      createUser("ca-deleted", null, "Developers", "Auditors");
      assertStatus(401, withCookie("GET", "/api/whoami", cookie).reply());
    } finally {
      deleteUser("ca-deleted");
    }
  }

  @Test
  void sessionCookie_doesNotOutlivePasswordChange() throws Exception {
    createUser("ca-password", null, "Developers");
    try {
      String cookie = sessionOf("ca-password@acme", BOB_PASSWORD);
      assertStatus(200, withCookie("GET", "/api/whoami", cookie).reply());
      Path file = ACME.resolve("users/ca-password.json");
      String carolsHash = Json.createReader(new StringReader(Files.readString(ACME.resolve("users/carol.json")))).readObject()
          .getString("passwordHash");
      JsonObject user = Json.createReader(new StringReader(Files.readString(file))).readObject();
      change(() -> Files.writeString(file, Json.createObjectBuilder(user).add("passwordHash", carolsHash).build().toString()));
      assertStatus(401, withCookie("GET", "/api/whoami", cookie).reply());
    } finally {
      deleteUser("ca-password");
    }
  }

  @Test
  void sessionCookie_losesGroupItLeft() throws Exception {
    createUser("ca-group", null, "Developers", "Auditors");
    try {
      String cookie = sessionOf("ca-group@acme", BOB_PASSWORD);
      assertStatus(200, withCookie("GET", "/api/auditors/bucket-count/acme", cookie).reply());
      Path file = ACME.resolve("users/ca-group.json");
      JsonObject user = Json.createReader(new StringReader(Files.readString(file))).readObject();
      change(() -> Files.writeString(file, Json.createObjectBuilder(user)
          .add("groups", Json.createArrayBuilder().add("Developers")).build().toString()));
      assertStatus(401, withCookie("GET", "/api/auditors/bucket-count/acme", cookie).reply());
      // Signed in again, the user is in the groups it is in now.
      assertStatus(403, send("GET", "/api/auditors/bucket-count/acme", null, "Authorization", basic("ca-group@acme", BOB_PASSWORD)).reply());
    } finally {
      deleteUser("ca-group");
    }
  }

  @Test
  void crossOriginPost_withCookie_isRefused() {
    String cookie = sessionOf("bob@acme", BOB_PASSWORD);
    String path = "/api/tenants/acme/buckets/projects/objects/csrf.txt";
    Response evil = withCookie("PUT", path, cookie, "Origin", "https://evil.example");
    assertStatus(403, evil.reply());
    assertEquals("Cross-origin request refused", evil.reply().message());
    Response noOrigin = withCookie("POST", "/logout", cookie);
    assertStatus(403, noOrigin.reply());
    Response foreignReferer = withCookie("POST", "/logout", cookie, "Referer", "https://evil.example/page.html");
    assertStatus(403, foreignReferer.reply());
    assertStatus(200, withCookie("GET", "/api/whoami", cookie).reply(), "refused requests leave the session alone");
    // From the site itself the same request goes on to IAM (which decides it as for any caller).
    Response own = withCookie("DELETE", path, cookie, "Origin", ownOrigin());
    assertNotEquals("Cross-origin request refused", own.status() == 403 ? own.reply().message() : "", own.toString());
    // A cross-site form cannot sign the browser in either (login CSRF).
    Response crossSiteLogin = send("POST", "/login", "username=bob%40acme&password=" + enc(BOB_PASSWORD),
        "Content-Type", "application/x-www-form-urlencoded", "Origin", "https://evil.example");
    assertStatus(403, crossSiteLogin.reply());
    assertEquals(Optional.empty(), crossSiteLogin.sessionCookie());
  }

  @Test
  void logout_endsTheSession() {
    String cookie = sessionOf("bob@acme", BOB_PASSWORD);
    assertStatus(200, withCookie("GET", "/api/whoami", cookie).reply());
    Response out = withCookie("POST", "/logout", cookie, "Origin", ownOrigin());
    assertTrue(out.status() == 302 || out.status() == 401, out.toString());
    assertStatus(401, withCookie("GET", "/api/whoami", cookie).reply());
  }

  // ---------------------------------------------------------------- role-session tokens

  private String assumeReportingJob() {
    Response r = send("POST", "/api/sts/assume-role?role=ReportingJob&sessionName=nightly", "", "Authorization", basic("carol@acme"));
    assertStatus(200, r.reply());
    return r.json().getString("SessionToken");
  }

  private static final String REPORT = "/api/tenants/acme/buckets/reports/objects/2026/q3.txt";

  private Response asSession(String token, String path) {
    return send("GET", path, null, "Authorization", "Bearer " + token);
  }

  @Test
  void expiredOrRevokedRoleToken_isRefused() throws Exception {
    String token = assumeReportingJob();
    assertStatus(200, asSession(token, REPORT).reply());
    // Expired: the same session, signed with the server's own key, but past its expiry.
    ServerKey key = ServerKey.fromFile(CONFIG.resolve("server.key"));
    SessionTokens.Session s = SessionTokens.verify(key, token, Instant.now());
    Instant issued = Instant.now().minusSeconds(7200);
    String expired = SessionTokens.issue(key, new SessionTokens.Session(s.issuer(), s.tenant(), s.role(), s.roleId(), s.sessionName(),
        SessionTokens.newTokenId(), issued, issued.plusSeconds(3600)));
    assertStatus(401, asSession(expired, REPORT).reply());

    // Revoked: sessions issued before T end (AWS's "Revoke active sessions"), later ones work.
    Path role = ACME.resolve("roles/ReportingJob.json");
    String original = Files.readString(role);
    Instant revokeBefore = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    JsonObject json = Json.createReader(new StringReader(original)).readObject();
    try {
      change(() -> Files.writeString(role, Json.createObjectBuilder(json).add("sessionsValidAfter", revokeBefore.toString()).build().toString()));
      Response refused = asSession(token, REPORT);
      assertStatus(401, refused.reply());
      assertEquals("Unauthenticated", refused.reply().json().getJsonObject("Error").getString("Code"));
      while (Instant.now().isBefore(revokeBefore)) {
        Thread.sleep(100);
      }
      assertStatus(200, asSession(assumeReportingJob(), REPORT).reply(), "a session issued after the revocation");
    } finally {
      change(() -> Files.writeString(role, original));
    }
  }

  @Test
  void olderRoleSessions_deniedByTokenIssueTimePolicy() throws Exception {
    // AWS's way of revoking sessions: a Deny on aws:TokenIssueTime before T. The key is in the
    // context of every role-session request (both enforcement modes).
    String old = assumeReportingJob();
    assertStatus(200, asSession(old, REPORT).reply());
    Instant t = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    Path deny = ACME.resolve("inline/it-revoke-older-sessions.json");
    Path role = ACME.resolve("roles/ReportingJob.json");
    String original = Files.readString(role);
    JsonObject json = Json.createReader(new StringReader(original)).readObject();
    try {
      // Two reloads, each awaited: the policy file first (unreferenced yet), then the role naming it.
      change(() -> Files.writeString(deny, "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\","
          + " \"Condition\": {\"DateLessThan\": {\"aws:TokenIssueTime\": \"" + t + "\"}}}]}"));
      change(() -> Files.writeString(role, Json.createObjectBuilder(json).add("inlinePolicies",
          Json.createObjectBuilder(json.getJsonObject("inlinePolicies")).add("RevokeOlderSessions", "inline/it-revoke-older-sessions.json"))
          .build().toString()));
      Response denied = asSession(old, REPORT);
      assertStatus(403, denied.reply());
      assertTrue(denied.reply().message().contains("explicit deny"), denied.body());
      while (Instant.now().isBefore(t)) {
        Thread.sleep(100);
      }
      assertStatus(200, asSession(assumeReportingJob(), REPORT).reply(), "a session issued after T");
    } finally {
      change(() -> Files.writeString(role, original));
      if (Files.exists(deny)) {
        change(() -> Files.delete(deny));
      }
    }
  }

  @Test
  void deletedAndRecreatedRole_refusesOldTokens() throws Exception {
    String old = assumeReportingJob();
    assertStatus(200, asSession(old, REPORT).reply());
    Path role = ACME.resolve("roles/ReportingJob.json");
    String original = Files.readString(role);
    try {
      change(() -> Files.delete(role));
      assertStatus(401, asSession(old, REPORT).reply());
      // Re-created from the very same file (same name, same derived id): the old token stays refused.
      change(() -> Files.writeString(role, original));
      assertStatus(401, asSession(old, REPORT).reply());
      // Tokens carry their issue time in whole seconds: one issued in the second of the deletion is
      // refused too (fail closed), so the new session is asked for in a later second.
      Thread.sleep(1100);
      assertStatus(200, asSession(assumeReportingJob(), REPORT).reply(), "the re-created role's own sessions work");
    } finally {
      if (!Files.exists(role)) {
        change(() -> Files.writeString(role, original));
      }
    }
  }

  // ---------------------------------------------------------------- guessing

  private static List<AuditQuery.Match> signInRecords(String requestId) {
    try {
      return !Files.isDirectory(TRAIL) ? List.of() : AuditQuery.run(AuditFiles.expand(List.of(TRAIL)), AuditQuery.Filter.ALL).stream()
          .filter(m -> "signin".equals(m.get("type")) && requestId.equals(m.get("requestId"))).toList();
    } catch (IOException e) {
      throw new AssertionError("Cannot read the trail in " + TRAIL + ": " + e, e);
    }
  }

  private double metric(String name, String... labels) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base.getPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.body().lines().filter(l -> l.startsWith(name + "{") && List.of(labels).stream().allMatch(l::contains))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void passwordGuessing_isThrottled() throws Exception {
    // ivan (src/test/it-config) exists for this test only: it ends locked out.
    assertStatus(200, send("GET", "/api/whoami", null, "Authorization", basic("ivan@acme")).reply());
    double throttledBefore = metric("iam4j_signin_events_total", "method=\"basic\"", "outcome=\"THROTTLED\"");
    for (int i = 0; i < 5; i++) {
      assertStatus(401, send("GET", "/api/whoami", null, "Authorization", basic("ivan@acme", "guess-" + i)).reply());
    }
    String requestId = "throttle-" + UUID.randomUUID();
    Response locked = send("GET", "/api/whoami", null, "Authorization", basic("ivan@acme"), "X-Request-Id", requestId);
    assertStatus(429, locked.reply());
    assertEquals("Throttling", locked.json().getJsonObject("Error").getString("Code"));
    long retryAfter = Long.parseLong(locked.header("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 900, "Retry-After " + retryAfter);
    // The form is throttled by the same counters.
    Response form = formSignIn("ivan@acme", "ivan-Passw0rd!", null);
    assertStatus(429, form.reply());
    assertEquals(Optional.empty(), form.sessionCookie());

    List<AuditQuery.Match> records = List.of();
    for (int i = 0; i < 50 && records.isEmpty(); i++) {
      Thread.sleep(100);
      records = signInRecords(requestId);
    }
    assertEquals(1, records.size(), () -> "the refused attempt is on the trail");
    assertEquals("THROTTLED", records.get(0).get("outcome"));
    assertEquals("ivan@acme", records.get(0).get("principal"));
    assertFalse(records.get(0).json().contains("ivan-Passw0rd!"), "no password on the trail");
    assertTrue(metric("iam4j_signin_events_total", "method=\"basic\"", "outcome=\"THROTTLED\"") >= throttledBefore + 1);
  }

  @Test
  void oversizedUserName_isRefusedWithoutBeingKept() {
    // 20,000 characters of user name (the form's body carries what no header could): refused at once,
    // counted under a shortened name; the throttle and the trail never hold it whole.
    String huge = "a".repeat(20_000) + "@acme";
    Response r = formSignIn(huge, "whatever", null);
    assertStatus(401, r.reply());
    Response h = send("GET", "/api/whoami", null, "Authorization", basic("b".repeat(300) + "@acme", "guess"));
    assertStatus(401, h.reply());
  }

  @Test
  void unknownUser_costsAsMuchAsKnown() {
    // The same 401, header and body for an unknown user as for a known user's wrong password (the
    // hashing cost itself is asserted where it is decided: PasswordCheckTest).
    Response unknown = send("GET", "/api/whoami", null, "Authorization", basic("nosuchuser@acme", "guess"));
    Response known = send("GET", "/api/whoami", null, "Authorization", basic("frank@acme", "guess"));
    assertStatus(401, unknown.reply());
    assertStatus(401, known.reply());
    assertEquals(known.body(), unknown.body());
    assertEquals(known.header("WWW-Authenticate"), unknown.header("WWW-Authenticate"));
    assertEquals(known.header("Content-Type"), unknown.header("Content-Type"));
  }

  @Test
  void totpCode_isSingleUse() throws Exception {
    byte[] seed = MfaSeeds.newSeed();
    createUser("ca-mfa", MfaSeeds.encrypt(ServerKey.fromFile(CONFIG.resolve("server.key")), "acme", "ca-mfa", seed), "Developers");
    try {
      String code = Totp.code(seed, Instant.now());
      Response first = send("GET", "/api/whoami", null, "Authorization", basic("ca-mfa@acme", BOB_PASSWORD), "X-Iam4j-MFA", code);
      assertStatus(200, first.reply());
      Response replay = send("GET", "/api/whoami", null, "Authorization", basic("ca-mfa@acme", BOB_PASSWORD), "X-Iam4j-MFA", code);
      assertStatus(401, replay.reply());
      // Without a code the password alone still signs in (MFA absent): the code was the only thing refused.
      assertStatus(200, send("GET", "/api/whoami", null, "Authorization", basic("ca-mfa@acme", BOB_PASSWORD)).reply());
    } finally {
      deleteUser("ca-mfa");
    }
  }

  // ---------------------------------------------------------------- container roles

  @Test
  void otherTenantsSysAdmins_notInAcmesRole() {
    // jack is a SysAdmin of globex; the admin pages are for acme's SysAdmins (role SysAdmins@acme).
    assertStatus(200, send("GET", "/admin/status", null, "Authorization", basic("carol@acme")).reply());
    assertStatus(403, send("GET", "/admin/status", null, "Authorization", basic("jack@globex")).reply());
    // kate is an Auditor of globex; @RolesAllowed("Auditors@acme") is acme's.
    assertStatus(200, send("GET", "/api/auditors/bucket-count/acme", null, "Authorization", basic("frank@acme")).reply());
    assertStatus(403, send("GET", "/api/auditors/bucket-count/acme", null, "Authorization", basic("kate@globex")).reply());
  }
}
