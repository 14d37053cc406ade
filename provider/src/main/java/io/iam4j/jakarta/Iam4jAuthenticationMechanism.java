package io.iam4j.jakarta;

import io.iam4j.crypto.SessionTokens;
import io.iam4j.crypto.Totp;
import io.iam4j.directory.User;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One authentication mechanism for scripts and browsers: HTTP BASIC ({@code Authorization: Basic},
 * MFA code in the {@code X-Iam4j-MFA} header), a form login ({@code POST .../login} with {@code
 * username}, {@code password}, {@code mfa}; the session remembers it) and role-session bearer tokens
 * from {@code sts:AssumeRole}. A user with an MFA device who presents a valid TOTP code signs in with
 * {@code aws:MultiFactorAuthPresent} true; a wrong code fails the sign-in. Applications enable it
 * with an {@code @ApplicationScoped} subclass.
 */
public class Iam4jAuthenticationMechanism implements HttpAuthenticationMechanism {
  private static final Logger LOG = Logger.getLogger(Iam4jAuthenticationMechanism.class.getName());
  public static final String MFA_HEADER = "X-Iam4j-MFA";

  @Inject IdentityStoreHandler identityStores;
  @Inject DirectoryIdentityStore directory;
  @Inject Iam4j iam4j;

  @Override
  public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response, HttpMessageContext ctx) {
    String auth = request.getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
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
      return signIn(request, ctx, decoded.substring(0, colon), decoded.substring(colon + 1), request.getHeader(MFA_HEADER), false);
    }
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      SessionTokens.Session s = SessionTokens.verify(iam4j.key(), auth.substring(7).trim(), Instant.now());
      if (s == null) {
        return challenge(ctx);
      }
      // Temporary credentials from AssumeRole: MFA is what the role's caller had (not carried here).
      request.setAttribute(RequestContexts.MFA_PRESENT, Boolean.FALSE);
      // A session of role R is in container role R (as the directory's users are in their groups),
      // so @RolesAllowed("R") and declared constraints name roles the same way IAM does.
      return ctx.notifyContainerAboutLogin(s.callerName(), Set.of(s.role()));
    }
    if ("POST".equals(request.getMethod()) && request.getRequestURI().endsWith("/login")) {
      return signIn(request, ctx, request.getParameter("username"), request.getParameter("password"), request.getParameter("mfa"), true);
    }
    if (ctx.isProtected()) {
      return challenge(ctx);
    }
    return ctx.doNothing();
  }

  private AuthenticationStatus signIn(HttpServletRequest request, HttpMessageContext ctx, String name, String password,
      String mfaCode, boolean session) {
    if (name == null || password == null) {
      return challenge(ctx);
    }
    CredentialValidationResult result = identityStores.validate(new UsernamePasswordCredential(name, password));
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      return challenge(ctx);
    }
    Optional<User> user = directory.find(name);
    boolean mfa = false;
    if (mfaCode != null && !mfaCode.isBlank()) {
      String seed = user.map(u -> u.credentials() == null ? null : u.credentials().totpSeedEncrypted()).orElse(null);
      mfa = seed != null && validCode(name, user.get(), seed, mfaCode.trim());
      if (!mfa) {
        LOG.info(() -> "Sign-in of " + name + " refused: invalid MFA code");
        return challenge(ctx);
      }
    }
    Object authTime = Instant.now().getEpochSecond();
    if (session) {
      request.getSession(true).setAttribute(RequestContexts.MFA_PRESENT, mfa);
      request.getSession().setAttribute(RequestContexts.MFA_AUTH_TIME, authTime);
      ctx.setRegisterSession(result.getCallerPrincipal().getName(), result.getCallerGroups());
    } else {
      request.setAttribute(RequestContexts.MFA_PRESENT, mfa);
      request.setAttribute(RequestContexts.MFA_AUTH_TIME, authTime);
    }
    return ctx.notifyContainerAboutLogin(result);
  }

  /** A seed that does not open for this user (copied from another user's file, sealed elsewhere) fails the sign-in. */
  private boolean validCode(String callerName, User user, String stored, String code) {
    byte[] seed;
    try {
      seed = MfaSeeds.decrypt(iam4j.key(), callerName.substring(callerName.lastIndexOf('@') + 1), user.name(), stored);
    } catch (io.iam4j.IamException e) {
      LOG.warning(() -> "The MFA seed of " + callerName + " does not open with this server's keys for this user");
      return false;
    }
    return Totp.verify(seed, code, Instant.now());
  }

  private AuthenticationStatus challenge(HttpMessageContext ctx) {
    HttpServletResponse r = ctx.getResponse();
    r.setHeader("WWW-Authenticate", "Basic realm=\"iam4j\"");
    try {
      r.setStatus(401);
      r.setContentType("application/json");
      r.getWriter().write(IamRequestFilter.body("Unauthenticated", "Authentication is required", null));
    } catch (IOException e) {
      // the status is what matters
    }
    return AuthenticationStatus.SEND_FAILURE;
  }
}
