package io.iam4j.mapping;

import io.iam4j.directory.Directory;
import io.iam4j.directory.Group;
import io.iam4j.directory.IdentityMapping;
import io.iam4j.directory.IdentityMapping.Match;
import io.iam4j.directory.IdentityMapping.Rule;
import io.iam4j.directory.IdentityMapping.Target;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The default {@link PrincipalMapper}. Immutable and thread-safe.
 *
 * <ul>
 *   <li>The tenant comes from the {@link TenantResolver} (caller name, token claim, header, path
 *       segment, host).
 *   <li>A tenant without {@code identity-mapping.json} maps names as iam4j always did: {@code
 *       alice@acme} is user {@code alice}; {@code root@acme} the tenant root when the tenant enables
 *       it; {@code assumed-role/ROLE/SESSION@acme} a session of ROLE (iam4j's own role-session
 *       tokens). Container groups named in {@code groupMapping} add those IAM groups to the user's
 *       own. A caller not in the directory gets the {@link UnknownCaller} outcome.
 *   <li>A tenant with the file: when it sets {@code directoryUsers}, names that name a directory
 *       identity as above are that identity; every other caller is mapped by the file's rules. Rules
 *       are tried in order of precedence (lowest first) and the first precedence with a matching rule
 *       decides; the loader refuses rules of one precedence that can match one caller differently. A
 *       caller no rule matches is anonymous (and so denied), with the reason.
 *   <li>A rule maps to a user (whose groups gain those the file maps the caller's container groups
 *       to) or to a role session through {@link WebIdentityFederation}.
 * </ul>
 */
public final class RuleBasedPrincipalMapper implements PrincipalMapper {

  /** Orders rules as they are tried: precedence, then their place in the file. */
  private static final Comparator<Rule> ORDER = Comparator.comparingInt(Rule::precedence);

  private final TenantResolver resolver;
  private final char separator;
  private final Map<String, String> groupMapping;
  private final UnknownCaller unknown;

  /**
   * @param separator between user and tenant in caller names ({@code @})
   * @param groupMapping container group to IAM group, for tenants without a mapping file
   */
  public RuleBasedPrincipalMapper(TenantResolver resolver, char separator, Map<String, String> groupMapping, UnknownCaller unknown) {
    this.resolver = resolver;
    this.separator = separator;
    this.groupMapping = Map.copyOf(groupMapping);
    this.unknown = unknown;
  }

  @Override
  public Optional<String> tenantOf(CallerInfo caller) {
    return resolver.tenant(caller);
  }

  @Override
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
    IdentityMapping rules = t.identityMapping();
    if (!rules.present()) {
      return byName(caller, t, directory, true);
    }
    if (rules.directoryUsers() && caller.name().endsWith(separator + t.id())) {
      Mapping named = byName(caller, t, directory, false);
      if (named instanceof Mapping.Mapped) {
        return named;
      }
    }
    return byRules(caller, t, directory, rules);
  }

  // ------------------------------------------------------------------ by name

  /**
   * The directory identity a {@code NAME@TENANT} caller names.
   *
   * @param only whether names are the only way the tenant maps (it has no file): then the groups of
   *     {@code groupMapping} apply, else those of the tenant's file
   */
  private Mapping byName(CallerInfo caller, Tenant t, Directory directory, boolean only) {
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
    Map<String, List<String>> mapped = new java.util.HashMap<>();
    if (only) {
      groupMapping.forEach((k, v) -> mapped.put(k, List.of(v)));
    } else {
      mapped.putAll(t.identityMapping().groups());
    }
    return new Mapping.Mapped(directory.user(t, withGroups(t, user, caller.groups(), mapped)));
  }

  private String localName(String name, String tenant) {
    String suffix = separator + tenant;
    return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : name;
  }

  private Mapping unknown(String reason, String tenant) {
    return unknown == UnknownCaller.ANONYMOUS ? new Mapping.Anonymous(tenant, reason) : new Mapping.Refused(reason);
  }

  // ------------------------------------------------------------------ by rules

  private static Mapping byRules(CallerInfo caller, Tenant t, Directory directory, IdentityMapping im) {
    List<Rule> sorted = new ArrayList<>(im.rules());
    sorted.sort(ORDER); // stable: rules of one precedence keep the file's order
    Rule chosen = null;
    for (Rule r : sorted) {
      if (chosen != null && r.precedence() != chosen.precedence()) {
        break;
      }
      if (!matches(r.match(), caller)) {
        continue;
      }
      if (chosen == null) {
        chosen = r;
      } else if (!chosen.target().equals(r.target())) {
        // The loader refuses rules that can overlap like this; should one slip through, nobody guesses.
        return new Mapping.Refused("Ambiguous: " + chosen.describe(im.source()) + " and " + r.describe(im.source())
            + " both match caller " + caller.name() + " with the same precedence and map it differently");
      }
    }
    if (chosen == null) {
      return new Mapping.Anonymous(t.id(), "No rule of " + im.source() + " matches caller " + describe(caller));
    }
    String rule = chosen.describe(im.source());
    if (chosen.target() instanceof Target.ToUser u) {
      Optional<String> name = NameTemplate.parse(u.name()).render(caller);
      if (name.isEmpty()) {
        return new Mapping.Refused(rule + " maps caller " + caller.name() + " to user " + u.name()
            + ", but the caller has no single value for one of its variables");
      }
      User user = t.users().get(name.get());
      if (user == null) {
        return new Mapping.Refused(rule + " maps caller " + caller.name() + " to user \"" + abbreviate(name.get())
            + "\", which tenant " + t.id() + " does not have");
      }
      return new Mapping.Mapped(directory.user(t, withGroups(t, user, caller.groups(), im.groups())), rule);
    }
    Target.ToRole r = (Target.ToRole) chosen.target();
    Role role = t.roles().get(r.role());
    if (role == null) {
      return new Mapping.Refused(rule + " names role " + r.role() + ", which tenant " + t.id() + " does not have");
    }
    Optional<String> session = NameTemplate.parse(r.sessionName()).render(caller);
    if (session.isEmpty()) {
      return new Mapping.Refused(rule + " makes the role session name " + r.sessionName() + " for caller " + caller.name()
          + ", but the caller has no single value for one of its variables");
    }
    return WebIdentityFederation.assume(directory, t, role, r.provider(), session.get(), caller, rule);
  }

  /** Whether every condition of {@code m} holds for the caller. */
  static boolean matches(Match m, CallerInfo caller) {
    if (!m.callers().isEmpty() && !anyMatches(m.callers(), List.of(caller.name()))) {
      return false;
    }
    if (!m.groups().isEmpty() && !anyMatches(m.groups(), caller.groups())) {
      return false;
    }
    if (!m.issuers().isEmpty() && !anyMatches(m.issuers(), caller.issuer().map(List::of).orElse(List.of()))) {
      return false;
    }
    for (Map.Entry<String, List<String>> c : m.claims().entrySet()) {
      if (!anyMatches(c.getValue(), caller.claims().getOrDefault(c.getKey(), List.of()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyMatches(List<String> patterns, java.util.Collection<String> values) {
    for (String v : values) {
      for (String p : patterns) {
        if (Wildcard.matches(p, v)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The user with the IAM groups its caller's container groups map to added to its own. */
  private static User withGroups(Tenant t, User user, Set<String> containerGroups, Map<String, List<String>> mapping) {
    Set<String> groups = new LinkedHashSet<>(user.groups());
    for (String g : containerGroups) {
      for (String iamGroup : mapping.getOrDefault(g, List.of())) {
        if (t.groups().get(iamGroup) instanceof Group) {
          groups.add(iamGroup);
        }
      }
    }
    if (groups.size() == user.groups().size()) {
      return user;
    }
    return new User(user.name(), user.path(), user.id(), user.tags(), new ArrayList<>(groups), user.managedPolicies(),
        user.inlinePolicies(), user.permissionsBoundary(), user.credentials(), user.created());
  }

  /** A caller as an audit record shows it: name, issuer, groups (never a token). */
  private static String describe(CallerInfo caller) {
    StringBuilder b = new StringBuilder(caller.name());
    caller.issuer().ifPresent(i -> b.append(" (issuer ").append(i).append(')'));
    if (!caller.groups().isEmpty()) {
      b.append(" (groups ").append(new java.util.TreeSet<>(caller.groups())).append(')');
    }
    return b.toString();
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
