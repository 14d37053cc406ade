package io.iam4j.advisor;

import static io.iam4j.advisor.AdvisorFixture.DEV;
import static io.iam4j.advisor.AdvisorFixture.JOB;
import static io.iam4j.advisor.AdvisorFixture.READERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.advisor.AccessAdvisor.ActionRecord;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.PolicyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index as IAM defines last accessed: every attempt by an authenticated principal counts (a
 * denied one too), a role's sessions count for the role, anonymous requests do not count; the
 * latest allow keeps the statement that granted it; the index survives a restart and a broken file.
 */
class AccessAdvisorTest {
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

  @Test
  void anAllowKeepsTheGrantingStatementAndADeniedAttemptStillCounts() {
    assertTrue(f.request(f.user("dev"), "docs:GetObject"));
    Instant allowedAt = f.instant();
    f.now.addAndGet(5_000);
    assertFalse(f.request(f.user("dev"), "docs:DeleteObject"));
    f.now.addAndGet(5_000);
    assertTrue(f.request(f.user("dev"), "docs:GetObject"));

    Map<String, ActionRecord> dev = f.advisor.principal("acme", DEV);
    ActionRecord get = dev.get("docs:GetObject");
    assertEquals(f.instant(), get.lastAuthenticated());
    assertEquals(f.instant(), get.lastAllowed());
    assertEquals(PolicyType.IDENTITY, get.statement().type());
    assertEquals(READERS, get.statement().policy());
    assertEquals(0, get.statement().index());
    assertEquals("Read", get.statement().sid());
    // Denied: last authenticated (an attempt), never allowed, no statement.
    ActionRecord delete = dev.get("docs:DeleteObject");
    assertEquals(allowedAt.plusSeconds(5), delete.lastAuthenticated());
    assertNull(delete.lastAllowed());
    assertNull(delete.statement());
    // The policy's record: which principal it granted what, and when.
    assertEquals(f.instant(), f.advisor.policy("acme", READERS).get("docs:GetObject").get(DEV).lastAllowed());
    assertFalse(f.advisor.policy("acme", READERS).containsKey("docs:DeleteObject"));
  }

  @Test
  void anInlineStatementIsNamedByItsOwnerAndName() {
    assertTrue(f.request(f.user("dev"), "docs:PutObject"));
    ActionRecord put = f.advisor.principal("acme", DEV).get("docs:PutObject");
    assertEquals(DEV + "#Write", put.statement().policy());
    assertNull(put.statement().sid());
  }

  @Test
  void aRoleSessionCountsForItsRoleAndAnonymousRequestsDoNotCount() {
    assertTrue(f.request(f.session("Job", "nightly-1"), "docs:ListBuckets"));
    assertTrue(f.request(f.session("Job", "nightly-2"), "docs:ListBuckets"));
    assertEquals(1, f.advisor.principals("acme").size());
    assertEquals(JOB, f.advisor.principals("acme").get(0));
    assertNotNull(f.advisor.principal("acme", JOB).get("docs:ListBuckets").lastAllowed());

    f.authorizer.authorizeAnonymous("docs:GetObject", "arn:iam4j:docs::acme:bucket/dev/a.txt", "acme", RequestContext.empty());
    assertEquals(1, f.advisor.principals("acme").size());
  }

  @Test
  void repeatedDecisionsReuseTheSlotAndWriteOncePerSecond() {
    f.request(f.user("dev"), "docs:GetObject");
    int slots = f.advisor.size();
    for (int i = 0; i < 100; i++) {
      f.now.addAndGet(10);
      f.request(f.user("dev"), "docs:GetObject");
    }
    assertEquals(slots, f.advisor.size());
    // 1 second of 10 ms steps: recorded to the second.
    assertEquals(Instant.parse("2026-12-07T10:00:01Z"), f.advisor.principal("acme", DEV).get("docs:GetObject").lastAuthenticated());
  }

  @Test
  void passwordUseIsRecordedOnlyForSignInBackedRequests() {
    f.request(f.user("dev"), "docs:GetObject");
    assertNull(f.advisor.passwordLastUsed("acme", DEV), "an access key's request sets no aws:MultiFactorAuthPresent");
    f.signedInRequest(f.user("dev"), "docs:GetObject");
    assertEquals(f.instant(), f.advisor.passwordLastUsed("acme", DEV));
  }

  @Test
  void theIndexSurvivesARestart() throws IOException {
    f.request(f.user("dev"), "docs:GetObject");
    f.signedInRequest(f.user("dev"), "docs:DeleteObject");
    f.request(f.session("Job", "s"), "docs:ListBuckets");
    Instant since = f.advisor.trackingSince();
    f.advisor.flush();
    Map<String, ActionRecord> before = f.advisor.principal("acme", DEV);

    f.now.addAndGet(Duration.ofDays(3).toMillis());
    try (AccessAdvisor reopened = AccessAdvisor.open(AccessAdvisor.defaultFile(root), f.now::get, null)) {
      assertEquals(before, reopened.principal("acme", DEV));
      assertEquals(f.advisor.policy("acme", READERS), reopened.policy("acme", READERS));
      assertEquals(f.advisor.passwordLastUsed("acme", DEV), reopened.passwordLastUsed("acme", DEV));
      assertEquals(since, reopened.trackingSince(), "tracking began at the first start, not this one");
      assertEquals(f.advisor.principal("acme", JOB), reopened.principal("acme", JOB));
    }
  }

  @Test
  void aBrokenFileStartsEmptyAndAMalformedEntryIsSkipped() throws IOException {
    Path file = AccessAdvisor.defaultFile(root);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"version\": 1, \"tenants\": {\"acme\": {\"principals\": {");
    try (AccessAdvisor a = AccessAdvisor.open(file, f.now::get, null)) {
      assertTrue(a.principals("acme").isEmpty());
    }
    Files.writeString(file, "{\"version\": 1, \"trackingSince\": \"2026-01-01T00:00:00Z\", \"tenants\": {\"acme\": {\"principals\": {\""
        + DEV + "\": {\"actions\": {\"docs:GetObject\": {\"lastAuthenticated\": \"yesterday\"},"
        + " \"docs:PutObject\": {\"lastAuthenticated\": \"2026-12-01T00:00:00Z\"}}}}}}}");
    try (AccessAdvisor a = AccessAdvisor.open(file, f.now::get, null)) {
      assertEquals(Map.of("docs:PutObject", new ActionRecord(Instant.parse("2026-12-01T00:00:00Z"), null, null)), a.principal("acme", DEV));
      assertEquals(Instant.parse("2026-01-01T00:00:00Z"), a.trackingSince());
    }
  }

  @Test
  void theIndexIsBounded() {
    for (int i = 0; i < AccessAdvisor.MAX_ENTRIES + 10; i++) {
      f.request(f.user("ops"), "docs:Action" + i);
    }
    assertEquals(AccessAdvisor.MAX_ENTRIES, f.advisor.size());
    assertNull(f.advisor.principal("acme", AdvisorFixture.OPS).get("docs:Action" + (AccessAdvisor.MAX_ENTRIES + 5)));
  }
}
