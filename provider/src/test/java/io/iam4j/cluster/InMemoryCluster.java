package io.iam4j.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A cluster in one JVM for {@link ClusterSync}'s tests: one shared map of states (stored encoded, as
 * the grid would), one lock per tenant, events delivered on a separate thread in order, and members
 * that can be cut off (a cut-off member keeps its own copy of the maps and sees itself alone).
 */
final class InMemoryCluster {
  /** A group of members that see each other: the whole cluster, or one side of a partition. */
  final class Side {
    final Map<String, HashMap<String, String>> states = new ConcurrentHashMap<>();
    final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    final Map<String, Map<String, long[]>> counters = new ConcurrentHashMap<>();
    final List<Member> members = new CopyOnWriteArrayList<>();
  }

  private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "in-memory-cluster-events");
    t.setDaemon(true);
    return t;
  });
  private Side main = new Side();

  Member join(String name) {
    Member m = new Member(name, main);
    main.members.add(m);
    main.members.forEach(x -> x.membership.forEach(r -> events.execute(r)));
    return m;
  }

  /** Cuts {@code m} off: it keeps a copy of what it saw, alone on its side. */
  void cutOff(Member m) {
    Side alone = new Side();
    main.states.forEach((k, v) -> alone.states.put(k, new HashMap<>(v)));
    main.members.remove(m);
    alone.members.add(m);
    m.side = alone;
    main.members.forEach(x -> x.membership.forEach(r -> events.execute(r)));
    m.membership.forEach(r -> events.execute(r));
  }

  /** Stops delivering to {@code m} (a killed member). */
  void leave(Member m) {
    main.members.remove(m);
    main.members.forEach(x -> x.membership.forEach(r -> events.execute(r)));
  }

  final class Member implements ClusterTransport {
    final String name;
    volatile Side side;
    final List<Consumer<TenantState>> listeners = new CopyOnWriteArrayList<>();
    final List<Runnable> membership = new CopyOnWriteArrayList<>();

    Member(String name, Side side) {
      this.name = name;
      this.side = side;
    }

    @Override
    public String self() {
      return name;
    }

    @Override
    public void subscribe(Consumer<TenantState> listener) {
      listeners.add(listener);
    }

    @Override
    public void onMembershipChange(Runnable listener) {
      membership.add(listener);
    }

    @Override
    public Map<String, TenantVersion> versions() {
      Map<String, TenantVersion> out = new HashMap<>();
      side.states.forEach((t, s) -> {
        TenantState st = TenantState.decode(s);
        out.put(t, new TenantVersion(st.version(), st.fingerprint()));
      });
      return out;
    }

    @Override
    public Optional<TenantVersion> version(String tenant) {
      return Optional.ofNullable(versions().get(tenant));
    }

    @Override
    public Optional<TenantState> state(String tenant) {
      return Optional.ofNullable(side.states.get(tenant)).map(TenantState::decode);
    }

    @Override
    public void put(TenantState state) {
      HashMap<String, String> encoded = state.encode();
      side.states.put(state.tenant(), encoded);
      List<Member> to = new ArrayList<>(side.members);
      events.execute(() -> to.forEach(m -> m.listeners.forEach(l -> l.accept(TenantState.decode(encoded)))));
    }

    @Override
    public <T> T locked(String tenant, Supplier<T> action) {
      ReentrantLock l = side.locks.computeIfAbsent(tenant, t -> new ReentrantLock());
      l.lock();
      try {
        return action.get();
      } finally {
        l.unlock();
      }
    }

    @Override
    public int members() {
      return side.members.size();
    }

    @Override
    public SharedCounters counters(String name) {
      Side s = side;
      Map<String, long[]> map = s.counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
      return new SharedCounters() {
        @Override
        public long[] update(String key, UnaryOperator<long[]> update, Duration ttl) {
          long[][] out = new long[1][];
          map.compute(key, (k, old) -> out[0] = update.apply(old));
          return out[0];
        }

        @Override
        public long[] get(String key) {
          return map.get(key);
        }

        @Override
        public void remove(String key) {
          map.remove(key);
        }
      };
    }
  }
}
