package io.iam4j.eval;

import java.time.Instant;
import java.util.List;

/**
 * How the decisions of one {@link PolicySet} depend on the request context, so that a cache keys on
 * exactly that. Immutable.
 *
 * @param keys lower-cased context keys some statement reads, the clock keys excepted
 * @param readsTime whether some statement reads {@code aws:CurrentTime} or {@code aws:EpochTime}
 * @param timeBounded whether every read of the clock is an ordering comparison (Date operators,
 *     Numeric on epoch seconds) or a Null check, so that decisions change only at {@code boundaries}
 * @param boundaries sorted instants at which some time comparison can change its result
 */
public record CacheProfile(List<String> keys, boolean readsTime, boolean timeBounded, List<Instant> boundaries) {
  public CacheProfile {
    keys = List.copyOf(keys);
    boundaries = List.copyOf(boundaries);
  }

  /** A context value read as the Date operators read it (ISO 8601 or epoch seconds), or null. */
  public static Instant instant(String value) {
    return value == null ? null : Values.date(value);
  }

  static boolean isTimeKey(String lower) {
    return lower.equals("aws:currenttime") || lower.equals("aws:epochtime");
  }

  /**
   * Until when a decision made at {@code now} stays right: the first boundary after {@code now}
   * (a comparison can flip there), or forever when there is none. At a boundary exactly, the decision
   * holds for that instant only.
   */
  public Instant validUntil(Instant now) {
    for (Instant b : boundaries) {
      if (b.equals(now)) {
        return now.plusNanos(1);
      }
      if (b.isAfter(now)) {
        return b;
      }
    }
    return Instant.MAX;
  }
}
