package io.iam4j.json;

import java.util.List;

/**
 * An immutable JSON value that remembers where it came from: its JSON pointer and the location of
 * its first character. This is what lets every policy problem name the pointer, line and column.
 */
public sealed interface JsonNode {
  /** RFC 6901 pointer from the root of the document this node was read from (or embedded in). */
  String pointer();

  Location location();

  /** The JSON type in IAM's words, for "found ..., expected ..." messages. */
  String typeName();

  /** An object; members keep their order, and duplicate keys are kept so they can be reported. */
  record ObjectNode(String pointer, Location location, List<Member> members) implements JsonNode {
    public ObjectNode {
      members = List.copyOf(members);
    }

    /** The first member with exactly this name, or null. */
    public Member member(String name) {
      for (Member m : members) {
        if (m.name().equals(name)) {
          return m;
        }
      }
      return null;
    }

    public JsonNode get(String name) {
      Member m = member(name);
      return m == null ? null : m.value();
    }

    @Override
    public String typeName() {
      return "object";
    }
  }

  /** One {@code "name": value} pair of an object, with the location of the name. */
  record Member(String name, Location nameLocation, JsonNode value) {}

  record ArrayNode(String pointer, Location location, List<JsonNode> elements) implements JsonNode {
    public ArrayNode {
      elements = List.copyOf(elements);
    }

    @Override
    public String typeName() {
      return "array";
    }
  }

  record StringNode(String pointer, Location location, String value) implements JsonNode {
    @Override
    public String typeName() {
      return "string";
    }
  }

  /** A number, kept as its exact source text (IAM compares condition values as text). */
  record NumberNode(String pointer, Location location, String text) implements JsonNode {
    @Override
    public String typeName() {
      return "number";
    }
  }

  record BooleanNode(String pointer, Location location, boolean value) implements JsonNode {
    @Override
    public String typeName() {
      return "boolean";
    }
  }

  record NullNode(String pointer, Location location) implements JsonNode {
    @Override
    public String typeName() {
      return "null";
    }
  }

  /** Escapes one reference token of a JSON pointer (RFC 6901: {@code ~} and {@code /}). */
  static String escape(String token) {
    if (token.indexOf('~') < 0 && token.indexOf('/') < 0) {
      return token; // the common case: nothing to escape, no copy
    }
    return token.replace("~", "~0").replace("/", "~1");
  }
}
