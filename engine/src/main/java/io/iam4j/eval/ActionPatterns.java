package io.iam4j.eval;

import io.iam4j.policy.ActionClause;
import io.iam4j.policy.Statement;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Whether a statement's {@code Action} or {@code NotAction} covers an action, with the evaluator's
 * own matching (lower-cased, {@code *} and {@code ?} wildcards, {@code NotAction} negated): for
 * questions asked of policies without a request, such as "which actions of the catalog does this
 * policy allow" (access advisor, unused permissions). Stateless; compiles the patterns per call, so
 * callers enumerating many actions should keep the answer.
 */
public final class ActionPatterns {
  private ActionPatterns() {}

  /** Whether {@code clause} covers {@code action} ({@code service:Name}), as the evaluator decides it. */
  public static boolean matches(ActionClause clause, String action) {
    return matcher(clause).test(action);
  }

  /** {@link #matches(ActionClause, String)} with the patterns compiled once, for many actions. Thread-safe. */
  public static Predicate<String> matcher(ActionClause clause) {
    Glob[] globs = clause.patterns().stream().map(p -> Glob.compile(Glob.encode(p.toLowerCase(Locale.ROOT)), false)).toArray(Glob[]::new);
    boolean not = clause instanceof ActionClause.NotAction;
    return action -> {
      String a = action.toLowerCase(Locale.ROOT);
      boolean any = false;
      for (Glob g : globs) {
        if (g.matches(a)) {
          any = true;
          break;
        }
      }
      return any != not;
    };
  }

  /** Whether {@code statement}'s action element covers {@code action}. */
  public static boolean matches(Statement statement, String action) {
    return matches(statement.action(), action);
  }

  /**
   * Whether a pattern names one action exactly (no wildcard): such an action is allowed by name
   * even when no catalog lists it.
   */
  public static boolean literal(String pattern) {
    return pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0 && pattern.indexOf(':') > 0;
  }
}
