package io.iam4j.jakarta.runtime;

import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.signin.BrowserSession;
import io.iam4j.signin.OriginCheck;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The administration console ({@code iam4j.console.enabled}, under {@code iam4j.console.path} P):
 *
 * <ul>
 *   <li>{@code GET P/{tenant}/}: the shell page (the template {@code META-INF/iam4j/console/console.html}
 *       with its placeholders filled, HTML-escaped). Signed in to that tenant's console: the app;
 *       otherwise the sign-in form. Each tenant has its own sign-in URL, as each AWS account has.
 *   <li>{@code GET P/assets/NAME}: the console's scripts, styles and images, by name only.
 *   <li>{@code POST P/{tenant}/signin}: iam4j's sign-in checks (password, single-use TOTP, the
 *       tenant's {@code "console": {"requireMfa"}}, throttling, audit), then a new HTTP session (a
 *       new id: fixation is worth nothing) holding iam4j's {@link BrowserSession}, which the
 *       authentication mechanism checks on every later request, and a {@link ConsoleSession} with
 *       the CSRF token. Answered with a 303 to the tenant's shell, built here from the validated tenant
 *       id: never a redirect the request chose.
 *   <li>{@code POST P/{tenant}/signout} (form field {@code csrf}): ends the session.
 * </ul>
 *
 * Every answer carries a strict Content-Security-Policy, {@code nosniff} and {@code Referrer-Policy: same-origin} (no-referrer would make Chromium send {@code Origin: null} on the console's own form posts, which the origin check refuses).
 * The console's actions are calls of the IAM API ({@link AwsQueryFilter}), authorized there as
 * every other caller's; a session-authenticated call must carry the session's CSRF token.
 */
public final class ConsoleServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(ConsoleServlet.class.getName());
  /** The request attribute holding why the mechanism just ended the request's console session. */
  static final String ENDED = "io.iam4j.console.ended";
  private static final String METHOD = "console";
  /** Assets are not versioned by name: a day, revalidated by ETag after that. */
  private static final String ASSET_CACHE = "public, max-age=86400";

  private final transient ConsoleConfig config;
  private final transient Map<String, byte[]> assets = new ConcurrentHashMap<>();
  private transient volatile String template;

  ConsoleServlet(ConsoleConfig config) {
    this.config = config;
  }

  /** Maps the console, unconstrained (Payara would otherwise put an undeclared constraint on it), when enabled. */
  public static void register(ServletContext ctx) {
    ConsoleConfig config;
    try {
      config = ConsoleConfig.fromConfig();
    } catch (RuntimeException e) {
      throw new io.iam4j.IamException("The iam4j console's settings are invalid: " + e.getMessage());
    }
    if (!config.enabled()) {
      return;
    }
    ServletRegistration.Dynamic s = ctx.addServlet("iam4j-console", new ConsoleServlet(config));
    if (s == null) {
      return;
    }
    java.util.Set<String> conflicts = s.addMapping(config.path() + "/*");
    if (!conflicts.isEmpty()) {
      throw new io.iam4j.IamException("iam4j.console.path " + config.path() + " is already mapped by the application: " + conflicts);
    }
    s.setServletSecurity(new ServletSecurityElement());
    LOG.info(() -> "iam4j console at " + ctx.getContextPath() + config.path() + "/{tenant}/");
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
    ConsolePages.securityHeaders().forEach(res::setHeader);
    ConsolePages.Route r = ConsolePages.route(req.getPathInfo());
    String method = req.getMethod();
    try {
      switch (r.kind()) {
        case "asset" -> {
          if (method.equals("GET") || method.equals("HEAD")) {
            asset(req, res, r.asset());
          } else {
            notAllowed(res, "GET, HEAD");
          }
        }
        case "slash" -> {
          if (method.equals("GET") || method.equals("HEAD")) {
            redirect(req, res, r.tenant(), "");
          } else {
            notAllowed(res, "GET, HEAD");
          }
        }
        case "shell" -> {
          if (method.equals("GET") || method.equals("HEAD")) {
            shell(req, res, r.tenant());
          } else {
            notAllowed(res, "GET, HEAD");
          }
        }
        case "signin" -> {
          if (method.equals("POST")) {
            signIn(req, res, r.tenant());
          } else {
            notAllowed(res, "POST");
          }
        }
        case "signout" -> {
          if (method.equals("POST")) {
            signOut(req, res, r.tenant());
          } else {
            notAllowed(res, "POST");
          }
        }
        default -> plain(res, 404, "Not found");
      }
    } catch (RuntimeException e) {
      // Fail closed: nothing half-done is answered as a success.
      LOG.log(Level.WARNING, "The iam4j console could not answer " + method + " " + req.getRequestURI(), e);
      if (!res.isCommitted()) {
        res.reset();
        ConsolePages.securityHeaders().forEach(res::setHeader);
        plain(res, 500, "The console could not answer this request");
      }
    }
  }

  // ---- the shell

  private void shell(HttpServletRequest req, HttpServletResponse res, String tenant) throws IOException {
    String tpl = template();
    if (tpl == null) {
      plain(res, 500, "The console's page " + ConsolePages.FOLDER + ConsolePages.TEMPLATE + " is missing from the application");
      return;
    }
    Optional<Signed> signed = signedIn(req, tenant);
    String asked = req.getParameter("error");
    String error = req.getAttribute(ENDED) != null ? ConsolePages.EXPIRED : asked != null && ConsolePages.ERRORS.contains(asked) ? asked : "";
    AwsSettings aws = AwsSettings.fromConfig();
    String ctx = req.getContextPath();
    Map<String, String> v = new HashMap<>();
    v.put("tenant", tenant);
    v.put("user", signed.map(s -> s.browser().user()).orElse(""));
    v.put("csrf", signed.map(s -> s.console().csrf()).orElse(""));
    v.put("api", ctx + aws.iamPath());
    v.put("sts", ctx + aws.stsPath());
    v.put("assets", ctx + config.path() + "/assets");
    v.put("signedIn", Boolean.toString(signed.isPresent()));
    v.put("error", signed.isEmpty() ? error : "");
    v.put("consolePath", ctx + config.path() + "/" + tenant);
    byte[] body = ConsolePages.fill(tpl, v).getBytes(StandardCharsets.UTF_8);
    res.setStatus(200);
    res.setHeader("Cache-Control", "no-store");
    res.setContentType("text/html; charset=utf-8");
    res.setContentLength(body.length);
    if (!req.getMethod().equals("HEAD")) {
      res.getOutputStream().write(body);
    }
  }

  private record Signed(BrowserSession browser, ConsoleSession console) {}

  /** The request's console session of {@code tenant}: authenticated by the mechanism just now, and of that tenant. */
  private static Optional<Signed> signedIn(HttpServletRequest req, String tenant) {
    HttpSession session = req.getSession(false);
    if (session == null || req.getUserPrincipal() == null) {
      return Optional.empty();
    }
    try {
      if (session.getAttribute(BrowserSession.ATTRIBUTE) instanceof BrowserSession b && session.getAttribute(ConsoleSession.ATTRIBUTE)
          instanceof ConsoleSession c && b.tenant().equals(tenant) && c.tenant().equals(tenant) && req.getUserPrincipal().getName()
          .equals(b.caller())) {
        return Optional.of(new Signed(b, c));
      }
    } catch (IllegalStateException e) {
      // invalidated meanwhile
    }
    return Optional.empty();
  }

  private String template() throws IOException {
    String t = template;
    if (t == null) {
      byte[] b = resource(ConsolePages.TEMPLATE);
      if (b == null) {
        return null;
      }
      t = new String(b, StandardCharsets.UTF_8);
      template = t;
    }
    return t;
  }

  // ---- assets

  private void asset(HttpServletRequest req, HttpServletResponse res, String name) throws IOException {
    Optional<String> type = ConsolePages.assetType(name);
    byte[] body = type.isEmpty() ? null : assets.get(name);
    if (type.isPresent() && body == null) {
      body = resource(name);
      if (body != null) {
        assets.put(name, body); // only names that exist: the map is as small as the folder
      }
    }
    if (body == null) {
      plain(res, 404, "Not found");
      return;
    }
    String etag = "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "-" + body.length + "\"";
    res.setHeader("ETag", etag);
    res.setHeader("Cache-Control", ASSET_CACHE);
    if (etag.equals(req.getHeader("If-None-Match"))) {
      res.setStatus(304);
      return;
    }
    res.setStatus(200);
    res.setContentType(type.get());
    res.setContentLength(body.length);
    if (!req.getMethod().equals("HEAD")) {
      res.getOutputStream().write(body);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ConsoleServlet.class.getResourceAsStream("/" + ConsolePages.FOLDER + name)) {
      return in == null ? null : in.readAllBytes();
    }
  }

  // ---- sign-in and sign-out

  private void signIn(HttpServletRequest req, HttpServletResponse res, String tenantId) throws IOException {
    Iam4jSignIn signIn = CDI.current().select(Iam4jSignIn.class).get();
    if (!OriginCheck.allowed(req.getHeader("Origin"), req.getHeader("Referer"), ownOrigin(req), signIn.sessions().settings().trustedOrigins())) {
      // Login CSRF: another site signing this browser in to an account of its choosing.
      signIn.audit(req, METHOD, "FAILURE", null, "cross-origin console sign-in", null);
      plain(res, 403, "Cross-origin request refused");
      return;
    }
    String name = req.getParameter("username");
    String password = req.getParameter("password");
    String code = req.getParameter("mfa");
    code = code == null || code.isBlank() ? null : code.trim();
    Iam4j iam4j = CDI.current().select(Iam4j.class).get();
    Optional<Tenant> tenant = iam4j.store().directory().tenant(tenantId);
    // Asked before the password is checked, for any user name: the answer says nothing about either.
    if (code == null && tenant.isPresent() && tenant.get().console().requireMfa()) {
      redirect(req, res, tenantId, "?error=mfa-required");
      return;
    }
    if (name == null || password == null || name.isEmpty() || name.indexOf('@') >= 0
        || name.length() > Iam4jAuthenticationMechanism.MAX_CALLER_NAME_CHARS - 64
        || password.length() > Iam4jAuthenticationMechanism.MAX_PASSWORD_CHARS) {
      // Not a user name of this tenant (or longer than any): refused like a wrong password, never hashed or stored whole.
      String shown = name == null ? null : name.substring(0, Math.min(name.length(), 64)) + "@" + tenantId;
      failed(req, res, signIn, tenantId, shown, "malformed console sign-in");
      return;
    }
    String caller = name + "@" + tenantId;
    String address = req.getRemoteAddr();
    Instant now = Instant.now();
    Optional<Duration> locked = signIn.throttle().lockedFor(caller, address, now);
    if (locked.isPresent()) {
      // Not even checked: during a lock the right password fails too.
      signIn.audit(req, METHOD, "THROTTLED", caller, "too many failed sign-ins", locked.get());
      res.setHeader("Retry-After", Long.toString(Iam4jSignIn.seconds(locked.get())));
      redirect(req, res, tenantId, "?error=throttled");
      return;
    }
    CredentialValidationResult result;
    try {
      result = CDI.current().select(DirectoryIdentityStore.class).get().validate(new UsernamePasswordCredential(caller, password));
    } catch (RuntimeException e) {
      // The application replaced iam4j's sign-in (iam4j.sign-in=container): the console cannot sign anyone in.
      LOG.log(Level.WARNING, "The iam4j console needs iam4j's sign-in (iam4j.sign-in=iam4j or auto); refusing the sign-in", e);
      failed(req, res, signIn, tenantId, caller, "iam4j's directory sign-in is not installed");
      return;
    }
    Optional<User> user = tenant.map(t -> t.users().get(name));
    if (result.getStatus() != CredentialValidationResult.Status.VALID || user.isEmpty()) {
      failed(req, res, signIn, tenantId, caller, "wrong user name or password");
      return;
    }
    boolean mfa = false;
    if (code != null) {
      mfa = signIn.acceptTotp(tenant.get(), user.get(), code, now);
      if (!mfa) {
        failed(req, res, signIn, tenantId, caller, "invalid or already used MFA code");
        return;
      }
    }
    Optional<BrowserSession> started = signIn.sessions().start(caller, tenant.get(), name, mfa, now);
    if (started.isEmpty()) {
      failed(req, res, signIn, tenantId, caller, "the user changed during the sign-in");
      return;
    }
    signIn.throttle().success(caller);
    // A new session, not the old one renamed: an id known before (fixation) and whatever another
    // sign-in left in it are worth nothing.
    HttpSession old = req.getSession(false);
    if (old != null) {
      try {
        old.invalidate();
      } catch (IllegalStateException e) {
        // already ended
      }
    }
    HttpSession session = req.getSession(true);
    session.setAttribute(BrowserSession.ATTRIBUTE, started.get());
    session.setAttribute(ConsoleSession.ATTRIBUTE, ConsoleSession.start(tenantId));
    signIn.audit(req, METHOD, "SUCCESS", caller, mfa ? "console sign-in with MFA" : "console sign-in", null);
    redirect(req, res, tenantId, "#/users");
  }

  private void failed(HttpServletRequest req, HttpServletResponse res, Iam4jSignIn signIn, String tenantId, String caller, String reason)
      throws IOException {
    Instant now = Instant.now();
    Duration lock = caller == null ? Duration.ZERO : signIn.throttle().failure(caller, req.getRemoteAddr(), now);
    signIn.audit(req, METHOD, "FAILURE", caller, reason, lock.isZero() ? null : lock);
    // One answer whatever was wrong (user, password, code): nothing to enumerate.
    redirect(req, res, tenantId, "?error=invalid");
  }

  private void signOut(HttpServletRequest req, HttpServletResponse res, String tenantId) throws IOException {
    HttpSession session = req.getSession(false);
    ConsoleSession c = session == null ? null : attribute(session);
    if (c == null || req.getUserPrincipal() == null) {
      redirect(req, res, tenantId, ""); // nothing to end
      return;
    }
    if (!c.csrfMatches(req.getParameter("csrf"))) {
      // Logout CSRF: a page of another origin cannot end the session either.
      plain(res, 403, "Invalid or missing CSRF token");
      return;
    }
    Iam4jSignIn signIn = CDI.current().select(Iam4jSignIn.class).get();
    try {
      session.invalidate();
    } catch (IllegalStateException e) {
      // already ended
    }
    signIn.audit(req, "session", "LOGOUT", req.getUserPrincipal().getName(), "console sign-out", null);
    redirect(req, res, tenantId, "");
  }

  private static ConsoleSession attribute(HttpSession session) {
    try {
      return session.getAttribute(ConsoleSession.ATTRIBUTE) instanceof ConsoleSession c ? c : null;
    } catch (IllegalStateException e) {
      return null;
    }
  }

  // ---- answers

  /** 303 to the tenant's shell plus {@code suffix} (a query or fragment of this class's own). */
  private void redirect(HttpServletRequest req, HttpServletResponse res, String tenantId, String suffix) {
    res.setStatus(303);
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Location", req.getContextPath() + config.path() + "/" + tenantId + "/" + suffix);
  }

  private static void notAllowed(HttpServletResponse res, String allow) throws IOException {
    res.setHeader("Allow", allow);
    plain(res, 405, "Method not allowed");
  }

  private static void plain(HttpServletResponse res, int status, String message) throws IOException {
    res.setStatus(status);
    res.setHeader("Cache-Control", "no-store");
    res.setContentType("text/plain; charset=utf-8");
    byte[] b = message.getBytes(StandardCharsets.UTF_8);
    res.setContentLength(b.length);
    res.getOutputStream().write(b);
  }

  private static String ownOrigin(HttpServletRequest request) {
    return OriginCheck.origin(request.getScheme(), request.getServerName(), request.getServerPort());
  }
}
