package io.iam4j.policy;

/** The policy language version. Policy variables exist only in {@code 2012-10-17}. */
public enum PolicyVersion {
  V2012_10_17("2012-10-17"),
  V2008_10_17("2008-10-17"),
  /** No {@code Version} element: IAM treats the document as the 2008 language. */
  ABSENT(null);

  private final String json;

  PolicyVersion(String json) {
    this.json = json;
  }

  /** The JSON value, or null for {@link #ABSENT}. */
  public String json() {
    return json;
  }

  /**
   * Whether {@code ${...}} is a policy variable. Under 2008-10-17 or without a version, IAM reads it
   * as literal text.
   */
  public boolean hasPolicyVariables() {
    return this == V2012_10_17;
  }

  public static PolicyVersion of(String json) {
    if ("2012-10-17".equals(json)) {
      return V2012_10_17;
    }
    if ("2008-10-17".equals(json)) {
      return V2008_10_17;
    }
    return null;
  }
}
