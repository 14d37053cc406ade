package io.iam4j.jakarta.runtime;

import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.IamSecured;
import io.iam4j.jakarta.IamAccessDeniedException;
import io.iam4j.enforce.Target;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Parameter;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;

/**
 * The CDI adapter of the one enforcement path ({@link Enforcer}): decides calls of {@link IamAction}
 * methods of {@link IamSecured} beans before they run, with the method's arguments as the declared
 * values. A deny, or any failure while deciding, throws {@link IamAccessDeniedException} (fail
 * closed). It runs before transactions and the application's own interceptors.
 */
@IamSecured
@Interceptor
// In the platform's security range, before Jakarta Transactions (PLATFORM_BEFORE + 200) and every
// application or library interceptor: nothing of the call runs, no transaction opens, before IAM allows it.
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class IamInterceptor {
  @Inject Iam4j iam4j;
  @Inject SecurityContext security;
  @Inject HttpServletRequest http;

  @AroundInvoke
  public Object authorize(InvocationContext ic) throws Exception {
    if (ic.getMethod().getAnnotation(IamAction.class) == null) {
      return ic.proceed();
    }
    Enforcer.Verdict v;
    try {
      Target target = Targets.cdi(ic.getMethod());
      Map<String, String> args = new HashMap<>();
      Parameter[] params = ic.getMethod().getParameters();
      for (int i = 0; i < params.length; i++) {
        Object value = ic.getParameters()[i];
        if (value != null) {
          args.put(params[i].getName(), value.toString());
        }
      }
      Principal p = security.getCallerPrincipal();
      v = iam4j.enforcer().enforce(target, new Enforcer.Call("cdi", p == null ? null : p.getName(), currentRequest(), args));
    } catch (RuntimeException e) {
      java.util.logging.Logger.getLogger(IamInterceptor.class.getName())
          .log(java.util.logging.Level.WARNING, "iam4j could not decide a call of " + ic.getMethod() + "; denying", e);
      throw new IamAccessDeniedException("The call could not be authorized", null, null);
    }
    if (v instanceof Enforcer.Unauthenticated) {
      throw new IamAccessDeniedException("Authentication is required", null, null);
    }
    if (v instanceof Enforcer.Refused r) {
      throw new IamAccessDeniedException(r.message(), r.result(), r.encoded());
    }
    return ic.proceed();
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
