package io.iam4j.config;

import io.iam4j.IamException;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Changes a tenant's files and activates the result in its {@link ConfigStore}: the writing third
 * of the store. Every write validates the tenant as a whole before a byte is written, persists it
 * through the store's {@link TenantStorage} (each file atomically, or one database transaction), and
 * moves the version once. Thread-safe: writers are serialized with the store's reloads, in this
 * process and across processes or nodes sharing the storage (a file lock, a row lock).
 */
public final class ConfigWriter {
  private final ConfigStore store;
  private final ConfigReader reader;

  public ConfigWriter(ConfigStore store) {
    this.store = store;
    this.reader = store.reader();
  }

  /**
   * Applies changes to one tenant's files: validates the result as a whole, persists each file
   * atomically, then activates it with a new version. Writers are serialized, in this process and
   * across processes sharing the directory (a file lock), so no change is lost.
   *
   * @param expectedVersion the version the caller read and changed, or -1 to skip the check; a
   *     mismatch means another change came first and nothing is written
   * @param actor who makes the change (the caller's ARN), optionally followed by {@code ": "} and
   *     what it does ({@code "arn:...:user/alice: CreateAccessKey AKIA..."}): the event's cause is
   *     {@code "write by "} and all of it; its {@link ConfigEvent#actor()} is the part before {@code ": "}
   * @return the tenant as now active
   * @throws ConfigException when the result would not load; nothing is written
   * @throws ConfigConflictException when {@code expectedVersion} is not the serving version, or the
   *     files changed on disk since it was loaded; nothing is written
   */
  public Tenant write(String tenant, long expectedVersion, List<FileChange> changes, String actor) {
    WriteGuard g = guard;
    return g == null ? writeLocked(tenant, expectedVersion, changes, actor)
        : g.around(tenant, () -> writeLocked(tenant, expectedVersion, changes, actor));
  }

  /**
   * What runs around every {@link #write}: in cluster mode, a cluster-wide lock on the tenant and a
   * catch-up with the cluster's latest version, taken before the store's own lock, so that two nodes
   * never both acknowledge a change to the same version and no acknowledged change is lost.
   */
  public interface WriteGuard {
    <T> T around(String tenant, java.util.function.Supplier<T> write);
  }

  private volatile WriteGuard guard;

  /** Sets the hook every later write runs inside (null: none). */
  public void guard(WriteGuard g) {
    this.guard = g;
  }

  /**
   * Makes a tenant's files exactly {@code files} and activates them at {@code version}: how a node
   * applies a change another node of its cluster acknowledged. Validated exactly as a {@link #write}
   * (a change that would not load is refused here too, and the serving version stays); atomic per
   * file; audited as a write by {@code actor}. An empty {@code files} removes the tenant. Never goes
   * back: when the tenant already serves {@code version} or a later one, nothing happens.
   *
   * @return the tenant as now active, or empty when nothing was applied (already as new, or removed)
   * @throws ConfigException when the files would not load; nothing is written
   */
  public java.util.Optional<Tenant> replicate(String tenant, long version, Map<String, String> files, String actor) {
    if (!TenantLoader.TENANT_ID.matcher(tenant).matches()) {
      throw new IamException("Invalid tenant id \"" + tenant + "\"");
    }
    for (String f : files.keySet()) {
      checkPath(f);
    }
    store.lock().lock();
    try {
      Tenant old = store.directory().tenant(tenant).orElse(null);
      if (old != null && old.version() >= version) {
        return java.util.Optional.empty();
      }
      Tenant candidate = null;
      if (!files.isEmpty()) {
        candidate = reader.load(tenant, files);
        List<ConfigProblem> clashes = store.accessKeyClashes(candidate);
        if (!clashes.isEmpty()) {
          throw new ConfigException(clashes);
        }
      }
      // Through the storage, as every write: the files of this node, or (a shared database) rows that
      // already hold these documents, so that the plan is then empty.
      TenantStorage.Stored already = store.storage().read(tenant);
      long storedVersion = already != null && already.files().equals(files) ? already.version()
          : (already == null && files.isEmpty()) ? 0 : store.storage().update(tenant, stored -> {
        Map<String, String> current = stored == null ? Map.of() : stored.files();
        List<FileChange> changes = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
          if (!f.getValue().equals(current.get(f.getKey()))) {
            changes.add(new FileChange.Put(f.getKey(), f.getValue()));
          }
        }
        for (String f : current.keySet()) {
          if (!files.containsKey(f)) {
            changes.add(new FileChange.Delete(f));
          }
        }
        return changes;
      }, actor);
      if (candidate == null) {
        store.reloadTenant(tenant, "write by " + actor);
        return java.util.Optional.empty();
      }
      store.activate(candidate, old, actor, files, Math.max(version, storedVersion));
      return store.directory().tenant(tenant);
    } catch (StorageUnavailableException e) {
      store.storageFailed(e);
      throw e;
    } finally {
      store.lock().unlock();
    }
  }

  private Tenant writeLocked(String tenant, long expectedVersion, List<FileChange> changes, String actor) {
    if (!TenantLoader.TENANT_ID.matcher(tenant).matches()) {
      throw new IamException("Invalid tenant id \"" + tenant + "\"");
    }
    for (FileChange c : changes) {
      checkPath(c.path());
    }
    store.lock().lock();
    try {
      // What the plan decided, for activation once the storage has persisted it.
      Object[] planned = new Object[3];
      long storedVersion = store.storage().update(tenant, stored -> {
        Tenant old = store.directory().tenant(tenant).orElse(null);
        long current = old == null ? 0 : old.version();
        if (expectedVersion >= 0 && expectedVersion != current) {
          throw new ConfigConflictException("Tenant " + tenant + " is at version " + current + ", not " + expectedVersion
              + ": another change came first; read it and try again");
        }
        if (stored != null && !stored.problems().isEmpty()) {
          throw new ConfigException(stored.problems());
        }
        Map<String, String> files = stored == null ? new TreeMap<>() : new TreeMap<>(stored.files());
        // A caller that names the version it read must not overwrite a change made in the storage since
        // (an edit on disk, another node's write); one that does not (-1) writes on top of what is
        // stored, which also lets it repair a broken file.
        if (expectedVersion >= 0 && old != null && (!old.fingerprint().equals(TenantLoader.fingerprint(files))
            || (stored != null && stored.version() > current))) {
          throw new ConfigConflictException("Tenant " + tenant + " changed in " + store.storage().describe() + " since version " + current
              + " was loaded; reload it before writing");
        }
        for (FileChange c : changes) {
          if (c instanceof FileChange.Put put) {
            files.put(c.path(), put.content());
          } else {
            files.remove(c.path());
          }
        }
        Tenant candidate = reader.load(tenant, files);
        List<ConfigProblem> clashes = store.accessKeyClashes(candidate);
        if (!clashes.isEmpty()) {
          throw new ConfigException(clashes);
        }
        planned[0] = candidate;
        planned[1] = old;
        planned[2] = files;
        return changes;
      }, actor);
      @SuppressWarnings("unchecked")
      Map<String, String> files = (Map<String, String>) planned[2];
      store.activate((Tenant) planned[0], (Tenant) planned[1], actor, files, storedVersion);
      return store.directory().tenant(tenant).orElseThrow();
    } catch (StorageUnavailableException e) {
      store.storageFailed(e);
      throw e;
    } finally {
      store.lock().unlock();
    }
  }

  /**
   * The serving version of a tenant with the files it was loaded from: what an API call that edits
   * a file reads, so that its write (at {@code tenant().version()}) changes exactly what it read.
   *
   * @param files relative path to content
   */
  public record Snapshot(Tenant tenant, Map<String, String> files) {
    public Snapshot {
      files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
    }
  }

  /**
   * Reads the serving version of {@code tenant} and its files, consistently (under the store's lock).
   *
   * @throws ConfigConflictException when the files changed on disk since the serving version was
   *     loaded (a hand edit not yet reloaded, or refused): the caller retries after the reload
   * @throws IamException when the tenant does not exist
   */
  public Snapshot snapshot(String tenant) {
    store.lock().lock();
    try {
      Tenant t = store.directory().tenant(tenant).orElseThrow(() -> new IamException("No tenant " + tenant));
      TenantStorage.Stored stored;
      try {
        stored = store.storage().read(tenant);
      } catch (StorageUnavailableException e) {
        store.storageFailed(e);
        throw e;
      }
      if (stored != null && !stored.problems().isEmpty()) {
        throw new ConfigException(stored.problems());
      }
      Map<String, String> files = stored == null ? Map.of() : stored.files();
      if (stored == null || !t.fingerprint().equals(TenantLoader.fingerprint(files))) {
        throw new ConfigConflictException("Tenant " + tenant + " changed in " + store.storage().describe() + " since version "
            + t.version() + " was loaded; retry once it is reloaded");
      }
      return new Snapshot(t, files);
    } finally {
      store.lock().unlock();
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
    Tenant t = store.directory().tenant(tenant).orElseThrow(() -> new IamException("No tenant " + tenant));
    ManagedPolicy existing = t.policies().get(reader.settings().arns().policy(tenant, pathOf(t, name), name));
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
      if (snapshot(tenant).files().containsKey("policies/" + name + ".json")) {
        // A single-file policy becomes a versioned one: its text is version 1.
        changes.add(FileChange.delete("policies/" + name + ".json"));
        changes.add(FileChange.put("policies/" + name + "/v1.json",
            io.iam4j.policy.PolicyPrinter.print(existing.versions().get(0).document())));
      }
    }
    changes.add(FileChange.put("policies/" + name + "/" + version + ".json", document));
    changes.add(FileChange.put("policies/" + name + "/policy.json", policyMeta(existing == null ? "/" : existing.path(), description, defaultVersion,
        existing == null ? null : existing.shadowVersionId())));
    return write(tenant, t.version(), changes, actor);
  }

  /** Rolls a tenant-managed policy back (or forward) by choosing another default version. */
  public Tenant setDefaultPolicyVersion(String tenant, String name, String versionId, String actor) {
    Tenant t = store.directory().tenant(tenant).orElseThrow(() -> new IamException("No tenant " + tenant));
    ManagedPolicy p = t.policies().get(reader.settings().arns().policy(tenant, pathOf(t, name), name));
    if (p == null || p.versions().stream().noneMatch(v -> v.id().equals(versionId))) {
      throw new IamException("No version " + versionId + " of policy " + name + " in tenant " + tenant);
    }
    if (snapshot(tenant).files().containsKey("policies/" + name + ".json")) {
      throw new IamException("Policy " + name + " has a single version");
    }
    // Promoting the version in shadow ends its shadow: it decides now.
    String shadow = versionId.equals(p.shadowVersionId()) ? null : p.shadowVersionId();
    return write(tenant, t.version(), List.of(FileChange.put("policies/" + name + "/policy.json",
        policyMeta(p.path(), p.description(), versionId, shadow))), actor);
  }

  /**
   * Puts a version of a tenant-managed policy in shadow ({@code "shadowVersion"} in its policy.json),
   * or ends the shadow ({@code versionId} null). The loader refuses a version that does not exist or
   * is the default, with the file and JSON pointer.
   *
   * @param expectedVersion the tenant version the caller read, or -1
   */
  public Tenant setPolicyVersionShadow(String tenant, long expectedVersion, String name, String versionId, String actor) {
    Tenant t = store.directory().tenant(tenant).orElseThrow(() -> new IamException("No tenant " + tenant));
    ManagedPolicy p = t.policies().get(reader.settings().arns().policy(tenant, pathOf(t, name), name));
    if (p == null) {
      throw new IamException("No policy " + name + " in tenant " + tenant);
    }
    if (snapshot(tenant).files().containsKey("policies/" + name + ".json")) {
      throw new IamException("Policy " + name + " has a single version: there is no other version to put in shadow");
    }
    return write(tenant, expectedVersion, List.of(FileChange.put("policies/" + name + "/policy.json",
        policyMeta(p.path(), p.description(), p.defaultVersionId(), versionId))), actor);
  }

  private String pathOf(Tenant t, String name) {
    return t.policies().values().stream().filter(p -> p.name().equals(name)).map(ManagedPolicy::path).findFirst().orElse("/");
  }

  private static String policyMeta(String path, String description, String defaultVersion, String shadowVersion) {
    StringBuilder sb = new StringBuilder("{\n  \"path\": ");
    io.iam4j.policy.PolicyPrinter.str(sb, path);
    sb.append(",\n  \"description\": ");
    io.iam4j.policy.PolicyPrinter.str(sb, description);
    sb.append(",\n  \"defaultVersion\": ");
    io.iam4j.policy.PolicyPrinter.str(sb, defaultVersion);
    if (shadowVersion != null) {
      sb.append(",\n  \"shadowVersion\": ");
      io.iam4j.policy.PolicyPrinter.str(sb, shadowVersion);
    }
    return sb.append("\n}\n").toString();
  }
}
