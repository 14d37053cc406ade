package io.iam4j.mapping;

import io.iam4j.directory.Identity;

/** The outcome of mapping a container caller to IAM. */
public sealed interface Mapping {
  /**
   * A principal of the directory (a user's groups include those granted through container groups).
   *
   * @param rule the mapping rule that made it ({@code rule Employees (tenants/acme/identity-mapping.json
   *     /rules/0)}), or null when the caller's name named it
   */
  record Mapped(Identity identity, String rule) implements Mapping {
    public Mapped(Identity identity) {
      this(identity, null);
    }
  }

  /**
   * No credentials, or an authenticated caller that no rule maps (anonymous to IAM, so denied unless a
   * resource policy lets everyone in).
   *
   * @param reason why an authenticated caller is anonymous (null for a caller without credentials)
   */
  record Anonymous(String tenant, String reason) implements Mapping {
    public Anonymous(String tenant) {
      this(tenant, null);
    }
  }

  /** Refused before any policy is read (unknown caller, unknown tenant, a trust policy said no); the reason is for the log and the audit trail. */
  record Refused(String reason) implements Mapping {}
}
