package io.iam4j.analysis;

import io.iam4j.analysis.AccessCheckResult.Counterexample;
import io.iam4j.analysis.AccessCheckResult.Reason;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.Decision;
import io.iam4j.eval.RequestContext;
import io.iam4j.eval.StatementRef;
import io.iam4j.policy.Condition;
import io.iam4j.policy.Effect;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The search behind {@link NoNewAccess}: for each assignment of the free policy variables, builds
 * the witnesses ({@link Universe}), then for each Allow statement of the updated side that can grant
 * on its own, enumerates the requests it matches (the product of the witnesses its elements accept,
 * tested element by element with one-element probe policies through the evaluator) and asks the
 * evaluator about both sides. Not thread-safe; one per check.
 */
final class AccessSearch {
  private final Side existing;
  private final Side updated;
  private final Subject subject;
  private final NoNewAccess.Options options;
  private final List<Universe.Site> sites = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, Reason> reasons = new LinkedHashMap<>();
  private final Probes probes = new Probes();
  private Probes.Relevance relevanceCache;
  private Universe relevanceFor;
  private Counterexample first;
  private boolean complete = true;
  private long evaluations;

  AccessSearch(Side existing, Side updated, Subject subject, NoNewAccess.Options options) {
    this.existing = existing;
    this.updated = updated;
    this.subject = subject;
    this.options = options;
    for (Side side : List.of(existing, updated)) {
      for (Policy p : side.documents()) {
        for (int i = 0; i < p.statements().size(); i++) {
          sites.add(new Universe.Site(p, i, p.statements().get(i)));
        }
      }
    }
  }

  AccessCheckResult run() {
    List<Map<String, String>> assignments = assignments();
    for (Map<String, String> assignment : assignments) {
      if (!search(assignment)) {
        break;
      }
    }
    List<Reason> rs = new ArrayList<>(reasons.values());
    if (first != null) {
      return new AccessCheckResult(AccessCheckResult.Result.FAIL,
          "The updated policy grants new access compared to the existing policy.", rs, Optional.of(first), complete,
          List.copyOf(new LinkedHashSet<>(notes)), evaluations);
    }
    if (!complete) {
      return new AccessCheckResult(AccessCheckResult.Result.FAIL,
          "The check could not decide within its bounds whether the updated policy grants new access; it is treated as if it did.",
          rs, Optional.empty(), false, List.copyOf(new LinkedHashSet<>(notes)), evaluations);
    }
    return new AccessCheckResult(AccessCheckResult.Result.PASS, "The updated policy does not grant new access compared to the existing policy.",
        rs, Optional.empty(), true, List.copyOf(new LinkedHashSet<>(notes)), evaluations);
  }

  // ---------------------------------------------------------------- policy variables

  /** The free policy variables' keys (lower-cased) with their candidate values; absent first. */
  private List<Map<String, String>> assignments() {
    Set<String> vars = variableKeys();
    List<Map<String, String>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>(fixedVariableValues(vars)));
    for (String v : vars) {
      if (subject.fixes(v)) {
        continue;
      }
      List<String> candidates = Universe.variableCandidates(v, sites, options.universe());
      notes.add("policy variable ${" + v + "} was given " + (candidates.size() + 1) + " values (absent, "
          + String.join(", ", candidates.stream().map(c -> "\"" + c + "\"").toList()) + "), not every string");
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> a : out) {
        next.add(a); // absent
        for (String c : candidates) {
          Map<String, String> b = new LinkedHashMap<>(a);
          b.put(v, c);
          next.add(b);
        }
      }
      out = next;
      if (out.size() > options.maxAssignments()) {
        out = out.subList(0, options.maxAssignments());
        complete = false;
        notes.add("more than " + options.maxAssignments() + " combinations of policy variable values; the first were tried");
      }
    }
    return out;
  }

  private Set<String> variableKeys() {
    Set<String> out = new LinkedHashSet<>();
    for (Universe.Site s : sites) {
      boolean v = s.variables();
      if (!v) {
        continue;
      }
      s.statement().resource().ifPresent(r -> r.patterns().forEach(p -> PolicyText.variableKeys(p, true)
          .forEach(k -> out.add(k.toLowerCase(Locale.ROOT)))));
      for (Condition c : s.statement().conditions()) {
        c.values().forEach(x -> PolicyText.variableKeys(x, true).forEach(k -> out.add(k.toLowerCase(Locale.ROOT))));
      }
    }
    return out;
  }

  /** For a known principal, its own values of the variables' keys (its user name, its tags). */
  private Map<String, String> fixedVariableValues(Set<String> vars) {
    Map<String, String> out = new LinkedHashMap<>();
    if (subject instanceof Subject.Principal p) {
      for (String v : vars) {
        ContextValue cv = p.context().getLower(v);
        if (cv != null && cv.single() != null) {
          out.put(v, cv.single());
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- the search

  /** Searches one assignment; false when the evaluation budget is spent. */
  private boolean search(Map<String, String> assignment) {
    Set<String> varKeys = variableKeys();
    Universe u = new Universe(sites, assignment, subject::fixes, varKeys, new ArrayList<>(resourcesWithPolicies()),
        ownershipPatterns(), options.universe());
    notes.addAll(u.notes);
    complete &= u.complete;
    List<Caller> callers = callers(u, assignment);
    List<Universe.Site> granting = new ArrayList<>();
    for (Policy p : updated.granting()) {
      if (subject instanceof Subject.AnyCaller && p.type() != PolicyType.RESOURCE) {
        continue; // the stand-in identity policy that allows everything grants nothing of its own
      }
      for (int i = 0; i < p.statements().size(); i++) {
        if (p.statements().get(i).effect() == Effect.ALLOW) {
          granting.add(new Universe.Site(p, i, p.statements().get(i)));
        }
      }
    }
    if (callers.stream().anyMatch(c -> c instanceof Caller.Root)) {
      granting.add(null); // a tenant root needs no Allow statement: every request is a candidate
    }
    // Who can reach a resource from outside: every caller is a finding of its own.
    boolean perCaller = subject instanceof Subject.AnyCaller a && a.outsidersOnly();
    for (List<Caller> group : perCaller ? callers.stream().map(List::of).toList() : List.of(callers)) {
      scope = perCaller ? " " + group.get(0).display() : "";
      for (Universe.Site s : granting) {
        if (s != null && reasons.containsKey(key(s.policy().name(), s.index()))) {
          continue;
        }
        if (!enumerate(s, u, group, assignment)) {
          return false;
        }
        if (first != null && !options.allReasons()) {
          return false;
        }
      }
    }
    return true;
  }

  /** What reasons are told apart by besides their statement: the caller, when each caller is a finding. */
  private String scope = "";

  /**
   * For a known principal, whose resource a request is on depends on the resource's ARN (its account
   * field; iam4j's own policies are everyone's): those tests are atoms of the resource dimension too.
   */
  private List<String> ownershipPatterns() {
    if (subject instanceof Subject.Principal p) {
      return List.of("arn:*:*:*:" + p.tenant() + ":*", "arn:*:*:*::*", "arn:*:iam::iam4j:policy/*");
    }
    return List.of();
  }

  private Set<String> resourcesWithPolicies() {
    Set<String> out = new LinkedHashSet<>(existing.resourcePolicies().keySet());
    out.addAll(updated.resourcePolicies().keySet());
    return out;
  }

  private List<Caller> callers(Universe u, Map<String, String> assignment) {
    if (subject instanceof Subject.Principal p) {
      return List.of(p.caller());
    }
    if (subject instanceof Subject.AnyHolder h) {
      String name = assignment.getOrDefault("aws:username", "analysis-user");
      if (name.isEmpty() || name.contains("/") || name.contains(":")) {
        name = "analysis-user";
      }
      return List.of(new Caller.User("arn:iam4j:iam::" + h.tenant() + ":user/" + name, h.tenant(), name));
    }
    Subject.AnyCaller a = (Subject.AnyCaller) subject;
    List<Caller> all = CallerWitnesses.of(sites, u.singles, options.partition(), a.owner());
    return a.outsidersOnly() ? all.stream().filter(c -> !a.owner().equals(c.account())).toList() : all;
  }

  private String key(String policy, int index) {
    return policy + "#" + index + scope;
  }

  /** Enumerates the requests statement {@code s} matches (all requests for null); false when the budget is spent. */
  private boolean enumerate(Universe.Site s, Universe u, List<Caller> callers, Map<String, String> assignment) {
    RequestContext fixedCtx = fixedContext(assignment);
    List<String> actions = s == null ? u.actions : probes.actions(s, u.actions, fixedCtx);
    List<String> resources = s == null || s.statement().resource().isEmpty() ? u.resources : probes.resources(s, u.resources, fixedCtx);
    List<String> keyNames = new ArrayList<>(u.keys.keySet());
    List<List<ContextValue>> keyValues = new ArrayList<>();
    for (String k : keyNames) {
      keyValues.add(s == null ? u.keys.get(k) : probes.values(s, k, u.keys.get(k), fixedCtx));
    }
    if (actions.isEmpty() || resources.isEmpty() || keyValues.stream().anyMatch(List::isEmpty)) {
      return true;
    }
    // Per action and resource, only the keys some statement matching both reads can change a
    // decision (a statement is matched on its action and resource before its conditions are read):
    // every other key stays absent. This keeps the product to the keys that matter for each pair.
    Probes.Relevance relevance = relevance(u, fixedCtx);
    for (String action : actions) {
      for (String resource : resources) {
        Set<String> relevant = relevance.keys(action, resource);
        List<List<ContextValue>> values = new ArrayList<>();
        for (int i = 0; i < keyNames.size(); i++) {
          values.add(relevant.contains(keyNames.get(i).toLowerCase(Locale.ROOT)) ? keyValues.get(i) : ABSENT_ONLY);
        }
        if (!product(s, callers, action, resource, keyNames, values, fixedCtx)) {
          return false;
        }
        if (reasons.containsKey(s == null ? key("root", -1) : key(s.policy().name(), s.index()))) {
          return true;
        }
      }
    }
    return true;
  }

  private static final List<ContextValue> ABSENT_ONLY = java.util.Collections.singletonList(null);

  /** Every caller and combination of key values for one action and resource; false when the budget is spent. */
  private boolean product(Universe.Site s, List<Caller> callers, String action, String resource, List<String> keyNames,
      List<List<ContextValue>> keyValues, RequestContext fixedCtx) {
    int dims = 1 + keyNames.size();
    int[] size = new int[dims];
    size[0] = callers.size();
    for (int i = 0; i < keyNames.size(); i++) {
      size[1 + i] = keyValues.get(i).size();
    }
    int[] at = new int[dims];
    String owner = resourceAccount(resource);
    while (true) {
      Caller caller = callers.get(at[0]);
      RequestContext.Builder ctx = baseContext(caller, fixedCtx);
      for (int i = 0; i < keyNames.size(); i++) {
        ContextValue v = keyValues.get(i).get(at[1 + i]);
        if (v != null) {
          ctx.put(keyNames.get(i), v);
        }
      }
      AuthorizationRequest request = AuthorizationRequest.builder().caller(caller).action(action).resource(resource)
          .resourceAccount(owner).context(ctx.build()).build();
      if (evaluations >= options.maxEvaluations()) {
        complete = false;
        notes.add("the evaluation budget of " + options.maxEvaluations() + " requests was spent");
        return false;
      }
      evaluations++;
      Decision n = updated.decide(request);
      if (n.allowed()) {
        evaluations++;
        Decision o = existing.decide(request);
        if (!o.allowed()) {
          found(s, new Counterexample(request, n, o));
          return true;
        }
      }
      int d = dims - 1;
      while (d >= 0 && ++at[d] == size[d]) {
        at[d] = 0;
        d--;
      }
      if (d < 0) {
        return true;
      }
    }
  }

  /** The relevance of statements to actions and resources, for the universe at hand. */
  private Probes.Relevance relevance(Universe u, RequestContext fixedCtx) {
    if (relevanceFor != u) {
      relevanceFor = u;
      relevanceCache = probes.new Relevance(sites, fixedCtx);
    }
    return relevanceCache;
  }

  private void found(Universe.Site s, Counterexample c) {
    if (first == null) {
      first = c;
    }
    List<StatementRef> granting = c.updated().deciding().stream()
        .filter(r -> r.effect() == Effect.ALLOW && !r.policy().equals(NoNewAccess.ALLOW_ALL.name())).toList();
    for (StatementRef r : granting) {
      reasons.putIfAbsent(key(r.policy(), r.index()), reason(r.policy(), r.index(), r.sid(), c));
    }
    if (s != null) {
      reasons.putIfAbsent(key(s.policy().name(), s.index()),
          reason(s.policy().name(), s.index(), s.statement().sid().orElse(null), c));
    } else if (granting.isEmpty()) {
      reasons.putIfAbsent(key("root", -1), new Reason("The tenant root user may " + c.request().action() + " on "
          + c.request().resource() + ", which the existing guardrails deny.", "root", -1, null, c));
    }
  }

  private Reason reason(String policy, int index, String sid, Counterexample c) {
    AuthorizationRequest r = c.request();
    // The keys the request chose; those that describe the principal follow from it.
    RequestContext.Builder chosen = RequestContext.builder();
    r.context().asMap().forEach((k, v) -> {
      if (!subject.fixes(k.toLowerCase(Locale.ROOT))) {
        chosen.put(k, v);
      }
    });
    RequestContext shown = chosen.build();
    String description = "Statement " + index + (sid == null ? "" : " (" + sid + ")") + " of " + policy + " allows "
        + r.caller().display() + " to perform " + r.action() + " on " + r.resource()
        + (shown.asMap().isEmpty() ? "" : " with context " + context(shown))
        + ", which the existing policies do not allow (" + c.existing().outcome().json() + ").";
    return new Reason(description, policy, index, sid, c);
  }

  /** The context as {@code {key=value, key=[a, b]}}. */
  static String context(RequestContext ctx) {
    StringBuilder sb = new StringBuilder("{");
    ctx.asMap().forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=')
        .append(v.multiValued() ? v.values().toString() : v.values().get(0)));
    return sb.append('}').toString();
  }

  private RequestContext fixedContext(Map<String, String> assignment) {
    RequestContext.Builder b = subject instanceof Subject.Principal p ? p.context().toBuilder() : RequestContext.builder();
    assignment.forEach((k, v) -> {
      if (v != null && (!(subject instanceof Subject.Principal p) || p.context().getLower(k) == null)) {
        b.put(k, v);
      }
    });
    return b.build();
  }

  private RequestContext.Builder baseContext(Caller caller, RequestContext fixedCtx) {
    RequestContext.Builder b = fixedCtx.toBuilder();
    if (subject instanceof Subject.AnyCaller) {
      CallerWitnesses.context(caller).build().asMap().forEach(b::put);
    }
    return b;
  }

  private String resourceAccount(String resource) {
    if (subject instanceof Subject.AnyCaller a) {
      return a.owner();
    }
    if (subject instanceof Subject.Principal p) {
      String owner = p.resourceOwner().apply(resource);
      return owner == null || owner.equals(p.tenant()) ? null : owner;
    }
    return null;
  }
}
