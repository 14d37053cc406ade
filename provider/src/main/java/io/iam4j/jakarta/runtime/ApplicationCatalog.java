package io.iam4j.jakarta.runtime;

import io.iam4j.IamException;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.jakarta.catalog.ApplicationScanner;
import jakarta.enterprise.inject.spi.CDI;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the application's action catalog when it deploys and hands it to {@link Iam4j#catalog()}:
 * its Jakarta REST resources (the classes the container found for {@code RouteScanner}), the
 * {@code @IamSecured} CDI beans ({@link TargetValidation} saw them), its route file (the one the
 * Jakarta Authorization provider reads: {@code iam4j.jacc.routes}, default {@code CONFIG/routes.json})
 * and iam4j's own APIs, in the configured partition.
 */
public final class ApplicationCatalog {
  private static final Logger LOG = Logger.getLogger(ApplicationCatalog.class.getName());

  private ApplicationCatalog() {}

  /**
   * Builds and installs the catalog. A bad annotation (an unknown access level) fails the
   * deployment like a bad template does; a route file that cannot be read is left out with a
   * warning (it only enforces under the Jakarta Authorization provider, which refuses it itself).
   */
  public static ActionCatalog install(Iam4j iam4j, Collection<Class<?>> restClasses) {
    List<Class<?>> classes = new ArrayList<>(restClasses);
    try {
      classes.addAll(CDI.current().getBeanManager().getExtension(TargetValidation.class).classes());
    } catch (IllegalArgumentException e) {
      LOG.warning("iam4j's CDI extension is not registered: the action catalog lists no CDI bean");
    }
    Path routesFile = Iam4jSettings.value("iam4j.jacc.routes").map(Path::of).orElse(iam4j.settings().configDir().resolve("routes.json"));
    String routes = null;
    if (Files.isRegularFile(routesFile)) {
      try {
        routes = Files.readString(routesFile, StandardCharsets.UTF_8);
        ApplicationScanner.routes(routes, routesFile.toString());
      } catch (IOException | IamException e) {
        LOG.log(Level.WARNING, "The action catalog leaves out the route file " + routesFile + ": " + e.getMessage());
        routes = null;
      }
    }
    ActionCatalog catalog = ApplicationScanner.catalog(classes, routes, routesFile.toString(), iam4j.settings().partition());
    iam4j.catalog(catalog);
    LOG.info(() -> "iam4j action catalog: " + catalog.services().size() + " services, " + catalog.actions().size() + " actions ("
        + String.join(", ", catalog.services().keySet()) + ")");
    return catalog;
  }
}
