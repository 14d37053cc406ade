package io.iam4j.iamapi;

import io.iam4j.config.JsonText;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.Member;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonReader;
import io.iam4j.json.Location;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Edits one member of a tenant file and prints it back keeping every other member as written, so
 * that files changed through the API stay the hand-editable source of truth. Immutable values.
 */
final class JsonEdit {
  private JsonEdit() {}

  /** The object a file holds ({@code {}} for an absent file). */
  static ObjectNode parse(String text) {
    if (text == null) {
      return new ObjectNode("", Location.UNKNOWN, List.of());
    }
    if (JsonReader.read(text) instanceof ObjectNode o) {
      return o;
    }
    // The serving version loaded this file, so it is an object; anything else is a bug.
    throw new IllegalStateException("Not a JSON object");
  }

  /** {@code o} with member {@code name} set to {@code value} (in place, or appended), or removed when null. */
  static ObjectNode with(ObjectNode o, String name, JsonNode value) {
    List<Member> out = new ArrayList<>();
    boolean placed = false;
    for (Member m : o.members()) {
      if (m.name().equals(name)) {
        if (value != null && !placed) {
          out.add(new Member(name, Location.UNKNOWN, value));
        }
        placed = true;
      } else {
        out.add(m);
      }
    }
    if (!placed && value != null) {
      out.add(new Member(name, Location.UNKNOWN, value));
    }
    return new ObjectNode("", Location.UNKNOWN, out);
  }

  static Optional<String> string(ObjectNode o, String name) {
    return o.get(name) instanceof JsonNode.StringNode s ? Optional.of(s.value()) : Optional.empty();
  }

  static Optional<ObjectNode> object(ObjectNode o, String name) {
    return o.get(name) instanceof ObjectNode x ? Optional.of(x) : Optional.empty();
  }

  static List<String> strings(ObjectNode o, String name) {
    List<String> out = new ArrayList<>();
    if (o.get(name) instanceof JsonNode.ArrayNode a) {
      for (JsonNode e : a.elements()) {
        if (e instanceof JsonNode.StringNode s) {
          out.add(s.value());
        }
      }
    }
    return out;
  }

  static JsonNode str(String s) {
    return new JsonNode.StringNode("", Location.UNKNOWN, s);
  }

  static JsonNode bool(boolean b) {
    return new JsonNode.BooleanNode("", Location.UNKNOWN, b);
  }

  static JsonNode num(long n) {
    return new JsonNode.NumberNode("", Location.UNKNOWN, Long.toString(n));
  }

  /** An array of strings, or null (remove the member) when empty. */
  static JsonNode array(Collection<String> values) {
    if (values.isEmpty()) {
      return null;
    }
    return new JsonNode.ArrayNode("", Location.UNKNOWN, values.stream().map(JsonEdit::str).toList());
  }

  /** An object of string members, or null (remove the member) when empty. */
  static JsonNode object(Map<String, JsonNode> members) {
    if (members.isEmpty()) {
      return null;
    }
    List<Member> out = new ArrayList<>();
    members.forEach((k, v) -> {
      if (v != null) {
        out.add(new Member(k, Location.UNKNOWN, v));
      }
    });
    return new ObjectNode("", Location.UNKNOWN, out);
  }

  static String print(ObjectNode o) {
    return JsonText.print(o);
  }
}
