package io.iam4j.jakarta;

import io.iam4j.IamException;
import io.iam4j.authz.Authorizer;

/**
 * A call to an {@link IamSecured} bean method that IAM did not allow. Carries the decision and the
 * encoded authorization message; the provider's exception mapper turns it into IAM's 403.
 */
public class IamAccessDeniedException extends IamException {
  private static final long serialVersionUID = 1L;
  private final transient Authorizer.Result result;
  private final String encodedMessage;

  public IamAccessDeniedException(String message, Authorizer.Result result, String encodedMessage) {
    super(message);
    this.result = result;
    this.encodedMessage = encodedMessage;
  }

  /** The decision, or null when the caller could not be authorized at all. */
  public Authorizer.Result result() {
    return result;
  }

  public String encodedMessage() {
    return encodedMessage;
  }
}
