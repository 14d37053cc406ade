package io.iam4j.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.policy.PrincipalClause.PrincipalKind;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The closed policy model: each sealed type permits exactly the variants of the grammar, so that a
 * new variant cannot be added without these tests (and every dispatch over them) noticing.
 */
class PolicyModelTest {

  private static Set<Class<?>> permitted(Class<?> sealed) {
    assertTrue(sealed.isSealed(), sealed + " is sealed");
    return Arrays.stream(sealed.getPermittedSubclasses()).collect(Collectors.toSet());
  }

  // Grammar: "<action_block> = ("Action" | "NotAction") : ..."
  @Test
  void actionClause_permitsExactlyActionAndNotAction() {
    assertEquals(Set.of(ActionClause.Action.class, ActionClause.NotAction.class), permitted(ActionClause.class));
  }

  // Grammar: "<resource_block> = ("Resource" | "NotResource") : ..."
  @Test
  void resourceClause_permitsExactlyResourceAndNotResource() {
    assertEquals(Set.of(ResourceClause.Resource.class, ResourceClause.NotResource.class), permitted(ResourceClause.class));
  }

  // Grammar: "<principal_block> = ("Principal" | "NotPrincipal") : ("*" | <principal_map>)"
  @Test
  void principalClause_permitsExactlyPrincipalAndNotPrincipal() {
    assertEquals(Set.of(PrincipalClause.Principal.class, PrincipalClause.NotPrincipal.class), permitted(PrincipalClause.class));
    assertEquals(Set.of(PrincipalClause.Everyone.class, PrincipalClause.Listed.class), permitted(PrincipalClause.PrincipalSet.class));
  }

  // Grammar: "<principal_map_entry> = ("AWS" | "Federated" | "Service" | "CanonicalUser") : ..."
  @Test
  void principalKind_coversTheFourGrammarKeysExactly() {
    assertEquals(Set.of("AWS", "Federated", "Service", "CanonicalUser"),
        Arrays.stream(PrincipalKind.values()).map(PrincipalKind::json).collect(Collectors.toSet()));
    assertEquals(PrincipalKind.CANONICAL_USER, PrincipalKind.of("CanonicalUser"));
    assertNull(PrincipalKind.of("aws"));
  }

  // Grammar: "<effect_block> = "Effect" : ("Allow" | "Deny")".
  @Test
  void effect_of_acceptsOnlyTheExactSpellings() {
    assertEquals(Effect.ALLOW, Effect.of("Allow"));
    assertEquals(Effect.DENY, Effect.of("Deny"));
    assertNull(Effect.of("allow"));
    assertNull(Effect.of("DENY"));
  }

  // Grammar: "<version_block> = "Version" : ("2008-10-17" | "2012-10-17")".
  @Test
  void policyVersion_of_knowsExactlyTheTwoDocumentedVersions() {
    assertEquals(PolicyVersion.V2012_10_17, PolicyVersion.of("2012-10-17"));
    assertEquals(PolicyVersion.V2008_10_17, PolicyVersion.of("2008-10-17"));
    assertNull(PolicyVersion.of("2012-10-18"));
    assertNull(PolicyVersion.of(null));
  }

  @Test
  void policyType_onlyResourcePoliciesNamePrincipals() {
    Set<PolicyType> naming = Arrays.stream(PolicyType.values()).filter(PolicyType::namesPrincipals).collect(Collectors.toSet());
    assertEquals(Set.of(PolicyType.RESOURCE), naming);
  }
}
