package io.iam4j.audit;

import io.iam4j.crypto.ServerKey;
import io.iam4j.json.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks that trail files were not edited: every record must carry the hash of the one before it
 * (across files, in the order given), and with the server key each file must match its signature.
 * Reports where the chain breaks and what most likely happened there: a record changed, records
 * removed, or a record inserted. Stateless.
 *
 * <p>Limits: without the key, the last records of the newest file can be removed or changed
 * unnoticed (nothing follows them); with it, a file being written is only covered up to its
 * previous signature, which is written when it rolls over or the server stops.
 */
public final class AuditVerifier {

  /** What a finding says happened. */
  public enum Kind {
    /** A record's content differs from what the next record (or the signature) chained to. */
    CHANGED,
    /** Records are missing: sequence numbers skip, or a signed file lost records at its start or end. */
    REMOVED,
    /** A record that the chain does not account for. */
    INSERTED,
    /** A line that is not an audit record at all (edited, or a write cut short). */
    MALFORMED,
    /** A signature that is missing or does not match. */
    SIGNATURE
  }

  /**
   * @param line 1-based line in {@code file}; 0 for the file as a whole
   * @param seq the sequence number of the record concerned, or -1
   */
  public record Finding(Path file, int line, long seq, Kind kind, String message) {
    @Override
    public String toString() {
      return file.getFileName() + (line > 0 ? ":" + line : "") + (seq >= 0 ? " (seq " + seq + ")" : "") + ": "
          + kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
  }

  /**
   * @param records complete records in the file
   * @param signature {@code valid}, {@code invalid}, {@code missing}, {@code unsigned (newest file)} or
   *     {@code not checked} (no key)
   */
  public record FileResult(Path file, long records, long firstSeq, long lastSeq, String signature) {}

  /** The outcome: {@link #ok()} when no finding was made. */
  public record Report(List<FileResult> files, List<Finding> findings, List<String> notes) {
    public Report {
      files = List.copyOf(files);
      findings = List.copyOf(findings);
      notes = List.copyOf(notes);
    }

    public boolean ok() {
      return findings.isEmpty();
    }
  }

  private AuditVerifier() {}

  /**
   * Verifies {@code files} as one trail, in the order given (oldest first).
   *
   * @param key the server key, to check signatures; null to skip them
   */
  public static Report verify(List<Path> files, ServerKey key) throws IOException {
    List<AuditFiles.Line> all = new ArrayList<>();
    List<Integer> fileStarts = new ArrayList<>();
    for (Path f : files) {
      fileStarts.add(all.size());
      all.addAll(AuditFiles.lines(f));
    }
    List<Finding> findings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Set<Integer> reported = new HashSet<>();
    Set<Integer> starts = new HashSet<>(fileStarts);

    for (int i = 0; i < all.size(); i++) {
      AuditFiles.Line rec = all.get(i);
      if (!rec.record()) {
        if (reported.add(i)) {
          findings.add(finding(rec, Kind.MALFORMED, rec.complete() ? "not an audit record (the line was edited)"
              : "a record cut short (no newline at the end of the file): the write was interrupted or the file truncated"));
        }
        continue;
      }
      if (starts.contains(i) && !"file".equals(rec.string("type")) && reported.add(i)) {
        findings.add(finding(rec, Kind.REMOVED, "the file does not start with its file record: its first records were removed"));
      }
      if (i == 0) {
        long seq = rec.number("seq");
        if (seq == 0 && !AuditRecords.GENESIS.equals(rec.string("prev"))) {
          findings.add(finding(rec, Kind.CHANGED, "the first record of the trail does not chain to the genesis value"));
        } else if (seq > 0) {
          notes.add(rec.file().getFileName() + " continues the trail at seq " + seq + " from "
              + (rec.string("previousFile") == null ? "an earlier file" : rec.string("previousFile")) + " (not given: not checked)");
        }
        continue;
      }
      if (reported.contains(i)) {
        continue;
      }
      AuditFiles.Line before = all.get(i - 1);
      if (!before.record()) {
        continue; // already reported as malformed; its successor cannot be checked against it
      }
      if (rec.string("prev").equals(before.hash())) {
        if (rec.number("seq") != before.number("seq") + 1) {
          reported.add(i);
          findings.add(finding(rec, Kind.CHANGED, "the sequence number does not follow " + before.number("seq")
              + " although the record chains to the one before it"));
        }
        continue;
      }
      explainBreak(all, i, findings, reported);
    }

    List<FileResult> results = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      int from = fileStarts.get(f);
      int to = f + 1 < files.size() ? fileStarts.get(f + 1) : all.size();
      List<AuditFiles.Line> lines = all.subList(from, to).stream().filter(l -> l.record() && l.complete()).toList();
      long first = lines.isEmpty() ? -1 : lines.get(0).number("seq");
      long last = lines.isEmpty() ? -1 : lines.get(lines.size() - 1).number("seq");
      String signature = key == null ? "not checked"
          : checkSignature(files.get(f), lines, f == files.size() - 1, key, findings);
      results.add(new FileResult(files.get(f), lines.size(), first, last, signature));
    }
    if (key == null) {
      notes.add("signatures not checked (no key given)");
    }
    findings.sort(java.util.Comparator.comparingInt((Finding x) -> files.indexOf(x.file())).thenComparingInt(Finding::line));
    return new Report(results, findings, notes);
  }

  /** The link from record {@code i-1} to record {@code i} is broken: says what most likely happened. */
  private static void explainBreak(List<AuditFiles.Line> all, int i, List<Finding> findings, Set<Integer> reported) {
    AuditFiles.Line rec = all.get(i);
    AuditFiles.Line before = all.get(i - 1);
    AuditFiles.Line next = i + 1 < all.size() && all.get(i + 1).record() ? all.get(i + 1) : null;
    AuditFiles.Line twoBefore = i >= 2 && all.get(i - 2).record() ? all.get(i - 2) : null;
    long seq = rec.number("seq");
    long beforeSeq = before.number("seq");
    if (next != null && next.string("prev").equals(before.hash())) {
      // The chain goes around this record.
      reported.add(i);
      reported.add(i + 1);
      findings.add(finding(rec, Kind.INSERTED, "the next record chains to the one before this: this record was inserted"));
    } else if (twoBefore != null && rec.string("prev").equals(twoBefore.hash())) {
      reported.add(i - 1);
      findings.add(finding(before, Kind.INSERTED, "the next record chains to the one before this: this record was inserted"));
    } else if (seq > beforeSeq + 1) {
      String where = rec.file().equals(before.file()) ? "after line " + before.number()
          : "between the end of " + before.file().getFileName() + " and the start of " + rec.file().getFileName();
      findings.add(finding(rec, Kind.REMOVED, (seq - beforeSeq - 1 == 1 ? "record seq " + (beforeSeq + 1)
          : "records seq " + (beforeSeq + 1) + " to " + (seq - 1)) + " removed " + where));
    } else if (seq == beforeSeq + 1) {
      if (next != null && !next.string("prev").equals(rec.hash()) && next.number("seq") == seq + 1) {
        // Neither link of this record holds: it is the one that changed (its chain field included).
        reported.add(i + 1);
        findings.add(finding(rec, Kind.CHANGED, "neither the record before nor the one after chains to this record: it was changed"));
      } else if (reported.add(i - 1)) {
        findings.add(finding(before, Kind.CHANGED, "the next record chains to a different hash: this record was changed"));
      }
    } else {
      reported.add(i);
      findings.add(finding(rec, Kind.INSERTED, "its sequence number " + seq + " does not follow " + beforeSeq
          + " and it does not chain to the record before: it was inserted or moved"));
    }
  }

  private static Finding finding(AuditFiles.Line line, Kind kind, String message) {
    return new Finding(line.file(), line.number(), line.record() ? line.number("seq") : -1, kind, message);
  }

  private static String checkSignature(Path file, List<AuditFiles.Line> lines, boolean newest, ServerKey key, List<Finding> findings)
      throws IOException {
    Path sigFile = AuditFiles.signatureOf(file);
    if (!Files.isRegularFile(sigFile)) {
      if (newest) {
        return "unsigned (newest file)";
      }
      findings.add(new Finding(file, 0, -1, Kind.SIGNATURE, "no signature: " + sigFile.getFileName()
          + " is missing (every file is signed when it rolls over)"));
      return "missing";
    }
    JsonNode.ObjectNode sig = AuditFiles.parse(Files.readString(sigFile, StandardCharsets.UTF_8).strip());
    AuditFiles.Line s = new AuditFiles.Line(sigFile, 1, "", "", true, sig);
    String hmac = s.string("hmac");
    String name = s.string("file");
    String firstPrev = s.string("firstPrev");
    String lastHash = s.string("lastHash");
    long records = s.number("records");
    long firstSeq = s.number("firstSeq");
    long lastSeq = s.number("lastSeq");
    boolean valid = false;
    if (hmac != null && name != null && firstPrev != null && lastHash != null) {
      try {
        valid = MessageDigest.isEqual(Base64.getDecoder().decode(hmac),
            key.sign(AuditRecords.signedText(name, records, firstSeq, lastSeq, firstPrev, lastHash)));
      } catch (IllegalArgumentException e) {
        valid = false;
      }
    }
    if (!valid) {
      findings.add(new Finding(file, 0, -1, Kind.SIGNATURE, sigFile.getFileName()
          + " does not match: it was changed, or made with another key"));
      return "invalid";
    }
    if (!name.equals(file.getFileName().toString())) {
      findings.add(new Finding(file, 0, -1, Kind.SIGNATURE, "the signature is that of " + name + ": the file was renamed or replaced"));
    }
    AuditFiles.Line first = lines.isEmpty() ? null : lines.get(0);
    AuditFiles.Line last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
    if (first == null || first.number("seq") != firstSeq || !firstPrev.equals(first.string("prev"))) {
      findings.add(new Finding(file, first == null ? 0 : first.number(), first == null ? -1 : first.number("seq"), Kind.REMOVED,
          "the signed file started at seq " + firstSeq + ": records at its start were removed or changed"));
    }
    if (last == null || !lastHash.equals(last.hash())) {
      long actual = last == null ? -1 : last.number("seq");
      if (last != null && actual < lastSeq) {
        findings.add(new Finding(file, last.number(), actual, Kind.REMOVED, "the signed file ended at seq " + lastSeq
            + ": " + (lastSeq - actual == 1 ? "record seq " + lastSeq + " at its end was removed"
            : "records seq " + (actual + 1) + " to " + lastSeq + " at its end were removed")));
      } else if (last != null && actual == lastSeq) {
        findings.add(new Finding(file, last.number(), actual, Kind.CHANGED, "the last record differs from the signed one: it was changed"));
      } else {
        findings.add(new Finding(file, last == null ? 0 : last.number(), actual, Kind.INSERTED,
            "the signed file ended at seq " + lastSeq + ": records were appended after it was signed"));
      }
    } else if (lines.size() != records) {
      findings.add(new Finding(file, 0, -1, Kind.INSERTED, "the signed file had " + records + " records, it has " + lines.size()));
    }
    return "valid";
  }
}
