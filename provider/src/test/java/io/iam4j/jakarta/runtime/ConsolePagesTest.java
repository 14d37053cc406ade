package io.iam4j.jakarta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The console's container-free parts: the template, asset names, routes, settings and the CSRF token. */
class ConsolePagesTest {

  @Test
  void placeholdersAreFilledAndEscaped() {
    String tpl = "<meta name=\"iam4j-user\" content=\"{{user}}\"><h1>{{tenant}}</h1><p>{{other}}</p><i>{{error}}</i>";
    String out = ConsolePages.fill(tpl, Map.of("user", "\"><script>alert('x')</script>", "tenant", "a&b"));
    assertEquals("<meta name=\"iam4j-user\" content=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\">"
        + "<h1>a&amp;b</h1><p>{{other}}</p><i></i>", out);
  }

  @Test
  void aValueThatLooksLikeAPlaceholderOrAReplacementIsText() {
    // Matcher replacement syntax ($1, \) and placeholders inside values are not interpreted.
    assertEquals("<b>$1 \\ {{csrf}}</b>", ConsolePages.fill("<b>{{user}}</b>", Map.of("user", "$1 \\ {{csrf}}", "csrf", "secret")));
  }

  @Test
  void theShippedTemplateHasEveryPlaceholderInItsMetaTags() throws Exception {
    String tpl;
    try (var in = ConsolePages.class.getResourceAsStream("/" + ConsolePages.FOLDER + ConsolePages.TEMPLATE)) {
      tpl = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    for (String p : ConsolePages.PLACEHOLDERS) {
      assertTrue(tpl.contains("<meta name=\"iam4j-" + p + "\" content=\"{{" + p + "}}\">"), p);
    }
    for (String id : new String[] {"id=\"signin\"", "id=\"username\"", "id=\"password\"", "id=\"mfa\"", "id=\"signin-submit\"",
        "id=\"signin-error\""}) {
      assertTrue(tpl.contains(id), id);
    }
    assertFalse(tpl.contains("<script>") || tpl.contains(" style=\""), "no inline script or style under the CSP");
  }

  @Test
  void onlyPlainNamesInTheFolderAreAssets() {
    assertEquals(Optional.of("text/javascript; charset=utf-8"), ConsolePages.assetType("console.js"));
    assertEquals(Optional.of("text/css; charset=utf-8"), ConsolePages.assetType("console.css"));
    assertEquals(Optional.of("image/svg+xml"), ConsolePages.assetType("logo.svg"));
    for (String bad : new String[] {"..", "../console.js", "..%2fconsole.js", ".hidden.js", "a/b.js", "a\\b.js", "", "console",
        "console.html", "x.class", "x.properties", "web.xml", "console.js\u0000.png", "%2e%2e", null}) {
      assertEquals(Optional.empty(), ConsolePages.assetType(bad), String.valueOf(bad));
    }
  }

  @Test
  void routes() {
    assertEquals(new ConsolePages.Route("shell", "acme", null), ConsolePages.route("/acme/"));
    assertEquals(new ConsolePages.Route("slash", "acme", null), ConsolePages.route("/acme"));
    assertEquals(new ConsolePages.Route("signin", "acme", null), ConsolePages.route("/acme/signin"));
    assertEquals(new ConsolePages.Route("signout", "globex", null), ConsolePages.route("/globex/signout"));
    assertEquals(new ConsolePages.Route("asset", null, "console.js"), ConsolePages.route("/assets/console.js"));
    for (String none : new String[] {null, "", "/", "/Acme/", "/acme/users", "/acme/signin/x", "/assets/a/b.js", "/../acme/",
        "/acme%2f/", "/<script>/"}) {
      assertEquals("none", ConsolePages.route(none).kind(), String.valueOf(none));
    }
    assertEquals("none", ConsolePages.route("/assets/../x").kind()); // three segments: not an asset
    assertEquals(Optional.empty(), ConsolePages.assetType(ConsolePages.route("/assets/..").asset()));
  }

  @Test
  void everyAnswerCarriesTheStrictHeaders() {
    Map<String, String> h = ConsolePages.securityHeaders();
    assertEquals("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'", h.get("Content-Security-Policy"));
    assertEquals("nosniff", h.get("X-Content-Type-Options"));
    assertEquals("same-origin", h.get("Referrer-Policy"));
  }

  @Test
  void settingsAreChecked() {
    ConsoleConfig c = new ConsoleConfig(true, "/iam4j/console", Duration.ofMinutes(15));
    assertEquals("/iam4j/console", c.path());
    for (String bad : new String[] {"", "/", "iam4j/console", "/iam4j/console/", "/a/../b", "/a b", "/a\"><x", "//x"}) {
      assertThrows(IllegalArgumentException.class, () -> new ConsoleConfig(true, bad, Duration.ofMinutes(1)), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> new ConsoleConfig(true, "/console", Duration.ZERO));
  }

  @Test
  void theConsolesIdleLimitEndsASessionTheGeneralOneKeeps() {
    java.time.Instant signedIn = java.time.Instant.parse("2026-12-07T10:00:00Z");
    io.iam4j.signin.BrowserSession s = new io.iam4j.signin.BrowserSession("carol@acme", "acme", "carol", "v1", signedIn, false,
        signedIn.plus(Duration.ofHours(8)), signedIn.plus(Duration.ofMinutes(5)));
    ConsoleConfig c = new ConsoleConfig(true, "/iam4j/console", Duration.ofMinutes(15));
    assertEquals(Optional.empty(), c.idleRefusal(s, signedIn.plus(Duration.ofMinutes(19))));
    assertEquals(Optional.of("the console session was idle too long"), c.idleRefusal(s, signedIn.plus(Duration.ofMinutes(20))));
    // iam4j.session.idle-timeout (30 minutes by default) would still keep it.
    io.iam4j.signin.SessionSettings general = io.iam4j.signin.SessionSettings.defaults();
    assertTrue(signedIn.plus(Duration.ofMinutes(20)).isBefore(s.lastSeen().plus(general.idleTimeout())));
  }

  @Test
  void csrfTokensAre128RandomBitsComparedExactly() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      ConsoleSession s = ConsoleSession.start("acme");
      assertEquals(16, Base64.getUrlDecoder().decode(s.csrf()).length);
      assertTrue(seen.add(s.csrf()));
      assertTrue(s.csrfMatches(s.csrf()));
      assertFalse(s.csrfMatches(null));
      assertFalse(s.csrfMatches(""));
      assertFalse(s.csrfMatches(s.csrf().substring(1)));
      assertFalse(s.csrfMatches(s.csrf() + "x"));
    }
  }
}
