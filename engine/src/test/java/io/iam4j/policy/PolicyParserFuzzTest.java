package io.iam4j.policy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the policy parser (Jazzer, coverage-guided). The only acceptable outcomes are a policy or
 * a {@link PolicyException} whose problems are all located: any other exception fails the test.
 *
 * <p>Fuzzes for a bounded time when {@code JAZZER_FUZZ} is set (the build sets it), otherwise
 * replays the seeds in {@code src/test/resources/io/iam4j/policy/PolicyParserFuzzTestInputs}.
 */
class PolicyParserFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void parse_anyInput_onlyLocatedProblems(FuzzedDataProvider data) {
    PolicyType type = data.pickValue(PolicyType.values());
    String text = data.consumeRemainingAsString();
    try {
      Policy policy = PolicyParser.standard().parse(text, type, "fuzz");
      // What was accepted prints and parses back to the same policy.
      Policy again = PolicyParser.standard().parse(PolicyPrinter.print(policy), type, "fuzz");
      if (!again.equals(policy)) {
        throw new AssertionError("print/parse changed the policy: " + policy + " vs " + again);
      }
    } catch (PolicyException e) {
      for (Problem p : e.problems()) {
        if (p.pointer() == null || p.message() == null || p.location() == null) {
          throw new AssertionError("unlocated problem: " + p);
        }
      }
    }
  }
}
