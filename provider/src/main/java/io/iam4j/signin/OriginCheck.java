package io.iam4j.signin;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-site request forgery defence for requests a session cookie authenticates: an unsafe method
 * ({@code POST}, {@code PUT}, {@code DELETE}, {@code PATCH} and any other not known to be safe) must
 * come from the request's own origin (or a configured trusted one). The {@code Origin} header decides
 * when present; without it, the {@code Referer}'s origin; with neither, the request is refused:
 * browsers send {@code Origin} with every cross-origin and same-origin {@code POST}, and clients that
 * are not browsers authenticate with an {@code Authorization} header, which this check never applies
 * to. {@code Origin: null} (sandboxed or privacy-redirected documents) is refused. Stateless.
 */
public final class OriginCheck {
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private OriginCheck() {}

  public static boolean unsafe(String method) {
    return !SAFE.contains(method);
  }

  /**
   * Whether an unsafe request with these headers may use the session.
   *
   * @param ownOrigin {@code scheme://host[:port]} of the request as the server received it
   */
  public static boolean allowed(String origin, String referer, String ownOrigin, List<String> trusted) {
    String claimed = origin != null ? origin.trim() : referer == null ? null : originOf(referer);
    if (claimed == null || claimed.isEmpty() || claimed.equals("null")) {
      return false;
    }
    String c = normalize(claimed);
    return c != null && (c.equals(normalize(ownOrigin)) || trusted.stream().map(OriginCheck::normalize).anyMatch(c::equals));
  }

  /** {@code scheme://host[:port]} of a request, the port left out when it is the scheme's default. */
  public static String origin(String scheme, String host, int port) {
    String s = scheme.toLowerCase(Locale.ROOT);
    boolean dflt = port < 0 || (s.equals("http") && port == 80) || (s.equals("https") && port == 443);
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return s + "://" + h.toLowerCase(Locale.ROOT) + (dflt ? "" : ":" + port);
  }

  private static String originOf(String url) {
    try {
      URI u = URI.create(url.trim());
      return u.getScheme() == null || u.getHost() == null ? null : origin(u.getScheme(), u.getHost(), u.getPort());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String normalize(String origin) {
    try {
      URI u = URI.create(origin.trim());
      if (u.getScheme() == null || u.getHost() == null || (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/"))) {
        return null;
      }
      return origin(u.getScheme(), u.getHost(), u.getPort());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
