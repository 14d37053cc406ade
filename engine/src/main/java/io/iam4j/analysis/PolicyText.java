package io.iam4j.analysis;

import io.iam4j.eval.PolicyVariables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a policy string (an Action, Resource or condition value) into tokens as the evaluator reads
 * it ({@code Template}): {@code ${key}} and {@code ${key, 'default'}} are policy variables under
 * version 2012-10-17, {@code ${*}}, {@code ${?}} and {@code ${$}} are literal characters, and with
 * wildcards on, {@code *} and {@code ?} are {@link Nfa#STAR} and {@link Nfa#ONE}. A variable's value
 * is substituted as literal text.
 */
final class PolicyText {
  private PolicyText() {}

  /**
   * The tokens of {@code raw} with the variables' values from {@code values} (lower-cased keys; a
   * missing entry is an absent key), or null when a variable has neither value nor default: then the
   * element matches nothing.
   */
  static List<Integer> tokens(String raw, boolean variables, boolean wildcards, Map<String, String> values) {
    List<Integer> out = new ArrayList<>();
    for (PolicyVariables.Part part : parts(raw, variables)) {
      if (part instanceof PolicyVariables.Variable v) {
        String value = values.get(v.lowerKey());
        if (value == null) {
          value = v.defaultValue();
        }
        if (value == null) {
          return null;
        }
        value.chars().forEach(out::add);
      } else if (part instanceof PolicyVariables.Escaped e) {
        out.add((int) e.c());
      } else {
        for (char c : ((PolicyVariables.Literal) part).text().toCharArray()) {
          out.add(wildcards && c == '*' ? Nfa.STAR : wildcards && c == '?' ? Nfa.ONE : (int) c);
        }
      }
    }
    return out;
  }

  /** The keys of the policy variables in {@code raw}, as written. */
  static List<String> variableKeys(String raw, boolean variables) {
    List<String> out = new ArrayList<>();
    for (PolicyVariables.Part p : parts(raw, variables)) {
      if (p instanceof PolicyVariables.Variable v) {
        out.add(v.key());
      }
    }
    return out;
  }

  /**
   * The literal runs of {@code raw} between wildcards, variables and the separators {@code /} and
   * {@code :}: candidate values for a policy variable that the other policy spells out.
   */
  static List<String> literalRuns(String raw) {
    List<String> out = new ArrayList<>();
    for (String s : raw.split("[*?/:]|\\$\\{[^}]*\\}")) {
      if (!s.isEmpty() && s.length() <= 64) {
        out.add(s);
      }
    }
    return out;
  }

  /** The pieces of {@code raw}: one literal when variables are off (policy version 2008-10-17). */
  private static List<PolicyVariables.Part> parts(String raw, boolean variables) {
    if (!variables) {
      return raw.isEmpty() ? List.of() : List.of(new PolicyVariables.Literal(raw));
    }
    return PolicyVariables.parts(raw);
  }

}
