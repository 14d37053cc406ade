package io.iam4j.jakarta;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Container role names scoped by tenant: a user's IAM group {@code G} of tenant {@code T} is
 * container role {@code G@T}, a session of IAM role {@code R} is container role {@code R@T}. So
 * {@code isCallerInRole("SysAdmins@acme")}, {@code @RolesAllowed} and declared constraints name one
 * tenant's group, never every tenant's group of that name.
 */
public final class ContainerRoles {
  /** Between the group (or role) name and the tenant; IAM names may contain {@code @}, tenant ids may not. */
  public static final char SEPARATOR = '@';

  private ContainerRoles() {}

  public static String of(String name, String tenant) {
    return name + SEPARATOR + tenant;
  }

  public static Set<String> of(Collection<String> names, String tenant) {
    Set<String> out = new LinkedHashSet<>();
    for (String n : names) {
      out.add(of(n, tenant));
    }
    return Set.copyOf(out);
  }
}
