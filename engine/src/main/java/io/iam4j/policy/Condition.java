package io.iam4j.policy;

import java.util.List;

/**
 * One operator/key pair of a {@code Condition} block with its values. A statement's conditions are
 * ANDed; the values of one pair are ORed (NORed for negated operators). JSON numbers and booleans
 * are kept as their text, as IAM compares them.
 *
 * @param key the condition key as written; IAM matches key names case-insensitively
 */
public record Condition(ConditionOperator operator, String key, List<String> values) {
  public Condition {
    values = List.copyOf(values);
  }
}
