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
class LazyStartTest {
  @TempDir Path root;

  /** The tree, with the bulk read held until {@code release} opens; counts single-tenant reads. */
  static final class HeldStorage implements TenantStorage {
    final FileTenantStorage files;
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger reads = new AtomicInteger();

    HeldStorage(Path root) {
      files = new FileTenantStorage(root, 1 << 20);
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
    public void close() {}
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
}
