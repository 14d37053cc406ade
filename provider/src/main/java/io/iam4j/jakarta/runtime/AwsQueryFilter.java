package io.iam4j.jakarta.runtime;

import io.iam4j.directory.Identity;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.Mapping;
import io.iam4j.sts.AwsError;
import io.iam4j.iamapi.IamCall;
import io.iam4j.iamapi.IamService;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import io.iam4j.sts.StsCaller;
import io.iam4j.sts.StsService;
import io.iam4j.sts.StsSession;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves STS and the IAM API on the AWS Query protocol ({@code iam4j.sts.enabled}): form POSTs to
 * {@code iam4j.sts.path} and {@code iam4j.iam.path}, and to {@code /} when their {@code Version}
 * says which (the AWS SDK for Java v2 drops an endpoint's path). The caller is whoever the
 * container authenticated (a SigV4 signature, BASIC, a bearer token); an unauthenticated call is
 * {@code MissingAuthenticationToken}; a call the browser session cookie authenticated must carry the
 * console session's CSRF token in {@code X-Iam4j-Csrf} ({@code InvalidCsrfToken}, 403). Replies are Query-protocol XML with AWS's error codes; every
 * other request passes on to the application.
 */
public final class AwsQueryFilter implements Filter {
  private static final Logger LOG = Logger.getLogger(AwsQueryFilter.class.getName());
  /** The header carrying the console session's CSRF token ({@link ConsoleSession}). */
  public static final String CSRF_HEADER = "X-Iam4j-Csrf";
  private volatile Services services;

  private record Services(Iam4j iam4j, AwsCallers callers, StsService sts, IamService iam) {}

  private Services services() {
    Services s = services;
    if (s == null) {
      synchronized (this) {
        s = services;
        if (s == null) {
          Iam4j iam4j = CDI.current().select(Iam4j.class).get();
          AwsCallers callers = CDI.current().select(AwsCallers.class).get();
          Iam4jSignIn signIn = CDI.current().select(Iam4jSignIn.class).get();
          StsService sts = new StsService(iam4j.authorizer(), iam4j.webIdentity(), iam4j.key(), iam4j.settings().tokenIssuer(), signIn::acceptTotp,
              Clock.systemUTC());
          IamService iam = new IamService(IamApis.groups(callers));
          s = new Services(iam4j, callers, sts, iam);
          services = s;
        }
      }
    }
    return s;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse out) || !"POST".equals(http.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    Services s = services();
    AwsSettings settings = s.callers().settings();
    byte[] body = http.getAttribute(SignedRequests.BODY) instanceof byte[] b ? b : null;
    String path = SignedRequests.localPath(http);
    boolean candidate = path.equals(settings.stsPath()) || path.equals(settings.iamPath()) || path.equals("/");
    if (!settings.stsEnabled() || !candidate) {
      chain.doFilter(request, response);
      return;
    }
    if (body == null) {
      try {
        body = SignedRequests.readBody(http, settings.maxBodyBytes());
      } catch (SignedRequests.TooLarge e) {
        write(out, "sts", new AwsError("RequestEntityTooLarge", 413, e.getMessage()), QueryXml.newRequestId());
        return;
      }
    }
    String api = SignedRequests.queryApi(http, body, settings);
    if (api == null) {
      // Not a Query request (a POST to / of the application): the bytes read go on to it.
      chain.doFilter(SignedRequests.replaying(http, body), response);
      return;
    }
    String requestId = QueryXml.newRequestId();
    if (Boolean.TRUE.equals(http.getAttribute(Iam4jAuthenticationMechanism.SESSION_AUTHENTICATED)) && !csrfValid(http)) {
      // A browser sends the session cookie with whatever page asked: only the console's own pages know the token.
      write(out, api, new AwsError("InvalidCsrfToken", 403, "The request's " + CSRF_HEADER
          + " header is missing or is not this session's token"), requestId);
      return;
    }
    try {
      QueryRequest q = QueryRequest.parse(body, http.getQueryString());
      String xml = api.equals("sts") ? sts(s, q, http, requestId) : iam(s, q, http, requestId);
      out.setStatus(200);
      out.setHeader("x-amzn-RequestId", requestId);
      out.setContentType("text/xml");
      out.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
    } catch (AwsError e) {
      write(out, api, e, requestId);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "iam4j could not answer an " + api.toUpperCase(java.util.Locale.ROOT) + " request; refusing it", e);
      write(out, api, new AwsError("InternalFailure", 500, "The request processing has failed because of an unknown error", false),
          requestId);
    }
  }

  private String sts(Services s, QueryRequest q, HttpServletRequest http, String requestId) {
    // AssumeRoleWithWebIdentity needs no credentials: its token is them.
    StsCaller caller = StsService.anonymous(q) && http.getUserPrincipal() == null ? null : caller(s, http);
    return s.sts().handle(q, caller, requestId, audited(s, http, "sts"));
  }

  private String iam(Services s, QueryRequest q, HttpServletRequest http, String requestId) {
    StsCaller c = caller(s, http);
    IamCall call = new IamCall(c.identity(), c.requestContext(), s.iam4j().authorizer(), s.iam4j().store(), s.iam4j().key(),
        Clock.systemUTC(), audited(s, http, "iam"));
    return s.iam().handle(q, call, requestId);
  }

  /** Decides through the authorizer and records each decision in the audit trail, as CloudTrail records API calls. */
  private static StsService.Decider audited(Services s, HttpServletRequest http, String via) {
    return (id, action, resource, owner, ctx) -> {
      try (io.iam4j.audit.DecisionAudit audit = Iam4jAudit.begin(s.iam4j(), http, via, action)) {
        audit.principal(id.caller().display()).tenant(id.tenant().id()).resource(resource);
        return audit.decide(() -> s.iam4j().authorizer().authorize(id, action, resource, owner, ctx));
      }
    };
  }

  /** The authenticated caller as STS sees it, or {@code MissingAuthenticationToken}. */
  private static StsCaller caller(Services s, HttpServletRequest http) {
    String name = http.getUserPrincipal() == null ? null : http.getUserPrincipal().getName();
    if (name == null) {
      throw new AwsError("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
    }
    Mapping m = s.iam4j().enforcer().map(name, http);
    if (!(m instanceof Mapping.Mapped mapped)) {
      throw AwsError.accessDenied("User: " + name + " is not known to iam4j");
    }
    Identity identity = mapped.identity();
    StsSession session = http.getAttribute(AwsCallers.SESSION_MAPPING) instanceof AwsCallers.SessionMapping sm
        && sm.callerName().equals(name) ? sm.session() : null;
    boolean mfa = Boolean.TRUE.equals(http.getAttribute(RequestContexts.MFA_PRESENT));
    Long mfaAt = http.getAttribute(RequestContexts.MFA_AUTH_TIME) instanceof Long l ? l : null;
    RequestContext ctx = RequestContexts.of(http, Instant.now()).build();
    return new StsCaller(identity, session, mfa, mfaAt, ctx);
  }

  /** Whether the session's console token is the one the request carries (a session without one has none to match). */
  private static boolean csrfValid(HttpServletRequest http) {
    jakarta.servlet.http.HttpSession session = http.getSession(false);
    try {
      return session != null && session.getAttribute(ConsoleSession.ATTRIBUTE) instanceof ConsoleSession c
          && c.csrfMatches(http.getHeader(CSRF_HEADER));
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static void write(HttpServletResponse out, String api, AwsError e, String requestId) throws IOException {
    out.setStatus(e.status());
    out.setHeader("x-amzn-RequestId", requestId);
    out.setContentType("text/xml");
    out.getOutputStream().write(QueryXml.error("iam".equals(api) ? QueryXml.IAM_NAMESPACE : QueryXml.STS_NAMESPACE, e, requestId)
        .getBytes(StandardCharsets.UTF_8));
  }
}
