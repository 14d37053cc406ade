package io.iam4j.iamapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.catalog.ActionCatalog;
import io.iam4j.sts.AwsError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CheckNoNewAccess on the IAM API: AWS's request and reply, our counterexample, policy versions, authorization. */
class NoNewAccessOperationsTest {
  static final String READ = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"docs:GetObject\","
      + "\"Resource\":\"arn:iam4j:docs::acme:bucket/reports/*\"}]}";
  static final String READ_DELETE = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"docs:GetObject\","
      + "\"Resource\":\"arn:iam4j:docs::acme:bucket/reports/*\"},{\"Sid\":\"Delete\",\"Effect\":\"Allow\",\"Action\":\"docs:DeleteObject\","
      + "\"Resource\":\"arn:iam4j:docs::acme:bucket/reports/*\"}]}";

  @TempDir Path root;
  IamFixture f;
  IamService iam = new IamService(List.of(new NoNewAccessOperations(() -> ActionCatalog.EMPTY)));

  @BeforeEach
  void setUp() throws IOException {
    f = new IamFixture(root);
    f.put("users/analyst.json", "{'inlinePolicies': {'Check': 'inline/check.json'}}");
    f.put("inline/check.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': "
        + "['access-analyzer:CheckNoNewAccess', 'iam:GetPolicyVersion'], 'Resource': '*'}]}");
    f.put("policies/Reports/policy.json", "{'path': '/', 'defaultVersion': 'v2'}");
    f.put("policies/Reports/v1.json", READ.replace('"', '\''));
    f.put("policies/Reports/v2.json", READ_DELETE.replace('"', '\''));
    f.store.reload();
  }

  @AfterEach
  void close() {
    f.close();
  }

  String as(String user, String... pairs) {
    return iam.handle(IamFixture.q("CheckNoNewAccess", pairs), f.call(user), "r");
  }

  @Test
  void checkNoNewAccess_newStatement_failsWithReasonAndCounterexample() {
    String xml = as("analyst", "ExistingPolicyDocument", READ, "NewPolicyDocument", READ_DELETE, "PolicyType", "IDENTITY_POLICY");
    assertTrue(xml.contains("<Result>FAIL</Result>"), xml);
    assertTrue(xml.contains("<StatementIndex>1</StatementIndex>") && xml.contains("<StatementId>Delete</StatementId>"), xml);
    assertTrue(xml.contains("<Action>docs:DeleteObject</Action>"), xml);
    assertTrue(xml.contains("<ExistingDecision><Decision>ImplicitDeny</Decision>"), xml);
  }

  @Test
  void checkNoNewAccess_narrower_passes() {
    String xml = as("analyst", "ExistingPolicyDocument", READ_DELETE, "NewPolicyDocument", READ, "PolicyType", "IDENTITY_POLICY");
    assertTrue(xml.contains("<Result>PASS</Result>") && !xml.contains("<Counterexample>"), xml);
  }

  @Test
  void checkNoNewAccess_policyVersions_comparesTheDocuments() {
    String forward = as("analyst", "PolicyArn", "arn:iam4j:iam::acme:policy/Reports", "ExistingVersionId", "v1", "NewVersionId", "v2");
    assertTrue(forward.contains("<Result>FAIL</Result>"), forward);
    String back = as("analyst", "PolicyArn", "arn:iam4j:iam::acme:policy/Reports", "ExistingVersionId", "v2", "NewVersionId", "v1");
    assertTrue(back.contains("<Result>PASS</Result>"), back);
    AwsError missing = assertThrows(AwsError.class,
        () -> as("analyst", "PolicyArn", "arn:iam4j:iam::acme:policy/Reports", "ExistingVersionId", "v7"));
    assertEquals("NoSuchEntity", missing.code());
  }

  @Test
  void checkNoNewAccess_malformedDocument_refusedWithPointer() {
    AwsError e = assertThrows(AwsError.class, () -> as("analyst", "ExistingPolicyDocument", READ,
        "NewPolicyDocument", READ.replace("\"arn:iam4j:docs::acme:bucket/reports/*\"", "\"reports\""), "PolicyType", "IDENTITY_POLICY"));
    assertEquals("MalformedPolicyDocument", e.code());
    assertTrue(e.getMessage().contains("/Statement/0/Resource"), e.getMessage());
    AwsError type = assertThrows(AwsError.class, () -> as("analyst", "ExistingPolicyDocument", READ, "NewPolicyDocument", READ,
        "PolicyType", "BOUNDARY"));
    assertEquals("ValidationError", type.code());
  }

  @Test
  void checkNoNewAccess_withoutPermission_accessDenied() {
    AwsError e = assertThrows(AwsError.class, () -> as("admin", "ExistingPolicyDocument", READ, "NewPolicyDocument", READ,
        "PolicyType", "IDENTITY_POLICY"));
    assertEquals("AccessDenied", e.code());
    assertTrue(e.getMessage().contains("access-analyzer:CheckNoNewAccess"), e.getMessage());
  }
}
