package io.iam4j.signin;

import io.iam4j.crypto.SessionTokens;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a role-session token (already verified: signature and expiry) is still accepted by its
 * role in the directory serving now. A token ends when its role is deleted, when the role was
 * re-created (another role id, or a deletion seen after the token was issued), when the role's
 * sessions were revoked after it was issued ({@code sessionsValidAfter}, AWS's "Revoke active
 * sessions"), or when it claims a longer life than the role allows. Thread-safe.
 */
public final class RoleSessionCheck {
  private final RoleDeletions deletions;

  public RoleSessionCheck(RoleDeletions deletions) {
    this.deletions = deletions;
  }

  /** Why the token is refused, or empty when its role accepts it. */
  public Optional<String> refusal(SessionTokens.Session s, Directory directory) {
    Optional<Tenant> t = directory.tenant(s.tenant());
    if (t.isEmpty()) {
      return Optional.of("the tenant no longer exists");
    }
    Role role = t.get().roles().get(s.role());
    if (role == null) {
      return Optional.of("the role no longer exists");
    }
    if (!role.id().equals(s.roleId())) {
      return Optional.of("the role was deleted and re-created (its id changed)");
    }
    if (deletions.deletedAt(s.tenant(), s.role()).filter(d -> !s.issuedAt().isAfter(d)).isPresent()) {
      return Optional.of("the role was deleted after the token was issued");
    }
    if (role.sessionsValidAfter() != null && s.issuedAt().isBefore(role.sessionsValidAfter())) {
      return Optional.of("the role's sessions issued before " + role.sessionsValidAfter() + " were revoked");
    }
    if (Duration.between(s.issuedAt(), s.expires()).getSeconds() > role.maxSessionDurationSeconds()) {
      return Optional.of("the token outlives the role's maximum session duration");
    }
    return Optional.empty();
  }
}
