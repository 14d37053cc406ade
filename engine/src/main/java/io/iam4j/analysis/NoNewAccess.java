package io.iam4j.analysis;

import io.iam4j.IamException;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.eval.PolicySet;
import io.iam4j.policy.ActionClause;
import io.iam4j.policy.Effect;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.PolicyVersion;
import io.iam4j.policy.ResourceClause;
import io.iam4j.policy.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The no-new-access check: does an updated policy (or policy set) allow a request the existing one
 * does not? IAM Access Analyzer's {@code CheckNoNewAccess}, decided exactly over a finite
 * abstraction of requests, and answered with a counterexample the evaluator confirms. Stateless and
 * thread-safe.
 *
 * <h2>What is compared</h2>
 * <ul>
 *   <li>{@link #policies} with two identity policies: the requests of the unknown principal they are
 *       attached to, every context key free (Access Analyzer's {@code IDENTITY_POLICY}).
 *   <li>{@link #policies} with two resource policies: what each grants on its own to any caller (users,
 *       role sessions, roots of any tenant, services, identity providers, anonymous callers), the
 *       caller's own policies taken to allow ({@code RESOURCE_POLICY}).
 *   <li>{@link #sets}: two whole policy sets of one principal (identity, boundary, guardrails, and
 *       resource policies attached to given resources), through the same evaluator the server uses.
 * </ul>
 *
 * <h2>The abstraction, and why it is exact</h2>
 * A request has dimensions: the action, the resource, each condition key, and (resource policies)
 * the caller. Every policy element tests one dimension with atomic predicates: globs (Action,
 * Resource, {@code StringLike}, {@code ArnLike}), literals ({@code StringEquals}, ignoring case or not),
 * thresholds (numbers, dates), CIDR blocks, booleans, presence ({@code Null}, absent keys,
 * {@code ...IfExists}), name equality (Principal). The atoms of both sides partition each dimension
 * into cells; a statement's match, and so the evaluator's decision, is the same for every request
 * whose values lie in the same cells. So one witness per non-empty cell and dimension decides the
 * question on the cartesian product of witnesses:
 * <ul>
 *   <li>strings: an automaton per atom (a glob's NFA, a literal, an ARN pattern's five parts with
 *       wildcards that never cross a colon), and a breadth-first search over their product that keeps
 *       the first text reaching each new acceptance vector ({@link CellEnumerator});
 *   <li>actions: per service prefix, the cells of the action-name globs, preferring the catalog's
 *       actions and the policies' literals; plus one action of a service nobody names (only {@code *}
 *       and {@code NotAction} reach it). With {@code catalogActionsOnly}, the catalog's actions only;
 *   <li>numbers and dates: below, at, between and above every threshold, and a text of no such type;
 *       IP addresses: the first address of every interval the CIDR blocks cut; booleans: true, false,
 *       neither; every key: absent too;
 *   <li>multi-valued keys ({@code ForAllValues}/{@code ForAnyValue}, {@code aws:TagKeys}, catalog
 *       {@code ArrayOf*} keys): every set of cell witnesses (a set's effect depends only on which
 *       cells its members are in);
 *   <li>callers: each named account's root, a fresh user and role session, each named ARN, each named
 *       service and provider, one of each kind nobody names, anonymous.
 * </ul>
 * The search only visits requests that some Allow statement of the updated side matches (an allowed
 * request always matches one, except for a tenant root, whose candidates are all requests),
 * filtering each dimension by the statement's own element through the evaluator. For each action
 * and resource it then varies only the keys that some statement matching both reads: a statement's
 * conditions are read only once its action and resource match, so no other key can change a decision.
 * NotAction, NotResource and NotPrincipal need nothing more: a negated element has the cells of its
 * patterns.
 *
 * <h2>Limits</h2>
 * <ul>
 *   <li>Policy variables with a known principal take its values (exact). Otherwise each variable's
 *       key is tried absent, with its own conditions' cell witnesses, one fresh value and the literal
 *       runs of the policies' patterns (at most {@link Universe#MAX_VARIABLE_CANDIDATES}); a pattern
 *       relating two dimensions through a variable is exact only for those values. The result's notes
 *       say so.
 *   <li>A key read by operators of different families (a string and a number operator) gets the union
 *       of their witnesses; a multi-valued key with more than {@code maxSetCells} cells gets sets of at
 *       most two; the product automaton and the number of evaluations are bounded. Any of these marks
 *       the result incomplete, and an incomplete check without a counterexample is a FAIL.
 *   <li>Resources are any text, not only those of the catalog's resource types; so is every value.
 * </ul>
 */
public final class NoNewAccess {
  private NoNewAccess() {}

  /**
   * What the check may spend and assume.
   *
   * @param catalog the application's actions (preferred witnesses; with {@code catalogActionsOnly}
   *     the only actions)
   * @param maxEvaluations the most requests decided, both sides together
   * @param maxAutomatonStates the most product states per cell enumeration
   * @param maxSetCells the largest number of cells whose every subset a multi-valued key tries
   * @param maxAssignments the most combinations of policy variable values
   * @param allReasons whether to look for new access in every statement (each reason with its own
   *     counterexample) rather than stop at the first
   * @param partition the ARN partition of made-up principals
   */
  public record Options(ActionCatalog catalog, boolean catalogActionsOnly, long maxEvaluations, int maxAutomatonStates,
      int maxSetCells, int maxAssignments, boolean allReasons, String partition) {
    public static final Options DEFAULTS = new Options(ActionCatalog.EMPTY, false, 2_000_000, 20_000, 6, 64, true, "iam4j");

    public Options withCatalog(ActionCatalog c, boolean only) {
      return new Options(c, only, maxEvaluations, maxAutomatonStates, maxSetCells, maxAssignments, allReasons, partition);
    }

    public Options withMaxEvaluations(long max) {
      return new Options(catalog, catalogActionsOnly, max, maxAutomatonStates, maxSetCells, maxAssignments, allReasons, partition);
    }

    public Options withAllReasons(boolean all) {
      return new Options(catalog, catalogActionsOnly, maxEvaluations, maxAutomatonStates, maxSetCells, maxAssignments, all, partition);
    }

    Universe.Options universe() {
      return new Universe.Options(catalog, catalogActionsOnly, maxAutomatonStates, maxSetCells);
    }
  }

  /** The tenant a standalone identity policy's holder is taken to belong to. */
  public static final String HOLDER_TENANT = "analysis";
  /** The tenant owning the resource whose policies are compared: one no policy can name. */
  public static final String RESOURCE_OWNER = "analysis-resource-owner";

  /** An identity policy that allows everything: a resource policy's caller's own policies, as Access Analyzer reads them. */
  static final Policy ALLOW_ALL = new Policy(PolicyType.IDENTITY, "caller's own policies (taken to allow)", PolicyVersion.V2012_10_17,
      Optional.empty(), List.of(new Statement(Optional.empty(), Effect.ALLOW, Optional.empty(), new ActionClause.Action(List.of("*")),
          Optional.of(new ResourceClause.Resource(List.of("*"))), List.of())));

  /**
   * Compares two identity policies or two resource policies (both of the same type).
   *
   * @throws IamException when the types differ or are neither identity nor resource
   */
  public static AccessCheckResult policies(Policy existing, Policy updated, Options options) {
    if (existing.type() != updated.type()) {
      throw new IamException("Both policies must be of one type: the existing policy is " + existing.type().words()
          + ", the updated one " + updated.type().words());
    }
    return switch (updated.type()) {
      case IDENTITY -> sets(new Side(PolicySet.builder().identity(existing).build()), new Side(PolicySet.builder().identity(updated).build()),
          new Subject.AnyHolder(HOLDER_TENANT), options);
      case RESOURCE -> {
        PolicySet callerOwn = PolicySet.builder().identity(ALLOW_ALL).build();
        yield sets(new Side(callerOwn.withResourcePolicy(existing)), new Side(callerOwn.withResourcePolicy(updated)),
            new Subject.AnyCaller(RESOURCE_OWNER), options);
      }
      default -> throw new IamException("A no-new-access check compares identity or resource policies, not " + updated.type().words()
          + " policies");
    };
  }

  /**
   * Whether resource policies let anyone outside {@code owner} in: another tenant's user, role
   * session or root, a service, an identity provider, an anonymous caller. A FAIL's reasons name
   * each statement that does, with the outsider and the request as counterexample. The outsider's
   * own policies are taken to allow (what the resource policy grants on its own); a caller of no
   * tenant (anonymous, service, provider) needs nothing else.
   *
   * @param resourcePolicies resource-based policies by the ARN of the resource they are attached to
   */
  public static AccessCheckResult outsideAccess(String owner, java.util.Map<String, Policy> resourcePolicies, Options options) {
    PolicySet callerOwn = PolicySet.builder().identity(ALLOW_ALL).build();
    return sets(new Side(PolicySet.builder().build()), new Side(callerOwn, resourcePolicies), new Subject.AnyCaller(owner, true), options);
  }

  /** Compares two sides for one subject: does {@code updated} allow a request {@code existing} does not? */
  public static AccessCheckResult sets(Side existing, Side updated, Subject subject, Options options) {
    return new AccessSearch(existing, updated, subject, options).run();
  }
}
