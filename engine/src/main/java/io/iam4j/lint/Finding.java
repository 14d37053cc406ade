package io.iam4j.lint;

/**
 * One validation finding about a policy, located by JSON pointer.
 *
 * @param code a stable identifier (e.g. {@code PASS_ROLE_WITH_STAR}) for tooling
 */
public record Finding(Severity severity, String code, String pointer, String message) {
  @Override
  public String toString() {
    return severity.words() + " " + code + " at " + (pointer.isEmpty() ? "/" : pointer) + ": " + message;
  }
}
