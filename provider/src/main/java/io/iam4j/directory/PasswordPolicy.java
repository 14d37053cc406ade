package io.iam4j.directory;

import java.time.Duration;
import java.time.Instant;

/**
 * A tenant's account password policy (IAM's {@code UpdateAccountPasswordPolicy}), kept in
 * {@code tenant.json} as {@code "passwordPolicy"}. Immutable.
 *
 * @param minimumPasswordLength 6 to 128
 * @param maxPasswordAge days a password stays valid (1 to 1095), 0 for no expiry
 * @param passwordReusePrevention how many previous passwords may not be reused (1 to 24), 0 for none
 * @param hardExpiry whether an expired password can no longer be changed by its user (only an
 *     administrator resets it)
 */
public record PasswordPolicy(int minimumPasswordLength, boolean requireSymbols, boolean requireNumbers,
    boolean requireUppercaseCharacters, boolean requireLowercaseCharacters, boolean allowUsersToChangePassword,
    int maxPasswordAge, int passwordReusePrevention, boolean hardExpiry) {
  /** IAM's symbols: {@code ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '}. */
  public static final String SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

  /** IAM's default when a tenant sets none: at least 8 characters... of which nothing more is asked. */
  public static final PasswordPolicy NONE = new PasswordPolicy(8, false, false, false, false, true, 0, 0, false);

  /** Whether a password set at {@code changed} has expired at {@code now} under this policy. */
  public boolean expired(Instant changed, Instant now) {
    return maxPasswordAge > 0 && changed != null && !now.isBefore(changed.plus(Duration.ofDays(maxPasswordAge)));
  }

  /** Why {@code password} does not satisfy this policy, or null when it does. Never quotes it. */
  public String violation(char[] password) {
    boolean symbol = false;
    boolean number = false;
    boolean upper = false;
    boolean lower = false;
    for (char c : password) {
      symbol |= SYMBOLS.indexOf(c) >= 0;
      number |= c >= '0' && c <= '9';
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
    }
    StringBuilder why = new StringBuilder();
    if (password.length < minimumPasswordLength) {
      why.append(" It must be at least ").append(minimumPasswordLength).append(" characters long.");
    }
    if (password.length > 128) {
      why.append(" It must be at most 128 characters long.");
    }
    if (requireSymbols && !symbol) {
      why.append(" It must contain at least one symbol (").append(SYMBOLS).append(").");
    }
    if (requireNumbers && !number) {
      why.append(" It must contain at least one number.");
    }
    if (requireUppercaseCharacters && !upper) {
      why.append(" It must contain at least one uppercase letter.");
    }
    if (requireLowercaseCharacters && !lower) {
      why.append(" It must contain at least one lowercase letter.");
    }
    return why.isEmpty() ? null : "Password does not conform to the account password policy:" + why;
  }
}
