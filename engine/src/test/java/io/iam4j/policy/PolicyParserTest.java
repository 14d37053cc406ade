package io.iam4j.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.json.JsonReader;
import io.iam4j.json.Location;
import io.iam4j.policy.ActionClause.Action;
import io.iam4j.policy.ActionClause.NotAction;
import io.iam4j.policy.ConditionOperator.Base;
import io.iam4j.policy.ConditionOperator.SetQualifier;
import io.iam4j.policy.PrincipalClause.Everyone;
import io.iam4j.policy.PrincipalClause.Listed;
import io.iam4j.policy.PrincipalClause.NotPrincipal;
import io.iam4j.policy.PrincipalClause.Principal;
import io.iam4j.policy.PrincipalClause.PrincipalEntry;
import io.iam4j.policy.PrincipalClause.PrincipalKind;
import io.iam4j.policy.ResourceClause.NotResource;
import io.iam4j.policy.ResourceClause.Resource;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The grammar and the refusals of {@link PolicyParser}, written from the IAM User Guide ("Grammar of
 * the IAM JSON policy language", the element pages for Version, Id, Sid, Principal, Action,
 * Resource and Condition operators) and the IAM Access Analyzer policy check reference. Documents
 * are written with single quotes, turned into double quotes by {@link #json(String)}.
 */
class PolicyParserTest {

  private static final String SOURCE = "policy.json";
  private static final String BUCKET_OBJECTS = "arn:aws:s3:::examplebucket/*";

  // ---------------------------------------------------------------- helpers

  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static Policy parse(PolicyType type, String singleQuoted) {
    return PolicyParser.standard().parse(json(singleQuoted), type, SOURCE);
  }

  private static List<Problem> problems(PolicyType type, String singleQuoted) {
    PolicyException e = assertThrows(PolicyException.class, () -> parse(type, singleQuoted));
    return e.problems();
  }

  private static Problem onlyProblem(PolicyType type, String singleQuoted) {
    List<Problem> problems = problems(type, singleQuoted);
    assertEquals(1, problems.size(), () -> "expected exactly one problem, got " + problems);
    return problems.get(0);
  }

  private static Set<String> pointers(List<Problem> problems) {
    return problems.stream().map(Problem::pointer).collect(Collectors.toSet());
  }

  /** A 2012-10-17 identity policy with one statement whose members are {@code members}. */
  private static String identity(String members) {
    return "{'Version':'2012-10-17','Statement':[{" + members + "}]}";
  }

  /** A 2012-10-17 bucket policy allowing s3:GetObject to {@code principal} (a JSON value). */
  private static String bucketPolicy(String principal) {
    return "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':" + principal
        + ",'Action':'s3:GetObject','Resource':'" + BUCKET_OBJECTS + "'}]}";
  }

  private static Statement only(Policy policy) {
    assertEquals(1, policy.statements().size());
    return policy.statements().get(0);
  }

  private static Listed listedPrincipal(Policy policy) {
    PrincipalClause clause = only(policy).principal().orElseThrow();
    assertInstanceOf(Principal.class, clause);
    return assertInstanceOf(Listed.class, clause.set());
  }

  /** The 1-based line and column where {@code needle} first occurs in {@code text}. */
  private static Location locate(String text, String needle) {
    int offset = text.indexOf(needle);
    assertTrue(offset >= 0, needle + " not in test text");
    int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    int line = (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    return new Location(line, offset - lineStart + 1, offset);
  }

  // ---------------------------------------------------------------- Version, Id, Statement, Sid

  // Version: "2012-10-17. This is the current version of the policy language".
  @Test
  void parse_version20121017_isCurrentLanguage() {
    Policy policy = parse(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:ListAllMyBuckets','Resource':'*'"));
    assertEquals(PolicyVersion.V2012_10_17, policy.version());
    assertTrue(policy.version().hasPolicyVariables());
  }

  // Version: "2008-10-17 ... variables such as ${aws:username} aren't recognized as variables".
  @Test
  void parse_version20081017_isOlderLanguageWithoutVariables() {
    Policy policy = parse(PolicyType.IDENTITY,
        "{'Version':'2008-10-17','Statement':[{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bucket/${aws:username}/*'}]}");
    assertEquals(PolicyVersion.V2008_10_17, policy.version());
    assertFalse(policy.version().hasPolicyVariables());
  }

  // Grammar: "policy = { <version_block?> ... }": the Version element is optional.
  @Test
  void parse_noVersion_isAbsentAndWithoutVariables() {
    Policy policy = parse(PolicyType.IDENTITY, "{'Statement':{'Effect':'Allow','Action':'s3:ListAllMyBuckets','Resource':'*'}}");
    assertEquals(PolicyVersion.ABSENT, policy.version());
    assertFalse(policy.version().hasPolicyVariables());
  }

  // Grammar notes: "Unless otherwise restricted by an individual service, policy_id_string can include spaces."
  @Test
  void parse_idInResourcePolicy_isKeptWithSpaces() {
    Policy policy = parse(PolicyType.RESOURCE,
        "{'Version':'2012-10-17','Id':'Admin Policy cd3ad3d9-2776-4ef1-a904-4c229d1642ee','Statement':[{'Effect':'Allow',"
            + "'Principal':{'AWS':'123456789012'},'Action':'s3:GetObject','Resource':'" + BUCKET_OBJECTS + "'}]}");
    assertEquals("Admin Policy cd3ad3d9-2776-4ef1-a904-4c229d1642ee", policy.id().orElseThrow());
  }

  // Grammar notes: "The id_block is optional in resource-based policies. It must not be included in identity-based policies."
  @Test
  void parse_idInIdentityPolicy_isRefusedAtIdPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY,
        "{'Version':'2012-10-17','Id':'Admin_Policy','Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}]}");
    assertEquals("/Id", p.pointer());
  }

  // Grammar conventions: "If the element takes an array ... but only one value is included, the brackets are optional."
  @Test
  void parse_statementAsSingleObject_givesOneStatement() {
    Policy policy = parse(PolicyType.IDENTITY,
        "{'Version':'2012-10-17','Statement':{'Effect':'Deny','Action':'iam:*','Resource':'*'}}");
    assertEquals(Effect.DENY, only(policy).effect());
  }

  // Grammar notes: "A single policy can contain an array of statements."
  @Test
  void parse_statementArray_keepsStatementsInOrder() {
    Policy policy = parse(PolicyType.IDENTITY, "{'Version':'2012-10-17','Statement':["
        + "{'Sid':'First','Effect':'Allow','Action':'s3:GetObject','Resource':'*'},"
        + "{'Sid':'Second','Effect':'Deny','Action':'s3:DeleteObject','Resource':'*'}]}");
    assertEquals(List.of("First", "Second"), policy.statements().stream().map(s -> s.sid().orElseThrow()).toList());
    assertEquals(List.of(Effect.ALLOW, Effect.DENY), policy.statements().stream().map(Statement::effect).toList());
  }

  // Grammar notes: "Blocks can appear in any order."
  @Test
  void parse_blocksInAnyOrder_areAccepted() {
    Policy policy = parse(PolicyType.IDENTITY,
        "{'Statement':[{'Resource':'*','Action':'ec2:StartInstances','Effect':'Allow','Sid':'Late'}],'Version':'2012-10-17'}");
    Statement s = only(policy);
    assertEquals(PolicyVersion.V2012_10_17, policy.version());
    assertEquals(Effect.ALLOW, s.effect());
    assertEquals(List.of("ec2:StartInstances"), s.action().patterns());
  }

  // Sid: "The Sid element supports ASCII uppercase letters (A-Z), lowercase letters (a-z), and numbers (0-9)."
  @Test
  void parse_alphanumericSid_isKept() {
    Policy policy = parse(PolicyType.IDENTITY, identity("'Sid':'ExampleStatementID1','Effect':'Allow','Action':'s3:ListAllMyBuckets','Resource':'*'"));
    assertEquals("ExampleStatementID1", only(policy).sid().orElseThrow());
  }

  // Access Analyzer: "Suggestion – Empty Sid value" is a suggestion, not an error.
  @Test
  void parse_emptySid_isAccepted() {
    Policy policy = parse(PolicyType.IDENTITY, identity("'Sid':'','Effect':'Allow','Action':'s3:ListAllMyBuckets','Resource':'*'"));
    assertEquals("", only(policy).sid().orElseThrow());
  }

  // ---------------------------------------------------------------- Principal forms

  // Principal: "For anonymous users, the following elements are equivalent: "Principal": "*" / {"AWS": "*"}".
  @Test
  void parse_principalStar_isEveryone() {
    Statement s = only(parse(PolicyType.RESOURCE, bucketPolicy("'*'")));
    assertInstanceOf(Principal.class, s.principal().orElseThrow());
    assertInstanceOf(Everyone.class, s.principal().orElseThrow().set());
  }

  @Test
  void parse_principalAwsStar_isListedWildcard() {
    Listed listed = listedPrincipal(parse(PolicyType.RESOURCE, bucketPolicy("{'AWS':'*'}")));
    assertEquals(List.of(new PrincipalEntry(PrincipalKind.AWS, "*")), listed.entries());
  }

  // Principal: ""Principal" : { "AWS": [ "123456789012", "555555555555" ] }".
  @Test
  void parse_principalAccountIds_areAccepted() {
    Listed listed = listedPrincipal(parse(PolicyType.RESOURCE, bucketPolicy("{'AWS':['123456789012','555555555555']}")));
    assertEquals(List.of("123456789012", "555555555555"), listed.values(PrincipalKind.AWS));
  }

  @Test
  void parse_principalAccountRootArn_isAccepted() {
    Listed listed = listedPrincipal(parse(PolicyType.RESOURCE, bucketPolicy("{'AWS':'arn:aws:iam::123456789012:root'}")));
    assertEquals(List.of("arn:aws:iam::123456789012:root"), listed.values(PrincipalKind.AWS));
  }

  @Test
  void parse_principalUserArn_isAccepted() {
    Listed listed = listedPrincipal(parse(PolicyType.RESOURCE,
        bucketPolicy("{'AWS':['arn:aws:iam::123456789012:user/user-name-1','arn:aws:iam::123456789012:user/user-name-2']}")));
    assertEquals(2, listed.values(PrincipalKind.AWS).size());
  }

  // IAM identifiers: role names may carry a path, e.g. role/division_abc/subdivision_xyz/RoleName.
  @Test
  void parse_principalRoleArnWithPath_isAccepted() {
    String role = "arn:aws:iam::123456789012:role/division_abc/subdivision_xyz/RoleName";
    Listed listed = listedPrincipal(parse(PolicyType.RESOURCE, bucketPolicy("{'AWS':'" + role + "'}")));
    assertEquals(List.of(role), listed.values(PrincipalKind.AWS));
  }

  // Principal: "arn:aws:sts::AWS-account-ID:assumed-role/role-name/role-session-name".
  @Test
  void parse_principalAssumedRoleSession_isAccepted() {
    String session = "arn:aws:sts::123456789012:assumed-role/role-name/role-session-name";
    Listed listed = listedPrincipal(parse(PolicyType.RESOURCE, bucketPolicy("{'AWS':'" + session + "'}")));
    assertEquals(List.of(session), listed.values(PrincipalKind.AWS));
  }

  // Principal: "arn:aws:sts::AWS-account-ID:federated-user/user-name".
  @Test
  void parse_principalFederatedUserSession_isAccepted() {
    String session = "arn:aws:sts::123456789012:federated-user/user-name";
    Listed listed = listedPrincipal(parse(PolicyType.RESOURCE, bucketPolicy("{'AWS':'" + session + "'}")));
    assertEquals(List.of(session), listed.values(PrincipalKind.AWS));
  }

  // Principal: "you use an array of multiple service principals as the value of a single Service element".
  @Test
  void parse_principalServiceArray_isAccepted() {
    Listed listed = listedPrincipal(parse(PolicyType.RESOURCE,
        bucketPolicy("{'Service':['ecs.amazonaws.com','elasticloadbalancing.amazonaws.com']}")));
    assertEquals(List.of("ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com"), listed.values(PrincipalKind.SERVICE));
  }

  // Principal, web identity session principals: cognito-identity.amazonaws.com, www.amazon.com, graph.facebook.com, accounts.google.com.
  @Test
  void parse_principalFederatedWebIdentityProviders_areAccepted() {
    Listed listed = listedPrincipal(parse(PolicyType.RESOURCE, bucketPolicy(
        "{'Federated':['cognito-identity.amazonaws.com','www.amazon.com','graph.facebook.com','accounts.google.com']}")));
    assertEquals(4, listed.values(PrincipalKind.FEDERATED).size());
  }

  // Principal: "arn:aws:iam::AWS-account-ID:saml-provider/provider-name".
  @Test
  void parse_principalFederatedSamlProvider_isAccepted() {
    String provider = "arn:aws:iam::123456789012:saml-provider/provider-name";
    Listed listed = listedPrincipal(parse(PolicyType.RESOURCE, bucketPolicy("{'Federated':'" + provider + "'}")));
    assertEquals(List.of(provider), listed.values(PrincipalKind.FEDERATED));
  }

  // Principal: ""Principal": { "CanonicalUser": "79a59df9...47ef2be" }".
  @Test
  void parse_principalCanonicalUser_isAccepted() {
    String id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
    Listed listed = listedPrincipal(parse(PolicyType.RESOURCE, bucketPolicy("{'CanonicalUser':'" + id + "'}")));
    assertEquals(List.of(id), listed.values(PrincipalKind.CANONICAL_USER));
  }

  // Principal: "you can specify a principal in a bucket policy using all three methods".
  @Test
  void parse_principalMixedKinds_keepsEveryEntry() {
    Listed listed = listedPrincipal(parse(PolicyType.RESOURCE, bucketPolicy("{'AWS':['arn:aws:iam::123456789012:root','999999999999'],"
        + "'CanonicalUser':'79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be'}")));
    assertEquals(List.of("arn:aws:iam::123456789012:root", "999999999999"), listed.values(PrincipalKind.AWS));
    assertEquals(1, listed.values(PrincipalKind.CANONICAL_USER).size());
    assertEquals(3, listed.entries().size());
  }

  // Grammar: "<principal_block> = ("Principal" | "NotPrincipal") : ("*" | <principal_map>)".
  @Test
  void parse_notPrincipalWithDeny_isNotPrincipalClause() {
    Policy policy = parse(PolicyType.RESOURCE, "{'Version':'2012-10-17','Statement':[{'Effect':'Deny',"
        + "'NotPrincipal':{'AWS':'arn:aws:iam::444455556666:user/user-name'},'Action':'s3:*','Resource':'" + BUCKET_OBJECTS + "'}]}");
    PrincipalClause clause = only(policy).principal().orElseThrow();
    assertInstanceOf(NotPrincipal.class, clause);
    assertEquals(List.of("arn:aws:iam::444455556666:user/user-name"), ((Listed) clause.set()).values(PrincipalKind.AWS));
  }

  // Access Analyzer "Missing resource": "Identity-based policies must include a Resource or NotResource element";
  // a role trust policy names who may assume the role and no resource.
  @Test
  void parse_trustPolicyWithoutResource_isAccepted() {
    Policy policy = parse(PolicyType.RESOURCE, "{'Version':'2012-10-17','Statement':[{'Effect':'Allow',"
        + "'Principal':{'Service':'ec2.amazonaws.com'},'Action':'sts:AssumeRole'}]}");
    assertTrue(only(policy).resource().isEmpty());
  }

  // ---------------------------------------------------------------- Action, NotAction, Resource, NotResource

  // Action: ""Action": "sqs:SendMessage"".
  @Test
  void parse_actionSingleString_isOneAction() {
    Statement s = only(parse(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'sqs:SendMessage','Resource':'*'")));
    assertEquals(new Action(List.of("sqs:SendMessage")), s.action());
  }

  // Action: "s3:*", "iam:*AccessKey*"; grammar: "Action":"*", "s3:Get*".
  @Test
  void parse_actionWildcards_areAccepted() {
    Statement s = only(parse(PolicyType.IDENTITY,
        identity("'Effect':'Allow','Action':['*','s3:*','iam:*AccessKey*','ec2:Describe*','s3:Get?bject'],'Resource':'*'")));
    assertEquals(List.of("*", "s3:*", "iam:*AccessKey*", "ec2:Describe*", "s3:Get?bject"), s.action().patterns());
  }

  // Action: "The prefix and the action name are case insensitive. For example, iam:ListAccessKeys is the same as IAM:listaccesskeys."
  @Test
  void parse_actionInOtherCase_isAccepted() {
    Statement s = only(parse(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':['IAM:listaccesskeys','SQS:SendMessage'],'Resource':'*'")));
    assertEquals(List.of("IAM:listaccesskeys", "SQS:SendMessage"), s.action().patterns());
  }

  @Test
  void parse_notAction_isNotActionClause() {
    Statement s = only(parse(PolicyType.IDENTITY, identity("'Effect':'Deny','NotAction':['iam:*','sts:GetSessionToken'],'Resource':'*'")));
    assertEquals(new NotAction(List.of("iam:*", "sts:GetSessionToken")), s.action());
  }

  // Grammar notes: "resource_string: In most cases, consists of an Amazon Resource Name (ARN)".
  @Test
  void parse_resourceArns_areKeptInOrder() {
    Statement s = only(parse(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:*',"
        + "'Resource':['arn:aws:s3:::DOC-EXAMPLE-BUCKET','arn:aws:s3:::DOC-EXAMPLE-BUCKET/*','arn:aws:iam::123456789012:user/Bob']")));
    assertEquals(new Resource(List.of("arn:aws:s3:::DOC-EXAMPLE-BUCKET", "arn:aws:s3:::DOC-EXAMPLE-BUCKET/*",
        "arn:aws:iam::123456789012:user/Bob")), s.resource().orElseThrow());
  }

  @Test
  void parse_notResource_isNotResourceClause() {
    Statement s = only(parse(PolicyType.IDENTITY, identity("'Effect':'Deny','Action':'s3:*','NotResource':'arn:aws:s3:::examplebucket/*'")));
    assertEquals(new NotResource(List.of("arn:aws:s3:::examplebucket/*")), s.resource().orElseThrow());
  }

  // Condition operators (String): "Resource": "arn:aws:s3:::BUCKET-NAME/home/${aws:username}/*".
  @Test
  void parse_resourceWithPolicyVariable_isAccepted() {
    Statement s = only(parse(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:*',"
        + "'Resource':['arn:aws:s3:::BUCKET-NAME/home/${aws:username}','arn:aws:s3:::BUCKET-NAME/home/${aws:username}/*']")));
    assertEquals(2, s.resource().orElseThrow().patterns().size());
  }

  // ---------------------------------------------------------------- Condition

  @Test
  void parse_conditionStringValue_isKept() {
    Statement s = only(parse(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'iam:*AccessKey*','Resource':'*',"
        + "'Condition':{'StringEquals':{'aws:PrincipalTag/job-category':'iamuser-admin'}}")));
    Condition c = s.conditions().get(0);
    assertEquals(Base.STRING_EQUALS, c.operator().base());
    assertEquals("aws:PrincipalTag/job-category", c.key());
    assertEquals(List.of("iamuser-admin"), c.values());
  }

  // Grammar: "<condition_value> = ("string" | "number" | "Boolean")"; "Quotation marks are optional for numeric and Boolean values."
  @Test
  void parse_conditionNumberValue_isKeptAsItsText() {
    Statement s = only(parse(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:ListBucket','Resource':'arn:aws:s3:::example_bucket',"
        + "'Condition':{'NumericLessThanEquals':{'s3:max-keys':10}}")));
    assertEquals(List.of("10"), s.conditions().get(0).values());
  }

  // ---------------------------------------------------------------- numeric condition values

  /** A one-statement identity policy with {@code NumericLessThan: {docs:size: VALUE}} (VALUE as JSON). */
  private static String numeric(String value) {
    return identity("'Effect':'Allow','Action':'docs:PutObject','Resource':'*','Condition':{'NumericLessThan':{'docs:size':" + value + "}}");
  }

  // Condition operators page: "Numeric condition operators let you construct Condition elements that restrict access
  // based on comparing a key to an integer or decimal value."
  @ParameterizedTest
  @ValueSource(strings = {"'10'", "10", "'-3'", "'+2.5'", "'0.5'", "'.5'", "'5.'", "-0", "'0001'", "' 7 '", "1.25"})
  void parse_numericValueIntegerOrDecimal_isAccepted(String value) {
    Statement s = only(parse(PolicyType.IDENTITY, numeric(value)));
    assertEquals(1, s.conditions().get(0).values().size());
  }

  // An exponent is 25 bytes of JSON and minutes of exact arithmetic: the located problem names the value's pointer.
  @Test
  void parse_numericValueWithHugeExponent_isLocatedProblemAtItsPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, numeric("'1e999999'"));
    assertEquals("/Statement/0/Condition/NumericLessThan/docs:size", p.pointer());
    assertEquals(1, p.location().line());
    assertEquals(json(numeric("'1e999999'")).indexOf("\"1e999999\"") + 1, p.location().column());
    assertEquals("\"1e999999\"", p.found());
    assertTrue(p.message().startsWith("Not a number"), p.message());
    assertTrue(p.toString().startsWith(SOURCE + ":1:"), p.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999999", "1E3", "0x1F", "NaN", "Infinity", "-Infinity", "1.2.3", "--1", "+", ".", "", "ten", "1_000",
      "1,5", "${docs:size}", "١٢"})
  void parse_numericValueOutsideTheSyntax_isProblemAtItsPointer(String value) {
    Problem p = onlyProblem(PolicyType.IDENTITY, numeric("'" + value + "'"));
    assertEquals("/Statement/0/Condition/NumericLessThan/docs:size", p.pointer());
    assertTrue(p.message().startsWith("Not a number"), p.message());
  }

  // JSON numbers are condition values too ("Quotation marks are optional for numeric ... values"): the same rule.
  @Test
  void parse_numericJsonNumberWithExponent_isProblemAtItsPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, numeric("1e999999"));
    assertEquals("/Statement/0/Condition/NumericLessThan/docs:size", p.pointer());
    assertEquals("\"1e999999\"", p.found());
  }

  @Test
  void parse_numericValueInList_pointsAtTheElement() {
    List<Problem> problems = problems(PolicyType.IDENTITY, numeric("['10','1e5','20',0x10]".replace("0x10", "'0x10'")));
    assertEquals(Set.of("/Statement/0/Condition/NumericLessThan/docs:size/1", "/Statement/0/Condition/NumericLessThan/docs:size/3"),
        pointers(problems));
  }

  @Test
  void parse_numericValueAtTheDigitLimit_isAccepted() {
    String digits = "9".repeat(PolicyLimits.MAX_NUMBER_DIGITS);
    only(parse(PolicyType.IDENTITY, numeric("'-" + digits.substring(1) + ".9'")));
    only(parse(PolicyType.IDENTITY, numeric("'" + digits + "'")));
  }

  @Test
  void parse_numericValueBeyondTheDigitLimit_namesTheLimit() {
    Problem p = onlyProblem(PolicyType.IDENTITY, numeric("'" + "1".repeat(20) + "." + "2".repeat(21) + "'"));
    assertEquals("/Statement/0/Condition/NumericLessThan/docs:size", p.pointer());
    assertEquals("Number length (41 digits) exceeds the maximum allowed (40, from PolicyLimits.MAX_NUMBER_DIGITS)", p.message());
    Problem huge = onlyProblem(PolicyType.IDENTITY, numeric("'" + "1".repeat(100_000) + "'"));
    assertTrue(huge.message().startsWith("Number length (100000 digits) exceeds the maximum allowed"), huge.message());
    assertTrue(huge.found().length() <= 82, "the value is shown shortened: " + huge.found().length());
  }

  // Every Numeric operator, with IfExists and set qualifiers, reads its values the same way.
  @ParameterizedTest
  @ValueSource(strings = {"NumericEquals", "NumericNotEquals", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
      "NumericLessThanIfExists", "ForAnyValue:NumericEquals", "numericlessthan"})
  void parse_everyNumericOperator_checksItsValues(String operator) {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'docs:PutObject','Resource':'*',"
        + "'Condition':{'" + operator + "':{'docs:size':'1e3'}}"));
    assertEquals("/Statement/0/Condition/" + operator + "/docs:size", p.pointer());
  }

  // Only Numeric operators compare numbers: the same text under a String operator is a string.
  @Test
  void parse_exponentUnderStringOperator_isAString() {
    Statement s = only(parse(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'docs:PutObject','Resource':'*',"
        + "'Condition':{'StringEquals':{'docs:size':'1e999999'}}")));
    assertEquals(List.of("1e999999"), s.conditions().get(0).values());
  }

  @Test
  void parse_conditionBooleanValue_isKeptAsItsText() {
    Statement s = only(parse(PolicyType.IDENTITY, identity("'Effect':'Deny','Action':'s3:*','Resource':'*',"
        + "'Condition':{'Bool':{'aws:SecureTransport':false}}")));
    assertEquals(List.of("false"), s.conditions().get(0).values());
  }

  // Grammar: "<condition_value_list> = [<condition_value>, <condition_value>, ...]".
  @Test
  void parse_conditionArrayValues_keepTheirOrder() {
    Statement s = only(parse(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'ec2:RunInstances','Resource':'*',"
        + "'Condition':{'StringLikeIfExists':{'ec2:InstanceType':['t1.*','t2.*','m3.*']}}")));
    Condition c = s.conditions().get(0);
    assertTrue(c.operator().ifExists());
    assertEquals(List.of("t1.*", "t2.*", "m3.*"), c.values());
  }

  // Grammar: "<condition_map> = { <condition_type_string> : { <condition_key_string> : <condition_value_list> }, ... }".
  @Test
  void parse_severalOperatorsAndKeys_areAllKept() {
    Statement s = only(parse(PolicyType.IDENTITY, identity("'Effect':'Deny','NotAction':'iam:ListUsers','Resource':'*',"
        + "'Condition':{'Bool':{'aws:MultiFactorAuthPresent':'false','aws:ViaAWSService':'false'},"
        + "'NumericGreaterThan':{'aws:MultiFactorAuthAge':'21600'}}")));
    assertEquals(List.of("aws:MultiFactorAuthPresent", "aws:ViaAWSService", "aws:MultiFactorAuthAge"),
        s.conditions().stream().map(Condition::key).toList());
    assertEquals(List.of(Base.BOOL, Base.BOOL, Base.NUMERIC_GREATER_THAN),
        s.conditions().stream().map(c -> c.operator().base()).toList());
  }

  // Condition operators page: every operator family, the ...IfExists suffix and the ForAllValues/ForAnyValue qualifiers.
  @ParameterizedTest
  @ValueSource(strings = {
      "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
      "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
      "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
      "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
      "StringLikeIfExists", "NumericLessThanIfExists", "DateGreaterThanIfExists", "BoolIfExists", "BinaryEqualsIfExists",
      "IpAddressIfExists", "ArnNotLikeIfExists", "ForAllValues:StringLike", "ForAnyValue:StringEquals",
      "ForAnyValue:StringLikeIfExists", "ForAllValues:ArnLike"})
  void parse_documentedOperator_isAcceptedWithItsSpelling(String operator) {
    // A value each family reads: Numeric operators refuse anything but a number.
    String value = operator.contains("Numeric") ? "10" : "true";
    Statement s = only(parse(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'*',"
        + "'Condition':{'" + operator + "':{'aws:SecureTransport':'" + value + "'}}")));
    assertEquals(operator, s.conditions().get(0).operator().json());
  }

  @Test
  void parse_forAnyValueQualifier_isRecorded() {
    Statement s = only(parse(PolicyType.IDENTITY, identity("'Effect':'Deny','Action':'dynamodb:PutItem','Resource':'*',"
        + "'Condition':{'ForAnyValue:StringEquals':{'dynamodb:Attributes':['ID','PostDateTime']}}")));
    assertEquals(SetQualifier.FOR_ANY_VALUE, s.conditions().get(0).operator().qualifier());
  }

  // ---------------------------------------------------------------- refusals: JSON and types

  // Access Analyzer "Json syntax error: Fix the JSON syntax error at index line column."
  @Test
  void parse_textThatIsNotJson_reportsLineAndColumnOfOffendingToken() {
    String text = "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",, }\n  ]\n}";
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyParser.standard().parse(text, PolicyType.IDENTITY, SOURCE));
    assertEquals(1, e.problems().size(), () -> e.problems().toString());
    Location expected = locate(text, ",, }");
    Location at = e.problems().get(0).location();
    assertEquals(expected.line(), at.line());
    assertEquals(expected.column() + 1, at.column(), "the second comma is the offending token");
  }

  @Test
  void parse_documentThatIsAnArray_isRefusedAtRoot() {
    Problem p = onlyProblem(PolicyType.IDENTITY, "[{'Effect':'Allow','Action':'*','Resource':'*'}]");
    assertEquals("", p.pointer());
  }

  // Access Analyzer "Data type mismatch": "the Effect element requires the string data type" (Huawei mirror; AWS: "The text does not match the expected JSON data type").
  @Test
  void parse_effectAsNumber_reportsEffectPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':1,'Action':'s3:GetObject','Resource':'*'"));
    assertEquals("/Statement/0/Effect", p.pointer());
    assertEquals("1", p.found());
  }

  @Test
  void parse_actionAsNumber_reportsActionPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':42,'Resource':'*'"));
    assertEquals("/Statement/0/Action", p.pointer());
  }

  @Test
  void parse_sidAsNumber_reportsSidPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Sid':1,'Effect':'Allow','Action':'s3:GetObject','Resource':'*'"));
    assertEquals("/Statement/0/Sid", p.pointer());
  }

  @Test
  void parse_versionAsNumber_reportsVersionPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, "{'Version':2012,'Statement':[{'Effect':'Allow','Action':'*','Resource':'*'}]}");
    assertEquals("/Version", p.pointer());
  }

  @Test
  void parse_statementThatIsAString_reportsItsPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, "{'Version':'2012-10-17','Statement':['Allow everything']}");
    assertEquals("/Statement/0", p.pointer());
  }

  // Grammar: "<condition_value> = ("string" | "number" | "Boolean")"; pointers escape "/" as "~1" (RFC 6901).
  @Test
  void parse_conditionValueObject_reportsEscapedKeyPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'*',"
        + "'Condition':{'StringEquals':{'aws:ResourceTag/team':{'value':'blue'}}}"));
    assertEquals("/Statement/0/Condition/StringEquals/aws:ResourceTag~1team", p.pointer());
  }

  @Test
  void parse_conditionValueNull_reportsKeyPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'*',"
        + "'Condition':{'Bool':{'aws:SecureTransport':null}}"));
    assertEquals("/Statement/0/Condition/Bool/aws:SecureTransport", p.pointer());
  }

  // ---------------------------------------------------------------- refusals: Effect, element pairs, missing elements

  // Access Analyzer "Missing effect: Add an Effect element to the policy statement with a value of Allow or Deny."
  @Test
  void parse_missingEffect_reportsStatementPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Action':'s3:GetObject','Resource':'*'"));
    assertEquals("/Statement/0", p.pointer());
  }

  // Grammar: "<effect_block> = "Effect" : ("Allow" | "Deny")"; Access Analyzer "Invalid effect ... Use Allow or Deny."
  @Test
  void parse_lowercaseEffect_reportsEffectPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'allow','Action':'s3:GetObject','Resource':'*'"));
    assertEquals("/Statement/0/Effect", p.pointer());
    assertEquals("\"allow\"", p.found());
  }

  // Access Analyzer "Unsupported element combination": "you cannot use both Action and NotAction in the same policy statement".
  @Test
  void parse_actionWithNotAction_reportsNotActionPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:GetObject','NotAction':'iam:*','Resource':'*'"));
    assertEquals("/Statement/0/NotAction", p.pointer());
  }

  // Access Analyzer: "Other pairs that are mutually exclusive include Principal/NotPrincipal and Resource/NotResource."
  @Test
  void parse_resourceWithNotResource_reportsNotResourcePointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY,
        identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'*','NotResource':'arn:aws:s3:::secret/*'"));
    assertEquals("/Statement/0/NotResource", p.pointer());
  }

  @Test
  void parse_principalWithNotPrincipal_reportsNotPrincipalPointer() {
    Problem p = onlyProblem(PolicyType.RESOURCE, "{'Version':'2012-10-17','Statement':[{'Effect':'Deny','Principal':'*',"
        + "'NotPrincipal':{'AWS':'123456789012'},'Action':'s3:*','Resource':'" + BUCKET_OBJECTS + "'}]}");
    assertEquals("/Statement/0/NotPrincipal", p.pointer());
  }

  // Access Analyzer "Missing action: Add an Action or NotAction element to the policy statement."
  @Test
  void parse_noActionElement_reportsStatementPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','Resource':'*'"));
    assertEquals("/Statement/0", p.pointer());
  }

  // Access Analyzer "Missing resource": "Identity-based policies must include a Resource or NotResource element."
  @Test
  void parse_identityStatementWithoutResource_reportsStatementPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:GetObject'"));
    assertEquals("/Statement/0", p.pointer());
  }

  // Principal: "You cannot use the Principal element in an identity-based policy"; Access Analyzer "Unsupported principal",
  // "SCP syntax error principal: SCPs do not support specifying principals".
  @ParameterizedTest
  @EnumSource(value = PolicyType.class, names = {"IDENTITY", "BOUNDARY", "SESSION", "GUARDRAIL"})
  void parse_principalOutsideResourcePolicy_reportsPrincipalPointer(PolicyType type) {
    Problem p = onlyProblem(type, identity("'Effect':'Allow','Principal':{'AWS':'123456789012'},'Action':'s3:GetObject','Resource':'*'"));
    assertEquals("/Statement/0/Principal", p.pointer());
  }

  @Test
  void parse_notPrincipalInIdentityPolicy_reportsNotPrincipalPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Deny','NotPrincipal':{'AWS':'123456789012'},'Action':'s3:*','Resource':'*'"));
    assertEquals("/Statement/0/NotPrincipal", p.pointer());
  }

  // Access Analyzer "Missing principal": "Resource-based policies must include a Principal element."
  @Test
  void parse_resourcePolicyWithoutPrincipal_reportsStatementPointer() {
    Problem p = onlyProblem(PolicyType.RESOURCE,
        "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'s3:GetObject','Resource':'" + BUCKET_OBJECTS + "'}]}");
    assertEquals("/Statement/0", p.pointer());
  }

  // ---------------------------------------------------------------- refusals: Condition operators

  // Access Analyzer "Invalid condition operator: The condition operator is not valid."
  @Test
  void parse_unknownConditionOperator_reportsOperatorPointerAndLocation() {
    String text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\",\n"
        + "    \"Condition\": {\"StringEqualz\": {\"aws:username\": \"bob\"}}\n  }]\n}";
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyParser.standard().parse(text, PolicyType.IDENTITY, SOURCE));
    assertEquals(1, e.problems().size(), () -> e.problems().toString());
    Problem p = e.problems().get(0);
    assertEquals("/Statement/0/Condition/StringEqualz", p.pointer());
    Location expected = locate(text, "\"StringEqualz\"");
    assertEquals(expected.line(), p.location().line());
    assertEquals(expected.column(), p.location().column());
  }

  // Access Analyzer "Null with if exists: The Null condition operator cannot be used with the IfExists suffix."
  @Test
  void parse_nullIfExists_reportsOperatorPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'ec2:*','Resource':'*',"
        + "'Condition':{'NullIfExists':{'aws:TokenIssueTime':'true'}}"));
    assertEquals("/Statement/0/Condition/NullIfExists", p.pointer());
    assertTrue(p.message().contains("Null") && p.message().contains("IfExists"), p.message());
  }

  // Grammar notes: "Individual elements must not contain multiple instances of the same key."
  @Test
  void parse_duplicateConditionOperator_isRefused() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'*',"
        + "'Condition':{'StringEquals':{'aws:username':'a'},'StringEquals':{'aws:userid':'b'}}"));
    assertEquals("/Statement/0/Condition/StringEquals", p.pointer());
  }

  // Access Analyzer "Duplicate keys with different case: The condition key appears more than once with different capitalization".
  @Test
  void parse_duplicateConditionKeyInOtherCase_reportsSecondKey() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'*',"
        + "'Condition':{'StringEquals':{'aws:username':'a','AWS:UserName':'b'}}"));
    assertEquals("/Statement/0/Condition/StringEquals/AWS:UserName", p.pointer());
  }

  // ---------------------------------------------------------------- refusals: Version, Statement, Sid

  // Grammar: "<version_block> = "Version" : ("2008-10-17" | "2012-10-17")"; Access Analyzer "Invalid version".
  @ParameterizedTest
  @ValueSource(strings = {"2012-10-18", "2012-10-17 ", "2020-01-01", ""})
  void parse_unknownVersion_reportsVersionPointer(String version) {
    Problem p = onlyProblem(PolicyType.IDENTITY, "{'Version':'" + version + "','Statement':[{'Effect':'Allow','Action':'*','Resource':'*'}]}");
    assertEquals("/Version", p.pointer());
  }

  // Grammar: "Arrays can take one or more values"; Access Analyzer "Missing statement: Add a statement to the policy".
  @Test
  void parse_emptyStatementArray_reportsStatementPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, "{'Version':'2012-10-17','Statement':[]}");
    assertEquals("/Statement", p.pointer());
  }

  // Access Analyzer "Missing statement": "A JSON policy must include a statement."
  @Test
  void parse_missingStatement_reportsRootPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, "{'Version':'2012-10-17'}");
    assertEquals("", p.pointer());
  }

  // Sid: "In IAM, the Sid value must be unique within a JSON policy." Access Analyzer "Unique Sids required".
  @Test
  void parse_duplicateSid_reportsSecondSid() {
    Problem p = onlyProblem(PolicyType.IDENTITY, "{'Version':'2012-10-17','Statement':["
        + "{'Sid':'Same','Effect':'Allow','Action':'s3:GetObject','Resource':'*'},"
        + "{'Sid':'Other','Effect':'Allow','Action':'s3:PutObject','Resource':'*'},"
        + "{'Sid':'Same','Effect':'Deny','Action':'s3:DeleteObject','Resource':'*'}]}");
    assertEquals("/Statement/2/Sid", p.pointer());
  }

  // Grammar notes: "For IAM policies, basic alphanumeric characters (A-Z,a-z,0-9) are the only allowed characters in the Sid value."
  @ParameterizedTest
  @ValueSource(strings = {"My Sid", "Stmt-1", "Stmt_1", "Stmt.1", "Sécurité"})
  void parse_nonAlphanumericSidInIdentityPolicy_reportsSidPointer(String sid) {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Sid':'" + sid + "','Effect':'Allow','Action':'s3:GetObject','Resource':'*'"));
    assertEquals("/Statement/0/Sid", p.pointer());
  }

  // Grammar notes: "Other AWS services that support resource policies ... allow additional characters such as spaces in the Sid value."
  @Test
  void parse_sidWithSpacesInResourcePolicy_isAccepted() {
    Policy policy = parse(PolicyType.RESOURCE, "{'Version':'2012-10-17','Statement':[{'Sid':'Allow public read-only','Effect':'Allow',"
        + "'Principal':'*','Action':'s3:GetObject','Resource':'" + BUCKET_OBJECTS + "'}]}");
    assertEquals("Allow public read-only", only(policy).sid().orElseThrow());
  }

  // ---------------------------------------------------------------- refusals: malformed actions and resources

  // Grammar notes: "action_string: Consists of a service namespace, a colon, and the name of an action."
  @Test
  void parse_actionWithoutServicePrefix_reportsActionPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3','Resource':'*'"));
    assertEquals("/Statement/0/Action", p.pointer());
    assertEquals("\"s3\"", p.found());
  }

  @Test
  void parse_actionWithTwoColons_reportsElementPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':['s3:GetObject','s3:Get:Object'],'Resource':'*'"));
    assertEquals("/Statement/0/Action/1", p.pointer());
  }

  // Action: wildcards are documented only in the action name ("s3:*", "iam:*AccessKey*").
  @Test
  void parse_actionWithWildcardInServicePrefix_reportsElementPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','NotAction':['iam:*','s3*:GetObject'],'Resource':'*'"));
    assertEquals("/Statement/0/NotAction/1", p.pointer());
  }

  // Access Analyzer "Invalid ARN prefix: Add the required prefix (arn) to the resource ARN."
  @Test
  void parse_resourceNeitherArnNorStar_reportsResourcePointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'examplebucket/*'"));
    assertEquals("/Statement/0/Resource", p.pointer());
  }

  // Access Analyzer "Missing ARN field: Resource ARNs must include at least fields in the following structure: arn:partition:service:region:account:resource".
  @Test
  void parse_resourceArnWithMissingFields_reportsElementPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY, identity("'Effect':'Allow','Action':'s3:GetObject','Resource':['arn:aws:s3:::ok','arn:aws:s3']"));
    assertEquals("/Statement/0/Resource/1", p.pointer());
  }

  // ---------------------------------------------------------------- refusals: principals

  // Principal: "You cannot use a wildcard to match part of a principal name or ARN."
  @Test
  void parse_partiallyWildcardedUserPrincipal_reportsAwsPointer() {
    Problem p = onlyProblem(PolicyType.RESOURCE, bucketPolicy("{'AWS':'arn:aws:iam::111122223333:user/*'}"));
    assertEquals("/Statement/0/Principal/AWS", p.pointer());
  }

  // Principal: "When you specify an assumed-role session in a Principal element, you cannot use a wildcard "*" to mean all sessions."
  @Test
  void parse_wildcardAssumedRoleSession_reportsElementPointer() {
    Problem p = onlyProblem(PolicyType.RESOURCE,
        bucketPolicy("{'AWS':['123456789012','arn:aws:sts::123456789012:assumed-role/role-name/*']}"));
    assertEquals("/Statement/0/Principal/AWS/1", p.pointer());
  }

  // Access Analyzer "Unsupported wildcard in principal: Wildcards (*, ?) are not supported with the principal key."
  @Test
  void parse_serviceStar_reportsServicePointer() {
    Problem p = onlyProblem(PolicyType.RESOURCE, bucketPolicy("{'Service':'*'}"));
    assertEquals("/Statement/0/Principal/Service", p.pointer());
  }

  // Access Analyzer "Invalid principal format: Specify a key-value pair in the Principal element."
  @Test
  void parse_principalStringOtherThanStar_reportsPrincipalPointer() {
    Problem p = onlyProblem(PolicyType.RESOURCE, bucketPolicy("'123456789012'"));
    assertEquals("/Statement/0/Principal", p.pointer());
  }

  // Access Analyzer "Invalid principal key": supported keys are AWS, CanonicalUser, Federated, Service.
  @Test
  void parse_unknownPrincipalKey_reportsKeyPointer() {
    Problem p = onlyProblem(PolicyType.RESOURCE, bucketPolicy("{'Aws':'123456789012'}"));
    assertEquals("/Statement/0/Principal/Aws", p.pointer());
  }

  // Principal: "You cannot identify a user group as a principal in a policy".
  @Test
  void parse_userGroupPrincipal_reportsAwsPointer() {
    Problem p = onlyProblem(PolicyType.RESOURCE, bucketPolicy("{'AWS':'arn:aws:iam::123456789012:group/Admins'}"));
    assertEquals("/Statement/0/Principal/AWS", p.pointer());
  }

  // ---------------------------------------------------------------- refusals: unknown and duplicate elements

  // Access Analyzer "Invalid policy element: The policy element is not valid."
  @Test
  void parse_unknownTopLevelElement_reportsItsPointer() {
    Problem p = onlyProblem(PolicyType.IDENTITY,
        "{'Version':'2012-10-17','Comment':'hello','Statement':[{'Effect':'Allow','Action':'*','Resource':'*'}]}");
    assertEquals("/Comment", p.pointer());
  }

  @Test
  void parse_misspelledStatementElement_reportsItAndTheMissingEffect() {
    List<Problem> problems = problems(PolicyType.IDENTITY, identity("'Effects':'Allow','Action':'s3:GetObject','Resource':'*'"));
    assertEquals(Set.of("/Statement/0/Effects", "/Statement/0"), pointers(problems));
    assertEquals(2, problems.size());
  }

  // Grammar notes: "you cannot include the Effect block twice in the same statement."
  @Test
  void parse_effectTwice_isRefusedAtTheSecondOccurrence() {
    String text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\n\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyParser.standard().parse(text, PolicyType.IDENTITY, SOURCE));
    assertEquals(1, e.problems().size(), () -> e.problems().toString());
    Problem p = e.problems().get(0);
    assertEquals("/Statement/0/Effect", p.pointer());
    assertEquals(2, p.location().line());
    assertEquals(1, p.location().column());
  }

  // ---------------------------------------------------------------- every problem at once, limits, settings, locations

  @Test
  void parse_threeIndependentMistakes_reportsAllThree() {
    List<Problem> problems = problems(PolicyType.IDENTITY, "{'Version':'2012-10-17','Statement':["
        + "{'Effect':'allow','Action':'s3:GetObject','Resource':'*'},"
        + "{'Effect':'Allow','Action':'s3','Resource':'*'},"
        + "{'Effect':'Deny','Action':'s3:DeleteObject','Resource':'bucket'}]}");
    assertEquals(Set.of("/Statement/0/Effect", "/Statement/1/Action", "/Statement/2/Resource"), pointers(problems));
    assertEquals(3, problems.size());
  }

  @Test
  void parse_severalProblems_messageCountsThem() {
    PolicyException e = assertThrows(PolicyException.class, () -> parse(PolicyType.IDENTITY,
        "{'Version':'2012-10-17','Statement':[{'Effect':'allow','Action':'s3','Resource':'bucket'}]}"));
    assertEquals(3, e.problems().size());
    assertTrue(e.getMessage().contains("3 problems"), e.getMessage());
  }

  @Test
  void parse_documentTooLarge_namesMaxDocumentBytes() {
    PolicyParser parser = new PolicyParser(new PolicyParser.Settings(new PolicyLimits(64, 1_000, 16), false));
    String text = json(identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'arn:aws:s3:::a-rather-long-bucket-name/*'"));
    PolicyException e = assertThrows(PolicyException.class, () -> parser.parse(text, PolicyType.IDENTITY, SOURCE));
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().get(0).message().contains("PolicyLimits.maxDocumentBytes"), e.problems().get(0).message());
  }

  @Test
  void parse_tooManyStatements_namesMaxStatementsAtStatementPointer() {
    PolicyParser parser = new PolicyParser(new PolicyParser.Settings(new PolicyLimits(131_072, 2, 16), false));
    String text = json("{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'a:b','Resource':'*'},"
        + "{'Effect':'Allow','Action':'a:c','Resource':'*'},{'Effect':'Allow','Action':'a:d','Resource':'*'}]}");
    PolicyException e = assertThrows(PolicyException.class, () -> parser.parse(text, PolicyType.IDENTITY, SOURCE));
    assertEquals(1, e.problems().size());
    Problem p = e.problems().get(0);
    assertEquals("/Statement", p.pointer());
    assertTrue(p.message().contains("PolicyLimits.maxStatements"), p.message());
  }

  @Test
  void parse_statementsAtTheLimit_areAccepted() {
    PolicyParser parser = new PolicyParser(new PolicyParser.Settings(new PolicyLimits(131_072, 2, 16), false));
    Policy policy = parser.parse(json("{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Action':'a:b','Resource':'*'},"
        + "{'Effect':'Allow','Action':'a:c','Resource':'*'}]}"), PolicyType.IDENTITY, SOURCE);
    assertEquals(2, policy.statements().size());
  }

  @Test
  void parse_nestingTooDeep_namesMaxDepth() {
    PolicyParser parser = new PolicyParser(new PolicyParser.Settings(new PolicyLimits(131_072, 1_000, 4), false));
    String text = json(identity("'Effect':'Allow','Action':'s3:GetObject','Resource':'*','Condition':{'StringEquals':{'aws:username':['bob']}}"));
    PolicyException e = assertThrows(PolicyException.class, () -> parser.parse(text, PolicyType.IDENTITY, SOURCE));
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().get(0).message().contains("PolicyLimits.maxDepth"), e.problems().get(0).message());
  }

  @Test
  void policyLimits_nonPositiveValue_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> new PolicyLimits(0, 10, 10));
    assertThrows(IllegalArgumentException.class, () -> new PolicyLimits(10, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new PolicyLimits(10, 10, -1));
  }

  // Principal: "For cross-account access, you must specify the 12-digit identifier of the trusted account."
  @Test
  void parse_bareTenantIdWithStandardSettings_isRefused() {
    Problem p = onlyProblem(PolicyType.RESOURCE, bucketPolicy("{'AWS':'acme'}"));
    assertEquals("/Statement/0/Principal/AWS", p.pointer());
  }

  @Test
  void parse_bareTenantIdWithSetting_namesTheTenant() {
    PolicyParser parser = new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true));
    Policy policy = parser.parse(json(bucketPolicy("{'AWS':['acme','123456789012']}")), PolicyType.RESOURCE, SOURCE);
    assertEquals(List.of("acme", "123456789012"), listedPrincipal(policy).values(PrincipalKind.AWS));
  }

  @Test
  void parse_bareTenantIdSetting_stillRefusesWildcards() {
    PolicyParser parser = new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true));
    PolicyException e = assertThrows(PolicyException.class,
        () -> parser.parse(json(bucketPolicy("{'AWS':'acme*'}")), PolicyType.RESOURCE, SOURCE));
    assertEquals(List.of("/Statement/0/Principal/AWS"), e.problems().stream().map(Problem::pointer).toList());
  }

  @Test
  void parse_problemLocation_isOneBasedAtTheOffendingValue() {
    String text = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "allow",
              "Action": "s3:GetObject",
              "Resource": "*"
            }
          ]
        }
        """;
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyParser.standard().parse(text, PolicyType.IDENTITY, SOURCE));
    Location at = e.problems().get(0).location();
    assertEquals(5, at.line());
    assertEquals(17, at.column());
    assertEquals(text.indexOf("\"allow\""), at.offset());
  }

  @Test
  void parse_pointerPrefix_isPrependedToEveryPointer() {
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyParser.standard().parse(
        json(identity("'Effect':'allow','Action':'s3','Resource':'*'")), PolicyType.IDENTITY, SOURCE, "/policies/identity/0"));
    assertEquals(Set.of("/policies/identity/0/Statement/0/Effect", "/policies/identity/0/Statement/0/Action"), pointers(e.problems()));
  }

  @Test
  void parse_alreadyReadJson_givesTheSamePolicyAsText() {
    String text = json(identity("'Sid':'A','Effect':'Allow','Action':['s3:GetObject'],'Resource':'*','Condition':{'Bool':{'aws:SecureTransport':true}}"));
    Policy fromText = PolicyParser.standard().parse(text, PolicyType.IDENTITY, SOURCE);
    Policy fromTree = PolicyParser.standard().parse(JsonReader.read(text), PolicyType.IDENTITY, SOURCE);
    assertEquals(fromText, fromTree);
  }

  @Test
  void problem_toString_namesSourceLineColumnPointerFoundAndExpected() {
    String text = json(identity("'Effect':'allow','Action':'s3:GetObject','Resource':'*'"));
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyParser.standard().parse(text, PolicyType.IDENTITY, "my.json"));
    Problem p = e.problems().get(0);
    String expectedStart = "my.json:" + p.location().line() + ":" + p.location().column() + ": /Statement/0/Effect: ";
    assertTrue(p.toString().startsWith(expectedStart), p.toString());
    assertTrue(p.toString().contains("found \"allow\""), p.toString());
    assertTrue(p.toString().contains("expected"), p.toString());
  }
}
