package io.iam4j.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Query protocol's parameters as the AWS CLI and the Java SDK send them (../shared/AWS-WIRE.md). */
class QueryRequestTest {
  static QueryRequest body(String form) {
    return QueryRequest.parse(form.getBytes(StandardCharsets.ISO_8859_1), null);
  }

  @Test
  void cliAndSdkEncodingsOfOneValue_decodeAlike() {
    // AWS-WIRE §8: botocore encodes * as %2A and leaves ~; the Java SDK leaves * and encodes ~ as %7E.
    String cli = body("Action=CreateUser&Tags.member.1.Value=d+e%2A~%2F%C3%A9").get("Tags.member.1.Value").orElseThrow();
    String sdk = body("Action=CreateUser&Tags.member.1.Value=d+e*%7E%2F%C3%A9").get("Tags.member.1.Value").orElseThrow();
    assertEquals("d e*~/é", cli);
    assertEquals(cli, sdk);
  }

  @Test
  void assumeRoleCapture_listsAndStructures() {
    QueryRequest q = body("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FR"
        + "&RoleSessionName=s1&Tags.member.1.Key=team&Tags.member.1.Value=blue&Tags.member.2.Key=env&Tags.member.2.Value=dev"
        + "&TransitiveTagKeys.member.1=team");
    assertEquals("AssumeRole", q.action().orElseThrow());
    assertEquals("2011-06-15", q.version().orElseThrow());
    assertEquals("arn:aws:iam::123456789012:role/R", q.required("RoleArn"));
    assertEquals(List.of(Map.of("Key", "team", "Value", "blue"), Map.of("Key", "env", "Value", "dev")),
        q.structs("Tags", List.of("Key", "Value")));
    assertEquals(List.of("team"), q.members("TransitiveTagKeys"));
  }

  @Test
  void explicitlyEmptyList_isEmpty() {
    QueryRequest q = body("Action=CreateUser&Version=2010-05-08&UserName=bob&Tags=");
    assertEquals(List.of(), q.structs("Tags", List.of("Key", "Value")));
    assertEquals(List.of(), q.members("Missing"));
  }

  @Test
  void actionInTheQueryString_isAccepted() {
    QueryRequest q = QueryRequest.parse("RoleSessionName=s1".getBytes(StandardCharsets.UTF_8), "Action=AssumeRole&Version=2011-06-15");
    assertEquals("AssumeRole", q.action().orElseThrow());
    assertEquals("s1", q.required("RoleSessionName"));
  }

  @Test
  void malformedInput_isMalformedQueryString() {
    for (String bad : List.of("Action=%", "Action=%G1", "Action=%C3%28", "A=1&A=2", "Tags.member.0.Key=x", "Tags.member.2.Key=x",
        "Tags.member.1.Nope=x", "Tags.member.99999.Key=x")) {
      AwsError e = assertThrows(AwsError.class, () -> {
        QueryRequest q = body(bad);
        q.structs("Tags", List.of("Key", "Value"));
      }, bad);
      assertEquals("MalformedQueryString", e.code(), bad);
      assertEquals(400, e.status(), bad);
    }
  }

  @Test
  void theSameParameterTwiceWithOneValue_isOne() {
    assertEquals("GetCallerIdentity",
        QueryRequest.parse("Action=GetCallerIdentity".getBytes(StandardCharsets.UTF_8), "Action=GetCallerIdentity").action().orElseThrow());
  }

  @Test
  void tooManyParameters_areRefused() {
    StringBuilder b = new StringBuilder("Action=X");
    for (int i = 0; i < QueryRequest.MAX_PARAMETERS + 1; i++) {
      b.append("&p").append(i).append("=v");
    }
    assertEquals("MalformedQueryString", assertThrows(AwsError.class, () -> body(b.toString())).code());
  }

  @Test
  void missingRequiredParameter_isMissingParameter() {
    AwsError e = assertThrows(AwsError.class, () -> body("Action=AssumeRole").required("RoleArn"));
    assertEquals("MissingParameter", e.code());
  }

  @Test
  void numbersAreChecked() {
    assertEquals(900, body("DurationSeconds=900").integer("DurationSeconds"));
    assertEquals("ValidationError", assertThrows(AwsError.class, () -> body("DurationSeconds=9e2").integer("DurationSeconds")).code());
    assertEquals("ValidationError", assertThrows(AwsError.class, () -> body("DurationSeconds=99999999999").integer("DurationSeconds")).code());
  }

  @Test
  void xmlEscapesEverythingAndDropsWhatXmlCannotCarry() {
    QueryXml x = new QueryXml().text("A", "<&\"'>\u0001");
    assertEquals("<A>&lt;&amp;&quot;&apos;&gt;\uFFFD</A>", x.toString());
    String err = QueryXml.error(QueryXml.STS_NAMESPACE, AwsError.accessDenied("no <way>"), "r1");
    assertEquals("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code>"
        + "<Message>no &lt;way&gt;</Message></Error><RequestId>r1</RequestId></ErrorResponse>", err);
  }
}
