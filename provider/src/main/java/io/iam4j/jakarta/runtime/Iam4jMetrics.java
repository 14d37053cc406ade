package io.iam4j.jakarta.runtime;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.iam4j.audit.AuditEvent;
import io.iam4j.audit.AuditSink;
import io.iam4j.cache.DecisionCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * iam4j's MicroProfile Metrics, in the application registry (Payara: {@code /metrics}, with
 * {@code mp_scope="application"}):
 *
 * <table>
 *   <caption>Metrics</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>iam4j.decisions</td><td>counter</td><td>outcome (Allow, ExplicitDeny, ImplicitDeny), tenant</td></tr>
 *   <tr><td>iam4j.decision.time</td><td>timer</td><td>cache (hit, miss): the engine's time, cache included</td></tr>
 *   <tr><td>iam4j.cache.hits, .misses, .evictions, .size</td><td>gauges</td><td>the decision cache's statistics</td></tr>
 *   <tr><td>iam4j.config.reloads</td><td>counter</td><td>tenant, change (ADDED, UPDATED, REMOVED)</td></tr>
 *   <tr><td>iam4j.config.failures</td><td>counter</td><td>tenant: refused configuration changes</td></tr>
 *   <tr><td>iam4j.config.tenants</td><td>gauge</td><td>tenants served</td></tr>
 *   <tr><td>iam4j.config.refused</td><td>gauge</td><td>tenants whose last edit was refused (the previous version serves)</td></tr>
 *   <tr><td>iam4j.audit.queue.depth, .dropped, .written</td><td>gauges</td><td>the audit trail's writer (only
 *       while the trail is iam4j's own, not an application's {@code AuditSink})</td></tr>
 *   <tr><td>iam4j.signin.events</td><td>counter</td><td>method (basic, form, bearer, session), outcome (SUCCESS,
 *       FAILURE, THROTTLED, SESSION_ENDED, LOGOUT): refused sign-ins, attempts during a lock, browser
 *       sessions started and ended</td></tr>
 *   <tr><td>iam4j.signin.locks</td><td>counter</td><td>method: failures that locked a user name or address</td></tr>
 *   <tr><td>iam4j.shadow.decisions</td><td>counter</td><td>tenant, policy (ARN), version (the draft), result (same,
 *       newly_allowed, newly_denied, failed, dropped): requests evaluated against a draft policy version in shadow</td></tr>
 *   <tr><td>iam4j.shadow.queue.depth</td><td>gauge</td><td>shadow comparisons waiting</td></tr>
 * </table>
 *
 * <p>Decisions are counted as they are audited: the trail and the metrics see the same events.
 * The tenant tag is the tenant of the caller's identity in the directory; a deny before the caller
 * was mapped (unauthenticated, unknown caller) counts under {@code none}, so callers cannot create
 * tags at will.
 */
@ApplicationScoped
// Not an AuditSink bean: it observes iam4j's events, it is not where they go (which an application may replace).
@jakarta.enterprise.inject.Typed(Iam4jMetrics.class)
class Iam4jMetrics implements AuditSink {
  @Inject Iam4j iam4j;
  @Inject MetricRegistry registry;

  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private Timer hitTime;
  private Timer missTime;

  /** Registers the metrics when the application starts, so that they exist before the first request. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object init) {
    DecisionCache cache = iam4j.authorizer().cache();
    gauge("iam4j.cache.hits", "Decisions answered from the decision cache", () -> stats(cache).hitCount());
    gauge("iam4j.cache.misses", "Decisions the engine had to evaluate", () -> stats(cache).missCount());
    gauge("iam4j.cache.evictions", "Decisions evicted from the cache (size bound or expiry)", () -> stats(cache).evictionCount());
    gauge("iam4j.cache.size", "Decisions in the cache", cache::size);
    gauge("iam4j.config.tenants", "Tenants whose configuration serves requests", () -> iam4j.store().directory().tenants().size());
    // The storage: 0 while it cannot be reached (the last good configuration serves; a store that never
    // loaded serves nothing), and how many accesses failed since start.
    gauge("iam4j.config.store.available", "1 while the configuration storage answers, 0 during an outage",
        () -> iam4j.store().storageStatus().available() ? 1 : 0);
    gauge("iam4j.config.store.failures", "Accesses to the configuration storage that failed since start",
        () -> iam4j.store().storageStatus().failures());
    gauge("iam4j.config.refused", "Tenants whose last edit was refused: their previous version keeps serving",
        () -> iam4j.store().status().values().stream().filter(t -> t.serving() && !t.lastProblems().isEmpty()).count());
    // The trail's writer, when the trail is iam4j's (an application's own sink has its own measures).
    iam4j.trail().ifPresent(audit -> {
      gauge("iam4j.audit.queue.depth", "Audit events waiting for the writer", () -> (long) audit.queueDepth());
      gauge("iam4j.audit.dropped", "Audit events dropped (full queue, failed write); each drop is also written to the trail",
          audit::dropped);
      gauge("iam4j.audit.written", "Records written to the audit trail", audit::written);
    });
    Metadata time = Metadata.builder().withName("iam4j.decision.time")
        .withDescription("Time to decide a request (decision cache included)").withUnit(MetricUnits.NANOSECONDS).build();
    hitTime = registry.timer(time, new Tag("cache", "hit"));
    missTime = registry.timer(time, new Tag("cache", "miss"));
    iam4j.addAuditObserver(this);
    // Tags from the configuration only (tenant, policy ARN and version of a draft in shadow): bounded.
    iam4j.shadow().addListener((key, result) -> counter("iam4j.shadow.decisions",
        "Requests evaluated against a draft policy version in shadow, by result (same, newly_allowed, newly_denied, failed, dropped)",
        "tenant", key.tenant(), "policy", key.policy(), "version", key.version(), "result", result.tag()).inc());
    gauge("iam4j.shadow.queue.depth", "Shadow comparisons waiting for the shadow thread", () -> (long) iam4j.shadow().queueDepth());
  }

  private static CacheStats stats(DecisionCache cache) {
    return cache.stats();
  }

  private void gauge(String name, String description, Supplier<Number> value) {
    Metadata m = Metadata.builder().withName(name).withDescription(description).build();
    registry.gauge(m, value, (Function<Supplier<Number>, Number>) Supplier::get);
  }

  @Override
  public void record(AuditEvent event) {
    if (event instanceof AuditEvent.DecisionEvent d) {
      decisions(d.decision(), d.tenant() != null ? d.tenant() : "none").inc();
      if (d.evaluationNanos() > 0) {
        (d.cached() ? hitTime : missTime).update(Duration.ofNanos(d.evaluationNanos()));
      }
    } else if (event instanceof AuditEvent.SignInEvent s) {
      // Tags from closed sets only: the caller name and tenant are the caller's to choose.
      counter("iam4j.signin.events", "Sign-in events: refusals, attempts during a lock, browser sessions started and ended",
          "method", s.method(), "outcome", s.outcome()).inc();
      if ("FAILURE".equals(s.outcome()) && s.retryAfterSeconds() > 0) {
        counter("iam4j.signin.locks", "Failed sign-ins that locked a user name or source address", "method", s.method()).inc();
      }
    } else if (event instanceof AuditEvent.ConfigChangeEvent c) {
      if ("FAILED".equals(c.change())) {
        counter("iam4j.config.failures", "Configuration changes refused (the old configuration keeps serving)",
            "tenant", c.tenant()).inc();
      } else if (!"LOADED".equals(c.change())) {
        counter("iam4j.config.reloads", "Configuration changes that took effect", "tenant", c.tenant(), "change", c.change()).inc();
      }
    }
  }

  /** The decision counters by tenant and outcome: a decision costs one lookup, no key built. */
  private final Map<String, Map<io.iam4j.eval.Outcome, Counter>> decisionCounters = new ConcurrentHashMap<>();

  private Counter decisions(io.iam4j.eval.Outcome outcome, String tenant) {
    return decisionCounters.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>()).computeIfAbsent(outcome,
        o -> counter("iam4j.decisions", "Authorization decisions", "outcome", o.json(), "tenant", tenant));
  }

  /** Counters by name and tags, kept so that a decision costs one map lookup. */
  private Counter counter(String name, String description, String... tags) {
    String key = name + String.join("|", tags);
    return counters.computeIfAbsent(key, k -> {
      Tag[] t = new Tag[tags.length / 2];
      for (int i = 0; i < t.length; i++) {
        t[i] = new Tag(tags[2 * i], tags[2 * i + 1]);
      }
      return registry.counter(Metadata.builder().withName(name).withDescription(description).build(), t);
    });
  }
}
