package io.iam4j.cluster;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * Small counters every node of a cluster reads and changes atomically: the used TOTP steps and the
 * sign-in failure counters. Values are {@code long[]} (a plain JDK type the grid stores without
 * loading an application class).
 */
public interface SharedCounters {
  /**
   * Replaces the value of {@code key} by {@code update(old)} (old is null when absent; a null result
   * removes it), atomically across the cluster; the entry is forgotten {@code ttl} after its last
   * write. {@code update} runs on the calling thread, once.
   *
   * @return the new value (null when removed)
   */
  long[] update(String key, UnaryOperator<long[]> update, Duration ttl);

  /** The value of {@code key}, or null. */
  long[] get(String key);

  void remove(String key);
}
