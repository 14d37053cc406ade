package io.iam4j.jakarta.runtime;

import io.iam4j.sigv4.SigV4Result;
import io.iam4j.sigv4.SigV4Verifier;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryXml;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Authenticates a request signed with AWS Signature Version 4 (an {@code Authorization:
 * AWS4-HMAC-SHA256 ...} header, or a presigned URL's {@code X-Amz-*} query parameters), to any
 * endpoint of the application: the program half of iam4j's sign-in.
 *
 * <ul>
 *   <li>The body is read (at most {@code iam4j.sigv4.max-body-bytes}) and its bytes are what the
 *       signature covers; the application then reads the same bytes ({@link SignedBodyFilter}).
 *   <li>The credential scope's service must be {@code sts} or {@code iam} for those APIs, else one
 *       of {@code iam4j.sigv4.services}; its region one of {@code iam4j.sigv4.regions}.
 *   <li>A refusal is AWS's error: its code and status, as Query-protocol XML for STS and IAM, as
 *       iam4j's JSON error for the application's endpoints. It is audited; nothing else happens.
 *   <li>Temporary credentials put their session's MFA state, issue time and identity (session
 *       policies, tags, source identity) on the request for the decisions that follow.
 * </ul>
 */
@ApplicationScoped
public class SigV4Authentication {
  @Inject AwsCallers callers;
  @Inject Iam4jSignIn signIn;

  /** Whether a request carries a SigV4 signature (and SigV4 is enabled): the hook of the program mechanism. */
  public boolean applies(HttpServletRequest request) {
    return callers.settings().sigv4Enabled() && SigV4Verifier.isSigned(request.getHeader("Authorization"), request.getQueryString());
  }

  public AuthenticationStatus authenticate(HttpServletRequest request, HttpMessageContext ctx) {
    AwsSettings settings = callers.settings();
    byte[] body;
    try {
      body = SignedRequests.readBody(request, settings.maxBodyBytes());
    } catch (SignedRequests.TooLarge e) {
      return refuse(request, ctx, null, new AwsError("RequestEntityTooLarge", 413, e.getMessage()));
    } catch (IOException e) {
      return refuse(request, ctx, null, new AwsError("IncompleteBody", 400, "The request body could not be read"));
    }
    request.setAttribute(SignedRequests.BODY, body);
    String api = SignedRequests.queryApi(request, body, settings);
    SigV4Result<AwsCallers.AwsCaller> result;
    try {
      result = callers.verifier().verify(SignedRequests.of(request, body), SignedRequests.services(api, settings));
    } catch (RuntimeException e) {
      // Fail closed: whatever broke, the request is not authenticated.
      java.util.logging.Logger.getLogger(SigV4Authentication.class.getName())
          .log(java.util.logging.Level.WARNING, "iam4j could not verify a signed request; refusing it", e);
      return refuse(request, ctx, api, new AwsError("InternalFailure", 500, "The request signature could not be verified", false));
    }
    if (result instanceof SigV4Result.Refused<AwsCallers.AwsCaller> r) {
      signIn.audit(request, "sigv4", "FAILURE", null, r.error().code() + ": " + r.message(), null);
      return refuse(request, ctx, api, new AwsError(r.error().code(), r.error().httpStatus(), r.message()));
    }
    SigV4Result.Verified<AwsCallers.AwsCaller> v = (SigV4Result.Verified<AwsCallers.AwsCaller>) result;
    AwsCallers.AwsCaller caller = v.subject();
    callers.used(caller, v.scope().service(), v.scope().region());
    if (caller.session() != null) {
      request.setAttribute(AwsCallers.SESSION_MAPPING, caller.mapping());
      request.setAttribute(RequestContexts.MFA_PRESENT, caller.session().mfa());
      if (caller.session().mfaAuthTime() != null) {
        request.setAttribute(RequestContexts.MFA_AUTH_TIME, caller.session().mfaAuthTime());
      }
      request.setAttribute(RequestContexts.TOKEN_ISSUE_TIME, caller.session().issuedAt());
    }
    // A long-term access key: no MFA (AWS leaves aws:MultiFactorAuthPresent out for long-term credentials).
    return ctx.notifyContainerAboutLogin(caller.callerName(), caller.groups());
  }

  private AuthenticationStatus refuse(HttpServletRequest request, HttpMessageContext ctx, String api, AwsError e) {
    HttpServletResponse r = ctx.getResponse();
    try {
      r.setStatus(e.status());
      String requestId = QueryXml.newRequestId();
      r.setHeader("x-amzn-RequestId", requestId);
      if (api != null) {
        r.setContentType("text/xml");
        r.getWriter().write(QueryXml.error(api.equals("sts") ? QueryXml.STS_NAMESPACE : QueryXml.IAM_NAMESPACE, e, requestId));
      } else {
        r.setContentType("application/json");
        r.getWriter().write(IamRequestFilter.body(e.code(), e.getMessage(), null));
      }
    } catch (IOException | IllegalStateException ex) {
      // the status is what matters
    }
    return AuthenticationStatus.SEND_FAILURE;
  }

}
