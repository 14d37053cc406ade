package io.iam4j.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The latest credential report of each tenant, with IAM's lifecycle: a report may be generated as
 * often as once every four hours; GenerateCredentialReport within four hours of the last report
 * answers {@code COMPLETE} and keeps it, otherwise it starts a new one ({@code STARTED}); while one
 * is being generated both operations answer that it is in progress; a report older than four hours
 * has expired (GetCredentialReport's {@code ReportExpired}). Reports are kept in memory, one per
 * tenant (a restart forgets them, as the generation is cheap). Thread-safe.
 *
 * <p>Generation runs on the caller's thread: a report of 10,000 users takes milliseconds (see the
 * benchmark), so there is no background task to lose. Its state is still visible to concurrent
 * callers as in progress.
 */
public final class CredentialReports {
  /** IAM's: a report is reused, then expires, after four hours. */
  public static final Duration LIFETIME = Duration.ofHours(4);

  /** GenerateCredentialReport's answer: {@code State} and {@code Description}. */
  public record Generation(State state, String description) {}

  /** GenerateCredentialReport's {@code State} values. */
  public enum State {
    STARTED,
    INPROGRESS,
    COMPLETE
  }

  /** What GetCredentialReport finds. */
  public sealed interface Lookup {}

  /** The report, less than {@link #LIFETIME} old. */
  public record Present(CredentialReport report) implements Lookup {}

  /** No report was generated (IAM's {@code ReportNotPresent}). */
  public record NotPresent() implements Lookup {}

  /** The latest report is older than {@link #LIFETIME} (IAM's {@code ReportExpired}). */
  public record Expired(Instant generatedTime) implements Lookup {}

  /** A report is being generated (IAM's {@code ReportInProgress}). */
  public record InProgress() implements Lookup {}

  private sealed interface Slot {}

  private record Generating() implements Slot {}

  private record Done(CredentialReport report) implements Slot {}

  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  /**
   * GenerateCredentialReport for {@code tenant}: reuses a report younger than {@link #LIFETIME},
   * else generates one with {@code build} (on this thread).
   *
   * @throws RuntimeException what {@code build} throws; the previous report, if any, stays
   */
  public Generation generate(String tenant, Instant now, Supplier<CredentialReport> build) {
    Slot previous;
    synchronized (this) {
      previous = slots.get(tenant);
      if (previous instanceof Generating) {
        return new Generation(State.INPROGRESS, "Report generation in progress");
      }
      if (previous instanceof Done d && fresh(d.report(), now)) {
        return new Generation(State.COMPLETE, "Report generated at " + d.report().generatedTime()
            + " is less than four hours old; generated again after " + d.report().generatedTime().plus(LIFETIME));
      }
      slots.put(tenant, new Generating());
    }
    boolean done = false;
    try {
      CredentialReport r = build.get();
      slots.put(tenant, new Done(r));
      done = true;
    } finally {
      if (!done) {
        if (previous == null) {
          slots.remove(tenant);
        } else {
          slots.put(tenant, previous);
        }
      }
    }
    return new Generation(State.STARTED, previous == null ? "No report exists. Starting a new report generation task"
        : "The last report is more than four hours old. Starting a new report generation task");
  }

  /** GetCredentialReport for {@code tenant} at {@code now}. */
  public Lookup get(String tenant, Instant now) {
    Slot s = slots.get(tenant);
    if (s == null) {
      return new NotPresent();
    }
    if (s instanceof Generating) {
      return new InProgress();
    }
    CredentialReport r = ((Done) s).report();
    return fresh(r, now) ? new Present(r) : new Expired(r.generatedTime());
  }

  private static boolean fresh(CredentialReport r, Instant now) {
    return now.isBefore(r.generatedTime().plus(LIFETIME));
  }
}
