package io.iam4j.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The write side of an in-memory state kept in a file under {@code CONFIG/state} (access key and
 * password last use, the access advisor): a dirty flag the request path sets, a daemon thread
 * writing the state every interval when it changed, and a last write at {@link #close()}. The
 * owner's {@link Writer} merges the state with the file as it is on disk (servers sharing the
 * directory keep each other's records) and writes it atomically; writes never run concurrently.
 * Reading the file back at start stays with the owner (each file has its own shape). Thread-safe.
 */
public final class StateFile implements AutoCloseable {

  /** Merges the owner's state with what {@code file} holds now and writes it (see {@link AtomicFiles}). */
  @FunctionalInterface
  public interface Writer {
    void write() throws IOException;
  }

  private final Path file;
  private final String what;
  private final Logger log;
  private final Writer writer;
  private final AtomicBoolean dirty = new AtomicBoolean();
  private final ScheduledExecutorService flusher;
  private final Object fileLock = new Object();

  private StateFile(Path file, String what, Logger log, String threadName, Duration flushInterval, Writer writer) {
    this.file = file;
    this.what = what;
    this.log = log;
    this.writer = writer;
    if (flushInterval == null) {
      flusher = null;
    } else {
      flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
      });
      long ms = Math.max(1, flushInterval.toMillis());
      flusher.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Starts writing {@code file} through {@code writer} every {@code flushInterval} when the state
   * changed. Call it once the owner's state is read and ready to be written.
   *
   * @param what what the file holds, for log messages ("access key usage")
   * @param log the owner's logger
   * @param threadName the flusher thread's name
   * @param flushInterval null to write only on {@link #flush()} and {@link #close()}
   */
  public static StateFile open(Path file, String what, Logger log, String threadName, Duration flushInterval, Writer writer) {
    return new StateFile(file, what, log, threadName, flushInterval, writer);
  }

  /** The state changed: the next flush writes it. Cheap when already dirty (a read, no write). */
  public void changed() {
    if (!dirty.get()) {
      dirty.set(true);
    }
  }

  /**
   * Writes the state now when it changed since the last write.
   *
   * @throws IOException when the file cannot be written; the state stays dirty and is tried again
   */
  public void flush() throws IOException {
    if (!dirty.getAndSet(false)) {
      return;
    }
    synchronized (fileLock) {
      try {
        writer.write();
      } catch (IOException | RuntimeException e) {
        dirty.set(true);
        throw e;
      }
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (IOException | RuntimeException e) {
      log.log(Level.WARNING, "Cannot write the " + what + " file " + file + "; trying again later", e);
    }
  }

  /** Stops the periodic writes and writes what is left. */
  @Override
  public void close() {
    if (flusher != null) {
      flusher.shutdown();
      try {
        flusher.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flushQuietly();
  }
}
