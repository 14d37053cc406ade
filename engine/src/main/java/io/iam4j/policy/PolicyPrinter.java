package io.iam4j.policy;

import io.iam4j.policy.PrincipalClause.Everyone;
import io.iam4j.policy.PrincipalClause.Listed;
import io.iam4j.policy.PrincipalClause.PrincipalKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a {@link Policy} as canonical JSON: the same elements in IAM's usual order, lists always
 * as arrays. Parsing the output gives back an equal policy.
 */
public final class PolicyPrinter {
  private PolicyPrinter() {}

  public static String print(Policy policy) {
    StringBuilder sb = new StringBuilder(256);
    sb.append('{');
    boolean first = true;
    if (policy.version().json() != null) {
      sb.append("\"Version\":");
      str(sb, policy.version().json());
      first = false;
    }
    if (policy.id().isPresent()) {
      sb.append(first ? "" : ",").append("\"Id\":");
      str(sb, policy.id().get());
      first = false;
    }
    sb.append(first ? "" : ",").append("\"Statement\":[");
    for (int i = 0; i < policy.statements().size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      statement(sb, policy.statements().get(i));
    }
    return sb.append("]}").toString();
  }

  private static void statement(StringBuilder sb, Statement s) {
    sb.append('{');
    if (s.sid().isPresent()) {
      sb.append("\"Sid\":");
      str(sb, s.sid().get());
      sb.append(',');
    }
    sb.append("\"Effect\":");
    str(sb, s.effect().json());
    s.principal().ifPresent(p -> {
      sb.append(",\"").append(p.element()).append("\":");
      if (p.set() instanceof Everyone) {
        sb.append("\"*\"");
      } else if (p.set() instanceof Listed listed) {
        sb.append('{');
        boolean first = true;
        for (PrincipalKind kind : PrincipalKind.values()) {
          List<String> values = listed.values(kind);
          if (!values.isEmpty()) {
            sb.append(first ? "" : ",").append('"').append(kind.json()).append("\":");
            array(sb, values);
            first = false;
          }
        }
        sb.append('}');
      }
    });
    sb.append(",\"").append(s.action().element()).append("\":");
    array(sb, s.action().patterns());
    s.resource().ifPresent(r -> {
      sb.append(",\"").append(r.element()).append("\":");
      array(sb, r.patterns());
    });
    if (!s.conditions().isEmpty()) {
      Map<String, List<Condition>> byOperator = new LinkedHashMap<>();
      for (Condition c : s.conditions()) {
        byOperator.computeIfAbsent(c.operator().json(), k -> new ArrayList<>()).add(c);
      }
      sb.append(",\"Condition\":{");
      boolean firstOp = true;
      for (var e : byOperator.entrySet()) {
        sb.append(firstOp ? "" : ",");
        str(sb, e.getKey());
        sb.append(":{");
        boolean firstKey = true;
        for (Condition c : e.getValue()) {
          sb.append(firstKey ? "" : ",");
          str(sb, c.key());
          sb.append(':');
          array(sb, c.values());
          firstKey = false;
        }
        sb.append('}');
        firstOp = false;
      }
      sb.append('}');
    }
    sb.append('}');
  }

  private static void array(StringBuilder sb, List<String> values) {
    sb.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      str(sb, values.get(i));
    }
    sb.append(']');
  }

  /** Appends a JSON string literal. */
  public static void str(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
