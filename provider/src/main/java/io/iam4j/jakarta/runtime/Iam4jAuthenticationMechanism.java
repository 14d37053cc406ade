package io.iam4j.jakarta.runtime;

import io.iam4j.directory.Directory;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.signin.BrowserSession;
import io.iam4j.jakarta.ContainerRoles;
import io.iam4j.signin.OriginCheck;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * One authentication mechanism for programs and browsers.
 *
 * <ul>
 *   <li><b>Programs are stateless.</b> AWS Signature Version 4 ({@link SigV4Authentication}: access
 *       keys and STS temporary credentials, header or presigned URL), HTTP BASIC ({@code Authorization: Basic}, MFA code in the
 *       {@code X-Iam4j-MFA} header) and role-session bearer tokens from {@code sts:AssumeRole}
 *       ({@code Authorization: Bearer}) authenticate one request and never create or use an HTTP
 *       session. A request with an {@code Authorization} header is authenticated by that header only,
 *       whatever cookie comes with it.
 *   <li><b>Browsers sign in with a form</b> ({@code POST .../login} with {@code username}, {@code
 *       password}, {@code mfa}). The session id is rotated and the session is bound to the version of
 *       the credential ({@link io.iam4j.signin.CredentialVersions}); every later request re-checks it
 *       against the directory serving now and ends the session (401) when the user was deleted, the
 *       password, groups or MFA device changed, or the absolute or idle lifetime ended. An unsafe
 *       request authenticated by the session must come from the request's own origin
 *       ({@link OriginCheck}); {@code POST .../logout} ends the session.
 *   <li><b>Failed sign-ins are throttled</b> per user name and per source address: during a lock
 *       every attempt, the right password included, is answered {@code 429} with {@code
 *       Retry-After}. Refusals, locks and session ends are written to the audit trail.
 *   <li>A role-session token is refused once its role is deleted or re-created, or when the role's
 *       sessions were revoked after it was issued.
 *   <li>Container roles are scoped by tenant: group {@code G} of tenant {@code T} is role {@code
 *       G@T}, a session of role {@code R} is in role {@code R@T}.
 * </ul>
 *
 * A user with an MFA device who presents a valid, unused TOTP code signs in with {@code
 * aws:MultiFactorAuthPresent} true; a wrong or reused code fails the sign-in. {@link SignInSelection}
 * installs it (application scoped, without {@code @AutoApplySession}: the mechanism owns its
 * sessions) when the application has no mechanism of its own, or when {@code iam4j.sign-in=iam4j}.
 */
// A bean of the jar, kept or vetoed by SignInSelection (iam4j.sign-in).
@jakarta.enterprise.context.ApplicationScoped
public class Iam4jAuthenticationMechanism implements HttpAuthenticationMechanism {
  /** The longest caller name signed in (the named limit {@code iam4j caller name}). */
  public static final int MAX_CALLER_NAME_CHARS = 256;
  /** The longest password checked (the named limit {@code iam4j password}). */
  public static final int MAX_PASSWORD_CHARS = 1024;
  public static final String MFA_HEADER = "X-Iam4j-MFA";
  /**
   * The request attribute ({@code Boolean.TRUE}) telling later filters that the browser session
   * cookie authenticated this request (not an {@code Authorization} header or a signature): the IAM
   * API then asks for the console's CSRF token ({@link AwsQueryFilter}).
   */
  public static final String SESSION_AUTHENTICATED = "io.iam4j.session.authenticated";

  @Inject IdentityStoreHandler identityStores;
  @Inject DirectoryIdentityStore directory;
  @Inject Iam4j iam4j;
  @Inject Iam4jSignIn signIn;
  @Inject SigV4Authentication sigV4;
  @Inject ProgramSignIn programs;

  @Override
  public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response, HttpMessageContext ctx) {
    // Program credentials signed the AWS way (header or presigned URL): this request only, no session.
    if (sigV4.applies(request)) {
      return sigV4.authenticate(request, ctx);
    }
    String auth = request.getHeader("Authorization");
    if (auth != null) {
      return fromHeader(request, ctx, auth);
    }
    if ("POST".equals(request.getMethod()) && request.getRequestURI().endsWith("/login")) {
      return formSignIn(request, ctx);
    }
    HttpSession session = request.getSession(false);
    if (session != null && session.getAttribute(BrowserSession.ATTRIBUTE) instanceof BrowserSession s) {
      return fromSession(request, ctx, session, s);
    }
    if (session != null && isLogout(request)) {
      session.invalidate();
    }
    return ctx.isProtected() ? challenge(ctx) : ctx.doNothing();
  }

  /** BASIC or bearer: this request only, no session read or written. */
  private AuthenticationStatus fromHeader(HttpServletRequest request, HttpMessageContext ctx, String auth) {
    if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return challenge(ctx);
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return challenge(ctx);
      }
      String name = decoded.substring(0, colon);
      Optional<SignedIn> in = signIn(request, ctx, "basic", name, decoded.substring(colon + 1), request.getHeader(MFA_HEADER));
      if (in.isEmpty()) {
        return AuthenticationStatus.SEND_FAILURE;
      }
      request.setAttribute(RequestContexts.MFA_PRESENT, in.get().mfa());
      request.setAttribute(RequestContexts.MFA_AUTH_TIME, Instant.now().getEpochSecond());
      return ctx.notifyContainerAboutLogin(in.get().caller(), in.get().groups());
    }
    // Bearer (and every other scheme): the program credentials, shared with ProgramRouting.
    return programs.validate(request, ctx, SignInChallenge.IAM4J_BASIC);
  }

  /** The form: a new browser session under a new id, bound to the credential's version. */
  private AuthenticationStatus formSignIn(HttpServletRequest request, HttpMessageContext ctx) {
    String origin = request.getHeader("Origin");
    if (origin != null && !OriginCheck.allowed(origin, null, ownOrigin(request), signIn.sessions().settings().trustedOrigins())) {
      // Login CSRF: another site signing the browser in to an account of its choosing.
      signIn.audit(request, "form", "FAILURE", null, "cross-origin sign-in form", null);
      return refuse(ctx, 403, "AccessDenied", "Cross-origin request refused");
    }
    String name = request.getParameter("username");
    Optional<SignedIn> in = signIn(request, ctx, "form", name, request.getParameter("password"), request.getParameter("mfa"));
    if (in.isEmpty()) {
      return AuthenticationStatus.SEND_FAILURE;
    }
    Instant now = Instant.now();
    // A session is bound to a directory user's credential version: callers of other stores get none.
    Optional<BrowserSession> started = in.get().user() == null ? Optional.empty()
        : signIn.sessions().start(in.get().caller(), in.get().tenant(), in.get().user().name(), in.get().mfa(), now);
    if (started.isEmpty()) {
      return challenge(ctx);
    }
    // A new id for the signed-in session: an id known before the sign-in (fixation) is worth nothing.
    HttpSession session = request.getSession(false);
    if (session != null) {
      request.changeSessionId();
    } else {
      session = request.getSession(true);
    }
    session.setAttribute(BrowserSession.ATTRIBUTE, started.get());
    signIn.audit(request, "form", "SUCCESS", in.get().caller(), null, null);
    request.setAttribute(RequestContexts.MFA_PRESENT, in.get().mfa());
    request.setAttribute(RequestContexts.MFA_AUTH_TIME, now.getEpochSecond());
    return ctx.notifyContainerAboutLogin(in.get().caller(), in.get().groups());
  }

  /** A request authenticated by its session cookie: re-checked against the directory serving now. */
  private AuthenticationStatus fromSession(HttpServletRequest request, HttpMessageContext ctx, HttpSession session, BrowserSession s) {
    if (OriginCheck.unsafe(request.getMethod()) && !OriginCheck.allowed(request.getHeader("Origin"), request.getHeader("Referer"),
        ownOrigin(request), signIn.sessions().settings().trustedOrigins())) {
      signIn.audit(request, "session", "FAILURE", s.caller(), "cross-origin " + request.getMethod() + " with a session cookie", null);
      return refuse(ctx, 403, "AccessDenied", "Cross-origin request refused");
    }
    Instant now = Instant.now();
    // One snapshot for the check and the groups: a reload in between cannot mix two versions.
    Directory directory = iam4j.store().directory();
    Optional<String> refusal = signIn.sessions().refusal(s, directory, now);
    if (refusal.isEmpty() && consoleSession(session)) {
      // The console's own, shorter idle limit (iam4j.console.idle-timeout).
      refusal = ConsoleConfig.current().idleRefusal(s, now);
    }
    if (refusal.isPresent()) {
      invalidate(session);
      signIn.audit(request, "session", "SESSION_ENDED", s.caller(), refusal.get(), null);
      if (!ctx.isProtected() && ConsoleConfig.current().covers(request)) {
        // The console's pages answer an ended session with the sign-in form and a message.
        request.setAttribute(ConsoleServlet.ENDED, refusal.get());
        return ctx.doNothing();
      }
      return challenge(ctx);
    }
    if (isLogout(request)) {
      invalidate(session);
      signIn.audit(request, "session", "LOGOUT", s.caller(), "logout", null);
      return ctx.isProtected() ? challenge(ctx) : ctx.doNothing();
    }
    session.setAttribute(BrowserSession.ATTRIBUTE, s.seen(now));
    // The fingerprint matched: the user and its groups are the ones the session was made with.
    Tenant t = directory.tenant(s.tenant()).orElseThrow();
    User u = t.users().get(s.user());
    request.setAttribute(RequestContexts.MFA_PRESENT, s.mfa());
    request.setAttribute(RequestContexts.MFA_AUTH_TIME, s.signedInAt().getEpochSecond());
    request.setAttribute(SESSION_AUTHENTICATED, Boolean.TRUE);
    return ctx.notifyContainerAboutLogin(s.caller(), ContainerRoles.of(u.groups(), t.id()));
  }

  /**
   * What a successful password (and MFA) check yields.
   *
   * @param tenant the directory's tenant and user; null for a caller another identity store validated
   */
  private record SignedIn(String caller, Tenant tenant, User user, Set<String> groups, boolean mfa) {}

  /**
   * Checks name, password and MFA code under the throttle. On failure the response (401 or 429) is
   * written and the result is empty.
   */
  private Optional<SignedIn> signIn(HttpServletRequest request, HttpMessageContext ctx, String method, String name,
      String password, String mfaCode) {
    if (name == null || password == null) {
      challenge(ctx);
      return Optional.empty();
    }
    String address = request.getRemoteAddr();
    Instant now = Instant.now();
    if (name.length() > MAX_CALLER_NAME_CHARS || password.length() > MAX_PASSWORD_CHARS) {
      // Longer than any caller name (a user name of 64, "@", a tenant id of 63) or password the
      // directory holds: a failure, counted under a shortened name, never hashed, stored or audited whole.
      failed(request, ctx, method, name.substring(0, Math.min(name.length(), 64)) + "...", "the user name or password is too long", now);
      return Optional.empty();
    }
    Optional<Duration> locked = signIn.throttle().lockedFor(name, address, now);
    if (locked.isPresent()) {
      // Not even checked: during a lock the right password fails too.
      signIn.audit(request, method, "THROTTLED", name, "too many failed sign-ins", locked.get());
      throttled(ctx, locked.get());
      return Optional.empty();
    }
    CredentialValidationResult result = identityStores.validate(new UsernamePasswordCredential(name, password));
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      failed(request, ctx, method, name, "wrong user name or password", now);
      return Optional.empty();
    }
    // Another identity store may know callers the directory does not (iam4j.unknown-caller decides them).
    Optional<User> user = directory.find(name);
    Tenant tenant = user.isEmpty() ? null : iam4j.store().directory().tenant(name.substring(name.lastIndexOf('@') + 1)).orElse(null);
    boolean mfa = false;
    if (mfaCode != null && !mfaCode.isBlank()) {
      mfa = tenant != null && signIn.acceptTotp(tenant, user.get(), mfaCode, now);
      if (!mfa) {
        failed(request, ctx, method, name, "invalid or already used MFA code", now);
        return Optional.empty();
      }
    }
    signIn.throttle().success(name);
    return Optional.of(new SignedIn(result.getCallerPrincipal().getName(), tenant, user.orElse(null), result.getCallerGroups(), mfa));
  }

  private void failed(HttpServletRequest request, HttpMessageContext ctx, String method, String name, String reason, Instant now) {
    Duration lock = signIn.throttle().failure(name, request.getRemoteAddr(), now);
    signIn.audit(request, method, "FAILURE", name, reason, lock.isZero() ? null : lock);
    // The same answer whatever was wrong (unknown user, password, MFA code): nothing to enumerate.
    challenge(ctx);
  }

  private static boolean consoleSession(HttpSession session) {
    try {
      return session.getAttribute(ConsoleSession.ATTRIBUTE) != null;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static boolean isLogout(HttpServletRequest request) {
    return "POST".equals(request.getMethod()) && request.getRequestURI().endsWith("/logout");
  }

  private static void invalidate(HttpSession session) {
    try {
      session.invalidate();
    } catch (IllegalStateException e) {
      // already invalidated by a concurrent request
    }
  }

  private static String ownOrigin(HttpServletRequest request) {
    return OriginCheck.origin(request.getScheme(), request.getServerName(), request.getServerPort());
  }

  private AuthenticationStatus challenge(HttpMessageContext ctx) {
    return challenge(ctx, SignInChallenge.IAM4J_BASIC);
  }

  /** 401 with {@code challenge} as {@code WWW-Authenticate} and IAM's error body. */
  static AuthenticationStatus challenge(HttpMessageContext ctx, String challenge) {
    ctx.getResponse().setHeader("WWW-Authenticate", challenge);
    return refuse(ctx, 401, "Unauthenticated", "Authentication is required");
  }

  /** 429 with {@code Retry-After} (whole seconds) and AWS's throttling error. */
  private AuthenticationStatus throttled(HttpMessageContext ctx, Duration lock) {
    long seconds = Iam4jSignIn.seconds(lock);
    ctx.getResponse().setHeader("Retry-After", Long.toString(seconds));
    return refuse(ctx, 429, "Throttling", "Rate exceeded: too many failed sign-ins; retry after " + seconds + " seconds");
  }

  private static AuthenticationStatus refuse(HttpMessageContext ctx, int status, String code, String message) {
    HttpServletResponse r = ctx.getResponse();
    try {
      r.setStatus(status);
      r.setContentType("application/json");
      r.getWriter().write(IamRequestFilter.body(code, message, null));
    } catch (IOException | IllegalStateException e) {
      // the status is what matters
    }
    return AuthenticationStatus.SEND_FAILURE;
  }
}
