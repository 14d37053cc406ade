package io.iam4j.jakarta.authorization;

import io.iam4j.IamException;
import io.iam4j.jakarta.runtime.Iam4j;
import io.iam4j.jakarta.jacc.JaccDecider;
import io.iam4j.jakarta.jacc.RouteCatalog;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.security.jacc.Policy;
import jakarta.security.jacc.PolicyConfiguration;
import jakarta.security.jacc.PolicyConfigurationFactory;
import jakarta.security.jacc.PolicyContext;
import jakarta.security.jacc.PolicyFactory;
import jakarta.security.jacc.PrincipalMapper;
import jakarta.security.jacc.WebResourcePermission;
import jakarta.security.jacc.WebRoleRefPermission;
import jakarta.security.jacc.WebUserDataPermission;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServletRequest;
import java.security.PermissionCollection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Installs iam4j's policy for the application's own policy context when the application starts, and
 * puts the server's back when it stops.
 *
 * <p>Jakarta Authorization 3.0 lets an application set the policy of its context from a {@code
 * ServletContextListener}: the server sets the context's identifier on the thread while it starts
 * the application ({@link PolicyContext#getContextID()}), and {@link PolicyFactory#setPolicy(String,
 * Policy)} replaces that context's policy only. Nothing is installed in the server, and no other
 * application is affected. Servers do not all put the web module's identifier on the thread
 * ({@link #candidates}); when none of the candidates is the context the server keeps the module's
 * declared constraints in, nothing is installed and the deployment fails (never a null identifier:
 * it would name the server-wide default policy).
 */
final class PolicyRegistration implements ServletContextListener {
  private static final Logger LOG = Logger.getLogger(PolicyRegistration.class.getName());

  private final RouteCatalog annotated;
  private String contextId;
  private Policy installed;
  private Policy replaced;

  private PolicyRegistration(RouteCatalog annotated) {
    this.annotated = annotated;
  }

  /** The listener that installs the policy; typed as the servlet API's so callers need no 3.0 type. */
  static ServletContextListener listener(RouteCatalog annotated) {
    return new PolicyRegistration(annotated);
  }

  @Override
  public void contextInitialized(ServletContextEvent e) {
    ServletContext ctx = e.getServletContext();
    String path = ctx.getContextPath().isEmpty() ? "/" : ctx.getContextPath();
    List<String> candidates = candidates(ctx);
    PolicyConfigurationFactory configurations = PolicyConfigurationFactory.get();
    String id = candidates.stream().filter(c -> webModule(configurations, c)).findFirst().orElseThrow(() -> new IamException(
        "iam4j.authorization=policy: none of the policy contexts " + candidates + " is the one the server keeps " + path
            + "'s declared constraints in, so iam4j cannot install the application's policy (refusing to start rather than run without it)"));
    PolicyFactory factory = PolicyFactory.getPolicyFactory();
    if (factory == null) {
      throw new IamException("iam4j.authorization=policy: the server has no Jakarta Authorization PolicyFactory (" + path + ")");
    }
    JaccDecider decider = CDI.current().select(Iam4j.class).get().jaccDecider(annotated);
    Policy policy = new Iam4jAuthorizationPolicy(id,
        () -> configurations.getPolicyConfiguration(id),
        new DirectoryPrincipalMapper(caller -> decider.directoryRoles(caller, currentRequest()), PolicyRegistration::serverPrincipalMapper),
        decider::decide,
        PolicyRegistration::currentRequest);
    replaced = factory.getPolicy(id);
    factory.setPolicy(id, policy);
    if (factory.getPolicy(id) != policy) {
      throw new IamException("iam4j.authorization=policy: the server's PolicyFactory (" + factory.getClass().getName()
          + ") did not take iam4j's policy for context " + id);
    }
    contextId = id;
    installed = policy;
    List<String> routes = decider.routes().routes().stream()
        .map(r -> r.method() + " " + r.path() + " -> " + (r.action() == null ? "container" : r.action())).toList();
    LOG.info(() -> "iam4j Jakarta Authorization 3.0 policy installed for " + path + " (policy context \"" + id + "\"): routes " + routes);
  }

  @Override
  public void contextDestroyed(ServletContextEvent e) {
    if (installed == null) {
      return;
    }
    try {
      PolicyFactory factory = PolicyFactory.getPolicyFactory();
      // Only our own: a newer deployment of the same context may have installed its policy already.
      if (factory != null && factory.getPolicy(contextId) == installed && replaced != null) {
        factory.setPolicy(contextId, replaced);
      }
    } catch (RuntimeException ex) {
      LOG.log(Level.WARNING, "Could not restore the server's policy for context " + contextId, ex);
    }
    installed = null;
  }

  /**
   * The identifiers the application's web module may have, most authoritative first: the one the
   * server set on this thread, as the specification has it; then the servers' conventions, {@code
   * APP/MODULE} (GlassFish, Payara: Payara Micro 7.2026.11 has the identifier of the application's
   * internal enterprise bean module on the thread at this point, {@code docs/docs_internal}, while its
   * web requests are decided in {@code docs/docs}) and {@code HOST CONTEXT-PATH} (Exousia's own).
   */
  static List<String> candidates(ServletContext ctx) {
    List<String> out = new ArrayList<>();
    out.add(PolicyContext.getContextID());
    String app = jndi("java:app/AppName");
    String module = jndi("java:module/ModuleName");
    if (app != null && module != null) {
      out.add(app + "/" + module);
    }
    out.add(ctx.getVirtualServerName() + " " + ctx.getContextPath());
    return out.stream().filter(java.util.Objects::nonNull).distinct().toList();
  }

  /**
   * Whether the server keeps a web module's declared constraints under this identifier: a web
   * module's configuration always holds web permissions (at least the unchecked ones of its
   * unconstrained URLs); an enterprise bean module's holds none.
   */
  static boolean webModule(PolicyConfigurationFactory configurations, String id) {
    PolicyConfiguration c;
    try {
      c = configurations.getPolicyConfiguration(id);
    } catch (RuntimeException unknown) {
      return false; // some factories throw for an identifier they do not know
    }
    if (c == null) {
      return false;
    }
    return web(c.getUncheckedPermissions()) || web(c.getExcludedPermissions())
        || c.getPerRolePermissions().values().stream().anyMatch(PolicyRegistration::web);
  }

  private static boolean web(PermissionCollection permissions) {
    return permissions != null && Collections.list(permissions.elements()).stream()
        .anyMatch(p -> p instanceof WebResourcePermission || p instanceof WebUserDataPermission || p instanceof WebRoleRefPermission);
  }

  private static String jndi(String name) {
    try {
      return new javax.naming.InitialContext().lookup(name) instanceof String s ? s : null;
    } catch (javax.naming.NamingException | RuntimeException e) {
      return null;
    }
  }

  /** The server's own mapper for this context, which knows its principal classes; null if it has none. */
  private static PrincipalMapper serverPrincipalMapper() {
    try {
      return PolicyContext.getContext(PolicyContext.PRINCIPAL_MAPPER);
    } catch (Exception e) {
      return null;
    }
  }

  /** The request the server is authorizing on this thread; null outside a request. */
  private static HttpServletRequest currentRequest() {
    try {
      return PolicyContext.getContext(PolicyContext.HTTP_SERVLET_REQUEST) instanceof HttpServletRequest r ? r : null;
    } catch (Exception e) {
      // No handler for the key (not a web check): the declared constraints decide alone.
      LOG.log(Level.FINE, "No request in the policy context", e);
      return null;
    }
  }
}
