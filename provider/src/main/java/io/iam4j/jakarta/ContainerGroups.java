package io.iam4j.jakarta;

import jakarta.security.jacc.PolicyContext;
import jakarta.security.jacc.PolicyContextException;
import java.security.Principal;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.security.auth.Subject;

/**
 * The groups the container gave the current caller (what its identity store returned, or the
 * groups of a token or realm), read from the caller's {@link Subject} through Jakarta Authorization's
 * standard context key. Jakarta Security has no call that lists a caller's groups; every Jakarta EE
 * server keeps them in that subject, as group principals (Payara and GlassFish:
 * {@code org.glassfish.security.common.Group}), beside the caller principal.
 */
final class ContainerGroups {
  private static final Logger LOG = Logger.getLogger(ContainerGroups.class.getName());
  /** Jakarta Authorization's key of the container's subject of the current call. */
  static final String SUBJECT = "javax.security.auth.Subject.container";

  private ContainerGroups() {}

  /** The current caller's groups; empty when there is no caller, or the container does not say. */
  static Set<String> current() {
    try {
      return PolicyContext.getContext(SUBJECT) instanceof Subject s ? of(s.getPrincipals()) : Set.of();
    } catch (PolicyContextException | RuntimeException e) {
      LOG.log(Level.FINE, "No container subject for this call", e);
      return Set.of();
    }
  }

  /** The group principals among {@code principals}: those of a group class (its name ends in "Group"). */
  static Set<String> of(Set<? extends Principal> principals) {
    Set<String> groups = new TreeSet<>();
    for (Principal p : principals) {
      if (p != null && p.getName() != null && p.getClass().getName().endsWith("Group")) {
        groups.add(p.getName());
      }
    }
    return groups;
  }
}
