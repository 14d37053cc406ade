package io.iam4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.directory.Tenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConfigStore#openLazily}: serving before every tenant is loaded. The background load is held
 * at a latch, so that what happens before it (a tenant loaded on first use, a write, a made-up
 * tenant name) is certain, then released: every tenant ends loaded exactly once, at one version.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public class LazyStartTest {
  @TempDir Path root;

  /**
   * A storage (the tree by default), with the bulk read held until {@code release} opens; counts
   * single-tenant reads. Used by the PostgreSQL tests too.
   */
  public static final class HeldStorage implements TenantStorage {
    final TenantStorage files;
    public final CountDownLatch release = new CountDownLatch(1);
    public final AtomicInteger reads = new AtomicInteger();

    HeldStorage(Path root) {
      this(new FileTenantStorage(root, 1 << 20));
    }

    public HeldStorage(TenantStorage storage) {
      files = storage;
    }

    @Override
    public Optional<String> accessKeyTenant(String keyId) {
      return files.accessKeyTenant(keyId);
    }

    @Override
    public void accessKeysChanged(String tenant, java.util.Set<String> before, java.util.Set<String> after) {
      files.accessKeysChanged(tenant, before, after);
    }

    @Override
    public void accessKeysLoaded(java.util.Map<String, String> keyTenants) {
      files.accessKeysLoaded(keyTenants);
    }

    @Override
    public String describe() {
      return "held " + files.describe();
    }

    @Override
    public List<String> tenantNames() {
      return files.tenantNames();
    }

    @Override
    public Stored read(String tenant) {
      reads.incrementAndGet();
      return files.read(tenant);
    }

    @Override
    public void forEachTenant(BiConsumer<String, Stored> consumer) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      files.forEachTenant(consumer);
    }

    @Override
    public long update(String tenant, Function<Stored, List<FileChange>> plan, String actor) {
      return files.update(tenant, plan, actor);
    }

    @Override
    public Optional<Instant> lastModified(String tenant, String file) {
      return files.lastModified(tenant, file);
    }

    @Override
    public AutoCloseable watch(ConfigStore store) {
      return () -> {};
    }

    @Override
    public void close() {
      files.close();
    }
  }

  void put(String path, String content) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void servesOnFirstUseBeforeTheBackgroundLoadAndLoadsEachTenantOnce() throws Exception {
    for (String t : List.of("a", "b", "c")) {
      put("tenants/" + t + "/users/alice.json", "{}");
    }
    HeldStorage storage = new HeldStorage(root);
    List<ConfigEvent> events = new CopyOnWriteArrayList<>();
    try (ConfigStore store = ConfigStore.openLazily(ConfigStore.Settings.of(root), storage)) {
      store.addListener(events::add);
      assertTrue(store.loading());
      assertTrue(store.directory().tenants().isEmpty(), "nothing loaded yet");

      // First use: tenant c is loaded there and then, once.
      Tenant c = store.directory().tenant("c").orElseThrow();
      assertEquals(1, c.version());
      assertTrue(c.users().containsKey("alice"));
      assertEquals(1, storage.reads.get());
      assertEquals(c, store.directory().tenant("c").orElseThrow());
      assertEquals(1, storage.reads.get(), "a loaded tenant is not read again");

      // A name the storage did not list costs no read.
      assertFalse(store.directory().tenant("nosuch").isPresent());
      assertEquals(1, storage.reads.get());

      // A write to a tenant not loaded yet loads it first, then writes on its version.
      Tenant b = store.writer().write("b", 1, List.of(FileChange.put("users/bob.json", "{}")), "arn:iam4j:iam::b:user/alice");
      assertEquals(2, b.version());

      storage.release.countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (store.loading() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertFalse(store.loading());
      assertTrue(store.storageStatus().complete());
      assertEquals(List.of("a", "b", "c"), List.copyOf(store.directory().tenants().keySet()));
      assertEquals(1, store.directory().tenant("a").orElseThrow().version());
      assertEquals(2, store.directory().tenant("b").orElseThrow().version(), "the background load keeps what is current");
      assertEquals(1, store.directory().tenant("c").orElseThrow().version());
      for (String t : List.of("a", "b", "c")) {
        assertEquals(1, events.stream().filter(e -> e.tenant().equals(t) && e.kind() == ConfigEvent.Kind.ADDED).count(), "one ADDED for " + t);
      }
    }
  }

  static void awaitLoaded(ConfigStore store) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (store.loading() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertFalse(store.loading());
  }

  @Test
  void aSignedRequestsKeyOfATenantNotLoaded_isFoundThroughTheIndex_andAWrongIndexNeverAuthenticates() throws Exception {
    for (String t : List.of("a", "b", "c")) {
      put("tenants/" + t + "/users/alice.json", "{}");
    }
    io.iam4j.crypto.ServerKey key = io.iam4j.crypto.ServerKey.random();
    String keyB;
    String keyC;
    // A server ran eagerly once: it kept the index (written at close).
    try (ConfigStore eager = ConfigStore.open(ConfigStore.Settings.of(root))) {
      AccessKeys keys = new AccessKeys(eager, key, java.time.Clock.systemUTC());
      keyB = keys.create("b", "alice", "test").accessKeyId();
      keyC = keys.create("c", "alice", "test").accessKeyId();
    }
    Path index = root.resolve("state").resolve(AccessKeyIndex.FILE);
    String written = Files.readString(index);
    assertTrue(written.contains(keyB + " b\n") && written.contains(keyC + " c\n"), written);

    HeldStorage storage = new HeldStorage(root);
    try (ConfigStore store = ConfigStore.openLazily(ConfigStore.Settings.of(root), storage)) {
      assertTrue(store.directory().tenants().isEmpty(), "nothing loaded yet");
      io.iam4j.directory.OwnedAccessKey found = store.directory().accessKey(keyC).orElseThrow();
      assertEquals("c", found.tenant().id());
      assertEquals("alice", found.user().name());
      assertEquals(List.of("c"), List.copyOf(store.directory().tenants().keySet()), "only the key's tenant was loaded");
      assertEquals(1, storage.reads.get());
      // A key nobody holds costs a look in the index, no read.
      assertFalse(store.directory().accessKey("AKIA0000000000000000").isPresent());
      assertEquals(1, storage.reads.get());
      storage.release.countDown();
      awaitLoaded(store);
    }

    // A wrong index (edited, or stale): b's key said to be a's, c's key said to be b's.
    Files.writeString(index, keyB + " a\n" + keyC + " b\n");
    storage = new HeldStorage(root);
    try (ConfigStore store = ConfigStore.openLazily(ConfigStore.Settings.of(root), storage)) {
      assertFalse(store.directory().accessKey(keyB).isPresent(), "tenant a does not hold b's key: unknown, never a's");
      assertFalse(store.directory().accessKey(keyC).isPresent(), "tenant b does not hold c's key: unknown, never b's");
      assertEquals(List.of("a", "b"), List.copyOf(store.directory().tenants().keySet()), "the tenants named were loaded and checked");
      // Once every tenant is loaded, each key is its real owner's, and the index is rebuilt.
      storage.release.countDown();
      awaitLoaded(store);
      assertEquals("b", store.directory().accessKey(keyB).orElseThrow().tenant().id());
      assertEquals("c", store.directory().accessKey(keyC).orElseThrow().tenant().id());
    }
    written = Files.readString(index);
    assertTrue(written.contains(keyB + " b\n") && written.contains(keyC + " c\n") && !written.contains(" a\n"), written);
  }
}
