package io.iam4j.config;

import io.iam4j.directory.Arns;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Tenant;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded configuration store: the {@link Directory} serving requests, read from a directory
 * tree {@code ROOT/tenants/<tenant>/...} by a {@link ConfigReader}, kept current by a {@link
 * ConfigWatcher} and changed by a {@link ConfigWriter}. Thread-safe: readers take {@link
 * #directory()} without locking; reloads and writes are serialized.
 *
 * <p>Invariants: a tenant's files become active only after the whole tenant validated; a broken
 * file never replaces a working configuration (the old one keeps serving and {@link #status()}
 * names the file and pointer); one tenant's change never touches another; every change moves the
 * tenant's version, and versions never go back, even across removal and re-creation.
 */
public final class ConfigStore implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ConfigStore.class.getName());

  /**
   * @param root the configuration root (the directory holding {@code tenants/})
   * @param debounce how long the tree must be quiet before a change on disk is reloaded
   * @param maxFileBytes files larger than this are refused (named in the message)
   * @param serverKey the server key, or null: with it, loading also checks that every access key's
   *     secret was sealed by this server for that very key (a located error otherwise); without it
   *     only the sealed format is checked
   */
  public record Settings(Path root, Arns arns, Duration debounce, int maxFileBytes, ClassLoader classLoader,
      io.iam4j.crypto.ServerKey serverKey) {
    public static Settings of(Path root) {
      return new Settings(root, Arns.DEFAULT, Duration.ofMillis(200), 1 << 20, ConfigStore.class.getClassLoader(), null);
    }

    public Settings withArns(Arns a) {
      return new Settings(root, a, debounce, maxFileBytes, classLoader, serverKey);
    }

    public Settings withDebounce(Duration d) {
      return new Settings(root, arns, d, maxFileBytes, classLoader, serverKey);
    }

    public Settings withServerKey(io.iam4j.crypto.ServerKey key) {
      return new Settings(root, arns, debounce, maxFileBytes, classLoader, key);
    }
  }

  private final Settings settings;
  private final ConfigReader reader;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Long> lastVersions = new HashMap<>();
  /** Per tenant, a hash of each file of the serving version: which files a reload changed. */
  private final Map<String, Map<String, String>> fileHashes = new HashMap<>();
  private final Map<String, TenantStatus> status = new ConcurrentHashMap<>();
  private final List<Consumer<ConfigEvent>> listeners = new CopyOnWriteArrayList<>();
  private final Clock clock;
  private volatile Directory directory;
  /** During a full reload, the tenants as they will be: one new Directory at the end, not one per tenant. */
  private Map<String, Tenant> batch;
  /** During a full reload, the access key ids of the tenants installed so far, to their tenant. */
  private Map<String, String> batchKeyOwners;
  private final ConfigWriter writer;
  private volatile ConfigWatcher watcher;

  private ConfigStore(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.reader = new ConfigReader(settings);
    this.writer = new ConfigWriter(this);
    this.directory = new Directory(settings.arns(), List.of(), reader.providerPolicies());
  }

  /** Opens a store and loads every tenant; tenants that fail to load are reported in {@link #status()}. */
  public static ConfigStore open(Settings settings) {
    ConfigStore store = new ConfigStore(settings, Clock.systemUTC());
    store.reload("initial load");
    return store;
  }

  public Settings settings() {
    return settings;
  }

  /** The configuration serving requests now. */
  public Directory directory() {
    return directory;
  }

  /** Per tenant: the serving version and the outcome of the last load, sorted by tenant. */
  public Map<String, TenantStatus> status() {
    return Collections.unmodifiableMap(new TreeMap<>(status));
  }

  /** Tells {@code listener} about every configuration event (after it took effect). */
  public void addListener(Consumer<ConfigEvent> listener) {
    listeners.add(listener);
  }

  /** Validates a configuration tree exactly as the server would load it, without activating it. */
  public static Map<String, List<ConfigProblem>> validate(Settings settings) {
    return ConfigReader.validate(settings);
  }

  /** Re-reads every tenant from disk, on demand; returns the events it caused. */
  public List<ConfigEvent> reload() {
    return reload("reload on demand");
  }

  /** Re-reads one tenant from disk (or removes it when its directory is gone). */
  public List<ConfigEvent> reloadTenant(String tenant, String cause) {
    lock.lock();
    try {
      List<ConfigEvent> events = new ArrayList<>();
      reloadLocked(tenant, cause, events);
      publish(events);
      return events;
    } finally {
      lock.unlock();
    }
  }

  List<ConfigEvent> reload(String cause) {
    lock.lock();
    try {
      List<ConfigEvent> events = new ArrayList<>();
      Set<String> names = new TreeSet<>(reader.tenantNames());
      names.addAll(directory.tenants().keySet());
      names.addAll(status.keySet());
      batch = new TreeMap<>(directory.tenants());
      batchKeyOwners = new HashMap<>();
      try {
        for (String t : names) {
          reloadLocked(t, cause, events);
        }
        directory = new Directory(settings.arns(), batch.values(), reader.providerPolicies());
      } finally {
        batch = null;
        batchKeyOwners = null;
      }
      publish(events);
      return events;
    } finally {
      lock.unlock();
    }
  }

  private void reloadLocked(String tenant, String cause, List<ConfigEvent> events) {
    Instant now = clock.instant();
    Tenant old = current(tenant);
    long oldVersion = old == null ? 0 : old.version();
    if (!reader.exists(tenant)) {
      Map<String, String> removedFiles = fileHashes.remove(tenant);
      if (old != null) {
        List<ConfigEvent.FileDigest> gone = new ArrayList<>();
        if (removedFiles != null) {
          removedFiles.forEach((f, h) -> gone.add(new ConfigEvent.FileDigest(f, h, null)));
        }
        if (batch != null) {
          batch.remove(tenant);
        } else {
          directory = directory.without(tenant);
        }
        events.add(new ConfigEvent(ConfigEvent.Kind.REMOVED, tenant, oldVersion, 0, cause, now,
            gone.stream().map(ConfigEvent.FileDigest::file).toList(), List.of(), null, gone));
        LOG.info(() -> "Tenant " + tenant + " removed (" + cause + ")");
      }
      status.remove(tenant);
      return;
    }
    Map<String, String> files;
    Tenant loaded;
    try {
      files = reader.readTenantFiles(tenant);
      if (old != null && old.fingerprint().equals(TenantLoader.fingerprint(files))) {
        // Unchanged on disk: nothing to do, and a previous failure is over.
        status.put(tenant, new TenantStatus(tenant, oldVersion, status.get(tenant) == null ? now : status.get(tenant).loadedAt(),
            old.fingerprint(), now, List.of()));
        return;
      }
      loaded = reader.load(tenant, files);
      List<ConfigProblem> clashes = accessKeyClashes(loaded);
      if (!clashes.isEmpty()) {
        throw new ConfigException(clashes);
      }
    } catch (ConfigException e) {
      TenantStatus previous = status.get(tenant);
      status.put(tenant, new TenantStatus(tenant, oldVersion, previous == null ? null : previous.loadedAt(),
          old == null ? null : old.fingerprint(), now, e.problems()));
      events.add(new ConfigEvent(ConfigEvent.Kind.FAILED, tenant, oldVersion, oldVersion, cause, now, List.of(), e.problems()));
      LOG.warning(() -> "Configuration of tenant " + tenant + " refused (" + cause + "); "
          + (old == null ? "the tenant is not served" : "version " + oldVersion + " keeps serving") + ": " + e.getMessage());
      return;
    }
    install(loaded, old, cause, null, now, events, files, 0);
  }

  /** Per file, the SHA-256 (hex) of its UTF-8 content: what the audit trail's before/after digests are. */
  private static Map<String, String> hashes(Map<String, String> files) {
    Map<String, String> out = new TreeMap<>();
    files.forEach((k, v) -> out.put(k, sha256(v)));
    return out;
  }

  /** SHA-256 (hex) of a file's content as UTF-8. */
  public static String sha256(String content) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The files that differ between the serving version and {@code files} (added, changed or removed),
   * sorted, each with its content digest before and after.
   */
  private List<ConfigEvent.FileDigest> changed(String tenant, Map<String, String> after) {
    Map<String, String> before = fileHashes.getOrDefault(tenant, Map.of());
    Set<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    List<ConfigEvent.FileDigest> out = new ArrayList<>();
    for (String f : names) {
      if (!java.util.Objects.equals(before.get(f), after.get(f))) {
        out.add(new ConfigEvent.FileDigest(f, before.get(f), after.get(f)));
      }
    }
    return out;
  }

  /**
   * @param minVersion the lowest version the tenant may take (0: any): a change another node of a
   *     cluster made is installed at that node's version, so that every node names it alike
   */
  private void install(Tenant loaded, Tenant old, String cause, String actor, Instant now, List<ConfigEvent> events,
      Map<String, String> files, long minVersion) {
    Map<String, String> digests = hashes(files);
    List<ConfigEvent.FileDigest> changes = changed(loaded.id(), digests);
    List<String> changedFiles = changes.stream().map(ConfigEvent.FileDigest::file).toList();
    fileHashes.put(loaded.id(), digests);
    long version = Math.max(Math.max(lastVersions.getOrDefault(loaded.id(), 0L), old == null ? 0 : old.version()) + 1, minVersion);
    lastVersions.put(loaded.id(), version);
    Tenant active = loaded.withVersion(version);
    if (batch != null) {
      batch.put(active.id(), active);
      active.users().values().forEach(u -> u.accessKeys().forEach(k -> batchKeyOwners.put(k.id(), active.id())));
    } else {
      directory = directory.with(active);
    }
    status.put(active.id(), new TenantStatus(active.id(), version, now, active.fingerprint(), now, List.of()));
    events.add(new ConfigEvent(old == null ? ConfigEvent.Kind.ADDED : ConfigEvent.Kind.UPDATED, active.id(),
        old == null ? 0 : old.version(), version, cause, now, changedFiles, List.of(), actor, changes));
    LOG.info(() -> "Tenant " + active.id() + " version " + version + " active (" + cause + ")");
  }

  ReentrantLock lock() {
    return lock;
  }

  /**
   * The access keys of {@code candidate} whose id another serving tenant already holds (under
   * {@link #lock()}). Key ids are unique across tenants, so that a signed request's key id names one
   * tenant: the tenant that holds an id first keeps it, and a tenant that would take it is refused
   * with a located error, its previous version serving on. Costs a lookup per key of the candidate.
   */
  List<ConfigProblem> accessKeyClashes(Tenant candidate) {
    List<ConfigProblem> out = new ArrayList<>();
    for (io.iam4j.directory.User u : candidate.users().values()) {
      List<io.iam4j.directory.AccessKey> keys = u.accessKeys();
      for (int i = 0; i < keys.size(); i++) {
        String id = keys.get(i).id();
        String owner = batchKeyOwners == null ? null : batchKeyOwners.get(id);
        if (owner == null) {
          owner = directory.accessKey(id).map(o -> o.tenant().id())
              .filter(t -> !t.equals(candidate.id()) && holds(current(t), id)).orElse(null);
        }
        if (owner != null && !owner.equals(candidate.id())) {
          out.add(new ConfigProblem("tenants/" + candidate.id() + "/users/" + u.name() + ".json", "/accessKeys/" + i + "/id",
              io.iam4j.json.Location.UNKNOWN, "Access key " + id + " already belongs to tenant " + owner
                  + ": access key ids are unique across tenants (delete this key and create a new one)"));
        }
      }
    }
    return out;
  }

  private static boolean holds(Tenant t, String keyId) {
    return t != null && t.users().values().stream().anyMatch(u -> u.accessKeys().stream().anyMatch(k -> k.id().equals(keyId)));
  }

  ConfigReader reader() {
    return reader;
  }

  /**
   * Activates a tenant the writer validated and persisted (under {@link #lock()}), and tells the
   * listeners; {@code actor} made the change.
   */
  void activate(Tenant candidate, Tenant old, String actor, Map<String, String> files) {
    activate(candidate, old, actor, files, 0);
  }

  /** As {@link #activate(Tenant, Tenant, String, Map)}, at version {@code minVersion} or later. */
  void activate(Tenant candidate, Tenant old, String actor, Map<String, String> files, long minVersion) {
    List<ConfigEvent> events = new ArrayList<>();
    install(candidate, old, "write by " + actor, who(actor), clock.instant(), events, files, minVersion);
    publish(events);
  }

  /**
   * Who wrote, from a writer's actor: {@code "ARN"} or {@code "ARN: what was done"} (as {@link
   * AccessKeys} writes it). ARNs hold colons but never a colon followed by a space.
   */
  static String who(String actor) {
    int i = actor.indexOf(": ");
    return i < 0 ? actor : actor.substring(0, i);
  }

  private Tenant current(String tenant) {
    return batch != null ? batch.get(tenant) : directory.tenant(tenant).orElse(null);
  }

  private void publish(List<ConfigEvent> events) {
    for (ConfigEvent e : events) {
      for (Consumer<ConfigEvent> l : listeners) {
        try {
          l.accept(e);
        } catch (RuntimeException ex) {
          LOG.log(Level.WARNING, "Configuration listener failed on " + e, ex);
        }
      }
    }
  }

  /** Changes files of this store's tree and activates them (see {@link ConfigWriter}). */
  public ConfigWriter writer() {
    return writer;
  }

  /** Watches the tree and reloads what changes on disk (see {@link ConfigWatcher}). Idempotent. */
  public synchronized void startWatching() {
    if (watcher == null) {
      watcher = ConfigWatcher.start(this);
    }
  }

  /** Stops watching, if this store watches. */
  @Override
  public synchronized void close() {
    ConfigWatcher w = watcher;
    watcher = null;
    if (w != null) {
      w.close();
    }
  }
}
