package io.iam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The linear matcher against the definition. StringLike: "multi-character match wildcards (*) and
 * single-character match wildcards (?) anywhere in the string"; written as a regular expression,
 * {@code *} is {@code .*} and {@code ?} is {@code .}, everything else literal. Small alphabets make
 * near misses, runs of stars and overlapping pieces common.
 */
class GlobEquivalencePropertyTest {

  /** The reference: the pattern as a regular expression (backtracking, but on small inputs). */
  private static boolean reference(String encoded, String text, boolean ignoreCase) {
    StringBuilder re = new StringBuilder();
    for (char c : encoded.toCharArray()) {
      if (c == Glob.STAR) {
        re.append(".*");
      } else if (c == Glob.ONE) {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    return Pattern.compile(re.toString(), flags).matcher(text).matches();
  }

  @Property(tries = 3_000)
  void compiled_agreesWithRegexReference(@ForAll("patterns") String pattern, @ForAll("texts") String text) {
    String encoded = Glob.encode(pattern);
    assertEquals(reference(encoded, text, false), Glob.compile(encoded, false).matches(text), pattern + " vs " + text);
  }

  @Property(tries = 2_000)
  void oneShot_agreesWithRegexReference(@ForAll("patterns") String pattern, @ForAll("texts") String text) {
    String encoded = Glob.encode(pattern);
    assertEquals(reference(encoded, text, false), Glob.matches(encoded, text, false), pattern + " vs " + text);
  }

  /** Action element: "The prefix and the action name are case insensitive." */
  @Property(tries = 2_000)
  void ignoreCase_agreesWithCaseInsensitiveRegex(@ForAll("mixedCasePatterns") String pattern, @ForAll("mixedCaseTexts") String text) {
    String encoded = Glob.encode(pattern);
    assertEquals(reference(encoded, text, true), Glob.compile(encoded, true).matches(text), pattern + " vs " + text);
  }

  /** Long pieces with '?' take the multi-word Shift-And path (more than 64 characters). */
  @Property(tries = 300)
  void longPieces_agreeWithRegexReference(@ForAll("longPatterns") String pattern, @ForAll("longTexts") String text) {
    String encoded = Glob.encode(pattern);
    assertEquals(reference(encoded, text, false), Glob.compile(encoded, false).matches(text), pattern + " vs " + text);
  }

  /** A literal '*' or '?' (from ${*}, ${?} or a variable's value) matches only itself. */
  @Property(tries = 1_000)
  void literalWildcardCharacters_matchOnlyThemselves(@ForAll("patterns") String pattern, @ForAll("literalTexts") String text) {
    // '*' becomes a wildcard, '?' stays a literal character.
    String encoded = pattern.replace('*', Glob.STAR);
    assertEquals(reference(encoded, text, false), Glob.compile(encoded, false).matches(text), pattern + " vs " + text);
  }

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.strings().withChars('a', 'b', '*', '?').ofMaxLength(10);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().withChars('a', 'b').ofMaxLength(14);
  }

  @Provide
  Arbitrary<String> mixedCasePatterns() {
    return Arbitraries.strings().withChars('a', 'B', 'k', '\u212A', '*', '?').ofMaxLength(8);
  }

  @Provide
  Arbitrary<String> mixedCaseTexts() {
    return Arbitraries.strings().withChars('A', 'b', 'K', 'k').ofMaxLength(10);
  }

  @Provide
  Arbitrary<String> longPatterns() {
    Arbitrary<String> piece = Arbitraries.strings().withChars('a', 'a', 'a', 'b', '?').ofMinLength(60).ofMaxLength(140);
    return Arbitraries.of("", "a", "*", "?").flatMap(head -> piece.map(p -> head + "*" + p + "*"));
  }

  @Provide
  Arbitrary<String> longTexts() {
    return Arbitraries.strings().withChars('a', 'a', 'a', 'a', 'b').ofMinLength(60).ofMaxLength(400);
  }

  @Provide
  Arbitrary<String> literalTexts() {
    return Arbitraries.strings().withChars('a', '?', 'b').ofMaxLength(10);
  }
}
