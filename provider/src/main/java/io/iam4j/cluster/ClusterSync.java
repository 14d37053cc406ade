package io.iam4j.cluster;

import io.iam4j.IamException;
import io.iam4j.config.ConfigEvent;
import io.iam4j.config.ConfigException;
import io.iam4j.config.ConfigStore;
import io.iam4j.config.ConfigWriter;
import io.iam4j.directory.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps one node's {@link ConfigStore} equal to its cluster's: the cluster mode of iam4j.
 *
 * <ul>
 *   <li>A change acknowledged here (an API write, a file edit on this node) is stored as its tenant's
 *       latest {@link TenantState} in the cluster, at the version this node gave it. An API write runs
 *       under the tenant's cluster-wide lock, after catching up with the cluster, and returns only
 *       once the cluster holds it: two nodes never acknowledge the same version, and an acknowledged
 *       change is never overwritten by one made without seeing it.
 *   <li>A state another node stored is applied through {@link ConfigWriter#replicate}: validated like
 *       any write (a change refused there keeps the last good configuration serving and makes this
 *       node not ready), written to this node's files, audited, at the same version. Only newer
 *       versions are applied, so a late or repeated message never reverts anything.
 *   <li>A refused change (a file edit that does not load) is never shipped: it is refused everywhere.
 *   <li>A node that starts, or rejoins, compares its versions with the cluster's and takes every
 *       newer state before it reports ready ({@link Status#ready()}); a periodic reconciliation is the
 *       safety net for anything an event did not carry.
 *   <li>A node that sees too few members (fewer than a majority of {@code expectedMembers}) keeps
 *       serving its last good configuration, refuses configuration writes (they could not be
 *       acknowledged cluster-wide) and says so in {@link #status()}.
 * </ul>
 *
 * Thread-safe. Applying and background publishing run on one worker thread, in order.
 */
public final class ClusterSync implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ClusterSync.class.getName());

  /**
   * @param expectedMembers how many members the cluster has when whole (0: unknown; then a node never
   *     refuses writes for lack of members and "degraded" means fewer members than it once saw)
   * @param reconcileEvery how often a node compares its versions with the cluster's (the safety net;
   *     changes themselves arrive as events)
   * @param lockTimeout how long a write waits for its tenant's cluster-wide lock
   */
  public record Settings(int expectedMembers, Duration reconcileEvery, Duration lockTimeout) {
    public static Settings defaults() {
      return new Settings(0, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }
  }

  /** Where this node stands in its cluster. */
  public enum State {
    /** Catching up with the cluster's versions: not ready. */
    CATCHING_UP,
    /** Every expected member (or every member ever seen) is there, and this node has every version. */
    CONNECTED,
    /** Fewer members than expected but a majority: serving and accepting writes. */
    DEGRADED,
    /** Cut off from the majority: serving the last good configuration, refusing writes. */
    PARTITIONED
  }

  /**
   * @param behind tenants whose cluster version this node has not installed (version in the cluster)
   * @param refused tenants whose cluster version this node refused, with why (its last good version serves)
   * @param lastMessageAt when the last state from another member arrived (null: none yet)
   */
  public record Status(State state, boolean ready, int members, int expectedMembers, int maxMembersSeen,
      Instant lastMessageAt, Instant lastMembershipChangeAt, Map<String, Long> behind, Map<String, String> refused,
      long applied, long published) {}

  private final ConfigStore store;
  private final ClusterTransport transport;
  private final Settings settings;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor worker;
  /** The tenant whose write runs on this thread under its cluster lock: its events are published at once. */
  private final ThreadLocal<String> guarded = new ThreadLocal<>();
  /** Set while this thread applies a cluster state: its events are the cluster's, not to publish back. */
  private final ThreadLocal<Boolean> applying = ThreadLocal.withInitial(() -> false);
  /** Tenants changed here and not yet stored in the cluster (removals included). */
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final Map<String, String> refused = new ConcurrentHashMap<>();
  private volatile boolean caughtUp;
  private volatile Instant lastMessageAt;
  private volatile Instant lastMembershipChangeAt;
  private volatile int maxMembersSeen;
  private final java.util.concurrent.atomic.AtomicLong applied = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong published = new java.util.concurrent.atomic.AtomicLong();

  public ClusterSync(ConfigStore store, ClusterTransport transport, Settings settings, Clock clock) {
    this.store = store;
    this.transport = transport;
    this.settings = settings;
    this.clock = clock;
    this.worker = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "iam4j-cluster");
      t.setDaemon(true);
      return t;
    });
    this.worker.setRemoveOnCancelPolicy(true);
  }

  /**
   * Joins: listens to the store and the cluster, then catches up (on the calling thread, so that the
   * application starts answering only after it), then reconciles periodically.
   */
  public void start() {
    maxMembersSeen = transport.members();
    lastMembershipChangeAt = clock.instant();
    store.addListener(this::changed);
    transport.subscribe(s -> worker.execute(() -> received(s)));
    transport.onMembershipChange(() -> {
      lastMembershipChangeAt = clock.instant();
      maxMembersSeen = Math.max(maxMembersSeen, transport.members());
      worker.execute(this::reconcileQuietly);
    });
    store.writer().guard(new ConfigWriter.WriteGuard() {
      @Override
      public <T> T around(String tenant, Supplier<T> write) {
        return guardedWrite(tenant, write);
      }
    });
    reconcile();
    caughtUp = true;
    long every = settings.reconcileEvery().toMillis();
    worker.scheduleWithFixedDelay(this::reconcileQuietly, every, every, TimeUnit.MILLISECONDS);
    LOG.info(() -> "iam4j cluster mode: member " + transport.self() + " of " + transport.members() + ", "
        + store.directory().tenants().size() + " tenants in step with the cluster");
  }

  /** Compares every tenant with the cluster: takes newer states, stores newer local ones. */
  void reconcile() {
    Map<String, ClusterTransport.TenantVersion> cluster = transport.versions();
    for (Map.Entry<String, ClusterTransport.TenantVersion> e : cluster.entrySet()) {
      if (newer(e.getKey(), e.getValue())) {
        transport.state(e.getKey()).ifPresent(this::apply);
      } else {
        // This node has the cluster's version (or a newer one) by another way: its storage's own
        // poller (a shared database back after an outage) or a reload. A refusal of it is over.
        refused.remove(e.getKey());
      }
    }
    Set<String> mine = new TreeSet<>(store.directory().tenants().keySet());
    mine.addAll(dirty);
    for (String t : mine) {
      ClusterTransport.TenantVersion c = cluster.get(t);
      Optional<Tenant> local = store.directory().tenant(t);
      boolean ahead = local.isPresent() ? c == null || c.version() < local.get().version()
          || (c.version() == local.get().version() && !c.fingerprint().equals(local.get().fingerprint()))
          : dirty.contains(t);
      if (ahead) {
        locked(t, () -> {
          publish(t, null);
          return null;
        });
      }
    }
  }

  private void reconcileQuietly() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "iam4j cluster: reconciliation failed (retried in " + settings.reconcileEvery() + ")", e);
    }
  }

  /** Whether the cluster's {@code v} of {@code tenant} is one this node should install. */
  private boolean newer(String tenant, ClusterTransport.TenantVersion v) {
    Optional<Tenant> local = store.directory().tenant(tenant);
    if (local.isEmpty()) {
      return v.version() > 0 && !v.fingerprint().isEmpty();
    }
    return v.version() > local.get().version()
        || (v.version() == local.get().version() && !v.fingerprint().equals(local.get().fingerprint()));
  }

  private void received(TenantState s) {
    try {
      if (!s.origin().equals(transport.self())) {
        lastMessageAt = clock.instant();
      }
      apply(s);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "iam4j cluster: could not apply " + s, e);
    }
  }

  /**
   * Installs {@code s} when it is newer than what serves here. At an equal version with other files
   * (a concurrent edit here), the cluster's state wins: it is the acknowledged one.
   */
  void apply(TenantState s) {
    Optional<Tenant> local = store.directory().tenant(s.tenant());
    long lv = local.map(Tenant::version).orElse(0L);
    if (s.removed()) {
      if (local.isEmpty() || lv >= s.version()) {
        return;
      }
    } else if (lv > s.version() || (lv == s.version() && local.get().fingerprint().equals(s.fingerprint()))) {
      refused.remove(s.tenant());
      return;
    }
    if (local.isPresent() && lv == s.version()) {
      LOG.warning(() -> "iam4j cluster: tenant " + s.tenant() + " version " + lv + " differs here from the cluster's (a concurrent"
          + " edit on this node); the cluster's, acknowledged by member " + s.origin() + ", replaces it");
    }
    boolean was = applying.get();
    applying.set(true);
    try {
      store.writer().replicate(s.tenant(), Math.max(s.version(), lv == s.version() ? lv + 1 : 0), s.files(),
          (s.actor() == null || s.actor().isBlank() ? "cluster member " + s.origin() : s.actor())
              + ": replicated from cluster member " + s.origin() + " (version " + s.version() + ")");
      refused.remove(s.tenant());
      dirty.remove(s.tenant());
      applied.incrementAndGet();
    } catch (ConfigException e) {
      refused.put(s.tenant(), "version " + s.version() + " from member " + s.origin() + " refused: " + e.getMessage());
      LOG.warning(() -> "iam4j cluster: tenant " + s.tenant() + " version " + s.version() + " from member " + s.origin()
          + " was refused here, the last good version " + lv + " keeps serving and this node is not ready: " + e.getMessage());
    } catch (io.iam4j.config.StorageUnavailableException e) {
      // The storage is down (the store reported it once, SEVERE): not ready until it is back and this version installed.
      refused.put(s.tenant(), "version " + s.version() + " from member " + s.origin() + " waits for the storage: " + e.getMessage());
      LOG.fine(() -> "iam4j cluster: tenant " + s.tenant() + " version " + s.version() + " waits for the storage: " + e.getMessage());
    } catch (RuntimeException e) {
      refused.put(s.tenant(), "version " + s.version() + " from member " + s.origin() + " could not be written: " + e.getMessage());
      LOG.log(Level.WARNING, "iam4j cluster: tenant " + s.tenant() + " version " + s.version() + " could not be applied", e);
    } finally {
      applying.set(was);
    }
  }

  /** A local configuration event: stored in the cluster at once (API write) or from the worker (file edit). */
  private void changed(ConfigEvent e) {
    if (e.kind() == ConfigEvent.Kind.FAILED || applying.get()) {
      return;
    }
    dirty.add(e.tenant());
    if (e.tenant().equals(guarded.get())) {
      publish(e.tenant(), e.actor());
    } else {
      worker.execute(() -> {
        try {
          locked(e.tenant(), () -> {
            publish(e.tenant(), e.actor());
            return null;
          });
        } catch (RuntimeException ex) {
          LOG.log(Level.WARNING, "iam4j cluster: tenant " + e.tenant() + " could not be shared yet (retried)", ex);
        }
      });
    }
  }

  /**
   * Stores this node's version of {@code tenant} as the cluster's latest, unless the cluster already
   * holds a version at least as new; under the tenant's cluster lock. Failures leave it dirty.
   */
  private void publish(String tenant, String actor) {
    try {
      Optional<Tenant> local = store.directory().tenant(tenant);
      Optional<ClusterTransport.TenantVersion> c = transport.version(tenant);
      if (local.isEmpty()) {
        if (c.isPresent() && !c.get().fingerprint().isEmpty() && dirty.contains(tenant)) {
          transport.put(new TenantState(tenant, c.get().version() + 1, "", Map.of(), transport.self(), "", clock.millis()));
          published.incrementAndGet();
        }
        dirty.remove(tenant);
        return;
      }
      Tenant t = local.get();
      if (c.isPresent() && c.get().version() >= t.version()) {
        if (!c.get().fingerprint().equals(t.fingerprint())) {
          // Another member acknowledged a change this edit did not see: the acknowledged one stays.
          catchUp(tenant);
        }
        dirty.remove(tenant);
        return;
      }
      ConfigWriter.Snapshot snap;
      try {
        snap = store.writer().snapshot(tenant);
      } catch (io.iam4j.config.ConfigConflictException pending) {
        return; // an edit on disk not reloaded yet: its own event follows
      }
      String by = actor != null ? actor : "file edit on cluster member " + transport.self();
      transport.put(new TenantState(tenant, snap.tenant().version(), snap.tenant().fingerprint(), snap.files(), transport.self(),
          by, clock.millis()));
      published.incrementAndGet();
      dirty.remove(tenant);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "iam4j cluster: tenant " + tenant + " could not be shared with the cluster yet (retried)", e);
    }
  }

  private <T> T guardedWrite(String tenant, Supplier<T> write) {
    Status s = status();
    if (s.state() == State.PARTITIONED) {
      throw new IamException("This server sees " + s.members() + " of the cluster's " + settings.expectedMembers()
          + " members: configuration changes are refused until it rejoins the majority (the last good configuration keeps serving)");
    }
    return locked(tenant, () -> {
      // Catch up first, so that the write's expected version is checked against the cluster's latest.
      catchUp(tenant);
      String previous = guarded.get();
      guarded.set(tenant);
      try {
        T result = write.get();
        if (dirty.contains(tenant)) {
          publish(tenant, null);
        }
        if (dirty.contains(tenant)) {
          throw new IamException("The change to tenant " + tenant + " is active on this server but could not be shared with"
              + " the cluster yet; it is retried in the background");
        }
        return result;
      } finally {
        guarded.set(previous);
      }
    });
  }

  /** Installs the cluster's state of {@code tenant} if it is newer than this node's. */
  private void catchUp(String tenant) {
    Optional<ClusterTransport.TenantVersion> v = transport.version(tenant);
    if (v.isPresent() && newer(tenant, v.get())) {
      transport.state(tenant).ifPresent(this::apply);
    }
  }

  private <T> T locked(String tenant, Supplier<T> action) {
    return transport.locked(tenant, action);
  }

  /** Where this node stands: members, partition state, versions it lacks, refusals. */
  public Status status() {
    int members = transport.members();
    int expected = settings.expectedMembers();
    Map<String, Long> behind = new TreeMap<>();
    try {
      transport.versions().forEach((t, v) -> {
        if (newer(t, v)) {
          behind.put(t, v.version());
        }
      });
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "iam4j cluster: versions unavailable", e);
    }
    State state;
    if (!caughtUp) {
      state = State.CATCHING_UP;
    } else if (expected > 0 ? members * 2 <= expected : false) {
      state = State.PARTITIONED;
    } else if (members < (expected > 0 ? expected : maxMembersSeen)) {
      state = State.DEGRADED;
    } else {
      state = State.CONNECTED;
    }
    boolean ready = caughtUp && behind.isEmpty() && refused.isEmpty();
    return new Status(state, ready, members, expected, maxMembersSeen, lastMessageAt, lastMembershipChangeAt, behind,
        new TreeMap<>(refused), applied.get(), published.get());
  }

  /** The cluster's version of each tenant (what this node compares itself with). */
  public Map<String, Long> clusterVersions() {
    Map<String, Long> out = new TreeMap<>();
    transport.versions().forEach((t, v) -> out.put(t, v.version()));
    return out;
  }

  @Override
  public void close() {
    store.writer().guard(null);
    worker.shutdownNow();
  }
}
