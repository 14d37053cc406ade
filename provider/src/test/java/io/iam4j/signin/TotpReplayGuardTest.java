package io.iam4j.signin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 6238 section 5.2: an accepted code is never accepted again. */
class TotpReplayGuardTest {
  final SigninFixtures.ManualTicker ticker = new SigninFixtures.ManualTicker();
  final TotpReplayGuard guard = new TotpReplayGuard(Duration.ofSeconds(120), 1000, ticker);

  @Test
  void accept_sameStepTwice_secondRefused() {
    assertTrue(guard.accept("acme/carol/AIDA1", 100));
    assertFalse(guard.accept("acme/carol/AIDA1", 100));
  }

  @Test
  void accept_olderStepAfterNewer_refused_laterAccepted() {
    assertTrue(guard.accept("acme/carol/AIDA1", 100));
    assertFalse(guard.accept("acme/carol/AIDA1", 99), "the previous step's code, still inside the drift window");
    assertTrue(guard.accept("acme/carol/AIDA1", 101));
  }

  @Test
  void accept_perUser() {
    assertTrue(guard.accept("acme/carol/AIDA1", 100));
    assertTrue(guard.accept("acme/dave/AIDA2", 100));
    assertTrue(guard.accept("acme/carol/AIDA9", 100), "a re-created user (another id) starts afresh");
  }

  @Test
  void entries_forgottenAfterTheWindow() {
    assertTrue(guard.accept("acme/carol/AIDA1", 100));
    ticker.advance(Duration.ofSeconds(121));
    // By now step 100 cannot validate any more; the entry is gone and memory is freed.
    assertTrue(guard.accept("acme/carol/AIDA1", 100));
  }
}
