package io.iam4j.eval;

import io.iam4j.policy.PolicyType;
import java.util.List;
import java.util.Set;

/**
 * The answer to an {@link AuthorizationRequest}, and why. Immutable.
 *
 * @param deciding for an allow the statements that granted it; for an explicit deny the matching
 *     {@code Deny} statements; empty for an implicit deny
 * @param missingAllow for an implicit deny, the layer that had no allow (identity, resource,
 *     boundary, session or guardrail); null otherwise
 * @param missingContextKeys keys that a condition of a relevant statement asked for and the request
 *     did not carry (sorted, as written in the policy)
 * @param error for a deny caused by a failure while deciding (fail closed), its description; else null
 */
public record Decision(Outcome outcome, List<StatementRef> deciding, PolicyType missingAllow,
    Set<String> missingContextKeys, String error) {

  public Decision {
    deciding = List.copyOf(deciding);
    missingContextKeys = Set.copyOf(missingContextKeys);
  }

  public boolean allowed() {
    return outcome == Outcome.ALLOW;
  }

  /** A deny for a failure while deciding: any error is a deny. */
  public static Decision failure(String error) {
    return new Decision(Outcome.IMPLICIT_DENY, List.of(), null, Set.of(), error);
  }

  /**
   * IAM's sentence for a deny ("User: ARN is not authorized to perform: ACTION on resource: ARN
   * because ..."), or a short confirmation for an allow.
   */
  public String message(AuthorizationRequest request) {
    String who = request.caller() instanceof Caller.Anonymous ? "Anonymous caller" : "User: " + request.caller().display();
    String head = who + " is not authorized to perform: " + request.action() + " on resource: " + request.resource();
    return switch (outcome) {
      case ALLOW -> who + " is authorized to perform: " + request.action() + " on resource: " + request.resource();
      case EXPLICIT_DENY -> head + " with an explicit deny in " + (deciding.isEmpty() ? "a " : deciding.get(0).type().withArticle() + " ") + "policy";
      case IMPLICIT_DENY -> {
        if (error != null) {
          yield head + " because the request could not be evaluated";
        }
        PolicyType layer = missingAllow == null ? PolicyType.IDENTITY : missingAllow;
        yield head + " because no " + layer.words() + " policy allows the " + request.action() + " action";
      }
    };
  }
}
