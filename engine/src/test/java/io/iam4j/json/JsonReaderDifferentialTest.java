package io.iam4j.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iam4j.json.JsonNode.ArrayNode;
import io.iam4j.json.JsonNode.BooleanNode;
import io.iam4j.json.JsonNode.Member;
import io.iam4j.json.JsonNode.NullNode;
import io.iam4j.json.JsonNode.NumberNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonNode.StringNode;
import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * JsonReader reads JSON itself (one pass, locations tracked as it goes); it used to delegate the
 * syntax to JSON-P. This checks that it accepts exactly what JSON-P's parser (Parsson) accepts and
 * reads the same values, on random text near JSON and on random valid documents.
 */
class JsonReaderDifferentialTest {

  @Test
  void read_randomText_acceptsAndReadsExactlyWhatJsonPDoes() {
    Random random = new Random(8259L);
    String alphabet = "{}[]:,\"\\ \n\t\r0123456789.eE+-truefalsnul/~*?aZbfu\u00e9\u0000\u001f\ud83d";
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int length = 1 + random.nextInt(24);
      for (int j = 0; j < length; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      accepted += compare(sb.toString()) ? 1 : 0;
    }
    // Random text is rarely JSON; the valid documents below cover acceptance in depth.
    assertEquals(true, accepted > 50, "too few accepted texts to compare values: " + accepted);
  }

  @Test
  void read_randomValidDocuments_readsTheSameValuesAsJsonP() {
    Random random = new Random(20121017L);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder sb = new StringBuilder();
      value(random, sb, 0);
      assertEquals(true, compare(sb.toString()), sb.toString());
    }
  }

  /** Whether both accept the text; fails when one accepts and the other does not, or values differ. */
  private static boolean compare(String text) {
    String ours;
    try {
      StringBuilder sb = new StringBuilder();
      canonical(JsonReader.read(text, "", 64), sb);
      ours = sb.toString();
    } catch (JsonReadException e) {
      ours = null;
    }
    String theirs = jsonP(text);
    assertEquals(theirs, ours, () -> "disagreement on " + text.codePoints().mapToObj(Integer::toHexString).toList());
    return ours != null;
  }

  private static String jsonP(String text) {
    if (text.isBlank()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    try (JsonParser p = Json.createParser(new StringReader(text))) {
      if (!p.hasNext()) {
        return null;
      }
      int depth = 0;
      do {
        JsonParser.Event e = p.next();
        switch (e) {
          case START_OBJECT -> { sb.append('{'); depth++; }
          case END_OBJECT -> { sb.append('}'); depth--; }
          case START_ARRAY -> { sb.append('['); depth++; }
          case END_ARRAY -> { sb.append(']'); depth--; }
          case KEY_NAME -> sb.append("k:").append(p.getString()).append('\u0001');
          case VALUE_STRING -> sb.append("s:").append(p.getString()).append('\u0001');
          case VALUE_NUMBER -> sb.append("n:").append(p.getString()).append('\u0001');
          case VALUE_TRUE -> sb.append("true;");
          case VALUE_FALSE -> sb.append("false;");
          case VALUE_NULL -> sb.append("null;");
          default -> throw new IllegalStateException(e.toString());
        }
      } while (depth > 0);
      if (p.hasNext()) {
        return null; // text after the value
      }
      return sb.toString();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void canonical(JsonNode n, StringBuilder sb) {
    if (n instanceof ObjectNode o) {
      sb.append('{');
      for (Member m : o.members()) {
        sb.append("k:").append(m.name()).append('\u0001');
        canonical(m.value(), sb);
      }
      sb.append('}');
    } else if (n instanceof ArrayNode a) {
      sb.append('[');
      a.elements().forEach(e -> canonical(e, sb));
      sb.append(']');
    } else if (n instanceof StringNode s) {
      sb.append("s:").append(s.value()).append('\u0001');
    } else if (n instanceof NumberNode num) {
      sb.append("n:").append(num.text()).append('\u0001');
    } else if (n instanceof BooleanNode b) {
      sb.append(b.value()).append(';');
    } else if (n instanceof NullNode) {
      sb.append("null;");
    }
  }

  private static final String[] STRINGS = {"", "s3:GetObject", "a\\\"b", "\\u00e9\\n", "\\ud83d\\ude00", "tab\\tx", "\\/", "\u00e9t\u00e9",
      "${aws:username}", "~/x", "\\\\"};
  private static final String[] NUMBERS = {"0", "-0", "1.50", "1e3", "1E-7", "-12.5e+10", "12345678901234567890", "0.0"};
  private static final String[] SPACE = {"", " ", "\n", "\r\n", "\t", "  \n  "};

  private static void value(Random r, StringBuilder sb, int depth) {
    sb.append(SPACE[r.nextInt(SPACE.length)]);
    int kind = depth > 4 ? 2 + r.nextInt(4) : r.nextInt(6);
    switch (kind) {
      case 0 -> {
        sb.append('{');
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          sb.append(i > 0 ? "," : "").append(SPACE[r.nextInt(SPACE.length)]).append('"').append(STRINGS[r.nextInt(STRINGS.length)])
              .append('"').append(SPACE[r.nextInt(SPACE.length)]).append(':');
          value(r, sb, depth + 1);
        }
        sb.append(SPACE[r.nextInt(SPACE.length)]).append('}');
      }
      case 1 -> {
        sb.append('[');
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          sb.append(i > 0 ? "," : "");
          value(r, sb, depth + 1);
        }
        sb.append(SPACE[r.nextInt(SPACE.length)]).append(']');
      }
      case 2 -> sb.append('"').append(STRINGS[r.nextInt(STRINGS.length)]).append('"');
      case 3 -> sb.append(NUMBERS[r.nextInt(NUMBERS.length)]);
      case 4 -> sb.append(r.nextBoolean() ? "true" : "false");
      default -> sb.append("null");
    }
    sb.append(SPACE[r.nextInt(SPACE.length)]);
  }
}
