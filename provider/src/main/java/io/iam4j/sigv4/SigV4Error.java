package io.iam4j.sigv4;

/**
 * The AWS error codes a SigV4 verification can answer, each with the HTTP status AWS documents for it.
 *
 * <p>Sources (search corpus {@code docs}): the IAM API Reference, "Common Error Types"
 * ({@code IAM/latest/APIReference/CommonErrors}); the IAM User Guide, "Troubleshoot Signature Version 4
 * signing" ({@code reference_sigv-troubleshooting}: "HTTP 403 SignatureDoesNotMatch"); the Amazon S3
 * API Reference, "Error responses", for the codes of presigned URLs and of {@code x-amz-content-sha256},
 * which the Query APIs do not document.
 */
public enum SigV4Error {
  /**
   * No SigV4 at all: neither an {@code Authorization: AWS4-HMAC-SHA256} header nor
   * {@code X-Amz-Algorithm}. IAM Common Error Types: "The request must contain either a valid
   * (registered) AWS access key ID or X.509 certificate", HTTP 403.
   */
  MissingAuthenticationToken("MissingAuthenticationToken", 403),
  /**
   * The signature's form is wrong: a malformed or oversize {@code Authorization} header, a missing or
   * malformed {@code X-Amz-Date}, {@code host} (or {@code x-amz-date}, {@code x-amz-security-token})
   * not signed. IAM Common Error Types: "The request signature doesn't conform to AWS standards",
   * HTTP 400.
   */
  IncompleteSignature("IncompleteSignature", 400),
  /**
   * The access key id is not known (answered by the {@link SecretLookup}). IAM Common Error Types
   * (and every Query API's, e.g. CloudSearch, EMR, RDS): "The X.509 certificate or AWS access key ID
   * provided does not exist in our records", HTTP 403.
   */
  InvalidClientTokenId("InvalidClientTokenId", 403),
  /**
   * The signature does not match, or the credential scope names another region, service or date
   * (AWS answers this code with "Credential should be scoped to a valid region, not 'x'." and
   * "Credential should be scoped to correct service: 'sts'."). IAM User Guide, SigV4 troubleshooting:
   * HTTP 403 SignatureDoesNotMatch.
   */
  SignatureDoesNotMatch("SignatureDoesNotMatch", 403),
  /**
   * {@code X-Amz-Date} is further from the server's clock than the allowed skew (header form). IAM
   * Common Error Types: "The request reached the service more than 15 minutes after the date stamp on
   * the request ... or the date stamp on the request is more than 15 minutes in the future", HTTP 400.
   * (STS itself answers clock skew with SignatureDoesNotMatch "Signature expired: ... is now earlier
   * than ..."; this verifier uses the documented code and AWS's message.)
   */
  RequestExpired("RequestExpired", 400),
  /**
   * The session token has expired (answered by the {@link SecretLookup}). The Query code clients
   * receive is {@code ExpiredToken} ("The security token included in the request is expired"); the IAM
   * API Reference lists it as ExpiredTokenException, HTTP 403.
   */
  ExpiredToken("ExpiredToken", 403),
  /**
   * A presigned request used after {@code X-Amz-Date + X-Amz-Expires}. S3 Error responses:
   * AccessDenied, HTTP 403, message "Request has expired".
   */
  AccessDenied("AccessDenied", 403),
  /**
   * A presigned request's {@code X-Amz-*} parameters are missing, repeated or out of range
   * ({@code X-Amz-Expires} outside 1..604800). S3 Error responses: AuthorizationQueryParametersError,
   * HTTP 400.
   */
  AuthorizationQueryParametersError("AuthorizationQueryParametersError", 400),
  /**
   * The body does not hash to the signed {@code x-amz-content-sha256} (or, presigned, to the empty
   * payload). S3 Error responses: XAmzContentSHA256Mismatch, HTTP 400.
   */
  XAmzContentSHA256Mismatch("XAmzContentSHA256Mismatch", 400),
  /**
   * An argument this verifier does not accept: an {@code x-amz-content-sha256} that is not a hex
   * SHA-256 ({@code UNSIGNED-PAYLOAD}, {@code STREAMING-*}), or both an {@code Authorization} header and
   * {@code X-Amz-Algorithm}. S3 Error responses: InvalidArgument, HTTP 400.
   */
  InvalidArgument("InvalidArgument", 400),
  /**
   * A query string that cannot be decoded (a {@code %} not followed by two hex digits), or is too long.
   * IAM Common Error Types: "The query string contains a syntax error", HTTP 404 (sic).
   */
  MalformedQueryString("MalformedQueryString", 404),
  /**
   * The verifier could not decide (the lookup threw, or the caller passed no body and no hash to
   * verify). IAM Common Error Types: InternalFailure, HTTP 500. A deny.
   */
  InternalFailure("InternalFailure", 500);

  private final String code;
  private final int httpStatus;

  SigV4Error(String code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The {@code <Code>} of the error response. */
  public String code() {
    return code;
  }

  /** The HTTP status of the error response. */
  public int httpStatus() {
    return httpStatus;
  }
}
