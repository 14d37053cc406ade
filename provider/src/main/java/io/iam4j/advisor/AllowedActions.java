package io.iam4j.advisor;

import io.iam4j.catalog.ActionCatalog;
import io.iam4j.eval.ActionPatterns;
import io.iam4j.eval.StatementRef;
import io.iam4j.policy.Effect;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.ResourceClause;
import io.iam4j.policy.Statement;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which actions a set of permissions policies allows, each with the first statement that allows it:
 * what access advisor lists ("services that the entity's policies allow") and what unused-access
 * analysis checks. Actions are matched with the evaluator's own matching ({@link ActionPatterns});
 * resources and conditions are not, as AWS's access advisor applies permissions policy logic per
 * action only. An action an unconditional {@code Deny} on {@code "*"} of the same policies covers is
 * not allowed.
 *
 * <p>The actions considered are the application's catalog plus the actions seen (recorded by the
 * advisor); with an empty catalog, also every action a statement names literally.
 */
public final class AllowedActions {
  private AllowedActions() {}

  /** An allowed action ({@code service:Name}) and the statement that grants it. */
  public record Grant(String action, StatementRef statement) {
    public String service() {
      return action.substring(0, action.indexOf(':')).toLowerCase(Locale.ROOT);
    }

    public String name() {
      return action.substring(action.indexOf(':') + 1);
    }
  }

  /**
   * The allowed actions, by lower-cased name, in name order.
   *
   * @param seen actions requests named (any case)
   */
  public static Map<String, Grant> of(List<Policy> policies, ActionCatalog catalog, Collection<String> seen) {
    Map<String, String> candidates = new TreeMap<>();
    for (String a : catalog.actions()) {
      candidates.putIfAbsent(a.toLowerCase(Locale.ROOT), a);
    }
    if (catalog.services().isEmpty()) {
      for (Policy p : policies) {
        for (Statement s : p.statements()) {
          if (s.effect() == Effect.ALLOW && s.action() instanceof io.iam4j.policy.ActionClause.Action a) {
            for (String pattern : a.patterns()) {
              if (ActionPatterns.literal(pattern)) {
                candidates.putIfAbsent(pattern.toLowerCase(Locale.ROOT), pattern);
              }
            }
          }
        }
      }
    }
    // Last, so that the catalog's and the policies' spelling wins over a request's.
    for (String a : seen) {
      if (a.indexOf(':') > 0) {
        candidates.putIfAbsent(a.toLowerCase(Locale.ROOT), a);
      }
    }
    Map<Statement, java.util.function.Predicate<String>> matchers = new java.util.IdentityHashMap<>();
    Map<String, Grant> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> c : candidates.entrySet()) {
      StatementRef granted = grant(policies, c.getValue(), matchers);
      if (granted != null) {
        out.put(c.getKey(), new Grant(c.getValue(), granted));
      }
    }
    return out;
  }

  /**
   * The services the policies allow something of: those of the allowed actions and, with an empty
   * catalog, every service an Allow statement names by prefix ({@code docs:*}).
   */
  public static Set<String> services(List<Policy> policies, ActionCatalog catalog, Map<String, Grant> allowed) {
    Set<String> out = new TreeSet<>();
    allowed.values().forEach(g -> out.add(g.service()));
    if (catalog.services().isEmpty()) {
      for (Policy p : policies) {
        for (Statement s : p.statements()) {
          if (s.effect() == Effect.ALLOW && s.action() instanceof io.iam4j.policy.ActionClause.Action a) {
            for (String pattern : a.patterns()) {
              int colon = pattern.indexOf(':');
              String prefix = colon > 0 ? pattern.substring(0, colon) : "";
              if (!prefix.isEmpty() && prefix.indexOf('*') < 0 && prefix.indexOf('?') < 0) {
                out.add(prefix.toLowerCase(Locale.ROOT));
              }
            }
          }
        }
      }
    }
    return out;
  }

  /** The first Allow statement covering {@code action}, or null when none does or a blanket Deny does. */
  static StatementRef grant(List<Policy> policies, String action, Map<Statement, java.util.function.Predicate<String>> matchers) {
    StatementRef first = null;
    for (Policy p : policies) {
      List<Statement> st = p.statements();
      for (int i = 0; i < st.size(); i++) {
        Statement s = st.get(i);
        if (!matchers.computeIfAbsent(s, x -> ActionPatterns.matcher(x.action())).test(action)) {
          continue;
        }
        if (s.effect() == Effect.DENY && blanket(s)) {
          return null;
        }
        if (s.effect() == Effect.ALLOW && first == null) {
          first = new StatementRef(PolicyType.IDENTITY, p.name(), i, s.sid().orElse(null), Effect.ALLOW);
        }
      }
    }
    return first;
  }

  /** A Deny on every resource without conditions: it removes the action whatever the request. */
  private static boolean blanket(Statement s) {
    return s.conditions().isEmpty() && s.resource().isPresent() && s.resource().get() instanceof ResourceClause.Resource r
        && r.patterns().contains("*");
  }
}
