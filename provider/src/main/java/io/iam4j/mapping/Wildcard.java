package io.iam4j.mapping;

/**
 * The wildcard patterns of identity mapping rules: {@code *} is any run of characters (none
 * included), {@code ?} exactly one; everything else is literal and case-sensitive. Stateless.
 *
 * <p>Both operations simulate the pattern's automaton (state {@code i}: the first {@code i} pattern
 * characters are matched) instead of backtracking, so their cost has a bound whatever the input:
 * O(text x pattern) to match, O(pattern x pattern) to intersect. Patterns are at most {@value
 * #MAX_PATTERN} characters (the loader refuses longer ones) and texts longer than {@value #MAX_TEXT}
 * never match, so one match costs at most a few hundred thousand steps.
 */
public final class Wildcard {
  /** The longest pattern a mapping file may hold. */
  public static final int MAX_PATTERN = 256;
  /** The longest caller name, group or claim value a pattern is matched against; a longer one matches nothing. */
  public static final int MAX_TEXT = 1024;

  private Wildcard() {}

  /** Whether {@code text} is one of the strings {@code pattern} stands for. */
  public static boolean matches(String pattern, String text) {
    if (text == null || text.length() > MAX_TEXT || pattern.length() > MAX_PATTERN) {
      return false;
    }
    int m = pattern.length();
    boolean[] now = new boolean[m + 1];
    boolean[] next = new boolean[m + 1];
    now[0] = true;
    close(pattern, now);
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      java.util.Arrays.fill(next, false);
      boolean any = false;
      for (int i = 0; i < m; i++) {
        if (!now[i]) {
          continue;
        }
        char p = pattern.charAt(i);
        if (p == '*') {
          next[i] = true;
          any = true;
        } else if (p == '?' || p == c) {
          next[i + 1] = true;
          any = true;
        }
      }
      if (!any) {
        return false;
      }
      close(pattern, next);
      boolean[] t = now;
      now = next;
      next = t;
    }
    return now[m];
  }

  /** A star may match nothing: a state before a star is also the state after it. */
  private static void close(String pattern, boolean[] states) {
    for (int i = 0; i < pattern.length(); i++) {
      if (states[i] && pattern.charAt(i) == '*') {
        states[i + 1] = true;
      }
    }
  }

  /**
   * Whether some string matches both patterns: a search of the product of their automata, so
   * {@code a*} and {@code *b} intersect ({@code ab}) while {@code a*} and {@code b*} do not.
   */
  public static boolean intersects(String a, String b) {
    int m = a.length();
    int n = b.length();
    boolean[] seen = new boolean[(m + 1) * (n + 1)];
    int[] queue = new int[(m + 1) * (n + 1)];
    int head = 0;
    int tail = 0;
    queue[tail++] = 0;
    seen[0] = true;
    while (head < tail) {
      int s = queue[head++];
      int i = s / (n + 1);
      int j = s % (n + 1);
      if (i == m && j == n) {
        return true;
      }
      char x = i < m ? a.charAt(i) : 0;
      char y = j < n ? b.charAt(j) : 0;
      // A star that matches nothing.
      if (i < m && x == '*') {
        tail = visit(seen, queue, tail, i + 1, j, n);
      }
      if (j < n && y == '*') {
        tail = visit(seen, queue, tail, i, j + 1, n);
      }
      // One character both accept: each side stays on its star or moves past a ? or a literal.
      if (i < m && j < n) {
        boolean xAny = x == '*' || x == '?';
        boolean yAny = y == '*' || y == '?';
        if (xAny || yAny || x == y) {
          tail = visit(seen, queue, tail, x == '*' ? i : i + 1, y == '*' ? j : j + 1, n);
        }
      }
    }
    return false;
  }

  private static int visit(boolean[] seen, int[] queue, int tail, int i, int j, int n) {
    int s = i * (n + 1) + j;
    if (!seen[s]) {
      seen[s] = true;
      queue[tail++] = s;
    }
    return tail;
  }

  /** Whether the pattern stands for exactly one string (no {@code *} or {@code ?}). */
  public static boolean literal(String pattern) {
    return pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
  }
}
