package io.iam4j.iamapi;

import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * IAM's pagination: {@code MaxItems} (1 to 1000, default 100) and an opaque {@code Marker} naming
 * where the next page starts. Lists are sorted by name, so the marker (the next item's name,
 * base-64) stays right when items are added or removed between pages.
 *
 * @param items this page
 * @param marker where the next page starts, or null when this is the last
 */
record Pages<T>(List<T> items, String marker) {
  static final int DEFAULT_MAX = 100;

  boolean truncated() {
    return marker != null;
  }

  /** This page of {@code sorted} (sorted by {@code key}). */
  static <T> Pages<T> of(QueryRequest q, List<T> sorted, Function<T, String> key) {
    Integer max = q.integer("MaxItems");
    if (max != null && (max < 1 || max > 1000)) {
      throw AwsError.constraint("maxItems", Integer.toString(max), "Member must have value between 1 and 1000");
    }
    int limit = max == null ? DEFAULT_MAX : max;
    String after = q.get("Marker").map(Pages::decode).orElse(null);
    int start = 0;
    if (after != null) {
      while (start < sorted.size() && key.apply(sorted.get(start)).compareTo(after) < 0) {
        start++;
      }
    }
    int end = Math.min(sorted.size(), start + limit);
    String next = end < sorted.size() ? encode(key.apply(sorted.get(end))) : null;
    return new Pages<>(List.copyOf(sorted.subList(start, end)), next);
  }

  private static String encode(String name) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String marker) {
    try {
      return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw AwsError.validation("Invalid Marker: it is the Marker of an earlier answer");
    }
  }
}
