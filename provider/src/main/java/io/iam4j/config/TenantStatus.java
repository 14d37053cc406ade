package io.iam4j.config;

import java.time.Instant;
import java.util.List;

/**
 * What an operator needs to know about one tenant's configuration.
 *
 * @param version the version serving requests (0 when none: the tenant never loaded)
 * @param loadedAt when the serving version became active, or null
 * @param lastProblems why the last load failed; empty when it succeeded (the serving version, if
 *     any, keeps serving)
 */
public record TenantStatus(String tenant, long version, Instant loadedAt, String fingerprint, Instant lastAttempt,
    List<ConfigProblem> lastProblems) {

  public TenantStatus {
    lastProblems = List.copyOf(lastProblems);
  }

  public boolean serving() {
    return version > 0;
  }

  public boolean healthy() {
    return serving() && lastProblems.isEmpty();
  }
}
