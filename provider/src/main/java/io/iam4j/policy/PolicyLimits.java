package io.iam4j.policy;

/**
 * Size limits applied while reading a policy; every message that reports one names it.
 *
 * @param maxDocumentBytes UTF-8 size of the document text
 * @param maxStatements statements in one document
 * @param maxDepth JSON nesting depth
 */
public record PolicyLimits(int maxDocumentBytes, int maxStatements, int maxDepth) {
  /** Generous defaults: large enough for any policy AWS accepts, small enough to bound work. */
  public static final PolicyLimits DEFAULTS = new PolicyLimits(131_072, 1_000, 16);

  public PolicyLimits {
    if (maxDocumentBytes <= 0 || maxStatements <= 0 || maxDepth <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
