package io.iam4j.jakarta.jacc;

import io.iam4j.authz.Authorizer;
import io.iam4j.crypto.ServerKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the server-wide {@link Iam4jPolicy} knows of each application, by context path: its route
 * catalog (from its annotations, found at deployment by {@link RouteScanner}, plus its route file)
 * and its iam4j runtime (attached when the application's {@code Iam4j} bean starts). The provider
 * jar is on the server's class path ({@code --addlibs}) and web class loaders are parent-first, so
 * the policy and the applications share this one registry.
 */
public final class JaccApplications {
  /** What a request that matches no route gets. */
  public enum Unmatched { DENY, CONTAINER }

  /** One application: routes and runtime; the runtime is null until the application started. */
  public record App(RouteCatalog annotated, RouteCatalog fromFile, Authorizer authorizer, ServerKey key, Unmatched unmatched) {
    public RouteCatalog routes() {
      return annotated.plus(fromFile);
    }
  }

  private static final Map<String, App> APPS = new ConcurrentHashMap<>();

  private JaccApplications() {}

  public static void registerRoutes(String contextPath, RouteCatalog annotated) {
    APPS.merge(contextPath, new App(annotated, RouteCatalog.EMPTY, null, null, Unmatched.CONTAINER),
        (old, neu) -> new App(annotated, old.fromFile(), old.authorizer(), old.key(), old.unmatched()));
  }

  public static void attach(String contextPath, Authorizer authorizer, ServerKey key, RouteCatalog fromFile, Unmatched unmatched) {
    APPS.merge(contextPath, new App(RouteCatalog.EMPTY, fromFile, authorizer, key, unmatched),
        (old, neu) -> new App(old.annotated(), fromFile, authorizer, key, unmatched));
  }

  public static void remove(String contextPath) {
    APPS.remove(contextPath);
  }

  public static App get(String contextPath) {
    return APPS.get(contextPath);
  }
}
