package io.iam4j.bench;

/**
 * An authorization engine under test, adapted to the benchmark's {@link Request}: the one small
 * interface every engine sits behind, so that the same scenario runs through each. An adapter is
 * built for one {@link Scenario} (its policies compiled, parsed or loaded beforehand) and translates
 * each request into its engine's own request on every call. Adapters are thread-safe unless they
 * say otherwise.
 */
public interface Engine {

  /** The name used as the JMH {@code engine} parameter. */
  String name();

  /** Whether the engine allows the request. */
  boolean decide(Request request);
}
