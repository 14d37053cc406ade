package io.iam4j.eval;

import java.util.List;

/**
 * The value of one request context key: one value, or a set of values for a multi-valued key such
 * as {@code aws:TagKeys} (which may be empty). All values are kept as text; each condition
 * operator reads them as its own type.
 */
public record ContextValue(List<String> values, boolean multiValued) {
  public ContextValue {
    values = List.copyOf(values);
    if (!multiValued && values.size() != 1) {
      throw new IllegalArgumentException("a single-valued key has exactly one value");
    }
  }

  /** The boolean values, made once: a request carries several. */
  static final ContextValue TRUE = of("true");
  static final ContextValue FALSE = of("false");

  public static ContextValue of(String value) {
    return new ContextValue(List.of(value), false);
  }

  public static ContextValue ofSet(List<String> values) {
    return new ContextValue(values, true);
  }

  /** The value when single-valued, else null (a set cannot stand in for a policy variable). */
  public String single() {
    return multiValued ? null : values.get(0);
  }
}
