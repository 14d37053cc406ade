package io.iam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * IAM wildcards. Condition operators page, StringLike: "The values can include multi-character
 * match wildcards (*) and single-character match wildcards (?) anywhere in the string."
 */
class GlobTest {

  private static boolean glob(String pattern, String text) {
    return Glob.matches(Glob.encode(pattern), text, false);
  }

  @Test
  void matches_starMatchesAnyRunOfCharacters() {
    assertTrue(glob("home/*", "home/alice/notes.txt"));
    assertTrue(glob("*-queue", "alice-queue"));
    assertTrue(glob("a*z", "abcdefz"));
    assertFalse(glob("a*z", "abcdefy"));
  }

  @Test
  void matches_starMatchesTheEmptyRun() {
    assertTrue(glob("home/*", "home/"));
    assertTrue(glob("a*b", "ab"));
  }

  /** Resource element: "The asterisk (*) character can expand to replace everything within a segment, including characters like a forward slash (/)". */
  @Test
  void matches_starCrossesSlashes() {
    assertTrue(glob("example-bucket/*", "example-bucket/home/alice/notes.txt"));
  }

  @Test
  void matches_questionMarkMatchesExactlyOneCharacter() {
    assertTrue(glob("file-?.txt", "file-1.txt"));
    assertFalse(glob("file-?.txt", "file-.txt"));
    assertFalse(glob("file-?.txt", "file-12.txt"));
  }

  @Test
  void matches_emptyPatternMatchesOnlyEmptyText() {
    assertTrue(glob("", ""));
    assertFalse(glob("", "a"));
  }

  @Test
  void matches_emptyTextMatchesOnlyStars() {
    assertTrue(glob("*", ""));
    assertTrue(glob("**", ""));
    assertFalse(glob("?", ""));
    assertFalse(glob("a*", ""));
  }

  /** StringLike: "Case-sensitive matching". */
  @Test
  void matches_isCaseSensitiveByDefault() {
    assertFalse(glob("Home/*", "home/alice"));
    assertFalse(glob("home/ALICE", "home/alice"));
  }

  /** Action element: "The prefix and the action name are case insensitive." */
  @Test
  void matches_ignoreCaseModeIgnoresCase() {
    assertTrue(Glob.matches(Glob.encode("IAM:*AccessKey*"), "iam:createaccesskey", true));
    assertTrue(Glob.matches(Glob.encode("s3:getobjec?"), "S3:GETOBJECT", true));
    assertFalse(Glob.matches(Glob.encode("s3:Get?"), "s3:GetObject", true));
  }

  /** Variables page, special characters: a literal * must not be "interpreted as a wildcard". */
  @Test
  void matches_unencodedStarIsLiteral() {
    assertFalse(Glob.matches("a*b", "axb", false));
    assertTrue(Glob.matches("a*b", "a*b", false));
  }

  @Test
  void matches_unencodedQuestionMarkIsLiteral() {
    assertFalse(Glob.matches("a?b", "axb", false));
    assertTrue(Glob.matches("a?b", "a?b", false));
  }

  @Test
  void matches_literalStarNextToWildcardStar() {
    String pattern = "a*" + Glob.STAR; // literal '*' followed by a wildcard
    assertTrue(Glob.matches(pattern, "a*anything", false));
    assertFalse(Glob.matches(pattern, "abc", false));
  }

  @Test
  void matches_backtracksAfterAFalseStart() {
    assertTrue(glob("*ab", "aab"));
    assertTrue(glob("*a*b", "aaab"));
    assertTrue(glob("a*b*c", "abxbxc"));
    assertTrue(glob("*abc*", "ababcab"));
    assertFalse(glob("a*bc", "abcbd"));
  }

  @Test
  void matches_wholeTextMustBeMatched() {
    assertFalse(glob("abc", "abcd"));
    assertFalse(glob("abcd", "abc"));
    assertFalse(glob("*.txt", "notes.txt.bak"));
  }

  // Adversarial inputs: the backtracking matcher took O(n x m) on these. Cost is measured by
  // AdversarialGlobBenchmark, not asserted here; these check that the answers are right.

  @Test
  void matches_manyStarsAgainstLongNonMatchingText_isFalse() {
    String text = "a".repeat(20_000);
    assertFalse(glob("a*a*a*a*a*a*a*a*a*a*b", text));
    assertTrue(glob("a*a*a*a*a*a*a*a*a*a*b", text + "b"));
  }

  @Test
  void matches_thousandStarPiecesAgainstEightKilobytes_answersBothWays() {
    String pattern = "*a".repeat(1_000) + "*b";
    String text = "a".repeat(8_192);
    assertFalse(glob(pattern, text));
    assertTrue(glob(pattern, text + "b"));
    assertFalse(glob(pattern, "a".repeat(999) + "b"), "one a short");
  }

  @Test
  void matches_longPieceWithQuestionMarksAcrossChunks_findsLeftmostOccurrence() {
    // A middle piece of 150 characters with '?': three 64-bit chunks of the Shift-And automaton.
    String piece = "ab?".repeat(50);
    String nearMiss = "abz".repeat(49) + "Xbz";
    assertTrue(glob("x*" + piece + "*y", "x" + "ab".repeat(100) + nearMiss + "abz".repeat(50) + "y"));
    assertFalse(glob("x*" + piece + "*y", "x" + nearMiss + "abz".repeat(49) + "y"));
    assertFalse(glob("x*" + piece + "*y", "x" + "ab".repeat(2_000) + "y"));
    assertTrue(glob("*" + piece + "c", "ab".repeat(3) + "abc".repeat(50) + "c"));
  }

  @Test
  void matches_kmpPieceWithBorders_doesNotSkipAnOccurrence() {
    assertTrue(glob("*aab*", "aaab"));
    assertTrue(glob("*abab*c", "abaabababc"));
    assertTrue(glob("x*aabaabaaa*y", "xaabaabaabaaay"));
    assertFalse(glob("x*aabaabaaa*y", "xaabaabaabaay"));
  }

  @Test
  void matches_headAndTailDoNotOverlap() {
    assertFalse(glob("ab*ba", "aba"));
    assertTrue(glob("ab*ba", "abba"));
    assertFalse(glob("a*b*a", "ab"));
  }

  @Test
  void compile_matchesTheSameAsTheOneShotForm() {
    String[] patterns = {"*", "a*", "*a", "a?c", "*a*b*", "?*?", "", "abc"};
    String[] texts = {"", "a", "abc", "aXbYc", "ba", "cab"};
    for (String p : patterns) {
      Glob g = Glob.compile(Glob.encode(p), false);
      for (String t : texts) {
        assertEquals(glob(p, t), g.matches(t), p + " vs " + t);
      }
    }
  }

  @Test
  void hasWildcards_onlyForEncodedWildcards() {
    assertTrue(Glob.hasWildcards(Glob.encode("a*")));
    assertTrue(Glob.hasWildcards(Glob.encode("a?")));
    assertFalse(Glob.hasWildcards(Glob.encode("abc")));
    assertFalse(Glob.hasWildcards("a*b"));
  }
}
