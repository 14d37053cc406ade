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
 * The embedded configuration store: the {@link Directory} serving requests, read from a {@link
 * TenantStorage} (the directory tree {@code ROOT/tenants/<tenant>/...} by default, or a database),
 * validated by a {@link ConfigReader}, kept current by the storage's watcher ({@link ConfigWatcher}
 * for files, a poller for a database) and changed by a {@link ConfigWriter}. Thread-safe: readers
 * take {@link #directory()} without locking; reloads and writes are serialized.
 *
 * <p>When the storage cannot be reached ({@link StorageUnavailableException}) the store keeps
 * serving what it loaded last and reports the outage in {@link #storageStatus()}; a store that
 * could not load at all serves no tenant (every request denied) until its storage answers.
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
  /** Fair: a lazy start's background load releases it between chunks, and a waiting request goes first. */
  private final ReentrantLock lock = new ReentrantLock(true);
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
  private final TenantStorage storage;
  private volatile AutoCloseable watcher;
  private volatile StorageStatus storageStatus;
  /** The storage position read before the last full load that completed: where polling resumes. */
  private volatile long position;

  /** Whether tenants load on first use (see {@link #openLazily}). */
  private final boolean lazy;
  /** A lazy store's tenants listed by the storage and not loaded yet. */
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  /**
   * The storage index's answers for key ids no loaded tenant holds, during a lazy start. Made-up key ids
   * come from the network: without this each signed request carrying one would cost a database query.
   * Concurrent asks for one id make one query; an answer is kept a few seconds (a key created meanwhile
   * is written through this store, which loads its tenant, so it never needs the index); failures are
   * not kept.
   */
  private final com.github.benmanes.caffeine.cache.Cache<String, java.util.Optional<String>> keyIndexAnswers =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000)
          .expireAfterWrite(Duration.ofSeconds(10)).build();
  private volatile boolean loading;

  private ConfigStore(Settings settings, TenantStorage storage, Clock clock, boolean lazy) {
    this.settings = settings;
    this.lazy = lazy;
    this.storage = storage;
    this.clock = clock;
    this.storageStatus = new StorageStatus(storage.describe(), true, clock.instant(), null, 0, false);
    this.reader = new ConfigReader(settings);
    this.writer = new ConfigWriter(this);
    this.directory = newDirectory(List.of());
  }

  /** Opens a store and loads every tenant; tenants that fail to load are reported in {@link #status()}. */
  public static ConfigStore open(Settings settings) {
    return open(settings, new FileTenantStorage(settings.root(), settings.maxFileBytes()));
  }

  /**
   * Opens a store over {@code storage} and loads every tenant. A storage that cannot be reached
   * leaves the store empty (every request denied) with the outage in {@link #storageStatus()}; its
   * watcher ({@link #startWatching()}) loads everything once the storage answers. The store closes
   * the storage when it closes.
   */
  public static ConfigStore open(Settings settings, TenantStorage storage) {
    ConfigStore store = new ConfigStore(settings, storage, Clock.systemUTC(), false);
    store.reload("initial load");
    return store;
  }

  /** Where the tenants' documents live. */
  public TenantStorage storage() {
    return storage;
  }

  /** Whether the storage answered the last access, and whether a full load ever completed. */
  public StorageStatus storageStatus() {
    return storageStatus;
  }

  /** The storage position from which {@link #pollChanges()} looks for changes. */
  long position() {
    return position;
  }

  /**
   * Reloads the tenants the storage changed since the last look (one query for a database): what a
   * database store's poller calls every interval. Before a full load ever completed, retries it
   * instead. Returns the events it caused; a storage outage is reported in {@link #storageStatus()}.
   */
  public List<ConfigEvent> pollChanges() {
    if (loading) {
      return List.of(); // the background load reads everything, changes included
    }
    if (!storageStatus.complete()) {
      return reload("load after the storage came back");
    }
    long from = position;
    List<TenantStorage.Change> changes;
    try {
      changes = storage.changesSince(from);
    } catch (StorageUnavailableException e) {
      storageDown(e);
      return List.of();
    }
    storageUp();
    List<ConfigEvent> events = new ArrayList<>();
    for (TenantStorage.Change c : changes) {
      TenantStatus s = status.get(c.tenant());
      if (s == null || s.version() < c.version() || !s.lastProblems().isEmpty()) {
        events.addAll(reloadTenant(c.tenant(), "change in " + storage.describe() + " (version " + c.version() + ")"));
      }
      if (!storageStatus.available()) {
        return events; // resume from the last change applied
      }
      position = Math.max(position, c.position());
    }
    return events;
  }

  // The status is replaced whole; these three are synchronized so that concurrent accesses (the poller,
  // a request loading a tenant, a writer) count every failure and never lose "complete".
  private synchronized void storageDown(StorageUnavailableException e) {
    StorageStatus s = storageStatus;
    if (s.available()) {
      // The message names the cause (the driver's message and SQLState); the stack only at FINE.
      LOG.severe(() -> "Configuration storage " + storage.describe() + " unavailable: " + e.getMessage() + "; "
          + (s.complete() ? "the last good configuration (" + directory.tenants().size() + " tenants) keeps serving"
              : "no configuration was loaded, every request is denied") + " until it answers");
      LOG.log(Level.FINE, "Configuration storage outage", e);
    }
    storageStatus = new StorageStatus(s.storage(), false, s.available() ? clock.instant() : s.since(), e.getMessage(),
        s.failures() + 1, s.complete());
  }

  /** A full load completed: the storage answered throughout. */
  private synchronized void storageComplete() {
    StorageStatus s = storageStatus;
    storageStatus = new StorageStatus(s.storage(), s.available(), s.since(), s.lastError(), s.failures(), true);
    storageUp();
  }

  private synchronized void storageUp() {
    StorageStatus s = storageStatus;
    if (!s.available()) {
      LOG.warning(() -> "Configuration storage " + storage.describe() + " available again after "
          + Duration.between(s.since(), clock.instant()).toSeconds() + " s");
      storageStatus = new StorageStatus(s.storage(), true, clock.instant(), s.lastError(), s.failures(), s.complete());
    }
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

  /**
   * Hands {@code current} the status of every tenant, then tells {@code listener} about every later
   * event, with nothing lost or told twice in between (a lazy store loads while the caller
   * subscribes): what an audit trail that records the starting state and then the changes needs.
   */
  public void addListener(Consumer<ConfigEvent> listener, Consumer<Map<String, TenantStatus>> current) {
    lock.lock();
    try {
      current.accept(status());
      listeners.add(listener);
    } finally {
      lock.unlock();
    }
  }

  /** Validates a configuration tree exactly as the server would load it, without activating it. */
  public static Map<String, List<ConfigProblem>> validate(Settings settings) {
    return ConfigReader.validate(settings);
  }

  /** Re-reads every tenant from disk, on demand; returns the events it caused. */
  public List<ConfigEvent> reload() {
    return reload("reload on demand");
  }

  /**
   * Re-reads one tenant from the storage (or removes it when it is gone there). A cluster peer
   * that learned of a change calls this; a storage outage changes nothing and is reported in
   * {@link #storageStatus()}.
   */
  public List<ConfigEvent> reloadTenant(String tenant, String cause) {
    lock.lock();
    try {
      TenantStorage.Stored stored;
      try {
        stored = storage.read(tenant);
      } catch (StorageUnavailableException e) {
        storageDown(e);
        return List.of();
      }
      storageUp();
      List<ConfigEvent> events = new ArrayList<>();
      reloadLocked(tenant, stored, cause, events);
      publish(events);
      return events;
    } finally {
      lock.unlock();
    }
  }

  /** Reads every tenant from the storage, under the lock: one new snapshot at the end. */
  List<ConfigEvent> reload(String cause) {
    lock.lock();
    try {
      List<ConfigEvent> all = new ArrayList<>();
      List<ConfigEvent> events = new ArrayList<>();
      batch = new TreeMap<>(directory.tenants());
      batchKeyOwners = new HashMap<>();
      try {
        try {
          long from = storage.position();
          Set<String> gone = new TreeSet<>(directory.tenants().keySet());
          gone.addAll(status.keySet());
          storage.forEachTenant((t, stored) -> {
            gone.remove(t);
            reloadLocked(t, stored, cause, events);
          });
          // Only after the storage listed everything: what it no longer holds is removed.
          for (String t : gone) {
            reloadLocked(t, null, cause, events);
          }
          position = Math.max(position, from);
          storageComplete();
          indexAllKeys();
        } catch (StorageUnavailableException e) {
          // The tenants read before the outage are installed (each one whole); nothing is removed.
          storageDown(e);
        }
        commitBatch(events, all);
      } finally {
        batch = null;
        batchKeyOwners = null;
      }
      return all;
    } finally {
      lock.unlock();
    }
  }

  /** Activates the tenants of the batch (one new snapshot) when any changed, and tells the listeners. */
  private void commitBatch(List<ConfigEvent> events, List<ConfigEvent> all) {
    if (events.stream().anyMatch(e -> e.kind() != ConfigEvent.Kind.FAILED)) {
      directory = newDirectory(batch.values());
    }
    Map<String, Tenant> b = batch;
    Map<String, String> owners = batchKeyOwners;
    // Listeners run outside the batch: one that reads the directory sees the snapshot just made.
    batch = null;
    batchKeyOwners = null;
    try {
      publish(events);
    } finally {
      batch = b;
      batchKeyOwners = owners;
    }
    all.addAll(events);
    events.clear();
  }

  private Directory newDirectory(java.util.Collection<Tenant> tenants) {
    return new Directory(settings.arns(), tenants, reader.providerPolicies(), lazy ? this::loadOnFirstUse : null,
        lazy ? this::keyOnFirstUse : null);
  }

  /**
   * A signed request's access key that no loaded tenant holds, while a lazy store still loads: the
   * storage's index names the tenant (one indexed query for a database, a map lookup for files),
   * that tenant is loaded now, and the key is served only if the tenant's own validated documents
   * hold it. The index is never trusted: a wrong or stale entry loads a tenant that does not hold the
   * key, and the key stays unknown (denied) until the background load has read every tenant. Inside
   * a load (the store's lock held: key clashes are checked there) nothing is loaded.
   */
  private java.util.Optional<io.iam4j.directory.OwnedAccessKey> keyOnFirstUse(String keyId) {
    if (pending.isEmpty() || lock.isHeldByCurrentThread()) {
      return java.util.Optional.empty();
    }
    String tenant;
    try {
      tenant = keyIndexAnswers.get(keyId, storage::accessKeyTenant).orElse(null);
    } catch (StorageUnavailableException e) {
      storageDown(e);
      return java.util.Optional.empty();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The access key index of " + storage.describe() + " failed; the key waits for the background load", e);
      return java.util.Optional.empty();
    }
    if (tenant == null || !pending.contains(tenant)) {
      // Not indexed, or the tenant named is loaded already and does not hold it: unknown.
      return java.util.Optional.empty();
    }
    reloadTenant(tenant, "first use (access key)");
    return directory.heldAccessKey(keyId).filter(k -> k.tenant().id().equals(tenant));
  }

  /** Tells the storage's access key index what a tenant now holds; an index failure never fails a load. */
  private void indexKeys(String tenant, Tenant before, Tenant after) {
    try {
      storage.accessKeysChanged(tenant, AccessKeyIndex.ids(before), AccessKeyIndex.ids(after));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot update the access key index of " + storage.describe(), e);
    }
  }

  /** After a full load: every key served is the index. */
  private void indexAllKeys() {
    try {
      storage.accessKeysLoaded(AccessKeyIndex.all(batch != null ? batch.values() : directory.tenants().values()));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot update the access key index of " + storage.describe(), e);
    }
  }

  /**
   * Opens a store that serves before it has loaded every tenant: it lists the tenants, returns, and
   * loads them in the background (a few thousand at a time); a tenant asked for before its turn is
   * loaded there and then. What 100,000 tenants take to start (see the benchmarks' StoreScale). Until
   * the background load completes ({@link StorageStatus#complete()}), an access key of a tenant not
   * loaded yet is unknown (a signed request with it is denied, fail closed).
   */
  public static ConfigStore openLazily(Settings settings, TenantStorage storage) {
    ConfigStore store = new ConfigStore(settings, storage, Clock.systemUTC(), true);
    try {
      store.pending.addAll(storage.tenantNames());
      store.storageUp();
    } catch (StorageUnavailableException e) {
      // Nothing listed: the background load fails the same way and the watcher loads once the storage answers.
      store.storageDown(e);
    }
    store.loading = true;
    Thread loader = new Thread(() -> {
      try {
        store.loadInBackground(LAZY_CHUNK);
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "Loading the configuration in the background failed", e);
      } finally {
        store.loading = false;
        store.pending.clear();
      }
    }, "iam4j-config-loader");
    loader.setDaemon(true);
    loader.start();
    return store;
  }

  /** Tenants a lazy store activates at a time while loading in the background. */
  static final int LAZY_CHUNK = 1_000;

  /**
   * A lazy start's load: reads every tenant without the lock (a storage's latency never holds up a
   * request), and activates them a chunk at a time under it. A tenant already served when its turn
   * comes (loaded on first use, or written) is left as it is: it was read after the start, and what
   * changed since is the watcher's or poller's, which look from the position read before this load.
   */
  private void loadInBackground(int chunk) {
    try {
      long from = storage.position();
      List<Map.Entry<String, TenantStorage.Stored>> read = new ArrayList<>();
      storage.forEachTenant((t, stored) -> {
        read.add(Map.entry(t, stored));
        if (read.size() >= chunk) {
          installChunk(read);
          read.clear();
        }
      });
      installChunk(read);
      lock.lock();
      try {
        position = Math.max(position, from);
        storageComplete();
        indexAllKeys();
      } finally {
        lock.unlock();
      }
    } catch (StorageUnavailableException e) {
      // What was installed serves; the poller loads everything once the storage answers.
      storageDown(e);
    }
  }

  private void installChunk(List<Map.Entry<String, TenantStorage.Stored>> read) {
    lock.lock();
    try {
      List<ConfigEvent> events = new ArrayList<>();
      batch = new TreeMap<>(directory.tenants());
      batchKeyOwners = new HashMap<>();
      try {
        for (Map.Entry<String, TenantStorage.Stored> e : read) {
          if (batch.containsKey(e.getKey())) {
            pending.remove(e.getKey());
          } else {
            reloadLocked(e.getKey(), e.getValue(), "initial load", events);
          }
        }
        commitBatch(events, new ArrayList<>());
      } finally {
        batch = null;
        batchKeyOwners = null;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A tenant the storage listed and the background load has not reached: loaded now. Any other name
   * is unknown without asking the storage, so that requests for made-up tenants cost nothing.
   */
  private java.util.Optional<Tenant> loadOnFirstUse(String tenant) {
    if (!pending.contains(tenant)) {
      return java.util.Optional.empty();
    }
    reloadTenant(tenant, "first use");
    return java.util.Optional.ofNullable(directory.tenants().get(tenant));
  }

  /** Whether a lazy store's background load is still running. */
  public boolean loading() {
    return loading;
  }

  /** Installs, refuses or removes one tenant from what the storage holds ({@code stored}, null: gone). */
  private void reloadLocked(String tenant, TenantStorage.Stored stored, String cause, List<ConfigEvent> events) {
    pending.remove(tenant);
    Instant now = clock.instant();
    Tenant old = current(tenant);
    long oldVersion = old == null ? 0 : old.version();
    if (stored == null) {
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
        indexKeys(tenant, old, null);
        LOG.info(() -> "Tenant " + tenant + " removed (" + cause + ")");
      }
      status.remove(tenant);
      return;
    }
    Map<String, String> files;
    Tenant loaded;
    try {
      if (!stored.problems().isEmpty()) {
        throw new ConfigException(stored.problems());
      }
      files = stored.files();
      // Unchanged, and no newer storage version to take on (a database's version is every node's).
      if (old != null && stored.version() <= oldVersion && old.fingerprint().equals(TenantLoader.fingerprint(files))) {
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
    install(loaded, old, cause, null, now, events, files, stored.version());
  }

  /** Per file, the SHA-256 (hex) of its UTF-8 content: what the audit trail's before/after digests are. */
  private static Map<String, String> hashes(Map<String, String> files) {
    Map<String, String> out = new TreeMap<>();
    files.forEach((k, v) -> out.put(k, sha256(v)));
    return out;
  }

  /** SHA-256 (hex) of a file's content as UTF-8. */
  public static String sha256(String content) {
    // One digest per thread: getInstance looks the provider up on every call (once per file of
    // every tenant loaded); digest() resets it.
    java.security.MessageDigest md = SHA256.get();
    md.reset();
    return java.util.HexFormat.of().formatHex(md.digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static final ThreadLocal<java.security.MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  });

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
   * Activates a validated tenant with the next version: one more than any version it had here, or
   * {@code minVersion} when that is higher. A database's versions are shared by every node, and a
   * change another node of a cluster made is installed at that node's version, so that every node
   * names the same documents alike (0: any).
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
    indexKeys(active.id(), old, active);
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

  /**
   * As {@link #activate(Tenant, Tenant, String, Map)}, at version {@code minVersion} or later (the
   * storage's version, or the version a cluster member gave the change).
   */
  void activate(Tenant candidate, Tenant old, String actor, Map<String, String> files, long minVersion) {
    storageUp();
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
    // The tenants held, never a load on first use: this runs inside loads.
    return batch != null ? batch.get(tenant) : directory.tenants().get(tenant);
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

  /**
   * Watches the storage and reloads what changes there (the tree: see {@link ConfigWatcher}; a
   * database: a poller). Idempotent.
   */
  public synchronized void startWatching() {
    if (watcher == null) {
      watcher = storage.watch(this);
    }
  }

  /** Stops watching, if this store watches, and closes the storage. */
  @Override
  public synchronized void close() {
    AutoCloseable w = watcher;
    watcher = null;
    try {
      if (w != null) {
        w.close();
      }
    } catch (Exception e) {
      LOG.log(Level.FINE, "closing the watcher", e);
    } finally {
      storage.close();
    }
  }

  /** Records a failed write's storage outage (the writer's, which holds no status of its own). */
  void storageFailed(StorageUnavailableException e) {
    storageDown(e);
  }
}
