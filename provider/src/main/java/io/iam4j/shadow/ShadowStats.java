package io.iam4j.shadow;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one draft since this server started evaluating it, and its latest differing
 * requests (at most {@link #MAX_EXAMPLES}). Thread-safe.
 */
public final class ShadowStats {
  /** Differing requests kept per draft, newest last. */
  public static final int MAX_EXAMPLES = 10;

  private final Instant since;
  private final LongAdder same = new LongAdder();
  private final LongAdder newlyAllowed = new LongAdder();
  private final LongAdder newlyDenied = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final ArrayDeque<ShadowExample> examples = new ArrayDeque<>();

  ShadowStats(Instant since) {
    this.since = since;
  }

  void count(ShadowResult r) {
    switch (r) {
      case SAME -> same.increment();
      case NEWLY_ALLOWED -> newlyAllowed.increment();
      case NEWLY_DENIED -> newlyDenied.increment();
      case FAILED -> failed.increment();
      case DROPPED -> dropped.increment();
    }
  }

  void example(ShadowExample e) {
    synchronized (examples) {
      if (examples.size() == MAX_EXAMPLES) {
        examples.removeFirst();
      }
      examples.addLast(e);
    }
  }

  /**
   * A consistent-enough copy: each count is exact, the counts are read one after another.
   *
   * @param evaluated requests compared with the draft (same + newly allowed + newly denied)
   */
  public record Snapshot(Instant since, long evaluated, long same, long newlyAllowed, long newlyDenied, long failed, long dropped,
      List<ShadowExample> examples) {
    public Snapshot {
      examples = List.copyOf(examples);
    }

    public static Snapshot empty(Instant since) {
      return new Snapshot(since, 0, 0, 0, 0, 0, 0, List.of());
    }
  }

  public Snapshot snapshot() {
    List<ShadowExample> copy;
    synchronized (examples) {
      copy = new ArrayList<>(examples);
    }
    long s = same.sum();
    long a = newlyAllowed.sum();
    long d = newlyDenied.sum();
    return new Snapshot(since, s + a + d, s, a, d, failed.sum(), dropped.sum(), copy);
  }
}
