package com.example.invoices.users.memory;

import com.example.invoices.users.TeamMembers;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The team's own identity store (the {@code invoices.war} variant): its members, with passwords
 * kept only as PBKDF2 hashes. A plain Jakarta Security {@link IdentityStore}; iam4j reads nothing
 * here, it only sees the caller and groups this store hands the container.
 */
@ApplicationScoped
public class TeamIdentityStore implements IdentityStore {
  private record Account(String hash, Set<String> groups) {}

  @Inject Pbkdf2PasswordHash hashes;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();

  @PostConstruct
  void load() {
    hashes.initialize(Map.of());
    for (TeamMembers.Member m : TeamMembers.ALL) {
      accounts.put(m.name(), new Account(hashes.generate(m.password().toCharArray()), m.groups()));
    }
  }

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential c)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    Account a = accounts.get(c.getCaller());
    if (a == null || !hashes.verify(c.getPassword().getValue(), a.hash())) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    return new CredentialValidationResult(c.getCaller(), a.groups());
  }
}
