package io.iam4j.policy;

import io.iam4j.IamException;
import java.util.List;

/** A policy document IAM would refuse, with every problem found in it, each located. */
public final class PolicyException extends IamException {
  private static final long serialVersionUID = 1L;
  private final transient List<Problem> problems;

  public PolicyException(List<Problem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String summary(List<Problem> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append(problems.size() == 1 ? "Invalid policy: " : "Invalid policy (" + problems.size() + " problems): ");
    for (int i = 0; i < problems.size(); i++) {
      sb.append(i == 0 ? "" : "; ").append(problems.get(i));
    }
    return sb.toString();
  }
}
