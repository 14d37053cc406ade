package io.iam4j.generate;

import java.util.List;

/**
 * What the generated policy grants for one action, and why.
 *
 * @param action the action as the policy names it (the catalog's spelling when it has the action)
 * @param requests allowed requests of the window for it
 * @param observedResources distinct resources those requests named
 * @param generalization how the resources were written
 * @param resources the policy's patterns for the action, sorted
 */
public record ActionUse(String action, int requests, int observedResources, Generalization generalization, List<String> resources) {
  public ActionUse {
    resources = List.copyOf(resources);
  }

  /** How an action's observed resources became the policy's patterns. */
  public enum Generalization {
    /**
     * Matched to the ARN formats of the catalog's resource types: the parts of a format that were
     * the same in every observation stay, the parts that varied become {@code *}.
     */
    CATALOG,
    /** The catalog lists no resource types for the action: IAM wants {@code "*"}. */
    ALL_RESOURCES,
    /**
     * Not in the catalog (or no observation matched its formats): the observed ARNs, each
     * literally (IAM wildcards in them escaped).
     */
    LITERAL
  }
}
