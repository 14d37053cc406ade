package io.iam4j.eval;

import io.iam4j.policy.ActionClause;
import io.iam4j.policy.Effect;
import io.iam4j.policy.ResourceClause;
import io.iam4j.policy.Statement;
import java.util.List;
import java.util.Locale;

/** A statement compiled into matchers: action globs, ARN matchers, principal and conditions. Immutable. */
final class CompiledStatement {
  final StatementRef ref;
  final boolean deny;
  private final Glob[] actions; // lower-cased patterns, compiled
  private final String[] actionPatterns; // the same, lower-cased, not encoded (for the index)
  private final boolean notAction;
  private final ArnMatcher[] resources; // null: no resource element (trust policies), matches any
  private final boolean notResource;
  /**
   * The literal prefixes one of which the request's resource segment must start with for the
   * Resource element to match, or null when it cannot tell (NotResource, {@code *}, no Resource).
   */
  private final String[] resourceGate;
  final PrincipalMatcher principal; // null outside resource-based policies
  private final ConditionMatcher[] conditions;

  CompiledStatement(Statement s, StatementRef ref, boolean variables) {
    this.ref = ref;
    this.deny = s.effect() == Effect.DENY;
    ActionClause a = s.action();
    this.notAction = a instanceof ActionClause.NotAction;
    // Loops, not streams, and shared compiled patterns (Interned): this runs for every statement
    // of every policy set compiled, on each load and reload.
    List<String> ap = a.patterns();
    this.actionPatterns = new String[ap.size()];
    this.actions = new Glob[ap.size()];
    for (int i = 0; i < actions.length; i++) {
      Interned.ActionPattern compiled = Interned.action(ap.get(i));
      actionPatterns[i] = compiled.lower();
      actions[i] = compiled.glob();
    }
    if (s.resource().isPresent()) {
      ResourceClause r = s.resource().get();
      this.notResource = r instanceof ResourceClause.NotResource;
      List<String> rp = r.patterns();
      this.resources = new ArnMatcher[rp.size()];
      for (int i = 0; i < resources.length; i++) {
        resources[i] = Interned.arn(rp.get(i), variables);
      }
    } else {
      this.notResource = false;
      this.resources = null;
    }
    this.resourceGate = gate(resources, notResource);
    this.principal = s.principal().isPresent() ? new PrincipalMatcher(s.principal().get(), deny) : null;
    List<io.iam4j.policy.Condition> cs = s.conditions();
    this.conditions = new ConditionMatcher[cs.size()];
    for (int i = 0; i < conditions.length; i++) {
      conditions[i] = new ConditionMatcher(cs.get(i), variables);
    }
  }

  /**
   * The lower-cased action patterns ({@code service:action}, {@code *} and {@code ?} wildcards in the
   * action part only), or null when the statement can match any service ({@code NotAction}, {@code *}).
   */
  String[] servicePatterns() {
    if (notAction) {
      return null;
    }
    for (String p : actionPatterns) {
      if (p.indexOf(':') < 0) {
        return null; // "*"
      }
    }
    return actionPatterns;
  }

  private static String[] gate(ArnMatcher[] resources, boolean notResource) {
    if (resources == null || notResource) {
      return null;
    }
    String[] out = new String[resources.length];
    for (int i = 0; i < resources.length; i++) {
      out[i] = resources[i].resourcePrefix();
      if (out[i] == null || out[i].isEmpty()) {
        return null;
      }
    }
    return out;
  }

  /**
   * A quick necessary condition for the Resource element: whether the request's ARN resource
   * segment starts with one of the patterns' literal prefixes. Lets a group skip statements about
   * other resources without running their matchers.
   */
  boolean mayMatchResource(String resourceSegment) {
    if (resourceGate == null) {
      return true;
    }
    for (String prefix : resourceGate) {
      if (resourceSegment.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The prefixes of {@link #mayMatchResource}, or null when any resource may match: for {@link ResourceIndex}. */
  String[] resourceGate() {
    return resourceGate;
  }

  /** Action, resource and conditions; the principal is the caller's business ({@link PrincipalMatcher}). */
  boolean matches(EvalState st) {
    return matchesAction(st) && matchesResource(st) && matchesConditions(st);
  }

  private boolean matchesAction(EvalState st) {
    boolean any = false;
    for (Glob p : actions) {
      if (p.matches(st.actionLower)) {
        any = true;
        break;
      }
    }
    return any != notAction;
  }

  private boolean matchesResource(EvalState st) {
    if (resources == null) {
      return true;
    }
    boolean any = false;
    for (ArnMatcher m : resources) {
      if (m.isAny() || m.matches(st.resource, st.c1, st.c2, st.c3, st.c4, st)) {
        any = true;
        break;
      }
    }
    return any != notResource;
  }

  private boolean matchesConditions(EvalState st) {
    for (ConditionMatcher c : conditions) {
      if (!c.evaluate(st)) {
        return false;
      }
    }
    return true;
  }

  /** Every context key the statement reads (conditions and policy variables). */
  void collectKeys(List<String> out) {
    if (resources != null) {
      for (ArnMatcher m : resources) {
        m.collectVariables(out);
      }
    }
    for (ConditionMatcher c : conditions) {
      c.collectKeys(out);
    }
  }

  /** See {@link ConditionMatcher#timeBoundaries}; also false when a policy variable reads the time. */
  boolean timeBoundaries(List<java.time.Instant> out) {
    // The variables of the resource patterns and of the condition values (each condition's first
    // collected key is the condition key itself, which ConditionMatcher.timeBoundaries handles).
    List<String> variables = new java.util.ArrayList<>();
    if (resources != null) {
      for (ArnMatcher m : resources) {
        m.collectVariables(variables);
      }
    }
    for (ConditionMatcher c : conditions) {
      int at = variables.size();
      c.collectKeys(variables);
      variables.remove(at);
    }
    boolean ok = true;
    for (String v : variables) {
      String k = v.toLowerCase(Locale.ROOT);
      if (k.equals("aws:currenttime") || k.equals("aws:epochtime")) {
        ok = false;
        break;
      }
    }
    for (ConditionMatcher c : conditions) {
      ok &= c.timeBoundaries(out);
    }
    return ok;
  }

}
