package io.iam4j.eval;

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
    Lowered.Action action = Lowered.ACTIONS.of(request.action());
    this.actionLower = action.lower();
    this.service = action.service();
    this.resource = request.resource();
    this.resourceParts = arnParts(resource);
    this.caller = new CallerFacts(request.caller(), ctx, hasBoundary);
  }

  /** As {@code ArnSplitter.split(value, false)} when that gives six parts, straight into an array (every request splits one). */
  static String[] arnParts(String value) {
    if (!value.startsWith("arn:")) {
      return null;
    }
    String[] parts = new String[6];
    int start = 0;
    int n = 0;
    for (int i = 0; i < value.length() && n < 5; i++) {
      if (value.charAt(i) == ':') {
        parts[n++] = value.substring(start, i);
        start = i + 1;
      }
    }
    if (n < 5) {
      return null;
    }
    parts[5] = value.substring(start);
    return parts;
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
