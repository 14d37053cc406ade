package io.iam4j.signin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Makes TOTP codes single-use (RFC 6238 section 5.2: a verifier must not accept the second attempt
 * of the same OTP after the first successful validation). Per user, it remembers the last time step
 * whose code was accepted and accepts a code only for a later step, so a code seen on the wire, or
 * an older one still inside the drift window, cannot be replayed. Thread-safe; memory is bounded: a
 * step older than the drift window can never validate again, so an entry is kept only that long.
 */
public final class TotpReplayGuard {
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(TotpReplayGuard.class.getName());

  private final Cache<String, Long> lastStep;
  private final Duration window;
  /** In cluster mode, the steps every node has accepted (null: this node only). */
  private volatile io.iam4j.cluster.SharedCounters shared;

  /**
   * @param window how long an accepted step could still validate (steps of drift on both sides)
   * @param maxUsers users remembered at once
   */
  public TotpReplayGuard(Duration window, long maxUsers, Ticker ticker) {
    this.window = window;
    this.lastStep = Caffeine.newBuilder().maximumSize(maxUsers).expireAfterWrite(window).ticker(ticker).build();
  }

  /**
   * Accepts {@code step} for {@code userKey} (tenant, user and the user's id, so that a re-created
   * user starts fresh) when no code of this or a later step was accepted before. Atomic.
   */
  public boolean accept(String userKey, long step) {
    boolean[] accepted = {false};
    lastStep.asMap().compute(userKey, (k, last) -> {
      if (last != null && last >= step) {
        return last;
      }
      accepted[0] = true;
      return step;
    });
    io.iam4j.cluster.SharedCounters cluster = shared;
    if (!accepted[0] || cluster == null) {
      return accepted[0];
    }
    // In a cluster a code used on another node must be refused here too: the cluster's record decides.
    boolean[] acceptedEverywhere = {false};
    try {
      cluster.update(userKey, last -> {
        if (last != null && last.length > 0 && last[0] >= step) {
          acceptedEverywhere[0] = false;
          return last;
        }
        acceptedEverywhere[0] = true;
        return new long[] {step};
      }, window);
    } catch (RuntimeException e) {
      // Fail closed: without the cluster's record a replay on another node cannot be ruled out.
      LOG.log(java.util.logging.Level.WARNING, "TOTP code refused: the cluster's record of used codes is unavailable", e);
      return false;
    }
    return acceptedEverywhere[0];
  }

  /** Cluster mode: also records (and checks) accepted steps in {@code counters}, shared by every node. */
  public void share(io.iam4j.cluster.SharedCounters counters) {
    this.shared = counters;
  }
}
