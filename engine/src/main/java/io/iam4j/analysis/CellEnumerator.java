package io.iam4j.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds one text in every non-empty cell of the partition that a vector of atomic string
 * predicates induces: two texts are in the same cell when each predicate accepts both or neither.
 *
 * <p>Breadth-first search over the product of the predicates' automata, each determinized lazily
 * (subset construction). The alphabet is finite without loss: every unit a predicate compares with
 * literally (and, for predicates ignoring case, every unit equal to one of those ignoring case), the
 * colon (which ARN parts treat apart), and one fresh unit standing for all others, which every
 * predicate treats alike. Each reachable product state is visited once, so the search ends; the
 * first (shortest) text to reach a state whose acceptance vector is new is that cell's witness.
 * Not thread-safe; one per enumeration.
 */
final class CellEnumerator {
  /** One enumeration's answer: a witness per cell, and whether the state bound cut the search short. */
  record Cells(List<String> witnesses, boolean complete) {}

  private final List<Nfa> atoms;
  private final char[] alphabet;
  private final List<Map<BitSet, Integer>> ids = new ArrayList<>();
  private final List<List<BitSet>> sets = new ArrayList<>();
  private final List<List<int[]>> moves = new ArrayList<>();

  private CellEnumerator(List<Nfa> atoms) {
    this.atoms = atoms;
    this.alphabet = alphabet(atoms);
    for (int i = 0; i < atoms.size(); i++) {
      ids.add(new HashMap<>());
      sets.add(new ArrayList<>());
      moves.add(new ArrayList<>());
    }
  }

  /**
   * @param nonEmpty whether the empty text is left out (an action name is never empty)
   * @param maxStates the most product states visited; beyond it the answer is marked incomplete
   */
  static Cells enumerate(List<Nfa> atoms, boolean nonEmpty, int maxStates) {
    return new CellEnumerator(atoms).run(nonEmpty, maxStates);
  }

  private static char[] alphabet(List<Nfa> atoms) {
    Set<Character> chars = new TreeSet<>();
    Set<Character> icase = new TreeSet<>();
    for (Nfa n : atoms) {
      chars.addAll(n.literals);
      icase.addAll(n.icase);
    }
    for (char w : icase) {
      for (int c = 0; c <= 0xFFFF; c++) {
        if (equalsIgnoreCase((char) c, w)) {
          chars.add((char) c);
        }
      }
    }
    chars.add(':');
    char fresh = 0;
    for (char c : "xyzqjkwvuts0123456789abcdefghilmnopr".toCharArray()) {
      if (!chars.contains(c)) {
        fresh = c;
        break;
      }
    }
    if (fresh == 0) {
      for (char c = 0x4E00; ; c++) { // CJK: far from any policy's literal text
        if (!chars.contains(c)) {
          fresh = c;
          break;
        }
      }
    }
    // The fresh unit first: breadth-first search then prefers texts the policies do not spell.
    StringBuilder sb = new StringBuilder().append(fresh);
    chars.forEach(sb::append);
    return sb.toString().toCharArray();
  }

  /** {@link String#equalsIgnoreCase} for one unit each. */
  static boolean equalsIgnoreCase(char a, char b) {
    if (a == b) {
      return true;
    }
    char ua = Character.toUpperCase(a);
    char ub = Character.toUpperCase(b);
    return ua == ub || Character.toLowerCase(ua) == Character.toLowerCase(ub);
  }

  private int id(int atom, BitSet set) {
    Map<BitSet, Integer> m = ids.get(atom);
    Integer id = m.get(set);
    if (id == null) {
      id = m.size();
      m.put(set, id);
      sets.get(atom).add(set);
      int[] row = new int[alphabet.length];
      Arrays.fill(row, -1);
      moves.get(atom).add(row);
    }
    return id;
  }

  private int move(int atom, int state, int letter) {
    int[] row = moves.get(atom).get(state);
    if (row[letter] < 0) {
      row[letter] = id(atom, atoms.get(atom).step(sets.get(atom).get(state), alphabet[letter]));
    }
    return row[letter];
  }

  private BitSet vector(int[] state) {
    BitSet v = new BitSet(atoms.size());
    for (int i = 0; i < state.length; i++) {
      if (atoms.get(i).accepts(sets.get(i).get(state[i]))) {
        v.set(i);
      }
    }
    return v;
  }

  private record Key(int[] state) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(state, k.state);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(state);
    }
  }

  private Cells run(boolean nonEmpty, int maxStates) {
    int n = atoms.size();
    int[] start = new int[n];
    for (int i = 0; i < n; i++) {
      start[i] = id(i, atoms.get(i).startSet());
    }
    Map<BitSet, String> cells = new LinkedHashMap<>();
    Set<Key> visited = new java.util.HashSet<>();
    ArrayDeque<int[]> queue = new ArrayDeque<>();
    ArrayDeque<String> texts = new ArrayDeque<>();
    queue.add(start);
    texts.add("");
    if (!nonEmpty) {
      visited.add(new Key(start));
      cells.put(vector(start), "");
    }
    boolean complete = true;
    while (!queue.isEmpty()) {
      int[] s = queue.poll();
      String text = texts.poll();
      for (int letter = 0; letter < alphabet.length; letter++) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
          t[i] = move(i, s[i], letter);
        }
        if (visited.add(new Key(t))) {
          if (visited.size() > maxStates) {
            complete = false;
            queue.clear();
            break;
          }
          String next = text + alphabet[letter];
          cells.putIfAbsent(vector(t), next);
          queue.add(t);
          texts.add(next);
        }
      }
    }
    return new Cells(List.copyOf(cells.values()), complete);
  }
}
