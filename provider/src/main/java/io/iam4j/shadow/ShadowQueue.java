package io.iam4j.shadow;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The shadow thread and its bounded queue. Handing a comparison over costs the request thread an
 * atomic increment and a lock-free enqueue: it wakes the thread only when the thread went idle
 * (once per burst, not per request, unlike a {@code ThreadPoolExecutor} whose every {@code execute}
 * takes a lock and signals). A full queue refuses at once ({@link #offer} false), so a request never
 * waits for the shadow. Thread-safe.
 */
public final class ShadowQueue implements Executor, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ShadowQueue.class.getName());
  /** The longest the idle thread sleeps without a wake-up (a safety net for a lost one). */
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final int capacity;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicBoolean idle = new AtomicBoolean();
  private final Thread worker;
  private volatile boolean closed;

  public ShadowQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    this.capacity = capacity;
    this.worker = new Thread(this::run, "iam4j-shadow");
    worker.setDaemon(true);
    worker.start();
  }

  /** Queues a task; false when the queue is full or closed (the task is dropped). */
  public boolean offer(Runnable task) {
    if (closed) {
      return false;
    }
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return false;
    }
    queue.offer(task);
    if (idle.get() && idle.compareAndSet(true, false)) {
      LockSupport.unpark(worker);
    }
    return true;
  }

  @Override
  public void execute(Runnable task) {
    if (!offer(task)) {
      throw new RejectedExecutionException("shadow queue full (" + capacity + ") or closed");
    }
  }

  /** Tasks waiting. */
  public int depth() {
    return size.get();
  }

  private void run() {
    while (!closed) {
      Runnable task = queue.poll();
      if (task == null) {
        idle.set(true);
        // Re-checked after announcing idleness: a task queued before it is seen now, one queued after it wakes us.
        if (queue.isEmpty() && !closed) {
          LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        }
        idle.set(false);
        continue;
      }
      size.decrementAndGet();
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "A shadow task failed", e);
      }
    }
  }

  /** Stops the thread; queued tasks are dropped. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(worker);
  }

  /** Waits for the thread to end after {@link #close}, for tests. */
  boolean awaitTermination(long millis) throws InterruptedException {
    worker.join(millis);
    return !worker.isAlive();
  }
}
