package io.iam4j.audit;

import io.iam4j.crypto.ServerKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Appends hash-chained lines to the trail's current file, rolls to a new file by size and by day
 * (UTC), and signs each file's last hash with the server key when it is closed. Not thread-safe:
 * only the trail's writer thread uses it.
 */
final class ChainWriter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ChainWriter.class.getName());
  private static final Pattern HEAD = Pattern.compile("^\\{\"seq\":(\\d+),\"prev\":\"([0-9a-f]{64})\"");

  /** Makes one line from its sequence number and the previous line's hash. */
  interface LineMaker {
    String make(long seq, String prev);
  }

  private final Path dir;
  private final long maxFileBytes;
  private final ServerKey key;
  private final Clock clock;

  // The chain: what the next line links to. Advances only when lines reached the file.
  private long nextSeq;
  private String lastHash = AuditRecords.GENESIS;
  private String lastFile;
  /** Why the next file opens when none is open: {@code start}, then {@code error} (after a failed write). */
  private String openReason = "start";

  // The open file, or null.
  private FileChannel channel;
  private Path file;
  private LocalDate day;
  private long size;
  private long records;
  private long firstSeq;
  private String firstPrev;

  // Lines made but not yet written, and the chain state they lead to.
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(8192);
  private long pendingSeq;
  private String pendingHash;
  private long pendingRecords;

  ChainWriter(Path dir, long maxFileBytes, ServerKey key, Clock clock) throws IOException {
    this.dir = dir;
    this.maxFileBytes = maxFileBytes;
    this.key = key;
    this.clock = clock;
    Files.createDirectories(dir);
    recover();
  }

  Path currentFile() {
    return file;
  }

  /** Continues the chain of the newest file already in the directory, signing it if a crash left it unsigned. */
  private void recover() throws IOException {
    Path newest;
    try (Stream<Path> s = Files.list(dir)) {
      newest = s.filter(p -> AuditRecords.parseName(p.getFileName().toString()) != null)
          .max(ChainWriter::byDayAndNumber).orElse(null);
    }
    if (newest == null) {
      return;
    }
    FileSummary f = summarize(newest);
    if (f == null) {
      LOG.warning(() -> "Audit file " + newest + " holds no complete record; the new file starts a new chain");
      return;
    }
    nextSeq = f.lastSeq + 1;
    lastHash = f.lastHash;
    lastFile = newest.getFileName().toString();
    if (key != null && !Files.exists(signatureOf(newest))) {
      sign(newest, f.records, f.firstSeq, f.lastSeq, f.firstPrev, f.lastHash);
      LOG.info(() -> "Signed audit file " + newest + ", left unsigned by an earlier run");
    }
  }

  static int byDayAndNumber(Path a, Path b) {
    Object[] x = AuditRecords.parseName(a.getFileName().toString());
    Object[] y = AuditRecords.parseName(b.getFileName().toString());
    int c = ((LocalDate) x[0]).compareTo((LocalDate) y[0]);
    return c != 0 ? c : Integer.compare((Integer) x[1], (Integer) y[1]);
  }

  private record FileSummary(long records, long firstSeq, String firstPrev, long lastSeq, String lastHash) {}

  /** The complete lines of a trail file (a partial last line, left by a crash, is not one). */
  private static FileSummary summarize(Path p) throws IOException {
    byte[] bytes = Files.readAllBytes(p);
    long records = 0;
    long firstSeq = -1;
    String firstPrev = null;
    long lastSeq = -1;
    String lastHash = null;
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
      Matcher m = HEAD.matcher(line);
      if (m.find()) {
        if (firstSeq < 0) {
          firstSeq = Long.parseLong(m.group(1));
          firstPrev = m.group(2);
        }
        lastSeq = Long.parseLong(m.group(1));
        lastHash = AuditRecords.hash(java.util.Arrays.copyOfRange(bytes, start, i));
        records++;
      }
      start = i + 1;
    }
    return records == 0 ? null : new FileSummary(records, firstSeq, firstPrev, lastSeq, lastHash);
  }

  /** Adds one line to the pending batch, rolling first when it would overflow the file or the day changed. */
  void append(LineMaker maker) throws IOException {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if (channel == null) {
      open(today, now, openReason);
      openReason = "error";
    } else if (!today.equals(day)) {
      roll(today, now, "day");
    }
    long seq = pending.size() == 0 ? nextSeq : pendingSeq;
    String prev = pending.size() == 0 ? lastHash : pendingHash;
    byte[] line = maker.make(seq, prev).getBytes(StandardCharsets.UTF_8);
    if (size + pending.size() + line.length + 1 > maxFileBytes && records + pendingRecords > 1) {
      roll(today, now, "size");
      seq = nextSeq;
      prev = lastHash;
      line = maker.make(seq, prev).getBytes(StandardCharsets.UTF_8);
    }
    add(line, seq);
  }

  private void add(byte[] line, long seq) {
    pending.write(line, 0, line.length);
    pending.write('\n');
    pendingSeq = seq + 1;
    pendingHash = AuditRecords.hash(line);
    pendingRecords++;
  }

  /** Writes the pending batch to the file (to the operating system; {@link #close} and rolls force it to disk). */
  void flush() throws IOException {
    if (pending.size() == 0) {
      return;
    }
    ByteBuffer buf = ByteBuffer.wrap(pending.toByteArray());
    try {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
    } catch (IOException e) {
      // What reached the file is unknown: give it up (unsigned) and continue the chain from the last
      // line known to be written in a new file, where verify will show the gap.
      discard();
      throw e;
    }
    size += pending.size();
    if (records == 0) {
      firstSeq = nextSeq;
      firstPrev = lastHash;
    }
    records += pendingRecords;
    nextSeq = pendingSeq;
    lastHash = pendingHash;
    pending.reset();
    pendingRecords = 0;
  }

  /** Drops the pending batch and the current file after a write failure. */
  void discard() {
    pending.reset();
    pendingRecords = 0;
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing; the next append opens a new file
      }
      lastFile = file.getFileName().toString();
      channel = null;
      file = null;
    }
  }

  private void open(LocalDate today, Instant now, String reason) throws IOException {
    int number = 1;
    try (Stream<Path> s = Files.list(dir)) {
      number += s.map(p -> AuditRecords.parseName(p.getFileName().toString()))
          .filter(Objects::nonNull).filter(n -> n[0].equals(today)).mapToInt(n -> (Integer) n[1]).max().orElse(0);
    }
    Path p = dir.resolve(AuditRecords.fileName(today, number));
    channel = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    file = p;
    day = today;
    size = 0;
    records = 0;
    String previous = lastFile;
    String name = p.getFileName().toString();
    byte[] line = AuditRecords.header(nextSeq, lastHash, now, name, previous, reason).getBytes(StandardCharsets.UTF_8);
    add(line, nextSeq);
    flush();
  }

  private void roll(LocalDate today, Instant now, String reason) throws IOException {
    closeFile();
    open(today, now, reason);
  }

  private void closeFile() throws IOException {
    if (channel == null) {
      return;
    }
    flush();
    channel.force(true);
    channel.close();
    channel = null;
    lastFile = file.getFileName().toString();
    if (key != null && records > 0) {
      sign(file, records, firstSeq, nextSeq - 1, firstPrev, lastHash);
    }
    file = null;
  }

  private void sign(Path p, long count, long first, long last, String firstPrevious, String lastLine) throws IOException {
    String name = p.getFileName().toString();
    String hmac = Base64.getEncoder().encodeToString(key.sign(AuditRecords.signedText(name, count, first, last, firstPrevious, lastLine)));
    String text = AuditRecords.signature(name, count, first, last, firstPrevious, lastLine, clock.instant(), hmac) + "\n";
    Path sig = signatureOf(p);
    Path tmp = sig.resolveSibling(sig.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, sig, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.move(tmp, sig, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static Path signatureOf(Path trailFile) {
    return trailFile.resolveSibling(trailFile.getFileName() + AuditRecords.SIGNATURE_SUFFIX);
  }

  /** Writes what is pending, forces the file to disk and signs it. */
  @Override
  public void close() throws IOException {
    try {
      closeFile();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Closing the audit file " + file + " failed", e);
      discard();
      throw e;
    }
  }

  /** For tests: the files of the trail, oldest first. */
  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> AuditRecords.parseName(p.getFileName().toString()) != null).sorted(ChainWriter::byDayAndNumber).toList();
    }
  }
}
