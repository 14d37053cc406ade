package io.iam4j.jakarta.runtime;

import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.IamSecured;
import io.iam4j.IamException;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every {@link IamAction} of an {@link IamSecured} CDI bean when the application deploys: a
 * template naming a parameter the method does not have, or a parameter named like a reserved template
 * name ({@code tenant}, {@code aws:...}), fails the deployment instead of denying (or worse, being
 * filled by the caller) at run time. Jakarta REST resources are checked by {@code RouteScanner}.
 */
public class TargetValidation implements Extension {
  private final List<String> problems = new ArrayList<>();
  /** The beans' classes with IAM-decided methods: the action catalog's CDI declarations. */
  private final List<Class<?>> securedClasses = new java.util.concurrent.CopyOnWriteArrayList<>();

  <T> void check(@Observes @WithAnnotations({IamSecured.class, IamAction.class}) ProcessAnnotatedType<T> type) {
    boolean securedType = type.getAnnotatedType().isAnnotationPresent(IamSecured.class);
    securedClasses.add(type.getAnnotatedType().getJavaClass());
    for (AnnotatedMethod<? super T> m : type.getAnnotatedType().getMethods()) {
      if (m.isAnnotationPresent(IamAction.class) && (securedType || m.isAnnotationPresent(IamSecured.class))) {
        try {
          Targets.cdi(m.getJavaMember());
        } catch (IamException e) {
          problems.add(e.getMessage());
        }
      }
    }
  }

  /** The classes seen with {@link IamSecured} or {@link IamAction} (the catalog keeps those IAM decides). */
  public List<Class<?>> classes() {
    return List.copyOf(securedClasses);
  }

  void report(@Observes AfterBeanDiscovery abd) {
    for (String p : problems) {
      abd.addDefinitionError(new IamException("iam4j: " + p
          + " (CDI methods name their parameters; compile with -parameters)"));
    }
  }
}
