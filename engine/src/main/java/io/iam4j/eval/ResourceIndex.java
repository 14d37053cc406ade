package io.iam4j.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which statements of a group can match a resource, by its ARN resource segment: the set form of
 * {@link CompiledStatement#mayMatchResource}, for all statements at once. A statement whose Resource
 * patterns all have a literal prefix (the resource segment's text before its first wildcard or
 * variable) can only match a resource whose segment starts with one of them; the others
 * ({@code *}, {@code NotResource}, no Resource) can match any. So the candidates for a segment are
 * the latter plus the statements filed under each prefix of the segment.
 *
 * <p>The prefixes are kept in a hash table by their {@link String#hashCode}, which a scan of the
 * segment computes incrementally; the table is probed only at the prefix lengths some statement
 * uses. A lookup therefore reads the segment once (up to the longest prefix) and allocates
 * nothing; building costs one table entry per distinct prefix. At 500 statements about a third of a
 * service's statements pass the action index, and this cuts those to the few about the resource.
 * Immutable and thread-safe once built.
 */
final class ResourceIndex {
  private static final int[] NONE = {};

  /** Statements that can match any resource. */
  private final long[] ungated;
  /** Distinct prefix lengths, ascending. */
  private final int[] lengths;
  /** Open addressing by prefix hash: the prefix and its statements; null for an empty slot. */
  private final String[] prefixes;
  private final int[][] statements;

  private ResourceIndex(long[] ungated, int[] lengths, String[] prefixes, int[][] statements) {
    this.ungated = ungated;
    this.lengths = lengths;
    this.prefixes = prefixes;
    this.statements = statements;
  }

  /**
   * @param gates per statement, the literal prefixes one of which a resource segment must start
   *     with, or null when it can match any resource ({@link CompiledStatement#resourceGate})
   */
  static ResourceIndex of(String[][] gates) {
    long[] ungated = new long[(gates.length + 63) >>> 6];
    Map<String, int[]> byPrefix = new HashMap<>();
    TreeSet<Integer> lengths = new TreeSet<>();
    for (int seq = 0; seq < gates.length; seq++) {
      if (gates[seq] == null) {
        ungated[seq >>> 6] |= 1L << seq;
        continue;
      }
      for (String p : gates[seq]) {
        int[] seqs = byPrefix.getOrDefault(p, NONE);
        if (seqs.length == 0 || seqs[seqs.length - 1] != seq) {
          seqs = Arrays.copyOf(seqs, seqs.length + 1);
          seqs[seqs.length - 1] = seq;
          byPrefix.put(p, seqs);
        }
        lengths.add(p.length());
      }
    }
    int capacity = Integer.highestOneBit(Math.max(4, byPrefix.size() * 2 - 1)) << 1;
    String[] prefixes = new String[capacity];
    int[][] statements = new int[capacity][];
    for (Map.Entry<String, int[]> e : byPrefix.entrySet()) {
      int s = slot(e.getKey().hashCode(), capacity);
      while (prefixes[s] != null) {
        s = (s + 1) & (capacity - 1);
      }
      prefixes[s] = e.getKey();
      statements[s] = e.getValue();
    }
    return new ResourceIndex(ungated, lengths.stream().mapToInt(Integer::intValue).toArray(), prefixes, statements);
  }

  private static int slot(int hash, int capacity) {
    return (hash ^ (hash >>> 16)) & (capacity - 1);
  }

  /**
   * Sets, in {@code mask}, the statements that can match a resource whose ARN resource segment is
   * {@code text[from, text.length())}.
   */
  void collect(String text, int from, long[] mask) {
    long[] u = ungated;
    for (int w = 0; w < u.length; w++) {
      mask[w] |= u[w];
    }
    int[] ls = lengths;
    if (ls.length == 0) {
      return;
    }
    int available = text.length() - from;
    int h = 0;
    int done = 0; // characters hashed so far
    for (int length : ls) {
      if (length > available) {
        return;
      }
      for (; done < length; done++) {
        h = 31 * h + text.charAt(from + done);
      }
      probe(h, text, from, length, mask);
    }
  }

  private void probe(int hash, String text, int from, int length, long[] mask) {
    String[] ps = prefixes;
    int capacity = ps.length;
    for (int s = slot(hash, capacity); ; s = (s + 1) & (capacity - 1)) {
      String p = ps[s];
      if (p == null) {
        return;
      }
      if (p.length() == length && p.hashCode() == hash && text.startsWith(p, from)) {
        for (int seq : statements[s]) {
          mask[seq >>> 6] |= 1L << seq;
        }
        return;
      }
    }
  }
}
