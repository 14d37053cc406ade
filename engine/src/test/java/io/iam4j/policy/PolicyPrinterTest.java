package io.iam4j.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.ArrayNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonReader;
import io.iam4j.policy.PrincipalClause.Everyone;
import io.iam4j.policy.PrincipalClause.Listed;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PolicyPrinter}: printing then parsing gives an equal policy, and printing is stable. The
 * documents use the element forms of the IAM User Guide grammar and element pages.
 */
class PolicyPrinterTest {

  private static final String SOURCE = "printed.json";

  /** A bucket/trust style resource policy using every element of the grammar. */
  private static final String RICH_RESOURCE_POLICY = json("{'Version':'2012-10-17','Id':'Rich policy 1','Statement':["
      + "{'Sid':'Public read','Effect':'Allow','Principal':'*','Action':['s3:GetObject'],'Resource':'arn:aws:s3:::examplebucket/*',"
      + "'Condition':{'IpAddress':{'aws:SourceIp':['203.0.113.0/24','2001:DB8:1234:5678::/64']},'Bool':{'aws:SecureTransport':true}}},"
      + "{'Sid':'Everyone but','Effect':'Deny','NotPrincipal':{'AWS':['arn:aws:iam::123456789012:root','999999999999'],"
      + "'Service':'ecs.amazonaws.com','Federated':'accounts.google.com',"
      + "'CanonicalUser':'79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be'},"
      + "'NotAction':['s3:Delete*','s3:Put?bject'],"
      + "'NotResource':['arn:aws:s3:::examplebucket','arn:aws:s3:::examplebucket/home/${aws:username}/*'],"
      + "'Condition':{'ForAnyValue:StringLikeIfExists':{'aws:TagKeys':['team-*','cost?']},'NumericLessThanEquals':{'s3:max-keys':10},"
      + "'DateGreaterThan':{'aws:CurrentTime':'2020-01-01T00:00:01Z'},'Null':{'aws:TokenIssueTime':'true'}}},"
      + "{'Effect':'Allow','Principal':{'AWS':'*'},'Action':'s3:ListBucket','Resource':'arn:aws:s3:::examplebucket',"
      + "'Condition':{'StringEquals':{'aws:PrincipalOrgID':'o-123','aws:ResourceTag/team':'blue'},'ArnLike':{'aws:SourceArn':'arn:aws:sns:*:123456789012:t'}}},"
      + "{'Effect':'Allow','Principal':{'Federated':'arn:aws:iam::123456789012:saml-provider/provider-name'},'Action':'sts:AssumeRoleWithSAML',"
      + "'Condition':{'StringEquals':{'SAML:aud':'https://signin.aws.amazon.com/saml'}}}]}");

  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  private static Policy parse(String text, PolicyType type) {
    return PolicyParser.standard().parse(text, type, SOURCE);
  }

  @Test
  void print_thenParse_givesAnEqualRichResourcePolicy() {
    Policy original = parse(RICH_RESOURCE_POLICY, PolicyType.RESOURCE);
    Policy reparsed = parse(PolicyPrinter.print(original), PolicyType.RESOURCE);
    assertEquals(original, reparsed);
  }

  @Test
  void print_thenParse_givesAnEqualIdentityPolicy() {
    Policy original = parse(json("{'Version':'2008-10-17','Statement':{'Sid':'1','Effect':'Allow','NotAction':'iam:*',"
        + "'NotResource':'arn:aws:iam::123456789012:user/Bob','Condition':{'BoolIfExists':{'aws:MultiFactorAuthPresent':'true'}}}}"),
        PolicyType.IDENTITY);
    assertEquals(original, parse(PolicyPrinter.print(original), PolicyType.IDENTITY));
  }

  @Test
  void print_isStable() {
    String once = PolicyPrinter.print(parse(RICH_RESOURCE_POLICY, PolicyType.RESOURCE));
    String twice = PolicyPrinter.print(parse(once, PolicyType.RESOURCE));
    assertEquals(once, twice);
  }

  // Principal: "Principal": "*" and {"AWS": "*"} are different spellings; both must survive printing.
  @Test
  void print_principalStarAndAwsStar_keepTheirForms() {
    Policy printed = parse(PolicyPrinter.print(parse(RICH_RESOURCE_POLICY, PolicyType.RESOURCE)), PolicyType.RESOURCE);
    assertInstanceOf(Everyone.class, printed.statements().get(0).principal().orElseThrow().set());
    assertInstanceOf(Listed.class, printed.statements().get(2).principal().orElseThrow().set());
  }

  // Grammar: "policy = { <version_block?> ... }": a policy without Version must not gain one.
  @Test
  void print_absentVersion_omitsTheVersionElement() {
    Policy original = parse(json("{'Statement':[{'Effect':'Allow','Action':'s3:ListAllMyBuckets','Resource':'*'}]}"), PolicyType.IDENTITY);
    String printed = PolicyPrinter.print(original);
    ObjectNode root = assertInstanceOf(ObjectNode.class, JsonReader.read(printed));
    assertEquals(null, root.get("Version"));
    assertEquals(PolicyVersion.ABSENT, parse(printed, PolicyType.IDENTITY).version());
  }

  @Test
  void print_quotesBackslashesAndControlCharacters_roundTrip() {
    String id = "say \"hi\" \\ path\n\ttab \u0001 é";
    Policy original = new Policy(PolicyType.RESOURCE, SOURCE, PolicyVersion.V2012_10_17, java.util.Optional.of(id),
        parse(RICH_RESOURCE_POLICY, PolicyType.RESOURCE).statements());
    Policy reparsed = parse(PolicyPrinter.print(original), PolicyType.RESOURCE);
    assertEquals(id, reparsed.id().orElseThrow());
    assertEquals(original, reparsed);
  }

  // Grammar conventions: a single value may be written without brackets; the printer always writes arrays.
  @Test
  void print_singleValues_areWrittenAsArrays() {
    Policy original = parse(json("{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:GetObject','Resource':'*',"
        + "'Condition':{'StringEquals':{'aws:username':'bob'}}}}"), PolicyType.IDENTITY);
    ObjectNode root = (ObjectNode) JsonReader.read(PolicyPrinter.print(original));
    ObjectNode statement = (ObjectNode) ((ArrayNode) root.get("Statement")).elements().get(0);
    assertInstanceOf(ArrayNode.class, statement.get("Action"));
    assertInstanceOf(ArrayNode.class, statement.get("Resource"));
    JsonNode values = ((ObjectNode) ((ObjectNode) statement.get("Condition")).get("StringEquals")).get("aws:username");
    assertInstanceOf(ArrayNode.class, values);
  }

  // Grammar notes: "Individual elements must not contain multiple instances of the same key": keys sharing an
  // operator are printed under one operator object.
  @Test
  void print_keysSharingAnOperator_areUnderOneOperator() {
    Policy original = parse(RICH_RESOURCE_POLICY, PolicyType.RESOURCE);
    ObjectNode root = (ObjectNode) JsonReader.read(PolicyPrinter.print(original));
    ObjectNode statement = (ObjectNode) ((ArrayNode) root.get("Statement")).elements().get(2);
    ObjectNode condition = (ObjectNode) statement.get("Condition");
    assertEquals(List.of("StringEquals", "ArnLike"), condition.members().stream().map(JsonNode.Member::name).toList());
    assertEquals(2, ((ObjectNode) condition.get("StringEquals")).members().size());
  }

  @Test
  void print_trustPolicyWithoutResource_printsNoResourceElement() {
    Policy original = parse(json("{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':{'Service':'ec2.amazonaws.com'},"
        + "'Action':'sts:AssumeRole'}]}"), PolicyType.RESOURCE);
    String printed = PolicyPrinter.print(original);
    assertFalse(printed.contains("Resource"), printed);
    assertEquals(original, parse(printed, PolicyType.RESOURCE));
  }

  // Grammar: "principal_map" is a JSON object, so its keys may come in any order ("Blocks can appear in any order").
  @Test
  void print_thenParse_principalKeysInAnyOrder_givesAnEqualPolicy() {
    Policy original = parse(json("{'Version':'2012-10-17','Statement':[{'Effect':'Allow',"
        + "'Principal':{'Service':'ec2.amazonaws.com','AWS':'123456789012'},'Action':'sts:AssumeRole'}]}"), PolicyType.RESOURCE);
    assertEquals(original, parse(PolicyPrinter.print(original), PolicyType.RESOURCE));
  }

  @Test
  void str_escapesAsJsonStringLiteral() {
    StringBuilder sb = new StringBuilder();
    PolicyPrinter.str(sb, "a\"b\\c\u001f");
    assertEquals("\"a\\\"b\\\\c\\u001f\"", sb.toString());
    assertTrue(JsonReader.read(sb.toString()) instanceof JsonNode.StringNode s && s.value().equals("a\"b\\c\u001f"));
  }
}
