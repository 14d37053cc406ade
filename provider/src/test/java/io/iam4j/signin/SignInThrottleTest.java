package io.iam4j.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Failed sign-ins lock a user name and a source address, with a growing, capped backoff. */
class SignInThrottleTest {
  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  final ThrottleSettings settings = new ThrottleSettings(3, 10, Duration.ofSeconds(5), Duration.ofSeconds(60),
      Duration.ofMinutes(15), 1000);
  final SigninFixtures.ManualTicker ticker = new SigninFixtures.ManualTicker();
  final SignInThrottle throttle = new SignInThrottle(settings, ticker);

  @Test
  void failure_belowThreshold_noLock() {
    assertEquals(Duration.ZERO, throttle.failure("alice@acme", "10.0.0.1", T0));
    assertEquals(Duration.ZERO, throttle.failure("alice@acme", "10.0.0.1", T0));
    assertTrue(throttle.lockedFor("alice@acme", "10.0.0.1", T0).isEmpty());
  }

  @Test
  void failure_atThreshold_locksTheUserFromAnyAddress() {
    for (int i = 0; i < 3; i++) {
      throttle.failure("alice@acme", "10.0.0.1", T0);
    }
    assertEquals(Duration.ofSeconds(5), throttle.lockedFor("alice@acme", "10.0.0.1", T0).orElseThrow());
    assertEquals(Duration.ofSeconds(5), throttle.lockedFor("alice@acme", "192.0.2.7", T0).orElseThrow(),
        "the lock is the user's, whatever address the right password comes from");
    assertTrue(throttle.lockedFor("bob@acme", "192.0.2.7", T0).isEmpty(), "other users from other addresses are not locked");
  }

  @Test
  void lock_doublesWithEachFurtherFailure_cappedAtMax() {
    Instant t = T0;
    Duration last = Duration.ZERO;
    for (int i = 0; i < 3; i++) {
      last = throttle.failure("alice@acme", "10.0.0.1", t);
    }
    assertEquals(Duration.ofSeconds(5), last);
    t = t.plusSeconds(6);
    assertEquals(Duration.ofSeconds(10), throttle.failure("alice@acme", "10.0.0.1", t));
    t = t.plusSeconds(11);
    assertEquals(Duration.ofSeconds(20), throttle.failure("alice@acme", "10.0.0.1", t));
    for (int i = 0; i < 10; i++) {
      t = t.plusSeconds(61);
      last = throttle.failure("alice@acme", "10.0.0.1", t);
    }
    assertEquals(Duration.ofSeconds(60), last, "capped at the maximum lock");
  }

  @Test
  void lock_endsAfterItsTime() {
    for (int i = 0; i < 3; i++) {
      throttle.failure("alice@acme", "10.0.0.1", T0);
    }
    assertTrue(throttle.lockedFor("alice@acme", "10.0.0.1", T0.plusSeconds(4)).isPresent());
    assertFalse(throttle.lockedFor("alice@acme", "10.0.0.1", T0.plusSeconds(5)).isPresent());
  }

  @Test
  void unknownUserNames_countedLikeKnownOnes_caseInsensitive() {
    throttle.failure("Nobody@acme", "10.0.0.1", T0);
    throttle.failure("nobody@ACME", "10.0.0.2", T0);
    throttle.failure("NOBODY@acme", "10.0.0.3", T0);
    assertTrue(throttle.lockedFor("nobody@acme", "10.0.0.4", T0).isPresent(), "a lock does not tell whether a user exists");
  }

  @Test
  void address_lockedAfterItsThreshold_forEveryUserFromIt() {
    for (int i = 0; i < 10; i++) {
      throttle.failure("user" + i + "@acme", "10.0.0.9", T0);
    }
    assertTrue(throttle.lockedFor("carol@acme", "10.0.0.9", T0).isPresent(), "password spraying from one address");
    assertTrue(throttle.lockedFor("carol@acme", "10.0.0.8", T0).isEmpty());
  }

  @Test
  void success_clearsTheUser_notTheAddress() {
    for (int i = 0; i < 9; i++) {
      throttle.failure("victim" + (i % 2) + "@acme", "10.0.0.9", T0);
    }
    throttle.success("victim0@acme");
    throttle.success("victim1@acme");
    throttle.failure("victim0@acme", "10.0.0.9", T0);
    assertTrue(throttle.lockedFor("victim0@acme", "10.0.0.9", T0).isPresent(),
        "a valid account's sign-in does not reset the address the guesses come from");
    assertTrue(throttle.lockedFor("victim0@acme", "10.0.0.1", T0).isEmpty(), "the user's own counter was cleared");
  }

  @Test
  void failuresFartherApartThanTheWindow_startAfresh() {
    throttle.failure("alice@acme", "10.0.0.1", T0);
    throttle.failure("alice@acme", "10.0.0.1", T0.plusSeconds(60));
    assertEquals(Duration.ZERO, throttle.failure("alice@acme", "10.0.0.1", T0.plus(Duration.ofMinutes(17))));
  }

  @Test
  void counters_forgottenAfterWindowAndMaxLock_boundedMemory() {
    for (int i = 0; i < 3; i++) {
      throttle.failure("alice@acme", "10.0.0.1", T0);
    }
    ticker.advance(Duration.ofMinutes(16).plusSeconds(61));
    // Expired by the ticker: the next failure starts a new count.
    assertEquals(Duration.ZERO, throttle.failure("alice@acme", "10.0.0.1", T0));
  }
}
