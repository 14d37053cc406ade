package io.iam4j.iamapi;

import io.iam4j.authz.AuthorizationMessages;
import io.iam4j.authz.Authorizer;
import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Identity;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.RequestContext;
import io.iam4j.sts.AwsError;
import java.time.Clock;

/**
 * One authenticated IAM API call: who calls, in which tenant, and what every operation needs to
 * authorize and write. A tenant's API reaches only that tenant: the caller's own, taken from the
 * authenticated identity, never from the request.
 *
 * @param caller the caller's identity in the directory serving now
 * @param context the request's condition keys ({@code aws:SourceIp}, MFA, ...)
 * @param decider decides each authorization of the call (the runtime's audits it)
 */
public record IamCall(Identity caller, RequestContext context, Authorizer authorizer, ConfigStore store, ServerKey key, Clock clock,
    io.iam4j.sts.StsService.Decider decider) {

  /** A call whose decisions go straight to the authorizer (tests, programs): nothing audits them. */
  public IamCall(Identity caller, RequestContext context, Authorizer authorizer, ConfigStore store, ServerKey key, Clock clock) {
    this(caller, context, authorizer, store, key, clock, authorizer::authorize);
  }

  public Tenant tenant() {
    return caller.tenant();
  }

  public Directory directory() {
    return authorizer.directory();
  }

  /** Who makes a change, for the configuration event and the audit trail. */
  public String actor() {
    return caller.caller().display();
  }

  /**
   * Authorizes {@code iam:ACTION} on {@code resource} in the caller's tenant; an action already
   * naming its service ({@code access-analyzer:ValidatePolicy}) is authorized as written.
   */
  public void authorize(String action, String resource) {
    authorize(action, resource, RequestContext.empty());
  }

  /**
   * Authorizes {@code iam:ACTION} on {@code resource} with further condition keys of the request
   * (for example {@code iam:PermissionsBoundary}, {@code iam:PolicyARN}, {@code aws:RequestTag/*}).
   *
   * @throws AwsError {@code AccessDenied} with IAM's sentence and the encoded authorization message
   */
  public void authorize(String action, String resource, RequestContext extra) {
    RequestContext.Builder ctx = context.toBuilder();
    extra.asMap().forEach(ctx::put);
    // Through the decider: the runtime's records each decision in the audit trail (via "iam").
    Authorizer.Result r = decider.decide(caller, action.contains(":") ? action : "iam:" + action, resource,
        tenant().id(), ctx.build());
    if (!r.decision().allowed()) {
      String encoded;
      try {
        encoded = AuthorizationMessages.encode(key, r, clock.instant());
      } catch (RuntimeException e) {
        encoded = null;
      }
      throw AwsError.accessDenied(r.decision().message(r.request())
          + (encoded == null ? "" : ". Encoded authorization failure message: " + encoded));
    }
  }
}
