package io.iam4j.eval;

import io.iam4j.IamException;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The compiled policies in play for a request: the principal's identity policies, permissions
 * boundary and session policies, the resource's policy and the tenant's guardrails. Compiled once,
 * evaluated many times; immutable and thread-safe.
 *
 * <p>An absent layer is not in play: no boundary means nothing caps the identity policies; no
 * session policies means the caller is not a session with policies (except that a federated-user
 * session without one has no permissions).
 */
public final class PolicySet {
  private final PolicyGroup identity;
  private final PolicyGroup boundary;
  private final PolicyGroup session;
  private final PolicyGroup resource;
  private final PolicyGroup guardrails;
  private volatile CacheProfile profile;

  private PolicySet(PolicyGroup identity, PolicyGroup boundary, PolicyGroup session, PolicyGroup resource, PolicyGroup guardrails) {
    this.identity = identity;
    this.boundary = boundary;
    this.session = session;
    this.resource = resource;
    this.guardrails = guardrails;
  }

  public static Builder builder() {
    return new Builder();
  }

  PolicyGroup identity() {
    return identity;
  }

  PolicyGroup boundary() {
    return boundary;
  }

  PolicyGroup session() {
    return session;
  }

  PolicyGroup resource() {
    return resource;
  }

  PolicyGroup guardrails() {
    return guardrails;
  }

  /**
   * The policies of one layer, in evaluation order; empty when the layer is not in play. For
   * analyses that reason about the documents themselves (io.iam4j.analysis).
   */
  public List<Policy> policies(PolicyType layer) {
    PolicyGroup g = switch (layer) {
      case IDENTITY -> identity;
      case BOUNDARY -> boundary;
      case SESSION -> session;
      case RESOURCE -> resource;
      case GUARDRAIL -> guardrails;
    };
    return g == null ? List.of() : g.policies;
  }

  public boolean hasBoundary() {
    return boundary != null;
  }

  /** Statements in all layers. */
  public int statementCount() {
    int n = 0;
    for (PolicyGroup g : groups()) {
      n += g == null ? 0 : g.size();
    }
    return n;
  }

  private PolicyGroup[] groups() {
    return new PolicyGroup[] {identity, boundary, session, resource, guardrails};
  }

  /**
   * Every request context key some statement reads, in a condition or a policy variable: the only
   * context a decision can depend on.
   */
  public Set<String> contextKeys() {
    Set<String> keys = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (PolicyGroup g : groups()) {
      if (g != null) {
        keys.addAll(g.contextKeys());
      }
    }
    return keys;
  }

  /**
   * What a decision cache needs to know: which context keys a decision depends on and, for the
   * clock ({@code aws:CurrentTime}, {@code aws:EpochTime}), the instants at which decisions can
   * change. Computed once.
   */
  public CacheProfile cacheProfile() {
    CacheProfile p = profile;
    if (p == null) {
      List<String> keys = new ArrayList<>();
      boolean readsTime = false;
      for (String k : contextKeys()) {
        // Interned as the request context's keys are (Lowered.KEYS): the cache's lookups compare by identity.
        String lower = k.toLowerCase(Locale.ROOT).intern();
        if (CacheProfile.isTimeKey(lower)) {
          readsTime = true;
        } else {
          keys.add(lower);
        }
      }
      List<Instant> boundaries = new ArrayList<>();
      boolean bounded = true;
      for (PolicyGroup g : groups()) {
        if (g != null) {
          bounded &= g.timeBoundaries(boundaries);
        }
      }
      boundaries.sort(null);
      p = new CacheProfile(keys, readsTime, bounded, boundaries);
      profile = p;
    }
    return p;
  }

  /**
   * The same principal policies with another resource policy (or none). Cheap: the compiled
   * principal layers are shared.
   */
  public PolicySet withResourcePolicy(Policy resourcePolicy) {
    PolicyGroup r = resourcePolicy == null ? null : new PolicyGroup(PolicyType.RESOURCE, List.of(check(resourcePolicy, PolicyType.RESOURCE)));
    return new PolicySet(identity, boundary, session, r, guardrails);
  }

  /** As {@link #withResourcePolicy(Policy)}, with a resource policy compiled beforehand. */
  public PolicySet withResourcePolicy(CompiledResourcePolicy resourcePolicy) {
    return new PolicySet(identity, boundary, session, resourcePolicy == null ? null : resourcePolicy.group, guardrails);
  }

  public Optional<Policy> resourcePolicy() {
    return resource == null ? Optional.empty() : Optional.of(resource.policies.get(0));
  }

  private static Policy check(Policy p, PolicyType t) {
    if (p.type() != t) {
      throw new IamException("Policy " + p.name() + " was validated as " + p.type().key() + ", not " + t.key());
    }
    return p;
  }

  /** A resource-based policy compiled once, to be combined with many principals' policy sets. */
  public static final class CompiledResourcePolicy {
    final PolicyGroup group;
    private final CacheProfile profile;

    public CompiledResourcePolicy(Policy policy) {
      this.group = new PolicyGroup(PolicyType.RESOURCE, List.of(check(policy, PolicyType.RESOURCE)));
      this.profile = new PolicySet(new PolicyGroup(PolicyType.IDENTITY, List.of()), null, null, group, null).cacheProfile();
    }

    /** How decisions depend on the context through this policy alone. */
    public CacheProfile cacheProfile() {
      return profile;
    }

    public Policy policy() {
      return group.policies.get(0);
    }

    /** The time dependence of this policy's conditions; see {@link CacheProfile}. */
    public boolean timeBoundaries(List<Instant> out) {
      return group.timeBoundaries(out);
    }

    public Set<String> contextKeys() {
      return group.contextKeys();
    }
  }

  /** Collects policies by layer; each must have been parsed as its layer's type. */
  public static final class Builder {
    private final List<Policy> identity = new ArrayList<>();
    private Policy boundary;
    private List<Policy> session;
    private Policy resource;
    private List<Policy> guardrails;

    public Builder identity(Policy p) {
      identity.add(check(p, PolicyType.IDENTITY));
      return this;
    }

    public Builder identity(List<Policy> ps) {
      ps.forEach(this::identity);
      return this;
    }

    public Builder boundary(Policy p) {
      boundary = p == null ? null : check(p, PolicyType.BOUNDARY);
      return this;
    }

    /** Session policies; an empty list still means "a session whose policies allow nothing". */
    public Builder session(List<Policy> ps) {
      session = ps == null ? null : ps.stream().map(p -> check(p, PolicyType.SESSION)).toList();
      return this;
    }

    public Builder resource(Policy p) {
      resource = p == null ? null : check(p, PolicyType.RESOURCE);
      return this;
    }

    public Builder guardrails(List<Policy> ps) {
      guardrails = ps == null ? null : ps.stream().map(p -> check(p, PolicyType.GUARDRAIL)).toList();
      return this;
    }

    public PolicySet build() {
      return new PolicySet(
          new PolicyGroup(PolicyType.IDENTITY, identity),
          boundary == null ? null : new PolicyGroup(PolicyType.BOUNDARY, List.of(boundary)),
          session == null ? null : new PolicyGroup(PolicyType.SESSION, session),
          resource == null ? null : new PolicyGroup(PolicyType.RESOURCE, List.of(resource)),
          guardrails == null ? null : new PolicyGroup(PolicyType.GUARDRAIL, guardrails));
    }
  }
}
