package io.iam4j.jakarta;

import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.enforce.Target;
import io.iam4j.jakarta.runtime.Enforcer;
import io.iam4j.jakarta.runtime.Iam4j;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code iam:PassRole}: what an application checks when the caller hands a role to something that
 * will later act as that role (a job, a scheduled task, a resource), as AWS services check it when a
 * role is passed to them. Deciding who may <em>assume</em> the role is the role's trust policy; this
 * decides who may <em>give</em> it away, so that a caller cannot make a job do what the caller may
 * not do.
 *
 * <pre>
 * &#64;Inject RolePassing roles;
 * ...
 * Role r = roles.passRole(roleArn, "jobs.example.com").orElseThrow(() -&gt; new BadRequestException("No role " + roleArn));
 * </pre>
 *
 * The decision is the caller's own: {@code iam:PassRole} on the role's ARN with {@code
 * iam:PassedToService} in the request context, through the same enforcement path, audit trail and
 * encoded message as every other decision. Fail closed: a deny, or any error deciding, throws.
 */
@ApplicationScoped
public class RolePassing {
  /** The action decided. */
  public static final String ACTION = "iam:PassRole";

  private static final Target TARGET = new Target(ACTION, "${roleArn}", Target.TENANT, List.of("iam:PassedToService=${service}"),
      Set.of("roleArn", "service"), "RolePassing.passRole");

  @Inject Iam4j iam4j;
  @Inject SecurityContext security;
  @Inject HttpServletRequest http;

  /**
   * Decides whether the current caller may pass {@code roleArn} to {@code service}.
   *
   * @param service who receives the role, IAM's {@code iam:PassedToService} (e.g. {@code
   *     jobs.example.com})
   * @return the role, when it is one of the caller's tenant; empty when the (allowed) ARN names no
   *     role there
   * @throws IamAccessDeniedException when IAM does not allow it, the caller is not authenticated, or
   *     the decision fails
   */
  public Optional<Role> passRole(String roleArn, String service) {
    if (roleArn == null || roleArn.isBlank() || service == null || service.isBlank()) {
      throw new IllegalArgumentException("passRole needs a role ARN and the service it is passed to");
    }
    Enforcer.Verdict v;
    try {
      Principal p = security.getCallerPrincipal();
      v = iam4j.enforcer().enforce(TARGET, new Enforcer.Call("passrole", p == null ? null : p.getName(), currentRequest(),
          Map.of("roleArn", roleArn, "service", service)));
    } catch (RuntimeException e) {
      java.util.logging.Logger.getLogger(RolePassing.class.getName())
          .log(java.util.logging.Level.WARNING, "iam4j could not decide iam:PassRole on " + roleArn + "; denying", e);
      throw new IamAccessDeniedException("The role could not be passed: the request could not be authorized", null, null);
    }
    if (v instanceof Enforcer.Unauthenticated) {
      throw new IamAccessDeniedException("Authentication is required", null, null);
    }
    if (v instanceof Enforcer.Refused r) {
      throw new IamAccessDeniedException(r.message(), r.result(), r.encoded());
    }
    Enforcer.Allowed allowed = (Enforcer.Allowed) v;
    Tenant t = allowed.result().identity().tenant();
    // The role as of the serving configuration: a role deleted since is not passed.
    return iam4j.store().directory().tenant(t.id()).flatMap(now -> now.roles().values().stream()
        .filter(r -> iam4j.store().directory().arns().role(now.id(), r.path(), r.name()).equals(roleArn)).findFirst());
  }

  private HttpServletRequest currentRequest() {
    try {
      http.getMethod();
      return http;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
