package io.iam4j.jakarta.jacc;

import jakarta.security.jacc.PolicyContext;
import jakarta.security.jacc.WebResourcePermission;
import jakarta.security.jacc.WebRoleRefPermission;
import jakarta.servlet.http.HttpServletRequest;
import java.security.CodeSource;
import java.security.Permission;
import java.security.PermissionCollection;
import java.security.Permissions;
import java.security.Policy;
import java.security.ProtectionDomain;
import java.util.function.Function;
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
 *   <li>Web resource and role-reference checks of an application that runs iam4j go to that
 *       application's {@link JaccDecider}: routes of its catalog are decided by the IAM engine,
 *       {@code isCallerInRole(R)} answers from the IAM directory.
 * </ul>
 *
 * <p>This class runs in the server's class loader ({@code --addlibs}); each application runs its own
 * copy of iam4j. They meet through JDK types only ({@link JaccBridge}), so no application class ever
 * has to be loaded by the server. Any failure while deciding is a deny, logged with its cause.
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
      return (Policy) serverClass(DELEGATE).getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("iam4j's Jakarta Authorization provider delegates declared constraints to "
          + DELEGATE + ", which this server does not have", e);
    }
  }

  /**
   * A class of the server: this jar may sit in a library class loader that does not see the
   * server's modules, while the thread that installs the provider does.
   */
  static Class<?> serverClass(String name) throws ClassNotFoundException {
    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
    try {
      return Class.forName(name, true, tccl != null ? tccl : Iam4jPolicy.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return Class.forName(name);
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
      boolean container = delegate.implies(domain, permission);
      if (!(permission instanceof WebResourcePermission) && !(permission instanceof WebRoleRefPermission)) {
        return container;
      }
      HttpServletRequest req = request();
      Function<Object[], Boolean> decider = req == null ? null : JaccBridge.decider(req.getContextPath());
      if (decider == null) {
        return container;
      }
      Boolean answer = decider.apply(new Object[] {domain, permission, req, container});
      return answer == null ? container : answer;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "iam4j could not decide " + permission + "; denying", e);
      return false;
    }
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
