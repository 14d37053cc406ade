package io.iam4j.jakarta.jacc;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * At deployment, collects the application's Jakarta REST resources and turns their {@code
 * @IamAction} annotations into the route catalog the Jakarta Authorization provider decides with:
 * one annotation serves both enforcement paths.
 */
@HandlesTypes({Path.class, ApplicationPath.class})
public class RouteScanner implements ServletContainerInitializer {
  private static final Logger LOG = Logger.getLogger(RouteScanner.class.getName());

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
    if (classes == null || classes.isEmpty()) {
      return;
    }
    RouteCatalog catalog = RouteCatalog.fromAnnotations(new ArrayList<>(classes));
    if (!catalog.routes().isEmpty()) {
      JaccApplications.registerRoutes(ctx.getContextPath(), catalog);
      List<String> routes = catalog.routes().stream().map(r -> r.method() + " " + r.path() + " -> " + r.action()).toList();
      LOG.info(() -> "iam4j routes of " + (ctx.getContextPath().isEmpty() ? "/" : ctx.getContextPath()) + ": " + routes);
    }
  }
}
