package io.iam4j.bench;

import io.iam4j.cache.DecisionCache;
import io.iam4j.eval.AuthorizationRequest;

/**
 * iam4j through its real {@link DecisionCache}, as {@code Authorizer} uses it: every call builds a
 * fresh {@link AuthorizationRequest} from the {@link Request} (as {@link Iam4jEngine} does) and asks
 * the cache, which builds its key from the request (tenant, configuration version, policy set,
 * caller, action, resource and the context values the policies read) and evaluates only on a miss.
 * After the first call of each request every call is a hit. Thread-safe.
 */
public final class Iam4jCachedEngine implements Engine {
  /** The configuration version the cache keys on; a change of configuration would move it. */
  static final long VERSION = 1;

  final Iam4jEngine compiled;
  final DecisionCache cache;
  private final String tenant;

  public Iam4jCachedEngine(Scenario scenario) {
    this.compiled = new Iam4jEngine(scenario);
    this.cache = new DecisionCache(100_000);
    this.tenant = scenario.account();
  }

  @Override
  public String name() {
    return "iam4j-cached";
  }

  @Override
  public boolean decide(Request r) {
    return cache.decide(tenant, VERSION, compiled.policies, null, Iam4jEngine.request(compiled.caller, r)).decision().allowed();
  }
}
