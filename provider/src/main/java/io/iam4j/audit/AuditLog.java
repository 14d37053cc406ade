package io.iam4j.audit;

import io.iam4j.crypto.ServerKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The audit trail: a tamper-evident, append-only log of {@link AuditEvent}s, one JSON line each,
 * in files that roll by size and by day. Thread-safe.
 *
 * <p>{@link #record} only puts the event on a bounded queue; one writer thread serializes, chains
 * (each line carries the SHA-256 of the previous one) and writes, so a request never waits on disk.
 * When the queue is full the event is dropped and counted, and the writer writes the count itself
 * into the trail as a {@code "dropped"} record: a gap is always visible, never silent. Signed
 * checkpoints (Ed25519, with a key derived from the server key) cover the chain at intervals and end
 * every file; a signed head file names the newest one; a start after a crash opens a new file whose
 * first record reports what it found. {@link AuditVerifier} checks all of it with the public key
 * alone ({@link AuditKeys#PUBLIC_KEY_FILE}, written next to the trail).
 *
 * <p>Observers (metrics) see every event synchronously, before it is queued; they must be cheap.
 */
public final class AuditLog implements AuditSink, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());

  /**
   * @param dir where the trail's files go (created when missing)
   * @param maxFileBytes a file rolls over before it would grow beyond this
   * @param queueCapacity events waiting for the writer at most; more are dropped and counted
   * @param key the server key; the trail's Ed25519 signing key is derived from it. Null: nothing is
   *     signed (tests and tools only: such a trail proves nothing against an editor)
   * @param clock stamps the files and decides when a day ends (UTC)
   * @param checkpointRecords a signed checkpoint after at most this many records
   * @param checkpointInterval and at most this long after the first record not yet covered: the
   *     newest records a crash (or an editor) can lose without a trace
   */
  public record Settings(Path dir, long maxFileBytes, int queueCapacity, ServerKey key, Clock clock, long checkpointRecords,
      Duration checkpointInterval) {
    public static final long DEFAULT_MAX_FILE_BYTES = 10L << 20;
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final long DEFAULT_CHECKPOINT_RECORDS = 1000;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    public static Settings of(Path dir, ServerKey key) {
      return new Settings(dir, DEFAULT_MAX_FILE_BYTES, DEFAULT_QUEUE_CAPACITY, key, Clock.systemUTC(), DEFAULT_CHECKPOINT_RECORDS,
          DEFAULT_CHECKPOINT_INTERVAL);
    }

    public Settings withMaxFileBytes(long bytes) {
      return new Settings(dir, bytes, queueCapacity, key, clock, checkpointRecords, checkpointInterval);
    }

    public Settings withQueueCapacity(int capacity) {
      return new Settings(dir, maxFileBytes, capacity, key, clock, checkpointRecords, checkpointInterval);
    }

    public Settings withClock(Clock c) {
      return new Settings(dir, maxFileBytes, queueCapacity, key, c, checkpointRecords, checkpointInterval);
    }

    public Settings withCheckpoints(long records, Duration interval) {
      return new Settings(dir, maxFileBytes, queueCapacity, key, clock, records, interval);
    }
  }

  private final Settings settings;
  private final BlockingQueue<AuditEvent> queue;
  private final List<AuditSink> observers = new CopyOnWriteArrayList<>();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final ChainWriter writer;
  private final Thread thread;
  private volatile boolean closing;
  private volatile String lastError;
  /** Drops already written into the trail (writer thread only). */
  private long reportedDrops;

  AuditLog(Settings settings, boolean start) throws IOException {
    if (settings.maxFileBytes() < 2048 || settings.queueCapacity() < 1 || settings.checkpointRecords() < 1
        || settings.checkpointInterval().isNegative() || settings.checkpointInterval().isZero()) {
      throw new IllegalArgumentException("An audit file needs at least 2048 bytes, the queue room for one event, and checkpoints "
          + "at least every so many records and seconds: " + settings);
    }
    this.settings = settings;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.writer = new ChainWriter(settings.dir(), settings.maxFileBytes(), settings.key(), settings.clock(),
        settings.checkpointRecords(), settings.checkpointInterval());
    this.thread = new Thread(this::run, "iam4j-audit-writer");
    thread.setDaemon(true);
    if (start) {
      thread.start();
    }
  }

  /**
   * Opens the trail in {@code settings.dir()} and starts its writer. A trail already there is
   * continued: a new file whose first record chains to the newest file's last one, and, when that
   * file was not closed cleanly, reports what was found there (a recovery record).
   *
   * @throws IOException when the directory cannot be created or read
   */
  public static AuditLog open(Settings settings) throws IOException {
    return new AuditLog(settings, true);
  }

  /** Starts the writer of a log made without it (tests: fill the queue first). */
  void start() {
    thread.start();
  }

  public Settings settings() {
    return settings;
  }

  /** Tells {@code observer} about every event recorded from now on, on the recording thread. */
  public void addObserver(AuditSink observer) {
    observers.add(observer);
  }

  /** Queues an event; never blocks. A full queue (or a closed trail) drops it and counts the drop. */
  @Override
  public void record(AuditEvent event) {
    for (AuditSink o : observers) {
      try {
        o.record(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Audit observer failed on " + event, e);
      }
    }
    if (closing || !queue.offer(event)) {
      dropped.incrementAndGet();
      return;
    }
    accepted.incrementAndGet();
  }

  /** Events waiting for the writer. */
  public int queueDepth() {
    return queue.size();
  }

  /** Events lost since the trail opened: dropped on a full queue, or lost to a failed write. */
  public long dropped() {
    return dropped.get();
  }

  /** Records written since the trail opened (file and drop records included). */
  public long written() {
    return written.get();
  }

  /** Whether the writer thread runs (false once closed, or if it died). */
  public boolean running() {
    return thread.isAlive() && !closing;
  }

  /** The last write failure, or null when the last write succeeded. */
  public String lastError() {
    return lastError;
  }

  /** The file being written, or null between files. */
  public Path currentFile() {
    return writer.currentFile();
  }

  /**
   * Waits until every event recorded before this call was written (or dropped).
   *
   * @return false when {@code timeout} passed first
   */
  public boolean flush(Duration timeout) {
    long target = accepted.get();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (processed.get() < target) {
      if (System.nanoTime() > deadline || !thread.isAlive()) {
        return processed.get() >= target;
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** How long the writer lets events gather after writing a partial batch. */
  static final long GATHER_MILLIS = 10;

  private void run() {
    List<AuditEvent> batch = new ArrayList<>(512);
    while (true) {
      boolean idle = true;
      try {
        AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch, 511);
        }
        idle = batch.isEmpty() && dropped.get() == reportedDrops;
        if (!idle) {
          writeBatch(batch);
        }
        checkpoint();
        if (!idle && batch.size() < 512 && !closing) {
          // Gather: under steady traffic, let events accumulate for a moment rather than wake this
          // thread (and make a write) for each one. Waking a writer parked on the queue cost every
          // recording request thread an unpark, and the writer a write call per event (the profile:
          // the writer was the busiest thread, a third of it in the kernel). A recorded event waits
          // at most GATHER_MILLIS longer before reaching the file; nothing is dropped for it.
          Thread.sleep(GATHER_MILLIS);
        }
      } catch (InterruptedException e) {
        // Only close() ends the writer: what is queued must still be written.
      } catch (RuntimeException | Error e) {
        // A bug must not stop the trail: log it, lose this batch (counted), keep writing.
        LOG.log(Level.SEVERE, "The audit writer failed", e);
        dropped.addAndGet(batch.size());
        processed.addAndGet(batch.size());
        lastError = e.toString();
      } finally {
        batch.clear();
      }
      if (closing && queue.isEmpty() && (idle || lastError != null)) {
        break;
      }
    }
    try {
      writer.close();
    } catch (IOException e) {
      lastError = e.toString();
    }
  }

  private void writeBatch(List<AuditEvent> batch) {
    try {
      long d = dropped.get();
      if (d > reportedDrops) {
        long count = d - reportedDrops;
        writer.append((seq, prev) -> AuditRecords.dropped(seq, prev, settings.clock().instant(), count, d));
      }
      for (AuditEvent e : batch) {
        writer.append((seq, prev) -> AuditRecords.event(seq, prev, e));
      }
      writer.flush();
      written.addAndGet(batch.size() + (d > reportedDrops ? 1 : 0));
      // Only now: a drop record that did not reach the file is reported again, with the new losses.
      reportedDrops = d;
      lastError = null;
    } catch (IOException e) {
      lastError = e.toString();
      LOG.log(Level.SEVERE, "Cannot write the audit trail in " + settings.dir() + "; " + batch.size() + " events lost (counted)", e);
      writer.discard();
      dropped.addAndGet(batch.size());
      pause();
    } finally {
      processed.addAndGet(batch.size());
    }
  }

  /** Signs the chain when enough records or time passed: also when idle, so the newest records do not wait for traffic. */
  private void checkpoint() {
    try {
      writer.checkpointIfDue();
    } catch (IOException e) {
      lastError = e.toString();
      LOG.log(Level.SEVERE, "Cannot write an audit checkpoint in " + settings.dir(), e);
      writer.discard();
      pause();
    }
  }

  /** A failing disk is not retried in a busy loop. */
  private void pause() {
    try {
      Thread.sleep(closing ? 0 : 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what is queued, closes the current file with a signed checkpoint and stops the writer (at most about ten seconds). */
  @Override
  public void close() {
    closing = true;
    if (!thread.isAlive()) {
      if (thread.getState() == Thread.State.NEW) {
        try {
          writer.close();
        } catch (IOException e) {
          lastError = e.toString();
        }
      }
      return;
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
