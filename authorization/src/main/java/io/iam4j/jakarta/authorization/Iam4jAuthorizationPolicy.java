package io.iam4j.jakarta.authorization;

import jakarta.security.jacc.Policy;
import jakarta.security.jacc.PolicyConfiguration;
import jakarta.security.jacc.WebResourcePermission;
import jakarta.security.jacc.WebRoleRefPermission;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Permission;
import java.security.PermissionCollection;
import java.security.Permissions;
import java.security.Principal;
import java.util.Collections;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.security.auth.Subject;

/**
 * iam4j as the Jakarta Authorization 3.0 {@link Policy} of one application's policy context: the
 * server asks it about every web request, {@code isCallerInRole} and enterprise bean method of that
 * application, and nothing of any other.
 *
 * <ul>
 *   <li>Declared constraints keep their meaning. The server translates them into the context's
 *       {@link PolicyConfiguration} (excluded, unchecked and per-role permissions), and this policy
 *       answers from it in the order the specification's own {@link Policy#implies(Permission,
 *       Subject)} lays out: an excluded permission is refused, an unchecked one granted, any other
 *       granted when one of the caller's roles holds it. Only the roles are iam4j's: they come from
 *       the directory through {@link DirectoryPrincipalMapper}.
 *   <li>Web resource and role-reference checks then go to the application's decider (the same
 *       {@code JaccDecider} as the JACC 2.1 provider's, so both modes decide alike): a request on a
 *       route needs the container's grant <em>and</em> IAM's allow; {@code isCallerInRole} answers
 *       from the directory.
 *   <li>Every other permission (user-data, enterprise bean) gets the container's answer.
 * </ul>
 *
 * <p>Any failure while deciding is a deny, logged with its cause. Thread-safe: it keeps no state of
 * its own; the configuration is read at every check (the server may replace it on redeployment).
 */
final class Iam4jAuthorizationPolicy implements Policy {
  private static final Logger LOG = Logger.getLogger(Iam4jAuthorizationPolicy.class.getName());
  /** The any-authenticated-user role of the specification. */
  static final String ANY_AUTHENTICATED = "**";

  /** The application's answers: the decision, or null for the container's (as {@code JaccDecider.decide}). */
  @FunctionalInterface
  interface Decider {
    Boolean decide(String caller, Permission permission, HttpServletRequest request, boolean container);
  }

  private final String contextId;
  private final Supplier<PolicyConfiguration> declared;
  private final DirectoryPrincipalMapper mapper;
  private final Decider decider;
  private final Supplier<HttpServletRequest> requests;

  /**
   * @param contextId the policy context this policy serves (for messages)
   * @param declared the context's configuration, as the server keeps it
   * @param mapper callers and their roles
   * @param decider the application's IAM decisions
   * @param requests the request being authorized on this thread, or null
   */
  Iam4jAuthorizationPolicy(String contextId, Supplier<PolicyConfiguration> declared, DirectoryPrincipalMapper mapper, Decider decider,
      Supplier<HttpServletRequest> requests) {
    this.contextId = contextId;
    this.declared = declared;
    this.mapper = mapper;
    this.decider = decider;
    this.requests = requests;
  }

  @Override
  public boolean implies(Permission permission, Subject subject) {
    try {
      boolean container = !isExcluded(permission) && (isUnchecked(permission) || impliesByRole(permission, subject));
      if (!(permission instanceof WebResourcePermission) && !(permission instanceof WebRoleRefPermission)) {
        return container;
      }
      HttpServletRequest request = requests.get();
      if (request == null && permission instanceof WebResourcePermission) {
        // Not a request being dispatched (a programmatic check): as with the JACC 2.1 provider, the
        // declared constraints answer; IAM decides requests, which carry what its routes need.
        return container;
      }
      Principal caller = mapper.getCallerPrincipal(subject);
      Boolean answer = decider.decide(caller == null ? null : caller.getName(), permission, request, container);
      return answer == null ? container : answer;
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "iam4j could not decide " + permission + " in policy context " + contextId + "; denying", e);
      return false;
    }
  }

  /** Excluded by a declared constraint: implied by an excluded permission, or implying one (as the server's own policy reads it). */
  @Override
  public boolean isExcluded(Permission permission) {
    PermissionCollection excluded = configuration().getExcludedPermissions();
    if (excluded.implies(permission)) {
      return true;
    }
    for (Permission e : Collections.list(excluded.elements())) {
      if (permission.implies(e)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean isUnchecked(Permission permission) {
    return configuration().getUncheckedPermissions().implies(permission);
  }

  /**
   * Granted through a role: the any-authenticated-user role for an authenticated caller, or one of
   * the roles the directory gives the caller. A role can only grant; the other checks still refuse.
   */
  @Override
  public boolean impliesByRole(Permission permission, Subject subject) {
    Principal caller = mapper.getCallerPrincipal(subject);
    if (caller == null) {
      return false;
    }
    Map<String, PermissionCollection> perRole = configuration().getPerRolePermissions();
    if (!mapper.isAnyAuthenticatedUserRoleMapped() && holds(perRole, ANY_AUTHENTICATED, permission)) {
      return true;
    }
    for (String role : mapper.getMappedRoles(subject)) {
      if (holds(perRole, role, permission)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Nothing is granted up front. A caller that caches this collection as granted would answer later
   * checks without asking {@link #implies} (Payara keeps such a cache of unchecked permissions), and
   * every web request must reach iam4j.
   */
  @Override
  public PermissionCollection getPermissionCollection(Subject subject) {
    return new Permissions();
  }

  private PolicyConfiguration configuration() {
    PolicyConfiguration c = declared.get();
    if (c == null) {
      throw new IllegalStateException("The server has no policy configuration for context " + contextId);
    }
    return c;
  }

  private static boolean holds(Map<String, PermissionCollection> perRole, String role, Permission permission) {
    PermissionCollection p = perRole.get(role);
    return p != null && p.implies(permission);
  }

  @Override
  public String toString() {
    return "iam4j Jakarta Authorization policy of " + contextId;
  }
}
