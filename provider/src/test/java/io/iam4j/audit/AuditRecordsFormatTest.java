package io.iam4j.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The trail's lines are hashed byte for byte: the faster formatting of record times and strings
 * must give exactly what {@code Instant.toString} and character-by-character escaping gave.
 */
class AuditRecordsFormatTest {
  @Test
  void isoInstant_sameAsInstantToString() {
    String[] fixed = {"2026-11-23T17:29:53.665Z", "2026-11-23T17:29:53Z", "2026-11-23T17:29:53.000001Z", "2026-11-23T17:29:53.000000001Z",
        "2026-11-23T17:29:53.100Z", "2026-11-23T17:29:53.120Z", "2026-11-23T17:29:53.123400Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.500Z", "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "2026-11-23T17:29:53.665Z"};
    for (String f : fixed) {
      Instant t = Instant.parse(f);
      assertEquals(t.toString(), AuditRecords.isoInstant(t), f);
    }
    SplittableRandom r = new SplittableRandom(19);
    for (int i = 0; i < 20_000; i++) {
      // Runs of the same second (the cached part) and jumps, at ms, us and ns precision.
      long sec = 1_700_000_000L + (i % 7 == 0 ? r.nextLong(0, 300_000_000L) : i / 50);
      int nano = switch (i % 4) {
        case 0 -> r.nextInt(1000) * 1_000_000;
        case 1 -> r.nextInt(1_000_000) * 1_000;
        case 2 -> r.nextInt(1_000_000_000);
        default -> 0;
      };
      Instant t = Instant.ofEpochSecond(sec, nano);
      assertEquals(t.toString(), AuditRecords.isoInstant(t));
    }
  }

  @Test
  void string_escapesAsBefore() {
    assertEquals("\"arn:iam4j:iam::acme:user/alice\"", escaped("arn:iam4j:iam::acme:user/alice"));
    assertEquals("\"a\\\"b\\\\c\\nd\\u0001e\\u2028\"", escaped("a\"b\\c\nd\u0001e\u2028"));
    String alphabet = "ab/:*-_.\"\\\n\r\t\u0000\u001f\u2028\u2029\u00e9\u4e2d ";
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder();
      for (int n = r.nextInt(12); n > 0; n--) {
        // Mostly plain text, so that escapes fall at the start, the middle and the end.
        s.append(r.nextInt(4) == 0 ? alphabet.charAt(r.nextInt(alphabet.length())) : (char) ('a' + r.nextInt(26)));
      }
      assertEquals(reference(s.toString()), escaped(s.toString()), s.toString());
    }
  }

  private static String escaped(String s) {
    StringBuilder out = new StringBuilder();
    AuditJson.string(out, s);
    return out.toString();
  }

  /** The escaping as it was, one character at a time. */
  private static String reference(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c < 0x20 || c == '\u2028' || c == '\u2029' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out.append('"').toString();
  }
}
