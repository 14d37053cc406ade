package io.iam4j.policy;

/** A statement's {@code Effect}: exactly {@code "Allow"} or {@code "Deny"}, case-sensitive as IAM requires. */
public enum Effect {
  ALLOW("Allow"),
  DENY("Deny");

  private final String json;

  Effect(String json) {
    this.json = json;
  }

  public String json() {
    return json;
  }

  /** The effect for its exact JSON spelling, or null. */
  public static Effect of(String json) {
    return switch (json) {
      case "Allow" -> ALLOW;
      case "Deny" -> DENY;
      default -> null;
    };
  }
}
