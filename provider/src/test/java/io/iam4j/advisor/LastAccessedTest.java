package io.iam4j.advisor;

import static io.iam4j.advisor.AdvisorFixture.CATALOG;
import static io.iam4j.advisor.AdvisorFixture.DEV;
import static io.iam4j.advisor.AdvisorFixture.DEVELOPERS;
import static io.iam4j.advisor.AdvisorFixture.JOB;
import static io.iam4j.advisor.AdvisorFixture.OPS;
import static io.iam4j.advisor.AdvisorFixture.READERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.advisor.LastAccessed.Granularity;
import io.iam4j.advisor.LastAccessed.Report;
import io.iam4j.advisor.LastAccessed.Service;
import io.iam4j.advisor.LastAccessed.TrackedAction;
import io.iam4j.catalog.ActionCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports as GetServiceLastAccessedDetails defines them: the services the entity's permissions
 * policies allow; for a user or role its own attempts; for a group its members' attempts on what
 * the group's policies allow (the entity is the member); for a policy what it granted and to whom.
 */
class LastAccessedTest {
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

  Report report(String arn, Granularity g, ActionCatalog catalog) {
    AdvisedEntity e = AdvisedEntity.resolve(f.directory(), f.tenant(), arn).orElseThrow();
    return LastAccessed.of(f.advisor, "acme", e, g, catalog);
  }

  static Map<String, TrackedAction> actions(Service s) {
    return s.actions().stream().collect(Collectors.toMap(TrackedAction::actionName, a -> a));
  }

  @Test
  void aUsersReportListsTheAllowedServiceWithItsLastAttemptAndTheGrantingStatement() {
    Report empty = report(DEV, Granularity.SERVICE_LEVEL, CATALOG);
    assertEquals(1, empty.services().size());
    Service none = empty.services().get(0);
    assertEquals("docs", none.serviceNamespace());
    assertNull(none.lastAuthenticated(), "no attempt: listed without details");
    assertEquals(0, none.totalAuthenticatedEntities());

    f.request(f.user("dev"), "docs:GetObject");
    Instant at = f.instant();
    f.now.addAndGet(60_000);
    f.request(f.user("dev"), "docs:DeleteObject"); // denied: still the last attempt
    Service s = report(DEV, Granularity.SERVICE_LEVEL, CATALOG).services().get(0);
    assertEquals(f.instant(), s.lastAuthenticated());
    assertEquals(DEV, s.lastAuthenticatedEntity());
    assertEquals(1, s.totalAuthenticatedEntities());
    assertEquals(READERS, s.lastStatement().statement().policy());
    assertEquals(at, s.lastStatement().lastAllowed());
    assertTrue(s.actions().isEmpty(), "service level: no tracked actions");
  }

  @Test
  void actionLevelTracksEveryAllowedActionWithTheStatementThatAllowsIt() {
    f.request(f.user("dev"), "docs:GetObject");
    Service s = report(DEV, Granularity.ACTION_LEVEL, CATALOG).services().get(0);
    Map<String, TrackedAction> a = actions(s);
    assertEquals(List.of("GetObject", "ListObjects", "PutObject"), a.keySet().stream().sorted().toList(),
        "allowed by Readers (group) and Write (inline); ListBuckets and DeleteObject are not");
    assertEquals(f.instant(), a.get("GetObject").lastAccessedTime());
    assertEquals(DEV, a.get("GetObject").lastAccessedEntity());
    assertEquals("Read", a.get("GetObject").lastStatement().statement().sid());
    assertNull(a.get("ListObjects").lastAccessedTime());
    assertEquals(READERS, a.get("ListObjects").grantedBy().policy());
    assertEquals(DEV + "#Write", a.get("PutObject").grantedBy().policy());
  }

  @Test
  void aRolesReportIsItsSessionsAttempts() {
    f.request(f.session("Job", "a"), "docs:ListBuckets");
    Service s = report(JOB, Granularity.ACTION_LEVEL, CATALOG).services().get(0);
    assertEquals(JOB, s.lastAuthenticatedEntity());
    assertEquals(List.of("ListBuckets"), s.actions().stream().map(TrackedAction::actionName).toList());
  }

  @Test
  void aGroupsReportCountsItsMembersOnlyOnWhatTheGroupAllows() {
    f.request(f.user("dev"), "docs:PutObject"); // allowed by dev's own inline policy, not the group's
    Service before = report(DEVELOPERS, Granularity.ACTION_LEVEL, CATALOG).services().get(0);
    assertNull(before.lastAuthenticated(), "a member's access to what the group does not allow does not count");
    f.now.addAndGet(1_000);
    f.request(f.user("dev"), "docs:ListObjects");
    f.request(f.user("ops"), "docs:GetObject"); // ops is not a member
    Service s = report(DEVELOPERS, Granularity.ACTION_LEVEL, CATALOG).services().get(0);
    assertEquals(f.instant(), s.lastAuthenticated());
    assertEquals(DEV, s.lastAuthenticatedEntity(), "the member that attempted last");
    assertEquals(1, s.totalAuthenticatedEntities());
    assertEquals(List.of("GetObject", "ListObjects"), s.actions().stream().map(TrackedAction::actionName).sorted().toList());
    assertEquals(Map.of(DEV, f.instant()), s.entities());
  }

  @Test
  void aPolicysReportIsWhatItGrantedAndToWhom() {
    f.request(f.user("dev"), "docs:GetObject");
    f.now.addAndGet(2_000);
    f.request(f.user("ops"), "docs:ListObjects");
    f.request(f.user("dev"), "docs:PutObject"); // granted by dev's inline policy, not Readers
    Service s = report(READERS, Granularity.ACTION_LEVEL, CATALOG).services().get(0);
    assertEquals(f.instant(), s.lastAuthenticated());
    assertEquals(OPS, s.lastAuthenticatedEntity());
    assertEquals(2, s.totalAuthenticatedEntities());
    assertEquals(List.of("GetObject", "ListObjects"), s.actions().stream().map(TrackedAction::actionName).sorted().toList());
  }

  @Test
  void withoutACatalogTheActionsAreThoseSeenAndThoseNamedLiterally() {
    f.request(f.user("dev"), "docs:GetObject");
    Service s = report(DEV, Granularity.ACTION_LEVEL, ActionCatalog.EMPTY).services().get(0);
    assertEquals(List.of("GetObject", "ListObjects", "PutObject"), s.actions().stream().map(TrackedAction::actionName).sorted().toList());
  }
}
