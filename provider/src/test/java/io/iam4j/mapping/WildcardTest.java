package io.iam4j.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wildcard patterns of mapping rules: matching, and whether two patterns share a string. */
class WildcardTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
      "*@example.com, alice@example.com, true",
      "*@example.com, alice@example.org, false",
      "ops-?, ops-1, true",
      "ops-?, ops-12, false",
      "*, '', true",
      "'', '', true",
      "a*b*c, abc, true",
      "a*b*c, aXXbYYc, true",
      "a*b*c, aXXcYYb, false",
      "contractor-*, contractor-, true",
      "Alice, alice, false",
      "repo:octo-org/octo-repo:*, repo:octo-org/octo-repo:ref:refs/heads/main, true",
  })
  void matches_globs(String pattern, String text, boolean expected) {
    assertEquals(expected, Wildcard.matches(pattern, text));
  }

  @Test
  void matches_textOverTheBound_neverMatches() {
    String longText = "a".repeat(Wildcard.MAX_TEXT + 1);
    assertFalse(Wildcard.matches("*", longText));
    assertTrue(Wildcard.matches("*", longText.substring(1)));
  }

  @Test
  void matches_pathologicalPattern_staysFast() {
    // Backtracking would take O(n^k) here; the automaton takes n x m steps.
    String pattern = "*a".repeat(100) + "b";
    String text = "a".repeat(Wildcard.MAX_TEXT);
    long start = System.nanoTime();
    assertFalse(Wildcard.matches(pattern, text));
    assertTrue(System.nanoTime() - start < 2_000_000_000L);
  }

  @ParameterizedTest(name = "{0} & {1} = {2}")
  @CsvSource({
      "a*, *b, true",
      "a*, b*, false",
      "*, '', true",
      "'', x, false",
      "ops-?, ops-12, false",
      "ops-?, ops-*, true",
      "https://idp.a.example, https://idp.b.example, false",
      "*@acme.example, alice@*, true",
      "a?c, ?b?, true",
      "abc, abd, false",
  })
  void intersects_products(String a, String b, boolean expected) {
    assertEquals(expected, Wildcard.intersects(a, b));
    assertEquals(expected, Wildcard.intersects(b, a), "symmetric");
  }

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.of("a", "b", "*", "?").list().ofMaxSize(5).map(l -> String.join("", l));
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.of("a", "b").list().ofMaxSize(6).map(l -> String.join("", l));
  }

  /** A text both patterns match proves they intersect. */
  @Property(tries = 500)
  void intersects_whenATextMatchesBoth(@ForAll("patterns") String a, @ForAll("patterns") String b, @ForAll("texts") String text) {
    if (Wildcard.matches(a, text) && Wildcard.matches(b, text)) {
      assertTrue(Wildcard.intersects(a, b), a + " and " + b + " both match " + text);
    }
  }

  /** Matching agrees with the regular expression the pattern stands for. */
  @Property(tries = 500)
  void matches_likeTheRegex(@ForAll("patterns") String p, @ForAll("texts") String text) {
    String regex = p.replace("*", ".*").replace("?", ".");
    assertEquals(text.matches(regex), Wildcard.matches(p, text), p + " ~ " + text);
  }
}
