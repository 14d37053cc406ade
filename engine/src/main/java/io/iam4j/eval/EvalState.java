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
 * live in a per-thread {@link Scratch} of primitive arrays.
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
  private Scratch scratch;

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

  /** Bit sets of at least {@code words} words, zeroed, for the candidates of one group. */
  Scratch scratch(int words) {
    Scratch s = scratch;
    if (s == null) {
      s = Scratch.acquire();
      scratch = s;
    }
    s.ensure(words);
    return s;
  }

  /** Gives the per-thread scratch back; the state must not be used for matching afterwards. */
  void release() {
    if (scratch != null) {
      scratch.release();
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
   * Two bit sets over a group's statements, one per thread and reused by every evaluation on it:
   * they hold only primitives, so reusing them costs neither allocation nor GC write barriers. An
   * evaluation takes the thread's scratch and gives it back when it ends; should one ever start
   * while another on the same thread holds it, the second gets a fresh one (never shared).
   */
  static final class Scratch {
    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);
    /** Larger sets are not kept past one evaluation (a thread must not hold memory for one huge group). */
    private static final int MAX_KEPT_WORDS = 1024;

    long[] actions = new long[1];
    long[] resources = new long[1];
    private boolean busy;
    private boolean pooled;

    static Scratch acquire() {
      Scratch s = PER_THREAD.get();
      if (s.busy) {
        return new Scratch();
      }
      s.busy = true;
      s.pooled = true;
      return s;
    }

    void ensure(int words) {
      if (actions.length < words) {
        actions = new long[words];
        resources = new long[words];
      } else {
        java.util.Arrays.fill(actions, 0, words, 0L);
        java.util.Arrays.fill(resources, 0, words, 0L);
      }
    }

    void release() {
      if (pooled) {
        busy = false;
        if (actions.length > MAX_KEPT_WORDS) {
          actions = new long[1];
          resources = new long[1];
        }
      }
    }
  }
}
