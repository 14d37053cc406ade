package io.iam4j.eval;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request context: condition keys and their values. Key names are case-insensitive as in IAM
 * ({@code aws:username} is {@code aws:UserName}); values are case-sensitive. Immutable.
 */
public final class RequestContext {
  private static final RequestContext EMPTY = new RequestContext(Map.of(), Map.of());

  /** Lower-cased key to value: the lookup the evaluator does. */
  private final Map<String, ContextValue> byLowerKey;
  /** Keys as given, for display and round trips. */
  private final Map<String, ContextValue> asGiven;

  private RequestContext(Map<String, ContextValue> byLowerKey, Map<String, ContextValue> asGiven) {
    this.byLowerKey = byLowerKey;
    this.asGiven = asGiven;
  }

  public static RequestContext empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The value of a key (any case), or null when the request does not carry it. */
  public ContextValue get(String key) {
    return byLowerKey.get(key.toLowerCase(Locale.ROOT));
  }

  /** The value for a key already in lower case: the hot paths (evaluator, decision cache) skip lower-casing. */
  public ContextValue getLower(String lowerKey) {
    return byLowerKey.get(lowerKey);
  }

  /** The keys and values as given. */
  public Map<String, ContextValue> asMap() {
    return asGiven;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    asGiven.forEach(b::put);
    return b;
  }

  @Override
  public String toString() {
    return asGiven.toString();
  }

  /** Collects keys; a later value for the same key (in any case) replaces the earlier one. */
  public static final class Builder {
    private final Map<String, ContextValue> byLower = new HashMap<>();
    private final Map<String, ContextValue> given = new LinkedHashMap<>();
    private final Map<String, String> givenName = new HashMap<>();

    public Builder put(String key, ContextValue value) {
      String lower = key.toLowerCase(Locale.ROOT);
      String previous = givenName.put(lower, key);
      if (previous != null) {
        given.remove(previous);
      }
      byLower.put(lower, value);
      given.put(key, value);
      return this;
    }

    public Builder put(String key, String value) {
      return put(key, ContextValue.of(value));
    }

    public Builder put(String key, boolean value) {
      return put(key, ContextValue.of(Boolean.toString(value)));
    }

    public Builder put(String key, long value) {
      return put(key, ContextValue.of(Long.toString(value)));
    }

    public Builder putSet(String key, List<String> values) {
      return put(key, ContextValue.ofSet(values));
    }

    /** Adds the key only when the request does not carry it yet. */
    public Builder putIfAbsent(String key, String value) {
      if (!byLower.containsKey(key.toLowerCase(Locale.ROOT))) {
        put(key, value);
      }
      return this;
    }

    public RequestContext build() {
      if (given.isEmpty()) {
        return EMPTY;
      }
      return new RequestContext(Map.copyOf(byLower), Collections.unmodifiableMap(new LinkedHashMap<>(given)));
    }
  }
}
