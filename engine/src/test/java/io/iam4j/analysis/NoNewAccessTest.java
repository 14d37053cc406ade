package io.iam4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.analysis.AccessCheckResult.Counterexample;
import io.iam4j.analysis.AccessCheckResult.Result;
import io.iam4j.catalog.AccessLevel;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.ActionEntry;
import io.iam4j.catalog.ServiceReference;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoNewAccessTest {

  static Policy identity(String name, String statements) {
    return PolicyParser.standard().parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}", PolicyType.IDENTITY, name);
  }

  static Policy resource(String name, String statements) {
    return PolicyParser.standard().parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}", PolicyType.RESOURCE, name);
  }

  static AccessCheckResult check(Policy existing, Policy updated) {
    AccessCheckResult r = NoNewAccess.policies(existing, updated, NoNewAccess.Options.DEFAULTS);
    r.counterexample().ifPresent(c -> assertConfirmed(existing, updated, c));
    r.reasons().forEach(reason -> assertConfirmed(existing, updated, reason.counterexample()));
    return r;
  }

  /** The counterexample is re-decided here, outside the search: allowed by the updated policy only. */
  static void assertConfirmed(Policy existing, Policy updated, Counterexample c) {
    assertTrue(decide(updated, c.request()), () -> "updated should allow " + c.request());
    assertFalse(decide(existing, c.request()), () -> "existing should deny " + c.request());
  }

  static boolean decide(Policy p, AuthorizationRequest r) {
    PolicySet set = p.type() == PolicyType.IDENTITY ? PolicySet.builder().identity(p).build()
        : PolicySet.builder().identity(NoNewAccess.ALLOW_ALL).resource(p).build();
    return Evaluator.evaluate(set, r).allowed();
  }

  static final String READ_REPORTS = "{\"Effect\":\"Allow\",\"Action\":\"docs:Get*\",\"Resource\":\"arn:iam4j:docs::acme:bucket/reports/*\"}";

  @Test
  void policies_samePolicy_passes() {
    Policy p = identity("p", READ_REPORTS);
    AccessCheckResult r = check(p, p);
    assertEquals(Result.PASS, r.result(), r::toString);
    assertTrue(r.complete());
    assertTrue(r.reasons().isEmpty());
  }

  @Test
  void policies_addedAction_failsWithThatAction() {
    Policy old = identity("old", READ_REPORTS);
    Policy updated = identity("new", READ_REPORTS + ",{\"Sid\":\"Delete\",\"Effect\":\"Allow\",\"Action\":\"docs:DeleteObject\","
        + "\"Resource\":\"arn:iam4j:docs::acme:bucket/reports/*\"}");
    AccessCheckResult r = check(old, updated);
    assertEquals(Result.FAIL, r.result());
    assertEquals("docs:DeleteObject", r.counterexample().orElseThrow().request().action());
    assertEquals(1, r.reasons().size());
    assertEquals(1, r.reasons().get(0).statementIndex());
    assertEquals("Delete", r.reasons().get(0).statementId());
  }

  @Test
  void policies_narrowerResource_passes() {
    Policy old = identity("old", "{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"Resource\":\"arn:iam4j:docs::acme:bucket/*\"}");
    Policy updated = identity("new", READ_REPORTS);
    assertEquals(Result.PASS, check(old, updated).result());
  }

  @Test
  void policies_widerResource_failsOutsideTheOldPattern() {
    Policy old = identity("old", READ_REPORTS);
    Policy updated = identity("new", "{\"Effect\":\"Allow\",\"Action\":\"docs:Get*\",\"Resource\":\"arn:iam4j:docs::acme:bucket/*\"}");
    AccessCheckResult r = check(old, updated);
    assertEquals(Result.FAIL, r.result());
    assertFalse(r.counterexample().orElseThrow().request().resource().startsWith("arn:iam4j:docs::acme:bucket/reports/"));
  }

  @Test
  void policies_questionMarkVersusStar_failsOnLongerName() {
    Policy old = identity("old", "{\"Effect\":\"Allow\",\"Action\":\"docs:Get?\",\"Resource\":\"*\"}");
    Policy updated = identity("new", "{\"Effect\":\"Allow\",\"Action\":\"docs:Get*\",\"Resource\":\"*\"}");
    AccessCheckResult r = check(old, updated);
    assertEquals(Result.FAIL, r.result());
    assertEquals(Result.PASS, check(updated, old).result());
  }

  @Test
  void policies_droppedCondition_failsWithTheConditionUnmet() {
    Policy old = identity("old", "{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"Resource\":\"*\","
        + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}");
    Policy updated = identity("new", "{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"Resource\":\"*\"}");
    AccessCheckResult r = check(old, updated);
    assertEquals(Result.FAIL, r.result());
    ContextValue mfa = r.counterexample().orElseThrow().request().context().get("aws:MultiFactorAuthPresent");
    assertTrue(mfa == null || !mfa.values().get(0).equals("true"));
    assertEquals(Result.PASS, check(updated, old).result());
  }

  @Test
  void policies_raisedNumericThreshold_failsBetweenThem() {
    Policy old = identity("old", "{\"Effect\":\"Allow\",\"Action\":\"docs:List*\",\"Resource\":\"*\","
        + "\"Condition\":{\"NumericLessThan\":{\"docs:max-keys\":\"10\"}}}");
    Policy updated = identity("new", "{\"Effect\":\"Allow\",\"Action\":\"docs:List*\",\"Resource\":\"*\","
        + "\"Condition\":{\"NumericLessThanEquals\":{\"docs:max-keys\":\"10\"}}}");
    AccessCheckResult r = check(old, updated);
    assertEquals(Result.FAIL, r.result());
    assertEquals("10", r.counterexample().orElseThrow().request().context().get("docs:max-keys").values().get(0));
    assertEquals(Result.PASS, check(updated, old).result());
  }

  @Test
  void policies_widerCidr_failsWithAnAddressOutsideTheOld() {
    Policy old = identity("old", "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
        + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.1.0.0/16\"}}}");
    Policy updated = identity("new", "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
        + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}");
    AccessCheckResult r = check(old, updated);
    assertEquals(Result.FAIL, r.result());
    assertEquals(Result.PASS, check(updated, old).result());
  }

  @Test
  void policies_laterDate_fails() {
    Policy old = identity("old", "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
        + "\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"2026-12-01T00:00:00Z\"}}}");
    Policy updated = identity("new", "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
        + "\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"2027-01-01T00:00:00Z\"}}}");
    assertEquals(Result.FAIL, check(old, updated).result());
    assertEquals(Result.PASS, check(updated, old).result());
  }

  @Test
  void policies_removedDeny_fails() {
    String allowAll = "{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"Resource\":\"*\"}";
    Policy old = identity("old", allowAll + ",{\"Effect\":\"Deny\",\"Action\":\"docs:Delete*\",\"Resource\":\"*\"}");
    Policy updated = identity("new", allowAll);
    AccessCheckResult r = check(old, updated);
    assertEquals(Result.FAIL, r.result());
    assertTrue(r.counterexample().orElseThrow().request().action().toLowerCase().startsWith("docs:delete"));
  }

  @Test
  void policies_notActionNarrowed_failsOnTheUncoveredActions() {
    Policy old = identity("old", "{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}");
    Policy updated = identity("new", "{\"Effect\":\"Allow\",\"NotAction\":\"iam:Get*\",\"Resource\":\"*\"}");
    AccessCheckResult r = check(old, updated);
    assertEquals(Result.FAIL, r.result());
    String action = r.counterexample().orElseThrow().request().action().toLowerCase();
    assertTrue(action.startsWith("iam:") && !action.startsWith("iam:get"), action);
    assertEquals(Result.PASS, check(updated, old).result());
  }

  @Test
  void policies_notResource_handled() {
    Policy old = identity("old", "{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"NotResource\":\"arn:iam4j:docs::acme:bucket/audit-logs*\"}");
    Policy updated = identity("new", "{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"NotResource\":\"arn:iam4j:docs::acme:bucket/audit-logs/*\"}");
    AccessCheckResult r = check(old, updated);
    assertEquals(Result.FAIL, r.result());
    assertTrue(r.counterexample().orElseThrow().request().resource().startsWith("arn:iam4j:docs::acme:bucket/audit-logs"));
    assertEquals(Result.PASS, check(updated, old).result());
  }

  @Test
  void policies_ignoreCaseVersusExact_onlyTheWiderFails() {
    Policy exact = identity("exact", "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"Blue\"}}}");
    Policy icase = identity("icase", "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEqualsIgnoreCase\":{\"aws:PrincipalTag/team\":\"blue\"}}}");
    assertEquals(Result.PASS, check(icase, exact).result());
    AccessCheckResult r = check(exact, icase);
    assertEquals(Result.FAIL, r.result());
    String team = r.counterexample().orElseThrow().request().context().get("aws:PrincipalTag/team").values().get(0);
    assertTrue(team.equalsIgnoreCase("blue") && !team.equals("Blue"), team);
  }

  @Test
  void policies_policyVariable_failsWhenTheVariableIsDropped() {
    Policy old = identity("old", "{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"Resource\":\"arn:iam4j:docs::acme:bucket/home/${aws:username}/*\"}");
    Policy updated = identity("new", "{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"Resource\":\"arn:iam4j:docs::acme:bucket/home/*\"}");
    assertEquals(Result.FAIL, check(old, updated).result());
    assertEquals(Result.PASS, check(updated, old).result());
  }

  @Test
  void policies_forAllValuesWidened_failsWithASetHoldingTheNewValue() {
    Policy old = identity("old", "{\"Effect\":\"Allow\",\"Action\":\"docs:Tag*\",\"Resource\":\"*\","
        + "\"Condition\":{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}}");
    Policy updated = identity("new", "{\"Effect\":\"Allow\",\"Action\":\"docs:Tag*\",\"Resource\":\"*\","
        + "\"Condition\":{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\",\"cost\"]}}}");
    AccessCheckResult r = check(old, updated);
    assertEquals(Result.FAIL, r.result());
    assertTrue(r.counterexample().orElseThrow().request().context().get("aws:TagKeys").values().contains("cost"));
    assertEquals(Result.PASS, check(updated, old).result());
  }

  @Test
  void policies_resourcePolicyOpenedToEveryone_failsWithAnOutsider() {
    Policy old = resource("old", "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:iam4j:iam::globex:root\"},\"Action\":\"docs:GetObject\","
        + "\"Resource\":\"arn:iam4j:docs::acme:bucket/reports/*\"}");
    Policy updated = resource("new", "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"docs:GetObject\","
        + "\"Resource\":\"arn:iam4j:docs::acme:bucket/reports/*\"}");
    AccessCheckResult r = check(old, updated);
    assertEquals(Result.FAIL, r.result());
    Caller c = r.counterexample().orElseThrow().request().caller();
    assertFalse("globex".equals(c.account()), c.toString());
    assertEquals(Result.PASS, check(updated, old).result());
  }

  @Test
  void policies_trustPolicyNamingAnotherRole_failsWithThatRolesSession() {
    Policy old = resource("old", "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:iam4j:iam::acme:user/carol\"},\"Action\":\"sts:AssumeRole\"}");
    Policy updated = resource("new", "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:iam4j:iam::acme:user/carol\","
        + "\"arn:iam4j:iam::globex:role/Ops\"]},\"Action\":\"sts:AssumeRole\"}");
    AccessCheckResult r = check(old, updated);
    assertEquals(Result.FAIL, r.result());
    assertTrue(r.counterexample().orElseThrow().request().caller() instanceof Caller.RoleSession s && s.roleArn().endsWith("role/Ops"));
  }

  @Test
  void policies_notPrincipalDeny_handled() {
    String allow = "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"docs:GetObject\",\"Resource\":\"*\"}";
    Policy old = resource("old", allow + ",{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"arn:iam4j:iam::acme:root\"},"
        + "\"Action\":\"docs:GetObject\",\"Resource\":\"*\"}");
    Policy updated = resource("new", allow);
    AccessCheckResult r = check(old, updated);
    assertEquals(Result.FAIL, r.result());
    assertEquals(Result.PASS, check(updated, old).result());
  }

  @Test
  void policies_catalogActions_arePreferredInCounterexamples() {
    ActionCatalog catalog = ActionCatalog.of(List.of(new ServiceReference("docs", List.of(
        new ActionEntry("GetObject", AccessLevel.READ, List.of(), List.of(), List.of()),
        new ActionEntry("PutObject", AccessLevel.WRITE, List.of(), List.of(), List.of())), List.of(), List.of())));
    Policy old = identity("old", "{\"Effect\":\"Allow\",\"Action\":\"docs:Get*\",\"Resource\":\"*\"}");
    Policy updated = identity("new", "{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"Resource\":\"*\"}");
    AccessCheckResult r = NoNewAccess.policies(old, updated, NoNewAccess.Options.DEFAULTS.withCatalog(catalog, false));
    assertEquals("docs:PutObject", r.counterexample().orElseThrow().request().action());
  }

  // The pattern of the IAM Access Analyzer custom policy check samples (aws-samples/
  // iam-access-analyzer-custom-policy-check-samples): the existing document is a reference policy that
  // allows everything but the sensitive access, so FAIL means the new policy grants that access.

  static final Policy SENSITIVE_BUCKET_REFERENCE = identity("reference", "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
      + "{\"Effect\":\"Deny\",\"Action\":[\"s3:DeleteBucket\",\"s3:DeleteBucketPolicy\",\"s3:PutBucketPolicy\",\"s3:PutBucketAcl\"],"
      + "\"Resource\":\"arn:aws:s3:::my-sensitive-bucket\"}");

  @Test
  void accessAnalyzerSample_sensitiveBucket_policyOnAllBucketsFails() {
    Policy candidate = identity("candidate", "{\"Sid\":\"Admin\",\"Effect\":\"Allow\",\"Action\":\"s3:PutBucket*\",\"Resource\":\"arn:aws:s3:::*\"}");
    AccessCheckResult r = check(SENSITIVE_BUCKET_REFERENCE, candidate);
    assertEquals(Result.FAIL, r.result());
    AuthorizationRequest q = r.counterexample().orElseThrow().request();
    assertEquals("arn:aws:s3:::my-sensitive-bucket", q.resource());
    assertTrue(List.of("s3:putbucketpolicy", "s3:putbucketacl").contains(q.action().toLowerCase()), q.action());
    assertEquals("Admin", r.reasons().get(0).statementId());
  }

  @Test
  void accessAnalyzerSample_sensitiveBucket_objectAccessPasses() {
    Policy candidate = identity("candidate", "{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],"
        + "\"Resource\":\"arn:aws:s3:::my-sensitive-bucket/*\"},{\"Effect\":\"Allow\",\"Action\":\"s3:PutBucketPolicy\","
        + "\"Resource\":\"arn:aws:s3:::other-bucket\"}");
    assertEquals(Result.PASS, check(SENSITIVE_BUCKET_REFERENCE, candidate).result());
  }

  /** Who may be granted access: two privileged roles, by Principal or by aws:PrincipalArn. */
  static final Policy WHO_IS_GRANTED_REFERENCE = resource("reference", "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
      + "[\"arn:aws:iam::111111111111:role/MyPrivilegedRole\",\"arn:aws:iam::111111111111:role/MyPrivilegedRole2\"]},"
      + "\"Action\":\"s3:*\",\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"s3:*\","
      + "\"Resource\":\"*\",\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":[\"arn:aws:iam::111111111111:role/MyPrivilegedRole\","
      + "\"arn:aws:iam::111111111111:role/MyPrivilegedRole2\"]}}}");

  @Test
  void accessAnalyzerSample_whoIsGranted_privilegedRolePasses() {
    Policy bucket = resource("bucket", "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:role/MyPrivilegedRole\"},"
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::my-bucket/*\"}");
    assertEquals(Result.PASS, check(WHO_IS_GRANTED_REFERENCE, bucket).result());
  }

  @Test
  void accessAnalyzerSample_whoIsGranted_otherRoleFailsWithThatRole() {
    Policy bucket = resource("bucket", "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:role/Other\"},"
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::my-bucket/*\"}");
    AccessCheckResult r = check(WHO_IS_GRANTED_REFERENCE, bucket);
    assertEquals(Result.FAIL, r.result());
    Caller c = r.counterexample().orElseThrow().request().caller();
    assertTrue(c instanceof Caller.RoleSession s && s.roleArn().equals("arn:aws:iam::111111111111:role/Other"), c.toString());
  }

  @Test
  void accessAnalyzerSample_whoIsGranted_accountPrincipalFails() {
    Policy bucket = resource("bucket", "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},"
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::my-bucket/*\"}");
    assertEquals(Result.FAIL, check(WHO_IS_GRANTED_REFERENCE, bucket).result());
  }

  @Test
  void policies_nullConditionDropped_failsWithTheKeyAbsent() {
    Policy old = identity("old", "{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"Resource\":\"*\","
        + "\"Condition\":{\"Null\":{\"aws:SourceIp\":\"false\"}}}");
    Policy updated = identity("new", "{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"Resource\":\"*\"}");
    AccessCheckResult r = check(old, updated);
    assertEquals(Result.FAIL, r.result());
    assertEquals(null, r.counterexample().orElseThrow().request().context().get("aws:SourceIp"));
    assertEquals(Result.PASS, check(updated, old).result());
  }

  @Test
  void policies_ifExists_absentKeyIsTheDifference() {
    Policy ifExists = identity("ifExists", "{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEqualsIfExists\":{\"docs:classification\":\"public\"}}}");
    Policy strict = identity("strict", "{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringEquals\":{\"docs:classification\":\"public\"}}}");
    assertEquals(Result.PASS, check(ifExists, strict).result());
    AccessCheckResult r = check(strict, ifExists);
    assertEquals(Result.FAIL, r.result());
    assertEquals(null, r.counterexample().orElseThrow().request().context().get("docs:classification"));
  }

  @Test
  void policies_keyReadAsStringAndNumber_isUndecidedNeverPass() {
    Policy p = identity("p", "{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringLike\":{\"docs:size\":\"1*\"},\"NumericLessThan\":{\"docs:size\":\"20\"}}}");
    AccessCheckResult r = check(p, p);
    assertFalse(r.complete());
    assertEquals(Result.FAIL, r.result(), "an undecided check is a FAIL");
    assertTrue(r.counterexample().isEmpty());
    assertTrue(r.notes().stream().anyMatch(n -> n.contains("several families")), r.notes()::toString);
  }
}
