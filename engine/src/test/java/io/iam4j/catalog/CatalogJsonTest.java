package io.iam4j.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catalog's JSON is AWS's service reference shape: a document written like AWS's (for S3's
 * GetObject and PutBucketPolicy, as the reference lists them) reads, and ours reads back equal.
 */
class CatalogJsonTest {
  /** One service document in the shape of AWS's service reference files (members we do not model are ignored). */
  private static final String S3_LIKE = """
      {
        "Name": "s3",
        "Actions": [
          {
            "Name": "GetObject",
            "Annotations": {"Properties": {"IsList": false, "IsPermissionManagement": false, "IsTaggingOnly": false, "IsWrite": false}},
            "ActionConditionKeys": ["s3:ExistingObjectTag/${TagKey}"],
            "Resources": [{"Name": "object"}],
            "SupportedBy": {"IAM Access Analyzer Policy Generation": true}
          },
          {
            "Name": "PutBucketPolicy",
            "Annotations": {"Properties": {"IsList": false, "IsPermissionManagement": true, "IsTaggingOnly": false, "IsWrite": true}},
            "Resources": [{"Name": "bucket"}]
          },
          {"Name": "ListAllMyBuckets", "Annotations": {"Properties": {"IsList": true}}, "Resources": []}
        ],
        "ConditionKeys": [{"Name": "s3:ExistingObjectTag/${TagKey}", "Types": ["String"]}],
        "Resources": [
          {"Name": "bucket", "ARNFormats": ["arn:${Partition}:s3:::${BucketName}"]},
          {"Name": "object", "ARNFormats": ["arn:${Partition}:s3:::${BucketName}/${ObjectName}"]}
        ],
        "Version": "v1.4"
      }
      """;

  @Test
  void readsAnAwsShapedDocument() {
    ActionCatalog c = CatalogJson.parse(S3_LIKE, "s3.json");
    ServiceReference s3 = c.service("s3").orElseThrow();
    assertEquals(AccessLevel.READ, s3.action("GetObject").orElseThrow().accessLevel());
    assertEquals(AccessLevel.PERMISSIONS_MANAGEMENT, s3.action("putbucketpolicy").orElseThrow().accessLevel());
    assertEquals(AccessLevel.LIST, s3.action("ListAllMyBuckets").orElseThrow().accessLevel());
    assertEquals(List.of("arn:${Partition}:s3:::${BucketName}/${ObjectName}"), s3.resource("object").orElseThrow().arnFormats());
    assertEquals(List.of("s3:ExistingObjectTag/${TagKey}"), s3.action("GetObject").orElseThrow().conditionKeys());
    assertEquals("arn:*:s3:::*/*", ResourceType.pattern(s3.resource("object").orElseThrow().arnFormats().get(0)));
  }

  @Test
  void roundTripsABuiltCatalog() {
    ActionCatalog built = new CatalogBuilder()
        .add(new CatalogBuilder.Declaration("docs:GetObject", "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}", "object", null, "GET",
            List.of(), "GET /api/tenants/{owner}/buckets/{bucket}/objects/{key}"))
        .add(new CatalogBuilder.Declaration("docs:ListObjects", "arn:iam4j:docs::${owner}:bucket/${bucket}", null, null, "GET",
            List.of("docs:prefix"), "GET /api/tenants/{owner}/buckets/{bucket}/objects"))
        .add(CatalogJson.parse(S3_LIKE, "s3.json").service("s3").orElseThrow())
        .build();
    String text = CatalogJson.print(CatalogJson.toJson(built));
    ActionCatalog back = CatalogJson.parse(text, "catalog.json");
    assertEquals(built, back);
    assertTrue(text.contains("\"Sources\""), text);
    // One service alone reads as a catalog of one.
    assertEquals(built.service("docs"), CatalogJson.parse(CatalogJson.print(CatalogJson.toJson(built.service("docs").orElseThrow())), "docs.json").service("docs"));
  }

  @Test
  void problemsNameTheFileAndPointer() {
    IamException e = assertThrows(IamException.class, () -> CatalogJson.parse("{\"Services\": [{\"Name\": \"docs\", \"Actions\": [{}]}]}", "c.json"));
    assertEquals("c.json at /Services/0/Actions/0/Name: expected a non-empty string, found nothing", e.getMessage());
  }
}
