package io.iam4j.config;

import io.iam4j.json.JsonNode;
import io.iam4j.policy.PolicyPrinter;

/**
 * Prints a parsed JSON document back as text, two-space indented: what a write that changes one
 * member of a hand-written file (a user's access keys) uses to keep every other member as it was
 * (numbers keep their source text).
 */
public final class JsonText {
  private JsonText() {}

  public static String print(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    print(sb, node, "");
    return sb.append('\n').toString();
  }

  private static void print(StringBuilder sb, JsonNode node, String indent) {
    String inner = indent + "  ";
    if (node instanceof JsonNode.ObjectNode o) {
      if (o.members().isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      for (int i = 0; i < o.members().size(); i++) {
        JsonNode.Member m = o.members().get(i);
        sb.append(inner);
        PolicyPrinter.str(sb, m.name());
        sb.append(": ");
        print(sb, m.value(), inner);
        sb.append(i + 1 < o.members().size() ? ",\n" : "\n");
      }
      sb.append(indent).append('}');
    } else if (node instanceof JsonNode.ArrayNode a) {
      if (a.elements().isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append("[\n");
      for (int i = 0; i < a.elements().size(); i++) {
        sb.append(inner);
        print(sb, a.elements().get(i), inner);
        sb.append(i + 1 < a.elements().size() ? ",\n" : "\n");
      }
      sb.append(indent).append(']');
    } else if (node instanceof JsonNode.StringNode s) {
      PolicyPrinter.str(sb, s.value());
    } else if (node instanceof JsonNode.NumberNode n) {
      sb.append(n.text());
    } else if (node instanceof JsonNode.BooleanNode b) {
      sb.append(b.value());
    } else {
      sb.append("null");
    }
  }
}
