package io.iam4j.jakarta.runtime;

import io.iam4j.crypto.MfaSeeds;
import com.github.benmanes.caffeine.cache.Ticker;
import io.iam4j.audit.AuditEvent;
import io.iam4j.crypto.Totp;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.signin.CredentialVersions;
import io.iam4j.signin.RoleDeletions;
import io.iam4j.signin.RoleSessionCheck;
import io.iam4j.signin.SessionCheck;
import io.iam4j.signin.SignInThrottle;
import io.iam4j.signin.TotpReplayGuard;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The sign-in state of one application: failure counters and locks, the TOTP steps already used,
 * the credential versions browser sessions are bound to, and the roles seen deleted. Everything here
 * is bounded in memory and thread-safe. The settings are {@link Iam4jSettings}' {@code iam4j.signin.*}
 * and {@code iam4j.session.*}.
 */
@ApplicationScoped
class Iam4jSignIn {
  private static final Logger LOG = Logger.getLogger(Iam4jSignIn.class.getName());
  /** Users whose last accepted TOTP step is remembered at once. */
  static final long MAX_TOTP_USERS = 100_000;

  @Inject Iam4j iam4j;
  @Inject Iam4jCluster cluster;

  private SignInThrottle throttle;
  private TotpReplayGuard totp;
  private SessionCheck sessions;
  private RoleSessionCheck roleSessions;
  private RoleDeletions deletions;

  @PostConstruct
  void start() {
    throttle = new SignInThrottle(Iam4jSettings.throttle());
    totp = new TotpReplayGuard(Totp.acceptanceWindow().plusSeconds(Totp.STEP_SECONDS), MAX_TOTP_USERS, Ticker.systemTicker());
    // Cluster mode: a code used on one server is refused on every other, failures count over all of them.
    cluster.counters("totp-steps").ifPresent(totp::share);
    cluster.counters("signin-failures").ifPresent(throttle::share);
    sessions = new SessionCheck(Iam4jSettings.sessions(), new CredentialVersions());
    deletions = new RoleDeletions(Ticker.systemTicker());
    roleSessions = new RoleSessionCheck(deletions);
    // Deletions are found by comparing each serving directory with the one before it.
    AtomicReference<Directory> last = new AtomicReference<>(iam4j.store().directory());
    iam4j.store().addListener(e -> {
      Directory now = iam4j.store().directory();
      deletions.observe(last.getAndSet(now), now, Instant.now());
    });
  }

  SignInThrottle throttle() {
    return throttle;
  }

  SessionCheck sessions() {
    return sessions;
  }

  /** When the directory last saw each role deleted: sessions begun before then end. */
  RoleDeletions deletions() {
    return deletions;
  }

  RoleSessionCheck roleSessions() {
    return roleSessions;
  }

  /**
   * Whether {@code code} is the user's current TOTP code and no code of its step (or a later one) was
   * accepted before: a code is single-use.
   */
  boolean acceptTotp(Tenant tenant, User user, String code, Instant now) {
    if (user.credentials() == null || !user.credentials().hasMfaDevice()) {
      return false;
    }
    byte[] seed;
    try {
      seed = MfaSeeds.decrypt(iam4j.key(), tenant.id(), user.name(), user.credentials().totpSeedEncrypted());
    } catch (RuntimeException e) {
      // A seed this server's key cannot open (another key, a damaged file) verifies no code.
      LOG.warning(() -> "The MFA device of " + user.name() + "@" + tenant.id() + " cannot be read with this server's key");
      return false;
    }
    OptionalLong step = Totp.matchingStep(seed, code.trim(), now);
    java.util.Arrays.fill(seed, (byte) 0);
    // Keyed by the user's id too: a user re-created under the same name starts afresh.
    return step.isPresent() && totp.accept(tenant.id() + "/" + user.name() + "/" + user.id(), step.getAsLong());
  }

  /** Writes a sign-in event to the audit trail (which also feeds the metrics). Never fails the request. */
  void audit(HttpServletRequest http, String method, String outcome, String principal, String reason, Duration retryAfter) {
    try {
      String tenant = null;
      if (principal != null && principal.lastIndexOf('@') > 0) {
        tenant = principal.substring(principal.lastIndexOf('@') + 1);
      }
      AuditEvent.SignInEvent e = new AuditEvent.SignInEvent(Clock.systemUTC().instant(), Iam4jAudit.requestId(http), method,
          outcome, tenant, principal, reason, http.getRemoteAddr(), retryAfter == null ? 0 : seconds(retryAfter));
      if (iam4j.audit() != null) {
        iam4j.audit().record(e);
      }
    } catch (RuntimeException ex) {
      LOG.warning(() -> "A sign-in event could not be audited: " + ex);
    }
  }

  /** Whole seconds, rounded up: a client that waits this long finds the lock over. */
  static long seconds(Duration d) {
    return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
  }
}
