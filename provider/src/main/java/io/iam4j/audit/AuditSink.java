package io.iam4j.audit;

/**
 * Where audit events go. Implementations are thread-safe, never block the caller on disk and never
 * throw: auditing must not change a decision or delay a request.
 */
@FunctionalInterface
public interface AuditSink {

  void record(AuditEvent event);

  /** A sink that records nothing (auditing off, or not available). */
  static AuditSink none() {
    return e -> {};
  }
}
