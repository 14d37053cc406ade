package io.iam4j.eval;

/**
 * Wildcard matching for IAM patterns: {@code *} is any run of characters (including none), {@code ?}
 * exactly one. Patterns are encoded with {@link #STAR} and {@link #ONE} for the wildcards so that a
 * literal {@code *} (from {@code ${*}} or a policy variable's value) stays literal.
 */
final class Glob {
  static final char STAR = '\uFFFF';
  static final char ONE = '\uFFFE';

  private Glob() {}

  /** Encodes a pattern whose {@code *} and {@code ?} are all wildcards. */
  static String encode(String pattern) {
    return pattern.replace('*', STAR).replace('?', ONE);
  }

  static boolean hasWildcards(String encoded) {
    return encoded.indexOf(STAR) >= 0 || encoded.indexOf(ONE) >= 0;
  }

  /**
   * Whether {@code text} matches the encoded {@code pattern}. Linear in practice: backtracks only to
   * the last star.
   */
  static boolean matches(String pattern, String text, boolean ignoreCase) {
    int p = 0;
    int t = 0;
    int starP = -1;
    int starT = 0;
    int pl = pattern.length();
    int tl = text.length();
    while (t < tl) {
      if (p < pl) {
        char pc = pattern.charAt(p);
        if (pc == STAR) {
          starP = p++;
          starT = t;
          continue;
        }
        if (pc == ONE || same(pc, text.charAt(t), ignoreCase)) {
          p++;
          t++;
          continue;
        }
      }
      if (starP < 0) {
        return false;
      }
      p = starP + 1;
      t = ++starT;
    }
    while (p < pl && pattern.charAt(p) == STAR) {
      p++;
    }
    return p == pl;
  }

  private static boolean same(char a, char b, boolean ignoreCase) {
    if (a == b) {
      return true;
    }
    return ignoreCase && (Character.toLowerCase(a) == Character.toLowerCase(b) || Character.toUpperCase(a) == Character.toUpperCase(b));
  }
}
