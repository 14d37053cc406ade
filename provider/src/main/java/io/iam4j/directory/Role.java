package io.iam4j.directory;

import io.iam4j.policy.Policy;
import java.time.Instant;
import java.util.List;

/**
 * An IAM role: an identity that principals named by its trust policy assume for temporary
 * credentials. Immutable.
 *
 * @param trustPolicy the resource-based policy deciding {@code sts:AssumeRole} on this role
 * @param id the role's unique id ({@code AROA...}); a session token names it, so a role re-created
 *     with another id refuses the old role's tokens
 * @param maxSessionDurationSeconds 3600 to 43200, as in IAM
 * @param sessionsValidAfter sessions (tokens) issued before this instant are revoked (AWS's "Revoke
 *     active sessions"); null when none were
 * @param description what the role is for (IAM's Description, at most 1000 characters); "" when none
 */
public record Role(String name, String path, String id, Tags tags, Policy trustPolicy, List<String> managedPolicies,
    List<InlinePolicy> inlinePolicies, String permissionsBoundary, int maxSessionDurationSeconds, Instant sessionsValidAfter,
    String description) {
  public Role {
    managedPolicies = List.copyOf(managedPolicies);
    inlinePolicies = List.copyOf(inlinePolicies);
    description = description == null ? "" : description;
  }

  /** A role without a description. */
  public Role(String name, String path, String id, Tags tags, Policy trustPolicy, List<String> managedPolicies,
      List<InlinePolicy> inlinePolicies, String permissionsBoundary, int maxSessionDurationSeconds, Instant sessionsValidAfter) {
    this(name, path, id, tags, trustPolicy, managedPolicies, inlinePolicies, permissionsBoundary, maxSessionDurationSeconds,
        sessionsValidAfter, "");
  }
}
