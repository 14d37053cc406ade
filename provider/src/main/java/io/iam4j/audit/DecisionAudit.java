package io.iam4j.audit;

import io.iam4j.authz.Authorizer;
import io.iam4j.eval.Outcome;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The audit of one enforcement call: whatever path the call takes, exactly one decision record is
 * written. Open it before anything can go wrong, close it in {@code finally}:
 *
 * <pre>{@code
 * try (DecisionAudit audit = DecisionAudit.begin(sink, clock, requestId, "rest", sourceIp, action)) {
 *   ... audit.refuse("Authentication is required") ...       // a deny without the engine (401, unknown caller)
 *   Authorizer.Result r = audit.decide(() -> authorizer.authorize(...));   // the engine's decision
 * }
 * }</pre>
 *
 * <p>The first of {@link #decide}, {@link #refuse} or {@link #fail} is recorded; later ones are
 * ignored (and logged), and {@link #close} records a deny when none of them was called, so an
 * enforcement path that forgets to report is still on the trail. Not thread-safe: one per call.
 */
public final class DecisionAudit implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DecisionAudit.class.getName());

  private final AuditSink sink;
  private final Clock clock;
  private final String requestId;
  private final String via;
  private final String sourceIp;
  private final String action;
  private String tenant;
  private String principal = "anonymous";
  private String resource;
  private boolean recorded;

  private DecisionAudit(AuditSink sink, Clock clock, String requestId, String via, String sourceIp, String action) {
    this.sink = sink;
    this.clock = clock;
    this.requestId = requestId;
    this.via = via;
    this.sourceIp = sourceIp;
    this.action = action;
  }

  /**
   * @param via the enforcement point ({@code rest}, {@code cdi}, ...)
   * @param sourceIp the caller's address, or null
   * @param action the action asked for
   */
  public static DecisionAudit begin(AuditSink sink, Clock clock, String requestId, String via, String sourceIp, String action) {
    return new DecisionAudit(sink, clock, requestId, via, sourceIp, action);
  }

  /** Who is asking: the container's caller name until it is mapped, then its ARN. */
  public DecisionAudit principal(String name) {
    this.principal = name;
    return this;
  }

  public DecisionAudit tenant(String id) {
    this.tenant = id;
    return this;
  }

  public DecisionAudit resource(String arn) {
    this.resource = arn;
    return this;
  }

  /** Runs the engine, times it and records its decision. */
  public Authorizer.Result decide(Supplier<Authorizer.Result> authorization) {
    long start = System.nanoTime();
    Authorizer.Result r = authorization.get();
    long nanos = System.nanoTime() - start;
    if (take("decision")) {
      sink.record(AuditEvent.DecisionEvent.of(r, clock.instant(), requestId, via, nanos));
    }
    return r;
  }

  /** Records a deny made without the engine: {@code reason} says why (unauthenticated, unknown caller, ...). */
  public void refuse(String reason) {
    if (take("refusal")) {
      sink.record(deny(reason));
    }
  }

  /**
   * Records a decision the container made alone (a route left to its declared constraints): an
   * allow that IAM did not decide, with {@code reason} naming why.
   */
  public void container(String reason) {
    if (take("container decision")) {
      sink.record(new AuditEvent.DecisionEvent(clock.instant(), requestId, via, tenant, principal, action, resource, null,
          Outcome.ALLOW, List.of(), null, reason, sourceIp, false, 0, 0));
    }
  }

  /** Records a failure while deciding (fail closed: a deny). */
  public void fail(Throwable cause) {
    if (take("failure")) {
      sink.record(deny("The request could not be authorized: " + cause));
    }
  }

  public boolean recorded() {
    return recorded;
  }

  /** Records a deny when nothing was recorded: enforcement ended without reporting a decision. */
  @Override
  public void close() {
    if (!recorded) {
      recorded = true;
      sink.record(deny("Enforcement ended without a decision (denied)"));
    }
  }

  private boolean take(String what) {
    if (recorded) {
      LOG.warning(() -> "A second " + what + " for request " + requestId + " was not recorded: one record per decision");
      return false;
    }
    recorded = true;
    return true;
  }

  private AuditEvent.DecisionEvent deny(String reason) {
    return new AuditEvent.DecisionEvent(clock.instant(), requestId, via, tenant, principal, action, resource, null,
        Outcome.IMPLICIT_DENY, List.of(), null, reason, sourceIp, false, 0, 0);
  }
}
