package io.iam4j.eval;

/**
 * The identities one caller can be named by in a {@code Principal} element, most specific first:
 * a role session is its session ARN, its role's ARN and its account; a user is its ARN and its
 * account.
 */
final class CallerFacts {
  enum Kind { AWS, SERVICE, PROVIDER, ANONYMOUS }

  final Kind kind;
  final Caller caller;
  final String account;
  final String userArn;
  final String roleArn;
  final String sessionArn;
  final String issuerArn; // the IAM user behind a federated-user session
  final String name; // service or provider name
  final boolean root;
  final boolean hasBoundary;

  /** Whether the caller is of the {@link Kind#AWS} kind, as the constructor decides it, without making the facts. */
  static boolean awsKind(Caller c) {
    return c instanceof Caller.User || c instanceof Caller.RoleSession || c instanceof Caller.FederatedUser
        || c instanceof Caller.Root;
  }

  CallerFacts(Caller c, RequestContext ctx, boolean hasBoundary) {
    this.caller = c;
    this.hasBoundary = hasBoundary;
    String user = null;
    String role = null;
    String session = null;
    String nm = null;
    String issuer = null;
    boolean isRoot = false;
    Kind k = Kind.AWS;
    if (c instanceof Caller.User u) {
      user = u.arn();
    } else if (c instanceof Caller.RoleSession s) {
      session = s.arn();
      // aws:PrincipalArn carries the role's full ARN, path included, when the request knows it.
      ContextValue given = ctx.getLower("aws:principalarn");
      role = given != null && given.single() != null && given.single().contains(":role/") ? given.single() : s.roleArn();
    } else if (c instanceof Caller.FederatedUser f) {
      session = f.arn();
      issuer = f.issuerArn();
    } else if (c instanceof Caller.Root) {
      isRoot = true;
    } else if (c instanceof Caller.Service s) {
      k = Kind.SERVICE;
      nm = s.name();
    } else if (c instanceof Caller.IdentityProvider p) {
      k = Kind.PROVIDER;
      nm = p.provider();
    } else {
      k = Kind.ANONYMOUS;
    }
    this.kind = k;
    this.account = c.account();
    this.userArn = user;
    this.roleArn = role;
    this.sessionArn = session;
    this.issuerArn = issuer;
    this.name = nm;
    this.root = isRoot;
  }
}
