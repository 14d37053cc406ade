package io.iam4j.config;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Where a {@link ConfigStore}'s tenant documents live: the file tree ({@link FileTenantStorage}, the
 * default) or a database ({@code io.iam4j.config.jdbc.PostgresTenantStorage}). A storage only keeps
 * documents: a tenant is a set of (relative path, UTF-8 text) pairs exactly as in the tree, so the
 * same {@link TenantLoader} validates them with the same located errors, and the store keeps
 * versions, events and audit for every storage alike.
 *
 * <p>Every method may throw {@link StorageUnavailableException} when the storage cannot be reached;
 * the store then keeps serving what it has and reports the outage ({@link ConfigStore#storageStatus()}).
 */
public interface TenantStorage extends AutoCloseable {

  /**
   * One tenant's documents as stored.
   *
   * @param files relative path to content, sorted by path
   * @param version the storage's own version of the tenant (a database row's version, shared by every
   *     node reading it), or 0 when the storage keeps none (files: the store numbers versions itself)
   * @param problems documents that cannot even be read as text (too large, not UTF-8), located; the
   *     tenant is then refused like one that does not validate
   */
  record Stored(Map<String, String> files, long version, List<ConfigProblem> problems) {
    public Stored {
      files = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(files));
      problems = List.copyOf(problems);
    }
  }

  /** A tenant that changed in the storage, and the change's position in the storage's order. */
  record Change(String tenant, long version, long position) {}

  /** What logs and the status page call this storage; never a password. */
  String describe();

  /** The tenants, sorted. */
  List<String> tenantNames();

  /** One tenant's documents, or null when it does not exist. */
  Stored read(String tenant);

  /**
   * Every tenant with its documents, in tenant order: what a full load reads. A database answers it
   * with one query instead of one per tenant.
   */
  default void forEachTenant(BiConsumer<String, Stored> consumer) {
    for (String t : tenantNames()) {
      Stored s = read(t);
      if (s != null) {
        consumer.accept(t, s);
      }
    }
  }

  /**
   * Changes one tenant atomically. The storage locks the tenant against every other writer (other
   * threads, processes or nodes), reads its documents, asks {@code plan} what to change (plan
   * validates and may throw: then nothing is written), persists the changes and moves the tenant's
   * version once.
   *
   * @param plan from the tenant as stored (null: it does not exist) to the changes to make
   * @param actor who writes (kept by storages that record it)
   * @return the tenant's new storage version (0 for a storage that keeps none)
   */
  long update(String tenant, Function<Stored, List<FileChange>> plan, String actor);

  /**
   * The position after the last change the storage holds, for {@link #changesSince}: read before a
   * full load, so that a change made during the load is seen again afterwards. 0 for a storage
   * whose changes are watched otherwise (files).
   */
  default long position() {
    return 0;
  }

  /** The tenants changed after {@code position}, oldest first; empty for a storage without positions. */
  default List<Change> changesSince(long position) {
    return List.of();
  }

  /**
   * Which tenant holds access key id {@code keyId}, from the storage's index, without loading any
   * tenant: what a lazy start asks when a signed request names a key of a tenant not loaded yet. A
   * hint, never trusted: the store loads the tenant named and serves the key only when that tenant's
   * validated documents hold it (a wrong index denies, it never authenticates a key into another
   * tenant). Empty: no index, or the id is not in it.
   */
  default Optional<String> accessKeyTenant(String keyId) {
    return Optional.empty();
  }

  /**
   * The store installed or removed a tenant: its serving version holds the access key ids {@code
   * after}, its previous one {@code before}. For a storage whose index cannot be kept by its own
   * writes (files are edited by hand): a database keeps its index in the write's transaction and
   * ignores this. Never throws into the store.
   */
  default void accessKeysChanged(String tenant, java.util.Set<String> before, java.util.Set<String> after) {}

  /**
   * A full load completed: {@code keyTenants} (key id to tenant) is every access key served, the
   * index to keep from now on (stale entries of keys deleted while no server ran go). Never throws.
   */
  default void accessKeysLoaded(Map<String, String> keyTenants) {}

  /** When a document last changed, where the storage knows it (a file's modification time). */
  Optional<Instant> lastModified(String tenant, String file);

  /**
   * Starts noticing changes made outside this process (a watcher for files, a poller for a
   * database) and reloading them into {@code store}; closing the result stops it.
   */
  AutoCloseable watch(ConfigStore store);

  /** Whether tenants' documents are changed by hand on disk (files) rather than only through writers. */
  default boolean isFileTree() {
    return false;
  }

  @Override
  void close();

  /** A tenant's documents without read problems. */
  static Stored stored(Map<String, String> files, long version) {
    return new Stored(files, version, List.of());
  }
}
