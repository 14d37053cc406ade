package io.iam4j.jakarta.runtime;

import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.IamPublic;
import io.iam4j.jakarta.IamSecured;
import io.iam4j.enforce.Target;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Target} an {@link IamAction} declares, with the names the request may fill: for a
 * Jakarta REST method, its path template variables and its {@code @QueryParam}s; for a CDI method,
 * its parameter names (compile with {@code -parameters}). Built once per method.
 */
public final class Targets {
  private static final Map<Method, Target> CACHE = new ConcurrentHashMap<>();

  private Targets() {}

  /** The annotation of a method, else of its class; null when neither has one. */
  public static IamAction annotation(Class<?> c, Method m) {
    IamAction a = m.getAnnotation(IamAction.class);
    return a != null ? a : c.getAnnotation(IamAction.class);
  }

  /** Whether a method (or its class) is marked {@link IamPublic}: deliberately not decided by IAM. */
  public static boolean isPublic(Class<?> c, Method m) {
    return m.isAnnotationPresent(IamPublic.class) || c.isAnnotationPresent(IamPublic.class);
  }

  /** The target of a Jakarta REST resource method ({@code c} is the resource class). */
  public static Target rest(Class<?> c, Method m) {
    return CACHE.computeIfAbsent(m, k -> {
      if (m.isAnnotationPresent(IamPublic.class) && annotation(c, m) != null
          || c.isAnnotationPresent(IamPublic.class) && m.isAnnotationPresent(IamAction.class)) {
        throw new io.iam4j.IamException(c.getName() + "." + m.getName() + ": both @IamPublic and @IamAction: which one holds?");
      }
      Set<String> declared = new LinkedHashSet<>();
      Path classPath = c.getAnnotation(Path.class);
      Path methodPath = m.getAnnotation(Path.class);
      declared.addAll(pathNames(classPath == null ? "" : classPath.value()));
      declared.addAll(pathNames(methodPath == null ? "" : methodPath.value()));
      for (Parameter p : m.getParameters()) {
        QueryParam q = p.getAnnotation(QueryParam.class);
        if (q != null) {
          declared.add(q.value());
        }
      }
      return of(annotation(c, m), declared, c.getName() + "." + m.getName());
    });
  }

  /** The target of a method of an {@link IamSecured} CDI bean: its parameters by name. */
  public static Target cdi(Method m) {
    return CACHE.computeIfAbsent(m, k -> {
      Set<String> declared = new LinkedHashSet<>();
      for (Parameter p : m.getParameters()) {
        declared.add(p.getName());
      }
      return of(m.getAnnotation(IamAction.class), declared, m.getDeclaringClass().getName() + "." + m.getName());
    });
  }

  static Target of(IamAction a, Set<String> declared, String source) {
    return new Target(a.value(), a.resource(), a.resourceAccount(), List.of(a.context()), declared, source);
  }

  /** The variable names of a Jakarta REST path template: {@code a/{x}/{y: .+}} has x and y. */
  public static Set<String> pathNames(String path) {
    Set<String> out = new LinkedHashSet<>();
    int i = 0;
    while ((i = path.indexOf('{', i)) >= 0) {
      int depth = 1;
      int j = i + 1;
      while (j < path.length() && depth > 0) {
        depth += path.charAt(j) == '{' ? 1 : path.charAt(j) == '}' ? -1 : 0;
        j++;
      }
      String inner = path.substring(i + 1, Math.max(i + 1, j - 1));
      int colon = inner.indexOf(':');
      out.add((colon < 0 ? inner : inner.substring(0, colon)).trim());
      i = j;
    }
    return out;
  }
}
