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

  /** The cache key; {@code context} holds the values of the profile's keys, in order (null: absent). */
  record Key(String tenant, long version, Object principalSet, Object resourcePolicy, String caller, String action,
      String resource, String resourceAccount, Object[] context) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && version == k.version && principalSet == k.principalSet && resourcePolicy == k.resourcePolicy
          && tenant.equals(k.tenant) && caller.equals(k.caller) && action.equals(k.action) && resource.equals(k.resource)
          && java.util.Objects.equals(resourceAccount, k.resourceAccount) && Arrays.equals(context, k.context);
    }

    @Override
    public int hashCode() {
      int h = tenant.hashCode();
      h = 31 * h + Long.hashCode(version);
      h = 31 * h + System.identityHashCode(principalSet);
      h = 31 * h + System.identityHashCode(resourcePolicy);
      h = 31 * h + caller.hashCode();
      h = 31 * h + action.hashCode();
      h = 31 * h + resource.hashCode();
      h = 31 * h + java.util.Objects.hashCode(resourceAccount);
      return 31 * h + Arrays.hashCode(context);
    }
  }

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
    int n = p.keys().size() + (r == null ? 0 : r.keys().size());
    Object[] values = new Object[n + (timeInKey ? 2 : 0) + 3];
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
    Key key = new Key(tenant, version, principalPolicies, resourcePolicy, request.caller().display(),
        request.action().toLowerCase(Locale.ROOT), request.resource(), request.resourceAccount(), values);
    Instant time = requestTime(now, epoch);
    Entry e = cache.getIfPresent(key);
    if (e != null && e.holdsAt(time)) {
      return e.hit();
    }
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
