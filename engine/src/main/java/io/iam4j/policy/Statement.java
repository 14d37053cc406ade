package io.iam4j.policy;

import java.util.List;
import java.util.Optional;

/**
 * One statement of a policy. The sealed clause types make it impossible to hold {@code Action} and
 * {@code NotAction} (or the resource or principal pairs) at once.
 *
 * @param principal present only in resource-based policies, where it is required
 * @param resource absent only in resource-based policies (a role trust policy names no resource)
 */
public record Statement(
    Optional<String> sid,
    Effect effect,
    Optional<PrincipalClause> principal,
    ActionClause action,
    Optional<ResourceClause> resource,
    List<Condition> conditions) {

  public Statement {
    conditions = List.copyOf(conditions);
  }
}
