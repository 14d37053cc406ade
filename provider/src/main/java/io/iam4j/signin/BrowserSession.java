package io.iam4j.signin;

import java.io.Serializable;
import java.time.Instant;

/**
 * What a form sign-in leaves in the HTTP session: who signed in, in which tenant, with which version
 * of the credential, when, with or without MFA, and until when at the latest. Immutable; the session
 * holds it under {@link #ATTRIBUTE} and it is checked on every request ({@link SessionCheck}).
 *
 * @param caller the container caller name, {@code user@tenant}
 * @param user the user name in the tenant
 * @param credentialVersion the {@link CredentialVersions} fingerprint at sign-in
 * @param notAfter the session's absolute end: sign-in plus the absolute timeout (or a role
 *     session's token expiry, when earlier)
 * @param lastSeen the last request the session authenticated (idle timeout)
 */
public record BrowserSession(String caller, String tenant, String user, String credentialVersion, Instant signedInAt,
    boolean mfa, Instant notAfter, Instant lastSeen) implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The session attribute holding it. */
  public static final String ATTRIBUTE = "io.iam4j.signin.session";

  public BrowserSession seen(Instant now) {
    return new BrowserSession(caller, tenant, user, credentialVersion, signedInAt, mfa, notAfter, now);
  }
}
