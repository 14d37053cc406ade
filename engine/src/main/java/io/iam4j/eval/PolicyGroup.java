package io.iam4j.eval;

import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The compiled statements of one evaluation layer (all identity policies, or the boundary, ...),
 * indexed by action ({@link ActionIndex}) so that a request only visits statements that can match
 * its action, of which those whose Resource prefixes cannot match its resource are skipped
 * ({@link CompiledStatement#mayMatchResource}); statements are visited in document order. Immutable
 * and thread-safe.
 */
final class PolicyGroup {
  final PolicyType type;
  final List<Policy> policies;
  /** Every statement, numbered in document order. */
  private final CompiledStatement[] statements;
  private final ActionIndex index;
  /** The statements by their resources' literal prefixes. */
  private final ResourceIndex resources;
  private final int words;
  /** Statements that can match any action ({@code "*"} and {@code NotAction}): always visited. */
  private final long[] anyAction;

  PolicyGroup(PolicyType type, List<Policy> policies) {
    this.type = type;
    this.policies = List.copyOf(policies);
    List<CompiledStatement> all = new ArrayList<>();
    for (Policy p : policies) {
      boolean variables = p.version().hasPolicyVariables();
      for (int i = 0; i < p.statements().size(); i++) {
        Statement s = p.statements().get(i);
        StatementRef ref = new StatementRef(type, p.name(), i, s.sid().orElse(null), s.effect());
        all.add(new CompiledStatement(s, ref, variables));
      }
    }
    this.statements = all.toArray(new CompiledStatement[0]);
    String[][] patterns = new String[statements.length][];
    this.anyAction = new long[words(statements.length)];
    for (int seq = 0; seq < statements.length; seq++) {
      patterns[seq] = statements[seq].servicePatterns();
      if (patterns[seq] == null) {
        anyAction[seq >>> 6] |= 1L << seq;
      }
    }
    this.index = ActionIndex.of(patterns);
    String[][] gates = new String[statements.length][];
    for (int seq = 0; seq < statements.length; seq++) {
      gates[seq] = statements[seq].resourceGate();
    }
    this.resources = ResourceIndex.of(gates);
    this.words = words(statements.length);
  }

  private static int words(int bits) {
    return (bits + 63) >>> 6;
  }

  int size() {
    return statements.length;
  }

  /** Statement {@code seq} in document order: for tests that check the indexes against every statement. */
  CompiledStatement statement(int seq) {
    return statements[seq];
  }

  /**
   * Evaluates every statement that can match the request into {@code out}: those the action index
   * and, for an ARN resource, the resource index both name, in document order.
   */
  void evaluate(EvalState st, Matches out) {
    if (statements.length == 0) {
      return;
    }
    long[][] scratch = st.scratch(words);
    long[] mask = scratch[0];
    System.arraycopy(anyAction, 0, mask, 0, words);
    index.collect(st.service, st.actionLower, mask);
    if (st.arn()) {
      long[] gate = scratch[1];
      resources.collect(st.resource, st.segmentStart(), gate);
      for (int w = 0; w < words; w++) {
        mask[w] &= gate[w];
      }
    }
    for (int w = 0; w < words; w++) {
      long bits = mask[w];
      while (bits != 0) {
        int b = Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        visit(statements[(w << 6) + b], st, out);
      }
    }
  }

  private static void visit(CompiledStatement s, EvalState st, Matches out) {
    PrincipalMatcher.Grant grant = PrincipalMatcher.Grant.DIRECT;
    if (s.principal != null) {
      grant = s.principal.grant(st.caller());
      if (grant == PrincipalMatcher.Grant.NONE) {
        return;
      }
    }
    if (!s.matches(st)) {
      return;
    }
    if (s.deny) {
      out.deny(s.ref);
    } else {
      out.allow(s.ref, grant);
    }
  }

  /** The statements that can match a lower-cased action, as a bit set over statement numbers. */
  private long[] candidates(String service, String actionLower) {
    long[] mask = anyAction.clone();
    index.collect(service, actionLower, mask);
    return mask;
  }

  /** Collects the instants at which some condition's result can change; false if time is read otherwise. */
  boolean timeBoundaries(List<java.time.Instant> out) {
    boolean ok = true;
    for (CompiledStatement s : statements) {
      ok &= s.timeBoundaries(out);
    }
    return ok;
  }

  /** The context keys any statement of this group reads. */
  Set<String> contextKeys() {
    List<String> keys = new ArrayList<>();
    for (CompiledStatement s : statements) {
      s.collectKeys(keys);
    }
    Set<String> out = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    out.addAll(keys);
    return out;
  }

  /** The statements an action visits, by number: for tests of the index. */
  List<Integer> candidates(String action) {
    String lower = action.toLowerCase(java.util.Locale.ROOT);
    int colon = lower.indexOf(':');
    long[] mask = candidates(colon < 0 ? lower : lower.substring(0, colon), lower);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < statements.length; i++) {
      if ((mask[i >>> 6] & (1L << i)) != 0) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * The allow and deny statements of one layer that matched a request. Usually one or none of
   * each, so the first is kept in a field and a list made only for a second.
   */
  static final class Matches {
    /** The matches of a layer that is not in play: never written to. */
    static final Matches NONE = new Matches();

    private StatementRef allow;
    private List<StatementRef> allows; // all of them, from the second on
    private StatementRef deny;
    private List<StatementRef> denies;
    PrincipalMatcher.Grant grant = PrincipalMatcher.Grant.NONE;

    void allow(StatementRef ref, PrincipalMatcher.Grant g) {
      if (allow == null) {
        allow = ref;
      } else {
        if (allows == null) {
          allows = new ArrayList<>(4);
          allows.add(allow);
        }
        allows.add(ref);
      }
      if (g.compareTo(grant) > 0) {
        grant = g;
      }
    }

    void deny(StatementRef ref) {
      if (deny == null) {
        deny = ref;
      } else {
        if (denies == null) {
          denies = new ArrayList<>(4);
          denies.add(deny);
        }
        denies.add(ref);
      }
    }

    boolean allowed() {
      return allow != null;
    }

    boolean denied() {
      return deny != null;
    }

    /** The matching allows in document order, immutable. */
    List<StatementRef> allowList() {
      return allow == null ? List.of() : allows == null ? List.of(allow) : List.copyOf(allows);
    }

    /** The matching denies in document order, immutable. */
    List<StatementRef> denyList() {
      return deny == null ? List.of() : denies == null ? List.of(deny) : List.copyOf(denies);
    }
  }
}
