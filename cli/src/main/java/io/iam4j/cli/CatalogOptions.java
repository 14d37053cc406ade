package io.iam4j.cli;

import io.iam4j.catalog.ActionCatalog;
import io.iam4j.jakarta.catalog.ApplicationClasses;
import io.iam4j.jakarta.catalog.ApplicationScanner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where an application's action catalog comes from, offline: its compiled classes (a war or class
 * directories), its route file, and iam4j's own services in the partition. Shared by
 * {@code catalog} and {@code validate}.
 */
final class CatalogOptions {
  @Option(names = "--war", paramLabel = "FILE", description = "the application's war (its WEB-INF/classes are scanned)")
  List<Path> wars = new ArrayList<>();

  @Option(names = "--classes", paramLabel = "DIR", description = "a directory (or jar) of the application's compiled classes")
  List<Path> classes = new ArrayList<>();

  @Option(names = "--routes", paramLabel = "FILE", description = "the application's route file (config/routes.json)")
  Path routes;

  @Option(names = "--partition", paramLabel = "NAME", defaultValue = "iam4j",
      description = "the ARN partition of iam4j's own services (iam4j.partition; default: ${DEFAULT-VALUE})")
  String partition;

  boolean any() {
    return !wars.isEmpty() || !classes.isEmpty() || routes != null;
  }

  /**
   * The catalog. Classes that cannot be loaded are reported on {@code err} and left out.
   *
   * @throws IOException when a source cannot be read
   * @throws io.iam4j.IamException for an annotation or route the server would refuse too
   */
  ActionCatalog build(PrintWriter err) throws IOException {
    List<Path> sources = new ArrayList<>(wars);
    sources.addAll(classes);
    String routesText = routes == null ? null : Files.readString(routes, StandardCharsets.UTF_8);
    if (sources.isEmpty()) {
      return ApplicationScanner.catalog(List.of(), routesText, String.valueOf(routes), partition);
    }
    try (ApplicationClasses app = ApplicationClasses.open(sources, CatalogOptions.class.getClassLoader())) {
      for (ApplicationClasses.Skipped s : app.skipped()) {
        err.println("skipped " + s.className() + ": " + s.reason());
      }
      return ApplicationScanner.catalog(app.classes(), routesText, String.valueOf(routes), partition);
    }
  }
}
