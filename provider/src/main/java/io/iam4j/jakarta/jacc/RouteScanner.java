package io.iam4j.jakarta.jacc;

import io.iam4j.jakarta.runtime.Iam4j;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * At deployment, collects the application's Jakarta REST resources and turns their {@code
 * @IamAction} annotations into the route catalog the Jakarta Authorization provider decides with
 * (one annotation serves both enforcement paths); once the application has started, and only when
 * iam4j's provider is the server's, registers the application's {@link JaccDecider}.
 */
@HandlesTypes({Path.class, ApplicationPath.class})
public class RouteScanner implements ServletContainerInitializer {
  private static final Logger LOG = Logger.getLogger(RouteScanner.class.getName());

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
    // The server's own copy of this jar (--addlibs) sees every application: only the copy inside
    // the application speaks for it.
    if (RouteScanner.class.getClassLoader() != ctx.getClassLoader()) {
      return;
    }
    if (classes == null) {
      classes = Set.of();
    }
    // Throws for a template that names an undeclared or reserved parameter: the deployment fails.
    RouteCatalog annotated = RouteCatalog.fromAnnotations(new ArrayList<>(classes));
    List<Class<?>> restClasses = List.copyOf(classes);
    // First of all filters: the application dispatches the canonical path that iam4j decides on.
    ctx.addFilter("iam4j-canonical-path", new io.iam4j.jakarta.runtime.CanonicalPathFilter())
        .addMappingForUrlPatterns(java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST), false, "/*");
    // Then the body a signed request's authentication read, and STS and the IAM API (Query protocol).
    ctx.addFilter("iam4j-signed-body", new io.iam4j.jakarta.runtime.SignedBodyFilter())
        .addMappingForUrlPatterns(java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST), false, "/*");
    ctx.addFilter("iam4j-aws-query", new io.iam4j.jakarta.runtime.AwsQueryFilter())
        .addMappingForUrlPatterns(java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST), false, "/*");
    io.iam4j.jakarta.runtime.AwsQueryRoot.register(ctx);
    // The administration console (iam4j.console.enabled), unconstrained: its pages sign in themselves.
    io.iam4j.jakarta.runtime.ConsoleServlet.register(ctx);
    String status = org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue("iam4j.status.path", String.class)
        .orElse(io.iam4j.jakarta.runtime.Iam4jStatusServlet.DEFAULT_PATH);
    if (!status.isBlank()) {
      ctx.addServlet("iam4j-status", new io.iam4j.jakarta.runtime.Iam4jStatusServlet()).addMapping(status);
    }
    ctx.addListener(new ServletContextListener() {
      private JaccDecider registered;

      @Override
      public void contextInitialized(ServletContextEvent e) {
        // The action catalog, whatever enforces: REST resources (these classes), CDI beans, the route file, iam4j's own APIs.
        io.iam4j.jakarta.runtime.ApplicationCatalog.install(CDI.current().select(Iam4j.class).get(), restClasses);
        if (!JaccBridge.serverRunsIam4j()) {
          java.util.Optional<String> misinstalled = JaccBridge.installedButNotInForce(ctx.getClassLoader());
          if (misinstalled.isPresent()) {
            throw new io.iam4j.IamException(misinstalled.get());
          }
          return; // annotation-only mode
        }
        JaccDecider decider = CDI.current().select(Iam4j.class).get().jaccDecider(annotated);
        JaccBridge.register(ctx.getContextPath(), decider);
        registered = decider;
        List<String> routes = decider.routes().routes().stream().map(r -> r.method() + " " + r.path() + " -> " + r.action()).toList();
        LOG.info(() -> "iam4j Jakarta Authorization provider active for " + (ctx.getContextPath().isEmpty() ? "/" : ctx.getContextPath())
            + ": routes " + routes);
      }

      @Override
      public void contextDestroyed(ServletContextEvent e) {
        if (registered != null) {
          JaccBridge.unregister(ctx.getContextPath(), registered);
        }
      }
    });
  }
}
