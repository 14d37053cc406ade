package io.iam4j.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Which statements of a group can match an action, by the action's name: per service, a trie over
 * the literal text of each pattern's action part. A pattern without wildcards sits at the node of its
 * whole name; one with wildcards at the node of its literal prefix (the text before the first
 * {@code *} or {@code ?}), which every action it matches passes through. Walking the request's action
 * down the trie therefore finds a superset of the statements whose Action matches (the statements
 * themselves still check), usually a handful where the service alone gives hundreds.
 *
 * <p>Statements are numbered in document order within their group; the result is a bit set over
 * those numbers, so a statement found twice is visited once and in document order. Immutable and
 * thread-safe once built.
 */
final class ActionIndex {
  private static final int[] NONE = {};

  /** One trie node: the statements whose literal prefix ends here, and those named exactly here. */
  private static final class Node {
    char[] keys = new char[0];
    Node[] children = new Node[0];
    int[] prefixed = NONE;
    int[] exact = NONE;

    Node child(char c) {
      char[] k = keys;
      for (int i = 0; i < k.length; i++) {
        if (k[i] == c) {
          return children[i];
        }
      }
      return null;
    }

    Node childOrNew(char c) {
      Node n = child(c);
      if (n == null) {
        n = new Node();
        keys = Arrays.copyOf(keys, keys.length + 1);
        keys[keys.length - 1] = c;
        children = Arrays.copyOf(children, children.length + 1);
        children[children.length - 1] = n;
      }
      return n;
    }
  }

  private final Map<String, Node> byService;

  private ActionIndex(Map<String, Node> byService) {
    this.byService = Map.copyOf(byService);
  }

  /** Builds the index; {@code patterns[i]} are the lower-cased {@code service:action} patterns of statement i, or null for none. */
  static ActionIndex of(String[][] patterns) {
    Map<String, Node> roots = new HashMap<>();
    for (int seq = 0; seq < patterns.length; seq++) {
      if (patterns[seq] == null) {
        continue;
      }
      for (String p : patterns[seq]) {
        int colon = p.indexOf(':');
        Node n = roots.computeIfAbsent(p.substring(0, colon), k -> new Node());
        int wild = firstWildcard(p, colon + 1);
        int end = wild < 0 ? p.length() : wild;
        for (int i = colon + 1; i < end; i++) {
          n = n.childOrNew(p.charAt(i));
        }
        if (wild < 0) {
          n.exact = add(n.exact, seq);
        } else {
          n.prefixed = add(n.prefixed, seq);
        }
      }
    }
    return new ActionIndex(roots);
  }

  private static int firstWildcard(String p, int from) {
    for (int i = from; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '*' || c == '?') {
        return i;
      }
    }
    return -1;
  }

  private static int[] add(int[] seqs, int seq) {
    if (seqs.length > 0 && seqs[seqs.length - 1] == seq) {
      return seqs; // the same statement names this node twice
    }
    int[] out = Arrays.copyOf(seqs, seqs.length + 1);
    out[seqs.length] = seq;
    return out;
  }

  /** Sets, in {@code mask}, the statements that can match the lower-cased {@code action} of {@code service}. */
  void collect(String service, String action, long[] mask) {
    Node n = byService.get(service);
    if (n == null) {
      return;
    }
    set(mask, n.prefixed);
    for (int i = service.length() + 1; i < action.length(); i++) {
      n = n.child(action.charAt(i));
      if (n == null) {
        return;
      }
      set(mask, n.prefixed);
    }
    set(mask, n.exact);
  }

  private static void set(long[] mask, int[] seqs) {
    for (int s : seqs) {
      mask[s >>> 6] |= 1L << s;
    }
  }
}
