package io.iam4j.jakarta.runtime;

import io.iam4j.directory.User;
import io.iam4j.jakarta.ContainerRoles;
import io.iam4j.signin.PasswordCheck;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Jakarta Security identity store over the tenant directory: callers sign in as {@code
 * user@tenant} with the password whose PBKDF2 hash the user's file holds. Their container groups are
 * their IAM groups qualified by their tenant ({@code Developers@acme}), so {@code
 * isCallerInRole("Developers@acme")} and {@code @RolesAllowed} name one tenant's group. An unknown
 * user costs the same PBKDF2 work as a known one ({@link PasswordCheck}, {@code iam4j.password.*}).
 * Installed with iam4j's mechanism by {@link SignInSelection} ({@code iam4j.sign-in}); an application
 * with a mechanism of its own may still use it through an {@code @ApplicationScoped} subclass.
 */
// A bean of the jar, kept or vetoed by SignInSelection (iam4j.sign-in).
@jakarta.enterprise.context.ApplicationScoped
public class DirectoryIdentityStore implements IdentityStore {
  @Inject Iam4j iam4j;
  @Inject Pbkdf2PasswordHash passwordHash;

  private volatile PasswordCheck check;

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential c)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    Optional<User> user = check().check(iam4j.store().directory(), c.getCaller(), c.getPassword().getValue());
    if (user.isEmpty()) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    if (PasswordCheck.expired(iam4j.store().directory(), c.getCaller(), user.get(), java.time.Instant.now())) {
      java.util.logging.Logger.getLogger(DirectoryIdentityStore.class.getName()).info(() -> "Sign-in refused for "
          + c.getCaller() + ": the password has expired under the tenant's password policy (ChangePassword or UpdateLoginProfile)");
      return CredentialValidationResult.INVALID_RESULT;
    }
    String tenant = c.getCaller().substring(c.getCaller().lastIndexOf('@') + 1);
    // The password signed in: the credential report's password_last_used (first use per 5 minutes).
    io.iam4j.config.PasswordUsage usage = iam4j.passwordUsage();
    if (usage != null) {
      usage.record(tenant, user.get().name());
    }
    return new CredentialValidationResult(c.getCaller(), ContainerRoles.of(user.get().groups(), tenant));
  }

  @Override
  public Set<String> getCallerGroups(CredentialValidationResult result) {
    String caller = result.getCallerPrincipal().getName();
    String tenant = caller.substring(caller.lastIndexOf('@') + 1);
    return find(caller).map(u -> ContainerRoles.of(u.groups(), tenant)).orElse(Set.of());
  }

  /** The user a caller name {@code user@tenant} names, in the serving configuration. */
  public Optional<User> find(String callerName) {
    return PasswordCheck.find(iam4j.store().directory(), callerName);
  }

  /**
   * The check, with its dummy hash made once with {@code iam4j.password.algorithm} and {@code
   * iam4j.password.iterations}: the parameters of the directory's hashes, not the container's
   * default (which is far cheaper), so that an unknown user costs what a known one does.
   */
  private PasswordCheck check() {
    PasswordCheck c = check;
    if (c == null) {
      synchronized (this) {
        c = check;
        if (c == null) {
          c = new PasswordCheck((password, hash) -> {
            // Parameters come from the stored hash itself; initialize only resets the instance.
            passwordHash.initialize(Map.of());
            return passwordHash.verify(password, hash);
          }, PasswordCheck.dummyHash(Iam4jSettings.passwordAlgorithm(), Iam4jSettings.passwordIterations()));
          check = c;
        }
      }
    }
    return c;
  }
}
