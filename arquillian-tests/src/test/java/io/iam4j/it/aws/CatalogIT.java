package io.iam4j.it.aws;

import static io.iam4j.it.aws.AwsIt.basic;
import static io.iam4j.it.aws.AwsIt.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.catalog.AccessLevel;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.ActionEntry;
import io.iam4j.catalog.CatalogJson;
import io.iam4j.catalog.ConditionKeyEntry;
import io.iam4j.catalog.ServiceReference;
import io.iam4j.jakarta.catalog.ApplicationClasses;
import io.iam4j.jakarta.catalog.ApplicationScanner;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The action catalog of the deployed sample over the IAM API (Query protocol, BASIC): the docs
 * service built at deployment from its annotations, its CDI bean and its route file; the same
 * catalog bin/iam catalog builds offline from the war; ValidatePolicy's catalog findings.
 * {@code carol} (SysAdmins: iam:Get*, iam:List*, access-analyzer:ValidatePolicy) reads it;
 * {@code alice} (Developers) may not.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CatalogIT {
  static final Path CONFIG = Path.of(System.getProperty("it.config.dir"));

  @ArquillianResource URL base;
  URI endpoint;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return AwsIt.rootWar();
  }

  @BeforeEach
  void endpoint() {
    endpoint = AwsIt.endpoint(base);
  }

  AwsIt.Reply call(String user, String action, String... pairs) {
    StringBuilder form = new StringBuilder("Action=" + action + "&Version=2010-05-08");
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      form.append('&').append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return post(endpoint, "/iam", form.toString(), "Authorization", basic(user));
  }

  static String text(String xml, String element) {
    Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(xml);
    assertTrue(m.find(), () -> element + " in " + xml);
    return unescape(m.group(1));
  }

  static List<String> texts(String xml, String element) {
    Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(xml);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(unescape(m.group(1)));
    }
    return out;
  }

  static String unescape(String s) {
    return s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'").replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  @Test
  void getServiceReferenceAnswersTheSamplesDocsService() {
    AwsIt.Reply r = call("carol@acme", "GetServiceReference", "ServiceName", "docs");
    assertEquals(200, r.status(), r.body());
    ServiceReference docs = CatalogJson.parse(text(r.body(), "ServiceReference"), "reply").service("docs").orElseThrow();
    ActionEntry get = docs.action("GetObject").orElseThrow();
    assertEquals(AccessLevel.READ, get.accessLevel());
    assertEquals(List.of(new ActionEntry.ResourceUse("object", true)), get.resources());
    assertEquals(List.of("GET /api/tenants/{owner}/buckets/{bucket}/objects/{key}", "io.iam4j.sample.ReportService#summary"), get.sources());
    assertEquals(List.of("arn:iam4j:docs::${Account}:bucket/${Bucket}/${Key}"), docs.resource("object").orElseThrow().arnFormats());
    assertEquals(List.of("arn:iam4j:docs::${Account}:bucket/${Bucket}"), docs.resource("bucket").orElseThrow().arnFormats());
    assertEquals(List.of("docs:prefix"), docs.action("ListObjects").orElseThrow().conditionKeys());
    assertEquals(AccessLevel.LIST, docs.action("ListObjects").orElseThrow().accessLevel());
    assertEquals(AccessLevel.PERMISSIONS_MANAGEMENT, docs.action("PutBucketPolicy").orElseThrow().accessLevel());
    assertEquals(List.of(new ConditionKeyEntry("docs:prefix", List.of("String"))), docs.conditionKeys());
    // The route file's action is there too.
    assertEquals(List.of("route GET /api/tenants/{owner}/buckets/{bucket}/stats"), docs.action("GetBucketStatistics").orElseThrow().sources());
  }

  @Test
  void theServersCatalogIsTheOneBuiltOfflineFromTheWar() throws IOException {
    AwsIt.Reply r = call("carol@acme", "GetServiceReference");
    assertEquals(200, r.status(), r.body());
    ActionCatalog served = CatalogJson.parse(text(r.body(), "ServiceReference"), "reply");
    Path routes = CONFIG.resolve("routes.json");
    ActionCatalog offline;
    try (ApplicationClasses app = ApplicationClasses.open(List.of(Path.of(System.getProperty("it.war"))), CatalogIT.class.getClassLoader())) {
      offline = ApplicationScanner.catalog(app.classes(), Files.readString(routes), routes.toString(), "iam4j");
    }
    assertEquals(CatalogJson.print(CatalogJson.toJson(offline)), CatalogJson.print(CatalogJson.toJson(served)));
    // The sample ships its catalog for the offline commands (bin/iam access-advisor, unused-access,
    // generate-policy, check-no-new-access): it must be the application's, never a stale copy.
    assertEquals(CatalogJson.print(CatalogJson.toJson(served)), CatalogJson.print(CatalogJson.toJson(CatalogJson.read(CONFIG.resolve("catalog.json")))),
        "config/catalog.json is stale; regenerate it: bin/iam catalog --war sample-app/target/docs.war --routes config/routes.json > config/catalog.json");
    AwsIt.Reply list = call("carol@acme", "ListServiceReferences");
    assertEquals(200, list.status(), list.body());
    assertEquals(List.of("access-analyzer", "cloudtrail", "docs", "iam", "sts"), texts(list.body(), "ServiceName"));
  }

  @Test
  void validatePolicyFlagsAMisspelledActionWithTheCatalogsName() {
    String doc = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"docs:GetObjekt\","
        + " \"Resource\": \"arn:iam4j:docs::acme:bucket/reports/*\"}]}";
    AwsIt.Reply r = call("carol@acme", "ValidatePolicy", "PolicyDocument", doc);
    assertEquals(200, r.status(), r.body());
    assertEquals(List.of("INVALID_ACTION"), texts(r.body(), "IssueCode"), r.body());
    assertEquals("The action docs:GetObjekt does not exist. Did you mean docs:GetObject?", text(r.body(), "FindingDetails"));
    assertEquals("/Statement/0/Action", text(r.body(), "Pointer"));
    assertEquals("ERROR", text(r.body(), "FindingType"));
  }

  @Test
  void readingTheCatalogIsAuthorized() {
    AwsIt.Reply r = call("alice@acme", "GetServiceReference", "ServiceName", "docs");
    assertEquals(403, r.status(), r.body());
    assertTrue(r.body().contains("iam:GetServiceReference"), r.body());
  }
}
