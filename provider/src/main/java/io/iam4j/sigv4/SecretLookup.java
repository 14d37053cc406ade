package io.iam4j.sigv4;

import java.time.Instant;

/**
 * Resolves an access key id (and the session token, when the request carries
 * {@code X-Amz-Security-Token}) to its secret access key and the subject it authenticates.
 *
 * <p>The verifier calls it once per request, after the request's form, credential scope and time have
 * been checked and before the signature is computed. An unknown or inactive key, or an expired or
 * revoked session, is a {@link Lookup.Refused} with the AWS code to answer (e.g.
 * {@link SigV4Error#InvalidClientTokenId}, {@link SigV4Error#ExpiredToken}); the verifier returns it as
 * is. A lookup that throws is a deny ({@link SigV4Error#InternalFailure}).
 *
 * @param <T> what the application knows the caller as (a user, a role session, ...)
 */
@FunctionalInterface
public interface SecretLookup<T> {
  /**
   * @param accessKeyId the key id of the credential scope, as sent
   * @param sessionToken the session token, or null when the request has none
   * @param signedAt the request's {@code X-Amz-Date}
   */
  Lookup<T> find(String accessKeyId, String sessionToken, Instant signedAt);
}
