package io.iam4j.access;

import io.iam4j.IamException;
import io.iam4j.analysis.AccessCheckResult;
import io.iam4j.analysis.NoNewAccess;
import io.iam4j.analysis.Side;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Identity;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.PolicySet;
import io.iam4j.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The no-new-access check for a whole tenant, before and after a change: for every principal of the
 * updated tenant (users, role sessions without session policies, the root), does its policy set
 * after the change (identity policies of its own and its groups, boundary, guardrails, and the
 * directory's trust policies) allow a request the one before did not? A principal the change adds is
 * compared with nothing: all it may do is new. Stateless and thread-safe.
 */
public final class TenantAccessCheck {
  private TenantAccessCheck() {}

  /** One principal's answer. */
  public record PrincipalResult(String principal, String arn, boolean added, AccessCheckResult result) {}

  /** Every principal's answer; PASS only when every one passes. */
  public record Report(String tenant, List<PrincipalResult> principals) {
    public Report {
      principals = List.copyOf(principals);
    }

    public boolean passed() {
      return principals.stream().allMatch(p -> p.result().passed());
    }
  }

  /**
   * @throws IamException when the updated directory has no such tenant
   */
  public static Report compare(Directory existing, Directory updated, String tenantId, NoNewAccess.Options options) {
    Tenant after = updated.tenant(tenantId).orElseThrow(() -> new IamException("No tenant \"" + tenantId + "\" in the updated configuration"));
    Tenant before = existing.tenant(tenantId).orElse(null);
    Map<String, Identity> old = before == null ? Map.of() : TenantPrincipals.of(existing, before);
    Map<String, Policy> oldTrust = TenantPrincipals.trustPolicies(existing, t -> true);
    Map<String, Policy> newTrust = TenantPrincipals.trustPolicies(updated, t -> true);
    List<PrincipalResult> out = new ArrayList<>();
    for (Map.Entry<String, Identity> e : TenantPrincipals.of(updated, after).entrySet()) {
      Identity now = e.getValue();
      Identity then = old.get(e.getKey());
      if (now instanceof Identity.RootIdentity && !after.rootEnabled() && (before == null || !before.rootEnabled())) {
        continue; // a root that cannot sign in, before or after, makes no requests
      }
      // A principal the change adds is compared with one that may do nothing.
      Side previous = then == null ? new Side(PolicySet.builder().build(), oldTrust) : TenantPrincipals.side(then, oldTrust);
      AccessCheckResult r = NoNewAccess.sets(previous, TenantPrincipals.side(now, newTrust), TenantPrincipals.subject(now), options);
      out.add(new PrincipalResult(e.getKey(), now.caller().display(), then == null, r));
    }
    return new Report(tenantId, out);
  }
}
