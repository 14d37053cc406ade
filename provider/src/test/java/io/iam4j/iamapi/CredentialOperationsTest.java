package io.iam4j.iamapi;

import static io.iam4j.iamapi.IamFixture.field;
import static io.iam4j.iamapi.IamFixture.fields;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.crypto.MfaSeeds;
import io.iam4j.crypto.PasswordHashes;
import io.iam4j.crypto.Totp;
import io.iam4j.directory.PasswordPolicy;
import io.iam4j.directory.User;
import io.iam4j.signin.PasswordCheck;
import io.iam4j.sts.AwsError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Login profiles, the tenant's password policy and virtual MFA devices, as the IAM API Reference describes them. */
class CredentialOperationsTest {
  static final String PASSWORD = "Str0ng-Passw0rd!";
  @TempDir Path root;
  IamFixture f;

  @BeforeEach
  void setUp() throws IOException {
    f = new IamFixture(root);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  void strictPolicy() {
    f.as("admin", "UpdateAccountPasswordPolicy", "MinimumPasswordLength", "12", "RequireSymbols", "true", "RequireNumbers", "true",
        "RequireUppercaseCharacters", "true", "RequireLowercaseCharacters", "true", "AllowUsersToChangePassword", "true",
        "MaxPasswordAge", "90", "PasswordReusePrevention", "3");
  }

  @Test
  void thePasswordPolicyIsKeptInTenantJson() throws IOException {
    AwsError none = f.refused("admin", "GetAccountPasswordPolicy");
    assertEquals("NoSuchEntity", none.code());
    strictPolicy();
    PasswordPolicy p = f.tenant().passwordPolicy();
    assertEquals(new PasswordPolicy(12, true, true, true, true, true, 90, 3, false), p);
    assertTrue(f.file("tenant.json").contains("\"passwordPolicy\""));
    String xml = f.as("admin", "GetAccountPasswordPolicy");
    assertEquals("12", field(xml, "MinimumPasswordLength"));
    assertEquals("true", field(xml, "ExpirePasswords"));
    assertEquals("90", field(xml, "MaxPasswordAge"));
    assertEquals("3", field(xml, "PasswordReusePrevention"));
    assertEquals("ValidationError", f.refused("admin", "UpdateAccountPasswordPolicy", "MinimumPasswordLength", "5").code());
    assertEquals("ValidationError", f.refused("admin", "UpdateAccountPasswordPolicy", "PasswordReusePrevention", "25").code());
    assertEquals("AccessDenied", f.refused("dev", "UpdateAccountPasswordPolicy").code());
    f.as("admin", "DeleteAccountPasswordPolicy");
    assertNull(f.tenant().passwordPolicy());
    assertEquals("NoSuchEntity", f.refused("admin", "DeleteAccountPasswordPolicy").code());
  }

  @Test
  void loginProfilesFollowThePolicyAndStoreOnlyHashes() throws IOException {
    strictPolicy();
    AwsError weak = f.refused("admin", "CreateLoginProfile", "UserName", "dev", "Password", "short1!A");
    assertEquals("PasswordPolicyViolation", weak.code());
    assertEquals(400, weak.status());
    assertFalse(weak.getMessage().contains("short1!A"), "a password is never echoed");
    assertNull(f.tenant().users().get("dev").credentials());
    String xml = f.as("admin", "CreateLoginProfile", "UserName", "dev", "Password", PASSWORD, "PasswordResetRequired", "true");
    assertEquals("dev", field(xml, "UserName"));
    assertEquals("true", field(xml, "PasswordResetRequired"));
    String file = f.file("users/dev.json");
    assertFalse(file.contains(PASSWORD), "only the hash is stored");
    User dev = f.tenant().users().get("dev");
    assertTrue(PasswordHashes.verify(PASSWORD.toCharArray(), dev.credentials().passwordHash()));
    assertTrue(dev.credentials().passwordHash().startsWith("PBKDF2WithHmacSHA256:210000:"));
    assertEquals("EntityAlreadyExists", f.refused("admin", "CreateLoginProfile", "UserName", "dev", "Password", PASSWORD).code());
    assertEquals("true", field(f.as("dev", "GetLoginProfile"), "PasswordResetRequired"));
    f.as("admin", "UpdateLoginProfile", "UserName", "dev", "PasswordResetRequired", "false");
    assertEquals("false", field(f.as("dev", "GetLoginProfile"), "PasswordResetRequired"));
    f.as("admin", "DeleteLoginProfile", "UserName", "dev");
    assertNull(f.tenant().users().get("dev").credentials());
    assertEquals("NoSuchEntity", f.refused("dev", "GetLoginProfile").code());
  }

  @Test
  void changePasswordChecksTheOldOneTheRulesAndReuse() {
    strictPolicy();
    f.as("admin", "CreateLoginProfile", "UserName", "dev", "Password", PASSWORD);
    assertEquals("AccessDenied", f.refused("dev", "ChangePassword", "OldPassword", "Wr0ng-Passw0rd!", "NewPassword", "N3w-Passw0rd!!").code());
    assertEquals("PasswordPolicyViolation", f.refused("dev", "ChangePassword", "OldPassword", PASSWORD, "NewPassword", "nouppercase1!x").code());
    AwsError reuse = f.refused("dev", "ChangePassword", "OldPassword", PASSWORD, "NewPassword", PASSWORD);
    assertEquals("PasswordPolicyViolation", reuse.code());
    f.as("dev", "ChangePassword", "OldPassword", PASSWORD, "NewPassword", "Second-Passw0rd!");
    f.as("dev", "ChangePassword", "OldPassword", "Second-Passw0rd!", "NewPassword", "Third-Passw0rd!!");
    // Reuse prevention 3: the current and the two before it are refused.
    assertEquals("PasswordPolicyViolation", f.refused("dev", "ChangePassword", "OldPassword", "Third-Passw0rd!!", "NewPassword", PASSWORD).code());
    f.as("dev", "ChangePassword", "OldPassword", "Third-Passw0rd!!", "NewPassword", "Fourth-Passw0rd!");
    f.as("dev", "ChangePassword", "OldPassword", "Fourth-Passw0rd!", "NewPassword", PASSWORD);
    User dev = f.tenant().users().get("dev");
    assertTrue(PasswordHashes.verify(PASSWORD.toCharArray(), dev.credentials().passwordHash()));
    assertEquals(3, dev.credentials().loginProfile().history().size());
  }

  @Test
  void anExpiredPasswordNoLongerSignsInAndIsReportedUntilChanged() {
    strictPolicy();
    f.as("admin", "CreateLoginProfile", "UserName", "dev", "Password", PASSWORD);
    User dev = f.tenant().users().get("dev");
    assertFalse(PasswordCheck.expired(f.store.directory(), "dev@acme", dev, f.clock.instant()));
    f.clock.advance(Duration.ofDays(90));
    assertTrue(PasswordCheck.expired(f.store.directory(), "dev@acme", dev, f.clock.instant()));
    assertEquals("true", field(f.as("dev", "GetLoginProfile"), "PasswordResetRequired"));
    f.as("dev", "ChangePassword", "OldPassword", PASSWORD, "NewPassword", "Renewed-Passw0rd!");
    assertFalse(PasswordCheck.expired(f.store.directory(), "dev@acme", f.tenant().users().get("dev"), f.clock.instant()));
    assertEquals("false", field(f.as("dev", "GetLoginProfile"), "PasswordResetRequired"));
  }

  @Test
  void hardExpiryLeavesTheResetToAnAdministrator() {
    f.as("admin", "UpdateAccountPasswordPolicy", "MaxPasswordAge", "1", "HardExpiry", "true");
    f.as("admin", "CreateLoginProfile", "UserName", "dev", "Password", PASSWORD);
    f.clock.advance(Duration.ofDays(2));
    assertEquals("EntityTemporarilyUnmodifiable", f.refused("dev", "ChangePassword", "OldPassword", PASSWORD, "NewPassword", "Other-Passw0rd!").code());
    f.as("admin", "UpdateLoginProfile", "UserName", "dev", "Password", "Other-Passw0rd!");
    assertEquals("false", field(f.as("dev", "GetLoginProfile"), "PasswordResetRequired"));
  }

  @Test
  void aUserChangesItsOwnPasswordWhenAPolicyOrTheAccountSettingAllowsIt() throws IOException {
    f.as("admin", "CreateLoginProfile", "UserName", "delegate", "Password", PASSWORD);
    assertEquals("AccessDenied", f.refused("delegate", "ChangePassword", "OldPassword", PASSWORD, "NewPassword", "Other-Passw0rd!").code());
    f.as("admin", "UpdateAccountPasswordPolicy", "AllowUsersToChangePassword", "true");
    f.as("delegate", "ChangePassword", "OldPassword", PASSWORD, "NewPassword", "Other-Passw0rd!");
    assertTrue(PasswordHashes.verify("Other-Passw0rd!".toCharArray(), f.tenant().users().get("delegate").credentials().passwordHash()));
    // An explicit deny still refuses.
    f.put("users/delegate.json", f.file("users/delegate.json").replace("\"managedPolicies\"",
        "\"inlinePolicies\": {\"NoChange\": \"inline/no-change.json\"}, \"managedPolicies\""));
    f.put("inline/no-change.json", "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Deny', 'Action': 'iam:ChangePassword', 'Resource': '*'}]}");
    f.store.reload();
    AwsError denied = f.refused("delegate", "ChangePassword", "OldPassword", "Other-Passw0rd!", "NewPassword", "Third-Passw0rd!");
    assertEquals("AccessDenied", denied.code());
    assertTrue(denied.getMessage().contains("explicit deny"), denied.getMessage());
  }

  static byte[] seedOf(String createXml) {
    String base32 = new String(Base64.getDecoder().decode(field(createXml, "Base32StringSeed")), StandardCharsets.US_ASCII);
    return Totp.base32(base32);
  }

  @Test
  void aVirtualMfaDeviceIsEnabledWithTwoConsecutiveCodes() throws IOException {
    String created = f.as("dev", "CreateVirtualMFADevice", "VirtualMFADeviceName", "dev");
    String serial = field(created, "SerialNumber");
    assertEquals("arn:iam4j:iam::acme:mfa/dev", serial);
    byte[] png = Base64.getDecoder().decode(field(created, "QRCodePNG"));
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
    byte[] seed = seedOf(created);
    assertEquals(20, seed.length);
    // Created, not enabled: a device of no user, its seed sealed, never in clear.
    String pending = f.file("mfa/dev.json");
    assertNotNull(pending);
    assertFalse(pending.contains(Totp.base32Encode(seed)));
    assertEquals(List.of(serial), fields(f.as("admin", "ListVirtualMFADevices", "AssignmentStatus", "Unassigned"), "SerialNumber"));
    assertEquals("EntityAlreadyExists", f.refused("admin", "CreateVirtualMFADevice", "VirtualMFADeviceName", "DEV").code());

    long step = f.clock.instant().getEpochSecond() / 30;
    String now = Totp.code(seed, f.clock.instant());
    String previous = Totp.code(seed, f.clock.instant().minusSeconds(30));
    AwsError wrong = f.refused("dev", "EnableMFADevice", "UserName", "dev", "SerialNumber", serial, "AuthenticationCode1", now,
        "AuthenticationCode2", previous);
    assertEquals("InvalidAuthenticationCode", wrong.code());
    assertEquals(403, wrong.status());
    assertNull(f.tenant().users().get("dev").credentials());
    assertTrue(step > 0);
    f.as("dev", "EnableMFADevice", "UserName", "dev", "SerialNumber", serial, "AuthenticationCode1", previous, "AuthenticationCode2", now);
    User dev = f.tenant().users().get("dev");
    assertTrue(dev.credentials().hasMfaDevice());
    assertEquals(serial, dev.credentials().mfaDevice().serial(f.store.directory().arns(), "acme"));
    assertArrayEquals(seed, MfaSeeds.decrypt(f.key, "acme", "dev", dev.credentials().totpSeedEncrypted()));
    assertNull(f.file("mfa/dev.json"));
    String listed = f.as("dev", "ListMFADevices");
    assertEquals(List.of(serial), fields(listed, "SerialNumber"));
    assertEquals("2026-12-07T10:00:00Z", field(listed, "EnableDate"));
    assertEquals(List.of("dev"), fields(f.as("admin", "ListVirtualMFADevices", "AssignmentStatus", "Assigned"), "UserName"));

    f.clock.advance(Duration.ofMinutes(5));
    f.as("dev", "ResyncMFADevice", "UserName", "dev", "SerialNumber", serial, "AuthenticationCode1", Totp.code(seed, f.clock.instant().minusSeconds(240)),
        "AuthenticationCode2", Totp.code(seed, f.clock.instant().minusSeconds(210)));
    assertEquals("InvalidAuthenticationCode", f.refused("dev", "ResyncMFADevice", "UserName", "dev", "SerialNumber", serial,
        "AuthenticationCode1", "000000", "AuthenticationCode2", "000001").code());
    assertEquals("DeleteConflict", f.refused("admin", "DeleteVirtualMFADevice", "SerialNumber", serial).code());
    assertEquals("DeleteConflict", f.refused("admin", "DeleteUser", "UserName", "dev").code());

    f.as("dev", "DeactivateMFADevice", "UserName", "dev", "SerialNumber", serial);
    assertNull(f.tenant().users().get("dev").credentials());
    assertNotNull(f.file("mfa/dev.json"));
    f.as("dev", "DeleteVirtualMFADevice", "SerialNumber", serial);
    assertNull(f.file("mfa/dev.json"));
    assertEquals("NoSuchEntity", f.refused("dev", "DeleteVirtualMFADevice", "SerialNumber", serial).code());
  }

  @Test
  void aUserHoldsOneDeviceAndCannotManageAnothersDevice() {
    byte[] seed = seedOf(f.as("admin", "CreateVirtualMFADevice", "VirtualMFADeviceName", "first"));
    f.as("admin", "EnableMFADevice", "UserName", "dev", "SerialNumber", "arn:iam4j:iam::acme:mfa/first",
        "AuthenticationCode1", Totp.code(seed, f.clock.instant().minusSeconds(30)), "AuthenticationCode2", Totp.code(seed, f.clock.instant()));
    byte[] second = seedOf(f.as("admin", "CreateVirtualMFADevice", "VirtualMFADeviceName", "second", "Path", "/spare/"));
    assertEquals(List.of("arn:iam4j:iam::acme:mfa/spare/second"),
        fields(f.as("admin", "ListVirtualMFADevices", "AssignmentStatus", "Unassigned"), "SerialNumber"));
    AwsError limit = f.refused("admin", "EnableMFADevice", "UserName", "dev", "SerialNumber", "arn:iam4j:iam::acme:mfa/spare/second",
        "AuthenticationCode1", Totp.code(second, f.clock.instant().minusSeconds(30)), "AuthenticationCode2", Totp.code(second, f.clock.instant()));
    assertEquals("LimitExceeded", limit.code());
    assertEquals("AccessDenied", f.refused("dev", "CreateVirtualMFADevice", "VirtualMFADeviceName", "admin").code());
    assertEquals("AccessDenied", f.refused("dev", "DeactivateMFADevice", "UserName", "admin", "SerialNumber", "arn:iam4j:iam::acme:mfa/first").code());
    assertEquals("NoSuchEntity", f.refused("admin", "EnableMFADevice", "UserName", "dev", "SerialNumber", "arn:iam4j:iam::other:mfa/x",
        "AuthenticationCode1", "123456", "AuthenticationCode2", "654321").code());
  }
}
