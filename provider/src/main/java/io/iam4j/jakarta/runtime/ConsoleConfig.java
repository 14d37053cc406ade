package io.iam4j.jakarta.runtime;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The administration console's settings ({@code iam4j.console.*}, see {@link Iam4jSettings}).
 *
 * @param enabled {@code iam4j.console.enabled}: whether the console is served at all (default false)
 * @param path {@code iam4j.console.path}: where, in the application ({@code /iam4j/console})
 * @param idleTimeout {@code iam4j.console.idle-timeout}: a console session ends after this long
 *     without a request, on top of {@code iam4j.session.idle-timeout} (the shorter one wins)
 */
public record ConsoleConfig(boolean enabled, String path, Duration idleTimeout) {
  public static final String DEFAULT_PATH = "/iam4j/console";
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(15);
  /** Segments of URL-safe characters: the path is written into HTML and Location headers as it is. */
  static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  private static volatile ConsoleConfig current;

  public ConsoleConfig {
    if (!PATH.matcher(path).matches() || path.contains("/./") || path.contains("/../") || path.endsWith("/.") || path.endsWith("/..")) {
      throw new IllegalArgumentException("iam4j.console.path is a path such as " + DEFAULT_PATH + " (segments of A-Z a-z 0-9 . _ ~ -), not " + path);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("iam4j.console.idle-timeout must be positive, not " + idleTimeout);
    }
  }

  public static ConsoleConfig fromConfig() {
    return new ConsoleConfig(
        Iam4jSettings.value("iam4j.console.enabled").map(String::trim).map(Boolean::parseBoolean).orElse(false),
        Iam4jSettings.value("iam4j.console.path").map(String::trim).orElse(DEFAULT_PATH),
        Iam4jSettings.value("iam4j.console.idle-timeout").map(String::trim).map(Duration::parse).orElse(DEFAULT_IDLE_TIMEOUT));
  }

  /** The settings read once (they are start-up settings, like the servlet's mapping). */
  static ConsoleConfig current() {
    ConsoleConfig c = current;
    if (c == null) {
      c = fromConfig();
      current = c;
    }
    return c;
  }

  /**
   * Why a console session must end now because of the console's own idle limit, or empty. Applied
   * by the authentication mechanism on every request of a session holding a {@link ConsoleSession},
   * after (and on top of) {@link io.iam4j.signin.SessionCheck}'s limits.
   */
  java.util.Optional<String> idleRefusal(io.iam4j.signin.BrowserSession s, java.time.Instant now) {
    return now.isBefore(s.lastSeen().plus(idleTimeout)) ? java.util.Optional.empty()
        : java.util.Optional.of("the console session was idle too long");
  }

  /** Whether {@code request} is for the console (its path in the application is under {@link #path()}). */
  boolean covers(jakarta.servlet.http.HttpServletRequest request) {
    String uri = request.getRequestURI();
    String ctx = request.getContextPath();
    String local = uri.startsWith(ctx) ? uri.substring(ctx.length()) : uri;
    return enabled && (local.equals(path) || local.startsWith(path + "/"));
  }
}
