package io.iam4j.sts;

/**
 * An error answered in AWS's Query-protocol shape: {@code <ErrorResponse><Error><Type/><Code/>
 * <Message/></Error><RequestId/></ErrorResponse>} with the HTTP status. The clients read the code
 * from {@code <Code>}, so it must be AWS's own for the same failure.
 *
 * @param sender whether the caller's request was at fault ({@code Sender}) or the server
 *     ({@code Receiver})
 */
public final class AwsError extends RuntimeException {
  private final String code;
  private final int status;
  private final boolean sender;

  public AwsError(String code, int status, String message) {
    this(code, status, message, status < 500);
  }

  public AwsError(String code, int status, String message, boolean sender) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
    this.sender = sender;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public boolean sender() {
    return sender;
  }

  /** 400 ValidationError: a parameter does not satisfy its constraint. */
  public static AwsError validation(String message) {
    return new AwsError("ValidationError", 400, message);
  }

  /** AWS's validation message: {@code 1 validation error detected: Value 'x' at 'member' failed to satisfy constraint: RULE}. */
  public static AwsError constraint(String member, String value, String rule) {
    return validation("1 validation error detected: Value '" + QueryRequest.printable(value) + "' at '" + member
        + "' failed to satisfy constraint: " + rule);
  }

  /** 400 MissingParameter. */
  public static AwsError missing(String name) {
    return new AwsError("MissingParameter", 400, "The request must contain the parameter " + name);
  }

  /** 403 AccessDenied. */
  public static AwsError accessDenied(String message) {
    return new AwsError("AccessDenied", 403, message);
  }
}
