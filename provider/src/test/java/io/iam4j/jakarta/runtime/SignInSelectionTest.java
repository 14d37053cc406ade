package io.iam4j.jakarta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.AnnotatedField;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.CustomFormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.FormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.annotation.Annotation;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What counts as the application's own authentication mechanism when types are discovered. The
 * container's events are stood in for by proxies over the classes' own reflection data, which is
 * what the container hands over for a type no extension changed.
 */
class SignInSelectionTest {
  @Retention(RetentionPolicy.RUNTIME)
  @interface AcmeAuthenticationDefinition {}

  @BasicAuthenticationMechanismDefinition(realmName = "invoices")
  @ApplicationScoped
  static class BasicConfig {}

  @FormAuthenticationMechanismDefinition(loginToContinue = @LoginToContinue)
  static class FormConfig {}

  @CustomFormAuthenticationMechanismDefinition(loginToContinue = @LoginToContinue)
  static class CustomFormConfig {}

  @OpenIdAuthenticationMechanismDefinition(providerURI = "http://127.0.0.1:1/", clientId = "c", clientSecret = "s")
  static class OpenIdConfig {}

  @AcmeAuthenticationDefinition
  static class ServerSpecificConfig {}

  @ApplicationScoped
  static class OwnMechanism implements HttpAuthenticationMechanism {
    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest req, HttpServletResponse res, HttpMessageContext ctx) {
      return ctx.doNothing();
    }
  }

  abstract static class AbstractMechanism implements HttpAuthenticationMechanism {}

  static class MechanismFactory {
    @Produces
    HttpAuthenticationMechanism mechanism() {
      return null;
    }

    @Produces OwnMechanism field;

    HttpAuthenticationMechanism notAProducer() {
      return null;
    }
  }

  @ApplicationScoped
  static class Unrelated {
    @Produces
    String name() {
      return "";
    }
  }

  /** What the extension finds in {@code types}, and which of them it vetoed. */
  record Scan(List<String> mechanisms, Set<Class<?>> vetoed) {}

  static Scan scan(Class<?>... types) {
    SignInSelection s = new SignInSelection();
    Set<Class<?>> vetoed = new java.util.HashSet<>();
    for (Class<?> c : types) {
      s.scan(event(c, vetoed));
    }
    return new Scan(s.applicationMechanisms(), vetoed);
  }

  @Test
  void scan_noMechanism_findsNone() {
    assertEquals(List.of(), scan(Unrelated.class, AbstractMechanism.class).mechanisms());
  }

  @Test
  void scan_eachMechanismDefinition_isTheApplications() {
    assertEquals(List.of(
        BasicConfig.class.getName() + " (@BasicAuthenticationMechanismDefinition)",
        FormConfig.class.getName() + " (@FormAuthenticationMechanismDefinition)",
        CustomFormConfig.class.getName() + " (@CustomFormAuthenticationMechanismDefinition)",
        OpenIdConfig.class.getName() + " (@OpenIdAuthenticationMechanismDefinition)",
        ServerSpecificConfig.class.getName() + " (@AcmeAuthenticationDefinition)"),
        scan(BasicConfig.class, FormConfig.class, CustomFormConfig.class, OpenIdConfig.class, ServerSpecificConfig.class).mechanisms());
  }

  @Test
  void scan_mechanismClassesAndProducers_areTheApplications() {
    assertEquals(List.of(
        OwnMechanism.class.getName() + " (an HttpAuthenticationMechanism)",
        MechanismFactory.class.getName() + ".mechanism() (a producer)",
        MechanismFactory.class.getName() + ".field (a producer)"),
        scan(OwnMechanism.class, MechanismFactory.class).mechanisms());
  }

  @Test
  void scan_iam4jsOwnClasses_areNotTheApplications() {
    assertEquals(List.of(), scan(Iam4jAuthenticationMechanism.class, DirectoryIdentityStore.class).mechanisms());
  }

  @Test
  void choice_noApplicationMechanism_keepsIam4jsBeans() {
    SignInSelection s = chosen(Unrelated.class);
    assertTrue(s.iam4jSignsIn());
    assertEquals(Set.of(), vetoedBeans(s, Iam4jAuthenticationMechanism.class, DirectoryIdentityStore.class, Unrelated.class));
  }

  @Test
  void choice_applicationMechanism_vetoesIam4jsBeansOnly() {
    SignInSelection s = chosen(BasicConfig.class, Unrelated.class);
    assertFalse(s.iam4jSignsIn());
    assertEquals(Set.of(Iam4jAuthenticationMechanism.class, DirectoryIdentityStore.class),
        vetoedBeans(s, Iam4jAuthenticationMechanism.class, DirectoryIdentityStore.class, BasicConfig.class, Unrelated.class));
  }

  @Test
  void choice_applicationSubclassOfTheDirectoryStore_replacesIam4jsStoreOnly() {
    class OwnStore extends DirectoryIdentityStore {}
    SignInSelection s = chosen(OwnStore.class);
    assertTrue(s.iam4jSignsIn());
    assertEquals(Set.of(DirectoryIdentityStore.class), vetoedBeans(s, Iam4jAuthenticationMechanism.class, DirectoryIdentityStore.class, OwnStore.class));
  }

  @Test
  void scan_subclassOfIam4jsMechanism_isTheApplications() {
    class Legacy extends Iam4jAuthenticationMechanism {}
    assertEquals(List.of(Legacy.class.getName() + " (an HttpAuthenticationMechanism)"), scan(Legacy.class).mechanisms());
  }

  @Test
  void scan_typesAddedByExtensions_areNotTheApplications() {
    // Soteria and Payara add their mechanism classes to every application; they are not the application's.
    SignInSelection s = new SignInSelection();
    s.scan(synthetic(event(OwnMechanism.class, new java.util.HashSet<>())));
    s.scan(synthetic(event(BasicConfig.class, new java.util.HashSet<>())));
    assertEquals(List.of(), s.applicationMechanisms());
  }

  @Test
  void scan_typesOfTheServer_areNotTheApplications() {
    // A class its own loader shares with no application: what the server's bean archives hold.
    ClassLoader application = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(new ClassLoader(null) {});
    try {
      assertEquals(List.of(), scan(OwnMechanism.class, BasicConfig.class).mechanisms());
    } finally {
      Thread.currentThread().setContextClassLoader(application);
    }
    assertEquals(2, scan(OwnMechanism.class, BasicConfig.class).mechanisms().size());
  }

  @Test
  void isMechanismDefinition_otherAnnotations_areNot() {
    assertFalse(SignInSelection.isMechanismDefinition(ApplicationScoped.class));
    assertFalse(SignInSelection.isMechanismDefinition(Produces.class));
    assertTrue(SignInSelection.isMechanismDefinition(BasicAuthenticationMechanismDefinition.class));
  }

  /** Stands in for Jakarta Security 4.0's handler interface, which this test's API (3.0) lacks. */
  interface HandlerLike {}

  interface MoreSpecificHandler extends HandlerLike {}

  static class OwnHandler implements MoreSpecificHandler {}

  static class SubclassOfOwnHandler extends OwnHandler {}

  @Test
  void implementsByName_findsTheInterfaceThroughSuperclassesAndInterfaces() {
    assertTrue(SignInSelection.implementsByName(OwnHandler.class, HandlerLike.class.getName()));
    assertTrue(SignInSelection.implementsByName(SubclassOfOwnHandler.class, HandlerLike.class.getName()));
    assertFalse(SignInSelection.implementsByName(OwnMechanism.class, HandlerLike.class.getName()));
  }

  @Test
  void choice_applicationMechanism_onJakartaSecurity3_routesNoProgramCredentials() {
    // This test's API is Jakarta Security 3.0 (EE 10): no handler interface, so no per-request choice.
    assertTrue(ProgramRouting.handlerInterface(getClass().getClassLoader()).isEmpty());
    SignInSelection s = chosen(BasicConfig.class);
    assertFalse(s.iam4jSignsIn());
    assertFalse(s.routesPrograms());
    assertEquals(List.of(), s.applicationHandlers());
  }

  @Test
  void choice_iam4jSignsIn_routesNothing_itsMechanismTakesProgramCredentialsItself() {
    assertFalse(chosen(Unrelated.class).routesPrograms());
  }

  /** An extension that saw {@code types} discovered and made its choice (iam4j.sign-in unset: auto). */
  static SignInSelection chosen(Class<?>... types) {
    SignInSelection s = new SignInSelection();
    for (Class<?> c : types) {
      s.scan(event(c, new java.util.HashSet<>()));
    }
    s.choose((jakarta.enterprise.inject.spi.AfterTypeDiscovery) proxy(jakarta.enterprise.inject.spi.AfterTypeDiscovery.class, (m, a) -> {
      throw new UnsupportedOperationException(m.getName());
    }));
    return s;
  }

  /** Which of the beans of {@code classes} the extension vetoes when their attributes are processed. */
  static Set<Class<?>> vetoedBeans(SignInSelection s, Class<?>... classes) {
    Set<Class<?>> vetoed = new java.util.HashSet<>();
    for (Class<?> c : classes) {
      AnnotatedType<?> type = event(c, vetoed).getAnnotatedType();
      s.keepOrVeto((jakarta.enterprise.inject.spi.ProcessBeanAttributes<?>) proxy(jakarta.enterprise.inject.spi.ProcessBeanAttributes.class,
          (m, a) -> switch (m.getName()) {
            case "getAnnotated" -> type;
            case "veto" -> vetoed.add(c);
            default -> throw new UnsupportedOperationException(m.getName());
          }));
    }
    return vetoed;
  }

  // --- stand-ins for the container's events, answering from reflection ---

  @SuppressWarnings("unchecked")
  static <T> ProcessAnnotatedType<T> event(Class<T> c, Set<Class<?>> vetoed) {
    AnnotatedType<T> type = (AnnotatedType<T>) proxy(AnnotatedType.class, (m, a) -> switch (m.getName()) {
      case "getJavaClass", "getBaseType" -> c;
      case "getAnnotations" -> Set.of(c.getAnnotations());
      case "getMethods" -> Arrays.stream(c.getDeclaredMethods()).map(SignInSelectionTest::method).collect(Collectors.toSet());
      case "getFields" -> Arrays.stream(c.getDeclaredFields()).map(SignInSelectionTest::field).collect(Collectors.toSet());
      default -> throw new UnsupportedOperationException(m.getName());
    });
    AtomicBoolean veto = new AtomicBoolean();
    return (ProcessAnnotatedType<T>) proxy(ProcessAnnotatedType.class, (m, a) -> switch (m.getName()) {
      case "getAnnotatedType" -> type;
      case "veto" -> {
        veto.set(true);
        vetoed.add(c);
        yield null;
      }
      default -> throw new UnsupportedOperationException(m.getName());
    });
  }

  /** The same event, as the container fires it for a type an extension added. */
  @SuppressWarnings("unchecked")
  static <T> ProcessAnnotatedType<T> synthetic(ProcessAnnotatedType<T> plain) {
    return (ProcessAnnotatedType<T>) proxy(jakarta.enterprise.inject.spi.ProcessSyntheticAnnotatedType.class, (m, a) -> switch (m.getName()) {
      case "getAnnotatedType" -> plain.getAnnotatedType();
      case "veto" -> {
        plain.veto();
        yield null;
      }
      default -> throw new UnsupportedOperationException(m.getName());
    });
  }

  static AnnotatedMethod<?> method(Method method) {
    return (AnnotatedMethod<?>) proxy(AnnotatedMethod.class, (m, a) -> switch (m.getName()) {
      case "isAnnotationPresent" -> method.isAnnotationPresent((Class<? extends Annotation>) a[0]);
      case "getBaseType" -> method.getGenericReturnType();
      case "getJavaMember" -> method;
      default -> throw new UnsupportedOperationException(m.getName());
    });
  }

  static AnnotatedField<?> field(Field field) {
    return (AnnotatedField<?>) proxy(AnnotatedField.class, (m, a) -> switch (m.getName()) {
      case "isAnnotationPresent" -> field.isAnnotationPresent((Class<? extends Annotation>) a[0]);
      case "getBaseType" -> field.getGenericType();
      case "getJavaMember" -> field;
      default -> throw new UnsupportedOperationException(m.getName());
    });
  }

  interface Answer {
    Object answer(Method m, Object[] args);
  }

  static Object proxy(Class<?> type, Answer answer) {
    return Proxy.newProxyInstance(SignInSelectionTest.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> switch (m.getName()) {
      case "hashCode" -> System.identityHashCode(p);
      case "equals" -> p == a[0];
      case "toString" -> type.getSimpleName();
      default -> answer.answer(m, a);
    });
  }
}
