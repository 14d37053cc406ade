package io.iam4j.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hand-driven time source for the decision cache: the Caffeine {@link Ticker} and the wall
 * {@link Clock} move together, so that "advance the ticker" and "requests carry a later
 * aws:CurrentTime" describe the same passage of time. Thread-safe.
 */
final class FakeTicker implements Ticker {
  private final AtomicLong nanos;
  private final long origin;
  private final Instant start;

  /**
   * @param start the wall-clock instant at which the ticker reads {@code origin}
   * @param origin the ticker's first reading (Caffeine's ticker origin is arbitrary, even negative)
   */
  FakeTicker(Instant start, long origin) {
    this.start = start;
    this.origin = origin;
    this.nanos = new AtomicLong(origin);
  }

  FakeTicker(Instant start) {
    this(start, 0);
  }

  @Override
  public long read() {
    return nanos.get();
  }

  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  void advanceSeconds(long seconds) {
    advance(Duration.ofSeconds(seconds));
  }

  /** Moves forward to {@code t} (never back). */
  void advanceTo(Instant t) {
    Duration d = Duration.between(now(), t);
    if (d.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: " + now() + " -> " + t);
    }
    advance(d);
  }

  /** The wall-clock instant matching the ticker's reading. */
  Instant now() {
    return start.plusNanos(nanos.get() - origin);
  }

  /** A clock that reads {@link #now()}. */
  Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Instant instant() {
        return now();
      }
    };
  }
}
