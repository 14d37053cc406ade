package io.iam4j.authz;

/**
 * Sees every decision the {@link Authorizer} makes, on the deciding thread, after the answer is
 * known and before it is returned: the access advisor's index and shadow evaluation are fed this
 * way. An observer must be cheap (it runs on every request) and must not block; whatever it throws
 * is logged and never changes the decision.
 */
@FunctionalInterface
public interface DecisionObserver {
  void observe(Authorizer.Result result);
}
