package io.iam4j.cache;

import io.iam4j.eval.Decision;

/**
 * What {@link DecisionCache#decide} answers: the decision, and whether it came from the cache
 * rather than a fresh evaluation (for metrics and the audit trail; the decision is the same either
 * way).
 */
public record CachedDecision(Decision decision, boolean fromCache) {}
