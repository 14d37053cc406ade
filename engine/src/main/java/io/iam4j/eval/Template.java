package io.iam4j.eval;

import java.util.ArrayList;
import java.util.List;

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
    for (PolicyVariables.Part part : PolicyVariables.parts(raw)) {
      if (part instanceof PolicyVariables.Variable v) {
        if (lit.length() > 0) {
          parts.add(lit.toString());
          lit.setLength(0);
        }
        parts.add(new Var(v.lowerKey(), v.key(), v.defaultValue()));
      } else if (part instanceof PolicyVariables.Escaped e) {
        lit.append(e.c()); // literal: never a wildcard
      } else {
        for (char c : ((PolicyVariables.Literal) part).text().toCharArray()) {
          lit.append(wildcards ? wild(c) : c);
        }
      }
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
    if (parts == null) {
      return List.of(); // a constant: asked for every pattern of every statement when a set is compiled
    }
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
