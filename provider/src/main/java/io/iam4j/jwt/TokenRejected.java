package io.iam4j.jwt;

/**
 * Why a web identity token was not accepted. The message describes the token (its issuer, kid,
 * times), never its text: the token is a bearer credential.
 */
public final class TokenRejected extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kinds of refusal STS tells apart in its error codes. */
  public enum Reason {
    /** Longer than {@link JwtVerifier#MAX_TOKEN_CHARS}: a parameter out of bounds (STS: ValidationError). */
    TOO_LONG,
    /** Malformed, unknown or mismatched key, bad signature, wrong issuer, not yet valid (STS: InvalidIdentityToken). */
    INVALID,
    /** Past its {@code exp} (STS: ExpiredToken). */
    EXPIRED,
    /** The provider's keys could not be had, and none are known from before (STS: IDPCommunicationError). */
    IDP_UNREACHABLE
  }

  private final Reason reason;

  public TokenRejected(Reason reason, String message) {
    super(message, null, false, false); // no stack trace: refusals are expected, and frequent under attack
    this.reason = reason;
  }

  public TokenRejected(Reason reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
