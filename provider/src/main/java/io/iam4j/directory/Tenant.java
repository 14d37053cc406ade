package io.iam4j.directory;

import io.iam4j.policy.Policy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One tenant's configuration: the analogue of an AWS account. Immutable; a change produces a new
 * {@code Tenant} with a higher {@link #version()}.
 *
 * @param id the tenant id, the account field of its ARNs
 * @param version moves on every change of the configuration
 * @param policies tenant-managed policies by ARN
 * @param guardrails the tenant's guardrails; empty means none are in play
 * @param rootEnabled whether the tenant root user may sign in at all
 * @param fingerprint SHA-256 of the files this configuration was read from
 * @param identityMapping how callers of other identity sources become this tenant's identities
 *     ({@code identity-mapping.json}; {@link IdentityMapping#NONE} without the file)
 * @param passwordPolicy the account password policy ({@code tenant.json}'s {@code "passwordPolicy"}),
 *     or null when the tenant has none
 * @param console the administration console's settings ({@code tenant.json}'s {@code "console"})
 */
public record Tenant(String id, long version, String description, Map<String, User> users, Map<String, Group> groups,
    Map<String, Role> roles, Map<String, ManagedPolicy> policies, List<Policy> guardrails, boolean rootEnabled,
    String fingerprint, IdentityMapping identityMapping, PasswordPolicy passwordPolicy, ConsoleSettings console) {

  public Tenant {
    console = console == null ? ConsoleSettings.DEFAULTS : console;
    identityMapping = identityMapping == null ? IdentityMapping.NONE : identityMapping;
    users = Collections.unmodifiableMap(new TreeMap<>(users));
    groups = Collections.unmodifiableMap(new TreeMap<>(groups));
    roles = Collections.unmodifiableMap(new TreeMap<>(roles));
    policies = Collections.unmodifiableMap(new TreeMap<>(policies));
    guardrails = List.copyOf(guardrails);
  }

  /** A tenant with the console's default settings. */
  public Tenant(String id, long version, String description, Map<String, User> users, Map<String, Group> groups,
      Map<String, Role> roles, Map<String, ManagedPolicy> policies, List<Policy> guardrails, boolean rootEnabled,
      String fingerprint, IdentityMapping identityMapping, PasswordPolicy passwordPolicy) {
    this(id, version, description, users, groups, roles, policies, guardrails, rootEnabled, fingerprint, identityMapping, passwordPolicy,
        ConsoleSettings.DEFAULTS);
  }

  /** A tenant without a password policy. */
  public Tenant(String id, long version, String description, Map<String, User> users, Map<String, Group> groups,
      Map<String, Role> roles, Map<String, ManagedPolicy> policies, List<Policy> guardrails, boolean rootEnabled,
      String fingerprint, IdentityMapping identityMapping) {
    this(id, version, description, users, groups, roles, policies, guardrails, rootEnabled, fingerprint, identityMapping, null);
  }

  /** A tenant without an identity mapping file. */
  public Tenant(String id, long version, String description, Map<String, User> users, Map<String, Group> groups,
      Map<String, Role> roles, Map<String, ManagedPolicy> policies, List<Policy> guardrails, boolean rootEnabled,
      String fingerprint) {
    this(id, version, description, users, groups, roles, policies, guardrails, rootEnabled, fingerprint, IdentityMapping.NONE);
  }

  public Tenant withVersion(long newVersion) {
    return new Tenant(id, newVersion, description, users, groups, roles, policies, guardrails, rootEnabled, fingerprint,
        identityMapping, passwordPolicy, console);
  }
}
