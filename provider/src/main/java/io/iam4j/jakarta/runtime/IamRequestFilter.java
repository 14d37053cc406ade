package io.iam4j.jakarta.runtime;

import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.IamPublic;
import io.iam4j.enforce.Target;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Jakarta REST adapter of the one enforcement path ({@link Enforcer}): decides every call of an
 * {@link IamAction}-annotated resource method before it runs. It hands over the caller the container
 * authenticated and the values of the method's declared names (path template variables and
 * {@code @QueryParam}s, decoded once by Jakarta REST), and turns the verdict into 401, IAM's 403, or
 * 400. An anonymous caller is asked to sign in by whoever signs callers in ({@link SignInChallenge}):
 * iam4j's BASIC challenge, or the application's mechanism (an OpenID Connect redirect, its own realm).
 */
@Priority(Priorities.AUTHORIZATION)
public class IamRequestFilter implements ContainerRequestFilter {
  private static final Logger LOG = Logger.getLogger(IamRequestFilter.class.getName());
  /** Request attribute holding the last decision made for the request ({@link Enforcer#RESULT}). */
  public static final String RESULT = Enforcer.RESULT;

  @Context ResourceInfo resourceInfo;
  /** The application's runtime, looked up once: CDI.current() walks the stack on every call. */
  private volatile Iam4j runtime;
  /**
   * The servlet request, resolved once per call: every call on an injected {@code @Context} proxy
   * looks the request up again in Jersey's request scope.
   */
  @Context jakarta.inject.Provider<HttpServletRequest> requests;
  /** Its response, on which the application's mechanism challenges an anonymous caller ({@link SignInChallenge}). */
  @Context jakarta.inject.Provider<HttpServletResponse> responses;

  @Override
  public void filter(ContainerRequestContext request) {
    ResourceInfo matched = matched(request);
    Method m = matched == null ? null : matched.getResourceMethod();
    if (m == null) {
      return;
    }
    Class<?> resourceClass = matched.getResourceClass(); // once: through the proxy each call is a request-scope lookup
    if (Targets.annotation(resourceClass, m) == null) {
      // Registered only under iam4j.enforcement.default=deny, for a method not marked @IamPublic:
      // refused, unless the Jakarta Authorization provider allowed this very request by a route.
      HttpServletRequest http = http(request);
      if (!(http != null && http.getAttribute(Enforcer.RESULT) instanceof io.iam4j.authz.Authorizer.Result r && r.decision().allowed())) {
        refuseUndeclared(request, resourceClass, m);
      }
      return;
    }
    try {
      Target target = Targets.rest(resourceClass, m);
      HttpServletRequest http = http(request);
      Principal p = request.getSecurityContext().getUserPrincipal();
      Map<String, String> values = values(target, request);
      Enforcer.Verdict v = runtime().enforcer().enforce(target, new Enforcer.Call("rest", p == null ? null : p.getName(), http, values));
      if (v instanceof Enforcer.Unauthenticated) {
        SignInChallenge.Outcome asked = SignInChallenge.ask(runtime().iam4jSignsIn(), http, responses == null ? null : responses.get());
        if (asked instanceof SignInChallenge.Answered a) {
          // The application's mechanism wrote its answer (a redirect to its sign-in, its own challenge): it goes out unchanged.
          request.abortWith(Response.status(a.status()).build());
          return;
        }
        if (asked instanceof SignInChallenge.SignedIn s) {
          v = runtime().enforcer().enforce(target, new Enforcer.Call("rest", s.caller(), http, values));
        }
        if (v instanceof Enforcer.Unauthenticated) {
          String challenge = asked instanceof SignInChallenge.Unanswered u ? u.challenge() : null;
          Response.ResponseBuilder r = Response.status(401).entity(Enforcer.body("Unauthenticated", "Authentication is required", null))
              .type(MediaType.APPLICATION_JSON);
          request.abortWith((challenge == null ? r : r.header("WWW-Authenticate", challenge)).build());
          return;
        }
      }
      if (v instanceof Enforcer.Refused r) {
        request.abortWith(Response.status(r.status()).type(MediaType.APPLICATION_JSON).entity(r.json()).build());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "iam4j could not decide " + request.getMethod() + " " + request.getUriInfo().getPath() + "; denying", e);
      request.abortWith(error(403, "AccessDenied", "The request could not be authorized"));
    }
  }

  private void refuseUndeclared(ContainerRequestContext request, Class<?> resourceClass, Method m) {
    String message = "No IAM action is declared for this endpoint, and iam4j.enforcement.default is deny";
    HttpServletRequest http = http(request);
    try (io.iam4j.audit.DecisionAudit audit = runtime().enforcer().audit(http, "rest", "-")) {
      Principal p = request.getSecurityContext().getUserPrincipal();
      audit.principal(p == null ? "anonymous" : p.getName())
          .refuse(message + " (" + resourceClass.getName() + "." + m.getName() + ")");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not audit a refused undeclared endpoint", e);
    }
    request.abortWith(error(403, "AccessDenied", message));
  }

  /**
   * What Jakarta REST matched for this request. Jersey's routing context is both the request's
   * {@code UriInfo} and its {@code ResourceInfo}: read directly it costs nothing, while each call on
   * the injected proxy looks the request scope up again (the largest item of this filter in the
   * profile). Any other implementation gets the injected one.
   */
  private ResourceInfo matched(ContainerRequestContext request) {
    if (request.getUriInfo() instanceof ResourceInfo direct && direct.getResourceMethod() != null) {
      return direct;
    }
    return resourceInfo;
  }

  /**
   * The servlet request itself when {@link CanonicalPathFilter} passed it on for this very dispatch
   * (request properties are the servlet request's attributes), else Jakarta REST's proxy of it.
   * A forward, include or async dispatch carries another request object: there the proxy answers.
   */
  private HttpServletRequest http(ContainerRequestContext request) {
    if (request.getProperty(CanonicalPathFilter.REQUEST) instanceof HttpServletRequest own
        && request.getProperty("jakarta.servlet.forward.request_uri") == null
        && request.getProperty("jakarta.servlet.include.request_uri") == null
        && request.getProperty("jakarta.servlet.async.request_uri") == null) {
      return own;
    }
    return requests == null ? null : requests.get();
  }

  /** The request's values of the declared names only: path parameters first, then query parameters. */
  private static Map<String, String> values(Target target, ContainerRequestContext request) {
    MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
    MultivaluedMap<String, String> query = null;
    Map<String, String> out = new HashMap<>();
    for (String name : target.declared()) {
      List<String> v = path.get(name);
      if (v == null) {
        if (query == null) {
          query = request.getUriInfo().getQueryParameters();
        }
        v = query.get(name);
      }
      if (v != null && !v.isEmpty()) {
        out.put(name, v.get(0));
      }
    }
    return out;
  }

  private Iam4j runtime() {
    Iam4j r = runtime;
    if (r == null) {
      r = CDI.current().select(Iam4j.class).get();
      runtime = r;
    }
    return r;
  }

  /** IAM's error shape ({@link Enforcer#body}). */
  static String body(String code, String message, String encoded) {
    return Enforcer.body(code, message, encoded);
  }

  static Response error(int status, String code, String message) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Enforcer.body(code, message, null)).build();
  }
}
