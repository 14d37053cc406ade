/**
 * A container-free verifier of AWS Signature Version 4 (SigV4) requests, header form
 * ({@code Authorization: AWS4-HMAC-SHA256 ...}) and presigned query form ({@code X-Amz-Algorithm=...}).
 *
 * <p>It knows nothing of the directory: {@link io.iam4j.sigv4.SigV4Verifier} asks a
 * {@link io.iam4j.sigv4.SecretLookup} for the secret of an access key id (and session token), and
 * answers a {@link io.iam4j.sigv4.SigV4Result}: the lookup's subject when the signature verifies, or an
 * AWS error code with its HTTP status ({@link io.iam4j.sigv4.SigV4Error}). Nothing here throws on bad
 * input, and nothing here logs a secret, a signing key or a signature.
 *
 * <p>The algorithm follows the IAM User Guide, "Elements of an AWS API request signature", "Create a
 * signed AWS API request" and "Troubleshoot Signature Version 4 signing"; what real clients send
 * (SDK for Java v2 2.59.1, AWS CLI 1 and 2) is in the project's shared AWS-WIRE notes.
 */
package io.iam4j.sigv4;
