package io.iam4j.advisor;

import static io.iam4j.advisor.AdvisorFixture.CATALOG;
import static io.iam4j.advisor.AdvisorFixture.DEV;
import static io.iam4j.advisor.AdvisorFixture.JOB;
import static io.iam4j.advisor.AdvisorFixture.OPS;
import static io.iam4j.advisor.AdvisorFixture.READERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.advisor.UnusedAccess.Finding;
import io.iam4j.advisor.UnusedAccess.FindingType;
import io.iam4j.advisor.UnusedAccess.Result;
import io.iam4j.advisor.UnusedAccess.UnusedAction;
import io.iam4j.directory.User;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unused access findings as IAM Access Analyzer defines them, over a tracking period of N days:
 * unused roles, access keys and passwords, and per principal the granted actions not used, each
 * with the statement granting it; an unused role gets the role finding only.
 */
class UnusedAccessTest {
  @TempDir Path root;
  AdvisorFixture f;

  @BeforeEach
  void setUp() throws IOException {
    f = new AdvisorFixture(root);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  Result analyze(int days, Function<String, Instant> keys) {
    String tenant = "acme";
    Function<User, Instant> password = u -> f.advisor.passwordLastUsed(tenant, f.directory().arns().user(tenant, u.path(), u.name()));
    return UnusedAccess.of(f.directory(), f.tenant(), f.advisor, CATALOG, days, f.instant(), keys, password);
  }

  static List<Finding> of(Result r, FindingType t, String resource) {
    return r.findings().stream().filter(x -> x.type() == t && x.resource().equals(resource)).toList();
  }

  @Test
  void grantedActionsNotUsedInThePeriodAreFindingsWithTheirGrantingStatement() {
    f.request(f.user("dev"), "docs:GetObject");
    f.advanceDays(10);
    f.request(f.user("dev"), "docs:ListObjects");
    Result r = analyze(5, k -> null);
    Finding dev = of(r, FindingType.UnusedPermission, DEV).get(0);
    assertEquals("AWS::IAM::User", dev.resourceType());
    assertEquals(1, dev.services().size());
    Map<String, UnusedAction> unused = dev.services().get(0).actions().stream()
        .collect(java.util.stream.Collectors.toMap(UnusedAction::action, a -> a));
    assertEquals(java.util.Set.of("docs:GetObject", "docs:PutObject"), unused.keySet(), "ListObjects was used within 5 days");
    assertEquals(f.instant().minus(java.time.Duration.ofDays(10)), unused.get("docs:GetObject").lastAccessed());
    assertEquals(READERS, unused.get("docs:GetObject").grantedBy().policy());
    assertEquals("Read", unused.get("docs:GetObject").grantedBy().sid());
    assertEquals(DEV + "#Write", unused.get("docs:PutObject").grantedBy().policy());
    assertEquals(null, unused.get("docs:PutObject").lastAccessed(), "never used");

    // Over 30 days, everything dev was granted and used counts as used.
    Result month = analyze(30, k -> null);
    assertEquals(List.of("docs:PutObject"), of(month, FindingType.UnusedPermission, DEV).get(0).services().get(0).actions().stream()
        .map(UnusedAction::action).toList());
  }

  @Test
  void anUnusedRoleGetsTheRoleFindingOnlyAndAUsedOneItsUnusedPermissions() {
    Result r = analyze(90, k -> null);
    assertEquals(1, of(r, FindingType.UnusedIAMRole, JOB).size());
    assertTrue(of(r, FindingType.UnusedPermission, JOB).isEmpty());
    f.request(f.session("Job", "s"), "docs:ListBuckets");
    Result used = analyze(90, k -> null);
    assertTrue(of(used, FindingType.UnusedIAMRole, JOB).isEmpty());
    assertTrue(of(used, FindingType.UnusedPermission, JOB).isEmpty(), "its one granted action was used");
    f.advanceDays(91);
    assertEquals(1, of(analyze(90, k -> null), FindingType.UnusedIAMRole, JOB).size());
  }

  @Test
  void passwordsNotBackingARequestInThePeriodAreUnused() throws IOException {
    f.put("users/ops.json", "{'managedPolicies': ['" + READERS + "'], 'passwordHash': 'PBKDF2WithHmacSHA256:210000:6r1GXAjqz9Y8Dv45HgZP8mg+hkWMEJ4SVK4WdbLiviU=:3EmVKJlFO7UzlWC/JpMgT4JcV9YpGpM4klicvV6x084='}");
    f.store.reload();
    assertEquals(1, of(analyze(90, k -> null), FindingType.UnusedIAMUserPassword, OPS).size());
    assertTrue(of(analyze(90, k -> null), FindingType.UnusedIAMUserPassword, DEV).isEmpty(), "dev has no password");
    f.request(f.user("ops"), "docs:GetObject"); // an access key's request: not the password's use
    assertEquals(1, of(analyze(90, k -> null), FindingType.UnusedIAMUserPassword, OPS).size());
    f.signedInRequest(f.user("ops"), "docs:GetObject");
    assertTrue(of(analyze(90, k -> null), FindingType.UnusedIAMUserPassword, OPS).isEmpty());
  }

  @Test
  void activeAccessKeysOlderThanThePeriodAndNotUsedInItAreUnused() {
    io.iam4j.config.AccessKeys keys = new io.iam4j.config.AccessKeys(f.store, f.key,
        java.time.Clock.fixed(f.instant(), java.time.ZoneOffset.UTC));
    String id = keys.create("acme", "ops", "test").accessKeyId();
    assertTrue(of(analyze(1, k -> null), FindingType.UnusedIAMUserAccessKey, OPS).isEmpty(), "made within the period: not judged yet");
    f.advanceDays(2);
    Finding k = of(analyze(1, x -> null), FindingType.UnusedIAMUserAccessKey, OPS).get(0);
    assertEquals(id, k.accessKeyId());
    assertTrue(of(analyze(1, x -> x.equals(id) ? f.instant().minusSeconds(60) : null), FindingType.UnusedIAMUserAccessKey, OPS).isEmpty());
  }

  @Test
  void findingsKeepTheirIdAndThePeriodIsBounded() {
    assertEquals(analyze(90, k -> null).findings().stream().map(Finding::id).toList(),
        analyze(90, k -> null).findings().stream().map(Finding::id).toList());
    assertThrows(IllegalArgumentException.class, () -> analyze(0, k -> null));
    assertThrows(IllegalArgumentException.class, () -> analyze(366, k -> null));
    Result r = analyze(90, k -> null);
    assertFalse(r.trackingComplete(), "tracking began now: the period is not fully tracked");
  }
}
