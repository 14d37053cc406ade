package io.iam4j.eval;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled action and resource patterns shared by every statement that writes the same pattern.
 *
 * <p>Why: compiling a policy set turns each statement's patterns into {@link Glob}s and
 * {@link ArnMatcher}s, and the same patterns come back again and again: {@code s3:GetObject} in
 * many statements and policies, a managed policy compiled into the set of every principal it is
 * attached to, every policy compiled again on each reload. Both are immutable and thread-safe, so
 * one compiled instance can serve them all; a lookup costs a string hash instead of splitting,
 * lower-casing and building the automata again.
 *
 * <p>Bounded: at most {@link #MAX} entries per map. Beyond that a pattern is compiled as before and
 * not kept, so documents with ever new patterns cannot grow memory (what a long-running server
 * sees after many edits); the first patterns stay, which are the common ones of the deployment.
 */
final class Interned {
  static final int MAX = 8_192;

  /** An action pattern as written, lower-cased and compiled. */
  record ActionPattern(String lower, Glob glob) {}

  private static final ConcurrentHashMap<String, ActionPattern> ACTIONS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, ArnMatcher> ARNS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, ArnMatcher> ARNS_WITHOUT_VARIABLES = new ConcurrentHashMap<>();

  private Interned() {}

  /** The action pattern as the index and the matcher use it (lower-cased, wildcards encoded). */
  static ActionPattern action(String pattern) {
    ActionPattern a = ACTIONS.get(pattern);
    if (a == null) {
      String lower = pattern.toLowerCase(Locale.ROOT);
      a = new ActionPattern(lower, Glob.compile(Glob.encode(lower), false));
      if (ACTIONS.size() < MAX) {
        ACTIONS.putIfAbsent(pattern, a);
      }
    }
    return a;
  }

  /** {@link ArnMatcher#compile}, shared; {@code variables}: the policy version has policy variables. */
  static ArnMatcher arn(String pattern, boolean variables) {
    ConcurrentHashMap<String, ArnMatcher> map = variables ? ARNS : ARNS_WITHOUT_VARIABLES;
    ArnMatcher m = map.get(pattern);
    if (m == null) {
      m = ArnMatcher.compile(pattern, variables);
      if (map.size() < MAX) {
        map.putIfAbsent(pattern, m);
      }
    }
    return m;
  }
}
