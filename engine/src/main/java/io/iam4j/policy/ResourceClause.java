package io.iam4j.policy;

import java.util.List;

/**
 * A statement's resource element: either {@code Resource} or {@code NotResource}. Patterns are
 * {@code "*"} or ARNs with {@code *}/{@code ?} wildcards inside segments and, under version
 * 2012-10-17, policy variables; matched case-sensitively.
 */
public sealed interface ResourceClause {
  List<String> patterns();

  String element();

  record Resource(List<String> patterns) implements ResourceClause {
    public Resource {
      patterns = List.copyOf(patterns);
    }

    @Override
    public String element() {
      return "Resource";
    }
  }

  /** Matches every resource except those listed. */
  record NotResource(List<String> patterns) implements ResourceClause {
    public NotResource {
      patterns = List.copyOf(patterns);
    }

    @Override
    public String element() {
      return "NotResource";
    }
  }
}
