package io.iam4j.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  /** One piece of a policy string: literal text or a variable. */
  private record Var(String lowerKey, String key, String defaultValue) {}

  /** {@code ${*}}, {@code ${?}} or {@code ${$}}: the character itself, never a wildcard. */
  private record Escaped(char c) {}

  /**
   * The tokens of {@code raw} with the variables' values from {@code values} (lower-cased keys; a
   * missing entry is an absent key), or null when a variable has neither value nor default: then the
   * element matches nothing.
   */
  static List<Integer> tokens(String raw, boolean variables, boolean wildcards, Map<String, String> values) {
    List<Integer> out = new ArrayList<>();
    for (Object part : parts(raw, variables)) {
      if (part instanceof Var v) {
        String value = values.get(v.lowerKey());
        if (value == null) {
          value = v.defaultValue();
        }
        if (value == null) {
          return null;
        }
        value.chars().forEach(out::add);
      } else if (part instanceof Escaped e) {
        out.add((int) e.c());
      } else {
        for (char c : ((String) part).toCharArray()) {
          out.add(wildcards && c == '*' ? Nfa.STAR : wildcards && c == '?' ? Nfa.ONE : (int) c);
        }
      }
    }
    return out;
  }

  /** The keys of the policy variables in {@code raw}, as written. */
  static List<String> variableKeys(String raw, boolean variables) {
    List<String> out = new ArrayList<>();
    for (Object p : parts(raw, variables)) {
      if (p instanceof Var v) {
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

  /** Literal strings, {@link Escaped} characters and {@link Var}s, in order. */
  private static List<Object> parts(String raw, boolean variables) {
    List<Object> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (variables && c == '$' && i + 1 < raw.length() && raw.charAt(i + 1) == '{') {
        int end = variable(raw, i, parts, lit);
        if (end > 0) {
          i = end;
          continue;
        }
      }
      lit.append(c);
      i++;
    }
    if (lit.length() > 0) {
      parts.add(lit.toString());
    }
    return parts;
  }

  /** As {@code Template.parseVariable}; a literal {@code ${*}} becomes a {@code Character} part. */
  private static int variable(String raw, int start, List<Object> parts, StringBuilder lit) {
    int i = start + 2;
    if (i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
      char special = raw.charAt(i);
      if (special == '*' || special == '?' || special == '$') {
        flush(parts, lit);
        parts.add(new Escaped(special));
        return i + 2;
      }
    }
    int nameStart = i;
    while (i < raw.length() && raw.charAt(i) != '}' && raw.charAt(i) != ',') {
      i++;
    }
    if (i >= raw.length()) {
      return -1;
    }
    String name = raw.substring(nameStart, i).trim();
    if (name.isEmpty() || name.contains(" ") || name.contains("${")) {
      return -1;
    }
    String def = null;
    if (raw.charAt(i) == ',') {
      i++;
      while (i < raw.length() && raw.charAt(i) == ' ') {
        i++;
      }
      if (i >= raw.length() || raw.charAt(i) != '\'') {
        return -1;
      }
      i++;
      StringBuilder d = new StringBuilder();
      while (true) {
        if (i >= raw.length()) {
          return -1;
        }
        char c = raw.charAt(i);
        if (c == '\'') {
          if (i + 1 < raw.length() && raw.charAt(i + 1) == '\'') {
            d.append('\'');
            i += 2;
            continue;
          }
          i++;
          break;
        }
        d.append(c);
        i++;
      }
      while (i < raw.length() && raw.charAt(i) == ' ') {
        i++;
      }
      if (i >= raw.length() || raw.charAt(i) != '}') {
        return -1;
      }
      def = d.toString();
    }
    flush(parts, lit);
    parts.add(new Var(name.toLowerCase(Locale.ROOT), name, def));
    return i + 1;
  }

  private static void flush(List<Object> parts, StringBuilder lit) {
    if (lit.length() > 0) {
      parts.add(lit.toString());
      lit.setLength(0);
    }
  }
}
