package io.iam4j.directory;

import io.iam4j.policy.Policy;
import java.util.Optional;

/**
 * Where resource-based policies come from: the application stores them (a bucket's policy, a
 * queue's policy) and iam4j asks for the one attached to the requested resource. Implementations
 * must be thread-safe and fast; return policies parsed as {@link io.iam4j.policy.PolicyType#RESOURCE}.
 */
@FunctionalInterface
public interface ResourcePolicyProvider {
  /** No resource has a policy. */
  ResourcePolicyProvider NONE = (tenant, arn) -> Optional.empty();

  /**
   * @param tenant the tenant that owns the resource
   * @param resourceArn the requested resource
   */
  Optional<Policy> policyFor(String tenant, String resourceArn);
}
