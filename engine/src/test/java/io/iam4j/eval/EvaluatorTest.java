package io.iam4j.eval;

import static io.iam4j.eval.Fixtures.ACCOUNT;
import static io.iam4j.eval.Fixtures.ALICE_ARN;
import static io.iam4j.eval.Fixtures.BOB_ARN;
import static io.iam4j.eval.Fixtures.FEDERATED_ARN;
import static io.iam4j.eval.Fixtures.OBJECT;
import static io.iam4j.eval.Fixtures.OTHER_ACCOUNT;
import static io.iam4j.eval.Fixtures.ROLE_ARN;
import static io.iam4j.eval.Fixtures.ROOT_ARN;
import static io.iam4j.eval.Fixtures.SESSION_ARN;
import static io.iam4j.eval.Fixtures.allow;
import static io.iam4j.eval.Fixtures.allowFor;
import static io.iam4j.eval.Fixtures.alice;
import static io.iam4j.eval.Fixtures.aws;
import static io.iam4j.eval.Fixtures.ctx;
import static io.iam4j.eval.Fixtures.deny;
import static io.iam4j.eval.Fixtures.denyFor;
import static io.iam4j.eval.Fixtures.doc;
import static io.iam4j.eval.Fixtures.federated;
import static io.iam4j.eval.Fixtures.request;
import static io.iam4j.eval.Fixtures.root;
import static io.iam4j.eval.Fixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.policy.Effect;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decision logic, one documented rule per test. Sources: IAM User Guide "Policy evaluation
 * logic" (single account), "Cross-account policy evaluation logic", "Permissions boundaries",
 * "Session policies", "NotPrincipal", "NotAction", "NotResource", "Resource", "Policy variables",
 * the STS API reference, AWS Organizations "Service control policies", and the project's
 * conformance FORMAT.md for the guardrail analogue.
 */
class EvaluatorTest {

  private static final String BUCKET = "arn:aws:s3:::example-bucket";
  private static final String STAR = "\"*\"";

  private static Decision eval(PolicySet set, AuthorizationRequest r) {
    Decision d = Evaluator.evaluate(set, r);
    assertNull(d.error(), () -> "evaluation failed: " + d.error());
    return d;
  }

  private static Decision eval(PolicySet set, Caller caller, String action, String resource) {
    return eval(set, request(caller, action, resource));
  }

  private static PolicySet.Builder identity(String... statements) {
    return PolicySet.builder().identity(Fixtures.identity(doc(String.join(",", statements))));
  }

  private static Policy resourcePolicy(String... statements) {
    return Fixtures.resource(doc(String.join(",", statements)));
  }

  private static Policy boundaryPolicy(String... statements) {
    return Fixtures.boundary(doc(String.join(",", statements)));
  }

  private static Policy sessionPolicy(String... statements) {
    return Fixtures.session(doc(String.join(",", statements)));
  }

  private static Policy guardrailPolicy(String... statements) {
    return Fixtures.guardrail(doc(String.join(",", statements)));
  }

  private static void assertOutcome(Outcome expected, Decision d) {
    assertEquals(expected, d.outcome(), () -> "decision: " + d);
  }

  // ---- Basics ------------------------------------------------------------------------------

  /** "By default, all requests are implicitly denied with the exception of the AWS account root user". */
  @Test
  void evaluate_noPolicies_isImplicitDeny() {
    Decision d = eval(PolicySet.builder().build(), alice(), "s3:GetObject", OBJECT);
    assertOutcome(Outcome.IMPLICIT_DENY, d);
    assertFalse(d.allowed());
    assertTrue(d.deciding().isEmpty());
  }

  /** "An explicit allow in an identity-based or resource-based policy overrides this default." */
  @Test
  void evaluate_identityAllow_allows() {
    Decision d = eval(identity(allow("s3:GetObject", BUCKET + "/*")).build(), alice(), "s3:GetObject", OBJECT);
    assertOutcome(Outcome.ALLOW, d);
    assertTrue(d.allowed());
  }

  @Test
  void evaluate_identityAllowForOtherAction_isImplicitDeny() {
    assertOutcome(Outcome.IMPLICIT_DENY, eval(identity(allow("s3:GetObject", "*")).build(), alice(), "s3:PutObject", OBJECT));
  }

  /** Identity policies of a user include "user policies and policies from groups": any one allow suffices. */
  @Test
  void evaluate_allowInAnyOfSeveralIdentityPolicies_allows() {
    PolicySet set = PolicySet.builder()
        .identity(Fixtures.parse(PolicyType.IDENTITY, "user-inline", doc(allow("ec2:*", "*"))))
        .identity(Fixtures.parse(PolicyType.IDENTITY, "group-managed", doc(allow("s3:GetObject", "*"))))
        .build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "s3:GetObject", OBJECT));
  }

  // ---- Explicit deny wins in every layer ---------------------------------------------------

  /** "If policies that apply to a request include an Allow statement and a Deny statement, the Deny statement trumps the Allow statement." */
  @Test
  void evaluate_explicitDenyBeatsAllow_inIdentityPolicies() {
    PolicySet set = PolicySet.builder()
        .identity(Fixtures.parse(PolicyType.IDENTITY, "a", doc(allow("s3:*", "*"))))
        .identity(Fixtures.parse(PolicyType.IDENTITY, "b", doc(deny("s3:GetObject", BUCKET + "/*"))))
        .build();
    assertOutcome(Outcome.EXPLICIT_DENY, eval(set, alice(), "s3:GetObject", OBJECT));
  }

  @Test
  void evaluate_explicitDenyBeatsAllow_inResourcePolicy() {
    PolicySet set = identity(allow("s3:*", "*")).resource(resourcePolicy(denyFor(STAR, "s3:GetObject", BUCKET + "/*"))).build();
    assertOutcome(Outcome.EXPLICIT_DENY, eval(set, alice(), "s3:GetObject", OBJECT));
  }

  @Test
  void evaluate_identityDenyBeatsResourcePolicyAllow() {
    PolicySet set = identity(deny("s3:GetObject", "*"))
        .resource(resourcePolicy(allowFor(aws(ALICE_ARN), "s3:GetObject", BUCKET + "/*"))).build();
    assertOutcome(Outcome.EXPLICIT_DENY, eval(set, alice(), "s3:GetObject", OBJECT));
  }

  /** A Deny statement in a resource policy applies only to the principals it names. */
  @Test
  void evaluate_resourcePolicyDenyNamingOtherPrincipal_doesNotApply() {
    PolicySet set = identity(allow("s3:*", "*")).resource(resourcePolicy(denyFor(aws(BOB_ARN), "s3:*", "*"))).build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "s3:GetObject", OBJECT));
    assertOutcome(Outcome.EXPLICIT_DENY, eval(set, Fixtures.bob(), "s3:GetObject", OBJECT));
  }

  /** Permissions boundaries: "An explicit deny in either of these policies overrides the allow." */
  @Test
  void evaluate_explicitDenyBeatsAllow_inBoundary() {
    PolicySet set = identity(allow("s3:*", "*")).boundary(boundaryPolicy(allow("s3:*", "*"), deny("s3:GetObject", "*"))).build();
    assertOutcome(Outcome.EXPLICIT_DENY, eval(set, alice(), "s3:GetObject", OBJECT));
  }

  @Test
  void evaluate_explicitDenyBeatsAllow_inSessionPolicy() {
    PolicySet set = identity(allow("s3:*", "*")).session(List.of(sessionPolicy(allow("s3:*", "*"), deny("s3:GetObject", "*")))).build();
    assertOutcome(Outcome.EXPLICIT_DENY, eval(set, session(), "s3:GetObject", OBJECT));
  }

  @Test
  void evaluate_explicitDenyBeatsAllow_inGuardrail() {
    PolicySet set = identity(allow("s3:*", "*")).guardrails(List.of(guardrailPolicy(allow("*", "*"), deny("s3:GetObject", "*")))).build();
    assertOutcome(Outcome.EXPLICIT_DENY, eval(set, alice(), "s3:GetObject", OBJECT));
  }

  // ---- Permissions boundaries ---------------------------------------------------------------

  /** "When AWS evaluates the identity-based policies and permissions boundary for a user, the resulting permissions are the intersection of the two categories." */
  @Test
  void evaluate_boundary_intersectsWithIdentityPolicies() {
    PolicySet set = identity(allow("s3:*", "*")).boundary(boundaryPolicy(allow("s3:GetObject", "*"))).build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "s3:GetObject", OBJECT));
    Decision d = eval(set, alice(), "s3:PutObject", OBJECT);
    assertOutcome(Outcome.IMPLICIT_DENY, d);
    assertEquals(PolicyType.BOUNDARY, d.missingAllow());
  }

  /** A boundary "sets the maximum permissions": it grants nothing by itself. */
  @Test
  void evaluate_boundaryAlone_grantsNothing() {
    PolicySet set = PolicySet.builder().boundary(boundaryPolicy(allow("s3:*", "*"))).build();
    Decision d = eval(set, alice(), "s3:GetObject", OBJECT);
    assertOutcome(Outcome.IMPLICIT_DENY, d);
    assertEquals(PolicyType.IDENTITY, d.missingAllow());
  }

  // ---- Session policies ---------------------------------------------------------------------

  /** "the resulting session's permissions are the intersection of the IAM entity's identity-based policy and the session policies". */
  @Test
  void evaluate_sessionPolicy_intersectsWithIdentityPolicies() {
    PolicySet set = identity(allow("s3:*", "*")).session(List.of(sessionPolicy(allow("s3:GetObject", "*")))).build();
    assertOutcome(Outcome.ALLOW, eval(set, session(), "s3:GetObject", OBJECT));
    Decision d = eval(set, session(), "s3:PutObject", OBJECT);
    assertOutcome(Outcome.IMPLICIT_DENY, d);
    assertEquals(PolicyType.SESSION, d.missingAllow());
  }

  /** "You cannot use the session policy to grant more permissions than those allowed by the identity-based policy". */
  @Test
  void evaluate_sessionPolicyAlone_grantsNothing() {
    PolicySet set = PolicySet.builder().session(List.of(sessionPolicy(allow("s3:*", "*")))).build();
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, session(), "s3:GetObject", OBJECT));
  }

  /** FORMAT.md: session policies "together ... allow what any of them allows". */
  @Test
  void evaluate_severalSessionPolicies_areUnioned() {
    PolicySet set = identity(allow("s3:*", "*"))
        .session(List.of(sessionPolicy(allow("s3:GetObject", "*")), sessionPolicy(allow("s3:PutObject", "*")))).build();
    assertOutcome(Outcome.ALLOW, eval(set, session(), "s3:GetObject", OBJECT));
    assertOutcome(Outcome.ALLOW, eval(set, session(), "s3:PutObject", OBJECT));
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, session(), "s3:DeleteObject", OBJECT));
  }

  /** GetFederationToken: "if you do not pass a policy with the GetFederationToken API call, the resulting temporary security credentials have no permissions." */
  @Test
  void evaluate_federatedUserWithoutSessionPolicy_hasNoPermissions() {
    PolicySet set = identity(allow("s3:*", "*")).build();
    Decision d = eval(set, federated(), "s3:GetObject", OBJECT);
    assertOutcome(Outcome.IMPLICIT_DENY, d);
    assertEquals(PolicyType.SESSION, d.missingAllow());
  }

  /** "the resulting session's permissions are the intersection of the user's identity-based policy and the session policies." */
  @Test
  void evaluate_federatedUserWithSessionPolicy_getsIntersection() {
    PolicySet set = identity(allow("s3:*", "*")).session(List.of(sessionPolicy(allow("s3:GetObject", "*")))).build();
    assertOutcome(Outcome.ALLOW, eval(set, federated(), "s3:GetObject", OBJECT));
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, federated(), "s3:PutObject", OBJECT));
  }

  // ---- Root user ----------------------------------------------------------------------------

  /** "all requests are implicitly denied with the exception of the AWS account root user, which has full access." */
  @Test
  void evaluate_rootWithoutPolicies_isAllowed() {
    assertOutcome(Outcome.ALLOW, eval(PolicySet.builder().build(), root(), "iam:CreateUser", "arn:aws:iam::111122223333:user/x"));
  }

  @Test
  void evaluate_rootDeniedByResourcePolicy_isExplicitDeny() {
    PolicySet set = PolicySet.builder().resource(resourcePolicy(denyFor(STAR, "s3:DeleteBucket", BUCKET))).build();
    assertOutcome(Outcome.EXPLICIT_DENY, eval(set, root(), "s3:DeleteBucket", BUCKET));
  }

  /** SCPs: "SCPs affect all users and roles in attached accounts, including the root user." */
  @Test
  void evaluate_rootOutsideGuardrails_isImplicitDeny() {
    PolicySet set = PolicySet.builder().guardrails(List.of(guardrailPolicy(allow("ec2:*", "*")))).build();
    Decision d = eval(set, root(), "s3:GetObject", OBJECT);
    assertOutcome(Outcome.IMPLICIT_DENY, d);
    assertEquals(PolicyType.GUARDRAIL, d.missingAllow());
    assertOutcome(Outcome.ALLOW, eval(set, root(), "ec2:RunInstances", "*"));
  }

  // ---- Guardrails ---------------------------------------------------------------------------

  /** "If the enforcement code does not find any applicable Allow statements in the SCPs, then the request is implicitly denied." */
  @Test
  void evaluate_noGuardrailAllows_isImplicitDeny() {
    PolicySet set = identity(allow("s3:*", "*")).guardrails(List.of(guardrailPolicy(allow("ec2:*", "*")))).build();
    Decision d = eval(set, alice(), "s3:GetObject", OBJECT);
    assertOutcome(Outcome.IMPLICIT_DENY, d);
    assertEquals(PolicyType.GUARDRAIL, d.missingAllow());
  }

  /** FORMAT.md: "a request is within them when at least one allows it and none denies it". */
  @Test
  void evaluate_oneOfSeveralGuardrailsAllows_isEnough() {
    PolicySet set = identity(allow("s3:*", "*"))
        .guardrails(List.of(guardrailPolicy(allow("ec2:*", "*")), guardrailPolicy(allow("s3:*", "*")))).build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "s3:GetObject", OBJECT));
  }

  /** SCPs "grant permissions to principals in member accounts only if those policies and the SCP allow": also for resource-policy grants. */
  @Test
  void evaluate_guardrailsLimitSameAccountResourcePolicyGrant() {
    PolicySet set = PolicySet.builder()
        .resource(resourcePolicy(allowFor(aws(ALICE_ARN), "s3:GetObject", BUCKET + "/*")))
        .guardrails(List.of(guardrailPolicy(allow("ec2:*", "*")))).build();
    Decision d = eval(set, alice(), "s3:GetObject", OBJECT);
    assertOutcome(Outcome.IMPLICIT_DENY, d);
    assertEquals(PolicyType.GUARDRAIL, d.missingAllow());
  }

  /** SCPs "affect only IAM users and roles that are managed by accounts that are part of the organization": not service principals. */
  @Test
  void evaluate_guardrailsDoNotApplyToServicePrincipals() {
    PolicySet set = PolicySet.builder()
        .resource(resourcePolicy(allowFor("{\"Service\":\"sns.amazonaws.com\"}", "sqs:SendMessage", "*")))
        .guardrails(List.of(guardrailPolicy(allow("ec2:*", "*"), deny("sqs:*", "*")))).build();
    assertOutcome(Outcome.ALLOW, eval(set, new Caller.Service("sns.amazonaws.com"), "sqs:SendMessage",
        "arn:aws:sqs:us-east-1:111122223333:queue"));
  }

  @Test
  void evaluate_guardrailsDoNotApplyToAnonymousCallers() {
    PolicySet set = PolicySet.builder()
        .resource(resourcePolicy(allowFor(STAR, "s3:GetObject", BUCKET + "/*")))
        .guardrails(List.of(guardrailPolicy(allow("ec2:*", "*"), deny("s3:*", "*")))).build();
    assertOutcome(Outcome.ALLOW, eval(set, new Caller.Anonymous(), "s3:GetObject", OBJECT));
  }

  // ---- Same-account resource policies, by the principal they name ---------------------------

  /** IAM user: resource-based policies naming the user ARN "are not limited by an implicit deny in an identity-based policy or permissions boundary." */
  @Test
  void evaluate_resourcePolicyNamingUserArn_notLimitedByIdentityOrBoundary() {
    PolicySet set = PolicySet.builder()
        .boundary(boundaryPolicy(allow("ec2:*", "*")))
        .resource(resourcePolicy(allowFor(aws(ALICE_ARN), "s3:GetObject", BUCKET + "/*"))).build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "s3:GetObject", OBJECT));
  }

  /** IAM role: resource-based policies naming the role ARN "are limited by an implicit deny in a permissions boundary". */
  @Test
  void evaluate_resourcePolicyNamingRoleArn_limitedByBoundary() {
    PolicySet set = PolicySet.builder()
        .boundary(boundaryPolicy(allow("ec2:*", "*")))
        .resource(resourcePolicy(allowFor(aws(ROLE_ARN), "s3:GetObject", BUCKET + "/*"))).build();
    Decision d = eval(set, session(), "s3:GetObject", OBJECT);
    assertOutcome(Outcome.IMPLICIT_DENY, d);
    assertEquals(PolicyType.BOUNDARY, d.missingAllow());
  }

  /** IAM role: "... or session policy". */
  @Test
  void evaluate_resourcePolicyNamingRoleArn_limitedBySessionPolicy() {
    PolicySet set = PolicySet.builder()
        .session(List.of(sessionPolicy(allow("ec2:*", "*"))))
        .resource(resourcePolicy(allowFor(aws(ROLE_ARN), "s3:GetObject", BUCKET + "/*"))).build();
    Decision d = eval(set, session(), "s3:GetObject", OBJECT);
    assertOutcome(Outcome.IMPLICIT_DENY, d);
    assertEquals(PolicyType.SESSION, d.missingAllow());
  }

  /** The role-ARN rule names only boundary and session policy: an implicit deny in identity policies does not limit it. */
  @Test
  void evaluate_resourcePolicyNamingRoleArn_notLimitedByIdentity() {
    PolicySet set = identity(allow("ec2:*", "*"))
        .resource(resourcePolicy(allowFor(aws(ROLE_ARN), "s3:GetObject", BUCKET + "/*"))).build();
    assertOutcome(Outcome.ALLOW, eval(set, session(), "s3:GetObject", OBJECT));
  }

  /** IAM role session: "Permissions granted directly to a session are not limited by an implicit deny in an identity-based policy, a permissions boundary, or session policy." */
  @Test
  void evaluate_resourcePolicyNamingSessionArn_notLimitedByBoundaryOrSessionPolicy() {
    PolicySet set = identity(allow("ec2:*", "*"))
        .boundary(boundaryPolicy(allow("ec2:*", "*")))
        .session(List.of(sessionPolicy(allow("ec2:*", "*"))))
        .resource(resourcePolicy(allowFor(aws(SESSION_ARN), "s3:GetObject", BUCKET + "/*"))).build();
    assertOutcome(Outcome.ALLOW, eval(set, session(), "s3:GetObject", OBJECT));
  }

  /** IAM federated user sessions: a resource policy naming the federated user ARN grants "directly to the session". */
  @Test
  void evaluate_resourcePolicyNamingFederatedUserArn_notLimitedBySessionPolicy() {
    PolicySet set = identity(allow("s3:*", "*"))
        .session(List.of(sessionPolicy(allow("ec2:*", "*"))))
        .resource(resourcePolicy(allowFor(aws(FEDERATED_ARN), "s3:GetObject", BUCKET + "/*"))).build();
    assertOutcome(Outcome.ALLOW, eval(set, federated(), "s3:GetObject", OBJECT));
  }

  /** "if a resource-based policy grants permission to the ARN of the IAM user who federated, then requests made by the federated user during the session are limited by an implicit deny in a permission boundary or session policy." */
  @Test
  void evaluate_resourcePolicyNamingFederatingUser_limitedBySessionPolicy() {
    PolicySet set = identity(allow("s3:*", "*"))
        .session(List.of(sessionPolicy(allow("ec2:*", "*"))))
        .resource(resourcePolicy(allowFor(aws(ALICE_ARN), "s3:GetObject", BUCKET + "/*"))).build();
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, federated(), "s3:GetObject", OBJECT));
  }

  /** A resource policy naming the account "delegates authority to the account": the identity policies must allow. */
  @Test
  void evaluate_resourcePolicyNamingAccount_delegatesToIdentityPolicies() {
    Policy rp = resourcePolicy(allowFor(aws(ROOT_ARN), "s3:GetObject", BUCKET + "/*"));
    Decision without = eval(PolicySet.builder().resource(rp).build(), alice(), "s3:GetObject", OBJECT);
    assertOutcome(Outcome.IMPLICIT_DENY, without);
    assertEquals(PolicyType.IDENTITY, without.missingAllow());
    assertOutcome(Outcome.ALLOW, eval(identity(allow("s3:GetObject", "*")).resource(rp).build(), alice(), "s3:GetObject", OBJECT));
  }

  /** "The account ARN and the shortened account ID behave the same way". */
  @Test
  void evaluate_resourcePolicyNamingBareAccountId_behavesLikeRootArn() {
    Policy rp = resourcePolicy(allowFor(aws(ACCOUNT), "s3:GetObject", BUCKET + "/*"));
    assertOutcome(Outcome.IMPLICIT_DENY, eval(PolicySet.builder().resource(rp).build(), alice(), "s3:GetObject", OBJECT));
    assertOutcome(Outcome.ALLOW, eval(identity(allow("s3:GetObject", "*")).resource(rp).build(), alice(), "s3:GetObject", OBJECT));
  }

  /** "*": "For IAM users and role principals within your account, no other permissions are required." */
  @Test
  void evaluate_resourcePolicyNamingEveryone_grantsDirectly() {
    PolicySet set = PolicySet.builder().resource(resourcePolicy(allowFor(STAR, "s3:GetObject", BUCKET + "/*"))).build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "s3:GetObject", OBJECT));
  }

  /** "If either the identity-based policy or the resource-based policy within the same account allows the request and the other doesn't, the request is still allowed." */
  @Test
  void evaluate_sameAccount_identityAllowWithoutResourcePolicyAllow_allows() {
    PolicySet set = identity(allow("s3:GetObject", "*"))
        .resource(resourcePolicy(allowFor(aws(BOB_ARN), "s3:GetObject", BUCKET + "/*"))).build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "s3:GetObject", OBJECT));
  }

  // ---- Cross-account ------------------------------------------------------------------------

  private static AuthorizationRequest crossAccount(Caller caller) {
    return AuthorizationRequest.builder().caller(caller).action("s3:GetObject").resource(OBJECT).resourceAccount(OTHER_ACCOUNT).build();
  }

  /** Cross-account: "The request is allowed only if both evaluations return a decision of Allow." */
  @Test
  void evaluate_crossAccount_needsBothIdentityAndResourcePolicy() {
    Policy rp = resourcePolicy(allowFor(aws(ALICE_ARN), "s3:GetObject", BUCKET + "/*"));
    assertOutcome(Outcome.ALLOW, eval(identity(allow("s3:GetObject", "*")).resource(rp).build(), crossAccount(alice())));
    Decision rpOnly = eval(PolicySet.builder().resource(rp).build(), crossAccount(alice()));
    assertOutcome(Outcome.IMPLICIT_DENY, rpOnly);
    assertEquals(PolicyType.IDENTITY, rpOnly.missingAllow());
    Decision idOnly = eval(identity(allow("s3:GetObject", "*")).build(), crossAccount(alice()));
    assertOutcome(Outcome.IMPLICIT_DENY, idOnly);
    assertEquals(PolicyType.RESOURCE, idOnly.missingAllow());
  }

  /** A resource policy naming the trusted account, plus the requester's identity allow. */
  @Test
  void evaluate_crossAccount_resourcePolicyNamingCallersAccount_allowsWithIdentityAllow() {
    Policy rp = resourcePolicy(allowFor(aws(ACCOUNT), "s3:GetObject", BUCKET + "/*"));
    assertOutcome(Outcome.ALLOW, eval(identity(allow("s3:GetObject", "*")).resource(rp).build(), crossAccount(alice())));
  }

  /** The root user's full access is to its own account: across accounts the resource policy must still allow. */
  @Test
  void evaluate_crossAccount_rootNeedsResourcePolicy() {
    AuthorizationRequest r = crossAccount(root());
    assertOutcome(Outcome.IMPLICIT_DENY, eval(PolicySet.builder().build(), r));
    assertOutcome(Outcome.ALLOW, eval(PolicySet.builder().resource(resourcePolicy(allowFor(aws(ACCOUNT), "s3:GetObject", BUCKET + "/*"))).build(), r));
  }

  /** On the principal side of a cross-account request the boundary still applies. */
  @Test
  void evaluate_crossAccount_boundaryStillLimits() {
    PolicySet set = identity(allow("s3:GetObject", "*"))
        .boundary(boundaryPolicy(allow("ec2:*", "*")))
        .resource(resourcePolicy(allowFor(aws(ALICE_ARN), "s3:GetObject", BUCKET + "/*"))).build();
    Decision d = eval(set, crossAccount(alice()));
    assertOutcome(Outcome.IMPLICIT_DENY, d);
    assertEquals(PolicyType.BOUNDARY, d.missingAllow());
  }

  // ---- Trust policies and key policies ------------------------------------------------------

  private static final String TARGET_ROLE = "arn:aws:iam::111122223333:role/target";

  private static Policy trust(String principal) {
    return Fixtures.resource(doc("{\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":\"sts:AssumeRole\"}"));
  }

  /** "IAM role trust policies and KMS key policies are exceptions to this logic, because they must explicitly allow access for principals." */
  @Test
  void evaluate_assumeRoleWithIdentityAllowButNoTrustPolicy_isImplicitDeny() {
    Decision d = eval(identity(allow("sts:AssumeRole", "*")).build(), alice(), "sts:AssumeRole", TARGET_ROLE);
    assertOutcome(Outcome.IMPLICIT_DENY, d);
    assertEquals(PolicyType.RESOURCE, d.missingAllow());
  }

  @Test
  void evaluate_assumeRoleWhenTrustPolicyNamesSomeoneElse_isImplicitDeny() {
    PolicySet set = identity(allow("sts:AssumeRole", "*")).resource(trust(aws(BOB_ARN))).build();
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, alice(), "sts:AssumeRole", TARGET_ROLE));
  }

  @Test
  void evaluate_assumeRoleWhenTrustPolicyNamesUser_allowsWithoutIdentityPolicy() {
    PolicySet set = PolicySet.builder().resource(trust(aws(ALICE_ARN))).build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "sts:AssumeRole", TARGET_ROLE));
  }

  @Test
  void evaluate_assumeRoleWhenTrustPolicyNamesAccount_needsIdentityAllow() {
    assertOutcome(Outcome.IMPLICIT_DENY, eval(PolicySet.builder().resource(trust(aws(ROOT_ARN))).build(), alice(), "sts:AssumeRole", TARGET_ROLE));
    assertOutcome(Outcome.ALLOW, eval(identity(allow("sts:AssumeRole", TARGET_ROLE)).resource(trust(aws(ROOT_ARN))).build(),
        alice(), "sts:AssumeRole", TARGET_ROLE));
  }

  /** Session tags: "If your policy includes the first statement without the second statement, the user can't assume the role" — sts:TagSession needs its own trust-policy allow. */
  @Test
  void evaluate_tagSessionNotInTrustPolicy_isImplicitDeny() {
    PolicySet set = identity(allow("sts:*", "*")).resource(trust(aws(ALICE_ARN))).build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "sts:AssumeRole", TARGET_ROLE));
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, alice(), "sts:TagSession", TARGET_ROLE));
  }

  private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  @Test
  void evaluate_kmsKeyWithIdentityAllowButNoKeyPolicy_isImplicitDeny() {
    assertOutcome(Outcome.IMPLICIT_DENY, eval(identity(allow("kms:Decrypt", "*")).build(), alice(), "kms:Decrypt", KEY));
  }

  @Test
  void evaluate_kmsKeyPolicyNamingAccount_delegatesToIdentityPolicies() {
    Policy kp = resourcePolicy(allowFor(aws(ROOT_ARN), "kms:*", "*"));
    assertOutcome(Outcome.ALLOW, eval(identity(allow("kms:Decrypt", "*")).resource(kp).build(), alice(), "kms:Decrypt", KEY));
    assertOutcome(Outcome.IMPLICIT_DENY, eval(PolicySet.builder().resource(kp).build(), alice(), "kms:Decrypt", KEY));
  }

  // ---- Service principals and anonymous callers ---------------------------------------------

  @Test
  void evaluate_servicePrincipal_decidedByResourcePolicyAlone() {
    Caller sns = new Caller.Service("sns.amazonaws.com");
    String queue = "arn:aws:sqs:us-east-1:111122223333:queue";
    Policy rp = resourcePolicy(allowFor("{\"Service\":\"sns.amazonaws.com\"}", "sqs:SendMessage", queue));
    assertOutcome(Outcome.ALLOW, eval(PolicySet.builder().resource(rp).build(), sns, "sqs:SendMessage", queue));
    Decision none = eval(PolicySet.builder().build(), sns, "sqs:SendMessage", queue);
    assertOutcome(Outcome.IMPLICIT_DENY, none);
    assertEquals(PolicyType.RESOURCE, none.missingAllow());
  }

  @Test
  void evaluate_servicePrincipalNotNamed_isImplicitDeny() {
    Policy rp = resourcePolicy(allowFor("{\"Service\":\"sns.amazonaws.com\"}", "sqs:SendMessage", "*"));
    assertOutcome(Outcome.IMPLICIT_DENY, eval(PolicySet.builder().resource(rp).build(),
        new Caller.Service("events.amazonaws.com"), "sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:queue"));
  }

  /** "For anonymous users, the following elements are equivalent: "Principal": "*" / { "AWS" : "*" }". */
  @Test
  void evaluate_anonymousCaller_allowedByPrincipalStarInEitherForm() {
    Caller anon = new Caller.Anonymous();
    assertOutcome(Outcome.ALLOW, eval(PolicySet.builder().resource(resourcePolicy(allowFor(STAR, "s3:GetObject", BUCKET + "/*"))).build(),
        anon, "s3:GetObject", OBJECT));
    assertOutcome(Outcome.ALLOW, eval(PolicySet.builder().resource(resourcePolicy(allowFor(aws("*"), "s3:GetObject", BUCKET + "/*"))).build(),
        anon, "s3:GetObject", OBJECT));
  }

  @Test
  void evaluate_anonymousCaller_notCoveredByAccountPrincipal() {
    PolicySet set = PolicySet.builder().resource(resourcePolicy(allowFor(aws(ACCOUNT), "s3:GetObject", BUCKET + "/*"))).build();
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, new Caller.Anonymous(), "s3:GetObject", OBJECT));
  }

  // ---- NotPrincipal -------------------------------------------------------------------------

  private static PolicySet notPrincipalDeny(String... notPrincipals) {
    return PolicySet.builder().resource(resourcePolicy(
        allowFor(STAR, "s3:GetObject", BUCKET + "/*"),
        "{\"Effect\":\"Deny\",\"NotPrincipal\":" + aws(notPrincipals) + ",\"Action\":\"s3:*\",\"Resource\":\"" + BUCKET + "/*\"}")).build();
  }

  /** NotPrincipal with Deny: for a role session list "the ARN of the assumed-role user ..., the role ..., and the AWS account". */
  @Test
  void evaluate_notPrincipalDeny_sessionRoleAndAccountListed_exempt() {
    assertOutcome(Outcome.ALLOW, eval(notPrincipalDeny(SESSION_ARN, ROLE_ARN, ROOT_ARN), session(), "s3:GetObject", OBJECT));
  }

  /** "If the NotPrincipal element was missing the ARN of the role, the effect of the policy might be to explicitly deny access to the role." */
  @Test
  void evaluate_notPrincipalDeny_roleArnMissing_denies() {
    assertOutcome(Outcome.EXPLICIT_DENY, eval(notPrincipalDeny(SESSION_ARN, ROOT_ARN), session(), "s3:GetObject", OBJECT));
  }

  /** "if the NotPrincipal element was missing the ARN of the AWS account that the role belongs to, the effect of the policy might be to explicitly deny access to the AWS account". */
  @Test
  void evaluate_notPrincipalDeny_accountMissing_denies() {
    assertOutcome(Outcome.EXPLICIT_DENY, eval(notPrincipalDeny(SESSION_ARN, ROLE_ARN), session(), "s3:GetObject", OBJECT));
  }

  /** "Principals must always name a specific session": listing only the role and account does not exempt its sessions. */
  @Test
  void evaluate_notPrincipalDeny_sessionArnMissing_denies() {
    assertOutcome(Outcome.EXPLICIT_DENY, eval(notPrincipalDeny(ROLE_ARN, ROOT_ARN), session(), "s3:GetObject", OBJECT));
  }

  /** The user example lists "the ARN of both the user Bob and the AWS account that Bob belongs to". */
  @Test
  void evaluate_notPrincipalDeny_userAndAccountListed_exemptOthersDenied() {
    PolicySet set = notPrincipalDeny(ALICE_ARN, ROOT_ARN);
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "s3:GetObject", OBJECT));
    assertOutcome(Outcome.EXPLICIT_DENY, eval(set, Fixtures.bob(), "s3:GetObject", OBJECT));
    assertOutcome(Outcome.EXPLICIT_DENY, eval(set, new Caller.Anonymous(), "s3:GetObject", OBJECT));
  }

  @Test
  void evaluate_notPrincipalDeny_onlyUserListed_denies() {
    assertOutcome(Outcome.EXPLICIT_DENY, eval(notPrincipalDeny(ALICE_ARN), alice(), "s3:GetObject", OBJECT));
  }

  /** "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a permissions boundary policy attached, regardless of the values specified". */
  @Test
  void evaluate_notPrincipalDeny_principalWithBoundary_alwaysDenied() {
    PolicySet set = PolicySet.builder()
        .identity(Fixtures.identity(doc(allow("s3:*", "*"))))
        .boundary(boundaryPolicy(allow("s3:*", "*")))
        .resource(resourcePolicy(
            "{\"Effect\":\"Deny\",\"NotPrincipal\":" + aws(ALICE_ARN, ROOT_ARN) + ",\"Action\":\"s3:*\",\"Resource\":\"" + BUCKET + "/*\"}"))
        .build();
    assertOutcome(Outcome.EXPLICIT_DENY, eval(set, alice(), "s3:GetObject", OBJECT));
  }

  /** NotPrincipal with Allow "allows all principals except the one named in the NotPrincipal element". */
  @Test
  void evaluate_notPrincipalAllow_grantsEveryoneButListed() {
    PolicySet set = PolicySet.builder().resource(resourcePolicy(
        "{\"Effect\":\"Allow\",\"NotPrincipal\":" + aws(BOB_ARN, ROOT_ARN) + ",\"Action\":\"s3:GetObject\",\"Resource\":\"" + BUCKET + "/*\"}"))
        .build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "s3:GetObject", OBJECT));
    assertOutcome(Outcome.ALLOW, eval(set, new Caller.Anonymous(), "s3:GetObject", OBJECT));
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, Fixtures.bob(), "s3:GetObject", OBJECT));
  }

  // ---- Action, NotAction, Resource, NotResource ---------------------------------------------

  /** Action: "The prefix and the action name are case insensitive." */
  @Test
  void evaluate_actionMatching_isCaseInsensitive() {
    assertOutcome(Outcome.ALLOW, eval(identity(allow("IAM:listaccesskeys", "*")).build(), alice(), "iam:ListAccessKeys", "*"));
  }

  @Test
  void evaluate_actionWildcards_starAndQuestionMark() {
    PolicySet set = identity(allow("iam:*AccessKey*", "*"), allow("ec2:Describe?pcs", "*")).build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "iam:CreateAccessKey", "*"));
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "ec2:DescribeVpcs", "*"));
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, alice(), "iam:CreateUser", "*"));
  }

  /** NotAction with Allow: allows everything except the listed actions; the listed ones stay implicitly denied. */
  @Test
  void evaluate_notActionAllow_allowsAllButListed() {
    PolicySet set = identity("{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}").build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "s3:GetObject", OBJECT));
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, alice(), "iam:CreateUser", "*"));
  }

  /** NotAction with Deny denies everything else and "does not grant" the listed actions. */
  @Test
  void evaluate_notActionDeny_deniesOthersAndGrantsNothing() {
    PolicySet set = identity("{\"Effect\":\"Deny\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}").build();
    assertOutcome(Outcome.EXPLICIT_DENY, eval(set, alice(), "s3:GetObject", OBJECT));
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, alice(), "iam:ListUsers", "*"));
  }

  @Test
  void evaluate_notResourceAllow_allowsAllButListed() {
    PolicySet set = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"NotResource\":\"arn:aws:s3:::payroll/*\"}").build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "s3:GetObject", OBJECT));
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, alice(), "s3:GetObject", "arn:aws:s3:::payroll/salaries.csv"));
  }

  /** NotResource with Deny: everything except the listed resources is explicitly denied. */
  @Test
  void evaluate_notResourceDeny_deniesAllButListed() {
    PolicySet set = identity(allow("s3:*", "*"),
        "{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"NotResource\":[\"arn:aws:s3:::hr\",\"arn:aws:s3:::hr/*\"]}").build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "s3:GetObject", "arn:aws:s3:::hr/handbook.pdf"));
    assertOutcome(Outcome.EXPLICIT_DENY, eval(set, alice(), "s3:GetObject", OBJECT));
  }

  /** FORMAT.md: a request resource "*" is "a literal: only a policy's "*" matches it". */
  @Test
  void evaluate_requestResourceStar_matchedOnlyByPolicyStar() {
    assertOutcome(Outcome.IMPLICIT_DENY, eval(identity(allow("s3:ListAllMyBuckets", "arn:aws:s3:::*")).build(), alice(), "s3:ListAllMyBuckets", "*"));
    assertOutcome(Outcome.ALLOW, eval(identity(allow("s3:ListAllMyBuckets", "*")).build(), alice(), "s3:ListAllMyBuckets", "*"));
  }

  /** Resource: the asterisk "can expand to replace everything within a segment, including characters like a forward slash (/)". */
  @Test
  void evaluate_resourceStar_spansSlashesWithinResourceSegment() {
    assertOutcome(Outcome.ALLOW, eval(identity(allow("s3:GetObject", BUCKET + "/*")).build(), alice(), "s3:GetObject", OBJECT));
  }

  /** "You can use the wildcard characters (* and ?) within any ARN segment ... a wildcard character can't span segments." */
  @Test
  void evaluate_resourceWildcard_doesNotSpanSegments() {
    PolicySet set = identity(allow("sqs:SendMessage", "arn:aws:sqs:*:111122223333:queue")).build();
    assertOutcome(Outcome.ALLOW, eval(set, alice(), "sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:queue"));
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, alice(), "sqs:SendMessage", "arn:aws:sqs:us-east-1:999999999999:111122223333:queue"));
  }

  @Test
  void evaluate_resourceMatching_isCaseSensitive() {
    assertOutcome(Outcome.IMPLICIT_DENY, eval(identity(allow("s3:GetObject", "arn:aws:s3:::Example-Bucket/*")).build(), alice(), "s3:GetObject", OBJECT));
  }

  // ---- Policy variables in Resource -------------------------------------------------------

  @Test
  void evaluate_resourceVariable_resolvesToUserName() {
    PolicySet set = identity(allow("s3:GetObject", BUCKET + "/home/${aws:username}/*")).build();
    assertOutcome(Outcome.ALLOW, eval(set, request(alice(), "s3:GetObject", OBJECT, ctx("aws:username", "alice"))));
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, request(alice(), "s3:GetObject", BUCKET + "/home/bob/x", ctx("aws:username", "alice"))));
  }

  /** "the resource that includes a policy variable with no value will not match any resource." */
  @Test
  void evaluate_resourceVariableWithoutValue_matchesNoResource() {
    PolicySet set = identity(allow("s3:GetObject", BUCKET + "/home/${aws:username}/*")).build();
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, alice(), "s3:GetObject", OBJECT));
  }

  /** Same rule under NotResource: the entry matches nothing, so the NotResource statement applies to every resource. */
  @Test
  void evaluate_notResourceVariableWithoutValue_statementAppliesEverywhere() {
    PolicySet set = identity(allow("s3:*", "*"),
        "{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"NotResource\":\"" + BUCKET + "/home/${aws:username}/*\"}").build();
    assertOutcome(Outcome.EXPLICIT_DENY, eval(set, alice(), "s3:GetObject", OBJECT));
    assertOutcome(Outcome.ALLOW, eval(set, request(alice(), "s3:GetObject", OBJECT, ctx("aws:username", "alice"))));
  }

  /** Version 2008-10-17: "Earlier versions of the policy language don't support policy variables" — ${...} is literal. */
  @Test
  void evaluate_version2008_variablesAreLiteral() {
    PolicySet set = PolicySet.builder().identity(Fixtures.identity(
        "{\"Version\":\"2008-10-17\",\"Statement\":[" + allow("s3:GetObject", BUCKET + "/home/${aws:username}/*") + "]}")).build();
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, request(alice(), "s3:GetObject", OBJECT, ctx("aws:username", "alice"))));
    assertOutcome(Outcome.ALLOW, eval(set, request(alice(), "s3:GetObject", BUCKET + "/home/${aws:username}/notes.txt", ctx("aws:username", "alice"))));
  }

  @Test
  void evaluate_noVersion_variablesAreLiteral() {
    PolicySet set = PolicySet.builder().identity(Fixtures.identity(
        "{\"Statement\":[" + allow("s3:GetObject", BUCKET + "/home/${aws:username}/*") + "]}")).build();
    assertOutcome(Outcome.IMPLICIT_DENY, eval(set, request(alice(), "s3:GetObject", OBJECT, ctx("aws:username", "alice"))));
  }

  // ---- sts:GetCallerIdentity ----------------------------------------------------------------

  /** "No permissions are required to perform this operation. If an administrator attaches a policy to your identity that explicitly denies access to the sts:GetCallerIdentity action, you can still perform this operation." */
  @Test
  void evaluate_getCallerIdentity_allowedWithoutPolicyEvenWhenDenied() {
    assertOutcome(Outcome.ALLOW, eval(PolicySet.builder().build(), alice(), "sts:GetCallerIdentity", "*"));
    assertOutcome(Outcome.ALLOW, eval(identity(deny("sts:*", "*")).build(), session(), "sts:GetCallerIdentity", "*"));
  }

  // ---- Explanations -------------------------------------------------------------------------

  @Test
  void evaluate_allow_namesDecidingStatementWithPolicyIndexAndSid() {
    PolicySet set = PolicySet.builder().identity(Fixtures.parse(PolicyType.IDENTITY, "ReadOnly", doc(
        allow("ec2:*", "*") + ",{\"Sid\":\"AllowRead\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}"))).build();
    Decision d = eval(set, alice(), "s3:GetObject", OBJECT);
    assertOutcome(Outcome.ALLOW, d);
    assertNull(d.missingAllow());
    assertEquals(List.of(new StatementRef(PolicyType.IDENTITY, "ReadOnly", 1, "AllowRead", Effect.ALLOW)), d.deciding());
  }

  @Test
  void evaluate_explicitDeny_namesEveryMatchingDenyStatement() {
    PolicySet set = PolicySet.builder()
        .identity(Fixtures.parse(PolicyType.IDENTITY, "Admin", doc(allow("*", "*"))))
        .resource(Fixtures.parse(PolicyType.RESOURCE, "BucketPolicy", doc(
            "{\"Sid\":\"NoDeletes\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:Delete*\",\"Resource\":\"*\"}")))
        .build();
    Decision d = eval(set, alice(), "s3:DeleteObject", OBJECT);
    assertOutcome(Outcome.EXPLICIT_DENY, d);
    assertEquals(1, d.deciding().size());
    StatementRef ref = d.deciding().get(0);
    assertEquals(PolicyType.RESOURCE, ref.type());
    assertEquals("BucketPolicy", ref.policy());
    assertEquals(0, ref.index());
    assertEquals("NoDeletes", ref.sid());
    assertEquals(Effect.DENY, ref.effect());
  }

  @Test
  void evaluate_implicitDeny_namesLayerWithoutAllowAndNoStatements() {
    Decision d = eval(PolicySet.builder().build(), alice(), "s3:GetObject", OBJECT);
    assertEquals(PolicyType.IDENTITY, d.missingAllow());
    assertTrue(d.deciding().isEmpty());
    assertTrue(d.message(request(alice(), "s3:GetObject", OBJECT)).contains("s3:GetObject"));
  }

  /**
   * IAM's access-denied sentences ("Access denied error messages", IAM User Guide): "... because no
   * identity-based policy allows the s3:GetObject action" and "... with an explicit deny in an
   * identity-based policy".
   */
  @Test
  void message_followsIamsSentences() {
    String head = "User: " + ALICE_ARN + " is not authorized to perform: s3:GetObject on resource: " + OBJECT;
    Decision implicit = eval(PolicySet.builder().build(), alice(), "s3:GetObject", OBJECT);
    assertEquals(head + " because no identity-based policy allows the s3:GetObject action",
        implicit.message(request(alice(), "s3:GetObject", OBJECT)));
    Decision explicit = eval(identity(deny("s3:GetObject", "*")).build(), alice(), "s3:GetObject", OBJECT);
    assertEquals(head + " with an explicit deny in an identity-based policy", explicit.message(request(alice(), "s3:GetObject", OBJECT)));
    Decision session = eval(identity(allow("s3:*", "*")).session(java.util.List.of(Fixtures.session(doc(deny("s3:GetObject", "*"))))).build(), alice(),
        "s3:GetObject", OBJECT);
    assertEquals(head + " with an explicit deny in a session policy", session.message(request(alice(), "s3:GetObject", OBJECT)));
  }

  @Test
  void evaluate_missingConditionKeys_areReported() {
    PolicySet set = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
        + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}").build();
    Decision d = eval(set, alice(), "s3:GetObject", OBJECT);
    assertOutcome(Outcome.IMPLICIT_DENY, d);
    assertTrue(d.missingContextKeys().stream().anyMatch("aws:MultiFactorAuthPresent"::equalsIgnoreCase), d.missingContextKeys()::toString);
  }

  // ---- Failures are denies ------------------------------------------------------------------

  /**
   * Any failure while deciding is a deny (fail closed). An epoch-seconds request value beyond the
   * range of java.time.Instant makes the date reader throw while the condition is evaluated.
   */
  @Test
  void evaluate_exceptionWhileEvaluating_isDenyWithError() {
    // An out-of-range date is not an error: it is no date, and the condition does not match.
    PolicySet set = identity("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\","
        + "\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"2030-01-01T00:00:00Z\"}}}").build();
    Decision odd = Evaluator.evaluate(set, request(alice(), "s3:GetObject", OBJECT, ctx("aws:CurrentTime", "99999999999999999")));
    assertEquals(Outcome.IMPLICIT_DENY, odd.outcome());
    assertNull(odd.error());

    Decision d = Evaluator.guarded(request(alice(), "s3:GetObject", OBJECT, ctx("aws:CurrentTime", "2026-11-23T00:00:00Z")),
        () -> {
          throw new IllegalStateException("boom");
        });
    assertNotEquals(Outcome.ALLOW, d.outcome());
    assertNotNull(d.error(), () -> "expected a failure; got " + d);
  }
}
