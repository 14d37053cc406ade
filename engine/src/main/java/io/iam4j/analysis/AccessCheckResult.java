package io.iam4j.analysis;

import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Decision;
import java.util.List;
import java.util.Optional;

/**
 * The answer of a no-new-access check, shaped like IAM Access Analyzer's {@code CheckNoNewAccess}
 * response ({@code result}, {@code message}, {@code reasons}) plus what Access Analyzer does not
 * give: a concrete request the updated policies allow and the existing ones do not, confirmed by
 * the evaluator. Immutable.
 *
 * @param reasons for {@link Result#FAIL}, the statements of the updated policies that grant new
 *     access, each with its own counterexample; empty for {@link Result#PASS}
 * @param counterexample the first request found that only the updated policies allow
 * @param complete false when a bound cut the search short; then the result is {@link Result#FAIL}
 *     unless a counterexample was found anyway (an undecided check never passes)
 * @param notes how the search was bounded or abstracted, for the reader
 * @param evaluations how many requests the evaluator decided (both sides)
 */
public record AccessCheckResult(Result result, String message, List<Reason> reasons, Optional<Counterexample> counterexample,
    boolean complete, List<String> notes, long evaluations) {

  public AccessCheckResult {
    reasons = List.copyOf(reasons);
    notes = List.copyOf(notes);
  }

  /** Access Analyzer's two results. */
  public enum Result {
    /** The updated policies allow no request the existing ones deny. */
    PASS,
    /** The updated policies allow a request the existing ones deny (or the check could not decide). */
    FAIL
  }

  public boolean passed() {
    return result == Result.PASS;
  }

  /**
   * One statement of the updated policies that grants new access.
   *
   * @param policy the policy's name (file, ARN or slot)
   * @param statementIndex the statement's 0-based position in its policy
   * @param statementId its {@code Sid}, or null
   * @param counterexample a request this statement allows that the existing policies do not
   */
  public record Reason(String description, String policy, int statementIndex, String statementId, Counterexample counterexample) {}

  /**
   * A request the updated policies allow and the existing ones do not, with both decisions.
   *
   * @param updated the evaluator's decision with the updated policies: an allow
   * @param existing its decision with the existing policies: a deny
   */
  public record Counterexample(AuthorizationRequest request, Decision updated, Decision existing) {}
}
