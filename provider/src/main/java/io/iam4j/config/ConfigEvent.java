package io.iam4j.config;

import java.time.Instant;
import java.util.List;

/**
 * Something that happened to a tenant's configuration: what operators, caches and the audit trail
 * are told.
 *
 * @param cause who or what: {@code "file reload"}, {@code "initial load"}, {@code "write by alice"}
 * @param oldVersion the version that served before (0: none)
 * @param newVersion the version that serves now (for a failure: still the old one)
 * @param changedFiles for writes and reloads, the files that differ
 * @param problems for a failure, why the new files were refused
 * @param actor for a write through the API or {@link ConfigWriter}, who made it (the caller's ARN);
 *     null for a change found on disk, whose author the server cannot know
 * @param digests per changed file, the SHA-256 of its content before and after (in the order of
 *     {@code changedFiles}); empty for a refused change, which changed nothing
 */
public record ConfigEvent(Kind kind, String tenant, long oldVersion, long newVersion, String cause, Instant at,
    List<String> changedFiles, List<ConfigProblem> problems, String actor, List<FileDigest> digests) {

  public enum Kind { ADDED, UPDATED, REMOVED, FAILED }

  /**
   * The content digests of one changed file: what it was and what it became, so that an auditor
   * holding a copy of the files can tell which content served when.
   *
   * @param file the path relative to the tenant's directory
   * @param before SHA-256 (hex) of the UTF-8 content that served before, or null when the file did not exist
   * @param after SHA-256 (hex) of the content that serves now, or null when the file was removed
   */
  public record FileDigest(String file, String before, String after) {}

  public ConfigEvent {
    changedFiles = List.copyOf(changedFiles);
    problems = List.copyOf(problems);
    digests = List.copyOf(digests);
  }

  /** An event without an actor or digests (a removal, a refused change). */
  public ConfigEvent(Kind kind, String tenant, long oldVersion, long newVersion, String cause, Instant at,
      List<String> changedFiles, List<ConfigProblem> problems) {
    this(kind, tenant, oldVersion, newVersion, cause, at, changedFiles, problems, null, List.of());
  }
}
