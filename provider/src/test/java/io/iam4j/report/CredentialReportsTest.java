package io.iam4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * IAM's report lifecycle: none until generated, reused for four hours (COMPLETE), expired after
 * four hours and then generated again (STARTED), in progress while generating; one per tenant.
 */
class CredentialReportsTest {
  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  final CredentialReports reports = new CredentialReports();
  final AtomicInteger builds = new AtomicInteger();

  CredentialReport build(String tenant, Instant at) {
    builds.incrementAndGet();
    return new CredentialReport(tenant, at, "user,arn\n" + builds.get());
  }

  @Test
  void noReport_notPresent() {
    assertInstanceOf(CredentialReports.NotPresent.class, reports.get("acme", T0));
  }

  @Test
  void generate_started_thenPresent() {
    CredentialReports.Generation g = reports.generate("acme", T0, () -> build("acme", T0));
    assertEquals(CredentialReports.State.STARTED, g.state());
    assertEquals("No report exists. Starting a new report generation task", g.description());
    CredentialReports.Present p = assertInstanceOf(CredentialReports.Present.class, reports.get("acme", T0.plusSeconds(1)));
    assertEquals(T0, p.report().generatedTime());
    assertInstanceOf(CredentialReports.NotPresent.class, reports.get("globex", T0), "one report per tenant");
  }

  @Test
  void withinFourHours_complete_theSameReport() {
    reports.generate("acme", T0, () -> build("acme", T0));
    CredentialReport first = ((CredentialReports.Present) reports.get("acme", T0)).report();
    Instant later = T0.plus(Duration.ofHours(4)).minusSeconds(1);
    CredentialReports.Generation g = reports.generate("acme", later, () -> build("acme", later));
    assertEquals(CredentialReports.State.COMPLETE, g.state());
    assertEquals(1, builds.get(), "not generated again");
    assertSame(first, ((CredentialReports.Present) reports.get("acme", later)).report());
  }

  @Test
  void afterFourHours_expired_thenGeneratedAgain() {
    reports.generate("acme", T0, () -> build("acme", T0));
    Instant later = T0.plus(CredentialReports.LIFETIME);
    CredentialReports.Expired e = assertInstanceOf(CredentialReports.Expired.class, reports.get("acme", later));
    assertEquals(T0, e.generatedTime());
    CredentialReports.Generation g = reports.generate("acme", later, () -> build("acme", later));
    assertEquals(CredentialReports.State.STARTED, g.state());
    assertEquals(2, builds.get());
    assertEquals(later, ((CredentialReports.Present) reports.get("acme", later)).report().generatedTime());
  }

  @Test
  void whileGenerating_inProgress() {
    CredentialReports.Lookup[] seen = new CredentialReports.Lookup[1];
    CredentialReports.Generation[] again = new CredentialReports.Generation[1];
    reports.generate("acme", T0, () -> {
      seen[0] = reports.get("acme", T0);
      again[0] = reports.generate("acme", T0, () -> build("acme", T0));
      return build("acme", T0);
    });
    assertInstanceOf(CredentialReports.InProgress.class, seen[0]);
    assertEquals(CredentialReports.State.INPROGRESS, again[0].state());
    assertEquals(1, builds.get());
  }

  @Test
  void failedGeneration_leavesWhatWasThere() {
    assertThrows(IllegalStateException.class, () -> reports.generate("acme", T0, () -> {
      throw new IllegalStateException("boom");
    }));
    assertInstanceOf(CredentialReports.NotPresent.class, reports.get("acme", T0));
    reports.generate("acme", T0, () -> build("acme", T0));
    Instant later = T0.plus(Duration.ofHours(5));
    assertThrows(IllegalStateException.class, () -> reports.generate("acme", later, () -> {
      throw new IllegalStateException("boom");
    }));
    assertInstanceOf(CredentialReports.Expired.class, reports.get("acme", later));
  }
}
