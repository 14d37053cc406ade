package io.iam4j.it.aws;

import static io.iam4j.it.aws.AwsIt.basic;
import static io.iam4j.it.aws.AwsIt.post;
import static io.iam4j.it.aws.AwsIt.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.crypto.PasswordHashes;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CredentialReportNotPresentException;
import software.amazon.awssdk.services.iam.model.GenerateCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.GetCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.ReportFormatType;
import software.amazon.awssdk.services.iam.model.ReportStateType;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The credential report with the real AWS SDK for Java v2's {@code IamClient} against the sample on
 * Payara Micro: ReportNotPresent before any report, GenerateCredentialReport (STARTED, then COMPLETE
 * within four hours), GetCredentialReport's CSV with AWS's columns, and in it what really happened
 * over HTTP: alice's password signing in (BASIC) and the access key she made signing an STS call.
 * Every file this test adds or changes in the shared IT configuration is restored.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CredentialReportIT {
  static final Path ACME = Path.of(System.getProperty("it.config.dir")).resolve("tenants/acme");
  static final String ADMIN = "it-report-admin";
  static final String ADMIN_PASSWORD = "It-Report-Admin-Passw0rd!";
  static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
      + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
      + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
      + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
      + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

  @ArquillianResource URL base;
  URI endpoint;
  final Map<Path, String> originals = new LinkedHashMap<>();
  /** Before the admin's file was written (to the second): its creation time in the report is no earlier. */
  Instant beforeAdmin;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return AwsIt.rootWar();
  }

  void remember(Path p) throws IOException {
    AwsIt.remember(originals, p);
  }

  /** An auditor allowed iam:* on "*" (the report's actions name no resource), added for this test. */
  @BeforeEach
  void admin() throws IOException {
    endpoint = AwsIt.endpoint(base);
    for (String f : List.of("users/" + ADMIN + ".json", "inline/" + ADMIN + ".json", "users/alice.json")) {
      remember(ACME.resolve(f));
    }
    beforeAdmin = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Files.writeString(ACME.resolve("inline/" + ADMIN + ".json"),
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:*\", \"Resource\": \"*\"}]}");
    Files.writeString(ACME.resolve("users/" + ADMIN + ".json"), "{\"inlinePolicies\": {\"All\": \"inline/" + ADMIN + ".json\"}, "
        + "\"passwordHash\": \"" + PasswordHashes.hash(ADMIN_PASSWORD.toCharArray()) + "\"}");
  }

  @AfterEach
  void restore() throws IOException {
    for (Map.Entry<Path, String> e : originals.entrySet()) {
      if (e.getValue() == null) {
        Files.deleteIfExists(e.getKey());
      } else {
        Files.writeString(e.getKey(), e.getValue());
      }
    }
  }

  /** The admin's key, made with its password once the server has read its file. */
  AwsBasicCredentials adminKey() {
    String auth = "Basic " + Base64.getEncoder().encodeToString((ADMIN + "@acme:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    AwsIt.Reply r = null;
    for (int i = 0; i < 100; i++) {
      r = post(endpoint, "/iam", "Action=CreateAccessKey&Version=2010-05-08", "Authorization", auth);
      if (r.status() == 200) {
        break;
      }
      AwsIt.sleep(100); // until the watcher has loaded the admin's file
    }
    assertEquals(200, r.status(), r.body());
    return AwsBasicCredentials.create(xml(r.body(), "AccessKeyId"), xml(r.body(), "SecretAccessKey"));
  }

  static Map<String, String> row(String csv, String user) {
    List<String> lines = csv.lines().toList();
    List<String> header = List.of(lines.get(0).split(","));
    String line = lines.stream().filter(l -> l.startsWith(user + ",")).findFirst().orElseThrow(() -> new AssertionError(user + " in " + csv));
    String[] v = line.split(",", -1);
    assertEquals(header.size(), v.length, line);
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      m.put(header.get(i), v[i]);
    }
    return m;
  }

  static Instant time(String iso) {
    assertTrue(iso.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"), iso);
    return OffsetDateTime.parse(iso).toInstant();
  }

  @Test
  void generateThenGet_withTheRealSdk_reportsWhatHappenedOverHttp() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    AwsBasicCredentials admin = adminKey();
    // alice signs in with her password (BASIC) to make a key, then signs an STS call with it.
    AwsBasicCredentials alice = AwsIt.newKey(endpoint, "alice@acme");
    try (StsClient sts = AwsIt.sts(endpoint, alice); IamClient iam = AwsIt.iam(endpoint, admin, Region.AWS_GLOBAL);
        IamClient aliceIam = AwsIt.iam(endpoint, alice, Region.AWS_GLOBAL)) {
      assertEquals("arn:iam4j:iam::acme:user/alice", sts.getCallerIdentity().arn());
      try {
        CredentialReportNotPresentException none = assertThrows(CredentialReportNotPresentException.class, iam::getCredentialReport);
        assertEquals(410, none.statusCode());
        assertEquals("ReportNotPresent", none.awsErrorDetails().errorCode());

        GenerateCredentialReportResponse g = iam.generateCredentialReport();
        assertEquals(ReportStateType.STARTED, g.state());
        assertNotNull(g.description());
        assertEquals(ReportStateType.COMPLETE, iam.generateCredentialReport().state(), "reused within four hours");

        GetCredentialReportResponse r = iam.getCredentialReport();
        assertEquals(ReportFormatType.TEXT_CSV, r.reportFormat());
        assertTrue(!r.generatedTime().isBefore(start), r.generatedTime().toString());
        String csv = r.content().asUtf8String();
        assertEquals(HEADER, csv.lines().findFirst().orElseThrow());
        assertTrue(csv.lines().skip(1).findFirst().orElseThrow().startsWith("<root_account>,arn:iam4j:iam::acme:root,"), csv);

        Map<String, String> a = row(csv, "alice");
        assertEquals("arn:iam4j:iam::acme:user/alice", a.get("arn"));
        assertEquals("true", a.get("password_enabled"));
        Instant signedIn = time(a.get("password_last_used"));
        assertTrue(!signedIn.isBefore(start) && !signedIn.isAfter(r.generatedTime()), a.toString());
        assertEquals("false", a.get("mfa_active"));
        String n = a.get("access_key_1_active").equals("true") ? "1" : "2";
        assertEquals("true", a.get("access_key_" + n + "_active"), a.toString());
        assertTrue(!time(a.get("access_key_" + n + "_last_rotated")).isBefore(start), a.toString());
        assertTrue(!time(a.get("access_key_" + n + "_last_used_date")).isBefore(start), a.toString());
        assertEquals("sts", a.get("access_key_" + n + "_last_used_service"), a.toString());
        assertEquals("us-east-1", a.get("access_key_" + n + "_last_used_region"), a.toString());
        assertEquals(List.of("false", "N/A", "false", "N/A"), List.of(a.get("cert_1_active"), a.get("cert_1_last_rotated"),
            a.get("cert_2_active"), a.get("cert_2_last_rotated")));

        // The admin's key signed this very IAM call (recorded when its signature verified).
        Map<String, String> ad = row(csv, ADMIN);
        assertEquals("iam", ad.get("access_key_1_last_used_service"), ad.toString());
        // Its file has no "created" and no login profile: the file's time, and no recorded change of the password.
        assertTrue(!time(ad.get("user_creation_time")).isBefore(beforeAdmin), ad.toString());
        assertEquals("no_information", ad.get("password_last_changed"), ad.toString());
        assertTrue(!time(ad.get("password_last_used")).isBefore(start), ad.toString());
      } finally {
        aliceIam.deleteAccessKey(d -> d.accessKeyId(alice.accessKeyId()));
      }
    }
    // alice (the sample's developer) has no such permission: refused, with IAM's sentence.
    AwsIt.Reply denied = post(endpoint, "/iam", "Action=GetCredentialReport&Version=2010-05-08", "Authorization", basic("alice@acme"));
    assertEquals(403, denied.status(), denied.body());
    assertTrue(denied.body().contains("iam:GetCredentialReport"), denied.body());
  }
}
