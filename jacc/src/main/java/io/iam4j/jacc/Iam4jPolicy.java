package io.iam4j.jacc;

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
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * iam4j's Jakarta Authorization policy: the server asks it about every web request before any
 * application code runs.
 *
 * <ul>
 *   <li>Declared constraints (excluded, unchecked, role permissions, user-data constraints) keep
 *       their exact meaning: they are answered by the server's default provider, to which this
 *       policy forwards every check. User-data checks are the container's alone.
 *   <li>Web resource and role-reference checks of an application that runs iam4j go on to that
 *       application's decider ({@link Deciders}), which may only narrow a resource grant (container
 *       <em>and</em> IAM: an explicit deny beats a role grant) and answers {@code isCallerInRole}
 *       from the IAM directory.
 *   <li>Applications without iam4j get exactly the container's answers.
 * </ul>
 *
 * <p>Any failure while deciding is a deny, logged with its cause.
 */
public class Iam4jPolicy extends Policy {
  private static final Logger LOG = Logger.getLogger(Iam4jPolicy.class.getName());
  /** The server's default policy, which this one forwards declared constraints to (Payara's). */
  public static final String DELEGATE = "fish.payara.security.jacc.provider.PolicyProviderImpl";
  /** System property naming another server's default policy class. */
  public static final String DELEGATE_PROPERTY = "iam4j.jacc.delegate.policy";
  /** The policy context key under which the server hands out the request being authorized. */
  static final String REQUEST_KEY = "jakarta.servlet.http.HttpServletRequest";

  private final Policy delegate;
  private final Supplier<HttpServletRequest> requests;

  public Iam4jPolicy() {
    this(ServerClasses.newInstance(System.getProperty(DELEGATE_PROPERTY, DELEGATE), Policy.class), Iam4jPolicy::currentRequest);
  }

  Iam4jPolicy(Policy delegate, Supplier<HttpServletRequest> requests) {
    this.delegate = delegate;
    this.requests = requests;
  }

  /**
   * Nothing is granted up front, so every check reaches {@link #implies}: otherwise the server
   * answers unconstrained URLs from its own cache of these permissions without asking.
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
      HttpServletRequest req = requests.get();
      Function<Object[], Boolean> decider = req == null ? null : Deciders.find(req.getContextPath());
      if (decider == null) {
        return container;
      }
      Boolean answer = decider.apply(new Object[] {domain, permission, req, container});
      return answer == null ? container : answer;
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "iam4j could not decide " + permission + "; denying", e);
      return false;
    }
  }

  private static HttpServletRequest currentRequest() {
    try {
      return PolicyContext.getContext(REQUEST_KEY) instanceof HttpServletRequest h ? h : null;
    } catch (Exception e) {
      // No handler for the request on this thread: not a web check, the container decides alone.
      LOG.log(Level.FINE, "No request in the policy context", e);
      return null;
    }
  }
}
