package io.iam4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a policy string (policy version 2012-10-17) splits into literal text and policy variables:
 * {@code ${key}} and {@code ${key, 'default'}} are variables, {@code ${*}}, {@code ${?}} and
 * {@code ${$}} are the characters themselves (never wildcards), and text that is not a well-formed
 * variable stays literal, as IAM reads it. The evaluator ({@code Template}) and the analyses read
 * policies through this one parser so that they never disagree.
 */
public final class PolicyVariables {
  private PolicyVariables() {}

  /** One piece of a policy string. */
  public sealed interface Part permits Literal, Escaped, Variable {}

  /** Literal text, in which {@code *} and {@code ?} are wildcards where the element allows them. */
  public record Literal(String text) implements Part {}

  /** {@code ${*}}, {@code ${?}} or {@code ${$}}: the character itself, never a wildcard. */
  public record Escaped(char c) implements Part {}

  /** A variable: the lower-cased key, the key as written, and its default (null for none). */
  public record Variable(String lowerKey, String key, String defaultValue) implements Part {}

  /** The pieces of {@code raw} in order; consecutive literal characters form one {@link Literal}. */
  public static List<Part> parts(String raw) {
    List<Part> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '$' && i + 1 < raw.length() && raw.charAt(i + 1) == '{') {
        int end = parseVariable(raw, i, parts, lit);
        if (end > 0) {
          i = end;
          continue;
        }
      }
      lit.append(c);
      i++;
    }
    flush(parts, lit);
    return parts;
  }

  /**
   * Parses the variable starting at {@code start} ({@code ${}). On success flushes the pending
   * literal, adds the part and returns the index after the closing brace; returns -1 when the text is
   * not a well-formed variable (IAM then leaves it as literal text).
   */
  private static int parseVariable(String raw, int start, List<Part> parts, StringBuilder lit) {
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
    parts.add(new Variable(name.toLowerCase(Locale.ROOT), name, def));
    return i + 1;
  }

  private static void flush(List<Part> parts, StringBuilder lit) {
    if (lit.length() > 0) {
      parts.add(new Literal(lit.toString()));
      lit.setLength(0);
    }
  }
}
