package io.iam4j.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.CacheProfile;
import io.iam4j.eval.Caller;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
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
 *
 * <p>Two levels. Caffeine is the cache: bounded by size (least recently and frequently used go
 * first), time-limited entries expire, statistics. In front of it sits a small fixed-size table of
 * the same immutable entries ({@link #hot}), so that a hit writes nothing (but a striped counter):
 * its set of slots is chosen by a hash computed straight from the request's fields (no key object
 * is filled or made) and the entries found there are compared field by field to the request, the
 * context values the policies read included. A table slot is only ever replaced by a whole
 * entry, never changed, so racing threads can at worst displace each other's entries; entries are
 * immutable (final fields), so a thread that reads one sees it whole. Only when the table has no
 * match is a {@link Key} made (one allocation) for Caffeine; an entry found there or evaluated moves
 * into the table. The table holds at most {@link #HOT_MAX} entries beyond Caffeine's bound.
 */
public final class DecisionCache {

  /** Slots of the first-level table at most (entries are shared with Caffeine while it keeps them). */
  static final int HOT_MAX = 1 << 13;

  /**
   * The cache key: tenant, configuration version, the compiled principal policy set and resource
   * policy (by identity), caller, action, resource, resource account, {@code context} (the values
   * of the profiles' keys, in order, null when absent, then the clock values when they are keyed,
   * then a role session's {@code aws:PrincipalArn}) and {@code flags} (presence of the clock keys
   * when a policy reads the clock). Immutable.
   *
   * <p>The action is kept as given when it is ASCII (equality and hash fold ASCII case, which for
   * ASCII is exactly {@code toLowerCase(Locale.ROOT)}), otherwise lower-cased.
   */
  static final class Key {
    final String tenant;
    final long version;
    final Object principalSet;
    final Object resourcePolicy;
    final Caller caller;
    final String action;
    final String resource;
    final String resourceAccount;
    final ContextValue[] context;
    final int flags;
    final int hash;

    Key(String tenant, long version, PolicySet principalSet, Object resourcePolicy, AuthorizationRequest request,
        List<String> pk, List<String> rk, int clock) {
      this.tenant = tenant;
      this.version = version;
      this.principalSet = principalSet;
      this.resourcePolicy = resourcePolicy;
      this.caller = request.caller();
      String a = request.action();
      int actionHash = foldedHash(a);
      if (actionHash == NOT_ASCII) {
        a = a.toLowerCase(Locale.ROOT);
        actionHash = a.hashCode();
      }
      this.action = a;
      this.resource = request.resource();
      this.resourceAccount = request.resourceAccount();
      RequestContext ctx = request.context();
      boolean timeInKey = (clock & TIME_IN_KEY) != 0;
      ContextValue[] values =
          new ContextValue[pk.size() + rk.size() + (timeInKey ? 2 : 0) + (caller instanceof Caller.RoleSession ? 1 : 0)];
      int i = 0;
      for (int j = 0, n = pk.size(); j < n; j++) {
        values[i++] = ctx.getLower(pk.get(j));
      }
      for (int j = 0, n = rk.size(); j < n; j++) {
        values[i++] = ctx.getLower(rk.get(j));
      }
      int f = 0;
      if ((clock & READS_TIME) != 0) {
        ContextValue now = ctx.getLower(CURRENT_TIME);
        ContextValue epoch = ctx.getLower(EPOCH_TIME);
        f = (now == null ? 1 : 0) | (epoch == null ? 2 : 0);
        if (timeInKey) {
          values[i++] = now;
          values[i++] = epoch;
        }
      }
      if (caller instanceof Caller.RoleSession) {
        values[i] = ctx.getLower(PRINCIPAL_ARN);
      }
      this.context = values;
      this.flags = f;
      int h = tenant.hashCode();
      h = 31 * h + Long.hashCode(version);
      h = 31 * h + caller.display().hashCode();
      h = 31 * h + actionHash;
      h = 31 * h + resource.hashCode();
      h = 31 * h + Objects.hashCode(resourceAccount);
      for (ContextValue v : values) {
        h = 31 * h + valueHash(v);
      }
      this.hash = 31 * h + f;
    }

    /**
     * Whether this key is the one {@code request} would make (with the same policy sets, hence the
     * same profiles), read straight from the request: nothing is written.
     */
    boolean matches(String tenant, long version, PolicySet principalSet, Object resourcePolicy, AuthorizationRequest request,
        List<String> pk, List<String> rk, int clock) {
      if (version != this.version || principalSet != this.principalSet || resourcePolicy != this.resourcePolicy
          || !same(tenant, this.tenant)) {
        return false;
      }
      Caller c = request.caller();
      if (c != caller && !c.equals(caller)) {
        return false;
      }
      String a = request.action();
      if (a != action && !foldedEquals(a, action)) {
        return false;
      }
      if (!same(request.resource(), resource) || !Objects.equals(request.resourceAccount(), resourceAccount)) {
        return false;
      }
      RequestContext ctx = request.context();
      ContextValue[] values = context;
      int i = 0;
      for (int j = 0, n = pk.size(); j < n; j++) {
        if (!same(ctx.getLower(pk.get(j)), values[i++])) {
          return false;
        }
      }
      for (int j = 0, n = rk.size(); j < n; j++) {
        if (!same(ctx.getLower(rk.get(j)), values[i++])) {
          return false;
        }
      }
      if ((clock & READS_TIME) != 0) {
        ContextValue now = ctx.getLower(CURRENT_TIME);
        ContextValue epoch = ctx.getLower(EPOCH_TIME);
        if (((now == null ? 1 : 0) | (epoch == null ? 2 : 0)) != flags) {
          return false;
        }
        if ((clock & TIME_IN_KEY) != 0 && !(same(now, values[i++]) && same(epoch, values[i++]))) {
          return false;
        }
      }
      return !(c instanceof Caller.RoleSession) || same(ctx.getLower(PRINCIPAL_ARN), values[i]);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Key k)) {
        return false;
      }
      if (k == this) {
        return true;
      }
      if (hash != k.hash || version != k.version || principalSet != k.principalSet || resourcePolicy != k.resourcePolicy
          || flags != k.flags || context.length != k.context.length || !tenant.equals(k.tenant) || !caller.equals(k.caller)
          || !foldedEquals(action, k.action) || !resource.equals(k.resource) || !Objects.equals(resourceAccount, k.resourceAccount)) {
        return false;
      }
      for (int i = 0; i < context.length; i++) {
        if (!same(context[i], k.context[i])) {
          return false;
        }
      }
      return true;
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
     * Equal after folding ASCII case. A key's action is ASCII as given or lower-cased; so is a
     * request's once normalized, and a request's non-ASCII action as given equals a key's only where
     * its non-ASCII characters are the key's (lower-cased) ones: this is the equality of their
     * lower-cased forms.
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

  static final String CURRENT_TIME = "aws:currenttime";
  static final String EPOCH_TIME = "aws:epochtime";
  static final String PRINCIPAL_ARN = "aws:principalarn";

  /*
   * What a key holds for one pair of policy sets is found once per request from their profiles: the
   * context keys each reads (pk, rk) and, in `clock`, whether some policy reads the clock at all
   * (READS_TIME: only then does the clock keys' presence matter) and whether the clock's values are
   * keyed (TIME_IN_KEY: a use of the clock other than ordering comparisons). Only a role session's
   * facts read aws:PrincipalArn outside the statements (which the profiles list). Passed as plain
   * values, not an object, so that nothing is allocated when the calls are not inlined.
   */
  static final int READS_TIME = 1;
  static final int TIME_IN_KEY = 2;

  static int clock(CacheProfile p, CacheProfile r) {
    boolean readsTime = p.readsTime() || (r != null && r.readsTime());
    boolean timeInKey = (p.readsTime() && !p.timeBounded()) || (r != null && r.readsTime() && !r.timeBounded());
    return (readsTime ? READS_TIME : 0) | (timeInKey ? TIME_IN_KEY : 0);
  }

  /**
   * The first level's hash of a request: its fields other than the context, read where they are
   * (the strings cache their hashes; the action's own, case-sensitive hash; the policy sets are
   * compared, not hashed). The context is left out so that a hit reads it once, while comparing:
   * requests differing only in context values share a set of {@link #WAYS} slots.
   */
  static int hotHash(String tenant, long version, AuthorizationRequest request) {
    int h = tenant.hashCode();
    h = 31 * h + Long.hashCode(version);
    h = 31 * h + request.caller().display().hashCode();
    h = 31 * h + request.action().hashCode();
    h = 31 * h + request.resource().hashCode();
    h = 31 * h + Objects.hashCode(request.resourceAccount());
    return h ^ (h >>> 16);
  }

  /** A value's hash without the record's (a single value is its string, whose hash the string caches). */
  static int valueHash(ContextValue v) {
    return v == null ? 0 : v.multiValued() ? 31 + v.values().hashCode() : v.values().get(0).hashCode();
  }

  static boolean same(ContextValue a, ContextValue b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null || a.multiValued() != b.multiValued()) {
      return false;
    }
    return a.multiValued() ? a.values().equals(b.values()) : a.values().get(0).equals(b.values().get(0));
  }

  private static boolean same(String a, String b) {
    return a == b || a.equals(b);
  }

  /**
   * A cached decision with its key, the span of request times it holds for (from and until
   * exclusive; a span that is one boundary instant holds for exactly that instant), and how long the
   * cache may keep it at most (on its ticker). Immutable.
   */
  static final class Entry {
    final Key key;
    final Decision decision;
    final Instant from;
    final Instant until;
    final boolean point;
    final long ttlNanos;
    /** Whether the entry holds at any request time (most do: no time condition), so a hit need not read the time. */
    final boolean timeless;
    /** The answer a hit returns, made once with the entry: a hit allocates nothing. */
    final CachedDecision hit;

    Entry(Key key, Decision decision, Instant from, Instant until, boolean point, long ttlNanos) {
      this.key = key;
      this.decision = decision;
      this.from = from;
      this.until = until;
      this.point = point;
      this.ttlNanos = ttlNanos;
      this.timeless = !point && from.equals(Instant.MIN) && until.equals(Instant.MAX);
      this.hit = new CachedDecision(decision, true);
    }

    boolean holdsAt(Instant t) {
      return point ? t.equals(from) : t.isAfter(from) && t.isBefore(until);
    }
  }

  private final Cache<Key, Entry> cache;
  private final Clock clock;
  /**
   * The first level: sets of {@link #WAYS} consecutive slots, most recently put first, chosen by
   * {@link #hotHash}; empty when Caffeine keeps nothing.
   */
  private final Entry[] hot;
  /** Selects the first slot of a set: the table's size less one, without the low bits of the way. */
  private final int hotMask;
  static final int WAYS = 4;
  /**
   * First-level hits, per stripe of threads, each stripe on its own cache lines. Plain increments:
   * no fence on a hit; two threads that share a stripe and race may lose an increment (statistics
   * for metrics; exact on one thread).
   */
  private final long[] hotHits = new long[STRIPES * STRIPE_WIDTH];
  private static final int STRIPES = 32;
  private static final int STRIPE_WIDTH = 16;

  /**
   * @param maximumSize entries kept at most (least recently and frequently used go first)
   * @param clock the wall clock, for requests that carry no {@code aws:CurrentTime}
   * @param ticker the cache's time source (tests inject one)
   */
  public DecisionCache(long maximumSize, Clock clock, Ticker ticker) {
    this.clock = clock;
    int slots = maximumSize < WAYS ? 0 : Integer.highestOneBit((int) Math.min(maximumSize, HOT_MAX));
    this.hot = new Entry[slots];
    this.hotMask = (slots - 1) & ~(WAYS - 1);
    this.cache = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .ticker(ticker)
        .recordStats()
        .expireAfter(new Expiry<Key, Entry>() {
          @Override
          public long expireAfterCreate(Key key, Entry value, long currentTime) {
            return value.ttlNanos;
          }

          @Override
          public long expireAfterUpdate(Key key, Entry value, long currentTime, long currentDuration) {
            return value.ttlNanos;
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
    List<String> pk = p.keys();
    List<String> rk = r == null ? List.of() : r.keys();
    int clock = clock(p, r);
    Entry[] table = hot;
    int hotSet = 0;
    if (table.length > 0) {
      hotSet = hotHash(tenant, version, request) & hotMask;
      for (int w = 0; w < WAYS; w++) {
        Entry e = table[hotSet + w];
        if (e != null && e.key.matches(tenant, version, principalPolicies, resourcePolicy, request, pk, rk, clock)) {
          if (e.timeless || e.holdsAt(requestTime(request.context()))) {
            countHotHit();
            return e.hit;
          }
          break;
        }
      }
    }
    Key key = new Key(tenant, version, principalPolicies, resourcePolicy, request, pk, rk, clock);
    Entry e = cache.getIfPresent(key);
    Instant time = null;
    if (e != null && (e.timeless || e.holdsAt(time = requestTime(request.context())))) {
      promote(table, hotSet, e);
      return e.hit;
    }
    if (time == null) {
      time = requestTime(request.context());
    }
    PolicySet set = resourcePolicy == null ? principalPolicies : principalPolicies.withResourcePolicy(resourcePolicy);
    Decision d = Evaluator.evaluate(set, request);
    if (d.error() == null) {
      Entry fresh = entry(key, d, p, r, time, (clock & TIME_IN_KEY) != 0);
      cache.put(key, fresh);
      promote(table, hotSet, fresh);
    }
    return new CachedDecision(d, false);
  }

  /**
   * Puts an entry first in its set of slots: in place of the same key's entry (one that no longer
   * holds), else the others move down one slot and the last leaves the table (Caffeine may still
   * hold it). Only whole entries are stored: a racing reader sees one entry or another.
   */
  private static void promote(Entry[] table, int set, Entry e) {
    if (table.length == 0) {
      return;
    }
    int last = WAYS - 1;
    for (int w = 0; w < WAYS; w++) {
      Entry o = table[set + w];
      if (o == null || o.key.equals(e.key)) {
        last = w;
        break;
      }
    }
    for (int w = last; w > 0; w--) {
      table[set + w] = table[set + w - 1];
    }
    table[set] = e;
  }

  @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same number.
  private void countHotHit() {
    hotHits[((int) Thread.currentThread().getId() & (STRIPES - 1)) * STRIPE_WIDTH]++;
  }

  private long hotHitCount() {
    long n = 0;
    for (int i = 0; i < hotHits.length; i += STRIPE_WIDTH) {
      n += hotHits[i];
    }
    return n;
  }

  /**
   * The span of request times over which {@code d} stays right: between the clock boundaries of the
   * policies' time comparisons around {@code time} (or exactly {@code time} when it is one). The
   * request's own time decides, not the cache's ticker: requests carry whole seconds, and a
   * comparison flips exactly at a boundary.
   */
  private Entry entry(Key key, Decision d, CacheProfile p, CacheProfile r, Instant time, boolean timeInKey) {
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
    return new Entry(key, d, from, until, point, ttl);
  }

  /**
   * The instant the evaluator compares against: the request's aws:CurrentTime, else its
   * aws:EpochTime, else the clock.
   */
  private Instant requestTime(RequestContext ctx) {
    ContextValue now = ctx.getLower(CURRENT_TIME);
    Instant t = now == null ? null : CacheProfile.instant(now.single());
    if (t == null) {
      ContextValue epoch = ctx.getLower(EPOCH_TIME);
      if (epoch != null) {
        t = CacheProfile.instant(epoch.single());
      }
    }
    return t != null ? t : clock.instant();
  }

  /**
   * Drops every entry (after a configuration change, to free memory: stale keys are unreachable
   * anyway). A decision racing with this call may put its entry back into the first level; it
   * stays right (its key holds the old version) and leaves when its slot is next taken.
   */
  public void invalidateAll() {
    Arrays.fill(hot, null);
    cache.invalidateAll();
  }

  /** Entries in the cache (Caffeine's count: the first level holds a subset, or entries Caffeine let go). */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Caffeine's statistics, with the hits the first level answered added to its hits. */
  public CacheStats stats() {
    CacheStats s = cache.stats();
    return CacheStats.of(s.hitCount() + hotHitCount(), s.missCount(), s.loadSuccessCount(), s.loadFailureCount(),
        s.totalLoadTime(), s.evictionCount(), s.evictionWeight());
  }

}
