package io.iam4j.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.CacheProfile;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Caches decisions (Caffeine, bounded, with statistics) so that a repeated request costs a hash
 * lookup. Thread-safe.
 *
 * <p>Invariant: a cached decision is the decision a fresh evaluation would give now. The key
 * therefore holds the tenant's configuration version, the compiled principal policy set (one per
 * principal and version), the resource policy, the caller, the action, the resource and exactly the
 * context values the policies read. Decisions that read the clock through ordering comparisons
 * expire at the next instant where a comparison can flip; any other use of the clock is keyed on its
 * value.
 */
public final class DecisionCache {

  /**
   * The cache key: tenant, configuration version, the compiled principal policy set and resource
   * policy (by identity), caller, action (lower-cased), resource, resource account and {@code
   * context}: the values of the profile's keys, in order (null: absent), then the clock facts.
   *
   * <p>A hit must allocate nothing, so the lookup goes through one mutable probe per thread
   * ({@link #fill}) that equals a stored key field by field; the stored key is a copy made on a miss
   * and never changes afterwards. The probe's action is the request's, as given: equality and hash
   * fold ASCII case, which for an ASCII action is exactly {@code toLowerCase(Locale.ROOT)}; any other
   * action is lower-cased first (rare, and allocating).
   */
  static final class Key {
    String tenant;
    long version;
    Object principalSet;
    Object resourcePolicy;
    String caller;
    String action;
    String resource;
    String resourceAccount;
    Object[] context;
    int contextLength;
    int hash;

    /** Fills this probe from a request; {@code context[0..n)} is already filled. */
    Key fill(String tenant, long version, Object principalSet, Object resourcePolicy, String caller, String action,
        String resource, String resourceAccount, int n) {
      this.tenant = tenant;
      this.version = version;
      this.principalSet = principalSet;
      this.resourcePolicy = resourcePolicy;
      this.caller = caller;
      int actionHash = foldedHash(action);
      if (actionHash == NOT_ASCII) {
        action = action.toLowerCase(Locale.ROOT);
        actionHash = action.hashCode();
      }
      this.action = action;
      this.resource = resource;
      this.resourceAccount = resourceAccount;
      this.contextLength = n;
      int h = tenant.hashCode();
      h = 31 * h + Long.hashCode(version);
      h = 31 * h + System.identityHashCode(principalSet);
      h = 31 * h + System.identityHashCode(resourcePolicy);
      h = 31 * h + caller.hashCode();
      h = 31 * h + actionHash;
      h = 31 * h + resource.hashCode();
      h = 31 * h + Objects.hashCode(resourceAccount);
      for (int i = 0; i < n; i++) {
        h = 31 * h + Objects.hashCode(context[i]);
      }
      this.hash = h;
      return this;
    }

    /** Lets go of the policy sets a probe points to, so that a thread's probe never keeps an old configuration alive. */
    void release() {
      principalSet = null;
      resourcePolicy = null;
    }

    /** An immutable copy of this probe to store: its action lower-cased, its context trimmed. */
    Key stored() {
      Key k = new Key();
      k.tenant = tenant;
      k.version = version;
      k.principalSet = principalSet;
      k.resourcePolicy = resourcePolicy;
      k.caller = caller;
      k.action = action.toLowerCase(Locale.ROOT);
      k.resource = resource;
      k.resourceAccount = resourceAccount;
      k.context = Arrays.copyOf(context, contextLength);
      k.contextLength = contextLength;
      k.hash = hash;
      return k;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && hash == k.hash && version == k.version && principalSet == k.principalSet
          && resourcePolicy == k.resourcePolicy && contextLength == k.contextLength && tenant.equals(k.tenant)
          && caller.equals(k.caller) && foldedEquals(action, k.action) && resource.equals(k.resource)
          && Objects.equals(resourceAccount, k.resourceAccount)
          && Arrays.equals(context, 0, contextLength, k.context, 0, k.contextLength);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    /** Marks a string with a character beyond ASCII: {@link #foldedHash} does not apply. */
    static final int NOT_ASCII = 0x80000000;

    /** {@code toLowerCase(Locale.ROOT).hashCode()} of an ASCII string, without lower-casing it; else NOT_ASCII. */
    static int foldedHash(String s) {
      int h = 0;
      for (int i = 0, n = s.length(); i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          return NOT_ASCII;
        }
        h = 31 * h + lower(c);
      }
      // A true hash of NOT_ASCII is lower-cased and hashed the usual way: the same number either way.
      return h;
    }

    /**
     * Equal after folding ASCII case. Stored actions are lower-cased; a probe's is an ASCII action as
     * given or a lower-cased one, so this is the equality of their lower-cased forms.
     */
    static boolean foldedEquals(String a, String b) {
      int n = a.length();
      if (n != b.length()) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        char x = a.charAt(i);
        char y = b.charAt(i);
        if (x != y && lower(x) != lower(y)) {
          return false;
        }
      }
      return true;
    }

    private static char lower(char c) {
      return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
  }

  /** Per thread: the probe key and its context buffer, so that a hit allocates nothing. */
  private static final ThreadLocal<Key> PROBE = ThreadLocal.withInitial(() -> {
    Key k = new Key();
    k.context = new Object[16];
    return k;
  });

  /**
   * A cached decision, the span of request times it holds for (from and until exclusive; a span
   * that is one boundary instant holds for exactly that instant), and how long the cache may keep
   * it at most (on its ticker).
   */
  record Entry(Decision decision, Instant from, Instant until, boolean point, long ttlNanos, CachedDecision hit) {
    Entry(Decision decision, Instant from, Instant until, boolean point, long ttlNanos) {
      // The answer a hit returns is made once, with the entry: a hit allocates nothing.
      this(decision, from, until, point, ttlNanos, new CachedDecision(decision, true));
    }

    boolean holdsAt(Instant t) {
      return point ? t.equals(from) : t.isAfter(from) && t.isBefore(until);
    }

    /** Whether the entry holds at any request time (most do: no time condition), so a hit need not read the time. */
    boolean timeless() {
      return !point && from.equals(Instant.MIN) && until.equals(Instant.MAX);
    }
  }

  private final Cache<Key, Entry> cache;
  private final Clock clock;

  /**
   * @param maximumSize entries kept at most (least recently and frequently used go first)
   * @param clock the wall clock, for requests that carry no {@code aws:CurrentTime}
   * @param ticker the cache's time source (tests inject one)
   */
  public DecisionCache(long maximumSize, Clock clock, Ticker ticker) {
    this.clock = clock;
    this.cache = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .ticker(ticker)
        .recordStats()
        .expireAfter(new Expiry<Key, Entry>() {
          @Override
          public long expireAfterCreate(Key key, Entry value, long currentTime) {
            return value.ttlNanos();
          }

          @Override
          public long expireAfterUpdate(Key key, Entry value, long currentTime, long currentDuration) {
            return value.ttlNanos();
          }

          @Override
          public long expireAfterRead(Key key, Entry value, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .build();
  }

  public DecisionCache(long maximumSize) {
    this(maximumSize, Clock.systemUTC(), Ticker.systemTicker());
  }

  /**
   * The decision for a request, from the cache or a fresh evaluation: the engine's one entry point
   * for deciding (the cache wraps the {@link Evaluator}; an error while evaluating is a deny that is
   * never cached).
   *
   * @param principalPolicies the principal's compiled policy set (cached per principal and version
   *     by the caller: identity is part of the key)
   * @param resourcePolicy the resource's compiled policy, or null
   * @return the decision, and whether it came from the cache
   */
  public CachedDecision decide(String tenant, long version, PolicySet principalPolicies, PolicySet.CompiledResourcePolicy resourcePolicy,
      AuthorizationRequest request) {
    CacheProfile p = principalPolicies.cacheProfile();
    CacheProfile r = resourcePolicy == null ? null : resourcePolicy.cacheProfile();
    RequestContext ctx = request.context();
    boolean timeInKey = (p.readsTime() && !p.timeBounded()) || (r != null && r.readsTime() && !r.timeBounded());
    int n = p.keys().size() + (r == null ? 0 : r.keys().size()) + (timeInKey ? 2 : 0) + 3;
    Key probe = PROBE.get();
    if (probe.context.length < n) {
      probe.context = new Object[Math.max(n, 2 * probe.context.length)];
    }
    Object[] values = probe.context;
    int i = 0;
    // Profile keys are lower-cased already.
    for (String k : p.keys()) {
      values[i++] = ctx.getLower(k);
    }
    if (r != null) {
      for (String k : r.keys()) {
        values[i++] = ctx.getLower(k);
      }
    }
    ContextValue now = ctx.getLower("aws:currenttime");
    ContextValue epoch = ctx.getLower("aws:epochtime");
    if (timeInKey) {
      values[i++] = now;
      values[i++] = epoch;
    }
    // Presence of the clock keys matters to Null conditions and IfExists.
    values[i++] = now == null;
    values[i++] = epoch == null;
    // A role session's aws:PrincipalArn names its role (path included) in Principal elements.
    values[i] = ctx.getLower("aws:principalarn");
    probe.fill(tenant, version, principalPolicies, resourcePolicy, request.caller().display(), request.action(),
        request.resource(), request.resourceAccount(), n);
    Entry e = cache.getIfPresent(probe);
    if (e != null && e.timeless()) {
      probe.release();
      return e.hit();
    }
    Instant time = requestTime(now, epoch);
    if (e != null && e.holdsAt(time)) {
      probe.release();
      return e.hit();
    }
    // The stored key is copied before evaluating: nothing may reuse this thread's probe meanwhile.
    Key key = probe.stored();
    probe.release();
    PolicySet set = resourcePolicy == null ? principalPolicies : principalPolicies.withResourcePolicy(resourcePolicy);
    Decision d = Evaluator.evaluate(set, request);
    if (d.error() == null) {
      cache.put(key, entry(d, p, r, time, timeInKey));
    }
    return new CachedDecision(d, false);
  }

  /**
   * The span of request times over which {@code d} stays right: between the clock boundaries of the
   * policies' time comparisons around {@code time} (or exactly {@code time} when it is one). The
   * request's own time decides, not the cache's ticker: requests carry whole seconds, and a
   * comparison flips exactly at a boundary.
   */
  private Entry entry(Decision d, CacheProfile p, CacheProfile r, Instant time, boolean timeInKey) {
    Instant from = Instant.MIN;
    Instant until = Instant.MAX;
    boolean point = false;
    if (!timeInKey) {
      for (CacheProfile c : new CacheProfile[] {p, r}) {
        if (c == null || !c.readsTime()) {
          continue;
        }
        for (Instant b : c.boundaries()) {
          if (b.equals(time)) {
            point = true;
          } else if (b.isBefore(time) && b.isAfter(from)) {
            from = b;
          } else if (b.isAfter(time) && b.isBefore(until)) {
            until = b;
          }
        }
      }
    }
    if (point) {
      from = time;
      until = time;
    }
    // The ticker bounds how long a time-limited entry occupies memory: until its span ends, as far
    // as the clock can tell (at least a second: requests carry whole seconds).
    long ttl = Long.MAX_VALUE;
    if (point || !until.equals(Instant.MAX)) {
      Instant end = point ? time.plusSeconds(1) : until.plusSeconds(1);
      Duration left = Duration.between(clock.instant(), end);
      ttl = left.isNegative() ? 0 : left.compareTo(Duration.ofDays(3650)) > 0 ? Long.MAX_VALUE : left.toNanos();
    }
    return new Entry(d, from, until, point, ttl);
  }

  /**
   * The instant the evaluator compares against: the request's aws:CurrentTime, else its
   * aws:EpochTime, else the clock.
   */
  private Instant requestTime(ContextValue now, ContextValue epoch) {
    Instant t = now == null ? null : CacheProfile.instant(now.single());
    if (t == null && epoch != null) {
      t = CacheProfile.instant(epoch.single());
    }
    return t != null ? t : clock.instant();
  }

  /** Drops every entry (after a configuration change, to free memory: stale keys are unreachable anyway). */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  public CacheStats stats() {
    return cache.stats();
  }

}
