package io.iam4j.eval;

import java.util.Objects;

/**
 * One question for the evaluator: may {@code caller} perform {@code action} on {@code resource} in
 * this context? Immutable.
 *
 * @param action {@code service:ActionName}; matched case-insensitively
 * @param resource the resource ARN, or {@code "*"} (which only a policy's {@code "*"} matches)
 * @param resourceAccount the tenant owning the resource; null means the caller's own
 */
public record AuthorizationRequest(Caller caller, String action, String resource, String resourceAccount, RequestContext context) {

  public AuthorizationRequest {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(context, "context");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether the resource belongs to another tenant than an AWS-kind caller. */
  public boolean crossAccount() {
    String own = caller.account();
    return own != null && resourceAccount != null && !resourceAccount.equals(own);
  }

  public static final class Builder {
    private Caller caller = new Caller.Anonymous();
    private String action;
    private String resource = "*";
    private String resourceAccount;
    private RequestContext context = RequestContext.empty();

    public Builder caller(Caller caller) {
      this.caller = caller;
      return this;
    }

    public Builder action(String action) {
      this.action = action;
      return this;
    }

    public Builder resource(String resource) {
      this.resource = resource;
      return this;
    }

    public Builder resourceAccount(String resourceAccount) {
      this.resourceAccount = resourceAccount;
      return this;
    }

    public Builder context(RequestContext context) {
      this.context = context;
      return this;
    }

    public AuthorizationRequest build() {
      return new AuthorizationRequest(caller, action, resource, resourceAccount, context);
    }
  }
}
