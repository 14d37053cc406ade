package io.iam4j.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.catalog.CatalogBuilder.Declaration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How declarations become a catalog: formats, types, levels, merging, order independence. */
class CatalogBuilderTest {
  private static Declaration rest(String method, String action, String resource, String type, String... keys) {
    return new Declaration(action, resource, type, null, method, List.of(keys), method + " /api/" + action);
  }

  @Test
  void formatsCapitalizeVariablesAndTheAccountBecomesAccount() {
    assertEquals("arn:iam4j:docs::${Account}:bucket/${Bucket}/${Key}",
        CatalogBuilder.arnFormat("arn:iam4j:docs::${owner}:bucket/${bucket}/${key}"));
    assertEquals("arn:iam4j:docs::${Account}:job/${Name}", CatalogBuilder.arnFormat("arn:iam4j:docs::${tenant}:job/${name}"));
    // No account field (like S3's): it stays empty.
    assertEquals("arn:aws:s3:::${Bucket}", CatalogBuilder.arnFormat("arn:aws:s3:::${bucket}"));
    assertEquals("arn:iam4j:iam::${Account}:user/${Username}", CatalogBuilder.arnFormat("arn:iam4j:iam::acme:user/${aws:username}"));
  }

  @Test
  void typeNameIsTheFirstLiteralSegment() {
    assertEquals("bucket", CatalogBuilder.typeName("arn:iam4j:docs::${Account}:bucket/${Bucket}/${Key}"));
    assertEquals("configuration", CatalogBuilder.typeName("arn:iam4j:iam::${Account}:configuration"));
    assertEquals("resource", CatalogBuilder.typeName("arn:iam4j:docs::${Account}:${Path}"));
  }

  @Test
  void accessLevelsFollowTheReferencesClassification() {
    assertEquals(AccessLevel.LIST, CatalogBuilder.defaultLevel("ListBuckets", "GET"));
    assertEquals(AccessLevel.READ, CatalogBuilder.defaultLevel("GetObject", "GET"));
    assertEquals(AccessLevel.READ, CatalogBuilder.defaultLevel("GetBucketPolicy", "GET"));
    assertEquals(AccessLevel.WRITE, CatalogBuilder.defaultLevel("PutObject", "PUT"));
    assertEquals(AccessLevel.WRITE, CatalogBuilder.defaultLevel("CreateJob", "POST"));
    assertEquals(AccessLevel.PERMISSIONS_MANAGEMENT, CatalogBuilder.defaultLevel("PutBucketPolicy", "PUT"));
    assertEquals(AccessLevel.TAGGING, CatalogBuilder.defaultLevel("TagBucket", "POST"));
    assertEquals(AccessLevel.TAGGING, CatalogBuilder.defaultLevel("UntagBucket", "DELETE"));
    // Without a method the verb decides; "Listen" is not "List".
    assertEquals(AccessLevel.READ, CatalogBuilder.defaultLevel("ExportReport", null));
    assertEquals(AccessLevel.WRITE, CatalogBuilder.defaultLevel("ListenForEvents", null));
    assertEquals(AccessLevel.LIST, CatalogBuilder.defaultLevel("ListReports", "*"));
  }

  @Test
  void anActionDeclaredTwiceMergesSourcesAndResourceTypes() {
    ActionCatalog c = new CatalogBuilder()
        .add(rest("GET", "docs:GetObject", "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}", "object"))
        .add(new Declaration("docs:GetObject", "arn:iam4j:docs::${owner}:bucket/reports/${year}/*", "object", null, null, List.of(),
            "io.iam4j.sample.ReportService#summary"))
        .add(new Declaration("docs:GetObject", "arn:iam4j:docs::${owner}:archive/${name}", null, null, null, List.of(),
            "io.iam4j.sample.Archive#read"))
        .build();
    ActionEntry e = c.action("docs:GetObject").orElseThrow();
    assertEquals(List.of("GET /api/docs:GetObject", "io.iam4j.sample.Archive#read", "io.iam4j.sample.ReportService#summary"), e.sources());
    assertEquals(List.of("archive", "object"), e.resources().stream().map(ActionEntry.ResourceUse::name).toList());
    assertFalse(e.resources().get(0).required(), "two types: neither is the only one a request can have");
    // The report folder's format is one of the object type's: it adds nothing.
    assertEquals(List.of("arn:iam4j:docs::${Account}:bucket/${Bucket}/${Key}"),
        c.service("docs").orElseThrow().resource("object").orElseThrow().arnFormats());
  }

  @Test
  void aListWildcardIsCoveredByTheTypesVariableFormat() {
    ActionCatalog c = new CatalogBuilder()
        .add(rest("GET", "docs:ListBuckets", "arn:iam4j:docs::${owner}:bucket/*", null))
        .add(rest("PUT", "docs:CreateBucket", "arn:iam4j:docs::${owner}:bucket/${bucket}", null))
        .build();
    assertEquals(List.of("arn:iam4j:docs::${Account}:bucket/${Bucket}"), c.service("docs").orElseThrow().resource("bucket").orElseThrow().arnFormats());
    assertTrue(c.action("docs:ListBuckets").orElseThrow().resources().get(0).required());
    assertEquals(AccessLevel.LIST, c.action("docs:listbuckets").orElseThrow().accessLevel());
  }

  @Test
  void conditionKeysAreTheActionsAndTheServicesWithTypeString() {
    ActionCatalog c = new CatalogBuilder()
        .add(rest("GET", "docs:ListObjects", "arn:iam4j:docs::${owner}:bucket/${bucket}", null, "docs:prefix"))
        .build();
    assertEquals(List.of("docs:prefix"), c.action("docs:ListObjects").orElseThrow().conditionKeys());
    assertEquals(List.of(new ConditionKeyEntry("docs:prefix", List.of("String"))), c.service("docs").orElseThrow().conditionKeys());
  }

  @Test
  void aDescribedServiceKeepsItsLevelAndFormatsAndGainsTheApplicationsSources() {
    ServiceReference sts = new ServiceReference("sts",
        List.of(new ActionEntry("AssumeRole", AccessLevel.WRITE, List.of(new ActionEntry.ResourceUse("role", true)), List.of(),
            List.of(CatalogBuilder.IAM4J))),
        List.of(new ResourceType("role", List.of("arn:iam4j:iam::${Account}:role/${RoleNameWithPath}"), List.of())), List.of());
    ActionCatalog c = new CatalogBuilder()
        .add(rest("POST", "sts:AssumeRole", "arn:iam4j:iam::${tenant}:role/${role}", null))
        .add(sts)
        .build();
    ActionEntry e = c.action("sts:AssumeRole").orElseThrow();
    assertEquals(AccessLevel.WRITE, e.accessLevel());
    assertEquals(List.of("POST /api/sts:AssumeRole", "iam4j"), e.sources());
    assertEquals(List.of("arn:iam4j:iam::${Account}:role/${RoleNameWithPath}"),
        c.service("sts").orElseThrow().resource("role").orElseThrow().arnFormats());
    assertTrue(e.resources().get(0).required());
  }

  @Test
  void aDeclaredLevelWinsOverTheDerivedOne() {
    ActionCatalog c = new CatalogBuilder()
        .add(rest("POST", "docs:SearchObjects", "*", null))
        .add(new Declaration("docs:SearchObjects", "*", null, AccessLevel.READ, "POST", List.of(), "POST /api/search"))
        .build();
    assertEquals(AccessLevel.READ, c.action("docs:SearchObjects").orElseThrow().accessLevel());
    assertTrue(c.action("docs:SearchObjects").orElseThrow().resources().isEmpty());
  }

  @Test
  void theCatalogDoesNotDependOnTheOrderOfDeclarations() {
    List<Declaration> all = new ArrayList<>(List.of(
        rest("GET", "docs:ListBuckets", "arn:iam4j:docs::${owner}:bucket/*", null),
        rest("PUT", "docs:CreateBucket", "arn:iam4j:docs::${owner}:bucket/${bucket}", null),
        rest("GET", "docs:GetObject", "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}", "object"),
        new Declaration("docs:GetObject", "arn:iam4j:docs::${owner}:bucket/reports/${year}/*", "object", null, null, List.of(), "R#s"),
        rest("GET", "docs:ListObjects", "arn:iam4j:docs::${owner}:bucket/${bucket}", null, "docs:prefix"),
        rest("POST", "docs:CreateJob", "arn:iam4j:docs::${owner}:job/${name}", null),
        rest("GET", "docs:ListJobs", "arn:iam4j:docs::${owner}:job/*", null)));
    String expected = CatalogJson.print(CatalogJson.toJson(build(all)));
    Random random = new Random(17);
    for (int i = 0; i < 20; i++) {
      Collections.shuffle(all, random);
      assertEquals(expected, CatalogJson.print(CatalogJson.toJson(build(all))));
    }
  }

  private static ActionCatalog build(List<Declaration> ds) {
    CatalogBuilder b = new CatalogBuilder();
    ds.forEach(b::add);
    return b.build();
  }
}
