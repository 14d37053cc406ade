package io.iam4j.generate;

import io.iam4j.catalog.AccessLevel;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.ActionEntry;
import io.iam4j.catalog.ResourceType;
import io.iam4j.catalog.ServiceReference;
import java.util.List;

/** A catalog shaped like the sample's docs service: buckets and their objects. */
final class Fixtures {
  static final String BUCKET = "arn:iam4j:docs::${Account}:bucket/${Bucket}";
  static final String OBJECT = "arn:iam4j:docs::${Account}:bucket/${Bucket}/${Key}";

  private Fixtures() {}

  static ActionEntry action(String name, AccessLevel level, String... types) {
    return new ActionEntry(name, level, java.util.Arrays.stream(types).map(t -> new ActionEntry.ResourceUse(t, true)).toList(),
        List.of(), List.of());
  }

  static ActionCatalog docs() {
    return ActionCatalog.of(List.of(new ServiceReference("docs", List.of(
        action("GetObject", AccessLevel.READ, "object"),
        action("PutObject", AccessLevel.WRITE, "object"),
        action("DeleteObject", AccessLevel.WRITE, "object"),
        action("ListObjects", AccessLevel.LIST, "bucket"),
        action("CreateBucket", AccessLevel.WRITE, "bucket"),
        action("GetBucketPolicy", AccessLevel.READ, "bucket"),
        action("ListBuckets", AccessLevel.LIST)),
        List.of(new ResourceType("bucket", List.of(BUCKET), List.of()), new ResourceType("object", List.of(OBJECT), List.of())),
        List.of())));
  }

  static String object(String tenant, String bucket, String key) {
    return "arn:iam4j:docs::" + tenant + ":bucket/" + bucket + "/" + key;
  }

  static String bucket(String tenant, String bucket) {
    return "arn:iam4j:docs::" + tenant + ":bucket/" + bucket;
  }
}
