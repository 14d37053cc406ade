package io.iam4j.eval;

import io.iam4j.policy.PrincipalClause;
import io.iam4j.policy.PrincipalClause.Everyone;
import io.iam4j.policy.PrincipalClause.Listed;
import io.iam4j.policy.PrincipalClause.PrincipalEntry;
import io.iam4j.policy.ArnSplitter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A compiled {@code Principal} or {@code NotPrincipal} element. Immutable.
 *
 * <p>Answers not just whether a caller is named but how, because within one tenant the way a
 * resource policy names the caller decides which other policies still limit it.
 */
final class PrincipalMatcher {

  /** How a statement names the caller, weakest first. */
  enum Grant {
    /** Not named. */
    NONE,
    /** Through its account: the account delegates to its identity policies. */
    ACCOUNT,
    /** Through its role's ARN: boundary and session policies still limit. */
    ROLE,
    /** The caller itself (user, session, root, service, provider) or everyone. */
    DIRECT
  }

  private final boolean not;
  private final boolean deny;
  private final boolean everyone;
  private final boolean anyAws;
  private final Set<String> accounts = new HashSet<>();
  private final Set<String> arns = new HashSet<>();
  private final Set<String> services = new HashSet<>();
  private final Set<String> providers = new HashSet<>();

  PrincipalMatcher(PrincipalClause clause, boolean deny) {
    this.not = clause instanceof PrincipalClause.NotPrincipal;
    this.deny = deny;
    boolean all = clause.set() instanceof Everyone;
    boolean aws = false;
    if (clause.set() instanceof Listed listed) {
      for (PrincipalEntry e : listed.entries()) {
        switch (e.kind()) {
          case AWS -> {
            if (e.value().equals("*")) {
              aws = true;
            } else {
              String account = accountOf(e.value());
              if (account != null) {
                accounts.add(account);
              } else {
                arns.add(e.value());
              }
            }
          }
          case SERVICE -> services.add(e.value());
          case FEDERATED -> providers.add(e.value());
          case CANONICAL_USER -> { /* never an IAM caller here */ }
        }
      }
    }
    this.everyone = all;
    this.anyAws = aws;
  }

  /** The account a value names as a whole: a bare account id or {@code arn:P:iam::ACCOUNT:root}. */
  private static String accountOf(String value) {
    if (!value.startsWith("arn:")) {
      return value;
    }
    List<String> parts = ArnSplitter.split(value, false);
    if (parts.size() == 6 && parts.get(2).equals("iam") && parts.get(5).equals("root")) {
      return parts.get(4);
    }
    return null;
  }

  /** How this element grants to the caller: {@link Grant#NONE} when the statement does not apply. */
  Grant grant(CallerFacts c) {
    if (not) {
      return excludes(c) ? Grant.NONE : Grant.DIRECT;
    }
    // "Principal": "*" and {"AWS": "*"} are equivalent: everyone, services and anonymous included.
    if (everyone || anyAws) {
      return Grant.DIRECT;
    }
    switch (c.kind) {
      case SERVICE:
        return services.contains(c.name) ? Grant.DIRECT : Grant.NONE;
      case PROVIDER:
        return providers.contains(c.name) ? Grant.DIRECT : Grant.NONE;
      case ANONYMOUS:
        return Grant.NONE;
      default:
        break;
    }
    if (c.root && accounts.contains(c.account)) {
      return Grant.DIRECT;
    }
    if ((c.userArn != null && arns.contains(c.userArn)) || (c.sessionArn != null && arns.contains(c.sessionArn))) {
      return Grant.DIRECT;
    }
    // Named through its role (or, for a federated user, the IAM user who federated): the
    // boundary and session policies still limit what the statement grants.
    if ((c.roleArn != null && arns.contains(c.roleArn)) || (c.issuerArn != null && arns.contains(c.issuerArn))) {
      return Grant.ROLE;
    }
    if (c.account != null && accounts.contains(c.account)) {
      return Grant.ACCOUNT;
    }
    return Grant.NONE;
  }

  /**
   * Whether a {@code NotPrincipal} element leaves the caller out: only when every identity the
   * caller can be named by is listed (for a role session the session, the role and the account),
   * as the IAM documentation requires.
   */
  private boolean excludes(CallerFacts c) {
    if (everyone || anyAws) {
      return true;
    }
    // IAM: a Deny with NotPrincipal always denies a principal that has a permissions boundary,
    // whatever the element lists.
    if (deny && c.hasBoundary) {
      return false;
    }
    switch (c.kind) {
      case SERVICE:
        return services.contains(c.name);
      case PROVIDER:
        return providers.contains(c.name);
      case ANONYMOUS:
        return false;
      default:
        break;
    }
    if (c.account == null || !accounts.contains(c.account)) {
      return false;
    }
    if (c.userArn != null && !arns.contains(c.userArn)) {
      return false;
    }
    if (c.roleArn != null && !arns.contains(c.roleArn)) {
      return false;
    }
    return c.sessionArn == null || arns.contains(c.sessionArn);
  }

  boolean negated() {
    return not;
  }
}
