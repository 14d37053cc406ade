package io.iam4j.policy;

/**
 * The kinds of policy IAM distinguishes, each with its own grammar rules and its own place in the
 * evaluation logic.
 */
public enum PolicyType {
  /** Attached to a user, group or role (inline or managed). No {@code Principal}; needs a resource element. */
  IDENTITY("identity-based"),
  /** Attached to a resource (bucket policy, role trust policy). Needs {@code Principal} or {@code NotPrincipal}. */
  RESOURCE("resource-based"),
  /** A permissions boundary: caps identity-based permissions, grants nothing itself. */
  BOUNDARY("permissions boundary"),
  /** Passed when a role or federated session was made: caps the session, grants nothing itself. */
  SESSION("session"),
  /** A tenant guardrail, the analogue of an Organizations service control policy. */
  GUARDRAIL("guardrail");

  private final String words;

  PolicyType(String words) {
    this.words = words;
  }

  /** How IAM's messages name this kind ("no identity-based policy allows ..."). */
  public String words() {
    return words;
  }

  /** The words with their article, as a sentence needs them ("an identity-based", "a session"). */
  public String withArticle() {
    return ("aeiou".indexOf(words.charAt(0)) >= 0 ? "an " : "a ") + words;
  }

  /** The lower-case name used in case files, CLI options and JSON output. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether statements of this kind may (and must) name principals. */
  public boolean namesPrincipals() {
    return this == RESOURCE;
  }
}
