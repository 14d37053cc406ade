package io.iam4j.jakarta.runtime;

import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Wildcard;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.security.auth.Subject;

/**
 * Reads what the container knows of the authenticated caller into a {@link CallerInfo}: its
 * container groups and, for a token caller, the claims of the token the container verified. The
 * sources, each used when present:
 *
 * <ul>
 *   <li>the container's subject of the request (Jakarta Authorization's {@code
 *       javax.security.auth.Subject.container}): the caller's groups, as any identity store reported
 *       them;
 *   <li>a MicroProfile JWT caller ({@code org.eclipse.microprofile.jwt.JsonWebToken}, the principal of
 *       {@code MP-JWT} authentication): its claims and groups ({@link MpJwtClaims});
 *   <li>Jakarta Security's OpenID Connect mechanism ({@code OpenIdContext}): the claims of the
 *       caller's identity token, when that token names the caller ({@link OpenIdClaims}).
 * </ul>
 *
 * <p>Claims are bounded: at most {@value #MAX_CLAIMS} claims of at most {@value #MAX_VALUES} values,
 * each at most {@link Wildcard#MAX_TEXT} characters (longer ones are left out: no rule could match
 * them). Nested objects are left out. The raw token is never kept. Stateless.
 */
final class ContainerCallers {
  private static final Logger LOG = Logger.getLogger(ContainerCallers.class.getName());
  /** The key under which Jakarta Authorization hands out the request's subject. */
  static final String SUBJECT = "javax.security.auth.Subject.container";
  static final int MAX_CLAIMS = 100;
  static final int MAX_VALUES = 100;
  /** Claims never kept: the token itself (MicroProfile JWT lists it as a claim). */
  private static final Set<String> NEVER = Set.of("raw_token");

  private ContainerCallers() {}

  /**
   * The caller of a request as the mapper sees it.
   *
   * @param name the caller name the container authenticated (null for an anonymous caller)
   * @param http the request, or null (a CDI call outside one)
   * @param path the canonical path a tenant resolver may read
   */
  static CallerInfo of(String name, HttpServletRequest http, String path) {
    if (name == null) {
      return new CallerInfo(null, Set.of(), Map.of(), path, http == null ? "" : http.getServerName());
    }
    Set<Principal> principals = subjectPrincipals();
    Set<String> groups = new LinkedHashSet<>();
    for (Principal p : principals) {
      if (isGroup(p)) {
        groups.add(p.getName());
      }
    }
    Map<String, List<String>> claims = Map.of();
    Principal user = http == null ? null : userPrincipal(http);
    if (MpJwtClaims.AVAILABLE) {
      Map<String, List<String>> jwt = MpJwtClaims.of(user, principals);
      if (jwt != null) {
        claims = jwt;
        groups.addAll(MpJwtClaims.groups(user, principals));
      }
    }
    if (claims.isEmpty() && http != null && OpenIdClaims.AVAILABLE && http.getSession(false) != null) {
      // Only with a session: the OpenID Connect context lives in it, and looking it up must not make one.
      claims = OpenIdClaims.of(name);
    }
    Map<String, String> headers = Map.of();
    if (http != null) {
      headers = headers(http);
    }
    return new CallerInfo(name, groups, headers, path, http == null ? "" : http.getServerName(), claims);
  }

  /** Whether a principal of the subject is a group (the server's group principal class). */
  static boolean isGroup(Principal p) {
    return !(p instanceof jakarta.security.enterprise.CallerPrincipal) && p.getClass().getName().endsWith("Group");
  }

  private static Principal userPrincipal(HttpServletRequest http) {
    try {
      return http.getUserPrincipal();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The principals of the container's subject for this call, or none when the container gives none. */
  private static Set<Principal> subjectPrincipals() {
    try {
      Object s = jakarta.security.jacc.PolicyContext.getContext(SUBJECT);
      if (s instanceof Subject subject) {
        return subject.getPrincipals();
      }
    } catch (Exception | LinkageError e) {
      LOG.log(Level.FINE, "No container subject for this call", e);
    }
    return Set.of();
  }

  /** Headers a tenant resolver may read (names case-insensitive; the first value of each). */
  private static Map<String, String> headers(HttpServletRequest http) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      var names = http.getHeaderNames();
      while (names != null && names.hasMoreElements() && out.size() < MAX_CLAIMS) {
        String n = names.nextElement();
        // Credentials never go into the caller (it is a cache key and may be logged).
        if (!n.equalsIgnoreCase("Authorization") && !n.equalsIgnoreCase("Proxy-Authorization") && !n.equalsIgnoreCase("Cookie")) {
          String v = http.getHeader(n);
          if (v != null && v.length() <= Wildcard.MAX_TEXT) {
            out.put(n, v);
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Request headers not readable", e);
    }
    return out;
  }

  /**
   * A claim value as text: a string, number or boolean is one value, an array (or collection) its
   * elements; objects are left out (empty), dates are epoch seconds as JWT writes them.
   */
  static List<String> values(Object v) {
    List<String> out = new ArrayList<>();
    add(out, v, true);
    return out;
  }

  private static void add(List<String> out, Object v, boolean top) {
    if (out.size() >= MAX_VALUES || v == null) {
      return;
    }
    if (v instanceof jakarta.json.JsonString s) {
      keep(out, s.getString());
    } else if (v instanceof jakarta.json.JsonNumber n) {
      keep(out, n.toString());
    } else if (v == jakarta.json.JsonValue.TRUE || v == jakarta.json.JsonValue.FALSE) {
      keep(out, v.toString());
    } else if (v instanceof jakarta.json.JsonArray a) {
      if (top) {
        for (jakarta.json.JsonValue e : a) {
          add(out, e, false);
        }
      }
    } else if (v instanceof Collection<?> c) {
      if (top) {
        for (Object e : c) {
          add(out, e, false);
        }
      }
    } else if (v instanceof Object[] arr) {
      if (top) {
        for (Object e : arr) {
          add(out, e, false);
        }
      }
    } else if (v instanceof Date d) {
      keep(out, Long.toString(d.getTime() / 1000));
    } else if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      keep(out, v.toString());
    }
    // Anything else (a nested object, JSON null) is not a value a rule or condition key can use.
  }

  private static void keep(List<String> out, String s) {
    if (s.length() <= Wildcard.MAX_TEXT) {
      out.add(s);
    }
  }

  /** Adds one claim, within the bounds. */
  static void put(Map<String, List<String>> claims, String name, Object value) {
    if (name == null || NEVER.contains(name) || claims.size() >= MAX_CLAIMS || name.length() > 128) {
      return;
    }
    List<String> v = values(value);
    if (!v.isEmpty()) {
      claims.put(name, v);
    }
  }
}
