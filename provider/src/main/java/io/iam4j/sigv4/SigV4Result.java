package io.iam4j.sigv4;

import java.time.Instant;
import java.util.Objects;

/** What {@link SigV4Verifier#verify} answers. */
public sealed interface SigV4Result<T> {

  /**
   * The signature verifies.
   *
   * @param subject the lookup's subject
   * @param accessKeyId the key id that signed
   * @param scope the credential scope
   * @param signedAt {@code X-Amz-Date}
   * @param presigned whether the signature came in the query ({@code X-Amz-Signature})
   * @param payloadHash the lower-case hex SHA-256 of the payload that the signature covers. When the
   *     request's body was passed to the verifier it has been checked against it; when it was not
   *     (body null), the caller must check the body it reads against this value
   *     ({@link SigV4Verifier#sha256Hex}) before trusting it
   */
  record Verified<T>(
      T subject,
      String accessKeyId,
      CredentialScope scope,
      Instant signedAt,
      boolean presigned,
      String payloadHash)
      implements SigV4Result<T> {}

  /** The request is refused: answer {@code error.httpStatus()} with {@code error.code()} and the message. */
  record Refused<T>(SigV4Error error, String message) implements SigV4Result<T> {
    public Refused {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(message, "message");
    }
  }
}
