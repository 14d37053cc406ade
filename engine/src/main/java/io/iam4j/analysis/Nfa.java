package io.iam4j.analysis;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A nondeterministic automaton over UTF-16 units for one atomic string predicate of a policy: a
 * glob ({@code *} any run, {@code ?} one unit), a literal compared exactly or ignoring case, an ARN
 * pattern matched segment by segment, or the union of several. Built to accept exactly the texts
 * the evaluator's matcher accepts ({@code Glob}, {@code ArnMatcher}, {@code String.equals},
 * {@code equalsIgnoreCase}). Immutable once built.
 */
final class Nfa {
  /** Token for {@code *} in a pattern's token list; every other token is a UTF-16 unit. */
  static final int STAR = -1;
  /** Token for {@code ?}. */
  static final int ONE = -2;

  private static final int ANY = 0;
  private static final int ANY_BUT_COLON = 1;
  private static final int CHAR = 2;
  private static final int CHAR_ICASE = 3;

  /** Per state: transitions as (kind, char, target) triples. */
  private final List<int[]> edges = new ArrayList<>();
  private final List<int[]> epsilons = new ArrayList<>();
  private final BitSet accept = new BitSet();
  private final BitSet start = new BitSet();
  /** Literal characters the automaton compares with: the alphabet's distinguished units. */
  final java.util.Set<Character> literals = new java.util.TreeSet<>();
  /** Whether some edge compares ignoring case (then the alphabet needs every case variant). */
  final java.util.Set<Character> icase = new java.util.TreeSet<>();

  private Nfa() {}

  private int state() {
    edges.add(new int[0]);
    epsilons.add(new int[0]);
    return edges.size() - 1;
  }

  private void edge(int from, int kind, int c, int to) {
    int[] e = edges.get(from);
    int[] n = java.util.Arrays.copyOf(e, e.length + 3);
    n[e.length] = kind;
    n[e.length + 1] = c;
    n[e.length + 2] = to;
    edges.set(from, n);
    if (kind == CHAR || kind == CHAR_ICASE) {
      literals.add((char) c);
    }
    if (kind == CHAR_ICASE) {
      icase.add((char) c);
    }
  }

  private void epsilon(int from, int to) {
    int[] e = epsilons.get(from);
    int[] n = java.util.Arrays.copyOf(e, e.length + 1);
    n[e.length] = to;
    epsilons.set(from, n);
  }

  /** The empty language: a pattern that can match nothing (a policy variable without a value). */
  static Nfa nothing() {
    Nfa n = new Nfa();
    n.start.set(n.state());
    return n;
  }

  /** Every text. */
  static Nfa anything() {
    return glob(List.of(STAR));
  }

  /** A glob over tokens; wildcards match any unit. */
  static Nfa glob(List<Integer> tokens) {
    Nfa n = new Nfa();
    int s = n.state();
    n.start.set(s);
    n.accept.set(n.append(s, tokens, ANY, false));
    return n;
  }

  /** A literal text, compared exactly or ignoring case ({@link String#equalsIgnoreCase}). */
  static Nfa literal(String text, boolean ignoreCase) {
    Nfa n = new Nfa();
    int s = n.state();
    n.start.set(s);
    List<Integer> tokens = new ArrayList<>();
    text.chars().forEach(tokens::add);
    n.accept.set(n.append(s, tokens, ANY, ignoreCase));
    return n;
  }

  /**
   * An ARN pattern of six parts ({@code arn}, partition, service, region, account, resource) as
   * {@code ArnMatcher} matches it: the text splits at its first five colons and each part matches
   * its own glob, so the wildcards of the first four parts never match a colon.
   */
  static Nfa arn(List<List<Integer>> parts) {
    Nfa n = new Nfa();
    int s = n.state();
    n.start.set(s);
    s = n.append(s, tokens("arn:"), ANY, false);
    for (int i = 1; i <= 5; i++) {
      List<Integer> part = parts.get(i);
      if (i < 5 && part.contains((int) ':')) {
        return nothing(); // a literal colon inside the first parts can never match a split part
      }
      s = n.append(s, part, i < 5 ? ANY_BUT_COLON : ANY, false);
      if (i < 5) {
        int t = n.state();
        n.edge(s, CHAR, ':', t);
        s = t;
      }
    }
    n.accept.set(s);
    return n;
  }

  static List<Integer> tokens(String literal) {
    List<Integer> out = new ArrayList<>();
    literal.chars().forEach(out::add);
    return out;
  }

  /** Appends the tokens after state {@code s}; returns the last state. */
  private int append(int s, List<Integer> tokens, int wildcard, boolean ignoreCase) {
    for (int t : tokens) {
      int next = state();
      if (t == STAR) {
        edge(s, wildcard, 0, s);
        epsilon(s, next);
      } else if (t == ONE) {
        edge(s, wildcard, 0, next);
      } else {
        edge(s, ignoreCase ? CHAR_ICASE : CHAR, t, next);
      }
      s = next;
    }
    return s;
  }

  /** The union: accepts what any of the automata accepts. */
  static Nfa union(List<Nfa> parts) {
    Nfa n = new Nfa();
    for (Nfa p : parts) {
      int offset = n.edges.size();
      for (int i = 0; i < p.edges.size(); i++) {
        n.state();
      }
      for (int i = 0; i < p.edges.size(); i++) {
        int[] e = p.edges.get(i);
        for (int j = 0; j < e.length; j += 3) {
          n.edge(offset + i, e[j], e[j + 1], offset + e[j + 2]);
        }
        for (int t : p.epsilons.get(i)) {
          n.epsilon(offset + i, offset + t);
        }
      }
      p.start.stream().forEach(x -> n.start.set(offset + x));
      p.accept.stream().forEach(x -> n.accept.set(offset + x));
    }
    if (n.edges.isEmpty()) {
      n.start.set(n.state());
    }
    return n;
  }

  BitSet startSet() {
    BitSet out = new BitSet();
    for (int t = start.nextSetBit(0); t >= 0; t = start.nextSetBit(t + 1)) {
      out.or(closures()[t]);
    }
    return out;
  }

  boolean accepts(BitSet states) {
    return states.intersects(accept);
  }

  /** The states after reading {@code c} from {@code states}, closed under epsilon moves. */
  BitSet step(BitSet states, char c) {
    BitSet[] cl = closures();
    BitSet out = new BitSet();
    for (int s = states.nextSetBit(0); s >= 0; s = states.nextSetBit(s + 1)) {
      int[] e = edges.get(s);
      for (int j = 0; j < e.length; j += 3) {
        if (matches(e[j], (char) e[j + 1], c)) {
          out.or(cl[e[j + 2]]);
        }
      }
    }
    return out;
  }

  private static boolean matches(int kind, char want, char c) {
    return switch (kind) {
      case ANY -> true;
      case ANY_BUT_COLON -> c != ':';
      case CHAR -> c == want;
      default -> CellEnumerator.equalsIgnoreCase(c, want);
    };
  }

  /** Each state's epsilon closure, computed once when the automaton is first run (it is complete by then). */
  private BitSet[] closures;

  private BitSet[] closures() {
    BitSet[] cl = closures;
    if (cl == null) {
      int n = edges.size();
      cl = new BitSet[n];
      for (int s = 0; s < n; s++) {
        BitSet set = new BitSet();
        set.set(s);
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
        todo.push(s);
        while (!todo.isEmpty()) {
          for (int t : epsilons.get(todo.pop())) {
            if (!set.get(t)) {
              set.set(t);
              todo.push(t);
            }
          }
        }
        cl[s] = set;
      }
      closures = cl;
    }
    return cl;
  }

  /** Whether the automaton accepts {@code text}: for tests against the evaluator's matchers. */
  boolean accepts(String text) {
    BitSet s = startSet();
    for (int i = 0; i < text.length() && !s.isEmpty(); i++) {
      s = step(s, text.charAt(i));
    }
    return accepts(s);
  }
}
