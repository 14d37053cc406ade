package io.iam4j.analysis;

import io.iam4j.eval.Caller;
import io.iam4j.eval.RequestContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Who asks, in a no-new-access check: one known principal (its caller and the context keys that
 * describe it are fixed), the unknown principal an identity policy is attached to (every context
 * key is free), or any principal at all, for resource policies (the caller is a dimension of the
 * search). Immutable.
 */
public sealed interface Subject {

  /**
   * The keys the subject fixes (lower-cased): a request cannot choose them, so they are no
   * dimension of the search.
   */
  boolean fixes(String lowerKey);

  /**
   * A known principal: the caller, the context keys its identity fills in (and fixes: {@code
   * aws:username}, {@code aws:PrincipalTag/*}, ...), and the tenant it belongs to. A resource is
   * another tenant's when {@code resourceOwner} (the authorizer's rule: the account field of its
   * ARN) names another tenant.
   */
  record Principal(Caller caller, RequestContext context, String tenant, Function<String, String> resourceOwner)
      implements Subject {
    private static final Set<String> IDENTITY_KEYS = Set.of("aws:username", "aws:userid", "aws:principalarn",
        "aws:principalaccount", "aws:principaltype");

    @Override
    public boolean fixes(String lowerKey) {
      return IDENTITY_KEYS.contains(lowerKey) || lowerKey.startsWith("aws:principaltag/")
          || context.getLower(lowerKey) != null;
    }
  }

  /**
   * The principal an identity policy is attached to, unknown: a user of tenant {@code tenant} whose
   * context keys ({@code aws:username} included) are all free. Resources are its tenant's.
   */
  record AnyHolder(String tenant) implements Subject {
    @Override
    public boolean fixes(String lowerKey) {
      return false;
    }
  }

  /**
   * Any caller of a resource whose policy is compared: users, role sessions and roots of any tenant,
   * services, identity providers and anonymous callers. The resource belongs to {@code owner}, a
   * tenant no policy names, so every named principal is outside it and the resource policy alone
   * must grant (the caller's own policies are taken to allow everything, as Access Analyzer reads a
   * resource policy). The keys that describe the caller follow from it. With {@code outsidersOnly},
   * the owner's own principals are left out (the question "who outside can reach it").
   */
  record AnyCaller(String owner, boolean outsidersOnly) implements Subject {
    /** Any caller, the owner's own included. */
    public AnyCaller(String owner) {
      this(owner, false);
    }

    static final List<String> CALLER_KEYS = List.of("aws:principalarn", "aws:principalaccount", "aws:principaltype", "aws:username");

    @Override
    public boolean fixes(String lowerKey) {
      return CALLER_KEYS.contains(lowerKey.toLowerCase(Locale.ROOT));
    }
  }
}
