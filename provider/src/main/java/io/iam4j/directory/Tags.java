package io.iam4j.directory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Key/value tags of a user or role; they become {@code aws:PrincipalTag/KEY} in requests. Immutable. */
public record Tags(Map<String, String> values) {
  public static final Tags NONE = new Tags(Map.of());

  public Tags {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
