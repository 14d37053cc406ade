package io.iam4j.config;

import io.iam4j.IamException;
import io.iam4j.directory.Arns;
import io.iam4j.directory.Directory;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.ProviderPolicies;
import io.iam4j.directory.Tenant;
import io.iam4j.json.Location;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The embedded configuration store: a directory tree {@code ROOT/tenants/<tenant>/...} read into a
 * {@link Directory}. Thread-safe: readers take {@link #directory()} without locking; reloads and
 * writes are serialized.
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
   */
  public record Settings(Path root, Arns arns, Duration debounce, int maxFileBytes, ClassLoader classLoader) {
    public static Settings of(Path root) {
      return new Settings(root, Arns.DEFAULT, Duration.ofMillis(200), 1 << 20, ConfigStore.class.getClassLoader());
    }

    public Settings withArns(Arns a) {
      return new Settings(root, a, debounce, maxFileBytes, classLoader);
    }

    public Settings withDebounce(Duration d) {
      return new Settings(root, arns, d, maxFileBytes, classLoader);
    }
  }

  private final Settings settings;
  private final Path tenantsDir;
  private final TenantLoader loader;
  private final Map<String, ManagedPolicy> providerPolicies;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Long> lastVersions = new HashMap<>();
  /** Per tenant, a hash of each file of the serving version: which files a reload changed. */
  private final Map<String, Map<String, String>> fileHashes = new HashMap<>();
  /** One lock per tenant lock file in this JVM: a file lock cannot be taken twice by one JVM. */
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
  private final Map<String, TenantStatus> status = new ConcurrentHashMap<>();
  private final List<Consumer<ConfigEvent>> listeners = new CopyOnWriteArrayList<>();
  private final Clock clock;
  private volatile Directory directory;
  /** During a full reload, the tenants as they will be: one new Directory at the end, not one per tenant. */
  private Map<String, Tenant> batch;
  private volatile WatchService watcher;
  private volatile Thread watchThread;

  private ConfigStore(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.tenantsDir = settings.root().resolve("tenants");
    this.providerPolicies = ProviderPolicies.load(settings.arns(), settings.classLoader());
    PolicyParser parser = new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true));
    this.loader = new TenantLoader(settings.arns(), providerPolicies, parser);
    this.directory = new Directory(settings.arns(), List.of(), providerPolicies);
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
    ConfigStore probe = new ConfigStore(settings, Clock.systemUTC());
    Map<String, List<ConfigProblem>> out = new TreeMap<>();
    if (!Files.isDirectory(probe.tenantsDir)) {
      out.put("(none)", List.of(new ConfigProblem(probe.tenantsDir.toString(), "", Location.UNKNOWN,
          "No tenants directory: " + settings.root() + " should hold tenants/<tenant>/")));
      return out;
    }
    for (String t : probe.tenantNames()) {
      try {
        probe.loadFromDisk(t);
        out.put(t, List.of());
      } catch (ConfigException e) {
        out.put(t, e.problems());
      }
    }
    return out;
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

  private List<ConfigEvent> reload(String cause) {
    lock.lock();
    try {
      List<ConfigEvent> events = new ArrayList<>();
      Set<String> names = new TreeSet<>(tenantNames());
      names.addAll(directory.tenants().keySet());
      names.addAll(status.keySet());
      batch = new TreeMap<>(directory.tenants());
      try {
        for (String t : names) {
          reloadLocked(t, cause, events);
        }
        directory = new Directory(settings.arns(), batch.values(), providerPolicies);
      } finally {
        batch = null;
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
    if (!Files.isDirectory(tenantsDir.resolve(tenant))) {
      fileHashes.remove(tenant);
      if (old != null) {
        if (batch != null) {
          batch.remove(tenant);
        } else {
          directory = directory.without(tenant);
        }
        events.add(new ConfigEvent(ConfigEvent.Kind.REMOVED, tenant, oldVersion, 0, cause, now, List.of(), List.of()));
        LOG.info(() -> "Tenant " + tenant + " removed (" + cause + ")");
      }
      status.remove(tenant);
      return;
    }
    Map<String, String> files;
    Tenant loaded;
    try {
      files = readTenantFiles(tenant);
      if (old != null && old.fingerprint().equals(TenantLoader.fingerprint(files))) {
        // Unchanged on disk: nothing to do, and a previous failure is over.
        status.put(tenant, new TenantStatus(tenant, oldVersion, status.get(tenant) == null ? now : status.get(tenant).loadedAt(),
            old.fingerprint(), now, List.of()));
        return;
      }
      loaded = loader.load(tenant, files, "tenants/" + tenant + "/");
    } catch (ConfigException e) {
      TenantStatus previous = status.get(tenant);
      status.put(tenant, new TenantStatus(tenant, oldVersion, previous == null ? null : previous.loadedAt(),
          old == null ? null : old.fingerprint(), now, e.problems()));
      events.add(new ConfigEvent(ConfigEvent.Kind.FAILED, tenant, oldVersion, oldVersion, cause, now, List.of(), e.problems()));
      LOG.warning(() -> "Configuration of tenant " + tenant + " refused (" + cause + "); "
          + (old == null ? "the tenant is not served" : "version " + oldVersion + " keeps serving") + ": " + e.getMessage());
      return;
    }
    install(loaded, old, cause, now, events, files);
  }

  private static Map<String, String> hashes(Map<String, String> files) {
    Map<String, String> out = new TreeMap<>();
    files.forEach((k, v) -> out.put(k, TenantLoader.fingerprint(Map.of(k, v))));
    return out;
  }

  /** The files that differ between the serving version and {@code files} (added, changed or removed). */
  private List<String> changed(String tenant, Map<String, String> files) {
    Map<String, String> before = fileHashes.getOrDefault(tenant, Map.of());
    Map<String, String> after = hashes(files);
    Set<String> out = new TreeSet<>();
    after.forEach((k, v) -> {
      if (!v.equals(before.get(k))) {
        out.add(k);
      }
    });
    before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(out::add);
    return new ArrayList<>(out);
  }

  private void install(Tenant loaded, Tenant old, String cause, Instant now, List<ConfigEvent> events, Map<String, String> files) {
    List<String> changedFiles = changed(loaded.id(), files);
    fileHashes.put(loaded.id(), hashes(files));
    long version = Math.max(lastVersions.getOrDefault(loaded.id(), 0L), old == null ? 0 : old.version()) + 1;
    lastVersions.put(loaded.id(), version);
    Tenant active = loaded.withVersion(version);
    if (batch != null) {
      batch.put(active.id(), active);
    } else {
      directory = directory.with(active);
    }
    status.put(active.id(), new TenantStatus(active.id(), version, now, active.fingerprint(), now, List.of()));
    events.add(new ConfigEvent(old == null ? ConfigEvent.Kind.ADDED : ConfigEvent.Kind.UPDATED, active.id(),
        old == null ? 0 : old.version(), version, cause, now, changedFiles, List.of()));
    LOG.info(() -> "Tenant " + active.id() + " version " + version + " active (" + cause + ")");
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

  private List<String> tenantNames() {
    if (!Files.isDirectory(tenantsDir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(tenantsDir)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Tenant loadFromDisk(String tenant) {
    return loader.load(tenant, readTenantFiles(tenant), "tenants/" + tenant + "/");
  }

  /** Every regular, non-hidden file of a tenant directory, as text. */
  private Map<String, String> readTenantFiles(String tenant) {
    Path dir = tenantsDir.resolve(tenant);
    Map<String, String> files = new TreeMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path rel = dir.relativize(p);
        if (!Files.isRegularFile(p) || hidden(rel)) {
          continue;
        }
        String name = rel.toString().replace('\\', '/');
        long size = Files.size(p);
        if (size > settings.maxFileBytes()) {
          problems.add(new ConfigProblem("tenants/" + tenant + "/" + name, "", Location.UNKNOWN, "File size (" + size
              + " bytes) exceeds the maximum allowed (" + settings.maxFileBytes() + ", from ConfigStore.Settings.maxFileBytes)"));
          continue;
        }
        try {
          files.put(name, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(p))).toString());
        } catch (CharacterCodingException e) {
          problems.add(new ConfigProblem("tenants/" + tenant + "/" + name, "", Location.UNKNOWN, "Not UTF-8 text"));
        }
      }
    } catch (IOException e) {
      problems.add(new ConfigProblem("tenants/" + tenant + "/", "", Location.UNKNOWN, "Cannot read: " + e));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return files;
  }

  private static boolean hidden(Path rel) {
    for (Path part : rel) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- writes

  /**
   * Applies changes to one tenant's files: validates the result as a whole, persists each file
   * atomically, then activates it with a new version. Writers are serialized, in this process and
   * across processes sharing the directory (a file lock), so no change is lost.
   *
   * @param expectedVersion the version the caller read and changed, or -1 to skip the check; a
   *     mismatch means another change came first and nothing is written
   * @param actor who makes the change, for the event and the audit trail
   * @return the tenant as now active
   * @throws ConfigException when the result would not load; nothing is written
   */
  public Tenant write(String tenant, long expectedVersion, List<FileChange> changes, String actor) {
    if (!TenantLoader.TENANT_ID.matcher(tenant).matches()) {
      throw new IamException("Invalid tenant id \"" + tenant + "\"");
    }
    lock.lock();
    Path dir = tenantsDir.resolve(tenant);
    // The lock file sits beside the tenant directory (hidden), so a refused write to a new tenant
    // leaves nothing behind that a reload could mistake for a tenant.
    Path lockPath = tenantsDir.resolve("." + tenant + ".lock").toAbsolutePath().normalize();
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockPath, p -> new ReentrantLock());
    jvmLock.lock();
    try {
      Files.createDirectories(tenantsDir);
      try (FileChannel lockFile = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = lockFile.lock()) {
        Tenant old = directory.tenant(tenant).orElse(null);
        long current = old == null ? 0 : old.version();
        if (expectedVersion >= 0 && expectedVersion != current) {
          throw new IamException("Tenant " + tenant + " is at version " + current + ", not " + expectedVersion
              + ": another change came first; read it and try again");
        }
        Map<String, String> files = Files.isDirectory(dir) ? new TreeMap<>(readTenantFiles(tenant)) : new TreeMap<>();
        // A caller that names the version it read must not overwrite an edit made on disk since;
        // one that does not (-1) writes on top of what is on disk, which also lets it repair a broken file.
        if (expectedVersion >= 0 && old != null && !old.fingerprint().equals(TenantLoader.fingerprint(files))) {
          throw new IamException("Tenant " + tenant + " changed on disk since version " + current
              + " was loaded; reload it before writing");
        }
        for (FileChange c : changes) {
          String path = checkPath(c.path());
          if (c instanceof FileChange.Put put) {
            files.put(path, put.content());
          } else {
            files.remove(path);
          }
        }
        Tenant candidate = loader.load(tenant, files, "tenants/" + tenant + "/");
        for (FileChange c : changes) {
          Path target = dir.resolve(c.path());
          if (c instanceof FileChange.Put put) {
            AtomicFiles.write(target, put.content());
          } else {
            AtomicFiles.delete(target);
          }
        }
        List<ConfigEvent> events = new ArrayList<>();
        install(candidate, old, "write by " + actor, clock.instant(), events, files);
        publish(events);
        return directory.tenant(tenant).orElseThrow();
      }
    } catch (IOException e) {
      throw new IamException("Cannot write the configuration of tenant " + tenant + ": " + e.getMessage(), e);
    } finally {
      jvmLock.unlock();
      lock.unlock();
    }
  }

  private static String checkPath(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.contains("\\")
        || java.util.Arrays.stream(path.split("/")).anyMatch(seg -> seg.isEmpty() || seg.startsWith(".")) || !path.endsWith(".json")) {
      throw new IamException("A configuration file is a relative .json path inside the tenant directory: \"" + path + "\"");
    }
    return path;
  }

  /**
   * Adds a version of a tenant-managed policy ({@code policies/NAME/vN.json}), optionally making it
   * the default. IAM keeps at most five versions: delete one before adding a sixth.
   */
  public Tenant putPolicyVersion(String tenant, String name, String document, boolean makeDefault, String actor) {
    Tenant t = directory.tenant(tenant).orElseThrow(() -> new IamException("No tenant " + tenant));
    ManagedPolicy existing = t.policies().get(settings.arns().policy(tenant, pathOf(t, name), name));
    List<FileChange> changes = new ArrayList<>();
    String version;
    String description = existing == null ? "" : existing.description();
    String defaultVersion;
    if (existing == null) {
      version = "v1";
      defaultVersion = "v1";
    } else {
      if (existing.versions().size() >= ManagedPolicy.MAX_VERSIONS) {
        throw new IamException("Policy " + existing.arn() + " already has " + ManagedPolicy.MAX_VERSIONS
            + " versions (ManagedPolicy.MAX_VERSIONS): delete one first");
      }
      int next = existing.versions().stream().mapToInt(v -> Integer.parseInt(v.id().substring(1))).max().orElse(0) + 1;
      version = "v" + next;
      defaultVersion = makeDefault ? version : existing.defaultVersionId();
      if (Files.isRegularFile(tenantsDir.resolve(tenant).resolve("policies/" + name + ".json"))) {
        // A single-file policy becomes a versioned one: its text is version 1.
        changes.add(FileChange.delete("policies/" + name + ".json"));
        changes.add(FileChange.put("policies/" + name + "/v1.json",
            io.iam4j.policy.PolicyPrinter.print(existing.versions().get(0).document())));
      }
    }
    changes.add(FileChange.put("policies/" + name + "/" + version + ".json", document));
    changes.add(FileChange.put("policies/" + name + "/policy.json", policyMeta(existing == null ? "/" : existing.path(), description, defaultVersion)));
    return write(tenant, t.version(), changes, actor);
  }

  /** Rolls a tenant-managed policy back (or forward) by choosing another default version. */
  public Tenant setDefaultPolicyVersion(String tenant, String name, String versionId, String actor) {
    Tenant t = directory.tenant(tenant).orElseThrow(() -> new IamException("No tenant " + tenant));
    ManagedPolicy p = t.policies().get(settings.arns().policy(tenant, pathOf(t, name), name));
    if (p == null || p.versions().stream().noneMatch(v -> v.id().equals(versionId))) {
      throw new IamException("No version " + versionId + " of policy " + name + " in tenant " + tenant);
    }
    if (Files.isRegularFile(tenantsDir.resolve(tenant).resolve("policies/" + name + ".json"))) {
      throw new IamException("Policy " + name + " has a single version");
    }
    return write(tenant, t.version(), List.of(FileChange.put("policies/" + name + "/policy.json",
        policyMeta(p.path(), p.description(), versionId))), actor);
  }

  private String pathOf(Tenant t, String name) {
    return t.policies().values().stream().filter(p -> p.name().equals(name)).map(ManagedPolicy::path).findFirst().orElse("/");
  }

  private static String policyMeta(String path, String description, String defaultVersion) {
    StringBuilder sb = new StringBuilder("{\n  \"path\": ");
    io.iam4j.policy.PolicyPrinter.str(sb, path);
    sb.append(",\n  \"description\": ");
    io.iam4j.policy.PolicyPrinter.str(sb, description);
    sb.append(",\n  \"defaultVersion\": ");
    io.iam4j.policy.PolicyPrinter.str(sb, defaultVersion);
    return sb.append("\n}\n").toString();
  }

  // ---------------------------------------------------------------- watching

  /**
   * Watches the tree and reloads a tenant once its files have been quiet for the debounce time.
   * Idempotent; {@link #close()} stops it.
   */
  public synchronized void startWatching() {
    if (watcher != null) {
      return;
    }
    try {
      Files.createDirectories(tenantsDir);
      WatchService ws = FileSystems.getDefault().newWatchService();
      watcher = ws;
      Map<WatchKey, Path> keys = new ConcurrentHashMap<>();
      registerAll(ws, tenantsDir, keys);
      Thread t = new Thread(() -> watchLoop(ws, keys), "iam4j-config-watcher");
      t.setDaemon(true);
      watchThread = t;
      t.start();
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
    long quietNanos = settings.debounce().toNanos();
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
            reload("file reload");
          } else {
            for (String t : pending) {
              reloadTenant(t, "file reload");
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
        if (rel.getNameCount() == 0 || hidden(rel)) {
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
  public synchronized void close() {
    WatchService ws = watcher;
    watcher = null;
    if (ws != null) {
      try {
        ws.close();
      } catch (IOException e) {
        LOG.log(Level.FINE, "closing the watcher", e);
      }
    }
    Thread t = watchThread;
    watchThread = null;
    if (t != null) {
      t.interrupt();
    }
  }
}
