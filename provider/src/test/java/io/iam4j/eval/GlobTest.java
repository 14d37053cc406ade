package io.iam4j.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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

  @Test
  void matches_manyStarsAgainstLongNonMatchingText_finishesQuickly() {
    String text = "a".repeat(20_000);
    assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertFalse(glob("a*a*a*a*a*a*a*a*a*a*b", text)));
  }

  @Test
  void hasWildcards_onlyForEncodedWildcards() {
    assertTrue(Glob.hasWildcards(Glob.encode("a*")));
    assertTrue(Glob.hasWildcards(Glob.encode("a?")));
    assertFalse(Glob.hasWildcards(Glob.encode("abc")));
    assertFalse(Glob.hasWildcards("a*b"));
  }
}
