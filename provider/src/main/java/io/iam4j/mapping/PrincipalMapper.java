package io.iam4j.mapping;

import io.iam4j.directory.Directory;
import io.iam4j.directory.Group;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps an authenticated container caller (name and groups) to a tenant and an IAM identity of the
 * directory. Immutable and thread-safe.
 *
 * <ul>
 *   <li>The tenant comes from the {@link TenantResolver} (caller name, header, path segment, host).
 *   <li>The user is the caller name without its tenant suffix: {@code alice@acme} is user {@code
 *       alice} of tenant {@code acme}; {@code root@acme} is the tenant root when the tenant enables it.
 *   <li>Container groups named in {@code groupMapping} add the mapped IAM groups of that tenant to
 *       the user's own (a container group {@code admins} can mean IAM group {@code SysAdmins}).
 *   <li>A caller not in the directory gets the configured {@link UnknownCaller} outcome.
 * </ul>
 */
public final class PrincipalMapper {

  /** What happens to an authenticated caller the directory does not know. */
  public enum UnknownCaller { DENY, ANONYMOUS }

  private final TenantResolver resolver;
  private final char separator;
  private final Map<String, String> groupMapping;
  private final UnknownCaller unknown;

  public PrincipalMapper(TenantResolver resolver, char separator, Map<String, String> groupMapping, UnknownCaller unknown) {
    this.resolver = resolver;
    this.separator = separator;
    this.groupMapping = Map.copyOf(groupMapping);
    this.unknown = unknown;
  }

  /** The default: {@code user@tenant} names, no group mapping, unknown callers refused. */
  public static PrincipalMapper defaults() {
    return new PrincipalMapper(TenantResolver.fromCallerName('@'), '@', Map.of(), UnknownCaller.DENY);
  }

  /** The tenant a caller belongs to, as the resolver finds it (cheap: no directory lookup). */
  public Optional<String> tenantOf(CallerInfo caller) {
    return resolver.tenant(caller);
  }

  public Mapping map(CallerInfo caller, Directory directory) {
    Optional<String> tenantId = resolver.tenant(caller);
    if (caller.anonymous()) {
      return new Mapping.Anonymous(tenantId.orElse(null));
    }
    if (tenantId.isEmpty()) {
      return unknown("no tenant for caller " + caller.name(), null);
    }
    Optional<Tenant> tenant = directory.tenant(tenantId.get());
    if (tenant.isEmpty()) {
      return unknown("no tenant \"" + tenantId.get() + "\" for caller " + caller.name(), tenantId.get());
    }
    Tenant t = tenant.get();
    String userName = localName(caller.name(), t.id());
    if (userName.startsWith("assumed-role/")) {
      // A role session signed in with a session token: assumed-role/ROLE/SESSION.
      String[] parts = userName.split("/", -1);
      if (parts.length == 3 && t.roles().containsKey(parts[1])) {
        return new Mapping.Mapped(directory.roleSession(t, t.roles().get(parts[1]), parts[2], List.of()));
      }
      return unknown("no role session " + userName + " in tenant " + t.id(), t.id());
    }
    if (userName.equals("root")) {
      return t.rootEnabled() ? new Mapping.Mapped(directory.root(t))
          : unknown("the root user of tenant " + t.id() + " is not enabled", t.id());
    }
    User user = t.users().get(userName);
    if (user == null) {
      return unknown("no user \"" + userName + "\" in tenant " + t.id(), t.id());
    }
    Set<String> groups = new LinkedHashSet<>(user.groups());
    for (String g : caller.groups()) {
      String mapped = groupMapping.get(g);
      if (mapped != null && t.groups().containsKey(mapped)) {
        groups.add(mapped);
      }
    }
    if (groups.size() != user.groups().size()) {
      user = new User(user.name(), user.path(), user.id(), user.tags(), new ArrayList<>(groups), user.managedPolicies(),
          user.inlinePolicies(), user.permissionsBoundary(), user.credentials());
    }
    return new Mapping.Mapped(directory.user(t, user));
  }

  /** The IAM groups a caller is in, for {@code isCallerInRole}: its own plus mapped container groups. */
  public List<String> groupsOf(Tenant t, User user, Set<String> containerGroups) {
    Set<String> out = new LinkedHashSet<>(user.groups());
    for (String g : containerGroups) {
      String mapped = groupMapping.get(g);
      if (mapped != null && t.groups().get(mapped) instanceof Group) {
        out.add(mapped);
      }
    }
    return List.copyOf(out);
  }

  private String localName(String name, String tenant) {
    String suffix = separator + tenant;
    return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
  }

  private Mapping unknown(String reason, String tenant) {
    return unknown == UnknownCaller.ANONYMOUS ? new Mapping.Anonymous(tenant) : new Mapping.Refused(reason);
  }
}
