package io.iam4j.jakarta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.CatalogBuilder;
import io.iam4j.iamapi.IamOperations;
import io.iam4j.jakarta.catalog.Iam4jServices;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * iam4j's services in the catalog are exactly what it answers: every action the IAM API
 * dispatches is in {@link Iam4jServices} (a new API action needs its line there, with AWS's level
 * and resource types), and every IAM action listed is dispatched or decided elsewhere by iam4j.
 */
class IamApisCatalogTest {
  /** IAM actions iam4j decides outside the IAM API: RolePassing and the status servlet. */
  private static final Set<String> DECIDED_ELSEWHERE = Set.of("iam:PassRole", "iam:GetConfigurationStatus");

  /**
   * Operations authorized under another action than {@code iam:OPERATION}: the console's two
   * non-IAM actions under their own services' names, and conveniences that need exactly the
   * permission of the operation they stand for (so they add no action a policy could grant).
   */
  private static final java.util.Map<String, String> AUTHORIZED_AS = java.util.Map.of(
      "ValidatePolicy", "access-analyzer:ValidatePolicy",
      "LookupEvents", "cloudtrail:LookupEvents",
      "PromotePolicyVersionShadow", "iam:SetDefaultPolicyVersion",
      "ListUnusedAccessFindings", "access-analyzer:ListFindingsV2",
      "GeneratePolicy", "access-analyzer:StartPolicyGeneration",
      "CheckNoNewAccess", "access-analyzer:CheckNoNewAccess");

  @Test
  void theIamServiceListsExactlyTheActionsIam4jAnswers() {
    Set<String> dispatched = new TreeSet<>();
    for (IamOperations g : IamApis.groups(new AwsCallers())) {
      for (String a : g.actions()) {
        dispatched.add(AUTHORIZED_AS.getOrDefault(a, "iam:" + a));
      }
    }
    Set<String> listed = new TreeSet<>();
    CatalogBuilder b = new CatalogBuilder();
    Iam4jServices.services("iam4j").stream().filter(s -> !s.name().equals("sts")).forEach(b::add);
    ActionCatalog all = b.build();
    listed.addAll(all.actions());
    listed.removeAll(DECIDED_ELSEWHERE);
    assertEquals(dispatched, listed);
  }
}
