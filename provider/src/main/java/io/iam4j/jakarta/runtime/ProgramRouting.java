package io.iam4j.jakarta.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.interceptor.Interceptor;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * Per-request choice of the mechanism on Jakarta Security 4.0 (Jakarta EE 11): where the
 * application signs callers in with a mechanism of its own, requests that carry an iam4j program
 * credential ({@link ProgramSignIn#isProgramCredential}) are authenticated by {@link ProgramSignIn};
 * every other request goes to the mechanism the container would have used without iam4j, which
 * answers as it always did (its challenge, its redirects, its sessions).
 *
 * <p>Installed by {@link SignInSelection} ({@code iam4j.sign-in.programs=auto}) as an enabled
 * alternative {@code HttpAuthenticationMechanismHandler}, which replaces the container's default
 * handler. The application's mechanism is found as that default handler finds it (Soteria 4: the
 * {@code @Default} {@code HttpAuthenticationMechanism}, else the only one), lazily, on the first
 * request; an application with several mechanisms needs a handler of its own, and then iam4j installs
 * none (its requests are the application's alone).
 *
 * <p><b>Why a proxy:</b> {@code HttpAuthenticationMechanismHandler} exists from Jakarta Security
 * 4.0 on. A class of this jar implementing it would be loaded by an EE 10 server's bean scanning and
 * fail there. This class names only Jakarta Security 3.0 types: the handler is a {@link Proxy} of
 * the interface, made only where the interface loads; its three methods have the signatures of the
 * mechanism's, and this class implements them.
 */
final class ProgramRouting {
  /** The Jakarta Security 4.0 interface, by name: absent from EE 10 servers. */
  static final String HANDLER = "jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanismHandler";
  /**
   * Below an application's alternatives ({@code APPLICATION}), above the container's default
   * handler (no alternative): an application handler iam4j did not see still wins.
   */
  static final int PRIORITY = Interceptor.Priority.LIBRARY_BEFORE;

  private final BeanManager beans;
  private volatile ProgramSignIn programs;
  private volatile Optional<HttpAuthenticationMechanism> application;

  private ProgramRouting(BeanManager beans) {
    this.beans = beans;
  }

  /** The handler interface, or empty on Jakarta Security 3.0. */
  static Optional<Class<?>> handlerInterface(ClassLoader loader) {
    try {
      return Optional.of(Class.forName(HANDLER, false, loader));
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** Adds the handler as an application-scoped enabled alternative of the handler interface. */
  static void register(AfterBeanDiscovery event, BeanManager beans, Class<?> handler) {
    event.addBean()
        .beanClass(ProgramRouting.class)
        .types(handler, Object.class)
        .scope(ApplicationScoped.class)
        .alternative(true)
        .priority(PRIORITY)
        .id(ProgramRouting.class.getName())
        .createWith(c -> proxy(handler, new ProgramRouting(beans)));
  }

  static Object proxy(Class<?> handler, ProgramRouting routing) {
    InvocationHandler calls = (proxy, method, args) -> routing.invoke(proxy, method, args);
    return Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, calls);
  }

  private Object invoke(Object proxy, Method method, Object[] args) throws AuthenticationException {
    switch (method.getName()) {
      case "validateRequest":
        return validateRequest((HttpServletRequest) args[0], (HttpServletResponse) args[1], (HttpMessageContext) args[2]);
      case "secureResponse":
        return secureResponse((HttpServletRequest) args[0], (HttpServletResponse) args[1], (HttpMessageContext) args[2]);
      case "cleanSubject":
        cleanSubject((HttpServletRequest) args[0], (HttpServletResponse) args[1], (HttpMessageContext) args[2]);
        return null;
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "iam4j's HttpAuthenticationMechanismHandler (program credentials to iam4j, the rest to the application)";
      default:
        throw new UnsupportedOperationException(method.toString());
    }
  }

  AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response, HttpMessageContext ctx)
      throws AuthenticationException {
    if (ProgramSignIn.isProgramCredential(request)) {
      return programs().validate(request, ctx, ProgramSignIn.BEARER_CHALLENGE);
    }
    Optional<HttpAuthenticationMechanism> m = application();
    // No mechanism of the application's: as without iam4j, nobody authenticates the request.
    return m.isPresent() ? m.get().validateRequest(request, response, ctx) : ctx.doNothing();
  }

  AuthenticationStatus secureResponse(HttpServletRequest request, HttpServletResponse response, HttpMessageContext ctx)
      throws AuthenticationException {
    if (ProgramSignIn.isProgramCredential(request)) {
      return AuthenticationStatus.SUCCESS; // stateless: nothing to add to the response
    }
    Optional<HttpAuthenticationMechanism> m = application();
    return m.isPresent() ? m.get().secureResponse(request, response, ctx) : AuthenticationStatus.SUCCESS;
  }

  void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext ctx) {
    Optional<HttpAuthenticationMechanism> m = ProgramSignIn.isProgramCredential(request) ? Optional.empty() : application();
    if (m.isPresent()) {
      m.get().cleanSubject(request, response, ctx);
    } else {
      ctx.cleanClientSubject();
    }
  }

  private ProgramSignIn programs() {
    ProgramSignIn p = programs;
    if (p == null) {
      p = reference(ProgramSignIn.class, Default.Literal.INSTANCE);
      programs = p;
    }
    return p;
  }

  /**
   * The application's mechanism, found as the container's default handler finds it (Soteria 4's
   * {@code DefaultHttpAuthenticationMechanismHandler}): the {@code @Default} one, else any one; an
   * ambiguous choice fails as it would there.
   */
  private Optional<HttpAuthenticationMechanism> application() {
    Optional<HttpAuthenticationMechanism> m = application;
    if (m == null) {
      HttpAuthenticationMechanism found = reference(HttpAuthenticationMechanism.class, Default.Literal.INSTANCE);
      if (found == null) {
        found = reference(HttpAuthenticationMechanism.class, Any.Literal.INSTANCE);
      }
      m = Optional.ofNullable(found);
      application = m;
    }
    return m;
  }

  private <T> T reference(Class<T> type, Annotation qualifier) {
    Bean<?> bean = beans.resolve(beans.getBeans(type, qualifier));
    return bean == null ? null : type.cast(beans.getReference(bean, type, beans.createCreationalContext(bean)));
  }
}
