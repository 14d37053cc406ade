package io.iam4j.eval;

import io.iam4j.IamException;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
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

  private PolicySet(Builder b) {
    this.identity = new PolicyGroup(PolicyType.IDENTITY, b.identity);
    this.boundary = b.boundary == null ? null : new PolicyGroup(PolicyType.BOUNDARY, List.of(b.boundary));
    this.session = b.session == null ? null : new PolicyGroup(PolicyType.SESSION, b.session);
    this.resource = b.resource == null ? null : new PolicyGroup(PolicyType.RESOURCE, List.of(b.resource));
    this.guardrails = b.guardrails == null ? null : new PolicyGroup(PolicyType.GUARDRAIL, b.guardrails);
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

  public boolean hasBoundary() {
    return boundary != null;
  }

  /** Statements in all layers. */
  public int statementCount() {
    int n = identity.size();
    for (PolicyGroup g : new PolicyGroup[] {boundary, session, resource, guardrails}) {
      n += g == null ? 0 : g.size();
    }
    return n;
  }

  /**
   * Every request context key some statement reads, in a condition or a policy variable: the only
   * context a decision can depend on (the decision cache keys on these and nothing else).
   */
  public Set<String> contextKeys() {
    Set<String> keys = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (PolicyGroup g : new PolicyGroup[] {identity, boundary, session, resource, guardrails}) {
      if (g != null) {
        keys.addAll(g.contextKeys());
      }
    }
    return keys;
  }

  /** The same principal policies with another resource policy (or none). */
  public PolicySet withResourcePolicy(Policy resourcePolicy) {
    Builder b = new Builder();
    b.identity.addAll(identity.policies);
    b.boundary = boundary == null ? null : boundary.policies.get(0);
    b.session = session == null ? null : session.policies;
    b.guardrails = guardrails == null ? null : guardrails.policies;
    b.resource = resourcePolicy;
    return new PolicySet(b);
  }

  public Optional<Policy> resourcePolicy() {
    return resource == null ? Optional.empty() : Optional.of(resource.policies.get(0));
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

    private static Policy check(Policy p, PolicyType t) {
      if (p.type() != t) {
        throw new IamException("Policy " + p.name() + " was validated as " + p.type().key() + ", not " + t.key());
      }
      return p;
    }

    public PolicySet build() {
      return new PolicySet(this);
    }
  }
}
