package io.iam4j.signin;

import static io.iam4j.signin.SigninFixtures.directory;
import static io.iam4j.signin.SigninFixtures.role;
import static io.iam4j.signin.SigninFixtures.tenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.crypto.SessionTokens;
import io.iam4j.directory.Directory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A role-session token ends with its role: deleted, re-created, or its sessions revoked. */
class RoleSessionCheckTest {
  static final Instant ISSUED = Instant.parse("2026-12-07T10:00:00Z");
  static final String ID = "AROA0123456789ABCDEFG";
  final SigninFixtures.ManualTicker ticker = new SigninFixtures.ManualTicker();
  final RoleDeletions deletions = new RoleDeletions(ticker);
  final RoleSessionCheck check = new RoleSessionCheck(deletions);
  final Directory withRole = directory(tenant("acme", 1, List.of(), List.of(role("ReportingJob", ID, null))));

  static SessionTokens.Session token(Instant issued, Duration life) {
    return new SessionTokens.Session("iam4j-sts", "acme", "ReportingJob", ID, "nightly", "t-1", issued, issued.plus(life));
  }

  @Test
  void refusal_roleAsIssued_none() {
    assertEquals(Optional.empty(), check.refusal(token(ISSUED, Duration.ofHours(1)), withRole));
  }

  @Test
  void refusal_roleDeleted() {
    assertEquals(Optional.of("the role no longer exists"),
        check.refusal(token(ISSUED, Duration.ofHours(1)), directory(tenant("acme", 2, List.of(), List.of()))));
    assertEquals(Optional.of("the tenant no longer exists"), check.refusal(token(ISSUED, Duration.ofHours(1)), directory()));
  }

  @Test
  void refusal_roleRecreatedWithAnotherId() {
    Directory recreated = directory(tenant("acme", 3, List.of(), List.of(role("ReportingJob", "AROAZZZZZZZZZZZZZZZZZ", null))));
    assertTrue(check.refusal(token(ISSUED, Duration.ofHours(1)), recreated).orElseThrow().contains("id changed"));
  }

  @Test
  void refusal_roleRecreatedWithTheSameId_refusesTokensIssuedBeforeTheDeletion() {
    Directory without = directory(tenant("acme", 2, List.of(), List.of()));
    Instant deleted = ISSUED.plusSeconds(60);
    deletions.observe(withRole, without, deleted);
    Directory recreated = directory(tenant("acme", 3, List.of(), List.of(role("ReportingJob", ID, null))));
    assertTrue(check.refusal(token(ISSUED, Duration.ofHours(1)), recreated).orElseThrow().contains("deleted after the token"));
    assertEquals(Optional.empty(), check.refusal(token(deleted.plusSeconds(1), Duration.ofHours(1)), recreated),
        "a token of the re-created role is accepted");
  }

  @Test
  void observe_tenantRemoved_allItsRolesDeleted() {
    deletions.observe(withRole, directory(), ISSUED.plusSeconds(1));
    assertTrue(deletions.deletedAt("acme", "ReportingJob").isPresent());
  }

  @Test
  void deletions_forgottenAfterTheLongestSession() {
    deletions.observe(withRole, directory(), ISSUED);
    ticker.advance(Duration.ofSeconds(io.iam4j.config.TenantLoader.MAX_SESSION_SECONDS + 1));
    assertTrue(deletions.deletedAt("acme", "ReportingJob").isEmpty(), "no token issued before it can still be valid");
  }

  @Test
  void refusal_sessionsRevokedAfterIssue_beforeKept() {
    Instant revokedAt = ISSUED.plusSeconds(600);
    Directory revoked = directory(tenant("acme", 2, List.of(), List.of(role("ReportingJob", ID, revokedAt))));
    assertTrue(check.refusal(token(ISSUED, Duration.ofHours(1)), revoked).orElseThrow().contains("revoked"));
    assertEquals(Optional.empty(), check.refusal(token(revokedAt, Duration.ofHours(1)), revoked), "issued at T: not before T");
  }

  @Test
  void refusal_tokenLongerThanTheRolesMaximum() {
    assertTrue(check.refusal(token(ISSUED, Duration.ofHours(2)), withRole).orElseThrow().contains("maximum session duration"));
  }
}
