package io.iam4j.jakarta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The caller's groups are the group principals of its subject, not the caller principal or others. */
class ContainerGroupsTest {
  /** Named like the server's group class (org.glassfish.security.common.Group). */
  record Group(String getName) implements Principal {}

  record UserPrincipal(String getName) implements Principal {}

  @Test
  void of_keepsOnlyGroupPrincipals() {
    Set<Principal> subject = new LinkedHashSet<>(List.of(new UserPrincipal("alice"), new Group("sales"), new Group("org:acme"),
        new jakarta.security.enterprise.CallerPrincipal("alice")));
    assertEquals(Set.of("sales", "org:acme"), ContainerGroups.of(subject));
  }

  @Test
  void current_outsideAContainer_isEmpty() {
    // No Jakarta Authorization handler is registered in a unit test: no subject, no groups, no failure.
    assertEquals(Set.of(), ContainerGroups.current());
  }
}
