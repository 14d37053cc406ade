package io.iam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.CatalogJson;
import io.iam4j.cli.fixture.DocsApplication;
import io.iam4j.cli.fixture.ObjectsResource;
import io.iam4j.cli.fixture.ReportService;
import io.iam4j.jakarta.catalog.ApplicationScanner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iam catalog} and {@code iam validate --catalog/--classes} over compiled classes copied out
 * of the test class path (as a directory and as a war), the way the CLI meets an application's
 * build output; the catalog is the one the server's scanner builds from the same classes.
 */
class CatalogCommandTest {
  static final List<Class<?>> APP = List.of(DocsApplication.class, ObjectsResource.class, ReportService.class);
  static final String ROUTES = "[{\"method\": \"GET\", \"path\": \"/api/tenants/{owner}/buckets/{bucket}/stats\", \"action\": \"docs:GetBucketStatistics\","
      + " \"resource\": \"arn:iam4j:docs::${owner}:bucket/${bucket}\", \"resourceAccount\": \"${owner}\"}]";

  @TempDir Path dir;
  Path classes;
  Path war;
  Path routes;

  @BeforeEach
  void application() throws IOException {
    classes = dir.resolve("classes");
    for (Class<?> c : APP) {
      String path = c.getName().replace('.', '/') + ".class";
      Path to = classes.resolve(path);
      Files.createDirectories(to.getParent());
      try (InputStream in = c.getClassLoader().getResourceAsStream(path)) {
        Files.copy(in, to);
      }
    }
    // A class file that cannot be loaded: reported and skipped, never fatal.
    Files.write(classes.resolve("io/iam4j/cli/fixture/Broken.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, 1, 2, 3});
    war = dir.resolve("docs.war");
    try (OutputStream o = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(o)) {
      try (var files = Files.walk(classes)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          zip.putNextEntry(new ZipEntry("WEB-INF/classes/" + classes.relativize(f).toString().replace('\\', '/')));
          zip.write(Files.readAllBytes(f));
          zip.closeEntry();
        }
      }
      zip.putNextEntry(new ZipEntry("index.html"));
      zip.closeEntry();
    }
    routes = dir.resolve("routes.json");
    Files.writeString(routes, ROUTES);
  }

  @Test
  void theCatalogOfCompiledClassesIsTheServersForTheSameClasses() {
    CliRun r = CliRun.run("catalog", "--classes", classes.toString(), "--routes", routes.toString());
    assertEquals(0, r.status(), r.err());
    ActionCatalog server = ApplicationScanner.catalog(APP, ROUTES, "routes.json", "iam4j");
    assertEquals(CatalogJson.print(CatalogJson.toJson(server)), r.out());
    assertTrue(r.err().contains("skipped io.iam4j.cli.fixture.Broken: ClassFormatError"), r.err());
  }

  @Test
  void aWarGivesTheSameCatalogAsItsClasses() {
    CliRun fromWar = CliRun.run("catalog", "--war", war.toString(), "--routes", routes.toString());
    CliRun fromDir = CliRun.run("catalog", "--classes", classes.toString(), "--routes", routes.toString());
    assertEquals(0, fromWar.status(), fromWar.err());
    assertEquals(fromDir.out(), fromWar.out());
  }

  @Test
  void oneServiceIsOneDocumentInTheReferencesShape() {
    CliRun r = CliRun.run("catalog", "--classes", classes.toString(), "--service", "docs");
    assertEquals(0, r.status(), r.err());
    jakarta.json.JsonObject docs = r.json();
    assertEquals("docs", docs.getString("Name"));
    assertEquals(List.of("GetObject", "ListObjects", "PutObject"),
        docs.getJsonArray("Actions").getValuesAs(jakarta.json.JsonObject.class).stream().map(a -> a.getString("Name")).toList());
    jakarta.json.JsonObject get = docs.getJsonArray("Actions").getJsonObject(0);
    assertEquals(List.of("GET /api/tenants/{owner}/buckets/{bucket}/objects/{key}", "io.iam4j.cli.fixture.ReportService#summary"),
        get.getJsonArray("Sources").getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
    assertEquals(false, get.getJsonObject("Annotations").getJsonObject("Properties").getBoolean("IsWrite"));
    assertEquals("object", get.getJsonArray("Resources").getJsonObject(0).getString("Name"));
    assertEquals("arn:iam4j:docs::${Account}:bucket/${Bucket}/${Key}",
        docs.getJsonArray("Resources").getJsonObject(1).getJsonArray("ARNFormats").getString(0));
    assertEquals("docs:prefix", docs.getJsonArray("ConditionKeys").getJsonObject(0).getString("Name"));
  }

  @Test
  void withoutTheApplicationTheCatalogIsIam4jsOwnServices() {
    CliRun r = CliRun.run("catalog", "--service", "iam", "--partition", "corp");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("\"arn:corp:iam::${Account}:user/${UserNameWithPath}\""), r.out());
    CliRun none = CliRun.run("catalog", "--service", "docs");
    assertEquals(Main.EXIT_USAGE, none.status());
    assertTrue(none.err().startsWith("No service docs in the catalog; it has access-analyzer, cloudtrail, iam, sts"), none.err());
  }

  @Test
  void validateFlagsWhatTheCatalogDoesNotHaveWithSuggestions() throws IOException {
    Path catalog = dir.resolve("catalog.json");
    CliRun built = CliRun.run("catalog", "--war", war.toString());
    Files.writeString(catalog, built.out());
    Path policy = dir.resolve("p.json");
    Files.writeString(policy, """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["docs:GetObjekt", "docs:ListObjects"],
          "Resource": ["arn:iam4j:docs::acme:bucket/b", "arn:iam4j:docs::acme:job/j"],
          "Condition": {"StringLike": {"docs:prefx": "a/*"}}}]}
        """);
    CliRun r = CliRun.run("validate", "--catalog", catalog.toString(), policy.toString());
    assertEquals(Main.EXIT_INVALID, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("error INVALID_ACTION at /Statement/0/Action/0: The action docs:GetObjekt does not exist. Did you mean docs:GetObject?"), r.out());
    assertTrue(r.out().contains("error INVALID_SERVICE_CONDITION_KEY at /Statement/0/Condition/StringLike/docs:prefx"), r.out());
    // The same from the classes directly; without a catalog the policy is valid (docs is nobody's service).
    assertEquals(r.out(), CliRun.run("validate", "--classes", classes.toString(), policy.toString()).out());
    CliRun plain = CliRun.run("validate", policy.toString());
    assertEquals(0, plain.status(), plain.out());
    // All actions known: a resource none of them acts on is flagged.
    Files.writeString(policy, "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"docs:GetObject\","
        + " \"Resource\": \"arn:iam4j:docs::acme:bucket/b\"}]}");
    CliRun arn = CliRun.run("validate", "--catalog", catalog.toString(), "--format", "json", policy.toString());
    assertEquals(Main.EXIT_INVALID, arn.status());
    assertEquals("INVALID_ARN_RESOURCE", arn.json().getJsonArray("policies").getJsonObject(0).getJsonArray("findings").getJsonObject(0).getString("code"));
  }
}
