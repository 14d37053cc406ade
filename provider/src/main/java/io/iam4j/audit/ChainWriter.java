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
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Appends hash-chained lines to the trail's current file, rolls to a new file by size and by day
 * (UTC), signs checkpoints (at intervals, and as every file's last record) and keeps the head file
 * pointing at the newest one. Never rewrites a file it did not just open: a start that finds the
 * trail not cleanly closed opens a new file whose first record says what was found. Not
 * thread-safe: only the trail's writer thread uses it.
 */
final class ChainWriter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ChainWriter.class.getName());
  /** Bytes kept free in every file for its closing checkpoint (about 350 bytes). */
  static final int CHECKPOINT_ROOM = 512;

  /** Makes one line from its sequence number and the previous line's hash. */
  interface LineMaker {
    String make(long seq, String prev);
  }

  private final Path dir;
  private final long maxFileBytes;
  private final PrivateKey signer;
  private final java.security.PublicKey publicKey;
  private final String keyId;
  private final Clock clock;
  private final long checkpointRecords;
  private final Duration checkpointInterval;

  // The chain: what the next line links to. Advances only when lines reached the file.
  private long nextSeq;
  private String lastHash = AuditRecords.GENESIS;
  /** The highest file number used or seen: the next file takes the one after (numbers are never reused). */
  private int lastNumber;
  /** The file before the next one, or null at the genesis. */
  private AuditRecords.Link previous;
  /** What the next file's first record must report, or null when the previous file was closed cleanly. */
  private AuditRecords.Recovery recovery;
  /** The file a failed write left behind: inspected when the next file opens. */
  private Path failed;
  private boolean firstOpen = true;
  /** The newest signed record (what the head names). */
  private long headSeq = -1;
  private String headHash;

  // The open file, or null.
  private FileChannel channel;
  private Path file;
  private int number;
  private LocalDate day;
  private long size;
  private long records;
  private long sinceCheckpoint;
  private Instant lastCheckpoint;

  // Lines made but not yet written, and the chain state they lead to.
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream(8192);
  private long pendingSeq;
  private String pendingHash;
  private long pendingRecords;

  /**
   * @param key the server key the signing key is derived from; null: an unsigned trail (tests, tools)
   * @param checkpointRecords a checkpoint after at most this many records
   * @param checkpointInterval and at most this long after the first record it does not cover
   */
  ChainWriter(Path dir, long maxFileBytes, ServerKey key, Clock clock, long checkpointRecords, Duration checkpointInterval)
      throws IOException {
    this.dir = dir;
    this.maxFileBytes = maxFileBytes;
    KeyPair pair = key == null ? null : AuditKeys.pair(key);
    this.signer = pair == null ? null : pair.getPrivate();
    this.publicKey = pair == null ? null : pair.getPublic();
    this.keyId = pair == null ? null : AuditKeys.keyId(pair.getPublic());
    this.clock = clock;
    this.checkpointRecords = checkpointRecords;
    this.checkpointInterval = checkpointInterval;
    Files.createDirectories(dir);
    if (publicKey != null) {
      writePublicKey();
    }
    recover();
  }

  ChainWriter(Path dir, long maxFileBytes, ServerKey key, Clock clock) throws IOException {
    this(dir, maxFileBytes, key, clock, 1000, Duration.ofSeconds(10));
  }

  Path currentFile() {
    return file;
  }

  /** The public key next to the trail, so that a verifier can find it (it must compare it with one it trusts). */
  private void writePublicKey() throws IOException {
    Path pem = dir.resolve(AuditKeys.PUBLIC_KEY_FILE);
    String text = AuditKeys.pem(publicKey);
    if (Files.isRegularFile(pem) && text.equals(Files.readString(pem, StandardCharsets.US_ASCII))) {
      return;
    }
    if (Files.exists(pem)) {
      LOG.warning(() -> pem + " did not hold this server's audit public key (key id " + keyId + "): replaced. Records signed "
          + "before were signed with another key (a new server key?) and verify only with that key.");
    }
    replace(pem, text);
  }

  /**
   * Finds where the trail stands: the newest file's last complete record and the head file. A trail
   * closed cleanly is continued by a plain new file; anything else makes the next file start with a
   * recovery record. Reads only; changes nothing already written.
   */
  private void recover() throws IOException {
    List<Path> files = files(dir);
    Head head = readHead();
    lastNumber = files.stream().mapToInt(ChainWriter::numberOf).max().orElse(0);
    if (head.number > lastNumber) {
      lastNumber = head.number;
    }
    if (files.isEmpty()) {
      if (head.status.equals("missing")) {
        return; // a new trail: the genesis
      }
      // The head names files that are all gone: keep numbering after them, say so, and go on.
      nextSeq = head.seq + 1;
      lastHash = head.hash != null ? head.hash : AuditRecords.GENESIS;
      recovery = new AuditRecords.Recovery("start", 0, -1, head.status.equals("ok") ? "file-missing" : head.status,
          head.file, head.number, head.seq, head.hash);
      LOG.severe(() -> "The audit trail in " + dir + " has a head file but no trail files: they were deleted");
      return;
    }
    Path newest = files.get(files.size() - 1);
    Scan s = scan(newest);
    String status = head.status;
    if (status.equals("ok")) {
      if (head.number < s.number) {
        status = "behind";
      } else if (head.number > s.number || files.stream().noneMatch(p -> numberOf(p) == head.number)) {
        status = "file-missing";
      } else if (!head.hash.equals(s.signedHash(head.seq))) {
        status = "truncated";
      }
    }
    nextSeq = Math.max(s.maxSeq, head.seq) + 1;
    lastHash = s.lastHash;
    previous = new AuditRecords.Link(newest.getFileName().toString(), s.number, s.lastSeq);
    boolean clean = status.equals("ok") && head.closed && head.seq == s.lastSeq && s.closed && s.droppedBytes == 0;
    if (!clean) {
      recovery = new AuditRecords.Recovery("start", s.droppedBytes, s.lastSignedSeq, status, head.file, head.number, head.seq,
          head.hash);
      String what = status;
      LOG.warning(() -> "The audit trail in " + dir + " was not closed cleanly (" + newest.getFileName() + " ends at seq " + s.lastSeq
          + (s.droppedBytes > 0 ? " and " + s.droppedBytes + " bytes of an unfinished line" : "") + ", head " + what
          + "): the next file records the recovery");
    }
  }

  private record Head(String status, String file, int number, long seq, String hash, boolean closed) {}

  private Head readHead() throws IOException {
    Path p = dir.resolve(AuditRecords.HEAD_FILE);
    if (!Files.isRegularFile(p)) {
      return new Head("missing", null, 0, -1, null, false);
    }
    String text = Files.readString(p, StandardCharsets.UTF_8).strip();
    AuditFiles.Line h = new AuditFiles.Line(p, 1, text, "", true, AuditFiles.parse(text), 0);
    long seq = h.number("seq");
    int n = (int) h.number("fileNumber");
    String hash = h.string("hash");
    String name = h.string("file");
    if (seq < 0 || n < 1 || hash == null || name == null) {
      return new Head("invalid", null, 0, -1, null, false);
    }
    boolean valid = publicKey == null || AuditRecords.signatureValid(text, publicKey);
    return new Head(valid ? "ok" : "invalid", name, n, seq, hash, h.bool("closed"));
  }

  /**
   * What a trail file holds, as a start or a recovery needs it.
   *
   * @param lastSeq the last complete record's seq (-1: none)
   * @param maxSeq the highest seq in the file (numbers are never used twice, even after edits)
   * @param droppedBytes bytes after the last complete record
   * @param lastSignedSeq the last signed record's seq, or -1
   * @param closed whether the last record is a closing checkpoint
   */
  private record Scan(int number, long lastSeq, String lastHash, long maxSeq, long droppedBytes, long lastSignedSeq,
      boolean closed, java.util.Map<Long, String> signedHashes) {
    String signedHash(long seq) {
      return signedHashes.get(seq);
    }
  }

  private static Scan scan(Path p) throws IOException {
    List<AuditFiles.Line> lines = AuditFiles.lines(p);
    long size = Files.size(p);
    AuditFiles.Line last = null;
    long maxSeq = -1;
    long lastSigned = -1;
    java.util.Map<Long, String> signed = new java.util.HashMap<>();
    for (AuditFiles.Line l : lines) {
      if (!l.complete() || !l.record()) {
        continue;
      }
      last = l;
      maxSeq = Math.max(maxSeq, l.number("seq"));
      if (AuditRecords.ANCHORS.contains(l.string("type"))) {
        lastSigned = l.number("seq");
        signed.put(l.number("seq"), l.hash());
      }
    }
    boolean closed = last != null && "checkpoint".equals(last.string("type")) && AuditRecords.closing(last.string("reason"));
    return new Scan(numberOf(p), last == null ? -1 : last.number("seq"), last == null ? AuditRecords.GENESIS : last.hash(), maxSeq,
        size - (last == null ? 0 : last.end()), lastSigned, closed, signed);
  }

  static int numberOf(Path p) {
    return (Integer) AuditRecords.parseName(p.getFileName().toString())[1];
  }

  /** Trail order: by file number (numbers never repeat in an intact trail), then by day. */
  static int byNumber(Path a, Path b) {
    Object[] x = AuditRecords.parseName(a.getFileName().toString());
    Object[] y = AuditRecords.parseName(b.getFileName().toString());
    int c = Integer.compare((Integer) x[1], (Integer) y[1]);
    return c != 0 ? c : ((LocalDate) x[0]).compareTo((LocalDate) y[0]);
  }

  /** Adds one line to the pending batch, rolling first when it would overflow the file or the day changed. */
  void append(LineMaker maker) throws IOException {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if (channel == null) {
      open(today, now, "start");
    } else if (!today.equals(day)) {
      roll(today, now, "day");
    }
    long seq = pending.size() == 0 ? nextSeq : pendingSeq;
    String prev = pending.size() == 0 ? lastHash : pendingHash;
    byte[] line = maker.make(seq, prev).getBytes(StandardCharsets.UTF_8);
    if (size + pending.size() + line.length + 1 + CHECKPOINT_ROOM > maxFileBytes && records + pendingRecords > 1) {
      roll(today, now, "size");
      seq = nextSeq;
      prev = lastHash;
      line = maker.make(seq, prev).getBytes(StandardCharsets.UTF_8);
    }
    add(line, seq);
    sinceCheckpoint++;
  }

  private void add(byte[] line, long seq) {
    pending.write(line, 0, line.length);
    pending.write('\n');
    pendingSeq = seq + 1;
    pendingHash = AuditRecords.hash(line);
    pendingRecords++;
  }

  /** Writes the pending batch to the file (to the operating system; checkpoints force it to disk). */
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
      // What reached the file is unknown: give the file up; the next one records what it holds.
      discard();
      throw e;
    }
    size += pending.size();
    records += pendingRecords;
    nextSeq = pendingSeq;
    lastHash = pendingHash;
    pending.reset();
    pendingRecords = 0;
  }

  /** Writes a checkpoint when enough records or time passed since the last one. */
  void checkpointIfDue() throws IOException {
    if (channel == null || sinceCheckpoint == 0) {
      return;
    }
    Instant now = clock.instant();
    if (sinceCheckpoint < checkpointRecords && Duration.between(lastCheckpoint, now).compareTo(checkpointInterval) < 0) {
      return;
    }
    flush();
    byte[] line = checkpointLine(now, "interval");
    if (size + line.length + 1 + CHECKPOINT_ROOM > maxFileBytes) {
      // No room for this and a closing checkpoint: the closing one covers the same records.
      roll(LocalDate.ofInstant(now, ZoneOffset.UTC), now, "size");
      return;
    }
    writeSigned(line, false);
  }

  private byte[] checkpointLine(Instant now, String reason) {
    return AuditRecords.sign(AuditRecords.checkpoint(nextSeq, lastHash, now, file.getFileName().toString(), number, reason, keyId), signer)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Writes a signed line now, forces the file to disk, then points the head at it: a crash never loses what the head names. */
  private void writeSigned(byte[] line, boolean closed) throws IOException {
    long seq = nextSeq;
    add(line, seq);
    flush();
    channel.force(false);
    headSeq = seq;
    headHash = lastHash;
    sinceCheckpoint = 0;
    lastCheckpoint = clock.instant();
    replace(dir.resolve(AuditRecords.HEAD_FILE), AuditRecords.sign(AuditRecords.head(file.getFileName().toString(), number, headSeq,
        headHash, lastCheckpoint, closed, keyId), signer) + "\n");
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
      failed = file;
      channel = null;
      file = null;
    }
  }

  private void open(LocalDate today, Instant now, String reason) throws IOException {
    if (failed != null) {
      // The file a write failed on: record how far it really got, and never reuse what it may hold.
      Scan s = scan(failed);
      nextSeq = Math.max(nextSeq, s.maxSeq + 1);
      lastHash = s.lastHash;
      previous = new AuditRecords.Link(failed.getFileName().toString(), s.number, s.lastSeq);
      recovery = new AuditRecords.Recovery("error", s.droppedBytes, s.lastSignedSeq, headSeq >= 0 ? "ok" : "missing",
          headSeq >= 0 ? failed.getFileName().toString() : null, s.number, headSeq, headHash);
      failed = null;
    }
    int n = lastNumber + 1;
    String name = AuditRecords.fileName(today, n);
    String first;
    if (recovery != null) {
      first = AuditRecords.recovery(nextSeq, lastHash, now, name, n, previous, recovery, keyId);
    } else {
      first = AuditRecords.header(nextSeq, lastHash, now, name, n, firstOpen ? "start" : reason, previous, keyId);
    }
    byte[] line = AuditRecords.sign(first, signer).getBytes(StandardCharsets.UTF_8);
    // The first record reaches the disk before the file appears under its name: a trail file always
    // starts with its signed anchor, even after a crash right here.
    Path p = dir.resolve(name);
    Path tmp = dir.resolve(name + ".tmp");
    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
      while (b.hasRemaining()) {
        c.write(b);
      }
      c.force(true);
    }
    Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE);
    lastNumber = n;
    channel = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    file = p;
    number = n;
    day = today;
    size = line.length + 1;
    records = 1;
    nextSeq++;
    lastHash = AuditRecords.hash(line);
    headSeq = nextSeq - 1;
    headHash = lastHash;
    sinceCheckpoint = 0;
    lastCheckpoint = now;
    recovery = null;
    firstOpen = false;
    replace(dir.resolve(AuditRecords.HEAD_FILE), AuditRecords.sign(AuditRecords.head(name, n, headSeq, headHash, now, false, keyId),
        signer) + "\n");
  }

  private void roll(LocalDate today, Instant now, String reason) throws IOException {
    closeFile("roll");
    open(today, now, reason);
  }

  private void closeFile(String reason) throws IOException {
    if (channel == null) {
      return;
    }
    flush();
    writeSigned(checkpointLine(clock.instant(), reason), true);
    channel.force(true);
    channel.close();
    channel = null;
    previous = new AuditRecords.Link(file.getFileName().toString(), number, nextSeq - 1);
    file = null;
  }

  private static void replace(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Writes what is pending and closes the file with a signed closing checkpoint, forced to disk. */
  @Override
  public void close() throws IOException {
    try {
      closeFile("close");
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Closing the audit file " + file + " failed", e);
      discard();
      throw e;
    }
  }

  /** The files of the trail in {@code dir}, in trail order. */
  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> AuditRecords.parseName(p.getFileName().toString()) != null).sorted(ChainWriter::byNumber).toList();
    }
  }
}
