package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.CatalogJson;
import io.iam4j.catalog.ServiceReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code iam catalog}: the application's action catalog, in the shape of AWS's service reference. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = {
      "Print the action catalog of an application, built offline from its compiled classes (Jakarta REST",
      "methods with @IamAction, @IamSecured CDI beans), its route file and iam4j's own services (iam, sts,",
      "access-analyzer, cloudtrail): services, actions with access levels and sources, resource types with",
      "ARN formats, condition keys; JSON in the shape of AWS's service reference information. The server",
      "builds the same catalog at deployment (IAM API: GetServiceReference).",
      "Exit status: 0, or 1 when a source cannot be read, a declaration is refused, or the service is unknown."
    })
final class CatalogCommand implements Callable<Integer> {
  @Mixin CatalogOptions source;

  @Option(names = "--service", paramLabel = "NAME", description = "print only this service's document (e.g. docs)")
  String service;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ActionCatalog catalog;
    try {
      catalog = source.build(err);
    } catch (IOException e) {
      err.println("Cannot read the application: " + e.getMessage());
      return Main.EXIT_USAGE;
    } catch (IamException e) {
      err.println(e.getMessage());
      return Main.EXIT_USAGE;
    }
    if (service == null) {
      out.print(CatalogJson.print(CatalogJson.toJson(catalog)));
      out.flush();
      return 0;
    }
    Optional<ServiceReference> s = catalog.service(service);
    if (s.isEmpty()) {
      err.println("No service " + service + " in the catalog; it has " + String.join(", ", catalog.services().keySet()));
      return Main.EXIT_USAGE;
    }
    out.print(CatalogJson.print(CatalogJson.toJson(s.get())));
    out.flush();
    return 0;
  }
}
