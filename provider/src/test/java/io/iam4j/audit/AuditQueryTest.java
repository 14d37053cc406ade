package io.iam4j.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.iam4j.eval.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AuditQuery}: each filter alone and together, and the accepted forms of time. */
class AuditQueryTest {
  @TempDir Path dir;
  List<Path> files;

  @BeforeEach
  void trail() throws IOException {
    try (AuditLog log = AuditLog.open(AuditLog.Settings.of(dir, null).withClock(new MutableClock(AuditLogTest.T0)))) {
      for (int i = 0; i < 9; i++) {
        log.record(AuditLogTest.decision(i, Outcome.values()[i % 3]));
      }
      log.record(new AuditEvent.ConfigChangeEvent(AuditLogTest.T0.plusSeconds(100), "globex", "UPDATED", "write by carol", 1, 2,
          List.of("users/x.json"), List.of("arn:iam4j:iam::globex:user/x"), List.of()));
      log.flush(Duration.ofSeconds(10));
    }
    files = AuditFiles.expand(List.of(dir));
  }

  List<String> ids(String principal, String action, String decision, String tenant, String type, Instant since) throws IOException {
    return AuditQuery.run(files, new AuditQuery.Filter(principal, action, null, decision, tenant, type, since, null)).stream()
        .map(m -> m.get("requestId") != null ? m.get("requestId") : m.get("type")).toList();
  }

  @Test
  void principal_exactOrWildcard() throws IOException {
    assertEquals(List.of("req-3"), ids("arn:iam4j:iam::acme:user/u3", null, null, null, null, null));
    assertEquals(List.of("req-3"), ids("*:user/u3", null, null, null, null, null));
    assertEquals(List.of(), ids("arn:iam4j:iam::acme:user/U3", null, null, null, null, null));
  }

  @Test
  void action_ignoresCase() throws IOException {
    assertEquals(9, ids(null, "DOCS:get*", null, null, null, null).size());
  }

  @Test
  void decision_oneOutcomeOrBothDenies() throws IOException {
    assertEquals(List.of("req-0", "req-3", "req-6"), ids(null, null, "allow", null, null, null));
    assertEquals(List.of("req-2", "req-5", "req-8"), ids(null, null, "ImplicitDeny", null, null, null));
    assertEquals(6, ids(null, null, "Deny", null, null, null).size());
  }

  @Test
  void since_andTypeAndTenant() throws IOException {
    assertEquals(List.of("req-7", "req-8", "config"), ids(null, null, null, null, null, AuditLogTest.T0.plusSeconds(7)));
    assertEquals(List.of("config"), ids(null, null, null, "globex", "config", null));
  }

  @Test
  void time_acceptsInstantsDatesAndAges() {
    Instant now = Instant.parse("2026-07-02T12:00:00Z");
    assertEquals(Instant.parse("2026-07-01T10:00:00Z"), AuditQuery.time("2026-07-01T10:00:00Z", now));
    assertEquals(Instant.parse("2026-07-01T08:00:00Z"), AuditQuery.time("2026-07-01T10:00:00+02:00", now));
    assertEquals(Instant.parse("2026-07-01T00:00:00Z"), AuditQuery.time("2026-07-01", now));
    assertEquals(Instant.parse("2026-07-02T11:30:00Z"), AuditQuery.time("30m", now));
    assertEquals(Instant.parse("2026-06-25T12:00:00Z"), AuditQuery.time("7d", now));
    assertEquals(Instant.parse("2026-07-02T11:00:00Z"), AuditQuery.time("PT1H", now));
    assertThrows(IllegalArgumentException.class, () -> AuditQuery.time("yesterday", now));
  }
}
