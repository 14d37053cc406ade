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
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import jakarta.security.jacc.PolicyContext;
import jakarta.security.jacc.WebResourcePermission;
import jakarta.security.jacc.WebRoleRefPermission;
import jakarta.servlet.http.HttpServletRequest;
import java.security.CodeSource;
import java.security.Permission;
import java.security.PermissionCollection;
import java.security.Permissions;
import java.security.Policy;
import java.security.Principal;
import java.security.ProtectionDomain;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * iam4j's Jakarta Authorization policy: the server asks it about every web request before any
 * application code runs.
 *
 * <ul>
 *   <li>Declared constraints (excluded, unchecked, role permissions, user-data constraints) keep
 *       their exact meaning: they are answered by the server's default provider, to which this
 *       policy forwards. A request must be allowed by them <em>and</em> by IAM: an explicit deny
 *       beats a container role grant.
 *   <li>A request whose (method, path) matches a route of the catalog is decided by the IAM engine;
 *       one that matches none follows the application's {@link JaccApplications.Unmatched} setting.
 *   <li>{@code isCallerInRole(R)} (and so {@code @RolesAllowed(R)}) is true when the caller is in
 *       IAM group R or is a session of IAM role R.
 *   <li>Anonymous callers are anonymous to IAM: only a resource policy can let them in; otherwise
 *       the container asks them to authenticate.
 * </ul>
 *
 * <p>Any failure while deciding is a deny, logged with its cause.
 */
public class Iam4jPolicy extends Policy {
  private static final Logger LOG = Logger.getLogger(Iam4jPolicy.class.getName());
  /** The server's default policy, which this one forwards declared constraints to. */
  public static final String DELEGATE = "fish.payara.security.jacc.provider.PolicyProviderImpl";
  private static final String REQUEST_KEY = "jakarta.servlet.http.HttpServletRequest";

  private final Policy delegate;

  public Iam4jPolicy() {
    this(newDelegate());
  }

  Iam4jPolicy(Policy delegate) {
    this.delegate = delegate;
  }

  private static Policy newDelegate() {
    try {
      return (Policy) Class.forName(DELEGATE).getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("iam4j's Jakarta Authorization provider delegates declared constraints to "
          + DELEGATE + ", which this server does not have", e);
    }
  }

  /**
   * Nothing is granted up front, so every check reaches {@link #implies}; otherwise the server
   * would answer unconstrained URLs from its own cache without asking.
   */
  @Override
  public PermissionCollection getPermissions(CodeSource codesource) {
    return new Permissions();
  }

  @Override
  public PermissionCollection getPermissions(ProtectionDomain domain) {
    return new Permissions();
  }

  @Override
  public void refresh() {
    delegate.refresh();
  }

  @Override
  public boolean implies(ProtectionDomain domain, Permission permission) {
    try {
      if (permission instanceof WebResourcePermission) {
        return webResource(domain, permission);
      }
      if (permission instanceof WebRoleRefPermission) {
        return roleRef(domain, permission);
      }
      return delegate.implies(domain, permission);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "iam4j could not decide " + permission + "; denying", e);
      return false;
    }
  }

  private boolean webResource(ProtectionDomain domain, Permission permission) {
    boolean container = delegate.implies(domain, permission);
    HttpServletRequest req = request();
    JaccApplications.App app = req == null ? null : JaccApplications.get(req.getContextPath());
    if (app == null || app.authorizer() == null) {
      return container;
    }
    String path = req.getRequestURI().substring(req.getContextPath().length());
    Optional<RouteCatalog.Match> match = app.routes().match(req.getMethod(), path.isEmpty() ? "/" : path);
    if (match.isEmpty()) {
      return app.unmatched() == JaccApplications.Unmatched.CONTAINER && container;
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
      return anonymous(app, match.get(), req);
    }
    Authorizer.Result r = decide(app, match.get(), req, caller);
    if (r == null) {
      return false;
    }
    req.setAttribute(IamRequestFilter.RESULT, r);
    return r.decision().allowed();
  }

  private Authorizer.Result decide(JaccApplications.App app, RouteCatalog.Match match, HttpServletRequest req, String caller) {
    Mapping m = app.authorizer().map(new CallerInfo(caller, Set.of(), Map.of(), req.getRequestURI(), req.getServerName()));
    if (!(m instanceof Mapping.Mapped mapped)) {
      LOG.info(() -> "iam4j refused caller " + caller + ": " + m);
      return null;
    }
    Identity identity = mapped.identity();
    Map<String, String> values = values(match, req, identity.tenant().id());
    RouteCatalog.Route route = match.route();
    String resource = io.iam4j.jakarta.Templates.fill(route.resource(), values::get);
    String owner = io.iam4j.jakarta.Templates.fill(route.resourceAccount(), values::get);
    if (resource == null || owner == null) {
      return null;
    }
    RequestContext.Builder ctx = RequestContexts.of(req, Instant.now());
    for (String kv : route.context()) {
      int eq = kv.indexOf('=');
      String v = eq < 0 ? null : io.iam4j.jakarta.Templates.fill(kv.substring(eq + 1), values::get);
      if (v != null) {
        ctx.put(kv.substring(0, eq), v);
      }
    }
    return app.authorizer().authorize(identity, route.action(), resource, owner, ctx.build());
  }

  /** An anonymous request on a route: allowed only when the resource's policy lets everyone in. */
  private boolean anonymous(JaccApplications.App app, RouteCatalog.Match match, HttpServletRequest req) {
    Map<String, String> values = values(match, req, null);
    String resource = io.iam4j.jakarta.Templates.fill(match.route().resource(), values::get);
    if (resource == null) {
      return false;
    }
    String owner = Authorizer.ownerOf(resource, null);
    if (owner == null) {
      return false;
    }
    Optional<io.iam4j.policy.Policy> rp = app.authorizer().resourcePolicy(owner, resource);
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
    req.getParameterMap().forEach((k, v) -> {
      if (v.length > 0 && req.getQueryString() != null) {
        values.put(k, v[0]);
      }
    });
    values.putAll(match.values());
    if (tenant != null) {
      values.putIfAbsent("tenant", tenant);
    }
    return values;
  }

  private boolean roleRef(ProtectionDomain domain, Permission permission) {
    HttpServletRequest req = request();
    JaccApplications.App app = req == null ? null : JaccApplications.get(req.getContextPath());
    String caller = callerName(domain);
    if (app == null || app.authorizer() == null || caller == null) {
      return delegate.implies(domain, permission);
    }
    String role = permission.getActions();
    Mapping m = app.authorizer().map(CallerInfo.of(caller, Set.of()));
    if (m instanceof Mapping.Mapped mapped) {
      Identity id = mapped.identity();
      if (id instanceof Identity.UserIdentity u) {
        return u.user().groups().contains(role);
      }
      if (id instanceof Identity.RoleSessionIdentity s) {
        return s.role().name().equals(role);
      }
      return false;
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

  private static HttpServletRequest request() {
    try {
      Object r = PolicyContext.getContext(REQUEST_KEY);
      return r instanceof HttpServletRequest h ? h : null;
    } catch (Exception e) {
      return null;
    }
  }
}
