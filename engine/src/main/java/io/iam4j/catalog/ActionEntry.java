package io.iam4j.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One action of a service.
 *
 * @param name the action's name without its service prefix ({@code GetObject})
 * @param accessLevel the access the action grants
 * @param resources the resource types the action acts on (empty: it supports no resource-level
 *     permissions, its policies name {@code "*"})
 * @param conditionKeys the service's own condition keys the action's requests carry (global
 *     {@code aws:} keys are not listed, as in the reference)
 * @param sources where the application declares the action: {@code GET /api/t/{owner}/...}, a CDI
 *     bean's method, a route of {@code routes.json}, or {@code iam4j} for iam4j's own APIs
 */
public record ActionEntry(String name, AccessLevel accessLevel, List<ResourceUse> resources, List<String> conditionKeys,
    List<String> sources) {
  public ActionEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(accessLevel, "accessLevel");
    resources = List.copyOf(resources);
    conditionKeys = List.copyOf(conditionKeys);
    sources = List.copyOf(sources);
  }

  /** A resource type an action acts on; a required one must be the type of the request's resource. */
  public record ResourceUse(String name, boolean required) {
    public ResourceUse {
      Objects.requireNonNull(name, "name");
    }
  }
}
