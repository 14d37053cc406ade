package io.iam4j.eval;

import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compiled statements of one evaluation layer (all identity policies, or the boundary, ...),
 * indexed by service prefix so that a request only visits statements that can match its action.
 * Immutable and thread-safe.
 */
final class PolicyGroup {
  private static final CompiledStatement[] NONE = new CompiledStatement[0];

  final PolicyType type;
  final List<Policy> policies;
  private final Map<String, CompiledStatement[]> byService;
  /** Statements that can match any service: {@code "*"} actions and {@code NotAction}. */
  private final CompiledStatement[] anyService;
  private final int size;

  PolicyGroup(PolicyType type, List<Policy> policies) {
    this.type = type;
    this.policies = List.copyOf(policies);
    Map<String, List<CompiledStatement>> index = new HashMap<>();
    List<CompiledStatement> any = new ArrayList<>();
    int n = 0;
    for (Policy p : policies) {
      boolean variables = p.version().hasPolicyVariables();
      for (int i = 0; i < p.statements().size(); i++) {
        Statement s = p.statements().get(i);
        StatementRef ref = new StatementRef(type, p.name(), i, s.sid().orElse(null), s.effect());
        CompiledStatement cs = new CompiledStatement(s, ref, variables);
        n++;
        String[] services = cs.services();
        if (services == null) {
          any.add(cs);
        } else {
          for (String svc : new LinkedHashSet<>(List.of(services))) {
            index.computeIfAbsent(svc, k -> new ArrayList<>()).add(cs);
          }
        }
      }
    }
    Map<String, CompiledStatement[]> frozen = new HashMap<>();
    index.forEach((k, v) -> frozen.put(k, v.toArray(NONE)));
    this.byService = Map.copyOf(frozen);
    this.anyService = any.toArray(NONE);
    this.size = n;
  }

  int size() {
    return size;
  }

  /** Evaluates every statement that can match the request into {@code out}. */
  void evaluate(EvalState st, Matches out) {
    CompiledStatement[] bucket = byService.getOrDefault(st.service, NONE);
    for (CompiledStatement s : bucket) {
      visit(s, st, out);
    }
    for (CompiledStatement s : anyService) {
      visit(s, st, out);
    }
  }

  private static void visit(CompiledStatement s, EvalState st, Matches out) {
    PrincipalMatcher.Grant grant = PrincipalMatcher.Grant.DIRECT;
    if (s.principal != null) {
      grant = s.principal.grant(st.caller);
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

  /** Collects the instants at which some condition's result can change; false if time is read otherwise. */
  boolean timeBoundaries(List<java.time.Instant> out) {
    boolean ok = true;
    for (CompiledStatement[] b : byService.values()) {
      for (CompiledStatement s : b) {
        ok &= s.timeBoundaries(out);
      }
    }
    for (CompiledStatement s : anyService) {
      ok &= s.timeBoundaries(out);
    }
    return ok;
  }

  /** The context keys any statement of this group reads. */
  Set<String> contextKeys() {
    List<String> keys = new ArrayList<>();
    Set<CompiledStatement> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (CompiledStatement[] b : byService.values()) {
      for (CompiledStatement s : b) {
        if (seen.add(s)) {
          s.collectKeys(keys);
        }
      }
    }
    for (CompiledStatement s : anyService) {
      s.collectKeys(keys);
    }
    Set<String> out = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    out.addAll(keys);
    return out;
  }

  /** The allow and deny statements of one layer that matched a request. */
  static final class Matches {
    List<StatementRef> allows;
    List<StatementRef> denies;
    PrincipalMatcher.Grant grant = PrincipalMatcher.Grant.NONE;

    void allow(StatementRef ref, PrincipalMatcher.Grant g) {
      if (allows == null) {
        allows = new ArrayList<>(2);
      }
      allows.add(ref);
      if (g.compareTo(grant) > 0) {
        grant = g;
      }
    }

    void deny(StatementRef ref) {
      if (denies == null) {
        denies = new ArrayList<>(1);
      }
      denies.add(ref);
    }

    boolean allowed() {
      return allows != null;
    }

    boolean denied() {
      return denies != null;
    }

    List<StatementRef> allowList() {
      return allows == null ? List.of() : allows;
    }
  }
}
