package io.iam4j.signin;

import io.iam4j.directory.Directory;
import io.iam4j.directory.Tenant;
import java.time.Instant;
import java.util.Optional;

/**
 * Re-checks a browser session against the directory serving now, on every request: the session is
 * valid only while its credential is the one it was made with and its lifetimes have not ended.
 * Costs a map lookup and a string comparison ({@link CredentialVersions} caches per configuration
 * version). Thread-safe.
 */
public final class SessionCheck {
  private final SessionSettings settings;
  private final CredentialVersions versions;

  public SessionCheck(SessionSettings settings, CredentialVersions versions) {
    this.settings = settings;
    this.versions = versions;
  }

  public SessionSettings settings() {
    return settings;
  }

  /** Why the session must end now, or empty when it stays valid. */
  public Optional<String> refusal(BrowserSession s, Directory directory, Instant now) {
    if (!now.isBefore(s.notAfter())) {
      return Optional.of("the session's absolute lifetime ended");
    }
    if (!now.isBefore(s.lastSeen().plus(settings.idleTimeout()))) {
      return Optional.of("the session was idle too long");
    }
    Optional<Tenant> t = directory.tenant(s.tenant());
    if (t.isEmpty()) {
      return Optional.of("the tenant no longer exists");
    }
    Optional<String> current = versions.current(t.get(), s.user());
    if (current.isEmpty()) {
      return Optional.of("the user no longer exists");
    }
    if (!current.get().equals(s.credentialVersion())) {
      return Optional.of("the user's credentials or groups changed");
    }
    return Optional.empty();
  }

  /** A new session for a sign-in at {@code now}, bound to the user's current credential version. */
  public Optional<BrowserSession> start(String caller, Tenant tenant, String user, boolean mfa, Instant now) {
    return versions.current(tenant, user).map(v -> new BrowserSession(caller, tenant.id(), user, v, now, mfa,
        now.plus(settings.absoluteTimeout()), now));
  }
}
