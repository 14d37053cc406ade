package io.iam4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GetAccessKeyLastUsed's data: N/A before any use, the first use of each 15-minute span (as IAM's
 * credential report records it), kept in a state file that survives a restart.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AccessKeyUsageTest {
  static final String K1 = "AKIAAAAAAAAAAAAAAAA2";
  static final String K2 = "AKIABBBBBBBBBBBBBBB3";
  static final Instant T0 = Instant.parse("2026-12-07T10:00:00.750Z");

  @TempDir Path dir;

  Path file() {
    return AccessKeyUsage.defaultFile(dir);
  }

  AccessKeyUsage open() {
    return AccessKeyUsage.open(file(), Clock.fixed(T0, ZoneOffset.UTC), null);
  }

  @Test
  void neverUsed_nA_asGetAccessKeyLastUsed() {
    try (AccessKeyUsage u = open()) {
      AccessKeyUsage.LastUsed none = u.lastUsed(K1);
      assertNull(none.lastUsedDate());
      assertEquals("N/A", none.serviceName());
      assertEquals("N/A", none.region());
      assertFalse(none.used());
    }
    assertFalse(Files.exists(file()), "nothing recorded, nothing written");
  }

  @Test
  void record_firstUseOfEachFifteenMinuteSpan_toTheSecond() {
    try (AccessKeyUsage u = open()) {
      u.record(K1, T0, "s3", "us-east-1");
      assertEquals(new AccessKeyUsage.LastUsed(Instant.parse("2026-12-07T10:00:00Z"), "s3", "us-east-1"), u.lastUsed(K1));
      u.record(K1, T0.plus(Duration.ofMinutes(14)), "sts", "eu-west-1");
      assertEquals("s3", u.lastUsed(K1).serviceName(), "a use within the span is not recorded");
      u.record(K1, T0.plus(Duration.ofMinutes(15)), "sts", "eu-west-1");
      assertEquals(new AccessKeyUsage.LastUsed(Instant.parse("2026-12-07T10:15:00Z"), "sts", "eu-west-1"), u.lastUsed(K1));
      assertEquals(AccessKeyUsage.LastUsed.NONE, u.lastUsed(K2), "per key");
      u.record(K2, T0, "docs", "iam4j\"; rm -rf /");
      assertEquals("N/A", u.lastUsed(K2).region(), "only service and region names are kept");
    }
  }

  @Test
  void persistsAtClose_readBackAfterRestart() throws IOException {
    try (AccessKeyUsage u = open()) {
      u.record(K1, T0, "s3", "us-east-1");
      u.record(K2, T0.plusSeconds(5), "docs", "local");
    }
    assertTrue(Files.isRegularFile(file()));
    assertTrue(Files.readString(file()).contains("\"" + K1 + "\": {\"lastUsedDate\": \"2026-12-07T10:00:00Z\""), Files.readString(file()));
    try (AccessKeyUsage again = open()) {
      assertEquals(new AccessKeyUsage.LastUsed(Instant.parse("2026-12-07T10:00:05Z"), "docs", "local"), again.lastUsed(K2));
      assertEquals("s3", again.lastUsed(K1).serviceName());
      // The span holds across the restart too.
      again.record(K1, T0.plus(Duration.ofMinutes(1)), "sts", "x");
      assertEquals("s3", again.lastUsed(K1).serviceName());
    }
  }

  @Test
  void periodicFlush_writesWithoutClose() throws Exception {
    AccessKeyUsage u = AccessKeyUsage.open(file(), Clock.systemUTC(), Duration.ofMillis(20));
    try {
      u.record(K1, "s3", "us-east-1");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.exists(file()) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals("s3", AccessKeyUsage.read(file()).get(K1).serviceName());
    } finally {
      u.close();
    }
  }

  @Test
  void twoServersSharingTheFile_mergeOnWrite_laterUseWins() throws IOException {
    AccessKeyUsage a = open();
    AccessKeyUsage b = open();
    a.record(K1, T0, "s3", "a");
    b.record(K1, T0.plus(Duration.ofHours(1)), "s3", "b");
    b.record(K2, T0, "docs", "b");
    b.flush();
    a.flush();
    try (AccessKeyUsage c = open()) {
      assertEquals("b", c.lastUsed(K1).region());
      assertEquals("docs", c.lastUsed(K2).serviceName());
    }
    a.close();
    b.close();
  }

  @Test
  void brokenFile_startsEmpty_malformedEntriesSkipped() throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "{not json");
    try (AccessKeyUsage u = open()) {
      assertEquals(AccessKeyUsage.LastUsed.NONE, u.lastUsed(K1));
    }
    Files.writeString(file(), "{\"version\": 1, \"keys\": {\"" + K1 + "\": {\"lastUsedDate\": \"soon\", \"serviceName\": \"s3\", "
        + "\"region\": \"r\"}, \"" + K2 + "\": {\"lastUsedDate\": \"2026-12-07T10:00:00Z\", \"serviceName\": \"s3\", \"region\": \"r\"}}}");
    try (AccessKeyUsage u = open()) {
      assertFalse(u.lastUsed(K1).used());
      assertTrue(u.lastUsed(K2).used());
    }
  }

  @Test
  void forget_dropsTheKey() throws IOException {
    try (AccessKeyUsage u = open()) {
      u.record(K1, T0, "s3", "r");
      u.flush();
      u.record(K2, T0, "s3", "r");
      u.forget(K1);
      assertFalse(u.lastUsed(K1).used());
    }
    try (AccessKeyUsage again = open()) {
      assertFalse(again.lastUsed(K1).used(), "not merged back from the file");
      assertTrue(again.lastUsed(K2).used());
    }
  }

  @Test
  void concurrentRecords_oneUsePerSpan_noneLost() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (AccessKeyUsage u = open()) {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 10_000; i++) {
            u.record("AKIA" + "A".repeat(15) + (char) ('2' + i % 6), T0.plusSeconds(i % 60), "s3", "r");
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      for (int k = 0; k < 6; k++) {
        assertTrue(u.lastUsed("AKIA" + "A".repeat(15) + (char) ('2' + k)).used());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
