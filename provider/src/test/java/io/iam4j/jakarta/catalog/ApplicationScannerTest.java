package io.iam4j.jakarta.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import io.iam4j.catalog.AccessLevel;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.ActionEntry;
import io.iam4j.catalog.CatalogBuilder.Declaration;
import io.iam4j.catalog.ConditionKeyEntry;
import io.iam4j.catalog.ServiceReference;
import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.IamPublic;
import io.iam4j.jakarta.IamSecured;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Application;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scanner on test classes shaped like the sample's: REST resources, a CDI bean, a route file. */
class ApplicationScannerTest {
  @ApplicationPath("api")
  public static class App extends Application {}

  @Path("tenants/{owner}/buckets")
  public static class Buckets {
    @GET
    @IamAction(value = "docs:ListBuckets", resource = "arn:iam4j:docs::${owner}:bucket/*", resourceAccount = "${owner}")
    public String list(@PathParam("owner") String owner) {
      return "";
    }

    @PUT
    @Path("{bucket}")
    @IamAction(value = "docs:CreateBucket", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}", resourceAccount = "${owner}")
    public void create(@PathParam("owner") String owner, @PathParam("bucket") String bucket) {}

    @GET
    @Path("{bucket}/objects")
    @IamAction(value = "docs:ListObjects", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}", resourceAccount = "${owner}",
        context = "docs:prefix=${prefix}")
    public String objects(@PathParam("owner") String owner, @PathParam("bucket") String bucket, @QueryParam("prefix") String prefix) {
      return "";
    }

    @GET
    @Path("{bucket}/objects/{key: .+}")
    @IamAction(value = "docs:GetObject", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}", resourceAccount = "${owner}",
        resourceType = "object")
    public String get(@PathParam("owner") String owner, @PathParam("bucket") String bucket, @PathParam("key") String key) {
      return "";
    }

    @DELETE
    @Path("{bucket}/policy")
    @IamAction(value = "docs:DeleteBucketPolicy", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}", resourceAccount = "${owner}",
        accessLevel = "Write")
    public void deletePolicy(@PathParam("owner") String owner, @PathParam("bucket") String bucket) {}

    @GET
    @Path("open")
    @IamPublic
    public String open() {
      return "";
    }

    /** Not a resource method: no HTTP method. */
    @IamAction("docs:Helper")
    public String helper() {
      return "";
    }
  }

  @IamSecured
  public static class Reports {
    @IamAction(value = "docs:GetObject", resource = "arn:iam4j:docs::${owner}:bucket/reports/${year}/*", resourceAccount = "${owner}",
        resourceType = "object")
    public String summary(String owner, String year) {
      return "";
    }

    @IamAction(value = "docs:ExportReports", resource = "arn:iam4j:docs::${tenant}:bucket/reports")
    public String export() {
      return "";
    }

    public String undecided() {
      return "";
    }
  }

  /** @IamAction without @IamSecured: no interceptor decides it, so it is not the application's action. */
  public static class NotSecured {
    @IamAction("docs:Nothing")
    public void nothing() {}
  }

  static final String ROUTES = """
      [
        {"method": "GET", "path": "/admin/*", "action": "iam:GetConfigurationStatus", "resource": "arn:iam4j:iam::${tenant}:configuration"},
        {"method": "GET", "path": "/api/tenants/{owner}/buckets/{bucket}/stats", "action": "docs:GetBucketStatistics",
         "resource": "arn:iam4j:docs::${owner}:bucket/${bucket}", "resourceAccount": "${owner}"},
        {"path": "/files/{name: .+}", "action": "docs:ReadFile", "resource": "arn:iam4j:docs::${tenant}:file/${name}",
         "resourceType": "file", "accessLevel": "Read", "context": ["docs:fileName=${name}"]},
        {"path": "/login", "access": "container"}
      ]
      """;

  private static final List<Class<?>> CLASSES = List.of(App.class, Buckets.class, Reports.class, NotSecured.class);

  @Test
  void restMethodsAreDeclaredWithTheirMethodAndPlainPathTemplate() {
    List<Declaration> rest = ApplicationScanner.rest(CLASSES);
    assertEquals(List.of("DELETE /api/tenants/{owner}/buckets/{bucket}/policy", "GET /api/tenants/{owner}/buckets",
            "GET /api/tenants/{owner}/buckets/{bucket}/objects", "GET /api/tenants/{owner}/buckets/{bucket}/objects/{key}",
            "PUT /api/tenants/{owner}/buckets/{bucket}"),
        rest.stream().map(Declaration::source).sorted().toList());
    Declaration objects = rest.stream().filter(d -> d.action().equals("docs:ListObjects")).findFirst().orElseThrow();
    assertEquals(List.of("docs:prefix"), objects.conditionKeys());
    assertEquals("GET", objects.httpMethod());
  }

  @Test
  void cdiMethodsOfSecuredBeansAreDeclaredByClassAndMethod() {
    List<Declaration> cdi = ApplicationScanner.cdi(CLASSES);
    assertEquals(List.of(ApplicationScannerTest.Reports.class.getName() + "#export", ApplicationScannerTest.Reports.class.getName() + "#summary"),
        cdi.stream().map(Declaration::source).sorted().toList());
  }

  @Test
  void routesIamDecidesAreDeclared() {
    List<Declaration> routes = ApplicationScanner.routes(ROUTES, "routes.json");
    assertEquals(List.of("route GET /admin/*", "route GET /api/tenants/{owner}/buckets/{bucket}/stats", "route /files/{name}"),
        routes.stream().map(Declaration::source).toList());
    assertEquals("file", routes.get(2).resourceType());
    assertEquals(AccessLevel.READ, routes.get(2).accessLevel());
  }

  @Test
  void theCatalogOfTheApplication() {
    ActionCatalog c = ApplicationScanner.catalog(CLASSES, ROUTES, "routes.json", "iam4j");
    ServiceReference docs = c.service("docs").orElseThrow();
    assertEquals(List.of("CreateBucket", "DeleteBucketPolicy", "ExportReports", "GetBucketStatistics", "GetObject", "ListBuckets",
        "ListObjects", "ReadFile"), docs.actions().stream().map(ActionEntry::name).toList());
    ActionEntry get = docs.action("GetObject").orElseThrow();
    assertEquals(List.of("GET /api/tenants/{owner}/buckets/{bucket}/objects/{key}", Reports.class.getName() + "#summary"), get.sources());
    assertEquals(List.of(new ActionEntry.ResourceUse("object", true)), get.resources());
    assertEquals(List.of("arn:iam4j:docs::${Account}:bucket/${Bucket}/${Key}"), docs.resource("object").orElseThrow().arnFormats());
    assertEquals(List.of("arn:iam4j:docs::${Account}:bucket/${Bucket}"), docs.resource("bucket").orElseThrow().arnFormats());
    assertEquals(AccessLevel.WRITE, docs.action("DeleteBucketPolicy").orElseThrow().accessLevel(), "declared, not derived");
    assertEquals(AccessLevel.READ, docs.action("ExportReports").orElseThrow().accessLevel());
    assertEquals(AccessLevel.LIST, docs.action("ListBuckets").orElseThrow().accessLevel());
    assertEquals(List.of(new ConditionKeyEntry("docs:fileName", List.of("String")), new ConditionKeyEntry("docs:prefix", List.of("String"))),
        docs.conditionKeys());
    assertTrue(docs.action("Helper").isEmpty());
    assertTrue(docs.action("Nothing").isEmpty());
    // The route's iam4j action merges into iam4j's own IAM service.
    ActionEntry status = c.action("iam:GetConfigurationStatus").orElseThrow();
    assertEquals(List.of("iam4j", "route GET /admin/*"), status.sources());
    assertEquals(List.of("arn:iam4j:iam::${Account}:configuration"), c.service("iam").orElseThrow().resource("configuration").orElseThrow().arnFormats());
    assertFalse(c.action("sts:AssumeRole").isEmpty());
    assertTrue(c.action("access-analyzer:ValidatePolicy").isPresent());
  }

  @Test
  void aBadAccessLevelNamesWhereItIs() {
    IamException e = assertThrows(IamException.class, () -> ApplicationScanner.routes(
        "[{\"path\": \"/x\", \"action\": \"docs:X\", \"accessLevel\": \"Admin\"}]", "routes.json"));
    assertEquals("routes.json#/0: the access level \"Admin\" is one of List, Read, Write, Permissions management, Tagging", e.getMessage());
    assertEquals(AccessLevel.PERMISSIONS_MANAGEMENT, ApplicationScanner.level("permissions_management", "x"));
    IamException type = assertThrows(IamException.class, () -> ApplicationScanner.routes(
        "[{\"path\": \"/x\", \"action\": \"docs:X\", \"resourceType\": 3}]", "routes.json"));
    assertTrue(type.getMessage().endsWith("/0/resourceType: expected a string"), type.getMessage());
    // A container route has no catalog members.
    assertThrows(IamException.class, () -> ApplicationScanner.routes(
        "[{\"path\": \"/x\", \"access\": \"container\", \"resourceType\": \"x\"}]", "routes.json"));
  }
}
