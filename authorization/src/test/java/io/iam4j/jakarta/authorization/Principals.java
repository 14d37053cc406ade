package io.iam4j.jakarta.authorization;

import java.security.Principal;

/** Principals as a server puts them in a subject, for tests. */
final class Principals {
  private Principals() {}

  /** A group principal (servers name their group classes "...Group", as Payara's org.glassfish.security.common.Group). */
  record Group(String name) implements Principal {
    @Override
    public String getName() {
      return name;
    }
  }

  /** A server's own user principal, not Jakarta Security's CallerPrincipal. */
  record ServerUser(String name) implements Principal {
    @Override
    public String getName() {
      return name;
    }
  }
}
