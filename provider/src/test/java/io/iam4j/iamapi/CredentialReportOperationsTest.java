package io.iam4j.iamapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.config.AccessKeyUsage;
import io.iam4j.config.PasswordUsage;
import io.iam4j.sts.AwsError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GenerateCredentialReport and GetCredentialReport over the Query protocol: IAM's shapes, errors
 * and permissions ({@code iam:GenerateCredentialReport} / {@code iam:GetCredentialReport} on
 * {@code *}), the caller's tenant's report with the state the server keeps (access key and password
 * uses) and users' creation dates (CreateUser's, or the file's time).
 */
class CredentialReportOperationsTest {
  @TempDir Path dir;
  IamFixture f;
  AccessKeyUsage keys;
  PasswordUsage passwords;
  IamService iam;

  @BeforeEach
  void setUp() throws IOException {
    f = new IamFixture(dir);
    keys = AccessKeyUsage.open(AccessKeyUsage.defaultFile(dir), f.clock, null);
    passwords = PasswordUsage.open(PasswordUsage.defaultFile(dir), f.clock, null);
    iam = new IamService(List.of(new UserOperations(), new CredentialOperations(),
        new CredentialReportOperations(() -> keys, () -> passwords)));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  String as(String user, String action, String... pairs) {
    return iam.handle(IamFixture.q(action, pairs), f.call(user), "r");
  }

  AwsError refused(String user, String action) {
    return assertThrows(AwsError.class, () -> as(user, action));
  }

  /** The report's rows by user name, each column by name. */
  static Map<String, Map<String, String>> rows(String csv) {
    String[] lines = csv.split("\n");
    List<String> header = Arrays.asList(lines[0].split(","));
    return Arrays.stream(lines).skip(1).map(l -> {
      String[] v = l.split(",", -1);
      Map<String, String> row = new java.util.LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), v[i]);
      }
      return row;
    }).collect(Collectors.toMap(r -> r.get("user"), Function.identity()));
  }

  @Test
  void getBeforeGenerate_reportNotPresent410() {
    AwsError e = refused("admin", "GetCredentialReport");
    assertEquals("ReportNotPresent", e.code());
    assertEquals(410, e.status());
  }

  @Test
  void generateThenGet_base64Csv_textCsv_generatedTime() {
    String g = as("admin", "GenerateCredentialReport");
    assertEquals("STARTED", IamFixture.field(g, "State"));
    assertEquals("No report exists. Starting a new report generation task", IamFixture.field(g, "Description"));
    assertTrue(g.contains("<GenerateCredentialReportResult>"), g);
    String r = as("admin", "GetCredentialReport");
    assertEquals("text/csv", IamFixture.field(r, "ReportFormat"));
    assertEquals("2026-12-07T10:00:00Z", IamFixture.field(r, "GeneratedTime"));
    String csv = new String(Base64.getDecoder().decode(IamFixture.field(r, "Content")), StandardCharsets.UTF_8);
    assertTrue(csv.startsWith("user,arn,user_creation_time,password_enabled,password_last_used,"), csv);
    assertEquals(java.util.Set.of("<root_account>", "admin", "delegate", "dev"), rows(csv).keySet());
    assertEquals("arn:iam4j:iam::acme:user/dev", rows(csv).get("dev").get("arn"));
    assertEquals("COMPLETE", IamFixture.field(as("admin", "GenerateCredentialReport"), "State"), "within four hours");
  }

  @Test
  void permissions_actionsOnStar() {
    // delegate holds iam:Get* and iam:List* on "*": it may get the report, not generate one.
    AwsError e = refused("delegate", "GenerateCredentialReport");
    assertEquals("AccessDenied", e.code());
    assertTrue(e.getMessage().contains("iam:GenerateCredentialReport"), e.getMessage());
    assertTrue(e.getMessage().contains("on resource: *"), e.getMessage());
    as("admin", "GenerateCredentialReport");
    as("delegate", "GetCredentialReport");
    assertEquals("AccessDenied", refused("dev", "GetCredentialReport").code());
  }

  @Test
  void afterFourHours_reportExpired410_thenGeneratedAgain() {
    as("admin", "GenerateCredentialReport");
    f.clock.advance(Duration.ofHours(4));
    AwsError e = refused("admin", "GetCredentialReport");
    assertEquals("ReportExpired", e.code());
    assertEquals(410, e.status());
    assertEquals("STARTED", IamFixture.field(as("admin", "GenerateCredentialReport"), "State"));
    assertEquals("2026-12-07T14:00:00Z", IamFixture.field(as("admin", "GetCredentialReport"), "GeneratedTime"));
  }

  @Test
  void createdUser_loginProfile_key_uses_allInTheReport() throws IOException {
    as("admin", "CreateUser", "UserName", "carol");
    f.clock.advance(Duration.ofMinutes(1));
    as("admin", "CreateLoginProfile", "UserName", "carol", "Password", "Carol-Passw0rd!x");
    f.clock.advance(Duration.ofMinutes(1));
    passwords.record("acme", "carol");
    // dev's file has no "created": the report falls back to the file's time.
    Files.setLastModifiedTime(dir.resolve("tenants/acme/users/dev.json"), FileTime.from(Instant.parse("2025-03-04T05:06:07Z")));
    as("admin", "GenerateCredentialReport");
    Map<String, Map<String, String>> rows = rows(csv(as("admin", "GetCredentialReport")));
    Map<String, String> carol = rows.get("carol");
    assertEquals("2026-12-07T10:00:00+00:00", carol.get("user_creation_time"), "CreateUser's date");
    assertEquals("true", carol.get("password_enabled"));
    assertEquals("2026-12-07T10:01:00+00:00", carol.get("password_last_changed"));
    assertEquals("2026-12-07T10:02:00+00:00", carol.get("password_last_used"));
    assertEquals("2025-03-04T05:06:07+00:00", rows.get("dev").get("user_creation_time"));
    assertEquals("false", rows.get("dev").get("password_enabled"));
    assertEquals("N/A", rows.get("dev").get("password_last_used"));
  }

  @Test
  void accessKeyUse_inTheReport() throws IOException {
    AccessKeyOperations ops = new AccessKeyOperations(() -> keys);
    String created = new IamService(List.of(ops)).handle(IamFixture.q("CreateAccessKey", "UserName", "dev"), f.call("admin"), "r");
    String id = IamFixture.field(created, "AccessKeyId");
    keys.record(id, f.clock.instant().plusSeconds(30), "iam", "us-east-1");
    as("admin", "GenerateCredentialReport");
    Map<String, String> dev = rows(csv(as("admin", "GetCredentialReport"))).get("dev");
    assertEquals("true", dev.get("access_key_1_active"));
    assertEquals("2026-12-07T10:00:00+00:00", dev.get("access_key_1_last_rotated"));
    assertEquals("2026-12-07T10:00:30+00:00", dev.get("access_key_1_last_used_date"));
    assertEquals("us-east-1", dev.get("access_key_1_last_used_region"));
    assertEquals("iam", dev.get("access_key_1_last_used_service"));
    assertEquals("false", dev.get("access_key_2_active"));
  }

  static String csv(String xml) {
    return new String(Base64.getDecoder().decode(IamFixture.field(xml, "Content")), StandardCharsets.UTF_8);
  }
}
