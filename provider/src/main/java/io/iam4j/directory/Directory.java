package io.iam4j.directory;

import io.iam4j.IamException;
import io.iam4j.eval.Caller;
import io.iam4j.eval.PolicySet;
import io.iam4j.policy.Policy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * A consistent snapshot of every tenant's configuration plus the provider-managed policies: what
 * turns "a principal" into "the effective policy set for this request". Immutable and thread-safe;
 * a configuration change produces a new snapshot.
 */
public final class Directory {
  private static final Logger LOG = Logger.getLogger(Directory.class.getName());

  private final Arns arns;
  private final Map<String, Tenant> tenants;
  private final Map<String, ManagedPolicy> providerPolicies;
  /** Every access key of every tenant by id: built once per snapshot, so a signed request costs one lookup. */
  private final Map<String, OwnedAccessKey> accessKeys;
  /** Where a tenant not loaded yet comes from (a store loading tenants on first use), or null. */
  private final Function<String, Optional<Tenant>> notLoaded;
  /** Where an access key of a tenant not loaded yet comes from (the same store), or null. */
  private final Function<String, Optional<OwnedAccessKey>> keyNotLoaded;

  public Directory(Arns arns, Collection<Tenant> tenants, Map<String, ManagedPolicy> providerPolicies) {
    this(arns, tenants, providerPolicies, null, null);
  }

  public Directory(Arns arns, Collection<Tenant> tenants, Map<String, ManagedPolicy> providerPolicies,
      Function<String, Optional<Tenant>> notLoaded) {
    this(arns, tenants, providerPolicies, notLoaded, null);
  }

  /**
   * @param notLoaded asked for a tenant this snapshot does not hold (a store that loads tenants on
   *     first use loads it there), or null: such a tenant does not exist
   * @param keyNotLoaded asked for an access key id no tenant of this snapshot holds (that store finds
   *     the tenant holding it and loads it), or null: such a key does not exist
   */
  public Directory(Arns arns, Collection<Tenant> tenants, Map<String, ManagedPolicy> providerPolicies,
      Function<String, Optional<Tenant>> notLoaded, Function<String, Optional<OwnedAccessKey>> keyNotLoaded) {
    this.arns = arns;
    this.notLoaded = notLoaded;
    this.keyNotLoaded = keyNotLoaded;
    Map<String, Tenant> m = new TreeMap<>();
    for (Tenant t : tenants) {
      m.put(t.id(), t);
    }
    this.tenants = Collections.unmodifiableMap(m);
    this.providerPolicies = Map.copyOf(providerPolicies);
    this.accessKeys = indexAccessKeys(this.tenants.values());
  }

  /**
   * The index of access keys. Ids are unique across tenants: the store refuses a tenant whose key id
   * another serving tenant already holds (a located error), so a duplicate here means a snapshot built
   * around the store. Then neither key is served (fail closed: an id must never resolve to the wrong
   * tenant), and the clash is logged without any secret.
   */
  private static Map<String, OwnedAccessKey> indexAccessKeys(Collection<Tenant> tenants) {
    Map<String, OwnedAccessKey> out = new HashMap<>();
    Set<String> clashes = new HashSet<>();
    for (Tenant t : tenants) {
      for (User u : t.users().values()) {
        for (AccessKey k : u.accessKeys()) {
          OwnedAccessKey previous = out.put(k.id(), new OwnedAccessKey(t, u, k));
          if (previous != null) {
            clashes.add(k.id());
            LOG.warning(() -> "Access key " + k.id() + " belongs to both " + previous.user().name() + "@" + previous.tenant().id()
                + " and " + u.name() + "@" + t.id() + ": refused for both");
          }
        }
      }
    }
    out.keySet().removeAll(clashes);
    return Collections.unmodifiableMap(out);
  }

  /**
   * The access key with this id, with the tenant and user owning it, whatever its status (check
   * {@link OwnedAccessKey#active()}); empty when no tenant has it. One hash lookup (with a store
   * still loading tenants on first use, a key no loaded tenant holds is looked up there).
   */
  public Optional<OwnedAccessKey> accessKey(String id) {
    if (id == null) {
      return Optional.empty();
    }
    OwnedAccessKey k = accessKeys.get(id);
    return k != null || keyNotLoaded == null ? Optional.ofNullable(k) : keyNotLoaded.apply(id);
  }

  /** The access key with this id among the tenants this snapshot holds, never asking the store. */
  public Optional<OwnedAccessKey> heldAccessKey(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(accessKeys.get(id));
  }

  public Arns arns() {
    return arns;
  }

  /** The tenants this snapshot holds (with a store loading on first use: those loaded so far). */
  public Map<String, Tenant> tenants() {
    return tenants;
  }

  /** A tenant: held, or loaded now when this snapshot's store loads tenants on first use. */
  public Optional<Tenant> tenant(String id) {
    Tenant t = tenants.get(id);
    return t != null || notLoaded == null || id == null ? Optional.ofNullable(t) : notLoaded.apply(id);
  }

  public Map<String, ManagedPolicy> providerPolicies() {
    return providerPolicies;
  }

  /** A managed policy by ARN: the tenant's own, or one shipped with iam4j. */
  public Optional<ManagedPolicy> managedPolicy(Tenant tenant, String arn) {
    ManagedPolicy p = tenant.policies().get(arn);
    return Optional.ofNullable(p != null ? p : providerPolicies.get(arn));
  }

  /** This snapshot with one tenant replaced (or added). */
  public Directory with(Tenant tenant) {
    Map<String, Tenant> m = new TreeMap<>(tenants);
    m.put(tenant.id(), tenant);
    return new Directory(arns, m.values(), providerPolicies, notLoaded, keyNotLoaded);
  }

  /** This snapshot without a tenant. */
  public Directory without(String tenantId) {
    Map<String, Tenant> m = new TreeMap<>(tenants);
    m.remove(tenantId);
    return new Directory(arns, m.values(), providerPolicies, notLoaded, keyNotLoaded);
  }

  /**
   * Resolves a principal written as {@code user/NAME}, {@code role/NAME} (session {@code
   * NAME}), {@code role/NAME/SESSION} or {@code root}.
   *
   * @throws IamException when the tenant or the identity does not exist
   */
  public Identity identity(String tenantId, String principal, List<Policy> sessionPolicies) {
    Tenant t = tenant(tenantId).orElseThrow(() -> new IamException("No tenant \"" + tenantId + "\""));
    if (principal.equals("root")) {
      return root(t);
    }
    String[] parts = principal.split("/", -1);
    if (parts.length >= 2 && parts[0].equals("user")) {
      User u = t.users().get(parts[parts.length - 1]);
      String path = principal.substring("user".length(), principal.length() - parts[parts.length - 1].length());
      if (u != null && parts.length > 2 && !u.path().equals(path)) {
        throw new IamException("User " + u.name() + " of tenant " + tenantId + " has path " + u.path() + ", not " + path);
      }
      if (u == null) {
        throw new IamException("No user \"" + parts[parts.length - 1] + "\" in tenant " + tenantId);
      }
      return user(t, u);
    }
    if ((parts.length == 2 || parts.length == 3) && parts[0].equals("role")) {
      Role r = t.roles().get(parts[1]);
      if (r == null) {
        throw new IamException("No role \"" + parts[1] + "\" in tenant " + tenantId);
      }
      return roleSession(t, r, parts.length == 3 ? parts[2] : parts[1], sessionPolicies);
    }
    throw new IamException("A principal is user/NAME, role/NAME[/SESSION] or root; got \"" + principal + "\"");
  }

  public Identity.UserIdentity user(Tenant t, User u) {
    PolicySet.Builder b = PolicySet.builder();
    List<Policy> identity = new ArrayList<>();
    String userArn = arns.user(t.id(), u.path(), u.name());
    addPolicies(t, identity, u.managedPolicies(), u.inlinePolicies(), userArn);
    for (String g : u.groups()) {
      Group group = t.groups().get(g);
      if (group != null) {
        addPolicies(t, identity, group.managedPolicies(), group.inlinePolicies(), arns.group(t.id(), group.path(), group.name()));
      }
    }
    b.identity(identity).boundary(boundary(t, u.permissionsBoundary()));
    guardrails(t, b);
    Caller caller = new Caller.User(userArn, t.id(), u.name());
    return new Identity.UserIdentity(t, u, caller, b.build());
  }

  public Identity.RoleSessionIdentity roleSession(Tenant t, Role r, String sessionName, List<Policy> sessionPolicies) {
    return roleSession(t, r, sessionName, sessionPolicies, io.iam4j.eval.RequestContext.empty());
  }

  /**
   * A session of a role whose requests carry {@code sessionKeys} besides the role's own keys: what
   * web identity federation adds ({@code aws:FederatedProvider} and the provider's keys).
   */
  public Identity.RoleSessionIdentity roleSession(Tenant t, Role r, String sessionName, List<Policy> sessionPolicies,
      io.iam4j.eval.RequestContext sessionKeys) {
    PolicySet.Builder b = PolicySet.builder();
    List<Policy> identity = new ArrayList<>();
    String roleArn = arns.role(t.id(), r.path(), r.name());
    addPolicies(t, identity, r.managedPolicies(), r.inlinePolicies(), roleArn);
    b.identity(identity).boundary(boundary(t, r.permissionsBoundary()));
    if (sessionPolicies != null && !sessionPolicies.isEmpty()) {
      b.session(sessionPolicies);
    }
    guardrails(t, b);
    String sessionArn = arns.assumedRole(t.id(), r.name(), sessionName);
    Caller caller = new Caller.RoleSession(sessionArn, t.id(), r.name(), sessionName, roleArn);
    return new Identity.RoleSessionIdentity(t, r, sessionName, sessionPolicies == null ? List.of() : sessionPolicies,
        caller, b.build(), roleArn, sessionKeys);
  }

  /** A managed policy passed as a session policy ({@code PolicyArns}): its default version, as a session policy. */
  public Optional<Policy> sessionPolicy(Tenant t, String arn) {
    return managedPolicy(t, arn).map(mp -> ManagedPolicyCompanions.asType(mp.document(), io.iam4j.policy.PolicyType.SESSION).withName(arn));
  }

  public Identity.RootIdentity root(Tenant t) {
    PolicySet.Builder b = PolicySet.builder();
    guardrails(t, b);
    return new Identity.RootIdentity(t, new Caller.Root(arns.root(t.id()), t.id()), b.build());
  }

  private void addPolicies(Tenant t, List<Policy> out, List<String> managed, List<InlinePolicy> inline, String owner) {
    for (InlinePolicy p : inline) {
      out.add(p.policy().withName(owner + "#" + p.name()));
    }
    for (String arn : managed) {
      managedPolicy(t, arn).ifPresent(mp -> out.add(mp.document().withName(arn)));
    }
  }

  private Policy boundary(Tenant t, String arn) {
    if (arn == null) {
      return null;
    }
    return managedPolicy(t, arn).map(mp -> asBoundary(mp.document(), arn)).orElse(null);
  }

  private void guardrails(Tenant t, PolicySet.Builder b) {
    if (!t.guardrails().isEmpty()) {
      b.guardrails(t.guardrails());
    }
  }

  /**
   * A managed policy used as a boundary is the same document in another role; the loader parsed it
   * once as a boundary too ({@link ManagedPolicyCompanions}).
   */
  private static Policy asBoundary(Policy doc, String arn) {
    return ManagedPolicyCompanions.asType(doc, io.iam4j.policy.PolicyType.BOUNDARY).withName(arn);
  }
}
