package io.iam4j.iamapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.authz.Authorizer;
import io.iam4j.cache.DecisionCache;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.CatalogBuilder;
import io.iam4j.catalog.CatalogBuilder.Declaration;
import io.iam4j.catalog.CatalogJson;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.eval.RequestContext;
import io.iam4j.jakarta.catalog.Iam4jServices;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.Mapping;
import io.iam4j.mapping.PrincipalMapper;
import io.iam4j.sts.AwsError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GetServiceReference and ListServiceReferences over a real configuration and authorizer, and
 * ValidatePolicy's catalog findings: both read the application's catalog.
 */
class CatalogOperationsTest {
  @TempDir Path root;
  ConfigStore store;
  Authorizer authorizer;
  IamService iam;
  final ServerKey key = ServerKey.random();
  static final ActionCatalog CATALOG;

  static {
    CatalogBuilder b = new CatalogBuilder()
        .add(new Declaration("docs:GetObject", "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}", "object", null, "GET", List.of(),
            "GET /api/tenants/{owner}/buckets/{bucket}/objects/{key}"))
        .add(new Declaration("docs:ListObjects", "arn:iam4j:docs::${owner}:bucket/${bucket}", null, null, "GET", List.of("docs:prefix"),
            "GET /api/tenants/{owner}/buckets/{bucket}/objects"));
    Iam4jServices.services("iam4j").forEach(b::add);
    CATALOG = b.build();
  }

  void put(String tenant, String path, String content) throws IOException {
    Path p = root.resolve("tenants").resolve(tenant).resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content.replace('\'', '"'));
  }

  @BeforeEach
  void setUp() throws IOException {
    put("acme", "users/reader.json", "{'inlinePolicies': {'P': 'inline/p.json'}}");
    put("acme", "inline/p.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': ['iam:GetServiceReference',"
        + " 'iam:ListServiceReferences', 'access-analyzer:ValidatePolicy'], 'Resource': '*'}]}");
    put("acme", "users/nobody.json", "{}");
    store = ConfigStore.open(ConfigStore.Settings.of(root).withServerKey(key));
    authorizer = new Authorizer(store::directory, PrincipalMapper.defaults(), (tenant, arn) -> Optional.empty(), new DecisionCache(1_000));
    iam = new IamService(List.of(new CatalogOperations(() -> CATALOG), new ConsoleSupportOperations(Optional::empty, () -> CATALOG)));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  String as(String caller, String action, String... pairs) {
    Mapping m = authorizer.map(CallerInfo.of(caller, Set.of()));
    IamCall call = new IamCall(assertInstanceOf(Mapping.Mapped.class, m).identity(), RequestContext.empty(), authorizer, store, key,
        Clock.systemUTC());
    return iam.handle(IamFixture.q(action, pairs), call, "r");
  }

  static String unescape(String xml) {
    return xml.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'").replace("&amp;", "&");
  }

  @Test
  void getServiceReferenceAnswersTheServicesDocument() {
    String xml = as("reader@acme", "GetServiceReference", "ServiceName", "docs");
    String json = unescape(IamFixture.field(xml, "ServiceReference"));
    assertEquals(CATALOG.service("docs"), CatalogJson.parse(json, "reply").service("docs"));
    assertTrue(json.contains("\"ARNFormats\""), json);
  }

  @Test
  void withoutANameItAnswersTheWholeCatalog() {
    String xml = as("reader@acme", "GetServiceReference");
    assertEquals(CATALOG, CatalogJson.parse(unescape(IamFixture.field(xml, "ServiceReference")), "reply"));
  }

  @Test
  void anUnknownServiceIsNoSuchEntity() {
    AwsError e = assertThrows(AwsError.class, () -> as("reader@acme", "GetServiceReference", "ServiceName", "s3"));
    assertEquals("NoSuchEntity", e.code());
    assertEquals("The service with name s3 cannot be found.", e.getMessage());
    assertEquals("ValidationError", assertThrows(AwsError.class, () -> as("reader@acme", "GetServiceReference", "ServiceName", "a b")).code());
  }

  @Test
  void listServiceReferencesNamesEachService() {
    String xml = as("reader@acme", "ListServiceReferences");
    assertEquals(List.of("access-analyzer", "cloudtrail", "docs", "iam", "sts"), IamFixture.fields(xml, "ServiceName"));
    assertEquals("2", IamFixture.fields(xml, "ActionCount").get(2));
  }

  @Test
  void bothAreAuthorizedAsIamActions() {
    AwsError e = assertThrows(AwsError.class, () -> as("nobody@acme", "GetServiceReference", "ServiceName", "docs"));
    assertEquals("AccessDenied", e.code());
    assertTrue(e.getMessage().contains("iam:GetServiceReference"), e.getMessage());
    assertTrue(assertThrows(AwsError.class, () -> as("nobody@acme", "ListServiceReferences")).getMessage().contains("iam:ListServiceReferences"));
  }

  @Test
  void validatePolicyReportsTheCatalogsFindingsWithSuggestions() {
    String doc = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n    \"Action\": [\"docs:GetObjekt\"],"
        + "\n    \"Resource\": \"arn:iam4j:docs::acme:bucket/b/k\",\n    \"Condition\": {\"StringLike\": {\"docs:prefx\": \"a/*\"}}\n  }]\n}";
    String xml = as("reader@acme", "ValidatePolicy", "PolicyDocument", doc);
    assertEquals(List.of("INVALID_ACTION", "INVALID_SERVICE_CONDITION_KEY"), IamFixture.fields(xml, "IssueCode"), xml);
    assertEquals(List.of("/Statement/0/Action/0", "/Statement/0/Condition/StringLike/docs:prefx"), IamFixture.fields(xml, "Pointer"));
    assertEquals("The action docs:GetObjekt does not exist. Did you mean docs:GetObject?", IamFixture.fields(xml, "FindingDetails").get(0));
    assertEquals(List.of("5", "7"), IamFixture.fields(xml, "Line"));
    // iam4j's own services are known too.
    String iamXml = as("reader@acme", "ValidatePolicy", "PolicyDocument",
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:CreateUsr\", \"Resource\": \"*\"}]}");
    assertEquals("The action iam:CreateUsr does not exist. Did you mean iam:CreateUser?", IamFixture.field(iamXml, "FindingDetails"));
  }
}
