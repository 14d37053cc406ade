package io.iam4j.eval;

import io.iam4j.policy.Effect;
import io.iam4j.policy.PolicyType;

/**
 * Points at one statement of one policy in play: which layer, which policy, which statement.
 *
 * @param policy the policy's name (file, ARN or slot such as {@code identity[1]})
 * @param index the statement's 0-based position in its policy
 * @param sid the statement's {@code Sid}, or null
 */
public record StatementRef(PolicyType type, String policy, int index, String sid, Effect effect) {
  @Override
  public String toString() {
    return type.key() + " " + policy + " statement " + index + (sid == null ? "" : " (" + sid + ")");
  }
}
