package io.iam4j.jakarta.jacc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import io.iam4j.jakarta.IamAction;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The route catalog: routes from the iam4j annotations of Jakarta REST resources (one annotation
 * serves both enforcement paths) and from a route file, matched by method and path.
 */
class RouteCatalogTest {
  @ApplicationPath("/api")
  static class Api extends Application {}

  @Path("tenants/{owner}/buckets/{bucket}")
  public static class Buckets {
    @GET
    @Path("objects/{key: .+}")
    @IamAction(value = "docs:GetObject", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}", resourceAccount = "${owner}")
    public String get() {
      return "";
    }

    @PUT
    @Path("objects/{key: .+}")
    @IamAction(value = "docs:PutObject", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}", resourceAccount = "${owner}",
        context = "docs:ContentType=${type}")
    public void put(@jakarta.ws.rs.QueryParam("type") String type) {}

    @GET
    @Path("unchecked")
    public String notAnnotated() {
      return "";
    }

    @GET
    @Path("open")
    @io.iam4j.jakarta.IamPublic
    public String open() {
      return "";
    }
  }

  @Path("contradiction")
  public static class Contradiction {
    @GET
    @io.iam4j.jakarta.IamPublic
    @IamAction("docs:GetObject")
    public String both() {
      return "";
    }
  }

  @Test
  void iamPublicMethod_isAContainerRoute_andCannotAlsoDeclareAnAction() {
    RouteCatalog.Match m = ANNOTATED.match("GET", "/api/tenants/acme/buckets/projects/open").orElseThrow();
    assertEquals(RouteCatalog.Access.CONTAINER, m.route().access());
    String message = assertThrows(IamException.class, () -> RouteCatalog.fromAnnotations(List.of(Contradiction.class))).getMessage();
    assertTrue(message.contains("both @IamPublic and @IamAction"), message);
  }

  static final RouteCatalog ANNOTATED = RouteCatalog.fromAnnotations(List.of(Api.class, Buckets.class));

  @Test
  void annotations_becomeRoutes_underTheApplicationPath() {
    RouteCatalog.Match m = ANNOTATED.match("GET", "/api/tenants/acme/buckets/projects/objects/plans/q3.txt").orElseThrow();
    assertEquals("docs:GetObject", m.route().action());
    assertEquals(Map.of("owner", "acme", "bucket", "projects", "key", "plans/q3.txt"), m.values());
    assertEquals("${owner}", m.route().resourceAccount());
    RouteCatalog.Match put = ANNOTATED.match("PUT", "/api/tenants/acme/buckets/projects/objects/a.txt").orElseThrow();
    assertEquals("docs:PutObject", put.route().action());
    assertEquals(List.of("docs:ContentType=${type}"), put.route().context());
  }

  @Test
  void methodsWithoutAnAnnotation_haveNoRoute() {
    assertTrue(ANNOTATED.match("GET", "/api/tenants/acme/buckets/projects/unchecked").isEmpty());
    assertTrue(ANNOTATED.match("DELETE", "/api/tenants/acme/buckets/projects/objects/a.txt").isEmpty());
  }

  @Test
  void routeFile_wildcardRemainderIsThePathValue_methodOptional() {
    RouteCatalog file = RouteCatalog.fromJson("""
        [{"path": "/static/*", "action": "docs:GetStaticFile", "resource": "arn:iam4j:docs::${tenant}:static/${path}"}]""", "routes.json");
    RouteCatalog.Match m = file.match("HEAD", "/static/css/site.css").orElseThrow();
    assertEquals("css/site.css", m.values().get("path"));
    assertEquals("*", m.route().method());
    assertEquals("${tenant}", m.route().resourceAccount(), "by default a route's resource belongs to the caller's tenant");
    assertTrue(file.match("GET", "/static").isPresent(), "/* covers the directory itself");
    assertTrue(file.match("GET", "/staticfiles/x").isEmpty());
  }

  @Test
  void theMostSpecificRouteWins() {
    RouteCatalog file = RouteCatalog.fromJson("""
        [{"path": "/admin/*", "action": "iam:GetConfigurationStatus"},
         {"path": "/admin/users/{name}", "action": "iam:GetUser", "resource": "arn:iam4j:iam::${tenant}:user/${name}"}]""", "routes.json");
    assertEquals("iam:GetUser", file.match("GET", "/admin/users/alice").orElseThrow().route().action());
    assertEquals("iam:GetConfigurationStatus", file.match("GET", "/admin/status").orElseThrow().route().action());
  }

  @Test
  void annotationsAndFile_combine() {
    RouteCatalog all = ANNOTATED.plus(RouteCatalog.fromJson("""
        [{"method": "GET", "path": "/api/tenants/{owner}/buckets/{bucket}/unchecked", "action": "docs:ListBucket"}]""", "routes.json"));
    assertEquals("docs:ListBucket", all.match("GET", "/api/tenants/acme/buckets/p/unchecked").orElseThrow().route().action());
    assertEquals("docs:GetObject", all.match("GET", "/api/tenants/acme/buckets/p/objects/k").orElseThrow().route().action());
  }

  static String refusal(String json) {
    return assertThrows(IamException.class, () -> RouteCatalog.fromJson(json, "config/routes.json")).getMessage();
  }

  @Test
  void badRouteFiles_nameTheFileAndThePointer() {
    assertEquals("config/routes.json:1:1: : a route file is a JSON array of routes", refusal("{}"));
    assertEquals("config/routes.json:1:2: /0: a route is an object", refusal("[1]"));
    assertEquals("config/routes.json:1:2: /0: a route decided by IAM needs \"action\" (or \"access\": \"container\")", refusal("[{\"path\": \"/a\"}]"));
    assertEquals("config/routes.json:1:2: /0: a route needs \"path\" (starting with /)", refusal("[{\"path\": \"a\", \"action\": \"x:Y\"}]"));
    assertTrue(refusal("[{\"path\": \"/a/{tenant}\", \"action\": \"x:Y\"}]")
        .contains("/0: the parameter \"tenant\" clashes with the reserved template name ${tenant}"), "reserved names are the identity's");
    assertTrue(refusal("[{\"path\": \"/a\", \"action\": \"x:Y\", \"resource\": \"arn:x:y::${tenant}:z/${who}\"}]")
        .contains("${who}, which is not a declared parameter"));
    assertTrue(refusal("[{\"path\": \"/a\", \"access\": \"container\", \"action\": \"x:Y\"}]")
        .contains("/0/action: a route left to the container has no \"action\""));
    assertTrue(refusal("[{\"path\": \"/a\", \"action\": \"x:Y\", \"acton\": \"x:Z\"}]")
        .startsWith("config/routes.json:1:34: /0/acton: unknown key \"acton\""));
    assertTrue(refusal("[{\"path\": \"/a\", \"action\": 3}]").startsWith("config/routes.json:1:27: /0/action: expected a string"));
    assertTrue(refusal("[{\"path\": \"/a\", \"action\": \"x:Y\", \"context\": [\"novalue\"]}]")
        .startsWith("config/routes.json:1:46: /0/context/0: expected a \"key=value\" string"));
    assertTrue(refusal("[{\"path\": \"/a/{k: [}\", \"action\": \"x:Y\"}]").startsWith("config/routes.json:1:11: /0/path: the path's parameter pattern"));
    assertTrue(refusal("[{\"path\": \"/a\", \"action\": \"x:Y\", \"method\": \"GET /\"}]").contains("/0/method"));
    assertTrue(refusal("[{\"path\": ").startsWith("config/routes.json:"));
  }
}
