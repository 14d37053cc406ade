package io.iam4j.json;

import io.iam4j.json.JsonNode.ArrayNode;
import io.iam4j.json.JsonNode.BooleanNode;
import io.iam4j.json.JsonNode.Member;
import io.iam4j.json.JsonNode.NullNode;
import io.iam4j.json.JsonNode.NumberNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonNode.StringNode;
import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads JSON text into a {@link JsonNode} tree whose every node knows its pointer and location.
 *
 * <p>Syntax is JSON-P's (the server's own parser); this class only adds locations, a nesting
 * limit and the guarantee that any failure is a {@link JsonReadException}, never another
 * exception. Stateless and thread-safe.
 */
public final class JsonReader {
  /**
   * Nesting limit of documents other than policies (configuration files, route files, audit
   * records); an IAM policy needs 6 levels, a simulation case 8. Policies use {@code
   * PolicyLimits.maxDepth}.
   */
  public static final int DEFAULT_MAX_DEPTH = 32;

  /**
   * Created once: {@code Json.createParser} looks the JSON-P provider up through the service loader
   * on every call, which costs more than parsing a small policy.
   */
  private static final jakarta.json.stream.JsonParserFactory PARSERS = Json.createParserFactory(java.util.Map.of());

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
    Lines lines = new Lines(text);
    if (text.isBlank()) {
      throw new JsonReadException("Empty document: expected a JSON value", pointerPrefix, lines.at(text.length()));
    }
    Cursor cursor = null;
    // A byte-order mark is not part of the JSON text (RFC 8259 lets a reader ignore it).
    int bom = text.charAt(0) == '\uFEFF' ? 1 : 0;
    try (JsonParser parser = PARSERS.createParser(new StringReader(bom == 0 ? text : text.substring(1)))) {
      cursor = new Cursor(parser, text, lines, maxDepth, limitName);
      cursor.end = bom;
      cursor.bom = bom;
      if (!parser.hasNext()) {
        throw new JsonReadException("Empty document: expected a JSON value", pointerPrefix, lines.at(0));
      }
      JsonNode root = cursor.value(parser.next(), pointerPrefix, 1);
      if (parser.hasNext()) {
        Location at = lines.at(cursor.skipSeparators(cursor.end));
        throw new JsonReadException("Unexpected text after the JSON value", pointerPrefix, at);
      }
      return root;
    } catch (JsonReadException e) {
      throw e;
    } catch (JsonParsingException e) {
      long off = e.getLocation() == null ? -1 : e.getLocation().getStreamOffset() + bom;
      Location at = off < 0 ? Location.UNKNOWN : lines.at(tokenStartBefore(text, (int) Math.min(off, text.length())));
      throw new JsonReadException("Not valid JSON: " + e.getMessage(), cursor == null ? pointerPrefix : cursor.pointer, at);
    } catch (RuntimeException e) {
      // JSON-P implementations throw a variety of runtime exceptions on odd input; all of them
      // mean the same thing to our callers.
      throw new JsonReadException("Not valid JSON: " + e, cursor == null ? pointerPrefix : cursor.pointer, Location.UNKNOWN);
    }
  }

  /**
   * JSON-P reports a bad token at its end; step back to its first character so that the location
   * points at what is wrong.
   */
  private static int tokenStartBefore(String text, int end) {
    int i = Math.min(end, text.length());
    while (i > 0 && !separator(text.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  private static boolean separator(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':' || c == '{' || c == '}'
        || c == '[' || c == ']';
  }

  private static final class Cursor {
    final JsonParser parser;
    final String text;
    final Lines lines;
    final int maxDepth;
    final String limitName;
    int end; // offset just past the last token read
    int bom; // 1 when the text starts with a byte-order mark the parser did not see
    String pointer = ""; // pointer of the value being read, for errors

    Cursor(JsonParser parser, String text, Lines lines, int maxDepth, String limitName) {
      this.parser = parser;
      this.text = text;
      this.lines = lines;
      this.maxDepth = maxDepth;
      this.limitName = limitName;
    }

    /** Offset of the token just read: the first non-separator character after the previous one. */
    int tokenStart() {
      int start = skipSeparators(end);
      long off = parser.getLocation().getStreamOffset();
      end = off < 0 ? start : (int) Math.min(off + bom, text.length());
      return start;
    }

    int skipSeparators(int from) {
      int i = from;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':' || c == '\uFEFF') {
          i++;
        } else {
          break;
        }
      }
      return i;
    }

    JsonNode value(JsonParser.Event event, String pointer, int depth) {
      this.pointer = pointer;
      Location at = lines.at(tokenStart());
      switch (event) {
        case START_OBJECT -> {
          checkDepth(depth, pointer, at);
          List<Member> members = new ArrayList<>();
          while (true) {
            JsonParser.Event e = parser.next();
            if (e == JsonParser.Event.END_OBJECT) {
              tokenStart();
              this.pointer = pointer;
              return new ObjectNode(pointer, at, members);
            }
            Location nameAt = lines.at(tokenStart());
            String name = parser.getString();
            String child = pointer + "/" + JsonNode.escape(name);
            this.pointer = child;
            members.add(new Member(name, nameAt, value(parser.next(), child, depth + 1)));
            this.pointer = pointer;
          }
        }
        case START_ARRAY -> {
          checkDepth(depth, pointer, at);
          List<JsonNode> elements = new ArrayList<>();
          while (true) {
            JsonParser.Event e = parser.next();
            if (e == JsonParser.Event.END_ARRAY) {
              tokenStart();
              this.pointer = pointer;
              return new ArrayNode(pointer, at, elements);
            }
            elements.add(value(e, pointer + "/" + elements.size(), depth + 1));
            this.pointer = pointer + "/" + elements.size();
          }
        }
        case VALUE_STRING -> {
          return new StringNode(pointer, at, parser.getString());
        }
        case VALUE_NUMBER -> {
          return new NumberNode(pointer, at, parser.getString());
        }
        case VALUE_TRUE -> {
          return new BooleanNode(pointer, at, true);
        }
        case VALUE_FALSE -> {
          return new BooleanNode(pointer, at, false);
        }
        case VALUE_NULL -> {
          return new NullNode(pointer, at);
        }
        default -> throw new JsonReadException("Unexpected JSON token " + event, pointer, at);
      }
    }

    void checkDepth(int depth, String pointer, Location at) {
      if (depth > maxDepth) {
        throw new JsonReadException(
            "Document nesting depth (" + depth + ") exceeds the maximum allowed (" + maxDepth
                + ", from " + limitName + ")", pointer, at);
      }
    }
  }

  /** Offset to line/column translation. */
  private static final class Lines {
    private final int[] starts;
    private final int count;

    Lines(String text) {
      int[] s = new int[16];
      int n = 1;
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          if (n == s.length) {
            s = Arrays.copyOf(s, n * 2);
          }
          s[n++] = i + 1;
        }
      }
      starts = s;
      count = n;
    }

    Location at(int offset) {
      int idx = Arrays.binarySearch(starts, 0, count, offset);
      int line = idx >= 0 ? idx : -idx - 2;
      return new Location(line + 1, offset - starts[line] + 1, offset);
    }
  }
}
