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
 * removed and an inserted record; files truncated or deleted at either end or in the middle; numbers
 * used twice), rollover by size and by day, restarts after a clean stop, a crash and an edit, and
 * drops under overload. Each attack test is named for the attack.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuditLogTest {
  static final Instant T0 = Instant.parse("2026-07-01T10:00:00Z");
  static final ServerKey KEY = ServerKey.random();
  static final java.security.PublicKey PUB = AuditKeys.publicKey(KEY);

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
    assertEquals(22, lines.size(), "a file record, 20 decisions and the closing checkpoint");
    assertTrue(lines.get(0).startsWith("{\"seq\":0,\"prev\":\"" + AuditRecords.GENESIS + "\",\"type\":\"file\""), lines.get(0));
    assertTrue(lines.get(0).contains("\"fileNumber\":1,\"reason\":\"start\",\"genesis\":true"), lines.get(0));
    assertTrue(lines.get(21).contains("\"type\":\"checkpoint\""), lines.get(21));
    for (int i = 1; i < lines.size(); i++) {
      assertTrue(lines.get(i).startsWith("{\"seq\":" + i + ",\"prev\":\"" + AuditRecords.hash(lines.get(i - 1)) + "\""), lines.get(i));
    }
    AuditVerifier.Report r = AuditVerifier.verifyTrail(dir, PUB);
    assertTrue(r.ok(), r::toString);
    assertEquals("valid", r.files().get(0).signature());
    assertEquals(22, r.files().get(0).records());
    assertEquals(21, r.coveredTo(), "the closing checkpoint covers everything");
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

  /** A configuration change names its actor and each file's content digest before and after; the chain still verifies. */
  @Test
  void write_configRecordCarriesActorAndDigests_andVerifies() throws IOException {
    String a = "a".repeat(64);
    String b = "b".repeat(64);
    io.iam4j.config.ConfigEvent e = new io.iam4j.config.ConfigEvent(io.iam4j.config.ConfigEvent.Kind.UPDATED, "acme", 3, 4,
        "write by arn:iam4j:iam::acme:user/admin", T0, List.of("users/bob.json", "users/carol.json"), List.of(),
        "arn:iam4j:iam::acme:user/admin", List.of(new io.iam4j.config.ConfigEvent.FileDigest("users/bob.json", a, b),
            new io.iam4j.config.ConfigEvent.FileDigest("users/carol.json", null, a)));
    try (AuditLog log = AuditLog.open(settings())) {
      log.record(AuditEvent.ConfigChangeEvent.of(e, null));
      assertTrue(log.flush(Duration.ofSeconds(10)));
    }
    Path f = ChainWriter.files(dir).get(0);
    String line = lines(f).get(1);
    assertTrue(line.contains("\"type\":\"config\""), line);
    assertTrue(line.contains("\"actor\":\"arn:iam4j:iam::acme:user/admin\",\"digests\":[{\"file\":\"users/bob.json\",\"before\":\""
        + a + "\",\"after\":\"" + b + "\"},{\"file\":\"users/carol.json\",\"before\":null,\"after\":\"" + a + "\"}]}"), line);
    assertTrue(AuditVerifier.verifyTrail(dir, PUB).ok());
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
  void verify_signedAnchorChanged_isRefusedBySignature() throws IOException {
    Path f = write(settings(), 10).get(0);
    List<String> lines = lines(f);
    int last = lines.size() - 1;
    lines.set(last, lines.get(last).replace("\"reason\":\"close\"", "\"reason\":\"roll\""));
    rewrite(f, lines);
    AuditVerifier.Report r = AuditVerifier.verifyTrail(dir, PUB);
    assertTrue(r.findings().stream().anyMatch(x -> x.kind() == AuditVerifier.Kind.SIGNATURE && x.line() == last + 1), r::toString);
  }

  @Test
  void verify_otherPublicKey_isRefused() throws IOException {
    write(settings(), 3);
    AuditVerifier.Report r = AuditVerifier.verifyTrail(dir, AuditKeys.publicKey(ServerKey.random()));
    assertFalse(r.ok());
    assertTrue(r.findings().stream().allMatch(x -> x.kind() == AuditVerifier.Kind.SIGNATURE), r::toString);
    assertTrue(r.findings().stream().anyMatch(x -> x.message().contains("another key")), r::toString);
  }

  @Test
  void rollover_bySize_eachFileClosedByACheckpointAndChainedToTheLast() throws IOException {
    List<Path> files = write(settings().withMaxFileBytes(2048), 40);
    assertTrue(files.size() >= 4, "files: " + files);
    for (Path f : files) {
      assertTrue(Files.size(f) <= 2048, f + " is " + Files.size(f) + " bytes");
      List<String> lines = lines(f);
      assertTrue(lines.get(0).contains("\"type\":\"file\""), f.toString());
      assertTrue(lines.get(lines.size() - 1).contains("\"type\":\"checkpoint\""), f.toString());
    }
    String second = lines(files.get(1)).get(0);
    List<String> first = lines(files.get(0));
    assertTrue(second.contains("\"prev\":\"" + AuditRecords.hash(first.get(first.size() - 1)) + "\""), second);
    assertTrue(second.contains("\"fileNumber\":2,\"reason\":\"size\",\"previousFile\":\"" + files.get(0).getFileName()
        + "\",\"previousFileNumber\":1"), second);
    AuditVerifier.Report r = AuditVerifier.verifyTrail(dir, PUB);
    assertTrue(r.ok(), () -> r.findings().toString());
    assertEquals(40 + 2 * files.size(), r.files().stream().mapToLong(AuditVerifier.FileResult::records).sum());
  }

  @Test
  void rollover_byDay_newFileNamedForTheNewDay_numbersCountOn() throws IOException {
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
    assertEquals(List.of("iam4j-audit-2026-07-01-0001.jsonl", "iam4j-audit-2026-07-02-0002.jsonl"),
        files.stream().map(p -> p.getFileName().toString()).toList());
    assertTrue(lines(files.get(1)).get(0).contains("\"reason\":\"day\""));
    // its header, two decisions, the checkpoint the hour of silence before the second one made, and the closing one
    assertEquals(5, lines(files.get(1)).size());
    assertTrue(AuditVerifier.verifyTrail(dir, PUB).ok());
  }

  @Test
  void verify_wholeFileRemovedFromTheMiddle_isNamed() throws IOException {
    List<Path> files = write(settings().withMaxFileBytes(2048), 40);
    List<Path> gap = new ArrayList<>(files);
    gap.remove(1);
    AuditVerifier.Finding x = only(AuditVerifier.verify(gap, PUB));
    assertEquals(AuditVerifier.Kind.REMOVED, x.kind());
    assertEquals(gap.get(1), x.file());
    assertTrue(x.message().contains("between the end of " + files.get(0).getFileName()), x.message());
  }

  @Test
  void verify_middleFileDeletedFromTheDirectory_isNamed() throws IOException {
    List<Path> files = write(settings().withMaxFileBytes(2048), 40);
    Files.delete(files.get(2));
    AuditVerifier.Finding x = only(AuditVerifier.verifyTrail(dir, PUB));
    assertEquals(AuditVerifier.Kind.REMOVED, x.kind());
    assertTrue(x.message().startsWith("file number 3 "), x.message());
  }

  @Test
  void verify_newestFileDeleted_isCaughtByTheHead() throws IOException {
    List<Path> files = write(settings().withMaxFileBytes(2048), 40);
    assertTrue(AuditVerifier.verifyTrail(dir, PUB).ok());
    Files.delete(files.get(files.size() - 1));
    assertTrue(AuditVerifier.verify(files.subList(0, files.size() - 1), PUB).ok(), "the files that are left are intact");
    AuditVerifier.Finding x = only(AuditVerifier.verifyTrail(dir, PUB));
    assertEquals(AuditVerifier.Kind.REMOVED, x.kind());
    assertTrue(x.message().contains("which is missing: the newest file was deleted"), x.message());
  }

  @Test
  void verify_newestFileDeletedWithTheHead_isReported() throws IOException {
    List<Path> files = write(settings().withMaxFileBytes(2048), 40);
    Files.delete(files.get(files.size() - 1));
    Files.delete(dir.resolve(AuditRecords.HEAD_FILE));
    AuditVerifier.Finding x = only(AuditVerifier.verifyTrail(dir, PUB));
    assertEquals(AuditVerifier.Kind.REMOVED, x.kind());
    assertTrue(x.message().startsWith("no head file"), x.message());
  }

  @Test
  void verify_oldestFileDeleted_isCaughtAtTheGenesis() throws IOException {
    List<Path> files = write(settings().withMaxFileBytes(2048), 40);
    Files.delete(files.get(0));
    AuditVerifier.Finding x = only(AuditVerifier.verifyTrail(dir, PUB));
    assertEquals(AuditVerifier.Kind.REMOVED, x.kind());
    assertTrue(x.message().contains("does not start at its genesis"), x.message());
    assertTrue(x.message().contains(files.get(0).getFileName().toString()), x.message());
  }

  @Test
  void verify_newestFileTruncated_isCaughtByTheHead_chainAloneCannotTell() throws IOException {
    Path f = write(settings(), 10).get(0);
    List<String> lines = lines(f);
    rewrite(f, lines.subList(0, lines.size() - 3)); // the closing checkpoint and two records
    assertTrue(AuditVerifier.verify(List.of(f), null).ok(), "nothing follows the last record: the chain alone cannot tell");
    AuditVerifier.Finding x = only(AuditVerifier.verifyTrail(dir, PUB));
    assertEquals(AuditVerifier.Kind.REMOVED, x.kind());
    assertTrue(x.message().contains("records seq 9 to 11 at its end were removed"), x.message());
  }

  @Test
  void verify_newestFileTruncatedMidLine_isCaughtByTheHead() throws IOException {
    Path f = write(settings(), 10).get(0);
    byte[] bytes = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length - 40));
    AuditVerifier.Report r = AuditVerifier.verifyTrail(dir, PUB);
    assertEquals(AuditVerifier.Kind.REMOVED, only(r).kind());
    assertTrue(r.notes().stream().anyMatch(n -> n.contains("unfinished line")), r.notes()::toString);
  }

  @Test
  void verify_openFile_coveredUpToItsLastCheckpoint_truncationBeforeItCaught() throws IOException {
    AuditLog log = AuditLog.open(settings().withCheckpoints(5, Duration.ofHours(1)));
    for (int i = 0; i < 12; i++) {
      log.record(decision(i, Outcome.ALLOW));
    }
    assertTrue(log.flush(Duration.ofSeconds(10)));
    log.record(decision(12, Outcome.ALLOW)); // fewer than five since: not yet covered
    log.record(decision(13, Outcome.ALLOW));
    assertTrue(log.flush(Duration.ofSeconds(10)));
    try {
      AuditVerifier.Report r = AuditVerifier.verifyTrail(dir, PUB);
      assertTrue(r.ok(), r::toString);
      assertTrue(r.coveredTo() >= 6, r::toString);
      assertTrue(r.coveredTo() < r.lastSeq(), "the newest records wait for the next checkpoint: " + r);
      assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("records after the last checkpoint at seq " + r.coveredTo()
          + " are not covered")), r.notes()::toString);
      Path f = log.currentFile();
      List<String> lines = lines(f);
      int checkpoint = (int) r.coveredTo(); // one file from seq 0: line index == seq
      rewrite(f, lines.subList(0, checkpoint - 1));
      assertEquals(AuditVerifier.Kind.REMOVED, only(AuditVerifier.verifyTrail(dir, PUB)).kind());
    } finally {
      log.close();
    }
  }

  @Test
  void verify_reusedSequenceNumbers_areReported() throws IOException {
    ChainWriter w = new ChainWriter(dir, 1 << 20, KEY, clock);
    w.append((seq, prev) -> AuditRecords.event(seq, prev, decision(1, Outcome.ALLOW)));
    w.append((seq, prev) -> AuditRecords.event(seq, prev, decision(2, Outcome.ALLOW)));
    w.flush();
    Path f = w.currentFile();
    List<String> lines = lines(f);
    // Chained correctly, but numbered as the record before it: what a writer that forgot its place would do.
    lines.add(AuditRecords.event(2, AuditRecords.hash(lines.get(2)), decision(3, Outcome.ALLOW)));
    rewrite(f, lines);
    AuditVerifier.Finding x = only(AuditVerifier.verifyTrail(dir, PUB));
    assertEquals(AuditVerifier.Kind.REUSED, x.kind());
    assertEquals(4, x.line());
  }

  @Test
  void verify_reusedFileNumber_isReported() throws IOException {
    List<Path> files = write(settings().withMaxFileBytes(2048), 40);
    Files.copy(files.get(1), dir.resolve("iam4j-audit-2026-07-02-0002.jsonl"));
    AuditVerifier.Report r = AuditVerifier.verifyTrail(dir, PUB);
    assertTrue(r.findings().stream().anyMatch(x -> x.kind() == AuditVerifier.Kind.REUSED && x.message().contains("used twice")),
        r::toString);
  }

  @Test
  void restart_continuesTheChainInANewFile() throws IOException {
    write(settings(), 3);
    clock.advance(Duration.ofMinutes(5));
    List<Path> files = write(settings(), 3);
    assertEquals(2, files.size());
    String header = lines(files.get(1)).get(0);
    assertTrue(header.startsWith("{\"seq\":5,"), header);
    assertTrue(header.contains("\"type\":\"file\""), header);
    assertTrue(header.contains("\"reason\":\"start\""), header);
    AuditVerifier.Report r = AuditVerifier.verifyTrail(dir, PUB);
    assertTrue(r.ok(), () -> r.findings().toString());
    assertTrue(r.recoveries().isEmpty(), "a clean stop needs no recovery");
    assertTrue(AuditVerifier.verify(List.of(files.get(1)), PUB).notes().get(0).contains("continues the trail at seq 5"));
  }

  @Test
  void restart_afterACrashMidLine_recordsTheRecovery_neverRewritesTheOldFile() throws IOException {
    ChainWriter crashed = new ChainWriter(dir, 1 << 20, KEY, clock);
    crashed.append((seq, prev) -> AuditRecords.event(seq, prev, decision(1, Outcome.ALLOW)));
    crashed.append((seq, prev) -> AuditRecords.event(seq, prev, decision(2, Outcome.ALLOW)));
    crashed.flush(); // and never closed: the process died while writing the next line
    Path f = crashed.currentFile();
    String partial = "{\"seq\":3,\"prev\":\"00ab";
    Files.writeString(f, partial, java.nio.file.StandardOpenOption.APPEND);
    byte[] before = Files.readAllBytes(f);

    List<Path> files = write(settings(), 1);
    assertEquals(2, files.size());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(f)), "the crashed file is left exactly as found");
    String first = lines(files.get(1)).get(0);
    assertTrue(first.startsWith("{\"seq\":3,\"prev\":\"" + AuditRecords.hash(lines(f).get(2)) + "\",\"type\":\"recovery\""), first);
    assertTrue(first.contains("\"fileNumber\":2,\"reason\":\"recovery\",\"cause\":\"start\""), first);
    assertTrue(first.contains("\"previousLastSeq\":2,\"closed\":false,\"droppedBytes\":" + partial.length()), first);
    assertTrue(first.contains("\"head\":\"ok\""), first);

    AuditVerifier.Report r = AuditVerifier.verifyTrail(dir, PUB);
    assertTrue(r.ok(), r::toString);
    assertEquals(1, r.recoveries().size(), r::toString);
    assertTrue(r.recoveries().get(0).message().contains("ended at seq 2 without its closing checkpoint, followed by "
        + partial.length() + " bytes of an unfinished line (dropped)"), r.recoveries().get(0).message());
  }

  @Test
  void restart_afterTheNewestFileWasTruncated_neverReusesNumbers_andVerifyNamesTheLoss() throws IOException {
    Path f = write(settings(), 10).get(0); // seq 0 to 11, closed at 11
    List<String> lines = lines(f);
    rewrite(f, lines.subList(0, 6)); // an editor cuts seq 6 to 11, then restarts the server
    List<Path> files = write(settings(), 1);
    String first = lines(files.get(1)).get(0);
    assertTrue(first.startsWith("{\"seq\":12,"), "seq 6 to 11 are never used again: " + first);
    assertTrue(first.contains("\"fileNumber\":2,"), first);
    assertTrue(first.contains("\"head\":\"truncated\""), first);
    AuditVerifier.Finding x = only(AuditVerifier.verifyTrail(dir, PUB));
    assertEquals(AuditVerifier.Kind.REMOVED, x.kind());
    assertTrue(x.message().contains("records seq 6 to 11 were removed while the server was down"), x.message());
  }

  @Test
  void restart_afterTheNewestFileWasDeleted_neverReusesItsNumber_andVerifyNamesTheLoss() throws IOException {
    List<Path> files = write(settings().withMaxFileBytes(2048), 40);
    Path newest = files.get(files.size() - 1);
    int number = ChainWriter.numberOf(newest);
    Files.delete(newest);
    List<Path> after = write(settings(), 1);
    Path restarted = after.get(after.size() - 1);
    assertEquals(number + 1, ChainWriter.numberOf(restarted), "the deleted file's number is not used again");
    AuditVerifier.Report r = AuditVerifier.verifyTrail(dir, PUB);
    assertTrue(r.findings().stream().anyMatch(x -> x.kind() == AuditVerifier.Kind.REMOVED
        && x.message().contains("which was gone: the newest file was deleted")), r::toString);
  }

  @Test
  void verify_truncatedFileResignedWithTheServerKeysHmac_isStillCaught() throws IOException {
    Path f = write(settings(), 10).get(0);
    List<String> lines = lines(f);
    rewrite(f, lines.subList(0, 6));
    // The old scheme's sidecar, made by someone holding the server key: the verifier no longer reads it.
    String lastHash = AuditRecords.hash(lines.get(5));
    Files.writeString(f.resolveSibling(f.getFileName() + ".sig"), "{\"file\":\"" + f.getFileName() + "\",\"lastHash\":\"" + lastHash
        + "\",\"hmac\":\"" + java.util.Base64.getEncoder().encodeToString(KEY.sign(lastHash.getBytes(StandardCharsets.UTF_8))) + "\"}\n");
    assertEquals(AuditVerifier.Kind.REMOVED, only(AuditVerifier.verifyTrail(dir, PUB)).kind());
  }

  /**
   * What is not covered: the signing key is derived from the server key, so whoever holds the server
   * key file can sign a shortened trail as if the server had closed it there. Only a copy of the head
   * (or of the trail) kept elsewhere shows that.
   */
  @Test
  void verify_attackerWithTheServerKey_canReSignATruncatedTrail_residualRisk() throws IOException {
    Path f = write(settings(), 10).get(0);
    List<String> lines = new ArrayList<>(lines(f).subList(0, 6));
    java.security.PrivateKey stolen = AuditKeys.pair(KEY).getPrivate();
    String keyId = AuditKeys.keyId(PUB);
    String checkpoint = AuditRecords.sign(AuditRecords.checkpoint(6, AuditRecords.hash(lines.get(5)), T0, f.getFileName().toString(), 1,
        "close", keyId), stolen);
    lines.add(checkpoint);
    rewrite(f, lines);
    Files.writeString(dir.resolve(AuditRecords.HEAD_FILE), AuditRecords.sign(AuditRecords.head(f.getFileName().toString(), 1, 6,
        AuditRecords.hash(checkpoint), T0, true, keyId), stolen) + "\n");
    assertTrue(AuditVerifier.verifyTrail(dir, PUB).ok(), "with the server key, a shortened trail is indistinguishable");
  }

  @Test
  void verify_withOnlyThePublicKeyFileNextToTheTrail_needsNoSecret() throws IOException {
    write(settings().withMaxFileBytes(2048), 20);
    java.security.PublicKey fromFile = AuditKeys.readPublicKey(dir.resolve(AuditKeys.PUBLIC_KEY_FILE));
    assertEquals(PUB, fromFile);
    AuditVerifier.Report r = AuditVerifier.verifyTrail(dir, fromFile);
    assertTrue(r.ok(), r::toString);
    assertTrue(r.files().stream().allMatch(x -> x.signature().equals("valid")), r::toString);
  }

  @Test
  void keys_sameServerKey_sameKeyPair_otherPurposeOtherBytes() {
    ServerKey k = ServerKey.random();
    assertEquals(AuditKeys.publicKey(k), AuditKeys.publicKey(k));
    assertFalse(AuditKeys.publicKey(k).equals(AuditKeys.publicKey(ServerKey.random())));
    assertFalse(java.util.Arrays.equals(k.derive(AuditKeys.PURPOSE, 32), k.derive("iam4j something else", 32)));
    assertTrue(AuditKeys.pem(PUB).startsWith("-----BEGIN PUBLIC KEY-----\n"));
    // HKDF-SHA256 (RFC 5869, no salt): the value an independent implementation (Python's hmac) gives.
    byte[] ikm = new byte[32];
    for (int i = 0; i < 32; i++) {
      ikm[i] = (byte) i;
    }
    assertEquals("feb6dad805682b0adab58e2b00d8cbd0477ebcf65c93aeec77dd9c70239a87172e81774b5b54633e",
        java.util.HexFormat.of().formatHex(ServerKey.of(ikm).derive(AuditKeys.PURPOSE, 40)));
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
    assertTrue(AuditVerifier.verifyTrail(dir, PUB).ok());
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
