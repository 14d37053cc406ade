package io.iam4j.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One service of the catalog, shaped like an entry of AWS's service authorization reference: its
 * prefix, actions, resource types and condition keys.
 *
 * @param name the service prefix ({@code docs}, {@code iam})
 */
public record ServiceReference(String name, List<ActionEntry> actions, List<ResourceType> resources,
    List<ConditionKeyEntry> conditionKeys) {
  public ServiceReference {
    Objects.requireNonNull(name, "name");
    actions = List.copyOf(actions);
    resources = List.copyOf(resources);
    conditionKeys = List.copyOf(conditionKeys);
  }

  /** The action of that name; action names are case-insensitive in IAM. */
  public Optional<ActionEntry> action(String actionName) {
    return actions.stream().filter(a -> a.name().equalsIgnoreCase(actionName)).findFirst();
  }

  public Optional<ResourceType> resource(String typeName) {
    return resources.stream().filter(r -> r.name().equals(typeName)).findFirst();
  }

  public Optional<ConditionKeyEntry> conditionKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return conditionKeys.stream().filter(c -> c.name().toLowerCase(Locale.ROOT).equals(k)).findFirst();
  }
}
