package io.iam4j.jakarta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's browser assets as packaged (read from the class path, as the servlet serves them): the
 * element ids the browser tests select by are all there, the shell template has every placeholder the
 * servlet fills, and nothing needs a relaxed Content-Security-Policy (no inline script or style, no eval,
 * no markup built from strings, no external URL).
 */
class ConsoleUiAssetsTest {
  private static final String DIR = "/META-INF/iam4j/console/";

  /** The ids of the console contract (notes/CONSOLE.md, "Element ids"). */
  private static final List<String> IDS = List.of(
      "signin", "username", "password", "mfa", "signin-submit", "signin-error",
      "nav", "whoami", "signout", "error", "content", "skip",
      "users-table", "create-user", "new-user-name", "new-user-path", "new-user-boundary", "create-user-submit",
      "user-groups", "attach-policy-arn", "attach-policy-submit", "attached-policies", "access-keys", "create-access-key",
      "new-secret", "new-key-id", "enable-mfa", "mfa-qr", "mfa-seed", "mfa-code1", "mfa-code2", "mfa-enable-submit", "delete-user",
      "groups-table", "roles-table", "trust-policy",
      "policies-table", "policy-versions", "policy-document-view", "set-default-version",
      "policy-name", "policy-document", "policy-type", "validate-policy", "findings", "editor-marker", "save-policy",
      "pp-min-length", "pp-require-symbols", "pp-require-numbers", "pp-require-uppercase", "pp-require-lowercase",
      "pp-max-age", "pp-reuse", "pp-save",
      "sim-source", "sim-actions", "sim-resources", "sim-context", "sim-run", "sim-results",
      "encoded-message", "decode-submit", "decoded",
      "audit-principal", "audit-action", "audit-decision", "audit-type", "audit-submit", "audit-table");

  private static final List<String> PLACEHOLDERS = List.of("tenant", "user", "csrf", "api", "sts", "assets", "signedIn", "error",
      "consolePath");

  private static final List<String> NAV = List.of("#/users", "#/groups", "#/roles", "#/policies", "#/editor", "#/password-policy",
      "#/simulator", "#/decode", "#/audit");

  static String asset(String name) throws IOException {
    try (InputStream in = ConsoleUiAssetsTest.class.getResourceAsStream(DIR + name)) {
      assertNotNull(in, "missing console asset " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** console.js and every module it imports, transitively. */
  static List<String> scripts() throws IOException {
    Set<String> names = new LinkedHashSet<>(List.of("console.js"));
    List<String> texts = new ArrayList<>();
    Pattern imports = Pattern.compile("from\\s+'\\./([a-z0-9-]+\\.js)'");
    for (int i = 0; i < names.size(); i++) {
      String text = asset(names.stream().skip(i).findFirst().orElseThrow());
      texts.add(text);
      Matcher m = imports.matcher(text);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    assertTrue(names.size() >= 2, "console.js imports its modules: " + names);
    return texts;
  }

  @Test
  void everyContractIdIsDefined() throws IOException {
    String all = asset("console.html") + String.join("\n", scripts());
    List<String> missing = new ArrayList<>();
    for (String id : IDS) {
      // An id is defined in the template (id="x") or by the scripts ('x' as an id/helper argument).
      if (!all.contains("id=\"" + id + "\"") && !all.contains("'" + id + "'")) {
        missing.add(id);
      }
    }
    assertEquals(List.of(), missing, "contract ids not defined by the console assets");
  }

  @Test
  void templateHasEveryPlaceholderInMetaTagsAndTheFrame() throws IOException {
    String html = asset("console.html");
    for (String p : PLACEHOLDERS) {
      assertTrue(html.contains("<meta name=\"iam4j-" + p + "\" content=\"{{" + p + "}}\">"), "meta tag for {{" + p + "}}");
    }
    for (String href : NAV) {
      assertTrue(html.contains("<a href=\"" + href + "\">"), "nav link " + href);
    }
    assertTrue(html.contains("<main id=\"content\""), "main#content");
    assertTrue(html.contains("<nav id=\"nav\""), "nav#nav");
    assertTrue(html.matches("(?s).*<div id=\"error\"[^>]*role=\"alert\".*"), "#error is an alert");
    assertTrue(html.contains("<form id=\"signin\" method=\"post\" action=\"{{consolePath}}/signin\""), "sign-in form posts to P/{tenant}/signin");
  }

  @Test
  void nothingNeedsARelaxedContentSecurityPolicy() throws IOException {
    String html = asset("console.html");
    Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
    int count = 0;
    while (scripts.find()) {
      count++;
      assertTrue(scripts.group(1).contains("src=\"{{assets}}/"), "scripts come from the assets path: " + scripts.group(0));
      assertEquals("", scripts.group(2).trim(), "no inline script");
    }
    assertEquals(1, count, "one module script");
    assertFalse(Pattern.compile("<style|\\sstyle=|\\son[a-z]+=|javascript:", Pattern.CASE_INSENSITIVE).matcher(html).find(),
        "no inline style or handler in the template");
    List<String> texts = new ArrayList<>(scripts());
    texts.add(asset("console.css"));
    texts.add(html);
    Pattern forbidden = Pattern.compile("\\beval\\s*\\(|new\\s+Function\\s*\\(|\\.innerHTML|\\.outerHTML|insertAdjacentHTML|document\\.write"
        + "|setAttribute\\(\\s*'style'|\\bstyle:\\s*'|https?://|@import|url\\(\\s*['\"]?(?!data:)");
    for (String t : texts) {
      Matcher m = forbidden.matcher(t);
      assertFalse(m.find(), () -> "CSP-hostile or external construct: " + m.group());
    }
  }

  @Test
  void everyTemplateControlIsLabelled() throws IOException {
    String html = asset("console.html");
    Matcher inputs = Pattern.compile("<(input|select|textarea)\\b([^>]*)>").matcher(html);
    while (inputs.find()) {
      String attrs = inputs.group(2);
      if (attrs.contains("type=\"hidden\"")) {
        continue;
      }
      Matcher id = Pattern.compile("id=\"([^\"]+)\"").matcher(attrs);
      assertTrue(id.find(), "a control without id: " + inputs.group());
      assertTrue(html.contains("<label for=\"" + id.group(1) + "\""), "no label for #" + id.group(1));
    }
  }
}
