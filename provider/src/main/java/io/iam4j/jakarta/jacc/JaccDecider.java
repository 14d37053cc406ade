package io.iam4j.jakarta.jacc;

import io.iam4j.audit.DecisionAudit;
import io.iam4j.authz.Authorizer;
import io.iam4j.config.TenantLoader;
import io.iam4j.directory.Identity;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
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
import java.util.function.BiFunction;
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
 *   <li>Every decision on a route is one record on the audit trail (via {@code jacc}); the decision
 *       is left on the request, so the annotation filter does not evaluate it again and the error
 *       page can render IAM's message.
 * </ul>
 */
public final class JaccDecider implements Function<Object[], Boolean> {
  private static final Logger LOG = Logger.getLogger(JaccDecider.class.getName());

  /** What a request that matches no route gets. */
  public enum Unmatched { DENY, CONTAINER }

  private final Authorizer authorizer;
  private final RouteCatalog routes;
  private final Unmatched unmatched;
  private final BiFunction<HttpServletRequest, String, DecisionAudit> audits;

  /**
   * @param audits starts the audit of one decision: (request, action) to its {@link DecisionAudit}
   */
  public JaccDecider(Authorizer authorizer, RouteCatalog routes, Unmatched unmatched,
      BiFunction<HttpServletRequest, String, DecisionAudit> audits) {
    this.authorizer = authorizer;
    this.routes = routes;
    this.unmatched = unmatched;
    this.audits = audits;
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
    Optional<RouteCatalog.Match> found = routes.match(req.getMethod(), pathInApplication(req));
    if (found.isEmpty()) {
      return unmatched == Unmatched.CONTAINER && container;
    }
    RouteCatalog.Match match = found.get();
    String caller = callerName(domain);
    if (caller == null && (req.getHeader("Authorization") != null || req.getSession(false) != null)) {
      // The container's "is it unchecked?" check of a request that carries credentials: no, let
      // the container authenticate first; it asks again with the caller's principals.
      return false;
    }
    try (DecisionAudit audit = audits.apply(req, match.route().action())) {
      if (!container) {
        // Declared constraints keep their meaning: where a role is declared, a role grant is needed.
        audit.principal(caller == null ? "anonymous" : caller).refuse(caller == null
            ? "Authentication is required" : "The container's declared constraints do not grant this request");
        return false;
      }
      if (caller == null) {
        return anonymous(match, req, audit);
      }
      Authorizer.Result r = decide(match, req, caller, audit);
      if (r == null) {
        return false;
      }
      req.setAttribute(IamRequestFilter.RESULT, r);
      return r.decision().allowed();
    }
  }

  /**
   * The request's path inside the application as the container matched it: decoded and normalized
   * (no {@code ;} parameters, no {@code ..}), as Jakarta REST's path parameters are, so that a raw
   * URI can neither miss a route nor name another resource than the annotation path would.
   */
  static String pathInApplication(HttpServletRequest req) {
    String servletPath = req.getServletPath();
    String info = req.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
    return path.isEmpty() ? "/" : path;
  }

  private Authorizer.Result decide(RouteCatalog.Match match, HttpServletRequest req, String caller, DecisionAudit audit) {
    audit.principal(caller);
    Mapping m = authorizer.map(new CallerInfo(caller, Set.of(), Map.of(), req.getRequestURI(), req.getServerName()));
    if (!(m instanceof Mapping.Mapped mapped)) {
      LOG.info(() -> "iam4j refused caller " + caller + ": " + m);
      audit.refuse("The caller is not known to iam4j: " + m);
      return null;
    }
    Identity identity = mapped.identity();
    audit.principal(identity.caller().display()).tenant(identity.tenant().id());
    Map<String, String> values = values(match, req, identity.tenant().id());
    RouteCatalog.Route route = match.route();
    String resource = Templates.fill(route.resource(), values::get);
    String owner = Templates.fill(route.resourceAccount(), values::get);
    if (resource == null || owner == null || !TenantLoader.TENANT_ID.matcher(owner).matches()) {
      // A resource that cannot be named cannot be authorized.
      audit.resource(resource).refuse("The resource of this request could not be determined");
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
    return audit.resource(resource).decide(() -> authorizer.authorize(identity, route.action(), resource,
        owner.equals(identity.tenant().id()) ? null : owner, ctx.build()));
  }

  /** An anonymous request on a route: allowed only when the resource's policy lets everyone in. */
  private boolean anonymous(RouteCatalog.Match match, HttpServletRequest req, DecisionAudit audit) {
    Map<String, String> values = values(match, req, null);
    String resource = Templates.fill(match.route().resource(), values::get);
    String owner = resource == null ? null : Authorizer.ownerOf(resource, null);
    Optional<io.iam4j.policy.Policy> rp = owner == null ? Optional.empty() : authorizer.resourcePolicy(owner, resource);
    if (rp.isEmpty()) {
      audit.resource(resource).refuse("Authentication is required");
      return false;
    }
    AuthorizationRequest request = AuthorizationRequest.builder().caller(new Caller.Anonymous()).action(match.route().action())
        .resource(resource).resourceAccount(owner).context(RequestContexts.of(req, Instant.now()).build()).build();
    Authorizer.Result r = audit.resource(resource).decide(() -> new Authorizer.Result(
        Evaluator.evaluate(PolicySet.builder().resource(rp.get()).build(), request), request, null, false, 0));
    if (r.decision().allowed()) {
      req.setAttribute(IamRequestFilter.RESULT, r);
    }
    return r.decision().allowed();
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
