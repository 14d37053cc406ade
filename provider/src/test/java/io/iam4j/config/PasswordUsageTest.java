package io.iam4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credential report's password_last_used data: nothing before a sign-in, the first use of each
 * 5-minute span (IAM's rule), kept in a state file that survives a restart and never stops sign-in
 * when it is broken.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PasswordUsageTest {
  static final Instant T0 = Instant.parse("2026-12-07T10:00:00.750Z");

  @TempDir Path dir;

  Path file() {
    return PasswordUsage.defaultFile(dir);
  }

  PasswordUsage open() {
    return PasswordUsage.open(file(), Clock.fixed(T0, ZoneOffset.UTC), null);
  }

  @Test
  void defaultFile_isUnderState_notInTheTenantTree() {
    assertEquals(dir.resolve("state/passwords-last-used.json"), file());
  }

  @Test
  void neverUsed_empty_andNothingWritten() {
    try (PasswordUsage u = open()) {
      assertEquals(Optional.empty(), u.lastUsed("acme", "alice"));
      assertEquals(Optional.empty(), u.lastUsed(null, "alice"));
    }
    assertFalse(Files.exists(file()), "nothing recorded, nothing written");
  }

  @Test
  void record_firstUseOfEachFiveMinuteSpan_toTheSecond() {
    try (PasswordUsage u = open()) {
      u.record("acme", "alice", T0);
      assertEquals(Optional.of(Instant.parse("2026-12-07T10:00:00Z")), u.lastUsed("acme", "alice"));
      u.record("acme", "alice", T0.plusSeconds(299));
      assertEquals(Optional.of(Instant.parse("2026-12-07T10:00:00Z")), u.lastUsed("acme", "alice"), "within 5 minutes: not recorded");
      u.record("acme", "alice", T0.plusSeconds(300));
      assertEquals(Optional.of(Instant.parse("2026-12-07T10:05:00Z")), u.lastUsed("acme", "alice"));
      assertEquals(Optional.empty(), u.lastUsed("other", "alice"), "per tenant");
      u.record("acme", "bob");
      assertEquals(Optional.of(Instant.parse("2026-12-07T10:00:00Z")), u.lastUsed("acme", "bob"), "now, from the clock");
    }
  }

  @Test
  void namesThatAreNotTenantsOrUsers_notRecorded() {
    try (PasswordUsage u = open()) {
      u.record("Not A Tenant", "alice", T0);
      u.record("acme", "a/b", T0);
      u.record("acme", "", T0);
      assertEquals(Optional.empty(), u.lastUsed("Not A Tenant", "alice"));
      assertEquals(Optional.empty(), u.lastUsed("acme", "a/b"));
    }
    assertFalse(Files.exists(file()));
  }

  @Test
  void closeWrites_reopenReads() throws IOException {
    try (PasswordUsage u = open()) {
      u.record("acme", "alice", T0);
      u.record("acme", "bob", T0.plusSeconds(60));
      u.record("globex", "carol", T0.plusSeconds(120));
    }
    String json = Files.readString(file());
    assertTrue(json.contains("\"acme\": {\n      \"alice\": \"2026-12-07T10:00:00Z\",\n      \"bob\": \"2026-12-07T10:01:00Z\"\n    }"), json);
    try (PasswordUsage again = open()) {
      assertEquals(Optional.of(Instant.parse("2026-12-07T10:00:00Z")), again.lastUsed("acme", "alice"));
      assertEquals(Optional.of(Instant.parse("2026-12-07T10:02:00Z")), again.lastUsed("globex", "carol"));
    }
  }

  @Test
  void flush_mergesAnotherServersLaterUses() throws IOException {
    try (PasswordUsage mine = open(); PasswordUsage theirs = open()) {
      mine.record("acme", "alice", T0);
      theirs.record("acme", "alice", T0.plusSeconds(3600));
      theirs.record("acme", "bob", T0);
      theirs.flush();
      mine.flush();
      assertEquals(Optional.of(Instant.parse("2026-12-07T11:00:00Z")), mine.lastUsed("acme", "alice"), "the later use wins");
      assertEquals(Optional.of(Instant.parse("2026-12-07T10:00:00Z")), mine.lastUsed("acme", "bob"));
    }
    try (PasswordUsage again = open()) {
      assertEquals(Optional.of(Instant.parse("2026-12-07T11:00:00Z")), again.lastUsed("acme", "alice"));
    }
  }

  @Test
  void brokenFile_startsEmpty_andIsReplacedOnTheNextWrite() throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "{ not json");
    try (PasswordUsage u = open()) {
      assertEquals(Optional.empty(), u.lastUsed("acme", "alice"));
      u.record("acme", "alice", T0);
    }
    try (PasswordUsage again = open()) {
      assertEquals(Optional.of(Instant.parse("2026-12-07T10:00:00Z")), again.lastUsed("acme", "alice"));
    }
  }

  @Test
  void malformedEntries_skipped_othersKept() throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "{\"version\": 1, \"tenants\": {\"acme\": {\"alice\": \"yesterday\", \"bob\": \"2026-12-01T08:00:00Z\","
        + " \"c/d\": \"2026-12-01T08:00:00Z\", \"erin\": 5}, \"Bad Tenant\": {\"x\": \"2026-12-01T08:00:00Z\"}, \"globex\": []}}");
    try (PasswordUsage u = open()) {
      assertEquals(Optional.empty(), u.lastUsed("acme", "alice"));
      assertEquals(Optional.of(Instant.parse("2026-12-01T08:00:00Z")), u.lastUsed("acme", "bob"));
      assertEquals(Optional.empty(), u.lastUsed("acme", "erin"));
      assertEquals(Optional.empty(), u.lastUsed("Bad Tenant", "x"));
    }
  }

  @Test
  void noTenantsObject_startsEmpty() throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "{\"version\": 1, \"users\": {}}");
    try (PasswordUsage u = open()) {
      assertEquals(Optional.empty(), u.lastUsed("acme", "alice"));
    }
  }
}
