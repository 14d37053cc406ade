package io.iam4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A compiled policy string that may hold policy variables ({@code ${aws:username}}, {@code
 * ${aws:PrincipalTag/team, 'none'}}, {@code ${*}}). Resolving substitutes the request's values as
 * literal text: a {@code *} in a user name never becomes a wildcard. Immutable.
 */
final class Template {
  /** A variable: the lower-cased key, the name as written, and its default (null for none). */
  record Var(String lowerKey, String key, String defaultValue) {}

  private final String constant;
  private final Object[] parts;

  private Template(String constant, Object[] parts) {
    this.constant = constant;
    this.parts = parts;
  }

  /**
   * @param variables whether {@code ${...}} is a variable (policy version 2012-10-17)
   * @param wildcards whether {@code *} and {@code ?} in the literal text are wildcards
   */
  static Template compile(String raw, boolean variables, boolean wildcards) {
    if (!variables || !raw.contains("${")) {
      return new Template(wildcards ? Glob.encode(raw) : raw, null);
    }
    List<Object> parts = new ArrayList<>();
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
      lit.append(wildcards ? wild(c) : c);
      i++;
    }
    if (lit.length() > 0) {
      parts.add(lit.toString());
    }
    boolean anyVar = parts.stream().anyMatch(p -> p instanceof Var);
    if (!anyVar) {
      return new Template(String.join("", parts.stream().map(Object::toString).toList()), null);
    }
    return new Template(null, parts.toArray());
  }

  private static char wild(char c) {
    return c == '*' ? Glob.STAR : c == '?' ? Glob.ONE : c;
  }

  /**
   * Parses the variable starting at {@code start} ({@code ${}). On success flushes the pending
   * literal, adds the part and returns the index after the closing brace; returns -1 when the text is
   * not a well-formed variable (IAM then leaves it as literal text).
   */
  private static int parseVariable(String raw, int start, List<Object> parts, StringBuilder lit) {
    int i = start + 2;
    if (i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
      char special = raw.charAt(i);
      if (special == '*' || special == '?' || special == '$') {
        lit.append(special); // literal: never a wildcard
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
    if (lit.length() > 0) {
      parts.add(lit.toString());
      lit.setLength(0);
    }
    parts.add(new Var(name.toLowerCase(Locale.ROOT), name, def));
    return i + 1;
  }

  boolean isConstant() {
    return constant != null;
  }

  /** The text when there are no variables (encoded when compiled with wildcards). */
  String constant() {
    return constant;
  }

  /**
   * The text with the request's values substituted, or null when a variable has no value and no
   * default: then the element does not match (and the key is reported as missing).
   */
  String resolve(RequestContext ctx, EvalState state) {
    if (constant != null) {
      return constant;
    }
    StringBuilder sb = new StringBuilder(64);
    for (Object p : parts) {
      if (p instanceof Var v) {
        ContextValue cv = ctx.getLower(v.lowerKey());
        String value = cv == null ? null : cv.single();
        if (value == null) {
          if (v.defaultValue() == null) {
            if (state != null && cv == null) {
              state.missing(v.key());
            }
            return null;
          }
          value = v.defaultValue();
        }
        sb.append(value);
      } else {
        sb.append((String) p);
      }
    }
    return sb.toString();
  }

  /** The variables' keys as written (for the decision cache: which context a policy reads). */
  List<String> variableKeys() {
    List<String> out = new ArrayList<>();
    if (parts != null) {
      for (Object p : parts) {
        if (p instanceof Var v) {
          out.add(v.key());
        }
      }
    }
    return out;
  }
}
