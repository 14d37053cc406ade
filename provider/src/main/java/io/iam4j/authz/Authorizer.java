package io.iam4j.authz;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.iam4j.cache.CachedDecision;
import io.iam4j.cache.DecisionCache;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Identity;
import io.iam4j.directory.ResourcePolicyProvider;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Decision;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.policy.Policy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one entry point enforcement calls: maps the container caller to an identity of the current
 * directory, finds the resource's policy, and decides through the decision cache. Thread-safe.
 *
 * <p>Compiled policy sets are cached per principal and directory snapshot (a configuration change
 * makes a new snapshot, so nothing compiled from an old one is reused), and compiled resource
 * policies per policy object. Any failure is a deny, logged with its cause.
 */
public final class Authorizer {
  private static final Logger LOG = Logger.getLogger(Authorizer.class.getName());

  /** One decision with what produced it. */
  public record Result(Decision decision, AuthorizationRequest request, Identity identity, boolean cached, long configVersion) {}

  /**
   * A mapped caller: the snapshot, the caller (name, groups, token claims) and its resolved tenant,
   * nothing else of the request (neither path nor headers), so distinct URLs cannot grow the cache.
   * The claims are all of the token's: a mapper may read any of them.
   */
  private record IdentityKey(Directory snapshot, String name, Set<String> groups, String tenant, Map<String, List<String>> claims) {
    @Override
    public boolean equals(Object o) {
      return o instanceof IdentityKey k && snapshot == k.snapshot && name.equals(k.name) && groups.equals(k.groups)
          && tenant.equals(k.tenant) && claims.equals(k.claims);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * (31 * System.identityHashCode(snapshot) + name.hashCode()) + groups.hashCode()) + claims.hashCode();
    }
  }

  /** A session of temporary credentials, mapped in one directory snapshot. */
  private record SessionKey(Directory snapshot, String tokenId) {
    @Override
    public boolean equals(Object o) {
      return o instanceof SessionKey k && snapshot == k.snapshot && tokenId.equals(k.tokenId);
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(snapshot) + tokenId.hashCode();
    }
  }

  /** The most mapped callers kept (the named limit {@code iam4j mapped callers}); each holds a compiled policy set. */
  public static final int MAX_MAPPED_CALLERS = 100_000;

  private final Supplier<Directory> directory;
  private final PrincipalMapper mapper;
  private final ResourcePolicyProvider resources;
  private final DecisionCache cache;
  private final Cache<IdentityKey, Mapping> identities;
  private final Cache<Policy, PolicySet.CompiledResourcePolicy> resourcePolicies;
  private final Cache<SessionKey, Mapping> sessions;
  private final java.util.concurrent.CopyOnWriteArrayList<DecisionObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

  public Authorizer(Supplier<Directory> directory, PrincipalMapper mapper, ResourcePolicyProvider resources, DecisionCache cache) {
    this.directory = directory;
    this.mapper = mapper;
    this.resources = resources;
    this.cache = cache;
    this.identities = Caffeine.newBuilder().maximumSize(MAX_MAPPED_CALLERS).build();
    this.resourcePolicies = Caffeine.newBuilder().weakKeys().maximumSize(100_000).build();
    this.sessions = Caffeine.newBuilder().maximumSize(MAX_MAPPED_CALLERS).build();
  }

  /** Callers mapped and kept (bounded by {@value #MAX_MAPPED_CALLERS}), for metrics and tests. */
  public long mappedCallers() {
    identities.cleanUp();
    return identities.estimatedSize();
  }

  /** Adds an observer of every decision from now on (see {@link DecisionObserver}). */
  public void addObserver(DecisionObserver observer) {
    observers.add(java.util.Objects.requireNonNull(observer, "observer"));
  }

  public void removeObserver(DecisionObserver observer) {
    observers.remove(observer);
  }

  /** Tells the observers; none of them can change or delay the answer by failing. */
  private Result observed(Result r) {
    for (DecisionObserver o : observers) {
      try {
        o.observe(r);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "A decision observer failed (the decision stands): " + o, e);
      }
    }
    return r;
  }

  public DecisionCache cache() {
    return cache;
  }

  public Directory directory() {
    return directory.get();
  }

  /**
   * Maps a container caller to IAM, cached per directory snapshot, caller and tenant. Only callers of
   * a tenant that exists are cached: whatever a request says about other tenants is refused at once
   * and takes no memory.
   */
  public Mapping map(CallerInfo caller) {
    Directory d = directory.get();
    if (caller.anonymous()) {
      return mapper.map(caller, d);
    }
    Optional<String> tenant = mapper.tenantOf(caller);
    if (tenant.isEmpty() || d.tenant(tenant.get()).isEmpty()) {
      return mapper.map(caller, d);
    }
    return identities.get(new IdentityKey(d, caller.name(), caller.groups(), tenant.get(), caller.claims()), k -> mapper.map(caller, d));
  }

  /**
   * Maps a session of temporary credentials (its session policies, tags, source identity) to its
   * identity in the current directory, cached per snapshot and session: {@code mapper} runs once
   * per session and configuration change.
   */
  public Mapping mapSession(String tokenId, java.util.function.Function<Directory, Mapping> mapper) {
    Directory d = directory.get();
    return sessions.get(new SessionKey(d, tokenId), k -> mapper.apply(d));
  }

  /**
   * Decides whether {@code identity} may perform {@code action} on {@code resource}.
   *
   * @param resourceAccount the tenant owning the resource (null: the caller's own)
   * @param context the request context; the identity's own keys ({@code aws:username}, tags, ...)
   *     are added where the request does not carry them
   */
  public Result authorize(Identity identity, String action, String resource, String resourceAccount, RequestContext context) {
    AuthorizationRequest request = null;
    try {
      RequestContext.Builder ctx = identity.context();
      context.asMap().forEach(ctx::put);
      // In iam4j the account field of a resource ARN is its tenant: it decides whose resource this is,
      // so that no template or caller mistake can make another tenant's resource look local.
      String owner = ownerOf(resource, resourceAccount == null ? identity.tenant().id() : resourceAccount);
      if (isProviderPolicy(resource)) {
        // The policies shipped with iam4j are every tenant's, like AWS managed policies in every
        // account: the caller's own policies decide reading them (no tenant can change them).
        owner = identity.tenant().id();
      }
      request = AuthorizationRequest.builder()
          .caller(identity.caller())
          .action(action)
          .resource(resource)
          .resourceAccount(owner.equals(identity.tenant().id()) ? null : owner)
          .context(ctx.build())
          .build();
      Optional<Policy> rp = resources.policyFor(owner, resource);
      PolicySet.CompiledResourcePolicy compiled = rp.map(p -> resourcePolicies.get(p, PolicySet.CompiledResourcePolicy::new)).orElse(null);
      CachedDecision d = cache.decide(identity.tenant().id(), identity.tenant().version(), identity.policies(), compiled, request);
      return observed(new Result(d.decision(), request, identity, d.fromCache(), identity.tenant().version()));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Authorization failed; denying " + action + " on " + resource, e);
      AuthorizationRequest r = request != null ? request : AuthorizationRequest.builder()
          .caller(identity.caller()).action(action).resource(resource).resourceAccount(resourceAccount).context(context).build();
      return observed(new Result(Decision.failure(e.toString()), r, identity, false, identity.tenant().version()));
    }
  }

  /**
   * Decides an anonymous request: only the resource's own policy can allow it (a policy naming
   * {@code "Principal": "*"}); without one the answer is an implicit deny. Not cached: anonymous
   * callers share no identity a key could hold.
   */
  private static final PolicySet EMPTY = PolicySet.builder().build();

  public Result authorizeAnonymous(String action, String resource, String owner, RequestContext context) {
    AuthorizationRequest request = AuthorizationRequest.builder().caller(new io.iam4j.eval.Caller.Anonymous()).action(action)
        .resource(resource).resourceAccount(owner).context(context).build();
    try {
      Optional<Policy> rp = owner == null ? Optional.empty() : resources.policyFor(owner, resource);
      PolicySet set = rp.map(p -> EMPTY.withResourcePolicy(resourcePolicies.get(p, PolicySet.CompiledResourcePolicy::new))).orElse(EMPTY);
      return observed(new Result(io.iam4j.eval.Evaluator.evaluate(set, request), request, null, false, 0));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Authorization failed; denying anonymous " + action + " on " + resource, e);
      return observed(new Result(Decision.failure(e.toString()), request, null, false, 0));
    }
  }

  /** The policy of a resource, from the application's provider (or a role's trust policy). */
  public Optional<Policy> resourcePolicy(String tenant, String resource) {
    return resources.policyFor(tenant, resource);
  }

  /** Whether a resource is a policy shipped with iam4j ({@code arn:PARTITION:iam::iam4j:policy/...}). */
  public static boolean isProviderPolicy(String resource) {
    if (!resource.startsWith("arn:")) {
      return false;
    }
    List<String> parts = io.iam4j.policy.ArnSplitter.split(resource, false);
    return parts.size() == 6 && parts.get(2).equals("iam") && parts.get(4).equals(io.iam4j.directory.Arns.PROVIDER_ACCOUNT)
        && parts.get(5).startsWith("policy/");
  }

  /** The tenant owning a resource: the account field of its ARN when it has one, else {@code fallback}. */
  public static String ownerOf(String resource, String fallback) {
    if (resource.startsWith("arn:")) {
      List<String> parts = io.iam4j.policy.ArnSplitter.split(resource, false);
      if (parts.size() == 6 && !parts.get(4).isEmpty()) {
        return parts.get(4);
      }
    }
    return fallback;
  }

  /** The IAM groups of a mapped caller, for role checks. */
  public static List<String> groups(Identity identity) {
    if (identity instanceof Identity.UserIdentity u) {
      return u.user().groups();
    }
    return List.of();
  }
}
