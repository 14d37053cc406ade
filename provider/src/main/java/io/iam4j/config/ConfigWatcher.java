package io.iam4j.config;

import io.iam4j.IamException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches a store's tree and reloads a tenant once its files have been quiet for the debounce
 * time: the watching third of the store. One daemon thread; {@link #close()} stops it.
 */
public final class ConfigWatcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ConfigWatcher.class.getName());

  private final ConfigStore store;
  private final Path tenantsDir;
  private final WatchService watcher;
  private final Thread thread;

  private ConfigWatcher(ConfigStore store, Path tenantsDir) throws IOException {
    this.store = store;
    this.tenantsDir = tenantsDir;
    Files.createDirectories(tenantsDir);
    this.watcher = FileSystems.getDefault().newWatchService();
    Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
    registerAll(watcher, tenantsDir, keys);
    this.thread = new Thread(() -> watchLoop(watcher, keys), "iam4j-config-watcher");
    thread.setDaemon(true);
  }

  /** Starts watching {@code tenantsDir}, {@code store}'s tree. */
  static ConfigWatcher start(ConfigStore store, Path tenantsDir) {
    try {
      ConfigWatcher w = new ConfigWatcher(store, tenantsDir);
      w.thread.start();
      return w;
    } catch (IOException e) {
      throw new IamException("Cannot watch " + tenantsDir + ": " + e.getMessage(), e);
    }
  }

  private void registerAll(WatchService ws, Path start, Map<WatchKey, Path> keys) throws IOException {
    try (Stream<Path> s = Files.walk(start)) {
      for (Path dir : (Iterable<Path>) s.filter(Files::isDirectory)::iterator) {
        keys.put(dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
            StandardWatchEventKinds.ENTRY_MODIFY), dir);
      }
    }
  }

  private void watchLoop(WatchService ws, Map<WatchKey, Path> keys) {
    Set<String> pending = new HashSet<>();
    boolean everything = false;
    long quietNanos = store.settings().debounce().toNanos();
    while (true) {
      WatchKey key;
      try {
        key = pending.isEmpty() && !everything ? ws.take() : ws.poll(quietNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      if (key == null) {
        // Quiet for the debounce time: reload what changed.
        try {
          if (everything) {
            store.reload("file reload");
          } else {
            for (String t : pending) {
              store.reloadTenant(t, "file reload");
            }
          }
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "Reload after a file change failed", e);
        }
        pending.clear();
        everything = false;
        continue;
      }
      Path dir = keys.get(key);
      for (WatchEvent<?> event : key.pollEvents()) {
        if (event.kind() == StandardWatchEventKinds.OVERFLOW || dir == null) {
          everything = true;
          continue;
        }
        Path changed = dir.resolve((Path) event.context());
        Path rel = tenantsDir.relativize(changed);
        if (rel.getNameCount() == 0 || ConfigReader.hidden(rel)) {
          continue;
        }
        pending.add(rel.getName(0).toString());
        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
          try {
            registerAll(ws, changed, keys);
          } catch (IOException e) {
            everything = true;
          }
        }
      }
      if (!key.reset()) {
        keys.remove(key);
      }
    }
  }

  @Override
  public void close() {
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing the watcher", e);
    }
    thread.interrupt();
  }
}
