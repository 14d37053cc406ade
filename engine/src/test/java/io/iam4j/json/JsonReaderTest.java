package io.iam4j.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.iam4j.json.JsonNode.ArrayNode;
import io.iam4j.json.JsonNode.BooleanNode;
import io.iam4j.json.JsonNode.Member;
import io.iam4j.json.JsonNode.NullNode;
import io.iam4j.json.JsonNode.NumberNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonNode.StringNode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonReader}: RFC 6901 pointers, 1-based locations of token starts, duplicate keys kept for
 * reporting, the nesting limit, and "any failure is a {@link JsonReadException}, never another
 * exception".
 */
class JsonReaderTest {

  private static ObjectNode object(JsonNode node) {
    return assertInstanceOf(ObjectNode.class, node);
  }

  private static JsonNode at(JsonNode root, String... path) {
    JsonNode n = root;
    for (String step : path) {
      if (n instanceof ArrayNode a) {
        n = a.elements().get(Integer.parseInt(step));
      } else {
        n = object(n).get(step);
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- pointers (RFC 6901)

  @Test
  void read_nestedValues_carryRfc6901Pointers() {
    JsonNode root = JsonReader.read("{\"Statement\":[{\"Action\":[\"s3:GetObject\",\"s3:PutObject\"]}]}");
    assertEquals("", root.pointer());
    assertEquals("/Statement", at(root, "Statement").pointer());
    assertEquals("/Statement/0", at(root, "Statement", "0").pointer());
    assertEquals("/Statement/0/Action/1", at(root, "Statement", "0", "Action", "1").pointer());
  }

  // RFC 6901 section 3: "'~' needs to be encoded as '~0' and '/' needs to be encoded as '~1'".
  @Test
  void read_keyWithSlash_isEscapedAsTildeOne() {
    JsonNode root = JsonReader.read("{\"StringEquals\":{\"aws:ResourceTag/team\":\"blue\"}}");
    assertEquals("/StringEquals/aws:ResourceTag~1team", at(root, "StringEquals", "aws:ResourceTag/team").pointer());
  }

  @Test
  void read_keyWithTilde_isEscapedAsTildeZero() {
    JsonNode root = JsonReader.read("{\"m~n\":{\"~/\":1}}");
    assertEquals("/m~0n", at(root, "m~n").pointer());
    assertEquals("/m~0n/~0~1", at(root, "m~n", "~/").pointer());
  }

  // RFC 6901 section 4: "~01" decodes to "~1", so "~" must be encoded before "/".
  @Test
  void escape_tildeIsEncodedBeforeSlash() {
    assertEquals("~01", JsonNode.escape("~1"));
    assertEquals("a~1b~0c", JsonNode.escape("a/b~c"));
  }

  // RFC 6901 section 5: "/" refers to the member whose name is the empty string.
  @Test
  void read_emptyKey_pointerIsSlashAndEmptyToken() {
    JsonNode root = JsonReader.read("{\"\":{\"\":0}}");
    assertEquals("/", at(root, "").pointer());
    assertEquals("//", at(root, "", "").pointer());
  }

  @Test
  void read_pointerPrefix_isPrependedToEveryPointer() {
    JsonNode root = JsonReader.read("{\"a\":[{\"b\":true}]}", "/cases/3", JsonReader.DEFAULT_MAX_DEPTH);
    assertEquals("/cases/3", root.pointer());
    assertEquals("/cases/3/a/0/b", at(root, "a", "0", "b").pointer());
  }

  // ---------------------------------------------------------------- locations

  @Test
  void read_locations_areOneBasedLineAndColumnOfTheTokenStart() {
    String text = "{\n  \"Effect\": \"Allow\",\n  \"Action\": [\n    \"s3:GetObject\"\n  ]\n}";
    JsonNode root = JsonReader.read(text);
    assertEquals(new Location(1, 1, 0), root.location());
    assertEquals(new Location(2, 13, text.indexOf("\"Allow\"")), at(root, "Effect").location());
    assertEquals(new Location(3, 13, text.indexOf('[')), at(root, "Action").location());
    assertEquals(new Location(4, 5, text.indexOf("\"s3:GetObject\"")), at(root, "Action", "0").location());
  }

  @Test
  void read_memberNameLocation_pointsAtTheOpeningQuote() {
    String text = "{\n  \"Effect\": \"Allow\"}";
    Member m = object(JsonReader.read(text)).member("Effect");
    assertEquals(new Location(2, 3, text.indexOf("\"Effect\"")), m.nameLocation());
  }

  @Test
  void read_crlfLineEndings_countOneLinePerBreak() {
    String text = "{\r\n\"a\": 1,\r\n\"b\": 2}";
    JsonNode root = JsonReader.read(text);
    assertEquals(3, at(root, "b").location().line());
    assertEquals(6, at(root, "b").location().column());
  }

  @Test
  void location_unknown_printsAsQuestionMark() {
    assertEquals("?", Location.UNKNOWN.toString());
    assertEquals("3:7", new Location(3, 7, 40).toString());
  }

  // ---------------------------------------------------------------- values

  @Test
  void read_duplicateKeys_areAllKeptAndGetReturnsTheFirst() {
    ObjectNode root = object(JsonReader.read("{\"Effect\":\"Allow\",\"Effect\":\"Deny\"}"));
    assertEquals(2, root.members().size());
    assertEquals(List.of("Effect", "Effect"), root.members().stream().map(Member::name).toList());
    assertEquals("Allow", ((StringNode) root.get("Effect")).value());
    assertEquals("Deny", ((StringNode) root.members().get(1).value()).value());
  }

  // IAM compares condition values as written, so numbers keep their source text.
  @Test
  void read_numbers_keepTheirSourceText() {
    JsonNode root = JsonReader.read("[1.50, 1e3, -0, 12345678901234567890]");
    assertEquals(List.of("1.50", "1e3", "-0", "12345678901234567890"),
        ((ArrayNode) root).elements().stream().map(n -> ((NumberNode) n).text()).toList());
  }

  @Test
  void read_scalars_haveTheirTypesAndValues() {
    JsonNode root = JsonReader.read("{\"s\":\"\\u00e9\\n\",\"t\":true,\"f\":false,\"n\":null}");
    assertEquals("é\n", ((StringNode) at(root, "s")).value());
    assertTrue(((BooleanNode) at(root, "t")).value());
    assertEquals(false, ((BooleanNode) at(root, "f")).value());
    assertInstanceOf(NullNode.class, at(root, "n"));
    assertEquals(List.of("string", "boolean", "boolean", "null"),
        object(root).members().stream().map(m -> m.value().typeName()).toList());
  }

  // ---------------------------------------------------------------- limits

  @Test
  void read_depthAtTheLimit_isAccepted() {
    JsonNode root = JsonReader.read("[[1]]", "", 2);
    assertEquals("/0/0", at(root, "0", "0").pointer());
  }

  @Test
  void read_nonPolicyDocumentBeyondDefaultDepth_namesDefaultMaxDepth() {
    String deep = "[".repeat(JsonReader.DEFAULT_MAX_DEPTH + 1) + "]".repeat(JsonReader.DEFAULT_MAX_DEPTH + 1);
    JsonReadException e = assertThrows(JsonReadException.class, () -> JsonReader.read(deep));
    assertTrue(e.getMessage().endsWith("exceeds the maximum allowed (32, from JsonReader.DEFAULT_MAX_DEPTH)"), e.getMessage());
  }

  @Test
  void read_depthBeyondTheLimit_namesTheLimitAndWhereItWasHit() {
    JsonReadException e = assertThrows(JsonReadException.class, () -> JsonReader.read("{\"a\":{\"b\":[1]}}", "", 2));
    assertTrue(e.getMessage().contains("PolicyLimits.maxDepth"), e.getMessage());
    assertEquals("/a/b", e.pointer());
    assertEquals(1, e.location().line());
    assertEquals(11, e.location().column());
  }

  @Test
  void read_hugeNestingWithTheDefaultLimit_isJsonReadException() {
    String text = "[".repeat(200_000) + "]".repeat(200_000);
    assertThrows(JsonReadException.class, () -> JsonReader.read(text));
  }

  // ---------------------------------------------------------------- failures are always JsonReadException

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{", "}", "[1,]", "{\"a\"}", "{\"a\":}", "nul", "\"unterminated", "{\"a\":1,}", "\u0000",
      "01", "1e", "[", "{\"a\":[1,2}", "{'a':1}", "{\"a\":tru}", "--1", "\"\\x\"", "[\"a\" \"b\"]", "{\"a\" 1}", "NaN", "\ufeff"})
  void read_malformedText_isJsonReadException(String text) {
    JsonReadException e = assertThrows(JsonReadException.class, () -> JsonReader.read(text));
    assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
  }

  @Test
  void read_randomText_neverThrowsAnythingButJsonReadException() {
    Random random = new Random(20121017L);
    String alphabet = "{}[]:,\"\\ \n\t0123456789.eE+-truefalsnul/~*?aZ\u00e9\u0000\ud83d";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = sb.toString();
      try {
        JsonReader.read(text, "", 8);
      } catch (JsonReadException expected) {
        // the one documented failure
      } catch (RuntimeException | Error other) {
        fail("input " + text.codePoints().mapToObj(Integer::toHexString).toList() + " threw " + other);
      }
    }
  }

  @Test
  void read_trailingObject_isRefusedAtItsPosition() {
    JsonReadException e = assertThrows(JsonReadException.class, () -> JsonReader.read("{}{}"));
    assertEquals(new Location(1, 3, 2), e.location());
  }

  @Test
  void read_trailingWordOnNextLine_isRefusedAtItsPosition() {
    JsonReadException e = assertThrows(JsonReadException.class, () -> JsonReader.read("{} \n x"));
    assertEquals(2, e.location().line());
    assertEquals(2, e.location().column());
  }

  // Location javadoc: "Where a JSON token starts in its source text".
  @Test
  void read_trailingNumber_isLocatedAtItsFirstCharacter() {
    JsonReadException e = assertThrows(JsonReadException.class, () -> JsonReader.read("1 2"));
    assertEquals(new Location(1, 3, 2), e.location());
  }

  // JsonReadException.pointer() javadoc: "Pointer of the innermost value being read when reading stopped."
  @Test
  void read_syntaxErrorInsideAnArray_reportsTheInnermostPointer() {
    JsonReadException e = assertThrows(JsonReadException.class,
        () -> JsonReader.read("{\"Statement\":[{\"Action\":[\"s3:GetObject\",,]}]}"));
    assertTrue(e.pointer().startsWith("/Statement/0/Action"), e.pointer());
  }

  @Test
  void read_syntaxError_isLocatedAtTheOffendingCharacter() {
    String text = "{\n  \"Statement\": [}\n}";
    JsonReadException e = assertThrows(JsonReadException.class, () -> JsonReader.read(text));
    assertEquals(2, e.location().line());
    assertEquals(17, e.location().column());
  }
}
