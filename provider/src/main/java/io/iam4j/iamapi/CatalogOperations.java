package io.iam4j.iamapi;

import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.CatalogJson;
import io.iam4j.catalog.ServiceReference;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The application's action catalog on the IAM API, two iam4j extensions named in IAM's style:
 *
 * <ul>
 *   <li>{@code ListServiceReferences}: the catalog's services, each with its name and number of
 *       actions; authorized as {@code iam:ListServiceReferences} on {@code *}.
 *   <li>{@code GetServiceReference} ({@code ServiceName} optional): one service's document in the
 *       shape of AWS's service reference (or, without a name, the whole catalog,
 *       {@code {"Services": [...]}}), as JSON text in {@code <ServiceReference>} (plain, not
 *       URL-encoded: it is not a policy); authorized as {@code iam:GetServiceReference} on {@code *}.
 * </ul>
 *
 * The catalog is the same for every tenant (it is the application's), so nothing tenant-specific is
 * read.
 */
public final class CatalogOperations implements IamOperations {
  private final Supplier<ActionCatalog> catalog;

  public CatalogOperations(Supplier<ActionCatalog> catalog) {
    this.catalog = catalog;
  }

  @Override
  public Set<String> actions() {
    return Set.of("GetServiceReference", "ListServiceReferences");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    switch (action) {
      case "GetServiceReference" -> get(q, call, xml);
      case "ListServiceReferences" -> list(call, xml);
      default -> throw new IllegalArgumentException(action);
    }
    return true;
  }

  private void get(QueryRequest q, IamCall call, QueryXml xml) {
    call.authorize("GetServiceReference", "*");
    ActionCatalog c = catalog.get();
    Optional<String> name = q.get("ServiceName").filter(s -> !s.isEmpty());
    if (name.isEmpty()) {
      xml.text("ServiceReference", CatalogJson.print(CatalogJson.toJson(c)));
      return;
    }
    if (!name.get().matches("[A-Za-z0-9-]{1,64}")) {
      throw AwsError.constraint("serviceName", name.get(), "Member must satisfy regular expression pattern: [A-Za-z0-9-]{1,64}");
    }
    ServiceReference s = c.service(name.get())
        .orElseThrow(() -> IamErrors.noSuchEntity("The service with name " + name.get() + " cannot be found."));
    xml.text("ServiceReference", CatalogJson.print(CatalogJson.toJson(s)));
  }

  private void list(IamCall call, QueryXml xml) {
    call.authorize("ListServiceReferences", "*");
    xml.open("Services");
    for (ServiceReference s : catalog.get().services().values()) {
      xml.open("member").text("ServiceName", s.name()).text("ActionCount", s.actions().size())
          .text("ResourceTypeCount", s.resources().size()).close("member");
    }
    xml.close("Services");
  }
}
