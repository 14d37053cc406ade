package io.iam4j.it.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CheckNoNewAccess over real HTTP against the sample on Payara Micro: IAM Access Analyzer's request
 * on the IAM Query endpoint, answered PASS or FAIL with reasons and a counterexample, for two
 * documents and for two versions of the sample's managed policy ProjectDocsAccess (v1 read-only,
 * v2 adds writing and deleting). The test-only user {@code nora} may run it; {@code dave} may not.
 * Nothing is changed on the server.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NoNewAccessIT {
  static final String READ = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"docs:GetObject\","
      + "\"Resource\":\"arn:iam4j:docs::acme:bucket/reports/*\"}]}";
  static final String READ_WRITE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"docs:GetObject\","
      + "\"Resource\":\"arn:iam4j:docs::acme:bucket/reports/*\"},{\"Sid\":\"Write\",\"Effect\":\"Allow\",\"Action\":\"docs:Put*\","
      + "\"Resource\":\"arn:iam4j:docs::acme:bucket/reports/*\"}]}";

  @ArquillianResource URL base;
  URI endpoint;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return AwsIt.rootWar();
  }

  @BeforeEach
  void endpoint() {
    endpoint = AwsIt.endpoint(base);
  }

  AwsIt.Reply check(String user, String... pairs) {
    StringBuilder form = new StringBuilder("Action=CheckNoNewAccess&Version=2010-05-08");
    for (int i = 0; i < pairs.length; i += 2) {
      form.append('&').append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return AwsIt.post(endpoint, "/iam", form.toString(), "Authorization", AwsIt.basic(user));
  }

  @Test
  void checkNoNewAccess_documents_failThenPass() {
    AwsIt.Reply fail = check("nora@acme", "ExistingPolicyDocument", READ, "NewPolicyDocument", READ_WRITE, "PolicyType", "IDENTITY_POLICY");
    assertEquals(200, fail.status(), fail.body());
    assertEquals("FAIL", AwsIt.xml(fail.body(), "Result"));
    assertEquals("Write", AwsIt.xml(fail.body(), "StatementId"));
    assertEquals("1", AwsIt.xml(fail.body(), "StatementIndex"));
    assertTrue(AwsIt.xml(fail.body(), "Action").toLowerCase().startsWith("docs:put"), fail.body());
    assertTrue(AwsIt.xml(fail.body(), "Resource").startsWith("arn:iam4j:docs::acme:bucket/reports/"), fail.body());
    AwsIt.Reply pass = check("nora@acme", "ExistingPolicyDocument", READ_WRITE, "NewPolicyDocument", READ, "PolicyType", "IDENTITY_POLICY");
    assertEquals(200, pass.status(), pass.body());
    assertEquals("PASS", AwsIt.xml(pass.body(), "Result"));
  }

  @Test
  void checkNoNewAccess_managedPolicyVersions_v2GrantsDeletesOverV1() {
    AwsIt.Reply r = check("nora@acme", "PolicyArn", "arn:iam4j:iam::acme:policy/ProjectDocsAccess", "ExistingVersionId", "v1",
        "NewVersionId", "v2");
    assertEquals(200, r.status(), r.body());
    assertEquals("FAIL", AwsIt.xml(r.body(), "Result"));
    assertEquals("Allow", AwsIt.xml(r.body(), "Decision"));
    AwsIt.Reply back = check("nora@acme", "PolicyArn", "arn:iam4j:iam::acme:policy/ProjectDocsAccess", "ExistingVersionId", "v2",
        "NewVersionId", "v1");
    assertEquals("PASS", AwsIt.xml(back.body(), "Result"), back.body());
  }

  @Test
  void checkNoNewAccess_withoutPermission_isAccessDenied() {
    AwsIt.Reply r = check("dave@acme", "ExistingPolicyDocument", READ, "NewPolicyDocument", READ, "PolicyType", "IDENTITY_POLICY");
    assertEquals(403, r.status(), r.body());
    assertTrue(r.body().contains("access-analyzer:CheckNoNewAccess"), r.body());
  }

  @Test
  void checkNoNewAccess_malformedDocument_isRefusedWithItsPointer() {
    AwsIt.Reply r = check("nora@acme", "ExistingPolicyDocument", READ, "NewPolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":"
        + "[{\"Effect\":\"Allow\",\"Action\":\"docs:GetObject\",\"Resource\":\"reports\"}]}", "PolicyType", "IDENTITY_POLICY");
    assertEquals(400, r.status(), r.body());
    assertTrue(r.body().contains("MalformedPolicyDocument") && r.body().contains("/Statement/0/Resource"), r.body());
  }
}
