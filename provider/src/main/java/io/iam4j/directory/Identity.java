package io.iam4j.directory;

import io.iam4j.eval.Caller;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.Policy;
import java.util.List;
import java.util.Map;

/**
 * A principal of the directory, resolved: who it is to the engine ({@link #caller()}), which
 * policies are in play for it ({@link #policies()}) and which global context keys describe it
 * ({@link #context()}). Immutable.
 */
public sealed interface Identity {
  Tenant tenant();

  Caller caller();

  /** The effective policy set, without a resource policy. */
  PolicySet policies();

  /**
   * {@code aws:username} (users only), {@code aws:userid}, {@code aws:PrincipalArn}, {@code
   * aws:PrincipalAccount}, {@code aws:PrincipalType} and {@code aws:PrincipalTag/*}, as AWS fills them.
   */
  RequestContext.Builder context();

  /** An IAM user: its policies, its groups' policies, its boundary, the tenant's guardrails. */
  record UserIdentity(Tenant tenant, User user, Caller caller, PolicySet policies) implements Identity {
    @Override
    public RequestContext.Builder context() {
      RequestContext.Builder b = RequestContext.builder()
          .put("aws:username", user.name())
          .put("aws:userid", user.id())
          .put("aws:PrincipalArn", caller.display())
          .put("aws:PrincipalAccount", tenant.id())
          .put("aws:PrincipalType", "User");
      tags(b, user.tags());
      return b;
    }
  }

  /**
   * A session of a role: the role's policies and boundary, the session policies passed when it was
   * made, the tenant's guardrails.
   */
  record RoleSessionIdentity(Tenant tenant, Role role, String sessionName, List<Policy> sessionPolicies, Caller caller,
      PolicySet policies, String roleArn, RequestContext sessionKeys) implements Identity {
    public RoleSessionIdentity {
      sessionPolicies = List.copyOf(sessionPolicies);
      sessionKeys = sessionKeys == null ? RequestContext.empty() : sessionKeys;
    }

    /** A session made by iam4j itself ({@code sts:AssumeRole}): no keys of an identity provider. */
    public RoleSessionIdentity(Tenant tenant, Role role, String sessionName, List<Policy> sessionPolicies, Caller caller,
        PolicySet policies, String roleArn) {
      this(tenant, role, sessionName, sessionPolicies, caller, policies, roleArn, RequestContext.empty());
    }

    /**
     * The role's keys, and for a session made by web identity federation the keys AWS adds to the
     * requests of such a session ({@code aws:FederatedProvider}, {@code PROVIDER:sub}, ...).
     */
    @Override
    public RequestContext.Builder context() {
      RequestContext.Builder b = RequestContext.builder()
          .put("aws:userid", role.id() + ":" + sessionName)
          .put("aws:PrincipalArn", roleArn)
          .put("aws:PrincipalAccount", tenant.id())
          .put("aws:PrincipalType", "AssumedRole");
      tags(b, role.tags());
      sessionKeys.asMap().forEach(b::put);
      return b;
    }

    /** Whether an identity provider's token made this session ({@code sts:AssumeRoleWithWebIdentity}). */
    public boolean federated() {
      return sessionKeys.get("aws:FederatedProvider") != null;
    }
  }

  /** The tenant root user: full access unless denied or outside the guardrails. */
  record RootIdentity(Tenant tenant, Caller caller, PolicySet policies) implements Identity {
    @Override
    public RequestContext.Builder context() {
      return RequestContext.builder()
          .put("aws:userid", tenant.id())
          .put("aws:PrincipalArn", caller.display())
          .put("aws:PrincipalAccount", tenant.id())
          .put("aws:PrincipalType", "Account");
    }
  }

  private static void tags(RequestContext.Builder b, Tags tags) {
    for (Map.Entry<String, String> t : tags.values().entrySet()) {
      b.put("aws:PrincipalTag/" + t.getKey(), t.getValue());
    }
  }
}
