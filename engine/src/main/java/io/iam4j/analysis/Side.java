package io.iam4j.analysis;

import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One side of a comparison: the policies in play for the principal (or none), and the resource
 * policies attached to particular resources (a role's trust policy on the role's ARN). Decides
 * requests through the production {@link Evaluator}. Immutable.
 */
public final class Side {
  private final PolicySet policies;
  private final Map<String, Policy> resourcePolicies;
  private final Map<String, PolicySet> withResource = new HashMap<>();

  /**
   * @param policies the principal's policy set (identity, boundary, session, guardrails; its own
   *     resource policy, if any, applies to every resource)
   * @param resourcePolicies resource-based policies by the exact resource ARN they are attached to
   */
  public Side(PolicySet policies, Map<String, Policy> resourcePolicies) {
    this.policies = policies;
    this.resourcePolicies = Map.copyOf(resourcePolicies);
    this.resourcePolicies.forEach((arn, p) -> withResource.put(arn, policies.withResourcePolicy(p)));
  }

  public Side(PolicySet policies) {
    this(policies, Map.of());
  }

  public PolicySet policies() {
    return policies;
  }

  public Map<String, Policy> resourcePolicies() {
    return resourcePolicies;
  }

  /** The evaluator's decision, with the resource's own policy when one is attached to it. */
  public Decision decide(AuthorizationRequest request) {
    PolicySet set = withResource.get(request.resource());
    return Evaluator.evaluate(set == null ? policies : set, request);
  }

  /** Every policy document on this side, all layers. */
  List<Policy> documents() {
    List<Policy> out = new ArrayList<>();
    for (PolicyType t : PolicyType.values()) {
      out.addAll(policies.policies(t));
    }
    out.addAll(resourcePolicies.values());
    return out;
  }

  /** The documents whose Allow statements can grant on their own: identity and resource policies. */
  List<Policy> granting() {
    List<Policy> out = new ArrayList<>(policies.policies(PolicyType.IDENTITY));
    out.addAll(policies.policies(PolicyType.RESOURCE));
    out.addAll(resourcePolicies.values());
    return out;
  }
}
