package io.iam4j.shadow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.iam4j.audit.AuditEvent;
import io.iam4j.audit.AuditSink;
import io.iam4j.authz.Authorizer;
import io.iam4j.authz.DecisionObserver;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Identity;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.StatementRef;
import io.iam4j.policy.Policy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Shadow evaluation: a draft (non-default) version of a managed policy, named by the policy's
 * {@code "shadowVersion"}, is evaluated beside the live default version on real traffic, for every
 * principal that attaches the policy (directly, through a group, or as its permissions boundary).
 * Differences are counted (per draft, and through {@link ShadowListener}s as metrics) and recorded
 * in the audit trail as {@link AuditEvent.ShadowDecisionEvent}s.
 *
 * <p>The draft never decides: this is a {@link DecisionObserver}, told of each decision after it was
 * made, and it returns nothing. On the request thread it only looks up the tenant's drafts (one map
 * read when there are none) and hands the comparison to {@code executor}; the production executor
 * ({@link #boundedExecutor}) is one thread with a bounded queue, and a full queue drops the
 * comparison (counted as {@link ShadowResult#DROPPED}) rather than slow or queue up requests. A
 * failing comparison is logged and counted as {@link ShadowResult#FAILED}; nothing reaches the
 * request.
 *
 * <p>The draft's policy set is built the way the live one was, by the directory's own builders
 * ({@link Directory#user}, {@link Directory#roleSession}) over the tenant with the draft made the
 * policy's default, and cached per identity object (mapped identities are cached per configuration
 * snapshot, so a change of configuration means new identities and new sets). When the draft answers
 * differently, the live set is rebuilt the same way and must reproduce the live answer; if it does
 * not, the difference is not the draft's and the comparison counts as failed instead of misleading.
 *
 * <p>Session policies passed by ARN ({@code PolicyArns}) are not attachments: a draft of such a
 * policy is not evaluated for those sessions (AWS evaluates the version in force when the session
 * was made, too). Thread-safe.
 */
public final class ShadowEvaluator implements DecisionObserver, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ShadowEvaluator.class.getName());

  /** Default capacity of the shadow queue ({@code iam4j.shadow.queue}). */
  public static final int DEFAULT_QUEUE = 4096;
  /** Identities whose draft policy sets are kept compiled. */
  public static final int MAX_COMPILED = 10_000;

  private final Supplier<Directory> directory;
  private final BiFunction<String, String, Optional<Policy>> resourcePolicies;
  private final AuditSink audit;
  private final Executor executor;
  private final Clock clock;
  private final List<ShadowListener> listeners = new CopyOnWriteArrayList<>();
  /** Per tenant id: the tenant object its drafts were read from, and those drafts. */
  private final Map<String, Drafts> drafts = new ConcurrentHashMap<>();
  private final Map<ShadowKey, ShadowStats> stats = new ConcurrentHashMap<>();
  /** Per identity object (weakly held: compared by identity, gone with it), per draft. */
  private final Cache<Identity, Map<ShadowKey, Sets>> sets;
  private final Cache<Policy, PolicySet.CompiledResourcePolicy> resources;

  /** A tenant's drafts in shadow, read from one tenant object (compared by identity). */
  private record Drafts(Tenant tenant, List<Draft> list) {}

  private record Draft(ShadowKey key, ManagedPolicy policy) {}

  /** The compiled sets of one identity for one draft: live rebuilt, and with the draft in force. */
  private record Sets(PolicySet live, PolicySet shadow) {}

  /**
   * @param directory the serving directory (its builders make the draft's policy sets)
   * @param resourcePolicies the resource policy of (owner tenant, resource ARN), as the authorizer
   *     finds it ({@link Authorizer#resourcePolicy})
   * @param audit where differences are recorded
   * @param executor where comparisons run; {@link #boundedExecutor} in a server, the calling thread in tests
   */
  public ShadowEvaluator(Supplier<Directory> directory, BiFunction<String, String, Optional<Policy>> resourcePolicies, AuditSink audit,
      Executor executor, Clock clock) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.resourcePolicies = Objects.requireNonNull(resourcePolicies, "resourcePolicies");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sets = Caffeine.newBuilder().weakKeys().maximumSize(MAX_COMPILED).expireAfterAccess(Duration.ofMinutes(10)).build();
    this.resources = Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();
  }

  /** One daemon thread with a queue of {@code capacity}; a full queue refuses (the comparison is dropped). */
  public static ShadowQueue boundedExecutor(int capacity) {
    return new ShadowQueue(capacity);
  }

  public void addListener(ShadowListener l) {
    listeners.add(Objects.requireNonNull(l, "listener"));
  }

  /**
   * On the request thread: finds the drafts that concern this decision's principal and queues their
   * comparison. Never throws, never blocks.
   */
  @Override
  public void observe(Authorizer.Result r) {
    try {
      Identity id = r.identity();
      // Anonymous callers attach no policy; a failure while deciding leaves nothing to compare with.
      if (id == null || r.decision().error() != null) {
        return;
      }
      List<Draft> list = draftsOf(id.tenant());
      if (list.isEmpty()) {
        return;
      }
      for (Draft d : list) {
        if (attached(id, d.key().policy())) {
          submit(d, r);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Shadow evaluation could not be queued (the live decision stands)", e);
    }
  }

  private void submit(Draft d, Authorizer.Result r) {
    Runnable task = () -> compare(d, r);
    boolean queued;
    if (executor instanceof ShadowQueue q) {
      queued = q.offer(task);
    } else {
      try {
        executor.execute(task);
        queued = true;
      } catch (RejectedExecutionException e) {
        queued = false;
      }
    }
    if (!queued) {
      count(d.key(), ShadowResult.DROPPED);
    }
  }

  private List<Draft> draftsOf(Tenant t) {
    Drafts known = drafts.get(t.id());
    if (known != null && known.tenant() == t) {
      return known.list();
    }
    List<Draft> list = new ArrayList<>();
    for (ManagedPolicy p : t.policies().values()) {
      if (p.shadowVersionId() != null && p.version(p.shadowVersionId()).isPresent()) {
        list.add(new Draft(new ShadowKey(t.id(), p.arn(), p.shadowVersionId(), p.defaultVersionId()), p));
      }
    }
    Drafts now = new Drafts(t, List.copyOf(list));
    drafts.put(t.id(), now);
    return now.list();
  }

  /** Whether the principal's policies include {@code arn}: attached to it or one of its groups, or its boundary. */
  static boolean attached(Identity id, String arn) {
    if (id instanceof Identity.UserIdentity u) {
      if (u.user().managedPolicies().contains(arn) || arn.equals(u.user().permissionsBoundary())) {
        return true;
      }
      for (String g : u.user().groups()) {
        io.iam4j.directory.Group group = u.tenant().groups().get(g);
        if (group != null && group.managedPolicies().contains(arn)) {
          return true;
        }
      }
      return false;
    }
    if (id instanceof Identity.RoleSessionIdentity s) {
      return s.role().managedPolicies().contains(arn) || arn.equals(s.role().permissionsBoundary());
    }
    return false;
  }

  /** On the shadow thread: evaluates the draft for one decision and counts (and records) the outcome. */
  void compare(Draft d, Authorizer.Result r) {
    ShadowKey key = d.key();
    try {
      Identity id = r.identity();
      Sets s = sets.get(id, k -> new ConcurrentHashMap<>()).computeIfAbsent(key, k -> build(id, d));
      AuthorizationRequest request = r.request();
      PolicySet.CompiledResourcePolicy rp = resourcePolicy(r);
      Decision shadow = Evaluator.evaluate(s.shadow().withResourcePolicy(rp), request);
      Decision live = r.decision();
      if (shadow.allowed() == live.allowed()) {
        count(key, ShadowResult.SAME);
        return;
      }
      // A difference is only the draft's if the live set, rebuilt the same way, answers as live did.
      Decision rebuilt = Evaluator.evaluate(s.live().withResourcePolicy(rp), request);
      if (rebuilt.allowed() != live.allowed()) {
        throw new IllegalStateException("the live decision (" + live.outcome() + ") could not be reproduced from the directory ("
            + rebuilt.outcome() + "): not comparing");
      }
      ShadowResult result = shadow.allowed() ? ShadowResult.NEWLY_ALLOWED : ShadowResult.NEWLY_DENIED;
      stats(key).example(new ShadowExample(clock.instant(), request.caller().display(), request.action(), request.resource(), result,
          live.outcome(), names(live.deciding()), shadow.outcome(), names(shadow.deciding())));
      count(key, result);
      audit.record(new AuditEvent.ShadowDecisionEvent(clock.instant(), key.tenant(), request.caller().display(), request.action(),
          request.resource(), request.resourceAccount(), key.policy(), key.version(), key.liveVersion(), result.tag(), live.outcome(),
          live.deciding(), shadow.outcome(), shadow.deciding(), r.configVersion()));
    } catch (RuntimeException e) {
      ShadowStats st = stats(key);
      boolean first = st.snapshot().failed() == 0;
      count(key, ShadowResult.FAILED);
      // The first failure of a draft is a warning with its cause; the rest are counted, and logged at FINE.
      LOG.log(first ? Level.WARNING : Level.FINE, "Shadow evaluation of " + key.policy() + " " + key.version() + " failed for "
          + r.request().action() + " on " + r.request().resource() + " (the live decision stood)", e);
    }
  }

  private Sets build(Identity id, Draft d) {
    Directory dir = directory.get();
    Tenant t = id.tenant();
    Map<String, ManagedPolicy> withDraft = new java.util.HashMap<>(t.policies());
    withDraft.put(d.policy().arn(), d.policy().withDefault(d.key().version()));
    Tenant drafted = new Tenant(t.id(), t.version(), t.description(), t.users(), t.groups(), t.roles(), withDraft, t.guardrails(),
        t.rootEnabled(), t.fingerprint(), t.identityMapping(), t.passwordPolicy(), t.console());
    return new Sets(policies(dir, t, id), policies(dir, drafted, id));
  }

  /** The principal's policy set as the directory builds it from {@code t}. */
  private static PolicySet policies(Directory dir, Tenant t, Identity id) {
    if (id instanceof Identity.UserIdentity u) {
      return dir.user(t, u.user()).policies();
    }
    if (id instanceof Identity.RoleSessionIdentity s) {
      return dir.roleSession(t, s.role(), s.sessionName(), s.sessionPolicies(), s.sessionKeys()).policies();
    }
    throw new IllegalArgumentException("no managed policy is attached to " + id.caller().display());
  }

  /** The resource's policy, found as the authorizer found it. */
  private PolicySet.CompiledResourcePolicy resourcePolicy(Authorizer.Result r) {
    String owner = r.request().resourceAccount() != null ? r.request().resourceAccount() : r.identity().tenant().id();
    return resourcePolicies.apply(owner, r.request().resource())
        .map(p -> resources.get(p, PolicySet.CompiledResourcePolicy::new)).orElse(null);
  }

  private static List<String> names(List<StatementRef> refs) {
    List<String> out = new ArrayList<>(refs.size());
    for (StatementRef s : refs) {
      out.add(s.policy() + "#" + (s.sid() != null ? s.sid() : Integer.toString(s.index())));
    }
    return out;
  }

  private ShadowStats stats(ShadowKey key) {
    return stats.computeIfAbsent(key, k -> new ShadowStats(clock.instant()));
  }

  private void count(ShadowKey key, ShadowResult result) {
    stats(key).count(result);
    for (ShadowListener l : listeners) {
      try {
        l.counted(key, result);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "A shadow listener failed: " + l, e);
      }
    }
  }

  /** The counts and latest differences of a draft on this server (empty when it was never evaluated here). */
  public ShadowStats.Snapshot report(ShadowKey key) {
    ShadowStats s = stats.get(key);
    return s == null ? ShadowStats.Snapshot.empty(null) : s.snapshot();
  }

  /** Starts a draft's counts afresh (when it is put in shadow again). */
  public void reset(ShadowKey key) {
    stats.remove(key);
  }

  /** Comparisons waiting, when the executor is {@link #boundedExecutor}'s; else 0. */
  public int queueDepth() {
    return executor instanceof ShadowQueue q ? q.depth() : 0;
  }

  /** Stops the shadow thread (comparisons still queued are dropped). */
  @Override
  public void close() {
    if (executor instanceof ShadowQueue q) {
      q.close();
    } else if (executor instanceof ExecutorService s) {
      s.shutdownNow();
    }
  }
}
