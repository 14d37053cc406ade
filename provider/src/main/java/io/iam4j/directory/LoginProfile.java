package io.iam4j.directory;

import java.time.Instant;
import java.util.List;

/**
 * What IAM keeps about a user's console password beside its hash ({@code "loginProfile"} of the
 * user's file). Immutable; {@link #toString()} does not show the previous hashes.
 *
 * @param created when the login profile was created (IAM's {@code CreateDate})
 * @param changed when the password was last set: the start of its {@code MaxPasswordAge}
 * @param resetRequired whether the user must choose a new password at the next sign-in
 * @param history hashes of previous passwords, newest first, for {@code PasswordReusePrevention}
 */
public record LoginProfile(Instant created, Instant changed, boolean resetRequired, List<String> history) {
  public LoginProfile {
    history = history == null ? List.of() : List.copyOf(history);
  }

  @Override
  public String toString() {
    return "LoginProfile[created=" + created + ", changed=" + changed + ", resetRequired=" + resetRequired + ", history="
        + history.size() + "]";
  }
}
