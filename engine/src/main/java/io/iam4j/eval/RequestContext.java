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
 * cache, so it is one array of triples (the key as given, its lower-cased form, the value), the
 * array the builder filled (shared, not copied). A lookup compares the lower-cased key's hash and
 * then the key, entry by entry; a context of more than {@link #SCAN_MAX} keys also gets a small
 * open-addressing index. Building it allocates little and a lookup allocates nothing. The map view
 * ({@link #asMap}) is made on demand.
 */
public final class RequestContext {
  private static final RequestContext EMPTY = new RequestContext(new Object[0], 0);
  /** Up to this many keys a lookup scans the entries; beyond it, it uses the index. */
  static final int SCAN_MAX = 12;

  /** {@code entries[3i]} the key as given, {@code [3i + 1]} it lower-cased, {@code [3i + 2]} its value. */
  private final Object[] entries;
  private final int size;
  /** Open addressing by lower-cased key hash: index + 1 of the entry, 0 for an empty slot; null up to {@link #SCAN_MAX} keys. */
  private final int[] slots;
  private volatile Map<String, ContextValue> asGiven;

  private RequestContext(Object[] entries, int size) {
    this.entries = entries;
    this.size = size;
    if (size <= SCAN_MAX) {
      this.slots = null;
      return;
    }
    int capacity = Integer.highestOneBit(size * 2 - 1) << 1;
    this.slots = new int[capacity];
    for (int i = 0; i < size; i++) {
      int s = lower(i).hashCode() & (capacity - 1);
      while (slots[s] != 0) {
        s = (s + 1) & (capacity - 1);
      }
      slots[s] = i + 1;
    }
  }

  private String given(int i) {
    return (String) entries[3 * i];
  }

  private String lower(int i) {
    return (String) entries[3 * i + 1];
  }

  private ContextValue value(int i) {
    return (ContextValue) entries[3 * i + 2];
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
    Object[] e = entries;
    if (slots == null) {
      int h = lowerKey.hashCode();
      for (int i = 1, end = 3 * size; i < end; i += 3) {
        String k = (String) e[i];
        if (k == lowerKey || (k.hashCode() == h && k.equals(lowerKey))) {
          return (ContextValue) e[i + 1];
        }
      }
      return null;
    }
    int mask = slots.length - 1;
    for (int s = lowerKey.hashCode() & mask; ; s = (s + 1) & mask) {
      int i = slots[s] - 1;
      if (i < 0) {
        return null;
      }
      String k = (String) e[3 * i + 1];
      if (k == lowerKey || k.equals(lowerKey)) {
        return (ContextValue) e[3 * i + 2];
      }
    }
  }

  /** The keys and values as given, in the order given. */
  public Map<String, ContextValue> asMap() {
    Map<String, ContextValue> m = asGiven;
    if (m == null) {
      LinkedHashMap<String, ContextValue> copy = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        copy.put(given(i), value(i));
      }
      m = Collections.unmodifiableMap(copy);
      asGiven = m;
    }
    return m;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    for (int i = 0; i < size; i++) {
      b.put(given(i), value(i));
    }
    return b;
  }

  @Override
  public String toString() {
    return asMap().toString();
  }

  /** Collects keys; a later value for the same key (in any case) replaces the earlier one (and takes its place). */
  public static final class Builder {
    /** Room for four keys at first (a server request carries a handful or more: it doubles). */
    private Object[] entries = new Object[12];
    private int size;
    /** Whether a built context shares the array: the next change copies it first. */
    private boolean shared;

    public Builder put(String key, ContextValue value) {
      String low = Lowered.KEYS.of(key);
      int i = indexOf(low);
      if (shared || 3 * size == entries.length) {
        entries = Arrays.copyOf(entries, 3 * size == entries.length ? entries.length * 2 : entries.length);
        shared = false;
      }
      if (i >= 0) {
        // As a map would: the key moves to the end, spelled as given last.
        System.arraycopy(entries, 3 * (i + 1), entries, 3 * i, 3 * (size - i - 1));
        size--;
      }
      entries[3 * size] = key;
      entries[3 * size + 1] = low;
      entries[3 * size + 2] = value;
      size++;
      return this;
    }

    private int indexOf(String low) {
      int h = low.hashCode();
      for (int i = 0; i < size; i++) {
        String k = (String) entries[3 * i + 1];
        if (k.hashCode() == h && k.equals(low)) {
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
      return new RequestContext(entries, size);
    }
  }
}
