package io.iam4j.access;

import io.iam4j.analysis.Side;
import io.iam4j.analysis.Subject;
import io.iam4j.authz.Authorizer;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Identity;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.policy.Policy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A tenant's principals as the no-new-access check sees them: each user, a session of each role
 * (without session policies) and the root, with the policy set the directory builds for it (the
 * same {@link Directory#user}, {@link Directory#roleSession} and {@link Directory#root} the
 * authorizer decides with), and the resource policies the directory holds (roles' trust policies,
 * on the roles' ARNs, as the runtime serves them).
 */
final class TenantPrincipals {
  /** The session name of the role sessions analysed. */
  static final String SESSION = "no-new-access";

  private TenantPrincipals() {}

  /** The principals of a tenant, by {@code user/NAME}, {@code role/NAME} and {@code root}. */
  static Map<String, Identity> of(Directory d, Tenant t) {
    Map<String, Identity> out = new LinkedHashMap<>();
    t.users().values().forEach(u -> out.put("user/" + u.name(), d.user(t, u)));
    t.roles().values().forEach(r -> out.put("role/" + r.name(), d.roleSession(t, r, SESSION, List.of())));
    out.put("root", d.root(t));
    return out;
  }

  /** Every role's trust policy, by the role's ARN, of the tenants {@code which} accepts. */
  static Map<String, Policy> trustPolicies(Directory d, Predicate<String> which) {
    Map<String, Policy> out = new LinkedHashMap<>();
    for (Tenant t : d.tenants().values()) {
      if (!which.test(t.id())) {
        continue;
      }
      for (Role r : t.roles().values()) {
        if (r.trustPolicy() != null) {
          out.put(d.arns().role(t.id(), r.path(), r.name()), r.trustPolicy());
        }
      }
    }
    return out;
  }

  /** The subject for one principal: its caller, its own keys, its tenant, the authorizer's owner rule. */
  static Subject.Principal subject(Identity i) {
    String tenant = i.tenant().id();
    return new Subject.Principal(i.caller(), i.context().build(), tenant,
        resource -> Authorizer.isProviderPolicy(resource) ? tenant : Authorizer.ownerOf(resource, tenant));
  }

  static Side side(Identity i, Map<String, Policy> resourcePolicies) {
    return new Side(i.policies(), resourcePolicies);
  }
}
