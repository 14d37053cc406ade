package io.iam4j.access;

import io.iam4j.IamException;
import io.iam4j.analysis.AccessCheckResult;
import io.iam4j.analysis.NoNewAccess;
import io.iam4j.analysis.Side;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Identity;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.Caller;
import io.iam4j.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a tenant's resources are reachable from outside it: from another tenant's principal, a
 * service, an identity provider or anonymously. Two questions, both answered with counterexamples
 * the evaluator confirms:
 * <ol>
 *   <li>what the tenant's resource policies (its roles' trust policies) grant outsiders on their own,
 *       as IAM Access Analyzer's external access findings read them (the outsider's own policies
 *       taken to allow; for anonymous callers, services and providers nothing else is needed);
 *   <li>which existing principal of another tenant of the directory can actually reach them: its
 *       whole policy set with the tenant's resource policies against the same set without them.
 * </ol>
 * Resource policies the application keeps (a bucket's policy) are not in the configuration and are
 * not read here. Stateless and thread-safe.
 */
public final class Reachability {
  private Reachability() {}

  /**
   * One way in.
   *
   * @param principal who reaches in ({@code anonymous}, a service, an ARN)
   * @param confirmed true when nothing but the tenant's own policies is needed (anonymous, a service,
   *     a provider) or an existing principal's own policies allow it too; false when the other tenant's
   *     administrator would still have to grant it
   */
  public record Finding(String principal, boolean confirmed, String description, AccessCheckResult.Counterexample counterexample) {}

  /** The findings; empty when nothing of the tenant is reachable from outside. */
  public record Report(String tenant, List<Finding> findings, List<String> notes, boolean complete) {
    public Report {
      findings = List.copyOf(findings);
      notes = List.copyOf(notes);
    }

    public boolean reachable() {
      return !findings.isEmpty() || !complete;
    }
  }

  public static Report of(Directory d, String tenantId, NoNewAccess.Options options) {
    Tenant tenant = d.tenant(tenantId).orElseThrow(() -> new IamException("No tenant \"" + tenantId + "\""));
    Map<String, Policy> own = TenantPrincipals.trustPolicies(d, tenantId::equals);
    List<Finding> out = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean complete = true;
    AccessCheckResult grants = NoNewAccess.outsideAccess(tenant.id(), own, options.withAllReasons(true));
    notes.addAll(grants.notes());
    complete &= grants.complete();
    for (AccessCheckResult.Reason r : grants.reasons()) {
      Caller c = r.counterexample().request().caller();
      boolean standalone = c.account() == null;
      out.add(new Finding(c.display(), standalone, r.description(), r.counterexample()));
    }
    Map<String, Policy> others = TenantPrincipals.trustPolicies(d, id -> !id.equals(tenantId));
    Map<String, Policy> all = TenantPrincipals.trustPolicies(d, id -> true);
    for (Tenant other : d.tenants().values()) {
      if (other.id().equals(tenantId)) {
        continue;
      }
      for (Identity i : TenantPrincipals.of(d, other).values()) {
        if (i instanceof Identity.RootIdentity && !other.rootEnabled()) {
          continue;
        }
        AccessCheckResult r = NoNewAccess.sets(new Side(i.policies(), others), new Side(i.policies(), all), TenantPrincipals.subject(i),
            options.withAllReasons(false));
        notes.addAll(r.notes());
        complete &= r.complete();
        r.counterexample().ifPresent(c -> out.add(new Finding(i.caller().display(), true, i.caller().display() + " of tenant " + other.id()
            + " may perform " + c.request().action() + " on " + c.request().resource() + " of tenant " + tenantId + ".", c)));
      }
    }
    return new Report(tenantId, out, notes, complete);
  }
}
