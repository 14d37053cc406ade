package io.iam4j.policy;

import java.util.List;

/**
 * A statement's action element: either {@code Action} or {@code NotAction}, never both, never
 * neither. Patterns are {@code "*"} or {@code service:Name} with {@code *} and {@code ?} wildcards
 * in the name, matched case-insensitively.
 */
public sealed interface ActionClause {
  List<String> patterns();

  /** The JSON element name. */
  String element();

  record Action(List<String> patterns) implements ActionClause {
    public Action {
      patterns = List.copyOf(patterns);
    }

    @Override
    public String element() {
      return "Action";
    }
  }

  /** Matches every action except those listed. */
  record NotAction(List<String> patterns) implements ActionClause {
    public NotAction {
      patterns = List.copyOf(patterns);
    }

    @Override
    public String element() {
      return "NotAction";
    }
  }
}
