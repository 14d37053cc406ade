package io.iam4j.config;

import io.iam4j.IamException;
import java.util.List;

/** A configuration that cannot become active, with every problem found in it. */
public final class ConfigException extends IamException {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String summary(List<ConfigProblem> problems) {
    StringBuilder sb = new StringBuilder("Invalid configuration (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ")");
    for (ConfigProblem p : problems) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }
}
