package io.iam4j.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.policy.ActionClause;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Action matching without a request, as the evaluator matches: case-insensitive, wildcards, NotAction negated. */
class ActionPatternsTest {
  @Test
  void actionPatternsMatchAsTheEvaluatorDoes() {
    ActionClause a = new ActionClause.Action(List.of("docs:Get*", "iam:ListUser?"));
    assertTrue(ActionPatterns.matches(a, "docs:GetObject"));
    assertTrue(ActionPatterns.matches(a, "DOCS:getobject"), "action names are case-insensitive");
    assertTrue(ActionPatterns.matches(a, "iam:ListUsers"));
    assertFalse(ActionPatterns.matches(a, "iam:ListUser"), "? is exactly one character");
    assertFalse(ActionPatterns.matches(a, "docs:PutObject"));
    assertTrue(ActionPatterns.matches(new ActionClause.Action(List.of("*")), "any:Thing"));
  }

  @Test
  void notActionCoversEverythingElse() {
    ActionClause n = new ActionClause.NotAction(List.of("iam:*"));
    assertTrue(ActionPatterns.matches(n, "docs:GetObject"));
    assertFalse(ActionPatterns.matches(n, "iam:CreateUser"));
  }

  @Test
  void onlyAPatternWithoutWildcardsNamesOneAction() {
    assertTrue(ActionPatterns.literal("docs:GetObject"));
    assertFalse(ActionPatterns.literal("docs:Get*"));
    assertFalse(ActionPatterns.literal("*"));
  }
}
