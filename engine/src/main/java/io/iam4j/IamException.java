package io.iam4j;

/**
 * The one unchecked root of every exception iam4j throws for bad input or configuration.
 *
 * <p>Problems met while <em>deciding</em> never surface as exceptions: they come back inside the
 * decision as a deny (fail closed). Exceptions are for input that cannot be accepted at all, such
 * as a policy document IAM would refuse.
 */
public class IamException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IamException(String message) {
    super(message);
  }

  public IamException(String message, Throwable cause) {
    super(message, cause);
  }
}
