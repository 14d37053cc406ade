package io.iam4j.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What cluster mode needs from a distributed engine (in Payara Micro: its Hazelcast; see the
 * runtime's {@code HazelcastTransport}): a map of each tenant's latest state that every member sees
 * changes of, a lock per tenant, shared counters and the member count. Container-free, so that
 * {@link ClusterSync}'s logic is tested without a grid.
 */
public interface ClusterTransport {
  /** This member's id (stable while it runs). */
  String self();

  /**
   * Delivers every state stored from now on (by any member, this one included) to {@code listener},
   * on a transport thread; the listener must return quickly.
   */
  void subscribe(Consumer<TenantState> listener);

  /** Tells {@code listener} when members join or leave. */
  void onMembershipChange(Runnable listener);

  /** Every tenant's latest version and fingerprint (small: what a node compares itself with). */
  Map<String, TenantVersion> versions();

  Optional<TenantVersion> version(String tenant);

  /** A tenant's latest state, files included. */
  Optional<TenantState> state(String tenant);

  /**
   * Stores {@code state} as its tenant's latest (state and version alike) and has it delivered to
   * every subscriber; callers hold {@link #locked} for the tenant.
   */
  void put(TenantState state);

  /** Runs {@code action} holding the cluster-wide lock of {@code tenant} (reentrant on one thread). */
  <T> T locked(String tenant, Supplier<T> action);

  /** A tenant's version and the fingerprint of its files, as the cluster holds them. */
  record TenantVersion(long version, String fingerprint) {
    /** As one string ({@code version:fingerprint}), what the grid stores. */
    public String encode() {
      return version + ":" + fingerprint;
    }

    public static TenantVersion decode(String s) {
      int i = s.indexOf(':');
      return new TenantVersion(Long.parseLong(s.substring(0, i)), s.substring(i + 1));
    }
  }

  /** Members of the cluster this member sees now, itself included. */
  int members();

  /** The shared counters called {@code name}. */
  SharedCounters counters(String name);
}
