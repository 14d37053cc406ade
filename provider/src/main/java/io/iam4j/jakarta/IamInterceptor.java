package io.iam4j.jakarta;

import io.iam4j.audit.DecisionAudit;
import io.iam4j.authz.Authorizer;
import io.iam4j.directory.Identity;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Parameter;
import java.security.Principal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides calls of {@link IamAction} methods of {@link IamSecured} CDI beans before they run; a
 * deny, or any failure while deciding, throws {@link IamAccessDeniedException} (fail closed). Each
 * call is one audit record.
 */
@IamSecured
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 10)
public class IamInterceptor {
  private static final Logger LOG = Logger.getLogger(IamInterceptor.class.getName());

  @Inject Iam4j iam4j;
  @Inject SecurityContext security;
  @Inject HttpServletRequest http;

  @AroundInvoke
  public Object authorize(InvocationContext ic) throws Exception {
    IamAction a = ic.getMethod().getAnnotation(IamAction.class);
    if (a == null) {
      return ic.proceed();
    }
    Authorizer.Result r;
    // Exactly one audit record per call, whichever way it ends (closing records a deny if none was).
    try (DecisionAudit audit = Iam4jAudit.begin(iam4j, currentRequest(), "cdi", a.value())) {
      try {
        r = decide(ic, a, audit);
      } catch (IamAccessDeniedException e) {
        throw e;
      } catch (RuntimeException e) {
        audit.fail(e);
        LOG.log(Level.WARNING, "iam4j could not decide a call of " + ic.getMethod() + "; denying", e);
        throw new IamAccessDeniedException("The call could not be authorized", null, null);
      }
    }
    if (!r.decision().allowed()) {
      throw new IamAccessDeniedException(r.decision().message(r.request()), r,
          AuthorizationMessages.encode(iam4j.key(), r, Instant.now()));
    }
    return ic.proceed();
  }

  private Authorizer.Result decide(InvocationContext ic, IamAction a, DecisionAudit audit) {
    Principal p = security.getCallerPrincipal();
    if (p == null) {
      audit.refuse("Authentication is required");
      throw new IamAccessDeniedException("Authentication is required", null, null);
    }
    audit.principal(p.getName());
    Mapping m = iam4j.authorizer().map(CallerInfo.of(p.getName(), Set.of()));
    if (!(m instanceof Mapping.Mapped mapped)) {
      audit.refuse("The caller is not known to iam4j: " + m);
      throw new IamAccessDeniedException("User: " + p.getName() + " is not known to iam4j", null, null);
    }
    Identity identity = mapped.identity();
    audit.principal(identity.caller().display()).tenant(identity.tenant().id());
    Map<String, String> args = new HashMap<>();
    Parameter[] params = ic.getMethod().getParameters();
    for (int i = 0; i < params.length; i++) {
      Object v = ic.getParameters()[i];
      if (v != null) {
        args.put(params[i].getName(), v.toString());
      }
    }
    java.util.function.Function<String, String> values = n -> args.containsKey(n) ? args.get(n)
        : n.equals("tenant") ? identity.tenant().id() : null;
    String resource = Templates.fill(a.resource(), values);
    String owner = Templates.fill(a.resourceAccount(), values);
    if (resource == null || owner == null) {
      audit.resource(resource).refuse("The resource of this call could not be determined");
      throw new IamAccessDeniedException("The resource of this call could not be determined", null, null);
    }
    RequestContext.Builder ctx = RequestContexts.of(currentRequest(), Instant.now());
    for (String kv : a.context()) {
      int eq = kv.indexOf('=');
      String value = eq < 0 ? null : Templates.fill(kv.substring(eq + 1), values);
      if (value != null) {
        ctx.put(kv.substring(0, eq), value);
      }
    }
    return audit.resource(resource).decide(() -> iam4j.authorizer().authorize(identity, a.value(), resource, owner, ctx.build()));
  }

  /** The HTTP request, when the call happens inside one. */
  private HttpServletRequest currentRequest() {
    try {
      http.getMethod();
      return http;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
