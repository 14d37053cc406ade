package io.iam4j.jakarta.runtime;

import io.iam4j.crypto.SessionTokens;
import io.iam4j.jakarta.ContainerRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * iam4j's program credentials: what authenticates one request by itself, statelessly, with no
 * password and no session. Today a role-session bearer token from {@code sts:AssumeRole} ({@code
 * Authorization: Bearer v2....}); AWS Signature Version 4 joins it.
 *
 * <p>Used twice: by {@link Iam4jAuthenticationMechanism} for every {@code Authorization} header
 * other than BASIC (iam4j signs callers in), and, where the application signs callers in with a
 * mechanism of its own, by {@link ProgramRouting} on Jakarta Security 4.0: requests that {@link
 * #isProgramCredential carry one of these credentials} come here, all others go to the
 * application's mechanism. A request recognized as iam4j's is decided here only: a forged or expired
 * token is a 401, never a second try by another mechanism.
 *
 * <p>Not an {@code HttpAuthenticationMechanism} bean on purpose: the container (and its default
 * mechanism handler) must keep seeing exactly the application's mechanisms.
 */
// A bean of the jar; harmless where unused (it observes nothing and is only called).
@ApplicationScoped
public class ProgramSignIn {
  /** The challenge of a refused program credential where the application owns BASIC. */
  static final String BEARER_CHALLENGE = "Bearer realm=\"iam4j\"";
  /** How iam4j's role-session tokens begin ({@code v2.KEYID.PAYLOAD.MAC}), unlike a JWT ({@code eyJ...}). */
  private static final String TOKEN_PREFIX = "v2.";

  @Inject Iam4j iam4j;
  @Inject Iam4jSignIn signIn;
  @Inject SigV4Authentication sigV4;

  /**
   * Whether {@code request} carries a credential of iam4j's for programs, and so is iam4j's to
   * authenticate even where the application signs callers in itself (the selection of {@link
   * ProgramRouting}). It must recognize only what no other mechanism could be meant for: an
   * application's own bearer tokens (a JWT, an opaque OAuth token) and its BASIC stay its own.
   *
   * <p>Two kinds: iam4j's role-session bearer tokens ({@code Bearer v2....}), and requests signed
   * with AWS Signature Version 4 ({@code Authorization: AWS4-HMAC-SHA256 ...}, or a presigned URL's
   * {@code X-Amz-Algorithm=AWS4-HMAC-SHA256}): access keys and STS temporary credentials.
   */
  public static boolean isProgramCredential(HttpServletRequest request) {
    String auth = request.getHeader("Authorization");
    if (io.iam4j.sigv4.SigV4Verifier.isSigned(auth, request.getQueryString())) {
      return true;
    }
    return auth != null && isBearer(auth) && auth.substring(7).trim().startsWith(TOKEN_PREFIX);
  }

  /**
   * Authenticates this request by its program credential: the caller, or a refusal written to the
   * response ({@code 401} with {@code challenge} and IAM's error body).
   *
   * @param challenge the {@code WWW-Authenticate} of a refusal: iam4j's BASIC one where iam4j signs
   *     callers in, {@link #BEARER_CHALLENGE} beside an application's mechanism
   */
  AuthenticationStatus validate(HttpServletRequest request, HttpMessageContext ctx, String challenge) {
    if (sigV4.applies(request)) {
      return sigV4.authenticate(request, ctx);
    }
    String auth = request.getHeader("Authorization");
    if (auth != null && isBearer(auth)) {
      return bearer(request, ctx, auth.substring(7).trim(), challenge);
    }
    // Another scheme (or SigV4 switched off): not ours, and a header still excludes the session cookie.
    return ctx.isProtected() ? Iam4jAuthenticationMechanism.challenge(ctx, challenge) : ctx.doNothing();
  }

  private static boolean isBearer(String auth) {
    return auth.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  private AuthenticationStatus bearer(HttpServletRequest request, HttpMessageContext ctx, String token, String challenge) {
    SessionTokens.Session s = SessionTokens.verify(iam4j.key(), token, Instant.now());
    if (s != null && !s.issuer().equals(iam4j.settings().tokenIssuer())) {
      // Signed by this key, but for another issuer (another application sharing the key file).
      signIn.audit(request, "bearer", "FAILURE", s.callerName(), "the token's issuer is not " + iam4j.settings().tokenIssuer(), null);
      return Iam4jAuthenticationMechanism.challenge(ctx, challenge);
    }
    if (s == null) {
      signIn.audit(request, "bearer", "FAILURE", null, "the token is malformed, forged or expired", null);
      return Iam4jAuthenticationMechanism.challenge(ctx, challenge);
    }
    Optional<String> refusal = signIn.roleSessions().refusal(s, iam4j.store().directory());
    if (refusal.isPresent()) {
      signIn.audit(request, "bearer", "FAILURE", s.callerName(), refusal.get(), null);
      return Iam4jAuthenticationMechanism.challenge(ctx, challenge);
    }
    // Temporary credentials from AssumeRole: MFA is what the role's caller had (not carried here).
    request.setAttribute(RequestContexts.MFA_PRESENT, Boolean.FALSE);
    request.setAttribute(RequestContexts.TOKEN_ISSUE_TIME, s.issuedAt());
    return ctx.notifyContainerAboutLogin(s.callerName(), Set.of(ContainerRoles.of(s.role(), s.tenant())));
  }
}
