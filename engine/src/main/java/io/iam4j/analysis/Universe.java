package io.iam4j.analysis;

import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.ConditionKeyEntry;
import io.iam4j.catalog.ServiceReference;
import io.iam4j.eval.ContextValue;
import io.iam4j.policy.ArnSplitter;
import io.iam4j.policy.Condition;
import io.iam4j.policy.ConditionOperator.Base;
import io.iam4j.policy.ConditionOperator.Family;
import io.iam4j.policy.ConditionOperator.SetQualifier;
import io.iam4j.policy.Policy;
import io.iam4j.policy.ResourceClause;
import io.iam4j.policy.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The finite set of witness values per request dimension for one assignment of the free policy
 * variables: actions, resources and each free context key. Each list holds (at least) one value per
 * non-empty cell of the partition the policies' atomic predicates induce on that dimension, so a
 * statement's match, which depends on the cell alone, is decided on the witnesses as on all values.
 * Not thread-safe; built per assignment.
 */
final class Universe {
  /** A statement with where it sits: which policy, which position, whether variables are on. */
  record Site(Policy policy, int index, Statement statement) {
    boolean variables() {
      return policy.version().hasPolicyVariables();
    }
  }

  /** The most values tried for one policy variable's key. */
  static final int MAX_VARIABLE_CANDIDATES = 12;

  final List<String> actions = new ArrayList<>();
  final List<String> resources = new ArrayList<>();
  /** Free context keys (as first written) to witness values; null stands for "absent". */
  final Map<String, List<ContextValue>> keys = new LinkedHashMap<>();
  /** Single values per key (lower-cased), kept for building callers from caller-describing keys. */
  final Map<String, List<String>> singles = new TreeMap<>();
  final List<String> notes = new ArrayList<>();
  boolean complete = true;

  private final List<Site> sites;
  private final Map<String, String> assignment;
  private final Options options;

  /**
   * @param exactResources resources that are cells of their own (those with a policy attached)
   * @param resourcePatterns further ARN patterns the decision depends on besides the policies' (the
   *     subject's rule for whose resource it is)
   */
  Universe(List<Site> sites, Map<String, String> assignment, Predicate<String> fixed, Set<String> variableKeys,
      List<String> exactResources, List<String> resourcePatterns, Options options) {
    this.sites = sites;
    this.assignment = assignment;
    this.options = options;
    actions();
    resources(exactResources, resourcePatterns);
    contextKeys(k -> !fixed.test(k) && !variableKeys.contains(k), true);
    contextKeys(k -> fixed.test(k) && !variableKeys.contains(k), false);
  }

  /** For reading one key's values alone. */
  private Universe(Options options) {
    this.sites = List.of();
    this.assignment = Map.of();
    this.options = options;
  }

  /** What bounds the search. */
  record Options(ActionCatalog catalog, boolean catalogActionsOnly, int maxAutomatonStates, int maxSetCells) {}

  // ---------------------------------------------------------------- actions

  private void actions() {
    ActionCatalog catalog = options.catalog();
    Map<String, String> display = new TreeMap<>();
    Set<String> services = new java.util.TreeSet<>();
    for (ServiceReference s : catalog.services().values()) {
      services.add(s.name().toLowerCase(Locale.ROOT));
      s.actions().forEach(a -> display.putIfAbsent((s.name() + ":" + a.name()).toLowerCase(Locale.ROOT), s.name() + ":" + a.name()));
    }
    List<List<String>> clauses = new ArrayList<>();
    for (Site s : sites) {
      List<String> lower = new ArrayList<>();
      for (String p : s.statement().action().patterns()) {
        String l = p.toLowerCase(Locale.ROOT);
        lower.add(l);
        int colon = l.indexOf(':');
        if (colon > 0) {
          services.add(l.substring(0, colon));
          // A pattern's own spelling with its wildcards filled in reads like an action of the service.
          String filled = p.replace("*", "").replace("?", "X");
          if (filled.length() > colon + 1) {
            display.putIfAbsent(filled.toLowerCase(Locale.ROOT), filled);
          }
        }
      }
      clauses.add(lower);
    }
    for (String service : services) {
      List<Nfa> atoms = new ArrayList<>();
      for (List<String> clause : clauses) {
        List<Nfa> parts = new ArrayList<>();
        boolean all = false;
        for (String p : clause) {
          if (p.equals("*")) {
            all = true;
          } else if (p.startsWith(service + ":")) {
            parts.add(Nfa.glob(PolicyText.tokens(p.substring(service.length() + 1), false, true, Map.of())));
          }
        }
        if (!all && !parts.isEmpty()) {
          atoms.add(Nfa.union(parts));
        }
      }
      List<String> preferred = new ArrayList<>();
      display.keySet().stream().filter(a -> a.startsWith(service + ":")).forEach(a -> preferred.add(a.substring(service.length() + 1)));
      List<String> names;
      if (options.catalogActionsOnly() && !catalog.services().isEmpty()) {
        names = catalog.service(service).map(s -> s.actions().stream().map(a -> a.name().toLowerCase(Locale.ROOT)).toList())
            .orElse(List.of());
      } else {
        names = cells(atoms, preferred, true);
      }
      for (String n : names) {
        String a = service + ":" + n;
        actions.add(display.getOrDefault(a, a));
      }
    }
    if (!(options.catalogActionsOnly() && !catalog.services().isEmpty())) {
      // Every service no policy names behaves alike: only "*" and NotAction can match it.
      String fresh = "unnamed";
      while (services.contains(fresh)) {
        fresh = fresh + "x";
      }
      actions.add(fresh + ":Action");
    }
  }

  /**
   * One witness per non-empty cell of {@code atoms}: the preferred texts first (a catalog action,
   * a policy's literal), then the automata's own witnesses for the cells none of them is in.
   */
  private List<String> cells(List<Nfa> atoms, List<String> preferred, boolean nonEmpty) {
    Map<BitSet, String> byCell = new LinkedHashMap<>();
    for (String p : preferred) {
      if (!nonEmpty || !p.isEmpty()) {
        byCell.putIfAbsent(vector(atoms, p), p);
      }
    }
    CellEnumerator.Cells c = CellEnumerator.enumerate(atoms, nonEmpty, options.maxAutomatonStates());
    if (!c.complete()) {
      complete = false;
      notes.add("the automata of " + atoms.size() + " patterns exceeded " + options.maxAutomatonStates() + " product states");
    }
    for (String w : c.witnesses()) {
      byCell.putIfAbsent(vector(atoms, w), w);
    }
    return new ArrayList<>(byCell.values());
  }

  private static BitSet vector(List<Nfa> atoms, String text) {
    BitSet v = new BitSet();
    for (int i = 0; i < atoms.size(); i++) {
      if (atoms.get(i).accepts(text)) {
        v.set(i);
      }
    }
    return v;
  }

  // ---------------------------------------------------------------- resources

  private void resources(List<String> exact, List<String> patterns) {
    List<Nfa> atoms = new ArrayList<>();
    List<String> preferred = new ArrayList<>();
    exact.forEach(r -> atoms.add(Nfa.literal(r, false)));
    patterns.forEach(p -> atoms.add(arnPattern(p, false)));
    for (Site s : sites) {
      if (s.statement().resource().isEmpty()) {
        continue;
      }
      ResourceClause r = s.statement().resource().get();
      List<Nfa> parts = new ArrayList<>();
      boolean all = false;
      for (String p : r.patterns()) {
        if (p.equals("*")) {
          all = true;
          continue;
        }
        parts.add(arnPattern(p, s.variables()));
        List<Integer> inst = PolicyText.tokens(p, s.variables(), true, assignment);
        if (inst != null) {
          preferred.add(instantiate(inst));
        }
      }
      if (!all && !parts.isEmpty()) {
        atoms.add(Nfa.union(parts));
      }
    }
    // The policies' own patterns, filled in, read best in a counterexample; then the resources that
    // carry a policy (each a cell of its own).
    preferred.addAll(exact);
    resources.addAll(cells(atoms, preferred, false));
  }

  /** A pattern with wildcards as text a request could carry: each wildcard becomes {@code x}. */
  private static String instantiate(List<Integer> tokens) {
    StringBuilder sb = new StringBuilder();
    for (int t : tokens) {
      sb.append(t < 0 ? 'x' : (char) t);
    }
    return sb.toString();
  }

  /** The automaton of an ARN pattern as {@code ArnMatcher} reads it, under the assignment. */
  private Nfa arnPattern(String pattern, boolean variables) {
    if (pattern.equals("*")) {
      return Nfa.anything();
    }
    List<String> parts = ArnSplitter.split(pattern, variables);
    if (parts.size() == 6 && parts.get(0).equals("arn")) {
      List<List<Integer>> tokens = new ArrayList<>();
      tokens.add(List.of());
      for (int i = 1; i < 6; i++) {
        List<Integer> t = PolicyText.tokens(parts.get(i), variables, true, assignment);
        if (t == null) {
          return Nfa.nothing();
        }
        tokens.add(t);
      }
      return Nfa.arn(tokens);
    }
    List<Integer> t = PolicyText.tokens(pattern, variables, true, assignment);
    return t == null ? Nfa.nothing() : Nfa.glob(t);
  }

  // ---------------------------------------------------------------- context keys

  private record KeyCondition(Condition condition, boolean variables) {}

  private void contextKeys(Predicate<String> which, boolean free) {
    Map<String, List<KeyCondition>> byKey = new LinkedHashMap<>();
    Map<String, String> written = new LinkedHashMap<>();
    for (Site s : sites) {
      for (Condition c : s.statement().conditions()) {
        String lower = c.key().toLowerCase(Locale.ROOT);
        if (which.test(lower)) {
          byKey.computeIfAbsent(lower, k -> new ArrayList<>()).add(new KeyCondition(c, s.variables()));
          written.putIfAbsent(lower, c.key());
        }
      }
    }
    for (Map.Entry<String, List<KeyCondition>> e : byKey.entrySet()) {
      List<String> single = singleValues(e.getKey(), e.getValue());
      singles.put(e.getKey(), single);
      if (free) {
        keys.put(written.get(e.getKey()), values(e.getKey(), e.getValue(), single));
      }
    }
  }

  /** One value per cell of the key's own atoms, whatever operator families read it. */
  List<String> singleValues(String lowerKey, List<KeyCondition> conditions) {
    List<Nfa> strings = new ArrayList<>();
    List<String> preferred = new ArrayList<>();
    Map<Family, List<String>> parsed = new java.util.EnumMap<>(Family.class);
    for (KeyCondition kc : conditions) {
      Condition c = kc.condition();
      Family f = c.operator().base().family();
      switch (f) {
        case STRING -> {
          Base b = c.operator().base();
          boolean like = b == Base.STRING_LIKE || b == Base.STRING_NOT_LIKE;
          boolean icase = b == Base.STRING_EQUALS_IGNORE_CASE || b == Base.STRING_NOT_EQUALS_IGNORE_CASE;
          List<Nfa> parts = new ArrayList<>();
          for (String v : c.values()) {
            List<Integer> t = PolicyText.tokens(v, kc.variables(), like, assignment);
            if (t == null) {
              continue; // a variable without value: this value matches nothing
            }
            parts.add(icase ? Nfa.literal(instantiate(t), true) : Nfa.glob(t));
            preferred.add(instantiate(t));
          }
          strings.add(Nfa.union(parts));
        }
        case ARN -> {
          List<Nfa> parts = new ArrayList<>();
          for (String v : c.values()) {
            parts.add(arnPattern(v, kc.variables()));
            List<Integer> t = PolicyText.tokens(v, kc.variables(), true, assignment);
            if (t != null) {
              preferred.add(instantiate(t));
            }
          }
          strings.add(Nfa.union(parts));
        }
        case NULL -> { /* presence only: "absent" is always a witness */ }
        default -> parsed.computeIfAbsent(f, x -> new ArrayList<>()).addAll(c.values());
      }
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    if (!strings.isEmpty()) {
      out.addAll(cells(strings, preferred, false));
    }
    parsed.forEach((f, values) -> out.addAll(switch (f) {
      case NUMERIC -> ValueWitnesses.numbers(values);
      case DATE -> ValueWitnesses.dates(values);
      case BOOL -> ValueWitnesses.bools();
      case BINARY -> ValueWitnesses.binaries(values);
      case IP_ADDRESS -> ValueWitnesses.addresses(values);
      default -> List.<String>of();
    }));
    if ((strings.isEmpty() ? 0 : 1) + parsed.size() > 1) {
      complete = false;
      notes.add("condition key " + lowerKey + " is read by operators of several families; their witnesses are joined, "
          + "which misses cells only a mix of them separates");
    }
    if (out.isEmpty()) {
      out.add("present");
    }
    return new ArrayList<>(out);
  }

  /** The witnesses of a key: absent, and its single values or, for a multi-valued key, sets of them. */
  private List<ContextValue> values(String lowerKey, List<KeyCondition> conditions, List<String> single) {
    List<ContextValue> out = new ArrayList<>();
    out.add(null);
    boolean multi = conditions.stream().anyMatch(kc -> kc.condition().operator().qualifier() != SetQualifier.NONE)
        || knownMultiValued(lowerKey);
    if (!multi) {
      single.forEach(v -> out.add(ContextValue.of(v)));
      return out;
    }
    // A set's effect depends only on which cells its members are in: every subset of the cells.
    int n = single.size();
    if (n <= options.maxSetCells()) {
      for (int mask = 0; mask < (1 << n); mask++) {
        List<String> set = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if ((mask & (1 << i)) != 0) {
            set.add(single.get(i));
          }
        }
        out.add(ContextValue.ofSet(set));
      }
    } else {
      complete = false;
      notes.add("multi-valued key " + lowerKey + " has " + n + " cells; only sets of at most two of them were tried");
      out.add(ContextValue.ofSet(List.of()));
      for (int i = 0; i < n; i++) {
        out.add(ContextValue.ofSet(List.of(single.get(i))));
        for (int j = i + 1; j < n; j++) {
          out.add(ContextValue.ofSet(List.of(single.get(i), single.get(j))));
        }
      }
    }
    return out;
  }

  private boolean knownMultiValued(String lowerKey) {
    if (lowerKey.equals("aws:tagkeys")) {
      return true;
    }
    int colon = lowerKey.indexOf(':');
    if (colon <= 0) {
      return false;
    }
    return options.catalog().service(lowerKey.substring(0, colon)).flatMap(s -> s.conditionKey(lowerKey))
        .map(ConditionKeyEntry::types).map(t -> t.stream().anyMatch(x -> x.startsWith("ArrayOf"))).orElse(false);
  }

  /**
   * Candidate values of a policy variable's key: the cells of the key's own conditions, and the
   * literal runs of every pattern (what the other policy may spell out where the variable stands).
   */
  static List<String> variableCandidates(String lowerKey, List<Site> sites, Options options) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    List<KeyCondition> own = new ArrayList<>();
    for (Site s : sites) {
      for (Condition c : s.statement().conditions()) {
        if (c.key().equalsIgnoreCase(lowerKey)) {
          own.add(new KeyCondition(c, s.variables()));
        }
        c.values().forEach(v -> out.addAll(PolicyText.literalRuns(v)));
      }
      s.statement().resource().ifPresent(r -> r.patterns().forEach(p -> out.addAll(PolicyText.literalRuns(p))));
    }
    List<String> first = new ArrayList<>(new Universe(options).singleValues(lowerKey, own));
    first.add("v0");
    first.addAll(out);
    List<String> all = new ArrayList<>(new LinkedHashSet<>(first));
    return all.size() > MAX_VARIABLE_CANDIDATES ? all.subList(0, MAX_VARIABLE_CANDIDATES) : all;
  }
}
