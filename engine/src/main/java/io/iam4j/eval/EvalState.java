package io.iam4j.eval;

import java.util.TreeSet;

/**
 * What one evaluation knows about its request, computed once and shared by every statement: the
 * lower-cased action and its service, where the resource's ARN segments are, the caller's
 * identities. Not thread-safe: one per evaluation.
 *
 * <p>Every request builds one, so it allocates little: the resource is not cut into substrings (the
 * matchers read its segments in place, between the colon positions kept here), the caller's
 * identities are worked out only when a statement names a principal, and the candidate bit sets
 * live in per-thread primitive arrays ({@link Scratch}).
 */
final class EvalState {
  final AuthorizationRequest request;
  final RequestContext ctx;
  final String actionLower;
  final String service;
  final String resource;
  /**
   * Positions of the resource's second to fifth colons when it is an ARN (see {@link
   * ArnMatcher#colons}); {@code c1 < 0} when it is not (e.g. the literal {@code "*"}). Its resource
   * segment is {@code resource[c4 + 1, length)}.
   */
  final int c1;
  final int c2;
  final int c3;
  final int c4;
  /** Whether the caller is of the AWS kind (a user, role session, federated user or root). */
  final boolean aws;
  private final boolean hasBoundary;
  private CallerFacts caller;
  private TreeSet<String> missing;
  private long[][] scratch;

  EvalState(AuthorizationRequest request, boolean hasBoundary) {
    this.request = request;
    this.ctx = request.context();
    Lowered.Action action = Lowered.ACTIONS.of(request.action());
    this.actionLower = action.lower();
    this.service = action.service();
    String r = request.resource();
    this.resource = r;
    int a = ArnMatcher.colons(r);
    this.c1 = a;
    if (a < 0) {
      c2 = -1;
      c3 = -1;
      c4 = -1;
    } else {
      c2 = r.indexOf(':', a + 1);
      c3 = r.indexOf(':', c2 + 1);
      c4 = r.indexOf(':', c3 + 1);
    }
    this.hasBoundary = hasBoundary;
    this.aws = CallerFacts.awsKind(request.caller());
  }

  /** The caller's identities, worked out on first use (only statements with a Principal ask). */
  CallerFacts caller() {
    CallerFacts c = caller;
    if (c == null) {
      c = new CallerFacts(request.caller(), ctx, hasBoundary);
      caller = c;
    }
    return c;
  }

  /** Whether the resource is an ARN. */
  boolean arn() {
    return c1 >= 0;
  }

  /** Start of the resource's ARN resource segment (after the fifth colon); only when {@link #arn()}. */
  int segmentStart() {
    return c4 + 1;
  }

  /** The candidate bit sets ({@link Scratch}) with at least {@code words} words each, zeroed. */
  long[][] scratch(int words) {
    long[][] s = scratch;
    if (s == null) {
      s = Scratch.acquire();
    }
    s = Scratch.ensure(s, words);
    scratch = s;
    return s;
  }

  /** Gives the per-thread scratch back; the state must not be used for matching afterwards. */
  void release() {
    if (scratch != null) {
      Scratch.release(scratch);
      scratch = null;
    }
  }

  void missing(String key) {
    if (missing == null) {
      missing = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    }
    missing.add(key);
  }

  java.util.Set<String> missingKeys() {
    return missing == null ? java.util.Set.of() : missing;
  }

  /**
   * Two bit sets over a group's statements, one pair per thread and reused by every evaluation on it:
   * they hold only primitives, so reusing them costs neither allocation nor GC write barriers. An
   * evaluation takes the thread's pair and gives it back when it ends; should one ever start while
   * another on the same thread holds it, the second gets a fresh pair (never shared).
   *
   * <p>A pair is a {@code long[][]}: {@code [0]} the action candidates, {@code [1]} the resource
   * candidates, {@code [2][0]} 1 while in use and {@code [2][1]} 1 for the thread's own pair. The
   * thread keeps only JDK types, never a class of this library, so a thread of a container's pool
   * does not keep an undeployed application's class loader alive.
   */
  static final class Scratch {
    private static final ThreadLocal<long[][]> PER_THREAD = new ThreadLocal<>();
    /** Larger sets are not kept past one evaluation (a thread must not hold memory for one huge group). */
    static final int MAX_KEPT_WORDS = 1024;

    private Scratch() {}

    private static long[][] fresh(int words, boolean own) {
      return new long[][] {new long[words], new long[words], {1, own ? 1 : 0}};
    }

    /** The thread's pair, marked in use, or a fresh one when it is in use already. */
    static long[][] acquire() {
      long[][] s = PER_THREAD.get();
      if (s == null) {
        s = fresh(1, true);
        PER_THREAD.set(s);
        return s;
      }
      if (s[2][0] != 0) {
        return fresh(1, false);
      }
      s[2][0] = 1;
      return s;
    }

    /** The pair to use for {@code words} words, zeroed: {@code s} itself when large enough. */
    static long[][] ensure(long[][] s, int words) {
      if (s[0].length >= words) {
        java.util.Arrays.fill(s[0], 0, words, 0L);
        java.util.Arrays.fill(s[1], 0, words, 0L);
        return s;
      }
      if (s[2][1] != 0 && words <= MAX_KEPT_WORDS) {
        s[0] = new long[words];
        s[1] = new long[words];
        return s;
      }
      release(s);
      return fresh(words, false);
    }

    static void release(long[][] s) {
      s[2][0] = 0;
    }
  }
}
