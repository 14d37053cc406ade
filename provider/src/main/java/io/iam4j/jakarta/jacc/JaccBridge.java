package io.iam4j.jakarta.jacc;

import java.util.Map;
import java.util.function.Function;

/**
 * Where the server-wide {@link Iam4jPolicy} finds each application's {@link JaccDecider}, by context
 * path. The policy lives in the server's class loader and the decider in the application's, so they
 * meet through a JDK-owned map holding only JDK types: the system properties, under {@value #KEY}.
 */
public final class JaccBridge {
  static final String KEY = "io.iam4j.jacc.deciders";

  private JaccBridge() {}

  @SuppressWarnings("unchecked")
  private static Map<String, Function<Object[], Boolean>> deciders() {
    synchronized (System.getProperties()) {
      Object m = System.getProperties().get(KEY);
      if (m == null) {
        m = new java.util.concurrent.ConcurrentHashMap<String, Function<Object[], Boolean>>();
        System.getProperties().put(KEY, m);
      }
      return (Map<String, Function<Object[], Boolean>>) m;
    }
  }

  /** Registers an application's decider: {@code {domain, permission, request, containerAnswer}} to TRUE, FALSE or null (the container's answer). */
  public static void register(String contextPath, Function<Object[], Boolean> decider) {
    deciders().put(contextPath, decider);
  }

  public static void unregister(String contextPath) {
    deciders().remove(contextPath);
  }

  static Function<Object[], Boolean> decider(String contextPath) {
    return deciders().get(contextPath);
  }
}
