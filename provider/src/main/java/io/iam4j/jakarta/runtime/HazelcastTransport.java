package io.iam4j.jakarta.runtime;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.iam4j.IamException;
import io.iam4j.cluster.ClusterTransport;
import io.iam4j.cluster.SharedCounters;
import io.iam4j.cluster.TenantState;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link ClusterTransport} over the Hazelcast instance Payara Micro runs (JNDI {@code
 * payara/Hazelcast}). Maps, all holding plain JDK types so that the grid never loads an application
 * class:
 *
 * <ul>
 *   <li>{@code iam4j-config-states}: tenant to its latest {@link TenantState} (encoded; files
 *       included), whose entry events (with values) carry every change to every member;
 *   <li>{@code iam4j-config-versions}: tenant to {@code version:fingerprint}, small, what a node compares
 *       itself with, and whose per-key lock serializes writes to a tenant cluster-wide;
 *   <li>{@code iam4j-counters-NAME}: shared counters ({@code long[]}), with a time to live per entry.
 * </ul>
 *
 * Loaded only in cluster mode, so that a server without Hazelcast never needs its classes.
 */
final class HazelcastTransport implements ClusterTransport, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HazelcastTransport.class.getName());
  /** A lock outlives a member that died holding it by at most this long (Hazelcast also frees a dead member's locks). */
  private static final long LOCK_LEASE_SECONDS = 60;

  private final HazelcastInstance hz;
  private final IMap<String, HashMap<String, String>> states;
  private final IMap<String, String> versions;
  private final Duration lockTimeout;
  private final String self;
  private final CopyOnWriteArrayList<UUID> entryListeners = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<UUID> membershipListeners = new CopyOnWriteArrayList<>();

  /**
   * @param instance what JNDI gave (a {@link HazelcastInstance})
   * @param prefix the maps' name prefix ({@code iam4j.cluster.name}), so that two applications on one
   *     cluster keep separate configurations
   */
  HazelcastTransport(Object instance, String prefix, Duration lockTimeout) {
    this.hz = (HazelcastInstance) instance;
    if (!hz.getLifecycleService().isRunning()) {
      throw new IamException("The Hazelcast instance is not running");
    }
    this.states = hz.getMap(prefix + "-config-states");
    this.versions = hz.getMap(prefix + "-config-versions");
    this.lockTimeout = lockTimeout;
    Member me = hz.getCluster().getLocalMember();
    this.self = me.getAddress().getHost() + ":" + me.getAddress().getPort() + "/" + me.getUuid().toString().substring(0, 8);
  }

  @Override
  public String self() {
    return self;
  }

  @Override
  public void subscribe(Consumer<TenantState> listener) {
    class Delivery implements EntryAddedListener<String, HashMap<String, String>>, EntryUpdatedListener<String, HashMap<String, String>> {
      @Override
      public void entryAdded(EntryEvent<String, HashMap<String, String>> event) {
        deliver(event);
      }

      @Override
      public void entryUpdated(EntryEvent<String, HashMap<String, String>> event) {
        deliver(event);
      }

      private void deliver(EntryEvent<String, HashMap<String, String>> event) {
        try {
          listener.accept(TenantState.decode(event.getValue()));
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "iam4j cluster: a configuration state of tenant " + event.getKey() + " could not be read", e);
        }
      }
    }
    entryListeners.add(states.addEntryListener(new Delivery(), true));
  }

  @Override
  public void onMembershipChange(Runnable listener) {
    membershipListeners.add(hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent e) {
        LOG.info(() -> "iam4j cluster: member " + e.getMember().getAddress() + " joined; " + e.getMembers().size() + " members");
        listener.run();
      }

      @Override
      public void memberRemoved(MembershipEvent e) {
        LOG.warning(() -> "iam4j cluster: member " + e.getMember().getAddress() + " left; " + e.getMembers().size() + " members");
        listener.run();
      }
    }));
  }

  @Override
  public Map<String, TenantVersion> versions() {
    Map<String, TenantVersion> out = new HashMap<>();
    versions.forEach((t, v) -> out.put(t, TenantVersion.decode(v)));
    return out;
  }

  @Override
  public Optional<TenantVersion> version(String tenant) {
    return Optional.ofNullable(versions.get(tenant)).map(TenantVersion::decode);
  }

  @Override
  public Optional<TenantState> state(String tenant) {
    return Optional.ofNullable(states.get(tenant)).map(TenantState::decode);
  }

  @Override
  public void put(TenantState state) {
    // The state first: whoever sees the new version can then fetch its files.
    states.set(state.tenant(), state.encode());
    versions.set(state.tenant(), new TenantVersion(state.version(), state.fingerprint()).encode());
  }

  @Override
  public <T> T locked(String tenant, Supplier<T> action) {
    boolean locked;
    try {
      locked = versions.tryLock(tenant, lockTimeout.toMillis(), TimeUnit.MILLISECONDS, LOCK_LEASE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IamException("Interrupted while waiting for the cluster lock of tenant " + tenant, e);
    }
    if (!locked) {
      throw new IamException("Another server of the cluster held the configuration lock of tenant " + tenant + " for "
          + lockTimeout + "; try again");
    }
    try {
      return action.get();
    } finally {
      versions.unlock(tenant);
    }
  }

  @Override
  public int members() {
    return hz.getCluster().getMembers().size();
  }

  @Override
  public SharedCounters counters(String name) {
    IMap<String, long[]> map = hz.getMap("iam4j-counters-" + name);
    return new SharedCounters() {
      @Override
      public long[] update(String key, UnaryOperator<long[]> update, Duration ttl) {
        map.lock(key, LOCK_LEASE_SECONDS, TimeUnit.SECONDS);
        try {
          long[] next = update.apply(map.get(key));
          if (next == null) {
            map.delete(key);
          } else {
            map.set(key, next, Math.max(1, ttl.toMillis()), TimeUnit.MILLISECONDS);
          }
          return next;
        } finally {
          map.unlock(key);
        }
      }

      @Override
      public long[] get(String key) {
        return map.get(key);
      }

      @Override
      public void remove(String key) {
        map.delete(key);
      }
    };
  }

  @Override
  public void close() {
    for (UUID id : entryListeners) {
      try {
        states.removeEntryListener(id);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "iam4j cluster: listener removal", e);
      }
    }
    for (UUID id : membershipListeners) {
      try {
        hz.getCluster().removeMembershipListener(id);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "iam4j cluster: listener removal", e);
      }
    }
  }
}
