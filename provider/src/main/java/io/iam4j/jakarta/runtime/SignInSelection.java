package io.iam4j.jakarta.runtime;

import io.iam4j.IamException;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterTypeDiscovery;
import jakarta.enterprise.inject.spi.Annotated;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessBeanAttributes;
import jakarta.enterprise.inject.spi.ProcessSyntheticAnnotatedType;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Installs iam4j's sign-in ({@link Iam4jAuthenticationMechanism} and {@link DirectoryIdentityStore})
 * only where it belongs: by default when the application has no authentication mechanism of its
 * own, so that adding the jar never takes over an application's sign-in ({@code iam4j.sign-in},
 * {@link SignInMode}).
 *
 * <p>The choice is made once, at deployment, from the types the container discovered: every
 * discovered type is seen ({@link ProcessAnnotatedType}) before {@link AfterTypeDiscovery}, where
 * the choice is made, and bean attributes are processed only after that, where iam4j's two beans are
 * vetoed when the choice is not iam4j's. So the outcome depends on no extension or event order.
 * (Adding the two classes only then, as types, would put them in an archive of their own on Payara,
 * from which the rest of iam4j cannot be injected: they are beans of the jar, vetoed or kept.)
 *
 * <p>An application mechanism is a concrete {@link HttpAuthenticationMechanism} class discovered in
 * the application (not added by an extension, not loaded by the server), a
 * producer of one, or a type carrying a mechanism definition: Jakarta Security's
 * {@code @BasicAuthenticationMechanismDefinition}, {@code @FormAuthenticationMechanismDefinition},
 * {@code @CustomFormAuthenticationMechanismDefinition}, {@code @OpenIdAuthenticationMechanismDefinition},
 * a server's own ({@code ...AuthenticationMechanismDefinition}, {@code ...AuthenticationDefinition},
 * such as Payara's {@code @OAuth2AuthenticationDefinition}) or MicroProfile JWT's {@code @LoginConfig}.
 * Sign-in through {@code web.xml}'s {@code <login-config>} (a server realm) is invisible here: such an
 * application sets {@code iam4j.sign-in=container}.
 *
 * <p>Where the application signs callers in, iam4j may still authenticate its program credentials
 * ({@code iam4j.sign-in.programs}, {@link ProgramsMode}): on Jakarta Security 4.0 this extension adds
 * {@link ProgramRouting}, a mechanism handler that sends requests carrying them to {@link
 * ProgramSignIn} and all others to the application's mechanism; not on 3.0 (no handler API), and not
 * beside an {@code HttpAuthenticationMechanismHandler} of the application's own (found here by name).
 */
public class SignInSelection implements Extension {
  private static final Logger LOG = Logger.getLogger(SignInSelection.class.getName());
  /** MicroProfile JWT's marker, by name: the API is not needed to recognize it. */
  private static final String LOGIN_CONFIG = "org.eclipse.microprofile.auth.LoginConfig";

  private final List<String> applicationMechanisms = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private boolean applicationDirectoryStore;
  private SignInMode mode;
  private boolean installed;
  /** The application's own HttpAuthenticationMechanismHandler classes and producers (Jakarta Security 4.0). */
  private final List<String> applicationHandlers = new ArrayList<>();
  /** The handler interface, where the server has it and iam4j routes program credentials ({@link ProgramRouting}). */
  private Class<?> routing;

  <T> void scan(@Observes ProcessAnnotatedType<T> event) {
    AnnotatedType<T> type = event.getAnnotatedType();
    Class<T> c = type.getJavaClass();
    if (c == Iam4jAuthenticationMechanism.class || c == DirectoryIdentityStore.class) {
      return; // ours: kept or vetoed below, once every type was seen
    }
    if (DirectoryIdentityStore.class.isAssignableFrom(c)) {
      // The application's own copy of the directory store (a subclass, as before adoption needed none):
      // it replaces iam4j's, which would otherwise make the directory store ambiguous.
      applicationDirectoryStore = true;
    }
    if (event instanceof ProcessSyntheticAnnotatedType || !fromApplication(c)) {
      // The server's own mechanisms (Soteria's form and OpenID Connect ones, Payara's OAuth2, OpenID
      // and certificate ones) are added to every application, by extensions or from the server's bean
      // archives; only a definition annotation of the application turns one of them on.
      return;
    }
    for (Annotation a : type.getAnnotations()) {
      if (isMechanismDefinition(a.annotationType())) {
        applicationMechanisms.add(c.getName() + " (@" + a.annotationType().getSimpleName() + ")");
      }
    }
    if (HttpAuthenticationMechanism.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
      applicationMechanisms.add(c.getName() + " (an HttpAuthenticationMechanism)");
    }
    if (implementsByName(c, ProgramRouting.HANDLER) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
      applicationHandlers.add(c.getName());
    }
    type.getMethods().stream().filter(m -> producesByName(m, m.getBaseType(), ProgramRouting.HANDLER))
        .forEach(m -> applicationHandlers.add(c.getName() + "." + m.getJavaMember().getName() + "() (a producer)"));
    type.getFields().stream().filter(f -> producesByName(f, f.getBaseType(), ProgramRouting.HANDLER))
        .forEach(f -> applicationHandlers.add(c.getName() + "." + f.getJavaMember().getName() + " (a producer)"));
    type.getMethods().stream().filter(m -> producesMechanism(m, m.getBaseType()))
        .forEach(m -> applicationMechanisms.add(c.getName() + "." + m.getJavaMember().getName() + "() (a producer)"));
    type.getFields().stream().filter(f -> producesMechanism(f, f.getBaseType()))
        .forEach(f -> applicationMechanisms.add(c.getName() + "." + f.getJavaMember().getName() + " (a producer)"));
  }

  void choose(@Observes AfterTypeDiscovery event) {
    ProgramsMode programs;
    try {
      mode = SignInMode.of(setting("iam4j.sign-in"));
      installed = mode.installsIam4j(applicationMechanisms);
      programs = ProgramsMode.of(setting(ProgramsMode.PROPERTY));
    } catch (IamException e) {
      problems.add(e.getMessage());
      return;
    }
    if (installed) {
      LOG.info(() -> "iam4j signs callers in (iam4j.sign-in=" + name(mode) + "): BASIC, form and bearer tokens over the tenant directory");
    } else {
      LOG.info(() -> "iam4j leaves sign-in to the application (iam4j.sign-in=" + name(mode) + ")"
          + (applicationMechanisms.isEmpty() ? "" : ": " + String.join(", ", applicationMechanisms)) + "; iam4j maps its callers");
    }
    if (!installed) {
      choosePrograms(programs);
    }
  }

  /**
   * Keeps or removes iam4j's mechanism and identity store as the choice says. Bean attributes are
   * processed only after type discovery, so the choice is made by then, whatever the order of types.
   */
  <T> void keepOrVeto(@Observes ProcessBeanAttributes<T> event) {
    if (!(event.getAnnotated() instanceof AnnotatedType<?> t)) {
      return;
    }
    if (t.getJavaClass() == Iam4jAuthenticationMechanism.class && !installed
        || t.getJavaClass() == DirectoryIdentityStore.class && (!installed || applicationDirectoryStore)) {
      event.veto();
    }
  }

  /**
   * Where iam4j leaves sign-in to the application: whether its program credentials are routed to it
   * per request ({@link ProgramRouting}), with the reason logged either way.
   */
  private void choosePrograms(ProgramsMode programs) {
    if (programs == ProgramsMode.OFF) {
      LOG.info(() -> "iam4j accepts no program credentials beside the application's sign-in (" + ProgramsMode.PROPERTY + "=off)");
      return;
    }
    Optional<Class<?>> handler = ProgramRouting.handlerInterface(HttpAuthenticationMechanism.class.getClassLoader());
    if (handler.isEmpty()) {
      LOG.info(() -> "iam4j accepts no program credentials (role-session bearer tokens) beside the application's sign-in: this server"
          + " has Jakarta Security 3.0, which cannot choose a mechanism per request (that needs 4.0, Jakarta EE 11)");
    } else if (!applicationHandlers.isEmpty()) {
      LOG.info(() -> "iam4j accepts no program credentials beside the application's sign-in: the application chooses its mechanisms"
          + " itself (" + String.join(", ", applicationHandlers) + "), and iam4j does not replace its HttpAuthenticationMechanismHandler");
    } else {
      routing = handler.get();
      LOG.info(() -> "iam4j authenticates requests carrying its program credentials (role-session bearer tokens); every other"
          + " request goes to the application's mechanism (" + ProgramsMode.PROPERTY + "=auto)");
    }
  }

  void report(@Observes AfterBeanDiscovery event, BeanManager beans) {
    for (String p : problems) {
      event.addDefinitionError(new IamException("iam4j: " + p));
    }
    if (problems.isEmpty() && routing != null) {
      ProgramRouting.register(event, beans, routing);
    }
  }

  /** Whether iam4j routes its program credentials beside the application's mechanism (known after type discovery). */
  public boolean routesPrograms() {
    return routing != null;
  }

  /** The application's own mechanism handlers found so far. */
  List<String> applicationHandlers() {
    return List.copyOf(applicationHandlers);
  }

  /** The application's own mechanisms found so far, in discovery order. */
  List<String> applicationMechanisms() {
    return List.copyOf(applicationMechanisms);
  }

  /** Whether iam4j's mechanism and identity store are this application's (known after type discovery). */
  public boolean iam4jSignsIn() {
    return installed;
  }

  /**
   * Whether {@code c} was loaded by the application (the deployment's class loader, current while
   * types are discovered, or one below it), not by the server.
   */
  static boolean fromApplication(Class<?> c) {
    ClassLoader application = Thread.currentThread().getContextClassLoader();
    for (ClassLoader l = c.getClassLoader(); l != null; l = l.getParent()) {
      if (l == application) {
        return true;
      }
    }
    return false;
  }

  private static String setting(String name) {
    try {
      return ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse("auto");
    } catch (RuntimeException e) {
      // No configuration yet: the default, which never takes over an application's own sign-in.
      LOG.warning(() -> name + " could not be read (" + e + "); using auto");
      return "auto";
    }
  }

  /**
   * Whether {@code c} or a supertype implements the interface named {@code name}: by name, because on
   * an EE 10 server the interface of Jakarta Security 4.0 does not exist.
   */
  static boolean implementsByName(Class<?> c, String name) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Class<?> i : k.getInterfaces()) {
        if (i.getName().equals(name) || implementsByName(i, name)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean producesByName(Annotated member, Type type, String name) {
    if (!member.isAnnotationPresent(Produces.class)) {
      return false;
    }
    Type raw = type instanceof ParameterizedType p ? p.getRawType() : type;
    return raw instanceof Class<?> k && (k.getName().equals(name) || implementsByName(k, name));
  }

  static boolean isMechanismDefinition(Class<? extends Annotation> a) {
    String name = a.getSimpleName();
    return a.getName().equals(LOGIN_CONFIG) || name.endsWith("AuthenticationMechanismDefinition")
        || name.endsWith("AuthenticationDefinition");
  }

  private static boolean producesMechanism(Annotated member, Type type) {
    if (!member.isAnnotationPresent(Produces.class)) {
      return false;
    }
    Type raw = type instanceof ParameterizedType p ? p.getRawType() : type;
    return raw instanceof Class<?> k && HttpAuthenticationMechanism.class.isAssignableFrom(k);
  }

  private static String name(SignInMode m) {
    return m.name().toLowerCase(java.util.Locale.ROOT);
  }
}
