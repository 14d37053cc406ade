package io.iam4j.eval;

import java.util.List;
import java.util.Objects;

/**
 * The value of one request context key: one value, or a set of values for a multi-valued key such
 * as {@code aws:TagKeys} (which may be empty). All values are kept as text; each condition
 * operator reads them as its own type. Immutable; equal when both the values and the kind are.
 *
 * <p>Most keys are single-valued and every request carries several, so a single value is kept as
 * its {@code String} alone: the list {@link #values()} returns for it is made only when asked for
 * (the evaluator and the decision cache read {@link #single()}).
 */
public final class ContextValue {
  /** The boolean values, made once: a request carries several. */
  static final ContextValue TRUE = of("true");
  static final ContextValue FALSE = of("false");

  private final String single; // the value of a single-valued key, else null
  private final List<String> set; // the values of a multi-valued key, else null

  private ContextValue(String single, List<String> set) {
    this.single = single;
    this.set = set;
  }

  /**
   * @param values the values; exactly one when not multi-valued
   * @param multiValued whether the key is multi-valued (a set, possibly empty)
   */
  public ContextValue(List<String> values, boolean multiValued) {
    List<String> copy = List.copyOf(values);
    if (!multiValued && copy.size() != 1) {
      throw new IllegalArgumentException("a single-valued key has exactly one value");
    }
    this.single = multiValued ? null : copy.get(0);
    this.set = multiValued ? copy : null;
  }

  public static ContextValue of(String value) {
    return new ContextValue(Objects.requireNonNull(value, "value"), null);
  }

  public static ContextValue ofSet(List<String> values) {
    return new ContextValue(null, List.copyOf(values));
  }

  /** The values: one for a single-valued key. Immutable. */
  public List<String> values() {
    return single != null ? List.of(single) : set;
  }

  public boolean multiValued() {
    return set != null;
  }

  /** The value when single-valued, else null (a set cannot stand in for a policy variable). */
  public String single() {
    return single;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContextValue v && Objects.equals(single, v.single) && Objects.equals(set, v.set);
  }

  /** The hash of {@link #values()} (as a list's), plus one for a set: computed without making the list. */
  @Override
  public int hashCode() {
    return single != null ? 31 + single.hashCode() : set.hashCode() + 1;
  }

  @Override
  public String toString() {
    return "ContextValue[values=" + values() + ", multiValued=" + multiValued() + "]";
  }
}
