package io.iam4j.jakarta.jacc;

import io.iam4j.audit.DecisionAudit;
import io.iam4j.directory.Identity;
import io.iam4j.enforce.CanonicalPath;
import io.iam4j.jakarta.runtime.CanonicalPathFilter;
import io.iam4j.jakarta.runtime.Enforcer;
import io.iam4j.mapping.Mapping;
import jakarta.security.jacc.WebResourcePermission;
import jakarta.security.jacc.WebRoleRefPermission;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Permission;
import java.security.Principal;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;


/**
 * One application's answers to the server's {@link Iam4jPolicy}: the Jakarta Authorization adapter of
 * the one enforcement path ({@link Enforcer}), running in the application's class loader with its
 * iam4j runtime.
 *
 * <ul>
 *   <li>The path decided is the canonical one ({@link CanonicalPath}) of the raw request URI, the
 *       same that the application's canonical-path filter makes the application dispatch; a path
 *       without one canonical form, or on which the container's own mapping disagrees, is denied.
 *   <li>A web request whose (method, path) matches a route must be allowed by the container
 *       (declared constraints keep their meaning) and by IAM; a route with {@code "access":
 *       "container"} is the container's alone; a request that matches no route follows {@link
 *       Unmatched} (deny, unless configured otherwise).
 *   <li>{@code isCallerInRole(R)} is true when the caller is in IAM group R or is a session of IAM
 *       role R.
 *   <li>Anonymous callers are anonymous to IAM: only a resource policy can let them in; otherwise the
 *       container asks them to authenticate.
 *   <li>Every decision is one record on the audit trail (via {@code jacc}); the decision is left on
 *       the request, so the annotation filter reuses it (same caller, action and resource only) and
 *       the error page can render IAM's message.
 * </ul>
 */
public final class JaccDecider implements Function<Object[], Boolean> {
  /** Request attribute: the reason a request's path was refused (the error page answers 400 with it). */
  public static final String BAD_PATH = "io.iam4j.badPath";

  /** What a request that matches no route gets. */
  public enum Unmatched { DENY, CONTAINER }

  private final Enforcer enforcer;
  private final RouteCatalog routes;
  private final Unmatched unmatched;

  public JaccDecider(Enforcer enforcer, RouteCatalog routes, Unmatched unmatched) {
    this.enforcer = enforcer;
    this.routes = routes;
    this.unmatched = unmatched;
  }

  public RouteCatalog routes() {
    return routes;
  }

  /** {@code {domain, permission, request, containerAnswer}} to the decision, or null for the container's. */
  @Override
  public Boolean apply(Object[] args) {
    return decide(callerName((ProtectionDomain) args[0]), (Permission) args[1], (HttpServletRequest) args[2], (Boolean) args[3]);
  }

  /**
   * The decision for one check, whichever version of Jakarta Authorization asked: {@code caller} is
   * the authenticated caller's name (null: anonymous), {@code container} what the declared
   * constraints answer. Null for "the container's answer" (permissions other than web resource and
   * role reference).
   */
  public Boolean decide(String caller, Permission permission, HttpServletRequest req, boolean container) {
    if (permission instanceof WebResourcePermission) {
      return webResource(caller, req, container);
    }
    if (permission instanceof WebRoleRefPermission) {
      return roleRef(caller, permission.getActions(), req);
    }
    return null;
  }

  private boolean webResource(String caller, HttpServletRequest req, boolean container) {
    if (caller == null && (req.getHeader("Authorization") != null || req.getSession(false) != null)) {
      // The container's "is it unchecked?" check of a request that carries credentials: no, let
      // the container authenticate first; it asks again with the caller's principals.
      return false;
    }
    CanonicalPath path;
    try {
      path = CanonicalPathFilter.canonical(req);
    } catch (CanonicalPath.BadPath e) {
      req.setAttribute(BAD_PATH, e.getMessage());
      try (DecisionAudit audit = enforcer.audit(req, "jacc", "-")) {
        audit.principal(caller == null ? "anonymous" : caller).refuse("Malformed request path: " + e.getMessage());
      }
      return false;
    }
    Optional<RouteCatalog.Match> found = routes.match(req.getMethod(), path.decoded());
    if (found.isEmpty() || found.get().route().access() == RouteCatalog.Access.CONTAINER) {
      boolean granted = found.isPresent() || unmatched == Unmatched.CONTAINER ? container : false;
      try (DecisionAudit audit = enforcer.audit(req, "jacc", "-")) {
        audit.principal(caller == null ? "anonymous" : caller);
        if (granted) {
          audit.container("Decided by the container's declared constraints (" + (found.isPresent()
              ? "route " + found.get().route().source() : "no route; iam4j.jacc.unmatched=container") + ")");
        } else {
          audit.refuse(found.isPresent() ? "The container's declared constraints do not grant this request"
              : "No route covers " + req.getMethod() + " " + path.decoded() + " (denied by default)");
        }
      }
      return granted;
    }
    RouteCatalog.Match match = found.get();
    if (!container) {
      try (DecisionAudit audit = enforcer.audit(req, "jacc", match.route().action())) {
        // Declared constraints keep their meaning: where a role is declared, a role grant is needed.
        audit.principal(caller == null ? "anonymous" : caller).refuse(caller == null
            ? "Authentication is required" : "The container's declared constraints do not grant this request");
      }
      return false;
    }
    Enforcer.Verdict v = enforcer.enforce(match.route().target(), new Enforcer.Call("jacc", caller, req, values(match, req)));
    if (v instanceof Enforcer.Refused r && r.status() == 400) {
      req.setAttribute(BAD_PATH, r.message());
    }
    return v.allowed();
  }

  /** The route's values plus the query parameters the route declares (never a reserved name). */
  private static Map<String, String> values(RouteCatalog.Match match, HttpServletRequest req) {
    Map<String, String> values = new HashMap<>(match.values());
    String q = req.getQueryString();
    if (q != null) {
      for (String pair : q.split("&")) {
        int eq = pair.indexOf('=');
        String name = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
        if (name != null && match.route().target().declared().contains(name) && !values.containsKey(name)) {
          String value = decodeQuery(eq < 0 ? "" : pair.substring(eq + 1));
          if (value != null) {
            values.put(name, value);
          }
        }
      }
    }
    return values;
  }

  /** A query component decoded as Jakarta REST decodes it ({@code +} is a space); null when malformed. */
  private static String decodeQuery(String s) {
    try {
      return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Boolean roleRef(String caller, String role, HttpServletRequest req) {
    if (caller == null) {
      return null;
    }
    return directoryRoles(caller, req).contains(role);
  }

  /**
   * The caller's container roles, from the directory at the time of the call (so group changes apply
   * at once): {@code GROUP@TENANT} for each IAM group of a user, {@code ROLE@TENANT} for a session of
   * IAM role ROLE. Roles are scoped by tenant: one tenant's SysAdmins never satisfy a constraint
   * written for another's. The caller is mapped as every decision maps it (its name, and the
   * container groups and token claims of the request, when there is one); none for a caller the
   * directory does not know.
   */
  public Set<String> directoryRoles(String caller, HttpServletRequest req) {
    Mapping m = enforcer.map(caller, req);
    if (m instanceof Mapping.Mapped mapped) {
      Identity id = mapped.identity();
      String tenant = "@" + id.tenant().id();
      if (id instanceof Identity.UserIdentity u) {
        Set<String> roles = new java.util.HashSet<>();
        u.user().groups().forEach(g -> roles.add(g + tenant));
        return roles;
      }
      if (id instanceof Identity.RoleSessionIdentity s) {
        return Set.of(s.role().name() + tenant);
      }
    }
    return Set.of();
  }

  /** The caller principal the container put in the domain (its groups are the other principals). */
  static String callerName(ProtectionDomain domain) {
    return domain == null || domain.getPrincipals() == null ? null : callerAmong(java.util.Arrays.asList(domain.getPrincipals()));
  }

  /**
   * The caller among the principals the container authenticated: Jakarta Security's {@code
   * CallerPrincipal}, else the first principal that is not a group; null when there is none.
   */
  public static String callerAmong(Iterable<? extends Principal> principals) {
    for (Principal p : principals) {
      if (p instanceof jakarta.security.enterprise.CallerPrincipal) {
        return p.getName();
      }
    }
    for (Principal p : principals) {
      if (!p.getClass().getName().endsWith("Group")) {
        return p.getName();
      }
    }
    return null;
  }
}
