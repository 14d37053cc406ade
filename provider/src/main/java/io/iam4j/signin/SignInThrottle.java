package io.iam4j.signin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Counts failed sign-ins per user name and per source address and locks both out with an
 * exponentially growing backoff ({@link ThrottleSettings}). Thread-safe; memory is bounded by
 * {@link ThrottleSettings#maxTrackedKeys()} per kind.
 *
 * <p>Unknown user names are counted like known ones, so that a lock says nothing about whether a
 * user exists. A success clears the user's counter, never the address's: otherwise an attacker with
 * one valid account could reset the counter of the address it guesses from.
 */
public final class SignInThrottle {
  /** The counter of one key; immutable, replaced on each failure. */
  private record Failures(int count, Instant lastFailure, Instant lockedUntil) {}

  private final ThrottleSettings settings;
  private final Cache<String, Failures> users;
  private final Cache<String, Failures> addresses;
  private final Duration keep;
  /** In cluster mode, the counters of every node (null: this node's only). */
  private volatile io.iam4j.cluster.SharedCounters shared;
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(SignInThrottle.class.getName());

  public SignInThrottle(ThrottleSettings settings) {
    this(settings, Ticker.systemTicker());
  }

  /** With the ticker that expires idle counters (tests pass a fake one). */
  public SignInThrottle(ThrottleSettings settings, Ticker ticker) {
    this.settings = settings;
    // A counter outlives its lock: it is remembered for the window after the longest lock.
    Duration keep = settings.failureWindow().plus(settings.maxLock());
    this.keep = keep;
    this.users = Caffeine.newBuilder().maximumSize(settings.maxTrackedKeys()).expireAfterWrite(keep).ticker(ticker).build();
    this.addresses = Caffeine.newBuilder().maximumSize(settings.maxTrackedKeys()).expireAfterWrite(keep).ticker(ticker).build();
  }

  public ThrottleSettings settings() {
    return settings;
  }

  /**
   * How long sign-ins of {@code user} from {@code address} stay refused, or empty when they may be
   * tried. While locked, the password is not even checked: the right one fails too.
   */
  public Optional<Duration> lockedFor(String user, String address, Instant now) {
    Duration u = remaining(read(users, "u:", userKey(user)), now);
    Duration a = remaining(read(addresses, "a:", addressKey(address)), now);
    Duration longest = u.compareTo(a) >= 0 ? u : a;
    return longest.isZero() ? Optional.empty() : Optional.of(longest);
  }

  /** Records a failed sign-in; returns the lock it caused (zero when none). */
  public Duration failure(String user, String address, Instant now) {
    Failures u = count(users, "u:", userKey(user), now, settings.maxFailuresPerUser());
    Failures a = count(addresses, "a:", addressKey(address), now, settings.maxFailuresPerAddress());
    Duration du = remaining(u, now);
    Duration da = remaining(a, now);
    return du.compareTo(da) >= 0 ? du : da;
  }

  /** A successful sign-in: the user's failures are forgotten (the address's are not). */
  public void success(String user) {
    users.invalidate(userKey(user));
    io.iam4j.cluster.SharedCounters cluster = shared;
    if (cluster != null) {
      try {
        cluster.remove("u:" + userKey(user));
      } catch (RuntimeException e) {
        LOG.log(java.util.logging.Level.WARNING, "Sign-in throttling: the cluster's counters are unavailable", e);
      }
    }
  }

  /**
   * Cluster mode: failures are counted in {@code counters}, shared by every node, so that a guesser
   * spreading attempts over the nodes meets the same lock as on one. When the shared counters fail,
   * this node's own count applies (it still throttles what reaches this node).
   */
  public void share(io.iam4j.cluster.SharedCounters counters) {
    this.shared = counters;
  }

  private Failures read(Cache<String, Failures> local, String prefix, String key) {
    io.iam4j.cluster.SharedCounters cluster = shared;
    if (cluster != null) {
      try {
        return decode(cluster.get(prefix + key));
      } catch (RuntimeException e) {
        LOG.log(java.util.logging.Level.WARNING, "Sign-in throttling: the cluster's counters are unavailable; this node's apply", e);
      }
    }
    return local.getIfPresent(key);
  }

  private Failures count(Cache<String, Failures> local, String prefix, String key, Instant now, int max) {
    Failures mine = local.asMap().compute(key, (k, f) -> next(f, now, max));
    io.iam4j.cluster.SharedCounters cluster = shared;
    if (cluster == null) {
      return mine;
    }
    try {
      return decode(cluster.update(prefix + key, old -> encode(next(decode(old), now, max)), keep));
    } catch (RuntimeException e) {
      LOG.log(java.util.logging.Level.WARNING, "Sign-in throttling: the cluster's counters are unavailable; this node's apply", e);
      return mine;
    }
  }

  /** {count, last failure (epoch ms), locked until (epoch ms, or -1)}: what the cluster stores. */
  private static long[] encode(Failures f) {
    return new long[] {f.count(), f.lastFailure().toEpochMilli(), f.lockedUntil() == null ? -1 : f.lockedUntil().toEpochMilli()};
  }

  private static Failures decode(long[] v) {
    if (v == null || v.length < 3) {
      return null;
    }
    return new Failures((int) v[0], Instant.ofEpochMilli(v[1]), v[2] < 0 ? null : Instant.ofEpochMilli(v[2]));
  }

  private Failures next(Failures f, Instant now, int max) {
    // Failures further apart than the window start a new count.
    int count = f == null || f.lastFailure().plus(settings.failureWindow()).isBefore(now) ? 1 : f.count() + 1;
    Duration lock = settings.lockAfter(count, max);
    return new Failures(count, now, lock.isZero() ? null : now.plus(lock));
  }

  private static Duration remaining(Failures f, Instant now) {
    if (f == null || f.lockedUntil() == null || !now.isBefore(f.lockedUntil())) {
      return Duration.ZERO;
    }
    return Duration.between(now, f.lockedUntil());
  }

  /** User names are counted case-insensitively: {@code Alice@acme} must not be a fresh counter. */
  private static String userKey(String user) {
    return user == null ? "" : user.toLowerCase(Locale.ROOT);
  }

  private static String addressKey(String address) {
    return address == null ? "" : address;
  }
}
