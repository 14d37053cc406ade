package io.iam4j.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks that a trail was not edited, with the public key alone. Every record must carry the hash
 * of the one before it; every file's first record (signed) names its predecessor, so a file removed
 * from the middle or a number used twice shows; every anchor (first records, checkpoints) must be
 * signed by the trail's key. {@link #verifyTrail} also checks both ends: the trail must start at its
 * signed genesis, and reach the checkpoint the signed head file names. Reports where the chain breaks
 * and what most likely happened there. Recoveries after a crash are reported apart: a gap the server
 * recorded itself is not tampering. Stateless.
 *
 * <p>What no check can see (an attacker without the server key): records after the newest
 * checkpoint can be removed or changed (the report says from which seq on); the whole trail can be
 * rolled back to an earlier state if its files and head file were copied then and put back together.
 * With the server key, anything can be forged.
 */
public final class AuditVerifier {

  /** What a finding says happened. */
  public enum Kind {
    /** A record's content differs from what the next record (or a signature) chained to. */
    CHANGED,
    /** Records or files are missing: at the start, in the middle, or at the end of the trail. */
    REMOVED,
    /** A record that the chain does not account for. */
    INSERTED,
    /** A line that is not an audit record at all (edited, or a write cut short). */
    MALFORMED,
    /** An anchor whose signature is missing or does not match the key. */
    SIGNATURE,
    /** A sequence number or file number used twice. */
    REUSED
  }

  /**
   * @param line 1-based line in {@code file}; 0 for the file as a whole
   * @param seq the sequence number of the record concerned, or -1
   */
  public record Finding(Path file, int line, long seq, Kind kind, String message) {
    @Override
    public String toString() {
      return file.getFileName() + (line > 0 ? ":" + line : "") + (seq >= 0 ? " (seq " + seq + ")" : "") + ": "
          + kind.name().toLowerCase(Locale.ROOT) + ": " + message;
    }
  }

  /**
   * @param records complete records in the file
   * @param signature {@code valid} (every anchor signed by the key), {@code invalid}, {@code unsigned}
   *     or {@code not checked} (no key)
   */
  public record FileResult(Path file, long records, long firstSeq, long lastSeq, String signature) {}

  /**
   * A restart (or failed write) the server recorded: the first record of {@code file} says that its
   * predecessor ended without a closing checkpoint.
   */
  public record Recovery(Path file, long seq, String message) {
    @Override
    public String toString() {
      return file.getFileName() + ":1 (seq " + seq + "): recovery: " + message;
    }
  }

  /**
   * The outcome: {@link #ok()} when no finding was made.
   *
   * @param coveredTo the last seq a signature covers (-1: none, or no key)
   * @param lastSeq the last complete record's seq
   */
  public record Report(List<FileResult> files, List<Finding> findings, List<Recovery> recoveries, List<String> notes,
      long coveredTo, long lastSeq) {
    public Report {
      files = List.copyOf(files);
      findings = List.copyOf(findings);
      recoveries = List.copyOf(recoveries);
      notes = List.copyOf(notes);
    }

    public boolean ok() {
      return findings.isEmpty();
    }
  }

  private AuditVerifier() {}

  /**
   * Verifies the whole trail in {@code dir}: its files, that it starts at its genesis, and that it
   * reaches the checkpoint its head file names.
   *
   * @param key the trail's public key (one you trust, not only the copy next to the trail); null:
   *     the chain alone, which anybody can recompute
   */
  public static Report verifyTrail(Path dir, PublicKey key) throws IOException {
    return new Run(ChainWriter.files(dir), key, dir).run();
  }

  /**
   * Verifies {@code files} as one stretch of a trail, in the order given (oldest first): chain,
   * signatures and the links between them. Where the stretch starts and ends is not checked.
   *
   * @param key the trail's public key; null: the chain alone
   */
  public static Report verify(List<Path> files, PublicKey key) throws IOException {
    return new Run(files, key, null).run();
  }

  /** One verification's state. */
  private static final class Run {
    final List<Path> files;
    final PublicKey key;
    final Path trailDir;
    final String keyId;
    final List<AuditFiles.Line> all = new ArrayList<>();
    final List<Integer> fileStarts = new ArrayList<>();
    final List<Finding> findings = new ArrayList<>();
    final List<Recovery> recoveries = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final Set<Integer> reported = new HashSet<>();

    Run(List<Path> files, PublicKey key, Path trailDir) {
      this.files = files;
      this.key = key;
      this.trailDir = trailDir;
      this.keyId = key == null ? null : AuditKeys.keyId(key);
    }

    Report run() throws IOException {
      for (Path f : files) {
        fileStarts.add(all.size());
        all.addAll(AuditFiles.lines(f));
      }
      for (int f = 0; f < files.size(); f++) {
        checkFile(f);
      }
      List<FileResult> results = new ArrayList<>();
      long coveredTo = -1;
      long lastSeq = -1;
      for (int f = 0; f < files.size(); f++) {
        List<AuditFiles.Line> lines = lines(f).stream().filter(l -> l.record() && l.complete()).toList();
        String signature = key == null ? "not checked" : "valid";
        for (AuditFiles.Line l : lines) {
          if (key == null || !anchor(l)) {
            continue;
          }
          String s = signatureOf(l);
          if (!s.equals("valid")) {
            signature = s;
          } else {
            coveredTo = Math.max(coveredTo, l.number("seq"));
          }
        }
        if (!lines.isEmpty()) {
          lastSeq = Math.max(lastSeq, lines.get(lines.size() - 1).number("seq"));
        }
        results.add(new FileResult(files.get(f), lines.size(), lines.isEmpty() ? -1 : lines.get(0).number("seq"),
            lines.isEmpty() ? -1 : lines.get(lines.size() - 1).number("seq"), signature));
      }
      if (files.isEmpty()) {
        if (trailDir != null && Files.exists(trailDir.resolve(AuditRecords.HEAD_FILE))) {
          findings.add(new Finding(trailDir.resolve(AuditRecords.HEAD_FILE), 0, -1, Kind.REMOVED,
              "the head file names a trail, but no trail file is left: every file was deleted"));
        }
      } else {
        checkStart();
        checkEnd(coveredTo);
      }
      if (key == null) {
        notes.add("signatures not checked (no public key given): anyone can recompute a hash chain, so this proves little");
        coveredTo = -1;
      }
      findings.sort(Comparator.comparingInt((Finding x) -> files.indexOf(x.file())).thenComparingInt(Finding::line));
      return new Report(results, findings, recoveries, notes, coveredTo, lastSeq);
    }

    List<AuditFiles.Line> lines(int f) {
      return all.subList(fileStarts.get(f), f + 1 < files.size() ? fileStarts.get(f + 1) : all.size());
    }

    static boolean anchor(AuditFiles.Line l) {
      return AuditRecords.ANCHORS.contains(l.string("type"));
    }

    /** {@code valid}, {@code unsigned}, {@code invalid}; reports the last two. */
    String signatureOf(AuditFiles.Line l) {
      if (!AuditRecords.signed(l.text())) {
        finding(l, Kind.SIGNATURE, "this " + l.string("type") + " record is not signed (every anchor of a signed trail is)");
        return "unsigned";
      }
      if (!AuditRecords.signatureValid(l.text(), key)) {
        String other = l.string("keyId");
        finding(l, Kind.SIGNATURE, "the signature does not match: the record was changed"
            + (other != null && !other.equals(keyId) ? ", or signed with another key (key id " + other + ", not " + keyId + ")" : ""));
        return "invalid";
      }
      return "valid";
    }

    void finding(AuditFiles.Line l, Kind kind, String message) {
      findings.add(new Finding(l.file(), l.number(), l.record() ? l.number("seq") : -1, kind, message));
    }

    void checkFile(int f) {
      List<AuditFiles.Line> lines = lines(f);
      Path file = files.get(f);
      int start = fileStarts.get(f);
      boolean newest = f == files.size() - 1;
      if (lines.isEmpty()) {
        findings.add(new Finding(file, 0, -1, Kind.REMOVED, "the file is empty: its records were removed"));
        return;
      }
      Object[] name = AuditRecords.parseName(file.getFileName().toString());
      boolean closed = false;
      for (int j = 0; j < lines.size(); j++) {
        int i = start + j;
        AuditFiles.Line rec = lines.get(j);
        if (!rec.record()) {
          if (rec.complete() || !(newest || recoveredTail(f))) {
            reported.add(i);
            finding(rec, Kind.MALFORMED, rec.complete() ? "not an audit record (the line was edited)"
                : "a record cut short (no newline at the end of the file), and no recovery accounts for it: the file was truncated");
          }
          continue;
        }
        if (closed && reported.add(i)) {
          finding(rec, Kind.INSERTED, "a record after the file's closing checkpoint: it was appended later");
        }
        if ("checkpoint".equals(rec.string("type")) && AuditRecords.closing(rec.string("reason"))) {
          closed = true;
        }
        if (j == 0) {
          checkFirst(f, rec, name);
          continue;
        }
        if (anchor(rec) && !"checkpoint".equals(rec.string("type")) && reported.add(i)) {
          finding(rec, Kind.INSERTED, "a file's first record in the middle of " + file.getFileName() + ": files were joined");
        }
        if (reported.contains(i)) {
          continue;
        }
        AuditFiles.Line before = all.get(i - 1);
        if (!before.record()) {
          continue; // already reported as malformed; its successor cannot be checked against it
        }
        if (rec.string("prev").equals(before.hash())) {
          long seq = rec.number("seq");
          long expected = before.number("seq") + 1;
          if (seq != expected) {
            reported.add(i);
            finding(rec, seq < expected ? Kind.REUSED : Kind.CHANGED, seq < expected
                ? "sequence number " + seq + " was used before (the record before is seq " + before.number("seq") + ")"
                : "the sequence number does not follow " + before.number("seq") + " although the record chains to the one before it");
          }
          continue;
        }
        explainBreak(i);
      }
    }

    /** Whether the next file starts with a recovery: the unfinished line at this file's end is then a recorded crash. */
    boolean recoveredTail(int f) {
      if (f + 1 >= files.size()) {
        return false;
      }
      List<AuditFiles.Line> next = lines(f + 1);
      return !next.isEmpty() && "recovery".equals(next.get(0).string("type"));
    }

    /** A file's first record: its own name and number, and the link to the file before it. */
    void checkFirst(int f, AuditFiles.Line rec, Object[] name) {
      Path file = files.get(f);
      String type = rec.string("type");
      if (!"file".equals(type) && !"recovery".equals(type)) {
        reported.add(fileStarts.get(f));
        finding(rec, Kind.REMOVED, "the file does not start with its file record: its first records were removed");
        return;
      }
      long number = rec.number("fileNumber");
      if (name != null && (number != (Integer) name[1] || !file.getFileName().toString().equals(rec.string("file")))) {
        boolean twice = files.stream().filter(p -> p != file).anyMatch(p -> AuditRecords.parseName(p.getFileName().toString()) != null
            && ChainWriter.numberOf(p) == number);
        finding(rec, twice ? Kind.REUSED : Kind.CHANGED, "the file's first record names " + rec.string("file") + " (number " + number
            + "): " + (twice ? "that number is used twice" : "the file was renamed or copied"));
      }
      if (f == 0) {
        return; // checkStart looks at the trail's first file
      }
      AuditFiles.Line lastBefore = lastRecord(f - 1);
      Path before = files.get(f - 1);
      long linkedNumber = rec.number("previousFileNumber");
      long beforeNumber = firstNumber(f - 1);
      if (linkedNumber != beforeNumber) {
        reported.add(fileStarts.get(f));
        if (linkedNumber > beforeNumber) {
          finding(rec, Kind.REMOVED, (linkedNumber - beforeNumber == 1 ? "file number " + linkedNumber
              : "files number " + (beforeNumber + 1) + " to " + linkedNumber) + " (up to seq " + rec.number("previousLastSeq")
              + ", " + rec.string("previousFile") + ") removed between the end of " + before.getFileName() + " and the start of "
              + file.getFileName());
        } else {
          finding(rec, Kind.REUSED, "the file follows " + rec.string("previousFile") + " (number " + linkedNumber + "), not "
              + before.getFileName() + " (number " + beforeNumber + "): a file number was used twice, or files were put out of order");
        }
        return;
      }
      long linkedSeq = rec.number("previousLastSeq");
      long lastSeq = lastBefore == null ? -1 : lastBefore.number("seq");
      if (lastBefore == null || !rec.string("prev").equals(lastBefore.hash())) {
        reported.add(fileStarts.get(f));
        if (lastSeq < linkedSeq) {
          findings.add(new Finding(before, lastBefore == null ? 0 : lastBefore.number(), lastSeq, Kind.REMOVED,
              (linkedSeq - lastSeq == 1 ? "record seq " + linkedSeq : "records seq " + (lastSeq + 1) + " to " + linkedSeq)
                  + " at the end of the file removed (" + file.getFileName() + " continues from seq " + linkedSeq + ")"));
        } else if (lastSeq == linkedSeq) {
          findings.add(new Finding(before, lastBefore.number(), lastSeq, Kind.CHANGED,
              "the file's last record differs from the one " + file.getFileName() + " chains to: it was changed"));
        } else {
          findings.add(new Finding(before, lastBefore.number(), lastSeq, Kind.INSERTED, "records seq " + (linkedSeq + 1) + " to "
              + lastSeq + " were appended after " + file.getFileName() + " had started"));
        }
        return;
      }
      long seq = rec.number("seq");
      long dropped = Math.max(0, fileSize(before) - lastBefore.end());
      if ("file".equals(type)) {
        if (seq != lastSeq + 1) {
          finding(rec, seq <= lastSeq ? Kind.REUSED : Kind.CHANGED, "the file starts at seq " + seq + " after seq " + lastSeq
              + (seq <= lastSeq ? ": sequence numbers were used twice" : ""));
        }
        if (!("checkpoint".equals(lastBefore.string("type")) && AuditRecords.closing(lastBefore.string("reason")))) {
          findings.add(new Finding(before, lastBefore.number(), lastSeq, Kind.REMOVED,
              "the file does not end with its closing checkpoint although the next file says it was closed"));
        } else if (dropped > 0) {
          findings.add(new Finding(before, 0, -1, Kind.INSERTED, dropped + " bytes after the file's closing checkpoint"));
        }
        return;
      }
      recovery(f, rec, before, lastSeq, dropped);
    }

    void recovery(int f, AuditFiles.Line rec, Path before, long lastSeq, long dropped) {
      long seq = rec.number("seq");
      long headSeq = rec.number("headSeq");
      if (seq <= lastSeq) {
        finding(rec, Kind.REUSED, "the recovery starts at seq " + seq + ", not after " + before.getFileName() + "'s seq " + lastSeq);
      }
      if (rec.number("droppedBytes") != dropped) {
        findings.add(new Finding(before, 0, -1, Kind.CHANGED, "the file ends in " + dropped + " bytes after its last record, the "
            + "recovery in " + files.get(f).getFileName() + " found " + rec.number("droppedBytes") + ": the file was changed after the restart"));
      }
      String head = rec.string("head");
      String headFile = rec.string("headFile");
      String at = "when the server " + ("error".equals(rec.string("cause")) ? "recovered from a failed write" : "started") + " at seq " + seq;
      switch (head == null ? "" : head) {
        case "ok", "behind" -> {
          long checkpoint = rec.number("lastCheckpointSeq");
          String tail = checkpoint >= 0 && checkpoint < lastSeq
              ? "; records seq " + (checkpoint + 1) + " to " + lastSeq + " were written after its last checkpoint and are covered only by "
                  + "this record (as they were found at the restart)"
              : "";
          recoveries.add(new Recovery(files.get(f), seq, before.getFileName() + " ended at seq " + lastSeq + " without its closing "
              + "checkpoint" + (dropped > 0 ? ", followed by " + dropped + " bytes of an unfinished line (dropped)" : "")
              + " (" + rec.string("cause") + ")" + tail));
          if (headSeq > lastSeq) {
            finding(rec, Kind.REMOVED, "the head named checkpoint seq " + headSeq + " but the file ended at seq " + lastSeq);
          }
        }
        case "missing" -> finding(rec, Kind.REMOVED, at + ", the head file was missing: the newest records (and files) before it "
            + "may have been deleted with it");
        case "invalid" -> finding(rec, Kind.SIGNATURE, at + ", the head file was unreadable or not signed by the trail's key: "
            + "it was replaced");
        case "file-missing" -> finding(rec, Kind.REMOVED, at + ", the head named " + headFile + " (checkpoint seq " + headSeq
            + "), which was gone: the newest file was deleted"
            + (headSeq > lastSeq ? " (records seq " + (lastSeq + 1) + " to " + headSeq + " at least)" : ""));
        case "truncated" -> finding(rec, Kind.REMOVED, at + ", the head named checkpoint seq " + headSeq + " in " + headFile
            + ", which the file no longer held: " + (headSeq > lastSeq ? "records seq " + (lastSeq + 1) + " to " + headSeq
                : "records up to seq " + headSeq) + " were removed while the server was down");
        default -> finding(rec, Kind.CHANGED, "a recovery record without a head status");
      }
    }

    static long fileSize(Path p) {
      try {
        return Files.size(p);
      } catch (IOException e) {
        return -1;
      }
    }

    AuditFiles.Line lastRecord(int f) {
      List<AuditFiles.Line> lines = lines(f);
      for (int j = lines.size() - 1; j >= 0; j--) {
        if (lines.get(j).record() && lines.get(j).complete()) {
          return lines.get(j);
        }
      }
      return null;
    }

    long firstNumber(int f) {
      List<AuditFiles.Line> lines = lines(f);
      if (!lines.isEmpty() && lines.get(0).has("fileNumber")) {
        return lines.get(0).number("fileNumber");
      }
      Object[] name = AuditRecords.parseName(files.get(f).getFileName().toString());
      return name == null ? -1 : (Integer) name[1];
    }

    /** The trail's first record: its signed genesis, unless files before it are gone. */
    void checkStart() {
      AuditFiles.Line first = all.isEmpty() ? null : all.get(0);
      if (first == null || !first.record()) {
        return;
      }
      boolean genesis = "file".equals(first.string("type")) && first.bool("genesis") && first.number("seq") == 0
          && AuditRecords.GENESIS.equals(first.string("prev")) && first.number("fileNumber") == 1;
      if (genesis) {
        return;
      }
      if (first.number("seq") == 0 && !AuditRecords.GENESIS.equals(first.string("prev"))) {
        finding(first, Kind.CHANGED, "the first record of the trail does not chain to the genesis value");
        return;
      }
      String before = first.string("previousFile") == null ? "earlier files"
          : first.string("previousFile") + " (number " + first.number("previousFileNumber") + ", up to seq " + first.number("previousLastSeq") + ")";
      if (trailDir != null) {
        finding(first, Kind.REMOVED, "the trail does not start at its genesis: " + first.file().getFileName() + " continues from "
            + before + ", which is missing: the oldest files were deleted");
      } else {
        notes.add(first.file().getFileName() + " continues the trail at seq " + first.number("seq") + " from " + before
            + " (not given: not checked)");
      }
    }

    /** The trail's end: the head file's checkpoint must be there, and what follows the last checkpoint is not covered. */
    void checkEnd(long coveredTo) throws IOException {
      int last = files.size() - 1;
      Path newest = files.get(last);
      AuditFiles.Line lastRec = lastRecord(last);
      List<AuditFiles.Line> newestLines = lines(last);
      AuditFiles.Line tail = newestLines.get(newestLines.size() - 1);
      if (!tail.complete() && !tail.record()) {
        notes.add(newest.getFileName() + " ends in an unfinished line (" + tail.text().getBytes(StandardCharsets.UTF_8).length
            + " bytes): a write in progress, a crash, or an edit; not covered");
      }
      boolean closed = lastRec != null && "checkpoint".equals(lastRec.string("type")) && AuditRecords.closing(lastRec.string("reason"));
      if (!closed) {
        notes.add(newest.getFileName() + " is open: being written, or the server stopped without closing it (its next start "
            + "records a recovery)");
      }
      if (trailDir != null) {
        checkHead(lastRec);
      }
      long lastSeq = lastRec == null ? -1 : lastRec.number("seq");
      if (key != null && lastSeq > coveredTo) {
        notes.add("records after the last checkpoint at seq " + coveredTo + " are not covered (seq " + (coveredTo + 1) + " to "
            + lastSeq + "): they could be removed or changed without a trace");
      }
    }

    void checkHead(AuditFiles.Line lastRec) throws IOException {
      Path headFile = trailDir.resolve(AuditRecords.HEAD_FILE);
      if (!Files.isRegularFile(headFile)) {
        findings.add(new Finding(headFile, 0, -1, Kind.REMOVED, "no head file: the trail's newest state is unknown; the newest "
            + "files may have been deleted with it"));
        return;
      }
      String text = Files.readString(headFile, StandardCharsets.UTF_8).strip();
      AuditFiles.Line h = new AuditFiles.Line(headFile, 1, text, "", true, AuditFiles.parse(text), 0);
      String name = h.string("file");
      long number = h.number("fileNumber");
      long seq = h.number("seq");
      String hash = h.string("hash");
      if (name == null || hash == null || seq < 0 || number < 1) {
        findings.add(new Finding(headFile, 0, -1, Kind.MALFORMED, "not a head file"));
        return;
      }
      if (key != null && !AuditRecords.signatureValid(text, key)) {
        String other = h.string("keyId");
        findings.add(new Finding(headFile, 0, -1, Kind.SIGNATURE, "the head file's signature does not match: it was changed or replaced"
            + (other != null && !other.equals(keyId) ? ", or signed with another key (key id " + other + ", not " + keyId + ")" : "")));
        return;
      }
      int f = -1;
      for (int i = 0; i < files.size(); i++) {
        if (firstNumber(i) == number) {
          f = i;
        }
      }
      if (f < 0) {
        findings.add(new Finding(headFile, 0, seq, Kind.REMOVED, "the head names " + name + " (file number " + number
            + ", checkpoint at seq " + seq + "), which is missing: the newest file was deleted"
            + (lastRec != null && seq > lastRec.number("seq") ? " (records seq " + (lastRec.number("seq") + 1) + " to " + seq + " at least)" : "")));
        return;
      }
      AuditFiles.Line named = lines(f).stream().filter(l -> l.record() && l.complete() && l.number("seq") == seq).findFirst().orElse(null);
      if (named == null || !hash.equals(named.hash())) {
        AuditFiles.Line end = lastRecord(f);
        long endSeq = end == null ? -1 : end.number("seq");
        findings.add(new Finding(files.get(f), end == null ? 0 : end.number(), endSeq, named == null ? Kind.REMOVED : Kind.CHANGED,
            named == null ? "the head names the checkpoint at seq " + seq + ", the file ends at seq " + endSeq + ": records seq "
                + (endSeq + 1) + " to " + seq + " at its end were removed (the file was truncated)"
                : "the head names a different checkpoint at seq " + seq + ": it was changed"));
        return;
      }
      if (h.bool("closed") && lastRec != null && lastRec.number("seq") > seq) {
        findings.add(new Finding(lastRec.file(), lastRec.number(), lastRec.number("seq"), Kind.INSERTED, "the trail was closed at seq "
            + seq + ": records seq " + (seq + 1) + " to " + lastRec.number("seq") + " were appended later"));
      }
    }

    /** The link from record {@code i-1} to record {@code i} (same file) is broken: says what most likely happened. */
    void explainBreak(int i) {
      AuditFiles.Line rec = all.get(i);
      AuditFiles.Line before = all.get(i - 1);
      AuditFiles.Line next = i + 1 < all.size() && all.get(i + 1).record() && all.get(i + 1).file().equals(rec.file()) ? all.get(i + 1) : null;
      AuditFiles.Line twoBefore = i >= 2 && all.get(i - 2).record() ? all.get(i - 2) : null;
      long seq = rec.number("seq");
      long beforeSeq = before.number("seq");
      if (next != null && next.string("prev").equals(before.hash())) {
        // The chain goes around this record.
        reported.add(i);
        reported.add(i + 1);
        finding(rec, Kind.INSERTED, "the next record chains to the one before this: this record was inserted");
      } else if (twoBefore != null && rec.string("prev").equals(twoBefore.hash())) {
        reported.add(i - 1);
        finding(before, Kind.INSERTED, "the next record chains to the one before this: this record was inserted");
      } else if (seq > beforeSeq + 1) {
        finding(rec, Kind.REMOVED, (seq - beforeSeq - 1 == 1 ? "record seq " + (beforeSeq + 1)
            : "records seq " + (beforeSeq + 1) + " to " + (seq - 1)) + " removed after line " + before.number());
      } else if (seq == beforeSeq + 1) {
        if (next != null && !next.string("prev").equals(rec.hash()) && next.number("seq") == seq + 1) {
          // Neither link of this record holds: it is the one that changed (its chain field included).
          reported.add(i + 1);
          finding(rec, Kind.CHANGED, "neither the record before nor the one after chains to this record: it was changed");
        } else if (reported.add(i - 1)) {
          finding(before, Kind.CHANGED, "the next record chains to a different hash: this record was changed");
        }
      } else {
        reported.add(i);
        finding(rec, seq <= beforeSeq ? Kind.REUSED : Kind.INSERTED, "its sequence number " + seq + " does not follow " + beforeSeq
            + " and it does not chain to the record before: it was inserted or moved"
            + (seq <= beforeSeq ? " (the number was used before)" : ""));
      }
    }
  }
}
