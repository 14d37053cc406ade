package io.iam4j.config.postgres;

import io.iam4j.config.ConfigStore;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a store over a shared database current: every interval, one query for the tenants changed
 * since the last look ({@link ConfigStore#pollChanges()}), and those reloaded. While the database
 * is unavailable it waits longer between attempts (twice as long each time, at most 30 s), then
 * resumes where it stopped; a store that started without its database loads in full once it
 * answers. One daemon thread; {@link #close()} stops it.
 */
final class StorePoller implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(StorePoller.class.getName());
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final Thread thread;
  private volatile boolean running = true;

  private StorePoller(ConfigStore store, Duration interval) {
    thread = new Thread(() -> loop(store, interval), "iam4j-store-poller");
    thread.setDaemon(true);
  }

  static StorePoller start(ConfigStore store, Duration interval) {
    StorePoller p = new StorePoller(store, interval);
    p.thread.start();
    return p;
  }

  private void loop(ConfigStore store, Duration interval) {
    long wait = interval.toMillis();
    while (running) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        return;
      }
      try {
        store.pollChanges();
      } catch (RuntimeException e) {
        // Not an outage (those are reported by the store): a schema this iam4j refuses, a bug. Logged, retried.
        LOG.log(Level.SEVERE, "Polling the configuration storage failed", e);
      }
      boolean healthy = store.storageStatus().available() && store.storageStatus().complete();
      wait = healthy ? interval.toMillis() : Math.min(Math.max(wait * 2, interval.toMillis()), MAX_BACKOFF.toMillis());
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
