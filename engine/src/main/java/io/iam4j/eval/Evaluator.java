package io.iam4j.eval;

import io.iam4j.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * AWS IAM's policy evaluation logic over a compiled {@link PolicySet}. Stateless and thread-safe.
 *
 * <ol>
 *   <li>An explicit {@code Deny} in any policy in play wins.
 *   <li>A tenant's own principals must be within its guardrails: some guardrail allows.
 *   <li>Services, identity providers and anonymous callers are decided by the resource policy alone.
 *   <li>Across tenants, the resource policy must allow (naming the caller or its tenant) and so must
 *       the caller's identity policies, within its boundary and session policies.
 *   <li>Within a tenant, a resource policy that names the caller itself grants on its own; one that
 *       names the caller's role is still limited by boundary and session policies; one that names the
 *       tenant delegates to identity policies. Role trust policies and key policies must allow
 *       explicitly. Otherwise the identity policies must allow, within boundary and session policies.
 * </ol>
 *
 * <p>Any failure while deciding is a deny (fail closed), logged with its cause.
 */
public final class Evaluator {
  private static final Logger LOG = Logger.getLogger(Evaluator.class.getName());

  /** Actions whose resource is a role: its trust policy must allow them, whatever identity policies say. */
  private static final Set<String> TRUST_ACTIONS = Set.of("sts:assumerole", "sts:assumerolewithsaml",
      "sts:assumerolewithwebidentity", "sts:tagsession", "sts:setsourceidentity", "sts:setcontext");

  private Evaluator() {}

  public static Decision evaluate(PolicySet set, AuthorizationRequest request) {
    return guarded(request, () -> decide(set, request));
  }

  /** Runs a decision so that any failure becomes a logged deny, never an exception or an allow. */
  static Decision guarded(AuthorizationRequest request, java.util.function.Supplier<Decision> decision) {
    try {
      return decision.get();
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(Level.WARNING, "Evaluation failed; denying " + request.action() + " on " + request.resource(), e);
      return Decision.failure(e.toString());
    }
  }

  private static Decision decide(PolicySet set, AuthorizationRequest request) {
    EvalState st = new EvalState(request, set.hasBoundary());
    try {
      return decide(set, request, st);
    } finally {
      st.release();
    }
  }

  private static Decision decide(PolicySet set, AuthorizationRequest request, EvalState st) {
    boolean aws = st.aws;

    // sts:GetCallerIdentity needs no permission and cannot be denied (IAM documentation).
    if (aws && st.actionLower.equals("sts:getcalleridentity")) {
      return CALLER_IDENTITY;
    }

    // Policies that belong to the principal apply only to AWS-kind callers; guardrails only to the
    // tenant's own principals (a service or anonymous caller is nobody's principal).
    PolicyGroup.Matches identity = aws ? new PolicyGroup.Matches() : PolicyGroup.Matches.NONE;
    PolicyGroup.Matches boundary = set.boundary() == null ? null : new PolicyGroup.Matches();
    PolicyGroup.Matches session = set.session() == null ? null : new PolicyGroup.Matches();
    PolicyGroup.Matches resource = set.resource() == null ? PolicyGroup.Matches.NONE : new PolicyGroup.Matches();
    PolicyGroup.Matches guardrails = set.guardrails() == null || !aws ? null : new PolicyGroup.Matches();

    if (guardrails != null) {
      set.guardrails().evaluate(st, guardrails);
    }
    if (aws) {
      set.identity().evaluate(st, identity);
      if (boundary != null) {
        set.boundary().evaluate(st, boundary);
      }
      if (session != null) {
        set.session().evaluate(st, session);
      }
    }
    if (set.resource() != null) {
      set.resource().evaluate(st, resource);
    }

    Set<String> missing = st.missingKeys();
    if (denied(guardrails) || identity.denied() || denied(boundary) || denied(session) || resource.denied()) {
      return new Decision(Outcome.EXPLICIT_DENY, denies(guardrails, identity, boundary, session, resource), null, missing, null);
    }
    if (guardrails != null && !guardrails.allowed()) {
      return implicit(PolicyType.GUARDRAIL, missing);
    }
    if (!aws) {
      return resource.allowed()
          ? new Decision(Outcome.ALLOW, resource.allowList(), null, missing, null)
          : implicit(PolicyType.RESOURCE, missing);
    }

    Caller c = request.caller();
    boolean identityAllows = c instanceof Caller.Root || identity.allowed();
    boolean boundaryAllows = boundary == null || boundary.allowed();
    // A federated-user session without a session policy has no permissions.
    boolean sessionAllows = session == null ? !(c instanceof Caller.FederatedUser) : session.allowed();
    PrincipalMatcher.Grant grant = resource.grant;

    if (request.crossAccount()) {
      if (grant == PrincipalMatcher.Grant.NONE) {
        return implicit(PolicyType.RESOURCE, missing);
      }
      PolicyType gap = principalGap(identityAllows, boundaryAllows, sessionAllows);
      return gap != null ? implicit(gap, missing) : allow(identity, resource, missing);
    }

    switch (grant) {
      case DIRECT:
        return allow(null, resource, missing);
      case ROLE:
        if (boundaryAllows && sessionAllows) {
          return allow(null, resource, missing);
        }
        return implicit(!boundaryAllows ? PolicyType.BOUNDARY : PolicyType.SESSION, missing);
      default:
        break;
    }
    if (grant == PrincipalMatcher.Grant.NONE && resourcePolicyRequired(st)) {
      return implicit(PolicyType.RESOURCE, missing);
    }
    PolicyType gap = principalGap(identityAllows, boundaryAllows, sessionAllows);
    return gap != null ? implicit(gap, missing) : allow(identity, resource, missing);
  }

  /** The matching Deny statements, layer by layer (guardrails, identity, boundary, session, resource). */
  private static List<StatementRef> denies(PolicyGroup.Matches... layers) {
    List<StatementRef> only = null;
    int layersDenying = 0;
    for (PolicyGroup.Matches m : layers) {
      if (denied(m)) {
        only = m.denyList();
        layersDenying++;
      }
    }
    if (layersDenying == 1) {
      return only;
    }
    List<StatementRef> all = new ArrayList<>();
    for (PolicyGroup.Matches m : layers) {
      if (denied(m)) {
        all.addAll(m.denyList());
      }
    }
    return all;
  }

  /**
   * Role trust policies and KMS key policies are the exceptions to "identity policy or resource
   * policy": they must allow explicitly, even within the tenant.
   */
  private static boolean resourcePolicyRequired(EvalState st) {
    if (TRUST_ACTIONS.contains(st.actionLower)) {
      return true;
    }
    return st.service.equals("kms") && st.arn()
        && st.resource.substring(st.segmentStart()).toLowerCase(Locale.ROOT).startsWith("key/");
  }

  private static boolean denied(PolicyGroup.Matches m) {
    return m != null && m.denied();
  }

  private static PolicyType principalGap(boolean identity, boolean boundary, boolean session) {
    if (!identity) {
      return PolicyType.IDENTITY;
    }
    if (!boundary) {
      return PolicyType.BOUNDARY;
    }
    if (!session) {
      return PolicyType.SESSION;
    }
    return null;
  }

  private static Decision implicit(PolicyType layer, Set<String> missing) {
    return missing.isEmpty() ? IMPLICIT[layer.ordinal()] : new Decision(Outcome.IMPLICIT_DENY, List.of(), layer, missing, null);
  }

  /** The allow of sts:GetCallerIdentity, and the implicit denies without missing keys by layer: immutable, made once. */
  private static final Decision CALLER_IDENTITY = new Decision(Outcome.ALLOW, List.of(), null, Set.of(), null);
  private static final Decision[] IMPLICIT = java.util.Arrays.stream(PolicyType.values())
      .map(t -> new Decision(Outcome.IMPLICIT_DENY, List.of(), t, Set.of(), null)).toArray(Decision[]::new);

  private static Decision allow(PolicyGroup.Matches identity, PolicyGroup.Matches resource, Set<String> missing) {
    List<StatementRef> deciding;
    if (identity == null || !identity.allowed()) {
      deciding = resource.allowList();
    } else if (!resource.allowed()) {
      deciding = identity.allowList();
    } else {
      deciding = new ArrayList<>(identity.allowList());
      deciding.addAll(resource.allowList());
    }
    return new Decision(Outcome.ALLOW, deciding, null, missing, null);
  }
}
