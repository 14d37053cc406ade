package io.iam4j.eval;

import io.iam4j.policy.ArnSplitter;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What one evaluation knows about its request, computed once and shared by every statement: the
 * lower-cased action and its service, the resource split into ARN parts, the caller's identities.
 * Not thread-safe: one per evaluation.
 */
final class EvalState {
  final AuthorizationRequest request;
  final RequestContext ctx;
  final String actionLower;
  final String service;
  final String resource;
  /** The resource's six ARN parts, or null when it is not an ARN (e.g. the literal {@code "*"}). */
  final String[] resourceParts;
  final CallerFacts caller;
  private TreeSet<String> missing;

  EvalState(AuthorizationRequest request, boolean hasBoundary) {
    this.request = request;
    this.ctx = request.context();
    this.actionLower = request.action().toLowerCase(Locale.ROOT);
    int colon = actionLower.indexOf(':');
    this.service = colon < 0 ? actionLower : actionLower.substring(0, colon);
    this.resource = request.resource();
    this.resourceParts = arnParts(resource);
    this.caller = new CallerFacts(request.caller(), ctx, hasBoundary);
  }

  static String[] arnParts(String value) {
    if (!value.startsWith("arn:")) {
      return null;
    }
    List<String> parts = ArnSplitter.split(value, false);
    return parts.size() == 6 ? parts.toArray(new String[0]) : null;
  }

  void missing(String key) {
    if (missing == null) {
      missing = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    }
    missing.add(key);
  }

  java.util.Set<String> missingKeys() {
    return missing == null ? java.util.Set.of() : missing;
  }
}
