package io.iam4j.eval;

/** IAM's three outcomes. Only {@link #ALLOW} lets a request through. */
public enum Outcome {
  ALLOW("Allow"),
  /** A matching {@code Deny} statement: nothing can override it. */
  EXPLICIT_DENY("ExplicitDeny"),
  /** Nothing allowed the request (the default). */
  IMPLICIT_DENY("ImplicitDeny");

  private final String json;

  Outcome(String json) {
    this.json = json;
  }

  public String json() {
    return json;
  }
}
