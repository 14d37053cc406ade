package io.iam4j.generate;

import io.iam4j.IamException;

/**
 * The activity needs a larger policy than a document may be: too many distinct resources were kept
 * literally (actions the catalog does not have) or too many actions. Not a bug: a narrower window,
 * or a catalog that lets resources be generalized, gives a smaller policy.
 */
public final class PolicyTooLargeException extends IamException {
  private static final long serialVersionUID = 1L;

  private final int size;
  private final int limit;

  /**
   * @param size the policy's size in {@code unit}
   * @param limit the limit's value
   * @param limitName the limit's name in {@code PolicyLimits}
   * @param largest what takes most of it
   */
  public PolicyTooLargeException(int size, String unit, int limit, String limitName, String largest) {
    super("The generated policy would have " + size + " " + unit + ", over the maximum (" + limit + ", from PolicyLimits." + limitName
        + ")" + (largest == null ? "" : "; most of it is " + largest) + ". Narrow the window, or give the catalog of the actions kept literally");
    this.size = size;
    this.limit = limit;
  }

  /** The policy's size, in the unit of the limit it exceeds (bytes, statements). */
  public int size() {
    return size;
  }

  public int limit() {
    return limit;
  }
}
