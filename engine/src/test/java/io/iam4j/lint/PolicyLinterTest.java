package io.iam4j.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.ArrayNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonReader;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PolicyLinter} findings, written from the IAM Access Analyzer policy check reference and the
 * IAM User Guide (Principal, NotAction, NotResource, Version, Condition operators). Each test checks
 * the finding's code, severity and pointer, and that the pointer resolves in the document.
 */
class PolicyLinterTest {

  private static final String BUCKET = "arn:aws:s3:::examplebucket";

  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static List<Finding> lint(PolicyType type, String singleQuoted) {
    JsonNode root = JsonReader.read(json(singleQuoted));
    Policy policy = PolicyParser.standard().parse(root, type, "lint.json");
    return PolicyLinter.lint(policy, root);
  }

  /** A 2012-10-17 identity policy with one statement (in an array) whose members are {@code members}. */
  private static String identity(String members) {
    return "{'Version':'2012-10-17','Statement':[{" + members + "}]}";
  }

  private static String bucketPolicy(String members) {
    return "{'Version':'2012-10-17','Statement':[{" + members + "}]}";
  }

  private static Finding only(List<Finding> findings, String code) {
    List<Finding> matching = findings.stream().filter(f -> f.code().equals(code)).toList();
    assertEquals(1, matching.size(), () -> "expected one " + code + " in " + findings);
    return matching.get(0);
  }

  private static void assertNone(List<Finding> findings, String code) {
    assertTrue(findings.stream().noneMatch(f -> f.code().equals(code)), () -> "unexpected " + code + " in " + findings);
  }

  private static void assertFinding(Finding f, Severity severity, String pointer) {
    assertEquals(severity, f.severity(), f::toString);
    assertEquals(pointer, f.pointer(), f::toString);
  }

  /** Resolves an RFC 6901 pointer in {@code root}, or returns null when it names nothing. */
  private static JsonNode resolve(JsonNode root, String pointer) {
    if (pointer.isEmpty()) {
      return root;
    }
    JsonNode n = root;
    for (String raw : pointer.substring(1).split("/", -1)) {
      String token = raw.replace("~1", "/").replace("~0", "~");
      if (n instanceof ObjectNode o) {
        n = o.get(token);
      } else if (n instanceof ArrayNode a && token.matches("\\d+") && Integer.parseInt(token) < a.elements().size()) {
        n = a.elements().get(Integer.parseInt(token));
      } else {
        return null;
      }
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  private static void assertResolves(String singleQuoted, Finding f) {
    assertNotNull(resolve(JsonReader.read(json(singleQuoted)), f.pointer()), () -> f + " does not resolve in the document");
  }

  // ---------------------------------------------------------------- broad grants

  // Best practices (IAM User Guide): "Apply least-privilege permissions"; "Action": "*" on "Resource": "*" is administrator access.
  @Test
  void lint_actionStarOnResourceStar_isFullAccessSecurityWarning() {
    String doc = identity("'Effect':'Allow','Action':'*','Resource':'*'");
    Finding f = only(lint(PolicyType.IDENTITY, doc), "FULL_ACCESS");
    assertFinding(f, Severity.SECURITY_WARNING, "/Statement/0/Action");
    assertResolves(doc, f);
  }

  @Test
  void lint_fullAccessLimitedByCondition_isOnlyAWarning() {
    Finding f = only(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'*','Resource':'*',"
        + "'Condition':{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}")), "FULL_ACCESS");
    assertFinding(f, Severity.WARNING, "/Statement/0/Action");
  }

  // Action: "You can use a wildcard (*) to give access to all the actions the specific AWS product offers."
  @Test
  void lint_serviceWildcardOnResourceStar_isServiceWildcardWarning() {
    Finding f = only(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':['s3:GetObject','s3:*'],'Resource':'*'")), "SERVICE_WILDCARD");
    assertFinding(f, Severity.WARNING, "/Statement/0/Action");
  }

  @Test
  void lint_serviceWildcardOnNamedResource_isNotReported() {
    assertNone(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:*','Resource':'" + BUCKET + "/*'")), "SERVICE_WILDCARD");
  }

  // NotAction (IAM User Guide): Allow with NotAction allows every action not listed, including new ones.
  @Test
  void lint_allowWithNotAction_isSecurityWarningAtNotAction() {
    String doc = identity("'Effect':'Allow','NotAction':'iam:*','Resource':'*'");
    Finding f = only(lint(PolicyType.IDENTITY, doc), "ALLOW_WITH_NOT_ACTION");
    assertFinding(f, Severity.SECURITY_WARNING, "/Statement/0/NotAction");
    assertResolves(doc, f);
  }

  // The documented pattern "BlockMostAccessUnlessSignedInWithMFA" is a Deny with NotAction.
  @Test
  void lint_denyWithNotAction_isNotReported() {
    assertNone(lint(PolicyType.IDENTITY, identity("'Effect':'Deny','NotAction':['iam:ListMFADevices','sts:GetSessionToken'],'Resource':'*',"
        + "'Condition':{'BoolIfExists':{'aws:MultiFactorAuthPresent':'false'}}")), "ALLOW_WITH_NOT_ACTION");
  }

  @Test
  void lint_allowWithNotResource_isSecurityWarningAtNotResource() {
    String doc = identity("'Effect':'Allow','Action':'s3:GetObject','NotResource':'" + BUCKET + "/secret/*'");
    Finding f = only(lint(PolicyType.IDENTITY, doc), "ALLOW_WITH_NOT_RESOURCE");
    assertFinding(f, Severity.SECURITY_WARNING, "/Statement/0/NotResource");
    assertResolves(doc, f);
  }

  // Access Analyzer "Security Warning – Pass role with star in resource".
  @Test
  void lint_passRoleOnResourceStar_isSecurityWarningAtResource() {
    String doc = identity("'Effect':'Allow','Action':['ec2:RunInstances','iam:PassRole'],'Resource':'*'");
    Finding f = only(lint(PolicyType.IDENTITY, doc), "PASS_ROLE_WITH_STAR");
    assertFinding(f, Severity.SECURITY_WARNING, "/Statement/0/Resource");
    assertResolves(doc, f);
  }

  // Access Analyzer "Security Warning – Pass role with star in action and resource".
  @Test
  void lint_actionStarOnResourceStar_alsoReportsPassRole() {
    Finding f = only(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'*','Resource':'*'")), "PASS_ROLE_WITH_STAR");
    assertFinding(f, Severity.SECURITY_WARNING, "/Statement/0/Resource");
  }

  @Test
  void lint_passRoleMatchedByWildcardActionName_isReported() {
    only(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'IAM:Pass*','Resource':'*'")), "PASS_ROLE_WITH_STAR");
  }

  // The check was a regular expression built from the pattern: 2,000 stars backtrack exponentially against
  // "passrole". Now one table row per pattern character; the answers are checked, the time is not.
  @Test
  void lint_passRoleCheckOnAdversarialStars_answersBothWays() {
    only(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'iam:" + "*".repeat(2_000) + "e','Resource':'*'")),
        "PASS_ROLE_WITH_STAR");
    assertNone(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'iam:" + "*?".repeat(1_000) + "x','Resource':'*'")),
        "PASS_ROLE_WITH_STAR");
  }

  @Test
  void globMatches_wildcardsAgainstPassRole() {
    assertTrue(PolicyLinter.globMatches("pass?ole", "passrole"));
    assertTrue(PolicyLinter.globMatches("*role", "passrole"));
    assertTrue(PolicyLinter.globMatches("p*s*e", "passrole"));
    assertFalse(PolicyLinter.globMatches("p*s*x", "passrole"));
    assertFalse(PolicyLinter.globMatches("passrole?", "passrole"));
    assertTrue(PolicyLinter.globMatches("passrole*", "passrole"));
    assertFalse(PolicyLinter.globMatches("", "passrole"));
  }

  @Test
  void lint_passRoleOnNamedRole_isNotReported() {
    assertNone(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'iam:PassRole',"
        + "'Resource':'arn:aws:iam::123456789012:role/ec2-app'")), "PASS_ROLE_WITH_STAR");
  }

  // ---------------------------------------------------------------- principals

  // Principal: "using a wildcard (*) with an Allow effect grants access to all users, including anonymous users (public access)".
  @Test
  void lint_principalStarWithoutCondition_isPublicAccess() {
    String doc = bucketPolicy("'Effect':'Allow','Principal':'*','Action':'s3:GetObject','Resource':'" + BUCKET + "/*'");
    Finding f = only(lint(PolicyType.RESOURCE, doc), "PUBLIC_ACCESS");
    assertFinding(f, Severity.SECURITY_WARNING, "/Statement/0/Principal");
    assertResolves(doc, f);
  }

  // Principal: "For anonymous users, the following elements are equivalent: "Principal": "*" / "Principal" : { "AWS" : "*" }".
  @Test
  void lint_principalAwsStarWithoutCondition_isPublicAccess() {
    Finding f = only(lint(PolicyType.RESOURCE, bucketPolicy("'Effect':'Allow','Principal':{'AWS':['123456789012','*']},"
        + "'Action':'s3:GetObject','Resource':'" + BUCKET + "/*'")), "PUBLIC_ACCESS");
    assertFinding(f, Severity.SECURITY_WARNING, "/Statement/0/Principal");
  }

  // Principal: "specify intended principals ... and then further restrict access in the Condition element".
  @Test
  void lint_principalStarRestrictedByCondition_isNotPublicAccess() {
    assertNone(lint(PolicyType.RESOURCE, bucketPolicy("'Effect':'Allow','Principal':'*','Action':'s3:GetObject','Resource':'" + BUCKET + "/*',"
        + "'Condition':{'StringEquals':{'aws:PrincipalOrgID':'o-a1b2c3d4e5'}}")), "PUBLIC_ACCESS");
  }

  // Access Analyzer "Security Warning – Allow with NotPrincipal".
  @Test
  void lint_allowWithNotPrincipal_isSecurityWarningAtNotPrincipal() {
    String doc = bucketPolicy("'Effect':'Allow','NotPrincipal':{'AWS':'arn:aws:iam::444455556666:user/bob'},"
        + "'Action':'s3:GetObject','Resource':'" + BUCKET + "/*'");
    Finding f = only(lint(PolicyType.RESOURCE, doc), "ALLOW_WITH_NOT_PRINCIPAL");
    assertFinding(f, Severity.SECURITY_WARNING, "/Statement/0/NotPrincipal");
    assertResolves(doc, f);
  }

  // Access Analyzer: "Alternatively, you can allow broad access and then add another statement that uses the NotPrincipal
  // element with "Effect": "Deny"."
  @Test
  void lint_denyWithNotPrincipal_isNotReported() {
    assertNone(lint(PolicyType.RESOURCE, bucketPolicy("'Effect':'Deny','NotPrincipal':{'AWS':'arn:aws:iam::444455556666:user/bob'},"
        + "'Action':'s3:*','Resource':'" + BUCKET + "/*'")), "ALLOW_WITH_NOT_PRINCIPAL");
  }

  // ---------------------------------------------------------------- policy variables and Version

  // Access Analyzer "Variable unsupported in version: To include variables in your policy, use the policy version 2012-10-17 or later."
  @Test
  void lint_variableInResourceUnder2008_isReportedAtResource() {
    String doc = "{'Version':'2008-10-17','Statement':[{'Effect':'Allow','Action':'s3:*','Resource':'" + BUCKET + "/home/${aws:username}/*'}]}";
    Finding f = only(lint(PolicyType.IDENTITY, doc), "VARIABLE_IN_OLD_VERSION");
    assertEquals("/Statement/0/Resource", f.pointer());
    assertResolves(doc, f);
  }

  @Test
  void lint_variableInConditionWithoutVersion_isReportedAtConditionKey() {
    String doc = "{'Statement':[{'Effect':'Allow','Action':'s3:ListBucket','Resource':'" + BUCKET + "',"
        + "'Condition':{'StringLike':{'s3:prefix':['home/${aws:username}/']}}}]}";
    Finding f = only(lint(PolicyType.IDENTITY, doc), "VARIABLE_IN_OLD_VERSION");
    assertEquals("/Statement/0/Condition/StringLike/s3:prefix", f.pointer());
    assertResolves(doc, f);
  }

  // The Access Analyzer check reference files "Variable unsupported in version" under Error.
  @Test
  void lint_variableInOldVersion_hasAccessAnalyzerSeverityError() {
    Finding f = only(lint(PolicyType.IDENTITY, "{'Version':'2008-10-17','Statement':[{'Effect':'Allow','Action':'s3:*',"
        + "'Resource':'" + BUCKET + "/home/${aws:username}/*'}]}"), "VARIABLE_IN_OLD_VERSION");
    assertEquals(Severity.ERROR, f.severity());
  }

  @Test
  void lint_variableUnder2012_isNotReported() {
    assertNone(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:*','Resource':'" + BUCKET + "/home/${aws:username}/*'")),
        "VARIABLE_IN_OLD_VERSION");
  }

  // Access Analyzer "Missing version: We recommend that you specify the Version element".
  @Test
  void lint_missingVersion_isReportedAtRoot() {
    Finding f = only(lint(PolicyType.IDENTITY, "{'Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'" + BUCKET + "/*'}]}"),
        "MISSING_VERSION");
    assertEquals("", f.pointer());
  }

  // The Access Analyzer check reference files "Missing version" under General Warning.
  @Test
  void lint_missingVersion_hasAccessAnalyzerSeverityGeneralWarning() {
    Finding f = only(lint(PolicyType.IDENTITY, "{'Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'" + BUCKET + "/*'}]}"),
        "MISSING_VERSION");
    assertEquals(Severity.WARNING, f.severity());
  }

  // ---------------------------------------------------------------- conditions

  // Access Analyzer "Invalid global condition key: The condition key does not exist. Use a valid condition key."
  @Test
  void lint_unknownGlobalKey_isReportedAtConditionKey() {
    String doc = identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'*','Condition':{'IpAddress':{'aws:SourceIpAddress':'203.0.113.0/24'}}");
    Finding f = only(lint(PolicyType.IDENTITY, doc), "UNKNOWN_GLOBAL_KEY");
    assertEquals("/Statement/0/Condition/IpAddress/aws:SourceIpAddress", f.pointer());
    assertResolves(doc, f);
  }

  // The Access Analyzer check reference files "Invalid global condition key" under Error.
  @Test
  void lint_unknownGlobalKey_hasAccessAnalyzerSeverityError() {
    Finding f = only(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'*',"
        + "'Condition':{'IpAddress':{'aws:SourceIpAddress':'203.0.113.0/24'}}")), "UNKNOWN_GLOBAL_KEY");
    assertEquals(Severity.ERROR, f.severity());
  }

  @Test
  void lint_unknownGlobalTagKey_pointerEscapesTheSlash() {
    String doc = identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'*','Condition':{'StringEquals':{'aws:ResourceTags/team':'blue'}}");
    Finding f = only(lint(PolicyType.IDENTITY, doc), "UNKNOWN_GLOBAL_KEY");
    assertEquals("/Statement/0/Condition/StringEquals/aws:ResourceTags~1team", f.pointer());
    assertResolves(doc, f);
  }

  // Access Analyzer: "Condition key names are not case-sensitive."
  @Test
  void lint_knownGlobalKeysInAnyCase_areNotReported() {
    assertNone(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'*','Condition':{"
        + "'IpAddress':{'AWS:SOURCEIP':'203.0.113.0/24'},'StringEquals':{'aws:ResourceTag/team':'blue','aws:PrincipalTag/job-category':'admin'},"
        + "'Bool':{'aws:securetransport':'true'}}")), "UNKNOWN_GLOBAL_KEY");
  }

  @Test
  void lint_serviceConditionKey_isNotCheckedAsGlobal() {
    assertNone(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:ListBucket','Resource':'" + BUCKET + "',"
        + "'Condition':{'NumericLessThanEquals':{'s3:max-keys':'10'}}")), "UNKNOWN_GLOBAL_KEY");
  }

  // Access Analyzer "General Warning – Type mismatch number: Add a valid numeric value for the condition operator."
  // iam4j goes further: the parser refuses such a value with its pointer (PolicyParserTest), so no policy the
  // linter sees has one.
  @Test
  void lint_numbersForNumericOperator_areNotReported() {
    assertNone(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:ListBucket','Resource':'" + BUCKET + "',"
        + "'Condition':{'NumericLessThanEquals':{'s3:max-keys':['10','-2.5',7]}}")), "INVALID_CONDITION_VALUE");
  }

  // Access Analyzer "General Warning – Type mismatch Boolean: Add a valid Boolean value (true or false)".
  @Test
  void lint_nonBooleanForBool_isInvalidConditionValueWarning() {
    Finding f = only(lint(PolicyType.IDENTITY, identity("'Effect':'Deny','Action':'s3:*','Resource':'*','Condition':{'Bool':{'aws:SecureTransport':'no'}}")),
        "INVALID_CONDITION_VALUE");
    assertFinding(f, Severity.WARNING, "/Statement/0/Condition/Bool/aws:SecureTransport");
  }

  // Access Analyzer "General Warning – Type mismatch IP range: Specify the IP range in standard CIDR format."
  @Test
  void lint_nonIpForIpAddress_isInvalidConditionValueWarning() {
    Finding f = only(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'*',"
        + "'Condition':{'NotIpAddress':{'aws:SourceIp':['203.0.113.0/24','office-network']}}")), "INVALID_CONDITION_VALUE");
    assertFinding(f, Severity.WARNING, "/Statement/0/Condition/NotIpAddress/aws:SourceIp");
  }

  // Condition operators page: "203.0.113.0/24 or 2001:DB8:1234:5678::/64" are the documented CIDR forms.
  @Test
  void lint_documentedIpv4AndIpv6Ranges_areValid() {
    assertNone(lint(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'someservice:*','Resource':'" + BUCKET + "',"
        + "'Condition':{'IpAddress':{'aws:SourceIp':['203.0.113.0/24','2001:DB8:1234:5678::/64','203.0.113.7']}}")), "INVALID_CONDITION_VALUE");
  }

  // Access Analyzer: ForAllValues "also returns true if there are no keys in the request".
  @Test
  void lint_forAllValuesWithAllow_isSecurityWarningAtConditionKey() {
    String doc = identity("'Effect':'Allow','Action':'ec2:CreateTags','Resource':'*',"
        + "'Condition':{'ForAllValues:StringEquals':{'aws:TagKeys':['environment','cost-center']}}");
    Finding f = only(lint(PolicyType.IDENTITY, doc), "FOR_ALL_VALUES_WITH_ALLOW");
    assertFinding(f, Severity.SECURITY_WARNING, "/Statement/0/Condition/ForAllValues:StringEquals/aws:TagKeys");
    assertResolves(doc, f);
  }

  @Test
  void lint_forAllValuesWithDeny_isNotReported() {
    assertNone(lint(PolicyType.IDENTITY, identity("'Effect':'Deny','Action':'ec2:CreateTags','Resource':'*',"
        + "'Condition':{'ForAllValues:StringEquals':{'aws:TagKeys':['environment']}}")), "FOR_ALL_VALUES_WITH_ALLOW");
  }

  // Condition operators, ...IfExists: "If the key is not present, evaluate the condition element as true"; requests made
  // with long-term access keys carry no aws:MultiFactorAuthPresent.
  @Test
  void lint_boolIfExistsMfaTrueWithAllow_isSecurityWarningAtConditionKey() {
    String doc = identity("'Effect':'Allow','Action':'ec2:StopInstances','Resource':'*',"
        + "'Condition':{'BoolIfExists':{'aws:MultiFactorAuthPresent':'true'}}");
    Finding f = only(lint(PolicyType.IDENTITY, doc), "MFA_IF_EXISTS_ALLOW");
    assertFinding(f, Severity.SECURITY_WARNING, "/Statement/0/Condition/BoolIfExists/aws:MultiFactorAuthPresent");
    assertResolves(doc, f);
  }

  // The documented MFA pattern: "Effect": "Deny" with "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}.
  @Test
  void lint_boolIfExistsMfaFalseWithDeny_isNotReported() {
    assertNone(lint(PolicyType.IDENTITY, identity("'Effect':'Deny','NotAction':'sts:GetSessionToken','Resource':'*',"
        + "'Condition':{'BoolIfExists':{'aws:MultiFactorAuthPresent':'false'}}")), "MFA_IF_EXISTS_ALLOW");
  }

  // Condition operators page spells every operator in one way ("StringEquals"); iam4j accepts other cases and suggests it.
  @Test
  void lint_lowercaseOperator_isOperatorSpellingSuggestionAtWrittenName() {
    String doc = identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'*','Condition':{'stringequals':{'aws:username':'bob'}}");
    Finding f = only(lint(PolicyType.IDENTITY, doc), "OPERATOR_SPELLING");
    assertFinding(f, Severity.SUGGESTION, "/Statement/0/Condition/stringequals");
    assertTrue(f.message().contains("StringEquals"), f.message());
    assertResolves(doc, f);
  }

  // RFC 6901: a pointer names a member by its exact name; a finding under a differently spelled operator must use that spelling.
  @Test
  void lint_findingUnderLowercaseOperator_pointsAtTheWrittenOperator() {
    String doc = identity("'Effect':'Deny','Action':'s3:ListBucket','Resource':'" + BUCKET + "','Condition':{'bool':{'aws:SecureTransport':'no'}}");
    Finding f = only(lint(PolicyType.IDENTITY, doc), "INVALID_CONDITION_VALUE");
    assertEquals("/Statement/0/Condition/bool/aws:SecureTransport", f.pointer());
  }

  // ---------------------------------------------------------------- pointers, clean policies

  // Grammar: a single statement may be written without brackets; pointers then have no index.
  @Test
  void lint_singleStatementObject_pointerHasNoIndex() {
    String doc = "{'Version':'2012-10-17','Statement':{'Effect':'Allow','NotAction':'iam:*','Resource':'*'}}";
    Finding f = only(lint(PolicyType.IDENTITY, doc), "ALLOW_WITH_NOT_ACTION");
    assertEquals("/Statement/NotAction", f.pointer());
    assertResolves(doc, f);
  }

  @Test
  void lint_embeddedDocument_pointersCarryTheOuterPrefix() {
    String text = json(identity("'Effect':'Allow','NotAction':'iam:*','Resource':'*'"));
    JsonNode root = JsonReader.read(text, "/policies/identity/0", JsonReader.DEFAULT_MAX_DEPTH);
    Policy policy = PolicyParser.standard().parse(root, PolicyType.IDENTITY, "case.json");
    Finding f = only(PolicyLinter.lint(policy, root), "ALLOW_WITH_NOT_ACTION");
    assertEquals("/policies/identity/0/Statement/0/NotAction", f.pointer());
  }

  @Test
  void lint_withoutJsonTree_usesIndexedStatementPointers() {
    Policy policy = PolicyParser.standard().parse(json(identity("'Effect':'Allow','NotAction':'iam:*','Resource':'*'")), PolicyType.IDENTITY, "x");
    Finding f = only(PolicyLinter.lint(policy, null), "ALLOW_WITH_NOT_ACTION");
    assertEquals("/Statement/0/NotAction", f.pointer());
  }

  // Best practices: least privilege — named actions on named resources with a Version.
  @Test
  void lint_leastPrivilegeIdentityPolicy_hasNoFinding() {
    List<Finding> findings = lint(PolicyType.IDENTITY, "{'Version':'2012-10-17','Statement':["
        + "{'Sid':'ListHome','Effect':'Allow','Action':'s3:ListBucket','Resource':'" + BUCKET + "',"
        + "'Condition':{'StringLike':{'s3:prefix':['','home/','home/${aws:username}/']}}},"
        + "{'Sid':'ReadWriteHome','Effect':'Allow','Action':['s3:GetObject','s3:PutObject'],"
        + "'Resource':'" + BUCKET + "/home/${aws:username}/*'},"
        + "{'Sid':'PassAppRole','Effect':'Allow','Action':'iam:PassRole','Resource':'arn:aws:iam::123456789012:role/app',"
        + "'Condition':{'StringEquals':{'iam:PassedToService':'ec2.amazonaws.com'}}}]}");
    assertEquals(List.of(), findings);
  }

  @Test
  void lint_leastPrivilegeBucketPolicy_hasNoFinding() {
    List<Finding> findings = lint(PolicyType.RESOURCE, bucketPolicy("'Sid':'CrossAccountRead','Effect':'Allow',"
        + "'Principal':{'AWS':'arn:aws:iam::111122223333:role/reader'},'Action':['s3:GetObject'],'Resource':'" + BUCKET + "/*',"
        + "'Condition':{'Bool':{'aws:SecureTransport':'true'}}"));
    assertEquals(List.of(), findings);
  }

  @Test
  void finding_toString_namesSeverityCodeAndPointer() {
    Finding f = new Finding(Severity.SECURITY_WARNING, "PUBLIC_ACCESS", "/Statement/0/Principal", "grants access to everyone");
    assertEquals("security warning PUBLIC_ACCESS at /Statement/0/Principal: grants access to everyone", f.toString());
    assertEquals("warning MISSING_VERSION at /: m", new Finding(Severity.WARNING, "MISSING_VERSION", "", "m").toString());
  }
}
