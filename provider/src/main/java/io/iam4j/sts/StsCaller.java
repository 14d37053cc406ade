package io.iam4j.sts;

import io.iam4j.directory.Identity;
import io.iam4j.eval.RequestContext;

/**
 * Who calls STS, as authentication established it.
 *
 * @param identity the caller's IAM identity in the directory serving now
 * @param session the temporary credentials the request was signed with, or null (long-term
 *     credentials: an access key, a password)
 * @param mfa whether the caller authenticated with MFA
 * @param mfaAuthTime epoch second of that MFA authentication, or null
 * @param requestContext the request's own keys ({@code aws:SourceIp}, {@code aws:CurrentTime},
 *     {@code aws:MultiFactorAuthPresent}, ...), which the trust policy also sees
 */
public record StsCaller(Identity identity, StsSession session, boolean mfa, Long mfaAuthTime, RequestContext requestContext) {}
