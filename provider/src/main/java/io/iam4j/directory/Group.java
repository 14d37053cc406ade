package io.iam4j.directory;

import java.util.List;

/** An IAM group: a set of users sharing policies. Groups do not nest. Immutable. */
public record Group(String name, String path, List<String> managedPolicies, List<InlinePolicy> inlinePolicies) {
  public Group {
    managedPolicies = List.copyOf(managedPolicies);
    inlinePolicies = List.copyOf(inlinePolicies);
  }
}
