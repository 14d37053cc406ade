package io.iam4j.jakarta;

import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Jakarta Security identity store over the tenant directory: callers sign in as {@code
 * user@tenant} with the password whose PBKDF2 hash the user's file holds, and their groups are their
 * IAM groups (so {@code isCallerInRole("Developers")} and {@code @RolesAllowed} keep working).
 * Applications enable it with an {@code @ApplicationScoped} subclass.
 */
public class DirectoryIdentityStore implements IdentityStore {
  @Inject Iam4j iam4j;
  @Inject Pbkdf2PasswordHash passwordHash;

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential c)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    Optional<User> user = find(c.getCaller());
    if (user.isEmpty() || user.get().credentials() == null || user.get().credentials().passwordHash() == null) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    passwordHash.initialize(Map.of());
    if (!passwordHash.verify(c.getPassword().getValue(), user.get().credentials().passwordHash())) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    return new CredentialValidationResult(c.getCaller(), new HashSet<>(user.get().groups()));
  }

  @Override
  public Set<String> getCallerGroups(CredentialValidationResult result) {
    return find(result.getCallerPrincipal().getName()).map(u -> Set.copyOf(u.groups())).orElse(Set.of());
  }

  /** The user a caller name {@code user@tenant} names, in the serving configuration. */
  public Optional<User> find(String callerName) {
    int at = callerName.lastIndexOf('@');
    if (at <= 0) {
      return Optional.empty();
    }
    Optional<Tenant> t = iam4j.store().directory().tenant(callerName.substring(at + 1));
    return t.map(tenant -> tenant.users().get(callerName.substring(0, at)));
  }
}
