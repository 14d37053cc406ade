package io.iam4j.directory;

import io.iam4j.policy.Policy;
import java.util.List;

/**
 * A managed policy: referenced by ARN, with up to five versions of which exactly one is the default
 * (the one in force). Rolling back is choosing another default. Immutable.
 *
 * @param providerManaged shipped in the iam4j jar (like AWS managed policies); read-only
 */
public record ManagedPolicy(String arn, String name, String path, String description, List<Version> versions,
    String defaultVersionId, boolean providerManaged) {

  /** IAM keeps at most five versions of a managed policy. */
  public static final int MAX_VERSIONS = 5;

  public ManagedPolicy {
    versions = List.copyOf(versions);
  }

  /** One version: {@code v1}, {@code v2}, ... */
  public record Version(String id, Policy document) {}

  /** The default version's document. */
  public Policy document() {
    for (Version v : versions) {
      if (v.id().equals(defaultVersionId)) {
        return v.document();
      }
    }
    throw new IllegalStateException("no default version " + defaultVersionId + " in " + arn);
  }
}
