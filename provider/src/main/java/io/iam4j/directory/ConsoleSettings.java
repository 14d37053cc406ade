package io.iam4j.directory;

/**
 * A tenant's administration console settings ({@code tenant.json}'s {@code "console"}).
 *
 * @param requireMfa every console sign-in of the tenant needs a valid MFA code: a user without an
 *     MFA device cannot sign in to the console
 */
public record ConsoleSettings(boolean requireMfa) {
  /** No {@code "console"} member: password sign-in, MFA when the user gives a code. */
  public static final ConsoleSettings DEFAULTS = new ConsoleSettings(false);
}
