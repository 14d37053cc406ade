package io.iam4j.signin;

import java.time.Duration;

/**
 * How failed sign-ins are throttled. After {@code maxFailuresPerUser} failures of one user name (or
 * {@code maxFailuresPerAddress} from one source address) within {@code failureWindow} of each other,
 * sign-ins of that name (from that address) are locked for {@code initialLock}; every further failure
 * after a lock doubles it, up to {@code maxLock}. Immutable.
 *
 * @param maxFailuresPerUser failures of one user name before it is locked (1 or more)
 * @param maxFailuresPerAddress failures from one source address before it is locked (1 or more);
 *     higher than the user's, because many users may share an address (NAT, proxies)
 * @param initialLock the first lock
 * @param maxLock the longest lock
 * @param failureWindow how long a failure is remembered after the last one
 * @param maxTrackedKeys user names and addresses with counters kept (each kind); beyond it the least
 *     recently failed are forgotten
 */
public record ThrottleSettings(int maxFailuresPerUser, int maxFailuresPerAddress, Duration initialLock, Duration maxLock,
    Duration failureWindow, long maxTrackedKeys) {

  public static final int DEFAULT_MAX_FAILURES_PER_USER = 5;
  public static final int DEFAULT_MAX_FAILURES_PER_ADDRESS = 20;
  public static final Duration DEFAULT_INITIAL_LOCK = Duration.ofSeconds(5);
  public static final Duration DEFAULT_MAX_LOCK = Duration.ofMinutes(15);
  public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofMinutes(15);
  public static final long DEFAULT_MAX_TRACKED_KEYS = 100_000;

  public ThrottleSettings {
    if (maxFailuresPerUser < 1 || maxFailuresPerAddress < 1) {
      throw new IllegalArgumentException("max failures must be 1 or more");
    }
    if (initialLock.isNegative() || initialLock.isZero() || maxLock.compareTo(initialLock) < 0) {
      throw new IllegalArgumentException("0 < initial lock <= max lock; got " + initialLock + ", " + maxLock);
    }
    if (failureWindow.isNegative() || failureWindow.isZero() || maxTrackedKeys < 1) {
      throw new IllegalArgumentException("failure window and tracked keys must be positive");
    }
  }

  public static ThrottleSettings defaults() {
    return new ThrottleSettings(DEFAULT_MAX_FAILURES_PER_USER, DEFAULT_MAX_FAILURES_PER_ADDRESS, DEFAULT_INITIAL_LOCK,
        DEFAULT_MAX_LOCK, DEFAULT_FAILURE_WINDOW, DEFAULT_MAX_TRACKED_KEYS);
  }

  /** The lock after {@code failures} failures with a threshold of {@code max}: zero below it, then doubling. */
  Duration lockAfter(int failures, int max) {
    if (failures < max) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failures - max, 40);
    Duration d = initialLock;
    for (int i = 0; i < doublings && d.compareTo(maxLock) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxLock) > 0 ? maxLock : d;
  }
}
