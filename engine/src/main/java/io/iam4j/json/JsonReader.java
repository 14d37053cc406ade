package io.iam4j.json;

import io.iam4j.json.JsonNode.ArrayNode;
import io.iam4j.json.JsonNode.BooleanNode;
import io.iam4j.json.JsonNode.Member;
import io.iam4j.json.JsonNode.NullNode;
import io.iam4j.json.JsonNode.NumberNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonNode.StringNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON text into a {@link JsonNode} tree whose every node knows its pointer and location.
 *
 * <p>Syntax is RFC 8259's, strictly (what JSON-P's parser accepts); this class adds locations, a
 * nesting limit and the guarantee that any failure is a {@link JsonReadException}, never another
 * exception. Stateless and thread-safe.
 */
public final class JsonReader {
  /**
   * Nesting limit of documents other than policies (configuration files, route files, audit
   * records); an IAM policy needs 6 levels, a simulation case 8. Policies use {@code
   * PolicyLimits.maxDepth}.
   */
  public static final int DEFAULT_MAX_DEPTH = 32;

  private JsonReader() {}

  public static JsonNode read(String text) {
    return read(text, "", DEFAULT_MAX_DEPTH, "JsonReader.DEFAULT_MAX_DEPTH");
  }

  /** As {@link #read(String, String, int, String)}, for a policy: the limit is {@code PolicyLimits.maxDepth}. */
  public static JsonNode read(String text, String pointerPrefix, int maxDepth) {
    return read(text, pointerPrefix, maxDepth, "PolicyLimits.maxDepth");
  }

  /**
   * Reads {@code text}; pointers of the result start with {@code pointerPrefix} (empty for a
   * stand-alone document), so that a document embedded in another reports the outer pointer.
   *
   * @param limitName names {@code maxDepth} in the message when the document nests deeper
   */
  public static JsonNode read(String text, String pointerPrefix, int maxDepth, String limitName) {
    Parser p = new Parser(text, pointerPrefix, maxDepth, limitName);
    try {
      return p.document();
    } catch (JsonReadException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      // Defence in depth: the parser reports every malformed input itself; anything else still
      // means "not JSON" to our callers, never another exception.
      throw new JsonReadException("Not valid JSON: " + e, p.pointer(), Location.UNKNOWN);
    }
  }

  /**
   * A strict RFC 8259 reader over the string, one pass, that builds the located tree directly.
   *
   * <p>Why not JSON-P's parser: a policy's cost to parse was mostly JSON-P's tokenizer behind a
   * {@code StringReader}, plus recovering each token's offset and line afterwards (a second scan of
   * the text for line starts). Here the line and its start are tracked while skipping whitespace
   * (the only place a line break can occur in valid JSON), so a token's {@link Location} costs one
   * subtraction; pointers of the values are still made as they are read (every node carries one).
   */
  private static final class Parser {
    final String text;
    final int len;
    final int maxDepth;
    final String limitName;
    final String prefix;
    int pos;
    int line = 1;
    int lineStart;
    // Pointer of the value being read, for errors: base + "/" + index when index >= 0 (an array
    // element, made only if an error needs it), else base.
    String where;
    int whereIndex = -1;
    // Scratch lists per depth, reused: a node's list is an exact-size immutable copy.
    final ArrayList<ArrayList<Object>> scratch = new ArrayList<>();

    Parser(String text, String prefix, int maxDepth, String limitName) {
      this.text = text;
      this.len = text.length();
      this.prefix = prefix;
      this.where = prefix;
      this.maxDepth = maxDepth;
      this.limitName = limitName;
    }

    String pointer() {
      return whereIndex < 0 ? where : where + "/" + whereIndex;
    }

    JsonNode document() {
      // A byte-order mark is not part of the JSON text (RFC 8259 lets a reader ignore it).
      if (len > 0 && text.charAt(0) == '\uFEFF') {
        pos = 1;
      }
      skipWhitespace();
      if (pos >= len) {
        throw new JsonReadException("Empty document: expected a JSON value", prefix, locate(len));
      }
      JsonNode root = value(prefix, 1);
      skipWhitespace();
      if (pos < len) {
        where = prefix;
        whereIndex = -1;
        throw new JsonReadException("Unexpected text after the JSON value", prefix, here());
      }
      return root;
    }

    void skipWhitespace() {
      while (pos < len) {
        char c = text.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\r') {
          pos++;
        } else if (c == '\n') {
          pos++;
          line++;
          lineStart = pos;
        } else {
          return;
        }
      }
    }

    /** Location of {@code pos}, which is on the current line. */
    Location here() {
      return new Location(line, pos - lineStart + 1, pos);
    }

    /** Location of any offset (errors only: scans the text for line breaks). */
    Location locate(int offset) {
      int l = 1;
      int start = 0;
      for (int i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
        l++;
        start = i + 1;
      }
      return new Location(l, offset - start + 1, offset);
    }

    JsonReadException syntax(String what, int at) {
      String found = at >= len ? "the end of the text" : describe(text.charAt(at));
      Location loc = locate(at);
      return new JsonReadException("Not valid JSON: " + what + ", found " + found + " at line " + loc.line()
          + ", column " + loc.column(), pointer(), loc);
    }

    static String describe(char c) {
      return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    /** Reads the value at {@code pos} (whitespace already skipped). */
    JsonNode value(String pointer, int depth) {
      if (pos >= len) {
        throw syntax("Expected a value", pos);
      }
      Location at = here();
      char c = text.charAt(pos);
      switch (c) {
        case '{' -> {
          return object(pointer, depth, at);
        }
        case '[' -> {
          return array(pointer, depth, at);
        }
        case '"' -> {
          return new StringNode(pointer, at, string());
        }
        case 't' -> {
          literal("true");
          return new BooleanNode(pointer, at, true);
        }
        case 'f' -> {
          literal("false");
          return new BooleanNode(pointer, at, false);
        }
        case 'n' -> {
          literal("null");
          return new NullNode(pointer, at);
        }
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            return new NumberNode(pointer, at, number());
          }
          throw syntax("Expected a value", pos);
        }
      }
    }

    void literal(String word) {
      if (!text.startsWith(word, pos)) {
        throw syntax("Expected a value", pos);
      }
      pos += word.length();
    }

    @SuppressWarnings("unchecked")
    ArrayList<Object> scratch(int depth) {
      while (scratch.size() < depth) {
        scratch.add(new ArrayList<>());
      }
      ArrayList<Object> l = scratch.get(depth - 1);
      l.clear();
      return l;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    JsonNode object(String pointer, int depth, Location at) {
      checkDepth(depth, pointer, at);
      pos++; // '{'
      ArrayList<Object> members = scratch(depth);
      skipWhitespace();
      if (pos < len && text.charAt(pos) == '}') {
        pos++;
        return new ObjectNode(pointer, at, List.of());
      }
      while (true) {
        if (pos >= len || text.charAt(pos) != '"') {
          throw syntax("Expected a member name in quotes", pos);
        }
        Location nameAt = here();
        String name = string();
        skipWhitespace();
        if (pos >= len || text.charAt(pos) != ':') {
          throw syntax("Expected ':' after a member name", pos);
        }
        pos++;
        skipWhitespace();
        String child = pointer + "/" + JsonNode.escape(name);
        where = child;
        whereIndex = -1;
        members.add(new Member(name, nameAt, value(child, depth + 1)));
        where = pointer;
        whereIndex = -1;
        skipWhitespace();
        char c = pos < len ? text.charAt(pos) : 0;
        if (c == ',') {
          pos++;
          skipWhitespace();
        } else if (c == '}') {
          pos++;
          return new ObjectNode(pointer, at, (List) immutable(members));
        } else {
          throw syntax("Expected ',' or '}' in an object", pos);
        }
      }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    JsonNode array(String pointer, int depth, Location at) {
      checkDepth(depth, pointer, at);
      pos++; // '['
      ArrayList<Object> elements = scratch(depth);
      skipWhitespace();
      if (pos < len && text.charAt(pos) == ']') {
        pos++;
        return new ArrayNode(pointer, at, List.of());
      }
      while (true) {
        int i = elements.size();
        where = pointer;
        whereIndex = i;
        elements.add(value(pointer + "/" + i, depth + 1));
        where = pointer;
        whereIndex = i + 1;
        skipWhitespace();
        char c = pos < len ? text.charAt(pos) : 0;
        if (c == ',') {
          pos++;
          skipWhitespace();
        } else if (c == ']') {
          pos++;
          whereIndex = -1;
          return new ArrayNode(pointer, at, (List) immutable(elements));
        } else {
          throw syntax("Expected ',' or ']' in an array", pos);
        }
      }
    }

    /**
     * An exact-size immutable copy, which the node's {@code List.copyOf} keeps as it is. One or two
     * elements (most lists of a policy: one action, one resource, a condition's keys) make a list
     * without an array (List.copyOf of an ArrayList makes two arrays); more are copied as before.
     */
    static List<Object> immutable(ArrayList<Object> l) {
      return switch (l.size()) {
        case 1 -> List.of(l.get(0));
        case 2 -> List.of(l.get(0), l.get(1));
        default -> List.copyOf(l);
      };
    }

    /** A string at {@code pos} (its opening quote); leaves {@code pos} after the closing quote. */
    String string() {
      int start = pos + 1;
      int i = start;
      // Fast path: no escapes, the common case; the value is a substring.
      while (i < len) {
        char c = text.charAt(i);
        if (c == '"') {
          pos = i + 1;
          return text.substring(start, i);
        }
        if (c == '\\' || c < 0x20) {
          break;
        }
        i++;
      }
      StringBuilder sb = new StringBuilder(i - start + 16).append(text, start, i);
      while (true) {
        if (i >= len) {
          throw syntax("Unterminated string", i);
        }
        char c = text.charAt(i);
        if (c == '"') {
          pos = i + 1;
          return sb.toString();
        }
        if (c < 0x20) {
          throw syntax("Control characters must be escaped in a string", i);
        }
        if (c != '\\') {
          sb.append(c);
          i++;
          continue;
        }
        if (i + 1 >= len) {
          throw syntax("Unterminated string", i + 1);
        }
        char e = text.charAt(i + 1);
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            int v = 0;
            for (int k = 0; k < 4; k++) {
              int d = i + 2 + k < len ? Character.digit(text.charAt(i + 2 + k), 16) : -1;
              if (d < 0) {
                throw syntax("Expected four hex digits after \\u", Math.min(i + 2 + k, len));
              }
              v = v * 16 + d;
            }
            sb.append((char) v);
            i += 4;
          }
          default -> throw syntax("Invalid escape in a string", i);
        }
        i += 2;
      }
    }

    /** A number at {@code pos}, RFC 8259's grammar exactly; its source text. */
    String number() {
      int start = pos;
      int i = pos;
      if (text.charAt(i) == '-') {
        i++;
      }
      if (i < len && text.charAt(i) == '0') {
        i++;
      } else if (i < len && text.charAt(i) >= '1' && text.charAt(i) <= '9') {
        i = digits(i);
      } else {
        throw syntax("Expected a digit in a number", i);
      }
      if (i < len && text.charAt(i) == '.') {
        i++;
        if (i >= len || !digit(text.charAt(i))) {
          throw syntax("Expected a digit after the decimal point", i);
        }
        i = digits(i);
      }
      if (i < len && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
        i++;
        if (i < len && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
          i++;
        }
        if (i >= len || !digit(text.charAt(i))) {
          throw syntax("Expected a digit in the exponent", i);
        }
        i = digits(i);
      }
      pos = i;
      return text.substring(start, i);
    }

    int digits(int from) {
      int i = from;
      while (i < len && digit(text.charAt(i))) {
        i++;
      }
      return i;
    }

    static boolean digit(char c) {
      return c >= '0' && c <= '9';
    }

    void checkDepth(int depth, String pointer, Location at) {
      if (depth > maxDepth) {
        throw new JsonReadException(
            "Document nesting depth (" + depth + ") exceeds the maximum allowed (" + maxDepth
                + ", from " + limitName + ")", pointer, at);
      }
    }
  }
}
