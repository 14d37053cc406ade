package io.iam4j.policy;

import io.iam4j.json.Location;

/**
 * One reason a document cannot be accepted, located precisely: source, JSON pointer, line and
 * column, what was found and what was expected. Never echoes more of the input than the offending
 * value.
 */
public record Problem(String source, String pointer, Location location, String message, String found, String expected) {

  /** {@code source:line:column: pointer: message (found X; expected Y)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (source != null && !source.isEmpty()) {
      sb.append(source).append(':');
    }
    if (location != null && location.offset() >= 0) {
      sb.append(location.line()).append(':').append(location.column()).append(':');
    }
    if (sb.length() > 0) {
      sb.append(' ');
    }
    sb.append(pointer.isEmpty() ? "/" : pointer).append(": ").append(message);
    if (found != null || expected != null) {
      sb.append(" (");
      if (found != null) {
        sb.append("found ").append(found);
      }
      if (expected != null) {
        sb.append(found != null ? "; " : "").append("expected ").append(expected);
      }
      sb.append(')');
    }
    return sb.toString();
  }
}
