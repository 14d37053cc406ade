package io.iam4j.it.aws;

import static io.iam4j.it.aws.AwsIt.xml;
import static io.iam4j.it.aws.AwsIt.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.crypto.PasswordHashes;
import io.iam4j.crypto.Totp;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
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
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetUserResponse;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.User;

/**
 * The user side of the IAM API with the real AWS SDK for Java v2 {@code IamClient} (SigV4) against
 * the sample on Payara Micro: a user's whole life cycle, a delegated administrator under a
 * permissions boundary, and IAM's error codes. Each answer is active when it arrives: the next
 * call sees it. Every file this test adds or changes in the shared IT configuration is restored.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IamUsersIT {
  static final Path CONFIG = Path.of(System.getProperty("it.config.dir"));
  static final Path ACME = CONFIG.resolve("tenants/acme");
  static final String ADMIN = "it-iam-admin";
  static final String ADMIN_PASSWORD = "It-Iam-Admin-Passw0rd!";
  static final String BOUNDARY = "arn:iam4j:iam::acme:policy/DelegatedAdminBoundary";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final SdkHttpClient SDK_HTTP = UrlConnectionHttpClient.create();

  @ArquillianResource URL base;
  URI endpoint;
  /** Files as they were before the test (null: absent), restored after it. */
  final Map<Path, String> originals = new LinkedHashMap<>();
  boolean mfaDirExisted;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return AwsIt.rootWar();
  }

  void remember(Path p) throws IOException {
    AwsIt.remember(originals, p);
  }

  /** An administrator of the tenant's identities, added for this test (iam:* on everything). */
  @BeforeEach
  void admin() throws Exception {
    endpoint = AwsIt.endpoint(base);
    mfaDirExisted = Files.isDirectory(ACME.resolve("mfa"));
    for (String f : List.of("users/" + ADMIN + ".json", "inline/" + ADMIN + ".json", "tenant.json", "users/erin.json")) {
      remember(ACME.resolve(f));
    }
    Files.writeString(ACME.resolve("inline/" + ADMIN + ".json"),
        "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iam:*\", \"Resource\": \"*\"}]}");
    char[] pw = ADMIN_PASSWORD.toCharArray();
    Files.writeString(ACME.resolve("users/" + ADMIN + ".json"), "{\"inlinePolicies\": {\"All\": \"inline/" + ADMIN + ".json\"}, "
        + "\"passwordHash\": \"" + PasswordHashes.hash(pw) + "\"}");
  }

  @AfterEach
  void restore() throws IOException {
    // Whatever the test created through the API, then the files it changed by hand.
    for (String dir : List.of("users", "groups", "mfa")) {
      Path d = ACME.resolve(dir);
      if (Files.isDirectory(d)) {
        try (var s = Files.list(d)) {
          for (Path p : s.filter(p -> p.getFileName().toString().startsWith("it-") && !p.getFileName().toString().startsWith(ADMIN)).toList()) {
            Files.delete(p);
          }
        }
      }
    }
    for (Map.Entry<Path, String> e : originals.entrySet()) {
      if (e.getValue() == null) {
        Files.deleteIfExists(e.getKey());
      } else {
        Files.writeString(e.getKey(), e.getValue());
      }
    }
    // The directory of pending MFA devices did not exist before this test.
    if (!mfaDirExisted && Files.isDirectory(ACME.resolve("mfa"))) {
      try (var s = Files.list(ACME.resolve("mfa"))) {
        if (s.findAny().isEmpty()) {
          Files.delete(ACME.resolve("mfa"));
        }
      }
    }
  }

  IamClient iam(AwsCredentials c) {
    return IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL).httpClient(SDK_HTTP)
        .credentialsProvider(StaticCredentialsProvider.create(c))
        .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())).build();
  }

  /** The admin's access key, made with its password (BASIC) once the server has read the new user file. */
  AwsBasicCredentials adminKey() throws Exception {
    String auth = "Basic " + Base64.getEncoder().encodeToString((ADMIN + "@acme:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = null;
    for (int i = 0; i < 100; i++) {
      r = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/iam")).POST(HttpRequest.BodyPublishers.ofString(
          "Action=CreateAccessKey&Version=2010-05-08")).header("Content-Type", "application/x-www-form-urlencoded")
          .header("Authorization", auth).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        break;
      }
      Thread.sleep(100); // until the watcher has loaded the admin's file
    }
    assertEquals(200, r.statusCode(), r.body());
    return AwsBasicCredentials.create(xml(r.body(), "AccessKeyId"), xml(r.body(), "SecretAccessKey"));
  }

  static AwsServiceException refused(Runnable call) {
    return assertThrows(AwsServiceException.class, call::run);
  }

  static String code(AwsServiceException e) {
    return e.awsErrorDetails().errorCode();
  }

  /** Retries a call refused only because a hand edit of the tenant was not reloaded yet (as SDKs retry 409s). */
  static <T> T settled(Supplier<T> call) throws InterruptedException {
    for (int i = 0; ; i++) {
      try {
        return call.get();
      } catch (AwsServiceException e) {
        if (i > 50 || !code(e).equals("ConcurrentModification")) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  @Test
  void aUsersWholeLifeCycle() throws Exception {
    try (IamClient iam = iam(adminKey())) {
      User created = settled(() -> iam.createUser(r -> r.userName("it-dana").path("/it/engineering/")
          .tags(Tag.builder().key("team").value("docs").build()))).user();
      assertEquals("arn:iam4j:iam::acme:user/it/engineering/it-dana", created.arn());
      assertTrue(created.userId().startsWith("AIDA"), created.userId());
      assertNotNull(created.createDate());
      // Active when answered: the very next call sees her.
      GetUserResponse got = iam.getUser(r -> r.userName("it-dana"));
      assertEquals("/it/engineering/", got.user().path());
      assertEquals(List.of(Tag.builder().key("team").value("docs").build()), got.user().tags());
      assertTrue(iam.listUsers(r -> r.pathPrefix("/it/")).users().stream().anyMatch(u -> u.userName().equals("it-dana")));
      assertEquals("EntityAlreadyExists", code(refused(() -> iam.createUser(r -> r.userName("IT-DANA")))));
      assertEquals(409, refused(() -> iam.createUser(r -> r.userName("it-dana"))).statusCode());
      iam.updateUser(r -> r.userName("it-dana").newPath("/it/docs/"));
      assertEquals("arn:iam4j:iam::acme:user/it/docs/it-dana", iam.getUser(r -> r.userName("it-dana")).user().arn());

      // Pagination as the SDK's paginator drives it.
      for (int i = 0; i < 3; i++) {
        String n = "it-page" + i;
        iam.createUser(r -> r.userName(n).path("/it/pages/"));
      }
      List<String> paged = new ArrayList<>();
      iam.listUsersPaginator(r -> r.pathPrefix("/it/pages/").maxItems(2)).users().forEach(u -> paged.add(u.userName()));
      assertEquals(List.of("it-page0", "it-page1", "it-page2"), paged);

      // Groups and membership.
      iam.createGroup(r -> r.groupName("it-writers").path("/it/"));
      iam.addUserToGroup(r -> r.groupName("it-writers").userName("it-dana"));
      assertEquals(List.of("it-dana"), iam.getGroup(r -> r.groupName("it-writers")).users().stream().map(User::userName).toList());
      assertEquals(List.of("it-writers"), iam.listGroupsForUser(r -> r.userName("it-dana")).groups().stream().map(g -> g.groupName()).toList());
      assertEquals("DeleteConflict", code(refused(() -> iam.deleteGroup(r -> r.groupName("it-writers")))));

      // A login profile under the tenant's password policy.
      iam.updateAccountPasswordPolicy(r -> r.minimumPasswordLength(14).requireSymbols(true).requireNumbers(true)
          .requireUppercaseCharacters(true).requireLowercaseCharacters(true).passwordReusePrevention(2).maxPasswordAge(90));
      assertEquals(14, iam.getAccountPasswordPolicy().passwordPolicy().minimumPasswordLength());
      AwsServiceException weak = refused(() -> iam.createLoginProfile(r -> r.userName("it-dana").password("Short1!")));
      assertEquals("PasswordPolicyViolation", code(weak));
      assertFalse(weak.getMessage().contains("Short1!"));
      iam.createLoginProfile(r -> r.userName("it-dana").password("Long-Enough-Passw0rd!").passwordResetRequired(false));
      assertFalse(iam.getLoginProfile(r -> r.userName("it-dana")).loginProfile().passwordResetRequired());
      assertFalse(Files.readString(ACME.resolve("users/it-dana.json")).contains("Long-Enough-Passw0rd!"), "only the hash is stored");

      // A virtual MFA device, enabled with two consecutive codes.
      var device = iam.createVirtualMFADevice(r -> r.virtualMFADeviceName("it-dana-phone")).virtualMFADevice();
      assertEquals("arn:iam4j:iam::acme:mfa/it-dana-phone", device.serialNumber());
      byte[] png = device.qrCodePNG().asByteArray();
      assertEquals((byte) 0x89, png[0]);
      byte[] seed = Totp.base32(device.base32StringSeed().asString(StandardCharsets.US_ASCII));
      AwsServiceException badCodes = refused(() -> iam.enableMFADevice(r -> r.userName("it-dana").serialNumber(device.serialNumber())
          .authenticationCode1("000000").authenticationCode2("000000")));
      assertEquals("InvalidAuthenticationCode", code(badCodes));
      Instant now = Instant.now();
      iam.enableMFADevice(r -> r.userName("it-dana").serialNumber(device.serialNumber())
          .authenticationCode1(Totp.code(seed, now.minusSeconds(30))).authenticationCode2(Totp.code(seed, now)));
      assertEquals(List.of(device.serialNumber()), iam.listMFADevices(r -> r.userName("it-dana")).mfaDevices().stream()
          .map(d -> d.serialNumber()).toList());
      assertEquals("DeleteConflict", code(refused(() -> iam.deleteVirtualMFADevice(r -> r.serialNumber(device.serialNumber())))));

      // Two access keys at most.
      var k1 = iam.createAccessKey(r -> r.userName("it-dana")).accessKey();
      var k2 = iam.createAccessKey(r -> r.userName("it-dana")).accessKey();
      AwsServiceException limit = refused(() -> iam.createAccessKey(r -> r.userName("it-dana")));
      assertEquals("LimitExceeded", code(limit));
      assertEquals(409, limit.statusCode());

      // Deleting is refused while anything is attached, as IAM does, then succeeds after the clean-up.
      AwsServiceException conflict = refused(() -> iam.deleteUser(r -> r.userName("it-dana")));
      assertEquals("DeleteConflict", code(conflict));
      assertEquals(409, conflict.statusCode());
      iam.deleteLoginProfile(r -> r.userName("it-dana"));
      iam.deleteAccessKey(r -> r.userName("it-dana").accessKeyId(k1.accessKeyId()));
      iam.deleteAccessKey(r -> r.userName("it-dana").accessKeyId(k2.accessKeyId()));
      iam.deactivateMFADevice(r -> r.userName("it-dana").serialNumber(device.serialNumber()));
      iam.deleteVirtualMFADevice(r -> r.serialNumber(device.serialNumber()));
      assertEquals("DeleteConflict", code(refused(() -> iam.deleteUser(r -> r.userName("it-dana")))));
      iam.removeUserFromGroup(r -> r.groupName("it-writers").userName("it-dana"));
      iam.deleteUser(r -> r.userName("it-dana"));
      iam.deleteGroup(r -> r.groupName("it-writers"));
      AwsServiceException gone = refused(() -> iam.getUser(r -> r.userName("it-dana")));
      assertEquals("NoSuchEntity", code(gone));
      assertEquals(404, gone.statusCode());
      assertFalse(Files.exists(ACME.resolve("users/it-dana.json")));
      iam.deleteAccountPasswordPolicy();
      assertEquals("NoSuchEntity", code(refused(iam::getAccountPasswordPolicy)));
    }
  }

  @Test
  void aDelegatedAdministratorCreatesUsersOnlyUnderTheBoundary() throws Exception {
    try (IamClient admin = iam(adminKey())) {
      // erin holds the sample's DelegatedUserAdmin under the DelegatedAdminBoundary; her key is made by the admin.
      var key = settled(() -> admin.createAccessKey(r -> r.userName("erin"))).accessKey();
      try (IamClient erin = iam(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))) {
        AwsServiceException noBoundary = refused(() -> erin.createUser(r -> r.userName("it-helper")));
        assertEquals("AccessDenied", code(noBoundary));
        assertEquals(403, noBoundary.statusCode());
        assertTrue(noBoundary.getMessage().contains("iam:CreateUser"), noBoundary.getMessage());
        assertTrue(noBoundary.getMessage().contains("Encoded authorization failure message"), noBoundary.getMessage());
        assertEquals("AccessDenied", code(refused(() -> erin.createUser(r -> r.userName("it-helper")
            .permissionsBoundary("arn:iam4j:iam::acme:policy/DocsAdministrator")))));
        assertFalse(Files.exists(ACME.resolve("users/it-helper.json")), "a refused change leaves nothing");
        User made = erin.createUser(r -> r.userName("it-helper").permissionsBoundary(BOUNDARY)
            .tags(Tag.builder().key("team").value("docs").build())).user();
        assertEquals(BOUNDARY, made.permissionsBoundary().permissionsBoundaryArn());
        assertEquals(BOUNDARY, admin.getUser(r -> r.userName("it-helper")).user().permissionsBoundary().permissionsBoundaryArn());
        // Deleting users is not hers.
        assertEquals("AccessDenied", code(refused(() -> erin.deleteUser(r -> r.userName("it-helper")))));
      }
      admin.deleteUser(r -> r.userName("it-helper"));
      admin.deleteAccessKey(r -> r.userName("erin").accessKeyId(key.accessKeyId()));
    }
  }
}
