package io.iam4j.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A condition key a service defines, with the types of its values as the reference names them
 * ({@code String}, {@code ArrayOfString}, {@code Numeric}, {@code Bool}, {@code Date},
 * {@code IPAddress}, {@code ARN}).
 */
public record ConditionKeyEntry(String name, List<String> types) {
  public ConditionKeyEntry {
    Objects.requireNonNull(name, "name");
    types = List.copyOf(types);
  }
}
