package io.iam4j.directory;

import java.time.Instant;
import java.util.List;

/**
 * An IAM user of a tenant. Immutable.
 *
 * @param path {@code /} or {@code /division/team/}
 * @param groups names of the groups the user belongs to
 * @param managedPolicies ARNs of attached managed policies
 * @param permissionsBoundary ARN of the managed policy used as boundary, or null
 * @param credentials how the user signs in (hashes only, never clear text); may be null
 * @param created when the user was created (IAM's {@code CreateDate}, the file's {@code "created"},
 *     written by CreateUser); null when the file does not say (written by hand)
 */
public record User(String name, String path, String id, Tags tags, List<String> groups, List<String> managedPolicies,
    List<InlinePolicy> inlinePolicies, String permissionsBoundary, Credentials credentials, Instant created) {
  public User {
    groups = List.copyOf(groups);
    managedPolicies = List.copyOf(managedPolicies);
    inlinePolicies = List.copyOf(inlinePolicies);
  }

  /** A user whose creation date is not known. */
  public User(String name, String path, String id, Tags tags, List<String> groups, List<String> managedPolicies,
      List<InlinePolicy> inlinePolicies, String permissionsBoundary, Credentials credentials) {
    this(name, path, id, tags, groups, managedPolicies, inlinePolicies, permissionsBoundary, credentials, null);
  }

  /** The user's access keys, in file order; empty when it has none. */
  public List<AccessKey> accessKeys() {
    return credentials == null ? List.of() : credentials.accessKeys();
  }
}
