package io.iam4j.jakarta;

import io.iam4j.audit.DecisionAudit;
import io.iam4j.authz.Authorizer;
import io.iam4j.directory.Identity;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.security.Principal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides every call of an {@link IamAction}-annotated resource method before it runs: 401 for an
 * anonymous caller, 403 with IAM's message and an encoded authorization message for a deny, and a
 * 403 for any failure while deciding (fail closed). Each of these outcomes is one audit record.
 */
@Priority(Priorities.AUTHORIZATION)
public class IamRequestFilter implements ContainerRequestFilter {
  private static final Logger LOG = Logger.getLogger(IamRequestFilter.class.getName());
  /** Request property holding the {@link Authorizer.Result} of the call. */
  public static final String RESULT = "io.iam4j.result";
  /** Request property holding the {@link DecisionAudit} of the call: exactly one audit record per decision. */
  private static final String AUDIT = "io.iam4j.audit";

  @Context ResourceInfo resourceInfo;
  /** The application's runtime, looked up once: CDI.current() walks the stack on every call. */
  private volatile Iam4j runtime;
  /**
   * The servlet request, resolved once per call: every call on an injected {@code @Context} proxy
   * looks the request up again in Jersey's request scope, and a decision makes a dozen of them.
   */
  @Context jakarta.inject.Provider<HttpServletRequest> requests;

  @Override
  public void filter(ContainerRequestContext request) {
    try {
      decide(request);
    } catch (RuntimeException e) {
      if (request.getProperty(AUDIT) instanceof DecisionAudit audit) {
        audit.fail(e);
      }
      LOG.log(Level.WARNING, "iam4j could not decide " + request.getMethod() + " " + request.getUriInfo().getPath() + "; denying", e);
      request.abortWith(error(403, "AccessDenied", "The request could not be authorized"));
    } finally {
      // Records a deny if the call ended without reporting its decision.
      if (request.getProperty(AUDIT) instanceof DecisionAudit audit) {
        audit.close();
      }
    }
  }

  private void decide(ContainerRequestContext request) {
    IamAction a = annotation();
    if (a == null) {
      return;
    }
    HttpServletRequest http = requests == null ? null : requests.get();
    // With the Jakarta Authorization provider installed, the server has decided this request
    // already (from the same annotation): it is never evaluated twice.
    if (http != null && http.getAttribute(RESULT) instanceof Authorizer.Result prior && prior.decision().allowed()
        && prior.request().action().equals(a.value())) {
      request.setProperty(RESULT, prior);
      return;
    }
    Iam4j iam4j = runtime();
    DecisionAudit audit = Iam4jAudit.begin(iam4j, http, "rest", a.value());
    request.setProperty(AUDIT, audit);
    Principal p = request.getSecurityContext().getUserPrincipal();
    if (p == null) {
      // Recorded: an anonymous attempt on a protected endpoint is what an auditor looks for.
      audit.refuse("Authentication is required");
      request.abortWith(Response.status(401).header("WWW-Authenticate", "Basic realm=\"iam4j\"")
          .entity(body("Unauthenticated", "Authentication is required", null)).type(MediaType.APPLICATION_JSON).build());
      return;
    }
    audit.principal(p.getName());
    Map<String, String> headers = new HashMap<>();
    request.getHeaders().forEach((k, v) -> headers.put(k, v.isEmpty() ? "" : v.get(0)));
    CallerInfo caller = new CallerInfo(p.getName(), Set.of(), headers, request.getUriInfo().getPath(),
        request.getUriInfo().getRequestUri().getHost());
    Mapping mapping = iam4j.authorizer().map(caller);
    if (!(mapping instanceof Mapping.Mapped mapped)) {
      LOG.info(() -> "iam4j refused caller " + p.getName() + ": " + mapping);
      audit.refuse("The caller is not known to iam4j: " + mapping);
      request.abortWith(error(403, "AccessDenied", "User: " + p.getName() + " is not known to iam4j"));
      return;
    }
    Identity identity = mapped.identity();
    audit.principal(identity.caller().display()).tenant(identity.tenant().id());
    MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
    MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
    java.util.function.Function<String, String> values = name -> {
      if (path.containsKey(name)) {
        return path.getFirst(name);
      }
      if (query.containsKey(name)) {
        return query.getFirst(name);
      }
      return name.equals("tenant") ? identity.tenant().id() : null;
    };
    String resource = Templates.fill(a.resource(), values);
    String owner = Templates.fill(a.resourceAccount(), values);
    if (resource == null || owner == null || !io.iam4j.config.TenantLoader.TENANT_ID.matcher(owner).matches()) {
      // A resource that cannot be named cannot be authorized.
      audit.resource(resource).refuse("The resource of this request could not be determined");
      request.abortWith(error(403, "AccessDenied", "The resource of this request could not be determined"));
      return;
    }
    Instant now = Instant.now();
    RequestContext.Builder ctx = RequestContexts.of(http, now);
    for (String kv : a.context()) {
      int eq = kv.indexOf('=');
      String value = eq < 0 ? null : Templates.fill(kv.substring(eq + 1), values);
      if (value != null) {
        ctx.put(kv.substring(0, eq), value);
      }
    }
    Authorizer.Result r = audit.resource(resource).decide(() -> iam4j.authorizer().authorize(identity, a.value(), resource,
        owner.equals(identity.tenant().id()) ? null : owner, ctx.build()));
    request.setProperty(RESULT, r);
    if (!r.decision().allowed()) {
      String encoded = AuthorizationMessages.encode(iam4j.key(), r, now);
      request.abortWith(Response.status(403).type(MediaType.APPLICATION_JSON)
          .entity(body("AccessDenied", r.decision().message(r.request()), encoded)).build());
    }
  }

  private Iam4j runtime() {
    Iam4j r = runtime;
    if (r == null) {
      r = CDI.current().select(Iam4j.class).get();
      runtime = r;
    }
    return r;
  }

  private IamAction annotation() {
    if (resourceInfo == null || resourceInfo.getResourceMethod() == null) {
      return null;
    }
    IamAction a = resourceInfo.getResourceMethod().getAnnotation(IamAction.class);
    return a != null ? a : resourceInfo.getResourceClass().getAnnotation(IamAction.class);
  }

  static Response error(int status, String code, String message) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body(code, message, null)).build();
  }

  /** IAM's error shape: {@code {"Error": {"Code", "Message", "EncodedAuthorizationMessage"}}}. */
  static String body(String code, String message, String encoded) {
    var e = Json.createObjectBuilder().add("Code", code).add("Message", message);
    if (encoded != null) {
      e.add("EncodedAuthorizationMessage", encoded);
    }
    return Json.createObjectBuilder().add("Error", e).build().toString();
  }
}
