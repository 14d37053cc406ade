package io.iam4j.jakarta.authorization;

import io.iam4j.jakarta.jacc.JaccDecider;
import jakarta.security.jacc.PrincipalMapper;
import java.security.Principal;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.security.auth.Subject;

/**
 * The application's Jakarta Authorization 3.0 {@link PrincipalMapper}: who the caller in a
 * container's {@link Subject} is, and which roles the IAM directory gives that caller.
 *
 * <p>The roles are read from the directory at every call ({@link JaccDecider#directoryRoles}):
 * {@code GROUP@TENANT} for each IAM group of a user, {@code ROLE@TENANT} for a session of IAM role
 * ROLE. The group principals the container put in the subject at sign-in are not consulted, so a
 * user removed from a group loses its role at the next request, not at the next sign-in. No
 * application-specific mapping of the any-authenticated-user role {@code **} exists: it is every
 * authenticated caller's, as the specification says when none is established.
 */
final class DirectoryPrincipalMapper implements PrincipalMapper {
  private final Function<String, Set<String>> directoryRoles;
  private final Supplier<PrincipalMapper> container;

  /**
   * @param directoryRoles the directory's roles of a caller name
   * @param container the server's own mapper (it knows the server's principal classes), or a
   *     supplier of null where the server provides none
   */
  DirectoryPrincipalMapper(Function<String, Set<String>> directoryRoles, Supplier<PrincipalMapper> container) {
    this.directoryRoles = directoryRoles;
    this.container = container;
  }

  /**
   * Jakarta Security's {@code CallerPrincipal} when the subject has one (iam4j's sign-in), else the
   * server's own mapper's answer, else the first principal that is not a group; null for a subject
   * with no caller (anonymous).
   */
  @Override
  public Principal getCallerPrincipal(Subject subject) {
    if (subject == null || subject.getPrincipals().isEmpty()) {
      return null;
    }
    for (Principal p : subject.getPrincipals()) {
      if (p instanceof jakarta.security.enterprise.CallerPrincipal) {
        return p;
      }
    }
    PrincipalMapper server = container.get();
    if (server != null && server != this) {
      Principal p = server.getCallerPrincipal(subject);
      if (p != null) {
        return p;
      }
    }
    String name = JaccDecider.callerAmong(subject.getPrincipals());
    return name == null ? null : subject.getPrincipals().stream().filter(p -> name.equals(p.getName())).findFirst().orElse(null);
  }

  /** The directory's roles of the subject's caller; none for an anonymous subject or an unknown caller. */
  @Override
  public Set<String> getMappedRoles(Subject subject) {
    Principal caller = getCallerPrincipal(subject);
    return caller == null || caller.getName() == null ? Set.of() : directoryRoles.apply(caller.getName());
  }

  @Override
  public boolean isAnyAuthenticatedUserRoleMapped() {
    return false;
  }
}
