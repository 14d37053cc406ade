package io.iam4j.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.crypto.ServerKey;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.StatementRef;
import io.iam4j.policy.Effect;
import io.iam4j.policy.PolicyType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trail on disk: the hash chain and what {@link AuditVerifier} makes of edits (a changed, a
 * removed and an inserted record, across files and against signatures), rollover by size and by day,
 * restarts, and drops under overload.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuditLogTest {
  static final Instant T0 = Instant.parse("2026-07-01T10:00:00Z");
  static final ServerKey KEY = ServerKey.random();

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(T0);

  static AuditEvent.DecisionEvent decision(int i, Outcome outcome) {
    List<StatementRef> deciding = outcome == Outcome.IMPLICIT_DENY ? List.of()
        : List.of(new StatementRef(PolicyType.IDENTITY, "arn:iam4j:iam::acme:policy/Docs", 0, "Stmt" + i,
            outcome == Outcome.ALLOW ? Effect.ALLOW : Effect.DENY));
    return new AuditEvent.DecisionEvent(T0.plusSeconds(i), "req-" + i, "rest", "acme", "arn:iam4j:iam::acme:user/u" + i,
        "docs:GetObject", "arn:iam4j:docs::acme:bucket/b/k" + i, null, outcome, deciding,
        outcome == Outcome.IMPLICIT_DENY ? "identity" : null, null, "127.0.0.1", i % 2 == 0, 3, 1000);
  }

  AuditLog.Settings settings() {
    return AuditLog.Settings.of(dir, KEY).withClock(clock);
  }

  /** Writes {@code n} decisions and closes the trail; returns its files. */
  List<Path> write(AuditLog.Settings s, int n) throws IOException {
    try (AuditLog log = AuditLog.open(s)) {
      for (int i = 0; i < n; i++) {
        log.record(decision(i, Outcome.values()[i % 3]));
      }
      assertTrue(log.flush(Duration.ofSeconds(10)));
    }
    return ChainWriter.files(dir);
  }

  static List<String> lines(Path f) throws IOException {
    return new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
  }

  static void rewrite(Path f, List<String> lines) throws IOException {
    Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  static AuditVerifier.Finding only(AuditVerifier.Report r) {
    assertEquals(1, r.findings().size(), () -> "findings: " + r.findings());
    return r.findings().get(0);
  }

  @Test
  void write_chainsEveryRecord_andVerifies() throws IOException {
    List<Path> files = write(settings(), 20);
    assertEquals(1, files.size());
    List<String> lines = lines(files.get(0));
    assertEquals(21, lines.size(), "a file record and 20 decisions");
    assertTrue(lines.get(0).startsWith("{\"seq\":0,\"prev\":\"" + AuditRecords.GENESIS + "\",\"type\":\"file\""), lines.get(0));
    for (int i = 1; i < lines.size(); i++) {
      assertTrue(lines.get(i).startsWith("{\"seq\":" + i + ",\"prev\":\"" + AuditRecords.hash(lines.get(i - 1)) + "\""), lines.get(i));
    }
    AuditVerifier.Report r = AuditVerifier.verify(files, KEY);
    assertTrue(r.ok(), r::toString);
    assertEquals("valid", r.files().get(0).signature());
    assertEquals(21, r.files().get(0).records());
  }

  @Test
  void write_decisionRecordCarriesWhoWhatWhyAndWhere() throws IOException {
    Path f = write(settings(), 2).get(0);
    String line = lines(f).get(2);
    assertTrue(line.contains("\"type\":\"decision\",\"time\":\"2026-07-01T10:00:01Z\",\"requestId\":\"req-1\",\"via\":\"rest\","
        + "\"tenant\":\"acme\",\"principal\":\"arn:iam4j:iam::acme:user/u1\",\"action\":\"docs:GetObject\","
        + "\"resource\":\"arn:iam4j:docs::acme:bucket/b/k1\",\"decision\":\"ExplicitDeny\",\"statements\":[{\"type\":\"identity\","
        + "\"policy\":\"arn:iam4j:iam::acme:policy/Docs\",\"statement\":0,\"sid\":\"Stmt1\",\"effect\":\"Deny\"}],"
        + "\"sourceIp\":\"127.0.0.1\",\"cached\":false,\"configVersion\":3}"), line);
  }

  @Test
  void verify_changedRecord_isNamed() throws IOException {
    Path f = write(settings(), 10).get(0);
    List<String> lines = lines(f);
    lines.set(5, lines.get(5).replace("\"decision\":\"ExplicitDeny\"", "\"decision\":\"Allow\""));
    rewrite(f, lines);
    AuditVerifier.Finding x = only(AuditVerifier.verify(List.of(f), null));
    assertEquals(AuditVerifier.Kind.CHANGED, x.kind());
    assertEquals(6, x.line());
    assertEquals(5, x.seq());
  }

  @Test
  void verify_changedChainField_namesThatRecord() throws IOException {
    Path f = write(settings(), 10).get(0);
    List<String> lines = lines(f);
    lines.set(4, lines.get(4).replaceFirst("\"prev\":\"[0-9a-f]{4}", "\"prev\":\"ffff"));
    rewrite(f, lines);
    AuditVerifier.Finding x = only(AuditVerifier.verify(List.of(f), null));
    assertEquals(AuditVerifier.Kind.CHANGED, x.kind());
    assertEquals(5, x.line());
  }

  @Test
  void verify_removedRecord_isNamedWithItsSequenceNumber() throws IOException {
    Path f = write(settings(), 10).get(0);
    List<String> lines = lines(f);
    lines.remove(4);
    rewrite(f, lines);
    AuditVerifier.Finding x = only(AuditVerifier.verify(List.of(f), null));
    assertEquals(AuditVerifier.Kind.REMOVED, x.kind());
    assertEquals(5, x.line());
    assertTrue(x.message().contains("record seq 4 removed after line 4"), x.message());
  }

  @Test
  void verify_insertedRecord_chainedToThePreviousOne_isNamed() throws IOException {
    Path f = write(settings(), 10).get(0);
    List<String> lines = lines(f);
    // A careful forger: the right prev and the next sequence number.
    String forged = lines.get(3).replaceFirst("\"seq\":3,\"prev\":\"[0-9a-f]{64}\"",
        "\"seq\":4,\"prev\":\"" + AuditRecords.hash(lines.get(3)) + "\"").replace("\"user/u2\"", "\"user/mallory\"");
    lines.add(4, forged);
    rewrite(f, lines);
    AuditVerifier.Finding x = only(AuditVerifier.verify(List.of(f), null));
    assertEquals(AuditVerifier.Kind.INSERTED, x.kind());
    assertEquals(5, x.line());
  }

  @Test
  void verify_insertedRecord_withAnyChainValue_isNamed() throws IOException {
    Path f = write(settings(), 10).get(0);
    List<String> lines = lines(f);
    lines.add(7, lines.get(2));
    rewrite(f, lines);
    AuditVerifier.Finding x = only(AuditVerifier.verify(List.of(f), null));
    assertEquals(AuditVerifier.Kind.INSERTED, x.kind());
    assertEquals(8, x.line());
  }

  @Test
  void verify_lineThatIsNotARecord_isMalformed() throws IOException {
    Path f = write(settings(), 5).get(0);
    List<String> lines = lines(f);
    lines.set(3, "garbage");
    rewrite(f, lines);
    AuditVerifier.Finding x = only(AuditVerifier.verify(List.of(f), null));
    assertEquals(AuditVerifier.Kind.MALFORMED, x.kind());
    assertEquals(4, x.line());
  }

  @Test
  void verify_lastRecordRemoved_caughtOnlyBySignature() throws IOException {
    Path f = write(settings(), 10).get(0);
    List<String> lines = lines(f);
    lines.remove(lines.size() - 1);
    rewrite(f, lines);
    assertTrue(AuditVerifier.verify(List.of(f), null).ok(), "nothing follows the last record: the chain alone cannot tell");
    AuditVerifier.Finding x = only(AuditVerifier.verify(List.of(f), KEY));
    assertEquals(AuditVerifier.Kind.REMOVED, x.kind());
    assertTrue(x.message().contains("record seq 10 at its end was removed"), x.message());
  }

  @Test
  void verify_lastRecordChanged_caughtBySignature() throws IOException {
    Path f = write(settings(), 10).get(0);
    List<String> lines = lines(f);
    int last = lines.size() - 1;
    lines.set(last, lines.get(last).replace("req-9", "req-X"));
    rewrite(f, lines);
    AuditVerifier.Finding x = only(AuditVerifier.verify(List.of(f), KEY));
    assertEquals(AuditVerifier.Kind.CHANGED, x.kind());
    assertEquals(last + 1, x.line());
  }

  @Test
  void verify_signatureEditedOrOtherKey_isRefused() throws IOException {
    Path f = write(settings(), 3).get(0);
    assertEquals(AuditVerifier.Kind.SIGNATURE, only(AuditVerifier.verify(List.of(f), ServerKey.random())).kind());
    Path sig = AuditFiles.signatureOf(f);
    Files.writeString(sig, Files.readString(sig).replace("\"records\":4", "\"records\":3"));
    assertEquals(AuditVerifier.Kind.SIGNATURE, only(AuditVerifier.verify(List.of(f), KEY)).kind());
  }

  @Test
  void rollover_bySize_eachFileSignedAndChainedToTheLast() throws IOException {
    List<Path> files = write(settings().withMaxFileBytes(2048), 40);
    assertTrue(files.size() >= 4, "files: " + files);
    for (Path f : files) {
      assertTrue(Files.size(f) <= 2048, f + " is " + Files.size(f) + " bytes");
      assertTrue(Files.exists(AuditFiles.signatureOf(f)), "signed: " + f);
      assertTrue(lines(f).get(0).contains("\"type\":\"file\""), f.toString());
    }
    String second = lines(files.get(1)).get(0);
    List<String> first = lines(files.get(0));
    assertTrue(second.contains("\"prev\":\"" + AuditRecords.hash(first.get(first.size() - 1)) + "\""), second);
    assertTrue(second.contains("\"previousFile\":\"" + files.get(0).getFileName() + "\",\"reason\":\"size\""), second);
    AuditVerifier.Report r = AuditVerifier.verify(files, KEY);
    assertTrue(r.ok(), () -> r.findings().toString());
    assertEquals(40 + files.size(), r.files().stream().mapToLong(AuditVerifier.FileResult::records).sum());
  }

  @Test
  void rollover_byDay_newFileNamedForTheNewDay() throws IOException {
    try (AuditLog log = AuditLog.open(settings())) {
      log.record(decision(1, Outcome.ALLOW));
      assertTrue(log.flush(Duration.ofSeconds(10)));
      clock.advance(Duration.ofHours(14)); // 2026-07-02T00:00Z
      log.record(decision(2, Outcome.ALLOW));
      assertTrue(log.flush(Duration.ofSeconds(10)));
      clock.advance(Duration.ofHours(1));
      log.record(decision(3, Outcome.ALLOW));
    }
    List<Path> files = ChainWriter.files(dir);
    assertEquals(List.of("iam4j-audit-2026-07-01-0001.jsonl", "iam4j-audit-2026-07-02-0001.jsonl"),
        files.stream().map(p -> p.getFileName().toString()).toList());
    assertTrue(lines(files.get(1)).get(0).contains("\"reason\":\"day\""));
    assertEquals(3, lines(files.get(1)).size());
    assertTrue(AuditVerifier.verify(files, KEY).ok());
  }

  @Test
  void verify_wholeFileRemovedFromTheMiddle_isNamed() throws IOException {
    List<Path> files = write(settings().withMaxFileBytes(2048), 40);
    List<Path> gap = new ArrayList<>(files);
    gap.remove(1);
    AuditVerifier.Finding x = only(AuditVerifier.verify(gap, KEY));
    assertEquals(AuditVerifier.Kind.REMOVED, x.kind());
    assertEquals(gap.get(1), x.file());
    assertTrue(x.message().contains("between the end of " + files.get(0).getFileName()), x.message());
  }

  @Test
  void restart_continuesTheChainInANewFile() throws IOException {
    write(settings(), 3);
    clock.advance(Duration.ofMinutes(5));
    List<Path> files = write(settings(), 3);
    assertEquals(2, files.size());
    String header = lines(files.get(1)).get(0);
    assertTrue(header.startsWith("{\"seq\":4,"), header);
    assertTrue(header.contains("\"reason\":\"start\""), header);
    AuditVerifier.Report r = AuditVerifier.verify(files, KEY);
    assertTrue(r.ok(), () -> r.findings().toString());
    assertTrue(AuditVerifier.verify(List.of(files.get(1)), KEY).notes().get(0).contains("continues the trail at seq 4"));
  }

  @Test
  void restart_afterACrash_signsTheFileLeftUnsigned() throws IOException {
    ChainWriter crashed = new ChainWriter(dir, 1 << 20, KEY, clock);
    crashed.append((seq, prev) -> AuditRecords.event(seq, prev, decision(1, Outcome.ALLOW)));
    crashed.flush(); // and never closed
    Path f = crashed.currentFile();
    assertFalse(Files.exists(AuditFiles.signatureOf(f)));
    List<Path> files = write(settings(), 1);
    assertTrue(Files.exists(AuditFiles.signatureOf(f)));
    assertTrue(AuditVerifier.verify(files, KEY).ok());
  }

  @Test
  void overload_dropsAreCountedAndWrittenIntoTheTrail() throws IOException {
    AuditLog log = new AuditLog(settings().withQueueCapacity(3), false); // the writer is not running yet
    for (int i = 0; i < 10; i++) {
      log.record(decision(i, Outcome.ALLOW));
    }
    assertEquals(7, log.dropped());
    assertEquals(3, log.queueDepth());
    log.start();
    assertTrue(log.flush(Duration.ofSeconds(10)));
    log.close();
    List<Path> files = ChainWriter.files(dir);
    List<AuditQuery.Match> dropped = AuditQuery.run(files, new AuditQuery.Filter(null, null, null, null, null, "dropped", null, null));
    assertEquals(1, dropped.size());
    assertEquals("7", dropped.get(0).get("count"));
    assertEquals("7", dropped.get(0).get("total"));
    assertEquals(3, AuditQuery.run(files, new AuditQuery.Filter(null, null, null, null, null, "decision", null, null)).size());
    assertTrue(AuditVerifier.verify(files, KEY).ok());
  }

  @Test
  void overload_requestsNeverWait() throws IOException {
    AuditLog log = new AuditLog(settings().withQueueCapacity(1), false);
    long start = System.nanoTime();
    for (int i = 0; i < 100_000; i++) {
      log.record(decision(i, Outcome.ALLOW));
    }
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    assertEquals(99_999, log.dropped());
    log.close();
  }

  @Test
  void observers_seeEveryEvent_evenDroppedOnes() throws IOException {
    List<AuditEvent> seen = new CopyOnWriteArrayList<>();
    AuditLog log = new AuditLog(settings().withQueueCapacity(1), false);
    log.addObserver(seen::add);
    log.addObserver(e -> {
      throw new IllegalStateException("a broken observer changes nothing");
    });
    log.record(decision(1, Outcome.ALLOW));
    log.record(decision(2, Outcome.ALLOW));
    assertEquals(2, seen.size());
    log.close();
  }

  @Test
  void close_stopsTheWriter_andLaterEventsAreCountedAsDropped() throws IOException {
    AuditLog log = AuditLog.open(settings());
    assertTrue(log.running());
    log.close();
    assertFalse(log.running());
    log.record(decision(1, Outcome.ALLOW));
    assertEquals(1, log.dropped());
  }
}
