package io.iam4j.eval;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Lower-cased names, made once: every request lower-cases its action and its context keys, and
 * they are few (an application's actions, the condition keys it fills), so each is lower-cased
 * once and then looked up without allocating. Bounded: names from requests can be anything, so
 * beyond {@link #MAX_ENTRIES} (or a long name) it lower-cases every time. Thread-safe.
 */
final class Lowered<V> {
  static final int MAX_ENTRIES = 4096;
  static final int MAX_LENGTH = 256;

  /**
   * Context keys. Interned, as the cache profile's keys are ({@link PolicySet#cacheProfile}), so
   * that a lookup by a profile's key finds the context's key by identity (no string comparison).
   */
  static final Lowered<String> KEYS = new Lowered<>(s -> s.toLowerCase(Locale.ROOT).intern());

  /** Actions, with their service prefix. */
  static final Lowered<Action> ACTIONS = new Lowered<>(Action::of);

  /** A lower-cased action and its service (the part before the colon, or the whole name). */
  record Action(String lower, String service) {
    static Action of(String action) {
      String lower = action.toLowerCase(Locale.ROOT);
      int colon = lower.indexOf(':');
      return new Action(lower, colon < 0 ? lower : lower.substring(0, colon));
    }
  }

  private final ConcurrentHashMap<String, V> map = new ConcurrentHashMap<>();
  private final Function<String, V> make;

  private Lowered(Function<String, V> make) {
    this.make = make;
  }

  V of(String name) {
    V v = map.get(name);
    if (v == null) {
      v = make.apply(name);
      if (name.length() <= MAX_LENGTH && map.size() < MAX_ENTRIES) {
        map.putIfAbsent(name, v);
      }
    }
    return v;
  }
}
