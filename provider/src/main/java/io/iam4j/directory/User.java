package io.iam4j.directory;

import java.util.List;

/**
 * An IAM user of a tenant. Immutable.
 *
 * @param path {@code /} or {@code /division/team/}
 * @param groups names of the groups the user belongs to
 * @param managedPolicies ARNs of attached managed policies
 * @param permissionsBoundary ARN of the managed policy used as boundary, or null
 * @param credentials how the user signs in (hashes only, never clear text); may be null
 */
public record User(String name, String path, String id, Tags tags, List<String> groups, List<String> managedPolicies,
    List<InlinePolicy> inlinePolicies, String permissionsBoundary, Credentials credentials) {
  public User {
    groups = List.copyOf(groups);
    managedPolicies = List.copyOf(managedPolicies);
    inlinePolicies = List.copyOf(inlinePolicies);
  }

  /** The user's access keys, in file order; empty when it has none. */
  public List<AccessKey> accessKeys() {
    return credentials == null ? List.of() : credentials.accessKeys();
  }
}
