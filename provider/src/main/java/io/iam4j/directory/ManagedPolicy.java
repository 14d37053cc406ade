package io.iam4j.directory;

import io.iam4j.policy.Policy;
import java.util.List;

/**
 * A managed policy: referenced by ARN, with up to five versions of which exactly one is the default
 * (the one in force). Rolling back is choosing another default. Immutable.
 *
 * @param providerManaged shipped in the iam4j jar (like AWS managed policies); read-only
 * @param shadowVersionId a non-default version evaluated beside the default one on real traffic
 *     without ever deciding (shadow evaluation, an iam4j extension), or null
 */
public record ManagedPolicy(String arn, String name, String path, String description, List<Version> versions,
    String defaultVersionId, boolean providerManaged, String shadowVersionId) {

  /** IAM keeps at most five versions of a managed policy. */
  public static final int MAX_VERSIONS = 5;

  public ManagedPolicy {
    versions = List.copyOf(versions);
  }

  /** A policy with no version in shadow. */
  public ManagedPolicy(String arn, String name, String path, String description, List<Version> versions,
      String defaultVersionId, boolean providerManaged) {
    this(arn, name, path, description, versions, defaultVersionId, providerManaged, null);
  }

  /** One version: {@code v1}, {@code v2}, ... */
  public record Version(String id, Policy document) {}

  /** The default version's document. */
  public Policy document() {
    return version(defaultVersionId).orElseThrow(() -> new IllegalStateException("no default version " + defaultVersionId + " in " + arn))
        .document();
  }

  /** A version by id ({@code v3}), if the policy has it. */
  public java.util.Optional<Version> version(String id) {
    for (Version v : versions) {
      if (v.id().equals(id)) {
        return java.util.Optional.of(v);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The same policy with {@code versionId} in force: what the principals attaching it would be
   * given if it were the default (shadow evaluation compiles their policy sets from this).
   */
  public ManagedPolicy withDefault(String versionId) {
    if (version(versionId).isEmpty()) {
      throw new IllegalArgumentException("no version " + versionId + " in " + arn);
    }
    return new ManagedPolicy(arn, name, path, description, versions, versionId, providerManaged, null);
  }
}
