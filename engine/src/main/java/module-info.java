/**
 * iam4j's policy engine: the IAM policy language, the evaluator, the decision cache and the
 * simulator. Container-free: it reads JSON through JSON-P and caches through Caffeine, nothing else.
 *
 * <p>The API is five packages: {@code io.iam4j.policy} (parse, validate, print), {@code
 * io.iam4j.lint} (findings), {@code io.iam4j.eval} (evaluate), {@code io.iam4j.cache} (the cached
 * entry point) and {@code io.iam4j.simulate} (simulation cases), plus {@link io.iam4j.IamException}.
 * The located JSON reader is shared with the provider only (the command line, a class-path
 * application, reads it too).
 */
module io.iam4j.engine {
  requires transitive jakarta.json;
  requires transitive com.github.benmanes.caffeine;
  requires java.logging;

  exports io.iam4j;
  exports io.iam4j.policy;
  exports io.iam4j.lint;
  exports io.iam4j.eval;
  exports io.iam4j.cache;
  exports io.iam4j.simulate;
  // The action catalog: an application's services, actions, resource types and condition keys.
  exports io.iam4j.catalog;
  // Least-privilege policies generated from activity (the trail's allowed requests), checked by replay.
  exports io.iam4j.generate;
  // Analyses over policies: the no-new-access check.
  exports io.iam4j.analysis;
  exports io.iam4j.json to io.iam4j.provider;
}
