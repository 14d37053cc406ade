package io.iam4j.jakarta.runtime;

import io.iam4j.authz.AuthorizationMessages;
import io.iam4j.audit.DecisionAudit;
import io.iam4j.authz.Authorizer;
import io.iam4j.config.TenantLoader;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.Identity;
import io.iam4j.enforce.Target;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import io.iam4j.policy.Policy;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one enforcement path. The request filter, the CDI interceptor and the Jakarta Authorization
 * decider are adapters: each says who the container authenticated, which {@link Target} applies and
 * which declared values the request carries; this class does the rest, the same way for all three:
 *
 * <ol>
 *   <li>the caller comes only from the authenticated identity (mapped to IAM through the directory);
 *   <li>the resource comes from the target's templates, declared names filled from the request and
 *       reserved ones ({@code ${tenant}}, {@code ${aws:...}}) from the identity;
 *   <li>IAM decides (through the decision cache);
 *   <li>exactly one audit record is written per decision;
 *   <li>the answer is a {@link Verdict}: allowed, 401, or IAM's 403 (400 for a malformed request).
 * </ol>
 *
 * <p>A decision already made for the same request (the Jakarta Authorization provider decides
 * before the filter runs) is reused only when the caller, the action <em>and</em> the resource are
 * identical. Any failure while deciding is a deny, logged with its cause. Thread-safe.
 */
public final class Enforcer {
  private static final Logger LOG = Logger.getLogger(Enforcer.class.getName());
  /** Request attribute holding the last {@link Authorizer.Result} decided for the request. */
  public static final String RESULT = "io.iam4j.result";
  /** Request attribute holding the last {@link Refused} verdict, for an error page to render. */
  public static final String VERDICT = "io.iam4j.verdict";

  /** Starts the audit of one decision: exactly one record per call, whichever way it ends. */
  @FunctionalInterface
  public interface Audits {
    DecisionAudit begin(HttpServletRequest http, String via, String action);
  }

  private final Authorizer authorizer;
  private final Supplier<ServerKey> key;
  private final Audits audits;

  /**
   * @param key the server key, for encoded authorization messages
   * @param audits where each decision's record goes
   */
  public Enforcer(Authorizer authorizer, Supplier<ServerKey> key, Audits audits) {
    this.authorizer = authorizer;
    this.key = key;
    this.audits = audits;
  }

  public Authorizer authorizer() {
    return authorizer;
  }

  /** Starts the audit of a decision made without the engine (the container's own, a refused path). */
  public DecisionAudit audit(HttpServletRequest http, String via, String action) {
    return audits.begin(http, via, action);
  }

  /**
   * One call to decide.
   *
   * @param via the enforcement point, for the audit trail ({@code rest}, {@code cdi}, {@code jacc})
   * @param callerName the name the container authenticated, or null for an anonymous caller
   * @param http the HTTP request the call happens in, or null (a CDI call outside a request)
   * @param values the request's values of the target's declared names (decoded once)
   */
  public record Call(String via, String callerName, HttpServletRequest http, Map<String, String> values) {}

  /** The answer of the one path. */
  public sealed interface Verdict {
    default boolean allowed() {
      return this instanceof Allowed;
    }
  }

  public record Allowed(Authorizer.Result result) implements Verdict {}

  /** 401: no caller, and no resource policy lets everyone in. */
  public record Unauthenticated() implements Verdict {}

  /**
   * Refused: {@code status} 403 with IAM's message (and the encoded authorization message when the
   * engine decided), or 400 when the request names no resource that can be decided.
   */
  public record Refused(int status, String code, String message, Authorizer.Result result, String encoded) implements Verdict {
    /** IAM's error shape: {@code {"Error": {"Code", "Message", "EncodedAuthorizationMessage"}}}. */
    public String json() {
      return body(code, message, encoded);
    }
  }

  public Verdict enforce(Target target, Call call) {
    CallerInfo caller = callerInfo(call.callerName(), call.http());
    Verdict reused = reuse(target, call, caller);
    if (reused != null) {
      return reused;
    }
    Verdict v;
    try (DecisionAudit audit = audits.begin(call.http(), call.via(), target.action())) {
      try {
        v = decide(target, call, caller, audit);
      } catch (RuntimeException e) {
        audit.fail(e);
        LOG.log(Level.WARNING, "iam4j could not decide " + target.action() + " (" + target.source() + "); denying", e);
        v = new Refused(403, "AccessDenied", "The request could not be authorized", null, null);
      }
    }
    if (v instanceof Refused && call.http() != null) {
      try {
        call.http().setAttribute(VERDICT, v);
      } catch (RuntimeException e) {
        // Outside an active request: nothing to render it on.
      }
    }
    return v;
  }

  /**
   * The IAM identity of a caller the container authenticated, mapped from its name, container groups
   * and token claims (for {@code isCallerInRole} answers, which are no decision of their own).
   */
  public Mapping map(String callerName, HttpServletRequest http) {
    return mapping(callerInfo(callerName, http), http);
  }

  /**
   * A caller's mapping: for temporary credentials (a signed request with a session token) the
   * session's identity the authentication mechanism put on this request, with its session policies
   * and tags; for everyone else the principal mapper's.
   */
  private Mapping mapping(CallerInfo caller, HttpServletRequest http) {
    if (http != null && caller.name() != null && http.getAttribute(AwsCallers.SESSION_MAPPING) instanceof AwsCallers.SessionMapping m
        && m.callerName().equals(caller.name())) {
      return m.mapping();
    }
    return authorizer.map(caller);
  }

  /** What the container knows of the caller: the one place the adapters' callers are read. */
  static CallerInfo callerInfo(String callerName, HttpServletRequest http) {
    String path = canonicalPath(http);
    try {
      return ContainerCallers.of(callerName, http, path);
    } catch (RuntimeException e) {
      // The name alone still maps today's NAME@TENANT callers; rules over groups or claims then match nothing.
      LOG.log(Level.WARNING, "iam4j could not read the groups and claims of caller " + callerName, e);
      return new CallerInfo(callerName, Set.of(), Map.of(), path, http == null ? "" : http.getServerName());
    }
  }

  /** The decision already made for this request, when it was for the same caller, action and resource. */
  private Verdict reuse(Target target, Call call, CallerInfo caller) {
    if (call.http() == null || call.callerName() == null
        || !(call.http().getAttribute(RESULT) instanceof Authorizer.Result prior) || prior.identity() == null) {
      return null;
    }
    try {
      if (!prior.decision().allowed() || !prior.request().action().equals(target.action())) {
        return null;
      }
      Identity id = prior.identity();
      if (!(mapping(caller, call.http()) instanceof Mapping.Mapped m)
          || !m.identity().caller().display().equals(id.caller().display())) {
        return null;
      }
      if (target.fill(call.values(), identityValues(id)) instanceof Target.Filled f && f.resource().equals(prior.request().resource())) {
        return new Allowed(prior);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Decision not reused", e);
    }
    return null;
  }

  private Verdict decide(Target target, Call call, CallerInfo caller, DecisionAudit audit) {
    if (call.callerName() == null) {
      return anonymous(target, call, audit);
    }
    audit.principal(call.callerName());
    HttpServletRequest http = call.http();
    Mapping mapping = mapping(caller, http);
    if (!(mapping instanceof Mapping.Mapped mapped)) {
      String reason = unmapped(mapping);
      LOG.info(() -> "iam4j refused caller " + call.callerName() + ": " + reason);
      if (mapping instanceof Mapping.Anonymous a && a.tenant() != null) {
        audit.tenant(a.tenant());
      }
      audit.refuse(reason);
      return new Refused(403, "AccessDenied", "User: " + call.callerName() + " is not known to iam4j", null, null);
    }
    Identity identity = mapped.identity();
    String tenant = identity.tenant().id();
    audit.principal(identity.caller().display()).tenant(tenant);
    Target.Fill fill = target.fill(call.values(), identityValues(identity));
    if (fill instanceof Target.Unresolved u) {
      audit.refuse(u.message());
      return unresolved(u);
    }
    Target.Filled f = (Target.Filled) fill;
    if (!TenantLoader.TENANT_ID.matcher(f.owner()).matches()) {
      audit.resource(f.resource()).refuse("The resource of this request could not be determined");
      return new Refused(403, "AccessDenied", "The resource of this request could not be determined", null, null);
    }
    Instant now = Instant.now();
    RequestContext.Builder ctx = RequestContexts.of(http, now);
    f.context().forEach(ctx::put);
    Authorizer.Result r = audit.resource(f.resource()).decide(() -> authorizer.authorize(identity, target.action(),
        f.resource(), f.owner().equals(tenant) ? null : f.owner(), ctx.build()));
    remember(http, r);
    if (r.decision().allowed()) {
      return new Allowed(r);
    }
    return new Refused(403, "AccessDenied", r.decision().message(r.request()), r, AuthorizationMessages.encode(key.get(), r, now));
  }

  /** An anonymous caller: allowed only when the resource's policy lets everyone in; otherwise 401. */
  private Verdict anonymous(Target target, Call call, DecisionAudit audit) {
    Target.Fill fill = target.fill(call.values(), name -> null);
    if (fill instanceof Target.Unresolved u && u.status() == 400) {
      audit.refuse(u.message());
      return unresolved(u);
    }
    if (!(fill instanceof Target.Filled f)) {
      audit.refuse("Authentication is required");
      return new Unauthenticated();
    }
    String owner = Authorizer.ownerOf(f.resource(), null);
    Optional<Policy> rp = owner == null || !TenantLoader.TENANT_ID.matcher(owner).matches() ? Optional.empty()
        : authorizer.resourcePolicy(owner, f.resource());
    audit.resource(f.resource());
    if (rp.isEmpty()) {
      audit.refuse("Authentication is required");
      return new Unauthenticated();
    }
    RequestContext.Builder ctx = RequestContexts.of(call.http(), Instant.now());
    f.context().forEach(ctx::put);
    Authorizer.Result r = audit.decide(() -> authorizer.authorizeAnonymous(target.action(), f.resource(), owner, ctx.build()));
    remember(call.http(), r);
    return r.decision().allowed() ? new Allowed(r) : new Unauthenticated();
  }

  /** Why an authenticated caller has no IAM identity, as the audit trail records it. */
  private static String unmapped(Mapping mapping) {
    if (mapping instanceof Mapping.Anonymous a) {
      return "The caller is not known to iam4j: unmapped, so anonymous to IAM and denied"
          + (a.reason() == null ? "" : ": " + a.reason());
    }
    if (mapping instanceof Mapping.Refused r) {
      return "The caller is not known to iam4j: " + r.reason();
    }
    return "The caller is not known to iam4j: " + mapping;
  }

  /**
   * The path a tenant resolver may read: the canonical one, never the raw URI (whose {@code ..} or
   * {@code ;} could name another tenant's segment); empty when there is none.
   */
  private static String canonicalPath(HttpServletRequest http) {
    if (http == null) {
      return "";
    }
    try {
      return CanonicalPathFilter.canonical(http).decoded();
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** The identity's values of the reserved template names: {@code tenant} and its {@code aws:} keys. */
  private static Function<String, String> identityValues(Identity identity) {
    RequestContext[] keys = new RequestContext[1]; // built once per fill, and only when an aws: name is used
    return name -> {
      if (name.equals("tenant")) {
        return identity.tenant().id();
      }
      if (keys[0] == null) {
        keys[0] = identity.context().build();
      }
      ContextValue v = keys[0].get(name);
      return v == null || v.multiValued() ? null : v.single();
    };
  }

  private static Refused unresolved(Target.Unresolved u) {
    return new Refused(u.status(), u.status() == 400 ? "InvalidRequest" : "AccessDenied", u.message(), null, null);
  }

  private static void remember(HttpServletRequest http, Authorizer.Result r) {
    if (http != null) {
      try {
        http.setAttribute(RESULT, r);
      } catch (RuntimeException e) {
        // Outside an active request (a CDI call from a timer): nothing to remember it on.
      }
    }
  }

  /** IAM's error shape: {@code {"Error": {"Code", "Message", "EncodedAuthorizationMessage"}}}. */
  public static String body(String code, String message, String encoded) {
    var e = Json.createObjectBuilder().add("Code", code).add("Message", message);
    if (encoded != null) {
      e.add("EncodedAuthorizationMessage", encoded);
    }
    return Json.createObjectBuilder().add("Error", e).build().toString();
  }
}
