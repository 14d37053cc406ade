package io.iam4j.audit;

import java.util.List;

/**
 * Builds one compact JSON object, fields in the order they are added. The trail's lines are hashed
 * byte for byte, so they are produced here rather than by whatever JSON-P the server ships: the same
 * record always gives the same bytes. Not thread-safe; one per line.
 */
final class AuditJson {
  private final StringBuilder out = new StringBuilder(640).append('{');
  private boolean first = true;

  AuditJson add(String name, String value) {
    if (value != null) {
      key(name);
      string(out, value);
    }
    return this;
  }

  AuditJson add(String name, long value) {
    key(name);
    out.append(value);
    return this;
  }

  AuditJson add(String name, boolean value) {
    key(name);
    out.append(value);
    return this;
  }

  AuditJson add(String name, List<String> values) {
    key(name);
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      string(out, values.get(i));
    }
    out.append(']');
    return this;
  }

  /** Adds an already serialized JSON value (an object or array built by another {@code AuditJson}). */
  AuditJson addRaw(String name, String json) {
    key(name);
    out.append(json);
    return this;
  }

  private void key(String name) {
    if (!first) {
      out.append(',');
    }
    first = false;
    string(out, name);
    out.append(':');
  }

  String build() {
    return out.append('}').toString();
  }

  /** RFC 8259 string: quotes, backslash and control characters escaped, everything else as is. */
  static void string(StringBuilder out, String s) {
    out.append('"');
    int plain = plainPrefix(s);
    if (plain == s.length()) {
      // The usual case (ARNs, ids, actions): nothing to escape, one bulk append instead of one per character.
      out.append(s).append('"');
      return;
    }
    out.append(s, 0, plain);
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** How many leading characters of {@code s} need no escaping. */
  private static int plainPrefix(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c == '\u2028' || c == '\u2029') {
        return i;
      }
    }
    return s.length();
  }
}
