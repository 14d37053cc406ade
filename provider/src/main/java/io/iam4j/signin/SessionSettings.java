package io.iam4j.signin;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Browser sessions (form sign-in): how long they last and where their unsafe requests may come
 * from. Immutable.
 *
 * @param absoluteTimeout a session ends this long after its sign-in, however active
 * @param idleTimeout a session ends after this long without a request
 * @param sameSite the session cookie's {@code SameSite} attribute: {@code Lax} or {@code Strict}
 * @param trustedOrigins origins (besides the request's own) whose unsafe requests a session cookie
 *     may authenticate, e.g. {@code https://docs.example.com} behind a TLS-terminating proxy
 */
public record SessionSettings(Duration absoluteTimeout, Duration idleTimeout, String sameSite, List<String> trustedOrigins) {
  public static final Duration DEFAULT_ABSOLUTE_TIMEOUT = Duration.ofHours(8);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
  public static final String DEFAULT_SAME_SITE = "Lax";

  public SessionSettings {
    if (absoluteTimeout.isNegative() || absoluteTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("session timeouts must be positive");
    }
    if (!sameSite.equals("Lax") && !sameSite.equals("Strict")) {
      // None would send the cookie with cross-site requests: exactly what the cookie rules are there to stop.
      throw new IllegalArgumentException("SameSite is Lax or Strict, not " + sameSite);
    }
    trustedOrigins = trustedOrigins.stream().map(o -> o.trim().toLowerCase(Locale.ROOT)).filter(o -> !o.isEmpty()).toList();
  }

  public static SessionSettings defaults() {
    return new SessionSettings(DEFAULT_ABSOLUTE_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_SAME_SITE, List.of());
  }
}
