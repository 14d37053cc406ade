package io.iam4j.shadow;

/**
 * Told of every shadow outcome (metrics count them). Called on the shadow thread (or, for {@link
 * ShadowResult#DROPPED}, on the request thread): must be cheap and must not throw.
 */
@FunctionalInterface
public interface ShadowListener {
  void counted(ShadowKey key, ShadowResult result);
}
