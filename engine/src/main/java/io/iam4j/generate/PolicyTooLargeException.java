package io.iam4j.generate;

import io.iam4j.IamException;

/**
 * The activity needs a larger policy than a document may be: too many distinct resources were kept
 * literally (actions the catalog does not have) or too many actions. Not a bug: a narrower window,
 * or a catalog that lets resources be generalized, gives a smaller policy.
 */
public final class PolicyTooLargeException extends IamException {
  private static final long serialVersionUID = 1L;

  private final int bytes;
  private final int limit;

  public PolicyTooLargeException(int bytes, int limit, String largest) {
    super("The generated policy would be " + bytes + " bytes, over the maximum (" + limit + ", from PolicyLimits.maxDocumentBytes)"
        + (largest == null ? "" : "; most of it is " + largest) + ". Narrow the window, or give the catalog of the actions kept literally");
    this.bytes = bytes;
    this.limit = limit;
  }

  public int bytes() {
    return bytes;
  }

  public int limit() {
    return limit;
  }
}
