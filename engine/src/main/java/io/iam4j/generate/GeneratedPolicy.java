package io.iam4j.generate;

import io.iam4j.lint.Finding;
import io.iam4j.policy.Policy;
import java.util.List;
import java.util.Optional;

/**
 * A least-privilege identity policy generated from activity, checked: the parser accepted it, the
 * linter found no error in it, and every allowed request it was made from is allowed by it alone.
 *
 * @param document the policy's JSON text (pretty-printed, deterministic); empty when there was no activity
 * @param policy the document as parsed, empty likewise
 * @param actions what it grants, per action, in the policy's order
 * @param requests allowed requests it was made from
 * @param distinctRequests of which distinct (principal, action, resource, resource tenant)
 * @param replayed requests replayed against the policy alone, all allowed
 * @param skippedActions actions of the activity the policy cannot name (a wildcard or an invalid
 *     character in the observed name: IAM has no escape for actions), with their requests
 * @param findings the linter's findings on the policy (none of them an error)
 */
public record GeneratedPolicy(Optional<String> document, Optional<Policy> policy, List<ActionUse> actions, int requests,
    int distinctRequests, int replayed, List<String> skippedActions, List<Finding> findings) {
  public GeneratedPolicy {
    actions = List.copyOf(actions);
    skippedActions = List.copyOf(skippedActions);
    findings = List.copyOf(findings);
  }

  /** Whether the policy covers every action of the activity (Access Analyzer's {@code isComplete}). */
  public boolean complete() {
    return skippedActions.isEmpty();
  }

  /**
   * The document's size as IAM counts it against its quotas: characters other than white space
   * (AWS: 6,144 for a managed policy, 2,048 inline for a user, 10,240 for a role); 0 without a document.
   */
  public int characters() {
    return document.map(d -> (int) d.chars().filter(c -> !Character.isWhitespace(c)).count()).orElse(0);
  }

  /** Distinct services of the granted actions. */
  public long services() {
    return actions.stream().map(a -> a.action().substring(0, a.action().indexOf(':')).toLowerCase(java.util.Locale.ROOT)).distinct().count();
  }
}
