package io.iam4j.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A resource type of a service: its name and the ARN formats of its resources. A format is an
 * ARN with {@code ${Name}} variables where the resource's own parts go, as the service
 * authorization reference writes them: {@code arn:iam4j:docs::${Account}:bucket/${Bucket}/${Key}}.
 *
 * @param name the type's name, unique in its service ({@code bucket}, {@code object})
 * @param arnFormats the ARN formats, one or more
 * @param conditionKeys the condition keys a request on a resource of this type can carry
 */
public record ResourceType(String name, List<String> arnFormats, List<String> conditionKeys) {
  public ResourceType {
    Objects.requireNonNull(name, "name");
    arnFormats = List.copyOf(arnFormats);
    conditionKeys = List.copyOf(conditionKeys);
  }

  /**
   * The format as an IAM wildcard pattern: each {@code ${Variable}} becomes {@code *}. Every ARN
   * of this type matches the pattern of one of its formats.
   */
  public static String pattern(String arnFormat) {
    return arnFormat.replaceAll("\\$\\{[^}]*}", "*");
  }
}
