package io.iam4j.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A compiled IAM wildcard pattern: {@code *} is any run of characters (including none), {@code ?}
 * exactly one (one UTF-16 unit). Patterns are encoded with {@link #STAR} and {@link #ONE} for the
 * wildcards so that a literal {@code *} (from {@code ${*}} or a policy variable's value) stays
 * literal. Immutable and thread-safe; matching allocates nothing (one exception below).
 *
 * <p><b>Worst-case linear.</b> The pattern is split at its stars into pieces: {@code head * m1 * m2
 * * ... * tail}. The head must match at the start of the text and the tail at its end; each middle
 * piece is then found at its leftmost occurrence after the previous one. Taking the leftmost
 * occurrence is always right: any match that places a piece further right leaves less text to the
 * pieces after it, never more. The search for piece i scans from where piece i-1 ended to where
 * piece i is found (or to the tail, when it is not), so the scans of all pieces together cover the
 * text about once:
 *
 * <ul>
 *   <li>A piece without {@code ?} is found with Knuth-Morris-Pratt over a failure table built at
 *       compile time: O(scanned + |piece|).
 *   <li>A piece with {@code ?} is found with the bit-parallel Shift-And automaton (Baeza-Yates and
 *       Gonnet), in which {@code ?} is a character class of every character: O(scanned x
 *       ceil(|piece| / 64)). So pieces up to 64 characters are found in linear time; a longer one
 *       with a {@code ?} costs one extra word operation per 64 characters, and allocates its
 *       per-search state (a {@code long[]} of that many words).
 * </ul>
 *
 * <p>A match therefore costs O(n + m) for a text of length n and a pattern of length m, and at
 * most O(n x ceil(M / 64) + m) where M is the longest middle piece holding a {@code ?}. The
 * backtracking matcher this replaces was O(n x m): {@code *a*a*a...b} against {@code aaaa...}.
 *
 * <p>Case-insensitive matching compares {@code toLowerCase(toUpperCase(c))} of both sides, as
 * {@code java.util.regex} does with {@code UNICODE_CASE}. The evaluator lower-cases actions
 * itself and calls the case-sensitive form.
 */
final class Glob {
  static final char STAR = '\uFFFF';
  static final char ONE = '\uFFFE';

  /** A pattern that is only {@code *}, or several. */
  private static final Glob ANY = new Glob("", "", new Piece[0], false);

  private final String head; // must match at the start; may hold ONE
  private final String tail; // must match at the end; null when the pattern has no star
  private final Piece[] middle;
  private final boolean ignoreCase;
  private final int minLength;

  private Glob(String head, String tail, Piece[] middle, boolean ignoreCase) {
    this.head = head;
    this.tail = tail;
    this.middle = middle;
    this.ignoreCase = ignoreCase;
    int min = head.length() + (tail == null ? 0 : tail.length());
    for (Piece p : middle) {
      min += p.length();
    }
    this.minLength = min;
  }

  /** Encodes a pattern whose {@code *} and {@code ?} are all wildcards. */
  static String encode(String pattern) {
    return pattern.replace('*', STAR).replace('?', ONE);
  }

  static boolean hasWildcards(String encoded) {
    return encoded.indexOf(STAR) >= 0 || encoded.indexOf(ONE) >= 0;
  }

  /** Compiles an encoded pattern: O(m) time and space. */
  static Glob compile(String encoded, boolean ignoreCase) {
    String p = ignoreCase ? fold(encoded) : encoded;
    int first = p.indexOf(STAR);
    if (first < 0) {
      return new Glob(p, null, new Piece[0], ignoreCase);
    }
    int last = p.lastIndexOf(STAR);
    List<Piece> middle = new ArrayList<>();
    int start = first + 1;
    while (start <= last) {
      int end = p.indexOf(STAR, start);
      if (end > start) { // runs of stars leave empty pieces: they are one star
        String piece = p.substring(start, end);
        middle.add(piece.indexOf(ONE) < 0 ? new Literal(piece) : new ShiftAnd(piece));
      }
      start = end + 1;
    }
    if (first == 0 && last == p.length() - 1 && middle.isEmpty()) {
      return ANY;
    }
    return new Glob(p.substring(0, first), p.substring(last + 1), middle.toArray(new Piece[0]), ignoreCase);
  }

  /**
   * Matches a pattern compiled for this one text: for patterns resolved per request (those with
   * policy variables). Allocates only when the pattern has a middle piece (two stars or more).
   */
  static boolean matches(String encoded, String text, boolean ignoreCase) {
    return matches(encoded, text, 0, text.length(), ignoreCase);
  }

  /** As {@link #matches(String, String, boolean)} for the region {@code text[from, end)}. */
  static boolean matches(String encoded, String text, int from, int end, boolean ignoreCase) {
    int first = encoded.indexOf(STAR);
    int last = encoded.lastIndexOf(STAR);
    if (first == last && !ignoreCase) {
      // No star, or one: head and tail only, compared in place.
      int n = end - from;
      if (first < 0) {
        return n == encoded.length() && at(encoded, 0, encoded.length(), text, from, false);
      }
      int tailLength = encoded.length() - first - 1;
      return n >= first + tailLength && at(encoded, 0, first, text, from, false)
          && at(encoded, first + 1, encoded.length(), text, end - tailLength, false);
    }
    return compile(encoded, ignoreCase).matches(text, from, end);
  }

  /** Whether the whole of {@code text} matches. */
  boolean matches(String text) {
    return matches(text, 0, text.length());
  }

  /**
   * Whether the region {@code text[start, end)} matches, as the substring would: the evaluator
   * matches ARN segments in place instead of cutting the ARN into strings.
   */
  boolean matches(String text, int start, int end) {
    int n = end - start;
    if (tail == null) {
      return n == head.length() && at(head, 0, head.length(), text, start, ignoreCase);
    }
    if (n < minLength) {
      return false;
    }
    int to = end - tail.length();
    if (!at(head, 0, head.length(), text, start, ignoreCase) || !at(tail, 0, tail.length(), text, to, ignoreCase)) {
      return false;
    }
    int from = start + head.length();
    for (Piece p : middle) {
      int found = p.find(text, from, to, ignoreCase);
      if (found < 0) {
        return false;
      }
      from = found + p.length();
    }
    return true;
  }

  /** Whether {@code pattern[pFrom, pTo)} matches {@code text} at {@code offset}. */
  private static boolean at(String pattern, int pFrom, int pTo, String text, int offset, boolean ignoreCase) {
    for (int i = pFrom, t = offset; i < pTo; i++, t++) {
      char pc = pattern.charAt(i);
      if (pc != ONE && pc != read(text, t, ignoreCase)) {
        return false;
      }
    }
    return true;
  }

  private static char read(String text, int i, boolean ignoreCase) {
    char c = text.charAt(i);
    return ignoreCase ? fold(c) : c;
  }

  private static char fold(char c) {
    return c == STAR || c == ONE ? c : Character.toLowerCase(Character.toUpperCase(c));
  }

  private static String fold(String s) {
    char[] out = new char[s.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = fold(s.charAt(i));
    }
    return new String(out);
  }

  /** A middle piece: found at its leftmost occurrence. */
  private sealed interface Piece permits Literal, ShiftAnd {
    int length();

    /** The leftmost start {@code s >= from} with the piece inside {@code text[s, to)}, or -1. */
    int find(String text, int from, int to, boolean ignoreCase);
  }

  /** A piece without {@code ?}: Knuth-Morris-Pratt. */
  private static final class Literal implements Piece {
    private final char[] chars;
    /** {@code fail[j]}: length of the longest proper border of {@code chars[0, j]}. */
    private final int[] fail;

    Literal(String piece) {
      chars = piece.toCharArray();
      fail = new int[chars.length];
      for (int j = 1, k = 0; j < chars.length; j++) {
        while (k > 0 && chars[j] != chars[k]) {
          k = fail[k - 1];
        }
        if (chars[j] == chars[k]) {
          k++;
        }
        fail[j] = k;
      }
    }

    @Override
    public int length() {
      return chars.length;
    }

    @Override
    public int find(String text, int from, int to, boolean ignoreCase) {
      int m = chars.length;
      if (to - from < m) {
        return -1;
      }
      int k = 0;
      for (int i = from; i < to; i++) {
        char c = read(text, i, ignoreCase);
        while (k > 0 && chars[k] != c) {
          k = fail[k - 1];
        }
        if (chars[k] == c) {
          k++;
          if (k == m) {
            return i - m + 1;
          }
        }
      }
      return -1;
    }
  }

  /**
   * A piece with {@code ?}: Shift-And over 64-character chunks. Bit b of chunk j's state says that
   * the piece's first {@code 64j + b + 1} characters end at the current text position.
   */
  private static final class ShiftAnd implements Piece {
    private final int length;
    private final char[][] keys; // per chunk: its distinct characters, sorted (ONE excluded)
    private final long[][] masks; // per chunk: for each key, the bits where it (or ONE) stands
    private final long[] wild; // per chunk: the bits where ONE stands (any other character)
    private final long last; // the bit of the piece's last character in the last chunk

    ShiftAnd(String piece) {
      length = piece.length();
      int chunks = (length + 63) / 64;
      keys = new char[chunks][];
      masks = new long[chunks][];
      wild = new long[chunks];
      for (int j = 0; j < chunks; j++) {
        int from = 64 * j;
        int to = Math.min(length, from + 64);
        TreeMap<Character, Long> byChar = new TreeMap<>();
        for (int i = from; i < to; i++) {
          char c = piece.charAt(i);
          if (c == ONE) {
            wild[j] |= 1L << (i - from);
          } else {
            byChar.merge(c, 1L << (i - from), (a, b) -> a | b);
          }
        }
        keys[j] = new char[byChar.size()];
        masks[j] = new long[byChar.size()];
        int k = 0;
        for (var e : byChar.entrySet()) {
          keys[j][k] = e.getKey();
          masks[j][k++] = e.getValue() | wild[j];
        }
      }
      last = 1L << ((length - 1) % 64);
    }

    @Override
    public int length() {
      return length;
    }

    private long mask(int chunk, char c) {
      int k = Arrays.binarySearch(keys[chunk], c);
      return k >= 0 ? masks[chunk][k] : wild[chunk];
    }

    @Override
    public int find(String text, int from, int to, boolean ignoreCase) {
      if (to - from < length) {
        return -1;
      }
      if (keys.length == 1) {
        long state = 0;
        for (int i = from; i < to; i++) {
          state = ((state << 1) | 1L) & mask(0, read(text, i, ignoreCase));
          if ((state & last) != 0) {
            return i - length + 1;
          }
        }
        return -1;
      }
      int chunks = keys.length;
      long[] state = new long[chunks];
      for (int i = from; i < to; i++) {
        char c = read(text, i, ignoreCase);
        // From the last chunk down, so that each chunk reads its predecessor's previous state.
        for (int j = chunks - 1; j >= 0; j--) {
          long carry = j == 0 ? 1L : state[j - 1] >>> 63;
          state[j] = ((state[j] << 1) | carry) & mask(j, c);
        }
        if ((state[chunks - 1] & last) != 0) {
          return i - length + 1;
        }
      }
      return -1;
    }
  }
}
