package io.iam4j.bench;

import java.util.List;

/** Builds the adapters by name and checks them against the scenario before anything is measured. */
public final class Engines {
  /** Every adapter's name, as the JMH {@code engine} parameter takes them. */
  public static final List<String> NAMES = List.of("iam4j", "iam4j-cached", "cedar", "jcasbin");

  private Engines() {}

  /** The adapter {@code name} for a scenario, with its policies compiled, parsed or loaded. */
  public static Engine create(String name, Scenario scenario) {
    return switch (name) {
      case "iam4j" -> new Iam4jEngine(scenario);
      case "iam4j-cached" -> new Iam4jCachedEngine(scenario);
      case "cedar" -> new CedarEngine(scenario);
      case "jcasbin" -> new CasbinEngine(scenario);
      default -> throw new IllegalArgumentException("No engine \"" + name + "\"; expected one of " + NAMES);
    };
  }

  /**
   * Asks the engine every request of the scenario (twice, so that a cache answers the second time)
   * and throws unless each decision is the expected one.
   *
   * @throws IllegalStateException naming the engine, the request and both decisions
   */
  public static void verify(Engine engine, Scenario scenario) {
    for (int round = 0; round < 2; round++) {
      for (Request r : scenario.requests()) {
        boolean got = engine.decide(r);
        if (got != r.expectedAllow()) {
          throw new IllegalStateException(engine.name() + " at " + scenario.size() + " statements decided " + (got ? "allow" : "deny")
              + " for " + r.kind() + " (" + r.action() + " on " + r.resource() + "), expected " + (r.expectedAllow() ? "allow" : "deny"));
        }
      }
    }
  }
}
