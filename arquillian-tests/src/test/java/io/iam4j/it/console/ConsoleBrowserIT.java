package io.iam4j.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.crypto.MfaSeeds;
import io.iam4j.crypto.ServerKey;
import io.iam4j.crypto.Totp;
import io.iam4j.policy.PolicyException;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.Problem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real browser: Debian's headless Chromium, driven by Selenium, against the sample
 * in a real Payara Micro. Each test is a tenant administrator's session from the per-tenant sign-in URL
 * on, through the element ids of the console's contract; what the browser shows is checked against the
 * server's own answers (the IAM API over HTTP, the engine's parser) rather than against expected strings
 * where the server can be asked.
 *
 * <p>Few, broad tests: a browser test is slow. Every test edits only acme's files (an MFA device for its
 * user, the users it creates) and puts them back afterwards, waiting until acme has reloaded.
 * Screenshots: {@code target/console-screenshots}; timings: {@code target/console-timings.txt}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleBrowserIT {
  static final Path CONFIG = Path.of(System.getProperty("it.config.dir"));
  static final Path ACME = CONFIG.resolve("tenants/acme");
  static final String PROJECT_DOCS = "arn:iam4j:iam::acme:policy/ProjectDocsAccess";
  static final String BOUNDARY = "arn:iam4j:iam::acme:policy/DelegatedAdminBoundary";
  static final String DAVE = "arn:iam4j:iam::acme:user/dave";
  static final String PLAN = "arn:iam4j:docs::acme:bucket/projects/plan.txt";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  /** The last TOTP step each user signed in with: a code is single-use, so every sign-in needs a fresh step. */
  static final Map<String, Long> LAST_STEP = new HashMap<>();

  /**
   * A failed test's page as it was when it failed (before @AfterEach closes the browser). Arquillian runs
   * the method itself and JUnit then reports that its own invocation was never called: that is not a
   * failure (ArquillianExtension swallows it too).
   */
  @RegisterExtension
  final TestExecutionExceptionHandler screenshotOnFailure = (context, failure) -> {
    boolean arquilliansOwn = failure instanceof org.junit.platform.commons.JUnitException
        && String.valueOf(failure.getMessage()).startsWith("Chain of InvocationInterceptors never called invocation");
    if (this.browser != null && !arquilliansOwn) {
      this.browser.shot("FAILED-" + context.getRequiredTestMethod().getName());
    }
    throw failure;
  };

  @ArquillianResource URL base;
  URI endpoint;
  String console;
  Browser browser;
  Map<Path, String> acmeBefore;
  final Map<String, byte[]> seeds = new HashMap<>();

  @Deployment(testable = false)
  static WebArchive deployment() {
    // ROOT.war: the console's path (/iam4j/console) and the IAM API it calls (/iam) at the server's root.
    return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(new File(System.getProperty("it.war"))).as(WebArchive.class);
  }

  @BeforeEach
  void start(TestInfo info) throws IOException {
    endpoint = URI.create("http://127.0.0.1:" + base.getPort());
    console = endpoint + "/iam4j/console/acme/";
    acmeBefore = snapshot();
    browser = new Browser();
    browser.test(info.getTestMethod().orElseThrow().getName());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      restore();
    }
  }

  // ------------------------------------------------------------------ tests

  /**
   * carol (a SysAdmin) signs in with her MFA code (a wrong code first: refused), creates a user, attaches
   * a policy (acme denies IAM changes without MFA, so this only works because her console session was
   * signed in with it), sees it on the user's page after a full reload, then detaches it and deletes the
   * user through the console.
   */
  @Test
  void signInWithMfa_createUser_attachPolicy_deleteUser() throws Exception {
    giveMfaDevice("carol");
    browser.open(console, "signin-page");
    assertFalse(visible("#whoami"), "signed out: the sign-in form only");
    browser.shot("01-signin");

    // A wrong code: one message, no session.
    String right = code("carol");
    signIn("carol", "000000".equals(right) ? "111111" : "000000", "signin-wrong-code",
        d -> browser.ready() && visible("#signin-error") ? Boolean.TRUE : null);
    assertFalse(browser.find("#signin-error").getText().isBlank());
    assertFalse(visible("#whoami"), "a wrong code signs nobody in");
    browser.shot("02-signin-wrong-code");

    signIn("carol", right, "signin-mfa", d -> signedInAs("carol@acme") ? Boolean.TRUE : null);
    assertTrue(browser.driver().getCurrentUrl().endsWith("#/users"), browser.driver().getCurrentUrl());
    browser.shot("03-users");
    for (String user : List.of("alice", "bob", "carol", "dave", "erin", "frank")) {
      assertFalse(browser.findAll("table#users-table tr[data-user='" + user + "']").isEmpty(),
          user + " listed (a SysAdmin lists the tenant's users: iam:ListUsers is authorized on \"*\")");
    }

    String name = "console-" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
    browser.type("#new-user-name", name);
    browser.action("create-user", () -> browser.find("#create-user-submit").click(),
        d -> browser.findAll("table#users-table tr[data-user='" + name + "']").isEmpty() ? null : Boolean.TRUE);
    assertEquals("", errorShown());
    assertEquals(200, iam("GetUser", "carol", "UserName", name).status(), "the server has the user");
    browser.shot("04-user-created");

    browser.clickToPage("table#users-table tr[data-user='" + name + "'] a", "open-user");
    assertTrue(browser.driver().getCurrentUrl().endsWith("#/users/" + name), browser.driver().getCurrentUrl());
    new Select(browser.find("select#attach-policy-arn")).selectByValue(PROJECT_DOCS);
    browser.action("attach-policy", () -> browser.find("#attach-policy-submit").click(),
        d -> attached(PROJECT_DOCS) != null || !errorShown().isEmpty() ? Boolean.TRUE : null);
    assertEquals("", errorShown(), "carol's session has MFA: acme's IamChangesRequireMfa does not deny");
    assertTrue(iam("ListAttachedUserPolicies", "carol", "UserName", name).body().contains("<PolicyArn>" + PROJECT_DOCS + "</PolicyArn>"),
        "the server has the attachment");

    // A full load of the user's page (a bookmark) shows it from the server, not from the page's memory.
    browser.reload("user-page-load");
    assertNotNull(attached(PROJECT_DOCS), "attached policy listed after a reload");
    assertFalse(browser.findAll("#user-groups").isEmpty(), "the user's groups list (empty: in no group)");
    assertFalse(browser.find("main#content").getText().contains("[object "), "no JavaScript object printed as text: "
        + browser.find("main#content").getText());
    browser.shot("05-policy-attached");

    // Clean-up through the console: detach, then delete (IAM refuses to delete a user with attachments).
    browser.action("detach-policy", () -> attached(PROJECT_DOCS).findElement(By.cssSelector("button.detach")).click(),
        d -> attached(PROJECT_DOCS) == null || !errorShown().isEmpty() ? Boolean.TRUE : null);
    assertEquals("", errorShown());
    // Done when the console has left the deleted user's page or shows an error (the server is asked after).
    browser.action("delete-user", () -> {
      browser.find("#delete-user").click();
      acceptConfirmation();
    }, d -> d.getCurrentUrl().endsWith("#/users") && "users".equals(browser.page()) && browser.ready() || !errorShown().isEmpty() ? Boolean.TRUE : null);
    assertEquals("", errorShown());
    assertTrue(iam("GetUser", "carol", "UserName", name).body().contains("NoSuchEntity"));
    assertTrue(browser.findAll("table#users-table tr[data-user='" + name + "']").isEmpty(), "deleted user no longer listed");
  }

  /**
   * carol types a policy with an invalid Effect on line 3: the finding appears as she types, located at
   * the line and column the engine's parser gives, with the editor's marker on that line. Then the
   * simulator explains dave's decisions: writing a project document is implicitly denied because no
   * identity-based policy allows it, deleting one is explicitly denied by acme's MFA guardrail, and with
   * MFA in the context that deny no longer applies.
   */
  @Test
  void editorShowsAnErrorAtItsLocation_simulatorExplainsDecisions() throws Exception {
    giveMfaDevice("carol");
    browser.open(console, "signin-page");
    signIn("carol", code("carol"), "signin-mfa", d -> signedInAs("carol@acme") ? Boolean.TRUE : null);

    // ---- the editor
    browser.route("#/editor", "editor");
    String doc = "{\n  \"Version\": \"2012-10-17\",\n"
        + "  \"Statement\": [{\"Effect\": \"Alow\", \"Action\": \"docs:GetObject\", \"Resource\": \"*\"}]\n}";
    WebElement select = browser.find("select#policy-type");
    new Select(select).selectByValue("identity");
    browser.type("textarea#policy-document", doc.substring(0, doc.length() - 1));
    // Unfinished, the document is not yet valid JSON: wait until that is what the findings say, so the
    // line-3 error below cannot be one an earlier keystroke produced.
    browser.await("findings of the unfinished document", d -> !validating() && visible("ul#findings li.finding[data-type='ERROR']")
        && browser.findAll("ul#findings li.finding[data-line='3'][data-type='ERROR']").isEmpty() ? Boolean.TRUE : null);
    // Timed from the last key: the debounce and the ValidatePolicy round trip.
    WebElement finding = browser.action("finding-as-you-type", () -> browser.find("textarea#policy-document").sendKeys("}"),
        d -> validating() ? null
            : d.findElements(By.cssSelector("ul#findings li.finding[data-line='3'][data-type='ERROR']")).stream().findFirst().orElse(null));
    // The expected location comes from what the textarea holds (an editor may indent as it is typed into).
    Problem expected = problemOnLine3((String) browser.js("return document.querySelector('textarea#policy-document').value;"));
    String column = Integer.toString(expected.location().column());
    assertEquals(column, finding.getDomAttribute("data-column"), finding.getText());
    assertTrue(finding.getText().startsWith("3:" + column + " ERROR "), finding.getText());
    WebElement marker = browser.shown("#editor-marker");
    browser.await("the marker on line 3", d -> markerOnLine3(marker) ? Boolean.TRUE : null);
    browser.shot("06-editor-error");

    // Fixed, the error goes (the finding list holds no ERROR any more).
    browser.action("finding-cleared", () -> {
      WebElement ta = browser.find("textarea#policy-document");
      ta.clear();
      ta.sendKeys(doc.replace("\"Alow\"", "\"Allow\""));
    }, d -> !validating() && d.findElements(By.cssSelector("ul#findings li.finding[data-type='ERROR']")).isEmpty() ? Boolean.TRUE : null);
    assertFalse(visible("#editor-marker"), "no error, no marker");

    // ---- the simulator
    browser.route("#/simulator", "simulator");
    setField("#sim-source", DAVE);
    browser.type("#sim-actions", "docs:PutObject, docs:DeleteObject");
    browser.type("#sim-resources", PLAN);
    browser.type("#sim-context", "");
    browser.action("simulate", () -> browser.find("#sim-run").click(),
        d -> result("docs:DeleteObject") != null || !errorShown().isEmpty() ? Boolean.TRUE : null);
    assertEquals("", errorShown());
    WebElement put = result("docs:PutObject");
    assertEquals("implicitDeny", cell(put, "decision"));
    assertTrue(cell(put, "layer").contains("no identity-based policy allows"), cell(put, "layer"));
    WebElement delete = result("docs:DeleteObject");
    assertEquals("explicitDeny", cell(delete, "decision"));
    String statements = cell(delete, "statements");
    assertTrue(statements.contains("require-mfa-for-deletes") || statements.contains("DeletesRequireMfa"),
        "the deciding statement is the guardrail's: " + statements);
    browser.shot("07-simulator-explicit-deny");

    // With MFA in the request context the guardrail's deny does not apply: nothing allows dave to delete.
    browser.type("#sim-context", "aws:MultiFactorAuthPresent=true");
    browser.action("simulate-with-context", () -> browser.find("#sim-run").click(),
        d -> result("docs:DeleteObject") != null && "implicitDeny".equals(cell(result("docs:DeleteObject"), "decision"))
            || !errorShown().isEmpty() ? Boolean.TRUE : null);
    assertEquals("", errorShown());
    assertTrue(cell(result("docs:DeleteObject"), "layer").contains("no identity-based policy allows"), cell(result("docs:DeleteObject"), "layer"));
    browser.shot("08-simulator-with-mfa");

    // Signing out (a CSRF-protected form post) shows the sign-in form again.
    browser.action("signout", () -> browser.find("#signout").click(),
        d -> browser.ready() && visible("form#signin") && !visible("#whoami") ? Boolean.TRUE : null);
  }

  /** Whether the findings are being worked out (the editor marks its list while a validation is pending). */
  boolean validating() {
    return !browser.findAll("ul#findings[data-state='pending']").isEmpty();
  }

  /**
   * Whether the marker's middle lies on the textarea's line 3 (lines do not wrap: line 3 starts two line
   * heights below the text's top, less the scroll), not on line 2 or 4.
   */
  boolean markerOnLine3(WebElement marker) {
    @SuppressWarnings("unchecked")
    Map<String, Object> at = (Map<String, Object>) browser.js("""
        const ta = document.querySelector('textarea#policy-document');
        const cs = getComputedStyle(ta);
        let lh = parseFloat(cs.lineHeight);
        if (isNaN(lh)) lh = parseFloat(cs.fontSize) * 1.2;
        const line3 = ta.getBoundingClientRect().top + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop) + 2 * lh - ta.scrollTop;
        const m = arguments[0].getBoundingClientRect();
        return {line3: line3, lineHeight: lh, center: (m.top + m.bottom) / 2};
        """, marker);
    double line3 = ((Number) at.get("line3")).doubleValue();
    double lh = ((Number) at.get("lineHeight")).doubleValue();
    double center = ((Number) at.get("center")).doubleValue();
    return center >= line3 - lh / 4 && center <= line3 + lh * 1.25;
  }

  /**
   * erin, acme's delegated user administrator, may create users only under DelegatedAdminBoundary
   * (her own boundary's CreateUsersOnlyWithThisBoundary statement): without it IAM's AccessDenied is
   * shown in the console and nothing is created; with it the user is created.
   */
  @Test
  void delegatedAdministrator_deniedOutsideTheBoundary() throws Exception {
    giveMfaDevice("erin");
    browser.open(console, "signin-page");
    signIn("erin", code("erin"), "signin-mfa", d -> signedInAs("erin@acme") ? Boolean.TRUE : null);

    String name = "delegated-" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
    browser.type("#new-user-name", name);
    Select boundary = new Select(browser.find("select#new-user-boundary"));
    boundary.selectByIndex(0);
    String none = String.valueOf(boundary.getFirstSelectedOption().getDomProperty("value"));
    assertFalse(none.startsWith("arn:"), "the first choice is no boundary: " + none);
    browser.action("create-user-denied", () -> browser.find("#create-user-submit").click(), d -> errorShown().isEmpty() ? null : Boolean.TRUE);
    String error = errorShown();
    assertTrue(error.startsWith("AccessDenied: "), error);
    assertTrue(error.contains("is not authorized to perform: iam:CreateUser"), error);
    assertTrue(error.contains("because no permissions boundary policy allows"), "the boundary is the layer without an allow: " + error);
    assertEquals("alert", browser.find("#error").getDomAttribute("role"));
    assertTrue(browser.findAll("table#users-table tr[data-user='" + name + "']").isEmpty(), "nothing listed");
    assertEquals(404, iam("GetUser", "carol", "UserName", name).status(), "nothing created");
    browser.shot("09-delegated-admin-denied");

    boundary.selectByValue(BOUNDARY);
    browser.action("create-user-with-boundary", () -> browser.find("#create-user-submit").click(),
        d -> browser.findAll("table#users-table tr[data-user='" + name + "']").isEmpty() ? null : Boolean.TRUE);
    Reply made = iam("GetUser", "carol", "UserName", name);
    assertEquals(200, made.status(), made.body());
    assertEquals(BOUNDARY, xml(made.body(), "PermissionsBoundaryArn"));
    browser.shot("10-delegated-admin-created");
    // erin may not delete users: the user is removed by restoring acme's files afterwards.
  }

  // ------------------------------------------------------------------ console steps

  /** Fills the sign-in form and submits it; the form post loads a new document. */
  void signIn(String user, String code, String step, java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> done) {
    browser.shown("form#signin");
    browser.type("#username", user);
    browser.type("#password", user + "-Passw0rd!");
    browser.type("#mfa", code);
    browser.action(step, () -> browser.find("#signin-submit").click(), done);
  }

  boolean signedInAs(String who) {
    return browser.ready() && browser.findAll("#whoami").stream().anyMatch(e -> e.isDisplayed() && e.getText().contains(who));
  }

  /** Whether an element {@code css} is on the page and shown (a template may hold hidden ones). */
  boolean visible(String css) {
    return browser.findAll(css).stream().anyMatch(WebElement::isDisplayed);
  }

  /** The text of {@code #error}, empty when it shows nothing. */
  String errorShown() {
    List<WebElement> e = browser.findAll("#error");
    return e.isEmpty() || !e.get(0).isDisplayed() ? "" : e.get(0).getText().trim();
  }

  WebElement attached(String arn) {
    return browser.findAll("ul#attached-policies li[data-arn='" + arn + "']").stream().findFirst().orElse(null);
  }

  WebElement result(String action) {
    return browser.findAll("table#sim-results tr[data-action='" + action + "']").stream().findFirst().orElse(null);
  }

  static String cell(WebElement row, String cls) {
    return row.findElement(By.cssSelector("td." + cls)).getText().trim();
  }

  /** An input is typed into; a select (the page may offer the tenant's users as choices) is chosen from. */
  void setField(String css, String value) {
    WebElement e = browser.find(css);
    if ("select".equalsIgnoreCase(e.getTagName())) {
      new Select(e).selectByValue(value);
    } else {
      browser.type(css, value);
    }
  }

  /** Accepts a confirm() dialog if the console asks one before a destructive action. */
  void acceptConfirmation() {
    try {
      browser.driver().switchTo().alert().accept();
    } catch (NoAlertPresentException none) {
      // The console asked nothing (or confirms in the page itself).
    }
  }

  /** The problem the engine's parser reports on line 3: what the console's ValidatePolicy must locate. */
  static Problem problemOnLine3(String doc) {
    try {
      PolicyParser.standard().parse(doc, PolicyType.IDENTITY, "editor");
    } catch (PolicyException e) {
      return e.problems().stream().filter(p -> p.location() != null && p.location().line() == 3).findFirst()
          .orElseThrow(() -> new AssertionError("no problem on line 3: " + e.problems()));
    }
    throw new AssertionError("the test's policy parses");
  }

  // ------------------------------------------------------------------ MFA devices and acme's files

  /** Gives {@code user} a TOTP device (an encrypted seed in the user's file, as enrolment stores it) and waits for acme to reload. */
  void giveMfaDevice(String user) throws Exception {
    ServerKey key = ServerKey.fromFile(CONFIG.resolve("server.key"));
    byte[] seed = MfaSeeds.newSeed();
    Path file = ACME.resolve("users/" + user + ".json");
    JsonObject json = Json.createReader(new StringReader(Files.readString(file))).readObject();
    long before = acmeVersion();
    Files.writeString(file, Json.createObjectBuilder(json).add("mfaSeed", MfaSeeds.encrypt(key, "acme", user, seed)).build().toString());
    awaitReload(before);
    seeds.put(user, seed);
  }

  /**
   * A code for {@code user}'s device at a step no earlier sign-in used (codes are single-use): this
   * step's, or the next one's (accepted for clock drift), or, when both are used, the next after
   * waiting for its time.
   */
  String code(String user) throws InterruptedException {
    long now = Instant.now().getEpochSecond() / Totp.STEP_SECONDS;
    long step = Math.max(now, LAST_STEP.getOrDefault(user, Long.MIN_VALUE) + 1);
    while (step > Instant.now().getEpochSecond() / Totp.STEP_SECONDS + 1) {
      Thread.sleep(500);
    }
    LAST_STEP.put(user, step);
    return Totp.code(seeds.get(user), Instant.ofEpochSecond(step * Totp.STEP_SECONDS));
  }

  static Map<Path, String> snapshot() throws IOException {
    Map<Path, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(ACME)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        files.put(p, Files.readString(p));
      }
    }
    return files;
  }

  /** Puts acme's files back as they were before the test (removing what it added) and waits for the reload. */
  void restore() throws Exception {
    Map<Path, String> now = snapshot();
    if (now.equals(acmeBefore)) {
      return;
    }
    long before = acmeVersion();
    for (Path p : now.keySet()) {
      if (!acmeBefore.containsKey(p)) {
        Files.delete(p);
      }
    }
    for (Map.Entry<Path, String> e : acmeBefore.entrySet()) {
      if (!e.getValue().equals(now.get(e.getKey()))) {
        Files.createDirectories(e.getKey().getParent());
        Files.writeString(e.getKey(), e.getValue());
      }
    }
    awaitReload(before);
  }

  /** Waits until acme's configuration version passes {@code before} (a file edit is picked up by the hot reload). */
  void awaitReload(long before) throws InterruptedException {
    for (int i = 0; i < 150 && acmeVersion() <= before; i++) {
      Thread.sleep(200);
    }
    assertTrue(acmeVersion() > before, "acme reloaded its edited files");
  }

  /** acme's configuration version, as carol (a SysAdmin) sees it on the admin page. */
  long acmeVersion() {
    Reply r = send(HttpRequest.newBuilder(endpoint.resolve("/admin/status")).GET().header("Authorization", basic("carol")));
    assertEquals(200, r.status(), r.body());
    return Json.createReader(new StringReader(r.body())).readObject().getJsonObject("tenants").getJsonObject("acme")
        .getJsonNumber("version").longValue();
  }

  // ------------------------------------------------------------------ the IAM API, to check what the browser showed

  record Reply(int status, String body) {}

  /** An IAM API call as {@code user} (BASIC, the sample's passwords): the server's own view, beside the console's. */
  Reply iam(String action, String user, String... params) {
    StringBuilder form = new StringBuilder("Action=" + action + "&Version=2010-05-08");
    for (int i = 0; i + 1 < params.length; i += 2) {
      form.append('&').append(params[i]).append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
    }
    return send(HttpRequest.newBuilder(endpoint.resolve("/iam")).POST(HttpRequest.BodyPublishers.ofString(form.toString()))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").header("Authorization", basic(user)));
  }

  static Reply send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + "@acme:" + user + "-Passw0rd!").getBytes(StandardCharsets.UTF_8));
  }

  static String xml(String body, String element) {
    Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(body);
    assertTrue(m.find(), () -> element + " in " + body);
    return m.group(1);
  }
}
