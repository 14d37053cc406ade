package io.iam4j.jakarta.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's container-free parts: filling the shell template, the names of its assets and their
 * content types, and the headers of every console response. Stateless.
 */
public final class ConsolePages {
  /** The folder of the shell template and the assets, on the class path. */
  public static final String FOLDER = "META-INF/iam4j/console/";
  public static final String TEMPLATE = "console.html";
  /** An asset name: one file directly in {@link #FOLDER}, no path, no leading dot. */
  static final Pattern ASSET = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z]+)}}");
  private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8", "mjs", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8", "png", "image/png", "svg", "image/svg+xml", "ico", "image/x-icon", "woff2", "font/woff2",
      "json", "application/json");
  public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  /** The placeholders the template may use; any other {@code {{name}}} is left as written. */
  public static final java.util.Set<String> PLACEHOLDERS = java.util.Set.of("tenant", "user", "csrf", "api", "sts", "assets",
      "signedIn", "error", "consolePath");
  /** A tenant id, as the configuration accepts it. */
  static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  /** The sign-in error codes the query string may name; nothing else from it reaches the page. */
  static final java.util.Set<String> ERRORS = java.util.Set.of("invalid", "mfa-required", "throttled");
  /** The code of a request whose console session the mechanism just ended (time-out, changed credentials). */
  static final String EXPIRED = "expired";

  private ConsolePages() {}

  /** The template with each known placeholder replaced by its value, HTML-escaped. */
  public static String fill(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 256);
    while (m.find()) {
      String name = m.group(1);
      String replacement = PLACEHOLDERS.contains(name) ? escape(values.getOrDefault(name, "")) : m.group();
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Escapes for HTML text and quoted attribute values. */
  public static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The content type of an asset name, or empty when the name is not an asset's (then it is not served). */
  public static Optional<String> assetType(String name) {
    if (name == null || !ASSET.matcher(name).matches() || name.equals(TEMPLATE)) {
      return Optional.empty();
    }
    int dot = name.lastIndexOf('.');
    return dot < 0 ? Optional.empty() : Optional.ofNullable(TYPES.get(name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT)));
  }

  /** The headers of every console response. */
  public static Map<String, String> securityHeaders() {
    return Map.of("Content-Security-Policy", CSP, "X-Content-Type-Options", "nosniff", "Referrer-Policy", "same-origin",
        "X-Frame-Options", "DENY");
  }

  /**
   * What a request's path under the console names.
   *
   * @param kind {@code asset}, {@code shell}, {@code slash} (the tenant without its trailing slash),
   *     {@code signin}, {@code signout} or {@code none}
   */
  record Route(String kind, String tenant, String asset) {}

  /**
   * Routes the path after the console's path ({@code /acme/}, {@code /assets/console.js}). The
   * assets' folder takes the name {@code assets}: a tenant of that id has no console.
   */
  static Route route(String rest) {
    if (rest == null || rest.isEmpty() || rest.equals("/")) {
      return new Route("none", null, null);
    }
    String[] parts = rest.substring(1).split("/", -1);
    if (parts.length == 2 && parts[0].equals("assets")) {
      return new Route("asset", null, parts[1]);
    }
    if (!TENANT.matcher(parts[0]).matches()) {
      return new Route("none", null, null);
    }
    if (parts.length == 1) {
      return new Route("slash", parts[0], null);
    }
    if (parts.length == 2) {
      return switch (parts[1]) {
        case "" -> new Route("shell", parts[0], null);
        case "signin" -> new Route("signin", parts[0], null);
        case "signout" -> new Route("signout", parts[0], null);
        default -> new Route("none", null, null);
      };
    }
    return new Route("none", null, null);
  }
}
