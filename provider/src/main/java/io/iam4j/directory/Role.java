package io.iam4j.directory;

import io.iam4j.policy.Policy;
import java.util.List;

/**
 * An IAM role: an identity that principals named by its trust policy assume for temporary
 * credentials. Immutable.
 *
 * @param trustPolicy the resource-based policy deciding {@code sts:AssumeRole} on this role
 * @param maxSessionDurationSeconds 3600 to 43200, as in IAM
 */
public record Role(String name, String path, String id, Tags tags, Policy trustPolicy, List<String> managedPolicies,
    List<InlinePolicy> inlinePolicies, String permissionsBoundary, int maxSessionDurationSeconds) {
  public Role {
    managedPolicies = List.copyOf(managedPolicies);
    inlinePolicies = List.copyOf(inlinePolicies);
  }
}
