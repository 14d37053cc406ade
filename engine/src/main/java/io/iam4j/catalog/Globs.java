package io.iam4j.catalog;

/**
 * IAM's wildcards over strings: {@code *} any run of characters (none too), {@code ?} one
 * character. Enough for catalog questions (does a policy's pattern name any action, can a
 * policy's resource be an ARN of this format); the evaluator has its own, faster matcher.
 */
public final class Globs {
  private Globs() {}

  /** Whether {@code text} matches {@code pattern}. */
  public static boolean matches(String pattern, String text, boolean ignoreCase) {
    return intersects(pattern, quote(text), ignoreCase);
  }

  /**
   * Whether some string matches both patterns. {@code a*} and {@code *b} do ({@code ab});
   * {@code a*} and {@code b*} do not. Dynamic programming over (position in a, position in b):
   * a {@code *} may emit nothing (skip it) or absorb the other side's next character; two
   * non-star characters must agree ({@code ?} agrees with anything).
   */
  public static boolean intersects(String a, String b, boolean ignoreCase) {
    int n = a.length();
    int m = b.length();
    boolean[][] seen = new boolean[n + 1][m + 1];
    java.util.ArrayDeque<int[]> todo = new java.util.ArrayDeque<>();
    todo.push(new int[] {0, 0});
    seen[0][0] = true;
    while (!todo.isEmpty()) {
      int[] s = todo.pop();
      int i = s[0];
      int j = s[1];
      if (i == n && j == m) {
        return true;
      }
      char ca = i < n ? a.charAt(i) : 0;
      char cb = j < m ? b.charAt(j) : 0;
      if (i < n && ca == '*') {
        visit(seen, todo, i + 1, j);
        if (j < m && cb != '*') {
          visit(seen, todo, i, j + 1);
        }
      }
      if (j < m && cb == '*') {
        visit(seen, todo, i, j + 1);
        if (i < n && ca != '*') {
          visit(seen, todo, i + 1, j);
        }
      }
      if (i < n && j < m && ca != '*' && cb != '*' && (ca == '?' || cb == '?' || same(ca, cb, ignoreCase))) {
        visit(seen, todo, i + 1, j + 1);
      }
    }
    return false;
  }

  /** {@code text} as a pattern that matches only itself. */
  private static String quote(String text) {
    // The private use area stands for * and ? of the text: they match only themselves.
    return text.replace('*', '\uE000').replace('?', '\uE001');
  }

  private static boolean same(char a, char b, boolean ignoreCase) {
    return a == b || ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b);
  }

  private static void visit(boolean[][] seen, java.util.ArrayDeque<int[]> todo, int i, int j) {
    if (!seen[i][j]) {
      seen[i][j] = true;
      todo.push(new int[] {i, j});
    }
  }
}
