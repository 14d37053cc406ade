package io.iam4j.eval;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request context: condition keys and their values. Key names are case-insensitive as in IAM
 * ({@code aws:username} is {@code aws:UserName}); values are case-sensitive. Immutable.
 *
 * <p>A context is built for every request and read a few times by the evaluator and the decision
 * cache, so it is kept as parallel arrays (the keys as given, their lower-cased forms, the values)
 * plus a small open-addressing index by lower-cased key: building it allocates little and a lookup
 * allocates nothing. The map view ({@link #asMap}) is made on demand.
 */
public final class RequestContext {
  private static final RequestContext EMPTY = new RequestContext(new String[0], new String[0], new ContextValue[0], 0);

  /** Keys as given, for display and round trips; {@code lower[i]} is {@code given[i]} lower-cased. */
  private final String[] given;
  private final String[] lower;
  private final ContextValue[] values;
  private final int size;
  /** Open addressing by {@code lower[i].hashCode()}: index + 1 of the entry, 0 for an empty slot. */
  private final int[] slots;
  private volatile Map<String, ContextValue> asGiven;

  private RequestContext(String[] given, String[] lower, ContextValue[] values, int size) {
    this.given = given;
    this.lower = lower;
    this.values = values;
    this.size = size;
    int capacity = Integer.highestOneBit(Math.max(4, size * 2 - 1)) << 1;
    this.slots = new int[capacity];
    for (int i = 0; i < size; i++) {
      int s = lower[i].hashCode() & (capacity - 1);
      while (slots[s] != 0) {
        s = (s + 1) & (capacity - 1);
      }
      slots[s] = i + 1;
    }
  }

  public static RequestContext empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The value of a key (any case), or null when the request does not carry it. */
  public ContextValue get(String key) {
    return getLower(Lowered.KEYS.of(key));
  }

  /** The value for a key already in lower case: the hot paths (evaluator, decision cache) skip lower-casing. */
  public ContextValue getLower(String lowerKey) {
    int mask = slots.length - 1;
    for (int s = lowerKey.hashCode() & mask; ; s = (s + 1) & mask) {
      int i = slots[s] - 1;
      if (i < 0) {
        return null;
      }
      String k = lower[i];
      if (k == lowerKey || k.equals(lowerKey)) {
        return values[i];
      }
    }
  }

  /** The keys and values as given, in the order given. */
  public Map<String, ContextValue> asMap() {
    Map<String, ContextValue> m = asGiven;
    if (m == null) {
      LinkedHashMap<String, ContextValue> copy = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        copy.put(given[i], values[i]);
      }
      m = Collections.unmodifiableMap(copy);
      asGiven = m;
    }
    return m;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    for (int i = 0; i < size; i++) {
      b.put(given[i], values[i]);
    }
    return b;
  }

  @Override
  public String toString() {
    return asMap().toString();
  }

  /** Collects keys; a later value for the same key (in any case) replaces the earlier one (and takes its place). */
  public static final class Builder {
    private String[] given = new String[8];
    private String[] lower = new String[8];
    private ContextValue[] values = new ContextValue[8];
    private int size;
    /** Whether a built context shares the arrays: the next change copies them first. */
    private boolean shared;

    public Builder put(String key, ContextValue value) {
      String low = Lowered.KEYS.of(key);
      int i = indexOf(low);
      if (shared || size == given.length) {
        int capacity = size == given.length ? size * 2 : given.length;
        given = Arrays.copyOf(given, capacity);
        lower = Arrays.copyOf(lower, capacity);
        values = Arrays.copyOf(values, capacity);
        shared = false;
      }
      if (i >= 0) {
        // As a map would: the key moves to the end, spelled as given last.
        System.arraycopy(given, i + 1, given, i, size - i - 1);
        System.arraycopy(lower, i + 1, lower, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
      }
      given[size] = key;
      lower[size] = low;
      values[size] = value;
      size++;
      return this;
    }

    private int indexOf(String low) {
      for (int i = 0; i < size; i++) {
        if (lower[i].equals(low)) {
          return i;
        }
      }
      return -1;
    }

    public Builder put(String key, String value) {
      return put(key, ContextValue.of(value));
    }

    public Builder put(String key, boolean value) {
      return put(key, value ? ContextValue.TRUE : ContextValue.FALSE);
    }

    public Builder put(String key, long value) {
      return put(key, ContextValue.of(Long.toString(value)));
    }

    public Builder putSet(String key, List<String> values) {
      return put(key, ContextValue.ofSet(values));
    }

    /** Adds the key only when the request does not carry it yet. */
    public Builder putIfAbsent(String key, String value) {
      if (indexOf(Lowered.KEYS.of(key)) < 0) {
        put(key, value);
      }
      return this;
    }

    public RequestContext build() {
      if (size == 0) {
        return EMPTY;
      }
      shared = true;
      return new RequestContext(given, lower, values, size);
    }
  }
}
