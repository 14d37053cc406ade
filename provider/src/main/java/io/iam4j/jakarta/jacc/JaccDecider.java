package io.iam4j.jakarta.jacc;

import io.iam4j.authz.Authorizer;
import io.iam4j.directory.Identity;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.jakarta.IamRequestFilter;
import io.iam4j.jakarta.RequestContexts;
import io.iam4j.jakarta.Templates;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import jakarta.security.jacc.WebResourcePermission;
import jakarta.security.jacc.WebRoleRefPermission;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Permission;
import java.security.Principal;
import java.security.ProtectionDomain;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * One application's answers to the server's {@link Iam4jPolicy}: runs in the application's class
 * loader with its iam4j runtime.
 *
 * <ul>
 *   <li>A web request whose (method, path) matches a route of the catalog must be allowed by the
 *       container (declared constraints keep their meaning) and by IAM; one that matches none follows
 *       {@link Unmatched}.
 *   <li>{@code isCallerInRole(R)} is true when the caller is in IAM group R or is a session of IAM
 *       role R.
 *   <li>Anonymous callers are anonymous to IAM: only a resource policy can let them in; otherwise the
 *       container asks them to authenticate.
 * </ul>
 */
public final class JaccDecider implements Function<Object[], Boolean> {
  private static final Logger LOG = Logger.getLogger(JaccDecider.class.getName());

  /** What a request that matches no route gets. */
  public enum Unmatched { DENY, CONTAINER }

  private final Authorizer authorizer;
  private final RouteCatalog routes;
  private final Unmatched unmatched;

  public JaccDecider(Authorizer authorizer, RouteCatalog routes, Unmatched unmatched) {
    this.authorizer = authorizer;
    this.routes = routes;
    this.unmatched = unmatched;
  }

  public RouteCatalog routes() {
    return routes;
  }

  /** {@code {domain, permission, request, containerAnswer}} to the decision, or null for the container's. */
  @Override
  public Boolean apply(Object[] args) {
    ProtectionDomain domain = (ProtectionDomain) args[0];
    Permission permission = (Permission) args[1];
    HttpServletRequest req = (HttpServletRequest) args[2];
    boolean container = (Boolean) args[3];
    if (permission instanceof WebResourcePermission) {
      return webResource(domain, req, container);
    }
    if (permission instanceof WebRoleRefPermission) {
      return roleRef(domain, permission.getActions());
    }
    return null;
  }

  private boolean webResource(ProtectionDomain domain, HttpServletRequest req, boolean container) {
    String path = req.getRequestURI().substring(req.getContextPath().length());
    Optional<RouteCatalog.Match> match = routes.match(req.getMethod(), path.isEmpty() ? "/" : path);
    if (match.isEmpty()) {
      return unmatched == Unmatched.CONTAINER && container;
    }
    if (!container) {
      return false; // declared constraints keep their meaning: a role grant is needed where declared
    }
    String caller = callerName(domain);
    if (caller == null) {
      // The "is it unchecked?" check, or an anonymous request. Credentials on their way: let the
      // container authenticate first; truly anonymous: only a resource policy can allow it.
      if (req.getHeader("Authorization") != null || req.getSession(false) != null) {
        return false;
      }
      return anonymous(match.get(), req);
    }
    Authorizer.Result r = decide(match.get(), req, caller);
    if (r == null) {
      return false;
    }
    req.setAttribute(IamRequestFilter.RESULT, r);
    return r.decision().allowed();
  }

  private Authorizer.Result decide(RouteCatalog.Match match, HttpServletRequest req, String caller) {
    Mapping m = authorizer.map(new CallerInfo(caller, Set.of(), Map.of(), req.getRequestURI(), req.getServerName()));
    if (!(m instanceof Mapping.Mapped mapped)) {
      LOG.info(() -> "iam4j refused caller " + caller + ": " + m);
      return null;
    }
    Identity identity = mapped.identity();
    Map<String, String> values = values(match, req, identity.tenant().id());
    RouteCatalog.Route route = match.route();
    String resource = Templates.fill(route.resource(), values::get);
    String owner = Templates.fill(route.resourceAccount(), values::get);
    if (resource == null || owner == null) {
      return null;
    }
    RequestContext.Builder ctx = RequestContexts.of(req, Instant.now());
    for (String kv : route.context()) {
      int eq = kv.indexOf('=');
      String v = eq < 0 ? null : Templates.fill(kv.substring(eq + 1), values::get);
      if (v != null) {
        ctx.put(kv.substring(0, eq), v);
      }
    }
    return authorizer.authorize(identity, route.action(), resource, owner, ctx.build());
  }

  /** An anonymous request on a route: allowed only when the resource's policy lets everyone in. */
  private boolean anonymous(RouteCatalog.Match match, HttpServletRequest req) {
    Map<String, String> values = values(match, req, null);
    String resource = Templates.fill(match.route().resource(), values::get);
    String owner = resource == null ? null : Authorizer.ownerOf(resource, null);
    if (owner == null) {
      return false;
    }
    Optional<io.iam4j.policy.Policy> rp = authorizer.resourcePolicy(owner, resource);
    if (rp.isEmpty()) {
      return false;
    }
    AuthorizationRequest request = AuthorizationRequest.builder().caller(new Caller.Anonymous()).action(match.route().action())
        .resource(resource).context(RequestContexts.of(req, Instant.now()).build()).build();
    Decision d = Evaluator.evaluate(PolicySet.builder().resource(rp.get()).build(), request);
    return d.allowed();
  }

  private static Map<String, String> values(RouteCatalog.Match match, HttpServletRequest req, String tenant) {
    Map<String, String> values = new HashMap<>();
    if (req.getQueryString() != null) {
      req.getParameterMap().forEach((k, v) -> {
        if (v.length > 0) {
          values.put(k, v[0]);
        }
      });
    }
    values.putAll(match.values());
    if (tenant != null) {
      values.putIfAbsent("tenant", tenant);
    }
    return values;
  }

  private Boolean roleRef(ProtectionDomain domain, String role) {
    String caller = callerName(domain);
    if (caller == null) {
      return null;
    }
    Mapping m = authorizer.map(CallerInfo.of(caller, Set.of()));
    if (m instanceof Mapping.Mapped mapped) {
      Identity id = mapped.identity();
      if (id instanceof Identity.UserIdentity u) {
        return u.user().groups().contains(role);
      }
      if (id instanceof Identity.RoleSessionIdentity s) {
        return s.role().name().equals(role);
      }
    }
    return false;
  }

  /** The caller principal the container put in the domain (its groups are the other principals). */
  static String callerName(ProtectionDomain domain) {
    if (domain == null || domain.getPrincipals() == null) {
      return null;
    }
    for (Principal p : domain.getPrincipals()) {
      if (p instanceof jakarta.security.enterprise.CallerPrincipal) {
        return p.getName();
      }
    }
    for (Principal p : domain.getPrincipals()) {
      if (!p.getClass().getName().endsWith("Group")) {
        return p.getName();
      }
    }
    return null;
  }
}
