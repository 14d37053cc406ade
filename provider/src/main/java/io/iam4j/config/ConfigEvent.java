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
 */
public record ConfigEvent(Kind kind, String tenant, long oldVersion, long newVersion, String cause, Instant at,
    List<String> changedFiles, List<ConfigProblem> problems) {

  public enum Kind { ADDED, UPDATED, REMOVED, FAILED }

  public ConfigEvent {
    changedFiles = List.copyOf(changedFiles);
    problems = List.copyOf(problems);
  }
}
