package io.iam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Date values as the Date operators and the decision cache read them, the servers' own form included. */
class ValuesDateTest {
  @Property(tries = 500)
  void theFormServersWrite_readsAsItsInstant(@ForAll @LongRange(min = -62_000_000_000L, max = 253_000_000_000L) long epochSecond) {
    Instant i = Instant.ofEpochSecond(epochSecond);
    assertEquals(i, Values.date(i.toString()), i::toString);
  }

  @Test
  void otherForms_andInvalidDates_areReadAsBefore() {
    assertEquals(Instant.parse("2016-12-31T23:59:59Z"), Values.date("2016-12-31T23:59:60Z"), "a leap second, as ISO_INSTANT reads it");
    assertNull(Values.date("2026-02-30T00:00:00Z"));
    assertEquals(Instant.parse("2026-11-24T00:00:00Z"), Values.date("2026-11-23T24:00:00Z"), "24:00, as ISO_INSTANT reads it");
    assertEquals(Instant.parse("2026-11-23T11:00:21Z"), Values.date("2026-11-23T12:00:21+01:00"));
    assertEquals(Instant.parse("2026-11-23T12:00:21.500Z"), Values.date("2026-11-23T12:00:21.500Z"));
    assertEquals(Instant.parse("2026-11-23T00:00:00Z"), Values.date("2026-11-23"));
    assertEquals(Instant.ofEpochSecond(1795435221), Values.date("1795435221"));
    assertNull(Values.date("2026-11-23T12:0a:21Z"));
  }
}
