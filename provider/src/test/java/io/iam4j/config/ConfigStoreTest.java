package io.iam4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.iam4j.IamException;
import io.iam4j.directory.Identity;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration store over a real directory tree: loading, versions, status, reloads that never
 * let a broken file replace a working configuration, validated atomic writes, policy versions,
 * events and hot reload.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConfigStoreTest {
  static final String BUCKET = "arn:iam4j:docs::acme:bucket/";
  static final Duration DEBOUNCE = Duration.ofMillis(50);

  @TempDir Path root;
  ConfigStore store;

  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  static String allow(String action, String resource) {
    return j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': '" + action + "', 'Resource': '" + resource + "'}]}");
  }

  static String userWithInline(String file) {
    return j("{'inlinePolicies': {'Docs': '" + file + "'}}");
  }

  void put(String tenant, String path, String content) {
    try {
      Path p = root.resolve("tenants").resolve(tenant).resolve(path);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path file(String tenant, String path) {
    return root.resolve("tenants").resolve(tenant).resolve(path);
  }

  void deleteTenant(String tenant) {
    try (Stream<Path> s = Files.walk(root.resolve("tenants").resolve(tenant))) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The configuration files of a tenant on disk (hidden files such as the lock file left out). */
  Map<String, String> onDisk(String tenant) {
    Path dir = root.resolve("tenants").resolve(tenant);
    if (!Files.isDirectory(dir)) {
      return Map.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
          .collect(Collectors.toMap(p -> dir.relativize(p).toString().replace('\\', '/'), ConfigStoreTest::read,
              (a, b) -> a, TreeMap::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** acme: alice reads bucket/a/*; globex: carol reads its own bucket. */
  void twoTenants() {
    put("acme", "users/alice.json", userWithInline("inline/alice.json"));
    put("acme", "inline/alice.json", allow("docs:GetObject", BUCKET + "a/*"));
    put("globex", "users/carol.json", userWithInline("inline/carol.json"));
    put("globex", "inline/carol.json", allow("docs:GetObject", "arn:iam4j:docs::globex:bucket/*"));
  }

  ConfigStore open() {
    store = ConfigStore.open(ConfigStore.Settings.of(root).withDebounce(DEBOUNCE));
    return store;
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  long version(String tenant) {
    return store.directory().tenant(tenant).map(Tenant::version).orElse(0L);
  }

  static Outcome decide(ConfigStore s, String tenant, String principal, String action, String resource) {
    Identity id = s.directory().identity(tenant, principal, List.of());
    AuthorizationRequest request = AuthorizationRequest.builder()
        .caller(id.caller()).action(action).resource(resource).context(id.context().build()).build();
    return Evaluator.evaluate(id.policies(), request).outcome();
  }

  Outcome alice(String action, String resource) {
    return decide(store, "acme", "user/alice", action, resource);
  }

  /** Polls (no fixed sleep) until the condition holds, for at most ten seconds. */
  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after 10 s waiting until " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  static ConfigProblem problemAt(List<ConfigProblem> problems, String file, String pointer) {
    return problems.stream().filter(p -> p.file().equals(file) && p.pointer().equals(pointer)).findFirst()
        .orElseGet(() -> fail("no problem at " + file + " " + pointer + " in " + problems));
  }

  @BeforeEach
  void setUp() {
    twoTenants();
  }

  // ---------------------------------------------------------------- open, status

  @Test
  void open_loadsEveryTenant_versionsStartAtOne() {
    open();
    assertEquals(Set.of("acme", "globex"), store.directory().tenants().keySet());
    assertEquals(1, version("acme"));
    assertEquals(1, version("globex"));
    assertEquals(Outcome.ALLOW, alice("docs:GetObject", BUCKET + "a/x.txt"));
    assertEquals(Outcome.IMPLICIT_DENY, alice("docs:GetObject", BUCKET + "b/x.txt"));
  }

  @Test
  void status_afterOpen_healthyTenantsAndUnservedBrokenOne() {
    put("initech", "users/dave.json", j("{'groups': ['nope']}"));
    open();
    Map<String, TenantStatus> status = store.status();
    assertEquals(List.of("acme", "globex", "initech"), List.copyOf(status.keySet()), "sorted by tenant");

    TenantStatus acme = status.get("acme");
    assertEquals(1, acme.version());
    assertTrue(acme.healthy());
    assertNotNull(acme.loadedAt());
    assertNotNull(acme.fingerprint());
    assertTrue(acme.lastProblems().isEmpty());

    TenantStatus initech = status.get("initech");
    assertEquals(0, initech.version());
    assertFalse(initech.serving());
    assertFalse(initech.healthy());
    assertNull(initech.loadedAt());
    problemAt(initech.lastProblems(), "tenants/initech/users/dave.json", "/groups/0");
    assertTrue(store.directory().tenant("initech").isEmpty(), "a tenant that never loaded is not served");
  }

  /** Many tenants are read in parallel; what is installed, refused and reported is as for a few. */
  @Test
  void reload_manyTenants_inParallel_sameOutcomesInNameOrder() {
    for (int i = 0; i < 40; i++) {
      String t = String.format("t%02d", i);
      put(t, "users/alice.json", userWithInline("inline/alice.json"));
      put(t, "inline/alice.json", allow("docs:GetObject", "*"));
    }
    put("t07", "users/bob.json", j("{'groups': ['nope']}"));
    open();
    assertEquals(41, store.directory().tenants().size(), "acme, globex and 39 of the 40 (t07 is broken)");
    assertFalse(store.status().get("t07").healthy());
    assertFalse(store.directory().tenant("t07").isPresent());

    put("t07", "users/bob.json", "{}");
    put("t31", "users/carol.json", j("{'groups': ['nope']}"));
    put("t12", "inline/alice.json", allow("docs:PutObject", "*"));
    List<ConfigEvent> events = store.reload();
    assertEquals(List.of("t07 ADDED", "t12 UPDATED", "t31 FAILED"), events.stream().map(e -> e.tenant() + " " + e.kind()).toList());
    assertEquals(1, version("t07"));
    assertEquals(2, version("t12"));
    assertEquals(1, version("t31"), "the refused change leaves version 1 serving");
    assertEquals(42, store.directory().tenants().size());
  }

  @Test
  void open_noTenantsDirectory_emptyDirectory() {
    deleteTenant("acme");
    deleteTenant("globex");
    open();
    assertTrue(store.directory().tenants().isEmpty());
    assertTrue(store.status().isEmpty());
  }

  // ---------------------------------------------------------------- reload

  @Test
  void reload_afterEdit_bumpsVersion_newPolicyDecides() {
    open();
    put("acme", "inline/alice.json", allow("docs:GetObject", BUCKET + "b/*"));
    List<ConfigEvent> events = store.reload();

    assertEquals(1, events.size(), events.toString());
    assertEquals(ConfigEvent.Kind.UPDATED, events.get(0).kind());
    assertEquals(2, version("acme"));
    assertEquals(Outcome.IMPLICIT_DENY, alice("docs:GetObject", BUCKET + "a/x.txt"));
    assertEquals(Outcome.ALLOW, alice("docs:GetObject", BUCKET + "b/x.txt"));
    assertEquals(2, store.status().get("acme").version());
  }

  @Test
  void reload_afterEdit_eventNamesTheChangedFiles() {
    open();
    put("acme", "inline/alice.json", allow("docs:GetObject", BUCKET + "b/*"));
    put("acme", "users/bob.json", "{}");
    List<ConfigEvent> events = store.reload();
    assertEquals(List.of("inline/alice.json", "users/bob.json"), events.get(0).changedFiles());
  }

  @Test
  void open_hiddenDirectoriesIgnored_badTenantDirectoryNameReported() {
    put(".trash", "users/x.json", "{}");
    put("Acme", "users/x.json", "{}");
    open();
    assertFalse(store.status().containsKey(".trash"));
    assertTrue(store.directory().tenant(".trash").isEmpty());
    assertTrue(store.directory().tenant("Acme").isEmpty());
    assertTrue(store.status().get("Acme").lastProblems().get(0).message().contains("Invalid tenant id"));
  }

  @Test
  void reload_unchangedFiles_noEventNoVersionBump() {
    open();
    Tenant before = store.directory().tenant("acme").orElseThrow();
    assertTrue(store.reload().isEmpty());
    assertTrue(store.reloadTenant("acme", "test").isEmpty());
    assertEquals(1, version("acme"));
    assertSame(before, store.directory().tenant("acme").orElseThrow(), "the serving configuration is kept as it is");
  }

  @Test
  void reload_brokenFile_oldConfigurationKeepsServing_statusNamesFileAndPointer() {
    open();
    java.time.Instant loadedAt = store.status().get("acme").loadedAt();
    put("acme", "users/alice.json", j("{'inlinePolicies': {'Docs': 'inline/alice.json'}, 'groups': ['readers']}"));
    List<ConfigEvent> events = store.reload();

    assertEquals(1, events.size());
    ConfigEvent failed = events.get(0);
    assertEquals(ConfigEvent.Kind.FAILED, failed.kind());
    assertEquals(1, failed.oldVersion());
    assertEquals(1, failed.newVersion(), "a failure leaves the old version serving");
    problemAt(failed.problems(), "tenants/acme/users/alice.json", "/groups/0");

    assertEquals(1, version("acme"));
    assertEquals(Outcome.ALLOW, alice("docs:GetObject", BUCKET + "a/x.txt"), "decisions unchanged");
    TenantStatus st = store.status().get("acme");
    assertEquals(loadedAt, st.loadedAt(), "loadedAt is when the serving version became active");
    assertEquals(1, st.version());
    assertTrue(st.serving());
    assertFalse(st.healthy());
    problemAt(st.lastProblems(), "tenants/acme/users/alice.json", "/groups/0");
  }

  @Test
  void reload_invalidJson_keepsServing_statusHasLocation() {
    open();
    put("acme", "inline/alice.json", "{\"Version\": \"2012-10-17\", \"Statement\": [");
    store.reload();
    assertEquals(1, version("acme"));
    assertEquals(Outcome.ALLOW, alice("docs:GetObject", BUCKET + "a/x.txt"));
    ConfigProblem p = store.status().get("acme").lastProblems().stream()
        .filter(x -> x.file().equals("tenants/acme/inline/alice.json")).findFirst().orElseThrow();
    assertTrue(p.location().line() >= 1, p.toString());
  }

  @Test
  void reload_brokenThenFixed_bumpsVersionAgain_statusHealthy() {
    open();
    put("acme", "inline/alice.json", allow("docs:Get:Object", BUCKET + "b/*"));
    store.reload();
    assertEquals(1, version("acme"));

    put("acme", "inline/alice.json", allow("docs:GetObject", BUCKET + "b/*"));
    List<ConfigEvent> events = store.reload();
    assertEquals(ConfigEvent.Kind.UPDATED, events.get(0).kind());
    assertEquals(1, events.get(0).oldVersion());
    assertEquals(2, events.get(0).newVersion());
    assertEquals(2, version("acme"));
    assertTrue(store.status().get("acme").healthy());
    assertEquals(Outcome.ALLOW, alice("docs:GetObject", BUCKET + "b/x.txt"));
  }

  @Test
  void reload_brokenThenRestoredToServingFiles_healthyAgain_sameVersion() {
    open();
    String original = read(file("acme", "inline/alice.json"));
    put("acme", "inline/alice.json", "not json");
    store.reload();
    assertFalse(store.status().get("acme").healthy());

    put("acme", "inline/alice.json", original);
    store.reload();
    assertTrue(store.status().get("acme").healthy());
    assertEquals(1, version("acme"), "the files equal the serving configuration: nothing changed");
  }

  @Test
  void reload_oneTenantBroken_otherTenantStillReloads() {
    open();
    put("acme", "inline/alice.json", "{");
    put("globex", "inline/carol.json", allow("docs:*", "arn:iam4j:docs::globex:bucket/*"));
    List<ConfigEvent> events = store.reload();
    Map<String, ConfigEvent.Kind> kinds = events.stream().collect(Collectors.toMap(ConfigEvent::tenant, ConfigEvent::kind));
    assertEquals(Map.of("acme", ConfigEvent.Kind.FAILED, "globex", ConfigEvent.Kind.UPDATED), kinds);
    assertEquals(1, version("acme"));
    assertEquals(2, version("globex"));
  }

  @Test
  void reload_tenantAdded_otherTenantsUntouched() {
    open();
    Tenant acme = store.directory().tenant("acme").orElseThrow();
    put("initech", "users/dave.json", "{}");
    List<ConfigEvent> events = store.reload();

    assertEquals(1, events.size(), events.toString());
    assertEquals(ConfigEvent.Kind.ADDED, events.get(0).kind());
    assertEquals("initech", events.get(0).tenant());
    assertEquals(0, events.get(0).oldVersion());
    assertEquals(1, events.get(0).newVersion());
    assertEquals(List.of("users/dave.json"), events.get(0).changedFiles());
    assertEquals(1, version("initech"));
    assertSame(acme, store.directory().tenant("acme").orElseThrow());
    assertEquals(1, version("globex"));
  }

  @Test
  void reload_tenantRemoved_otherTenantsUntouched() {
    open();
    deleteTenant("globex");
    List<ConfigEvent> events = store.reload();

    assertEquals(1, events.size(), events.toString());
    ConfigEvent removed = events.get(0);
    assertEquals(ConfigEvent.Kind.REMOVED, removed.kind());
    assertEquals("globex", removed.tenant());
    assertEquals(1, removed.oldVersion());
    assertEquals(0, removed.newVersion());
    assertTrue(store.directory().tenant("globex").isEmpty());
    assertFalse(store.status().containsKey("globex"));
    assertEquals(1, version("acme"));
    assertEquals(Outcome.ALLOW, alice("docs:GetObject", BUCKET + "a/x.txt"));
    assertThrows(IamException.class, () -> decide(store, "globex", "user/carol", "docs:GetObject", "*"));
  }

  @Test
  void reload_removedAndReAdded_versionNeverGoesBack() {
    open();
    put("acme", "inline/alice.json", allow("docs:GetObject", BUCKET + "b/*"));
    store.reload();
    assertEquals(2, version("acme"));

    Map<String, String> saved = onDisk("acme");
    deleteTenant("acme");
    store.reload();
    assertTrue(store.directory().tenant("acme").isEmpty());

    saved.forEach((path, content) -> put("acme", path, content));
    List<ConfigEvent> events = store.reload();
    assertEquals(ConfigEvent.Kind.ADDED, events.get(0).kind());
    assertTrue(version("acme") > 2, "re-created tenant must not reuse an old version: " + version("acme"));
    assertEquals(1, version("globex"));
  }

  @Test
  void reloadTenant_reloadsOnlyThatTenant() {
    open();
    put("acme", "inline/alice.json", allow("docs:GetObject", BUCKET + "b/*"));
    put("globex", "inline/carol.json", allow("docs:*", "*"));
    List<ConfigEvent> events = store.reloadTenant("globex", "test");
    assertEquals(1, events.size());
    assertEquals("globex", events.get(0).tenant());
    assertEquals("test", events.get(0).cause());
    assertEquals(1, version("acme"), "acme's edit waits for its own reload");
    assertEquals(2, version("globex"));
  }

  // ---------------------------------------------------------------- validate

  @Test
  void validate_brokenTree_reportsPerTenantWithFileAndPointer() {
    put("initech", "roles/Ops.json", j("{'trustPolicy': 'trust/ops.json', 'maxSessionDuration': 50000}"));
    put("initech", "trust/ops.json", j("{'Statement': [{'Effect': 'Allow', 'Action': 'sts:AssumeRole'}]}"));
    Map<String, List<ConfigProblem>> result = ConfigStore.validate(ConfigStore.Settings.of(root));
    assertEquals(Set.of("acme", "globex", "initech"), result.keySet());
    assertTrue(result.get("acme").isEmpty());
    assertTrue(result.get("globex").isEmpty());
    problemAt(result.get("initech"), "tenants/initech/roles/Ops.json", "/maxSessionDuration");
    problemAt(result.get("initech"), "tenants/initech/trust/ops.json", "/Statement/0");
  }

  @Test
  void validate_noTenantsDirectory_oneProblem() throws IOException {
    Path empty = Files.createDirectory(root.resolve("empty"));
    Map<String, List<ConfigProblem>> result = ConfigStore.validate(ConfigStore.Settings.of(empty));
    assertEquals(1, result.size());
    assertTrue(result.values().iterator().next().get(0).message().contains("tenants"));
  }

  @Test
  void validate_fileTooLarge_namesTheLimit() {
    put("acme", "inline/big.json", " ".repeat(2 << 20) + "{}");
    List<ConfigProblem> ps = ConfigStore.validate(ConfigStore.Settings.of(root)).get("acme");
    ConfigProblem p = problemAt(ps, "tenants/acme/inline/big.json", "");
    assertTrue(p.message().contains("maxFileBytes"), p.message());
  }

  // ---------------------------------------------------------------- write

  @Test
  void write_validChange_persistsBumpsVersionAndDecides() {
    open();
    Tenant t = store.writer().write("acme", 1, List.of(
        FileChange.put("users/bob.json", userWithInline("inline/bob.json")),
        FileChange.put("inline/bob.json", allow("docs:PutObject", BUCKET + "*"))), "admin");

    assertEquals(2, t.version());
    assertEquals(2, version("acme"));
    assertTrue(t.users().containsKey("bob"));
    assertEquals(userWithInline("inline/bob.json"), read(file("acme", "users/bob.json")));
    assertEquals(Outcome.ALLOW, decide(store, "acme", "user/bob", "docs:PutObject", BUCKET + "x"));
    try (Stream<Path> s = Files.walk(file("acme", ""))) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary file left behind");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ConfigStore fresh = ConfigStore.open(ConfigStore.Settings.of(root))) {
      assertTrue(fresh.directory().tenant("acme").orElseThrow().users().containsKey("bob"), "persisted");
    }
  }

  @Test
  void write_delete_removesFileAndIdentity() {
    put("acme", "users/bob.json", "{}");
    open();
    store.writer().write("acme", -1, List.of(FileChange.delete("users/bob.json")), "admin");
    assertFalse(Files.exists(file("acme", "users/bob.json")));
    assertFalse(store.directory().tenant("acme").orElseThrow().users().containsKey("bob"));
    assertEquals(2, version("acme"));
  }

  @Test
  void write_invalidChange_throwsConfigException_filesAndVersionUnchanged() {
    open();
    Map<String, String> before = onDisk("acme");
    ConfigException e = assertThrows(ConfigException.class, () -> store.writer().write("acme", 1, List.of(
        FileChange.put("users/bob.json", "{}"),
        FileChange.put("users/alice.json", j("{'groups': ['nope']}")),
        FileChange.delete("inline/alice.json")), "admin"));

    problemAt(e.problems(), "tenants/acme/users/alice.json", "/groups/0");
    assertEquals(before, onDisk("acme"), "nothing written: not even the valid part of the change");
    assertEquals(1, version("acme"));
    assertEquals(Outcome.ALLOW, alice("docs:GetObject", BUCKET + "a/x.txt"));
    assertTrue(store.status().get("acme").healthy(), "a refused write does not make the serving tenant unhealthy");
  }

  @Test
  void write_expectedVersionMismatch_refused_nothingWritten() {
    open();
    Map<String, String> before = onDisk("acme");
    IamException e = assertThrows(IamException.class,
        () -> store.writer().write("acme", 7, List.of(FileChange.put("users/bob.json", "{}")), "admin"));
    assertFalse(e instanceof ConfigException, "a conflict, not an invalid configuration");
    assertTrue(e.getMessage().contains("version 1"), e.getMessage());
    assertEquals(before, onDisk("acme"));
    assertEquals(1, version("acme"));
  }

  @Test
  void write_newTenant_addedAtVersionOne() {
    open();
    List<ConfigEvent> events = new CopyOnWriteArrayList<>();
    store.addListener(events::add);
    Tenant t = store.writer().write("initech", 0, List.of(FileChange.put("users/dave.json", "{}")), "admin");
    assertEquals(1, t.version());
    assertEquals(ConfigEvent.Kind.ADDED, events.get(0).kind());
    assertEquals("write by admin", events.get(0).cause());
    assertTrue(Files.exists(file("initech", "users/dave.json")));
  }

  @Test
  void write_invalidNewTenant_leavesNoTenantBehind() {
    open();
    assertThrows(ConfigException.class,
        () -> store.writer().write("initech", 0, List.of(FileChange.put("users/dave.json", j("{'groups': ['nope']}"))), "admin"));
    assertTrue(onDisk("initech").isEmpty(), "no configuration file written");
    store.reload();
    assertTrue(store.directory().tenant("initech").isEmpty(),
        "a refused write must not create a tenant, not even an empty one on the next reload");
  }

  @Test
  void write_pathOutsideTheTenant_refused() {
    open();
    Map<String, String> globex = onDisk("globex");
    for (String path : List.of("../globex/users/mallory.json", "/tmp/x.json", ".iam4j.lock", "users/x.txt", "")) {
      assertThrows(IamException.class, () -> store.writer().write("acme", -1, List.of(FileChange.put(path, "{}")), "admin"), path);
    }
    assertEquals(globex, onDisk("globex"));
    assertEquals(1, version("acme"));
  }

  @Test
  void write_hiddenFile_refusedOrConsistentWithDisk() {
    open();
    // Hidden files are not configuration (the store never reads them): a write must not activate
    // what a reload from disk, or a restart, would not produce.
    try {
      store.writer().write("acme", -1, List.of(FileChange.put("users/.mallory.json", "{}")), "admin");
    } catch (IamException refused) {
      assertFalse(Files.exists(file("acme", "users/.mallory.json")));
      return;
    }
    Tenant written = store.directory().tenant("acme").orElseThrow();
    store.reload();
    try (ConfigStore fresh = ConfigStore.open(ConfigStore.Settings.of(root))) {
      assertEquals(written.users().keySet(), fresh.directory().tenant("acme").orElseThrow().users().keySet(),
          "the active configuration equals what the files on disk load to");
    }
  }

  @Test
  void write_invalidTenantId_refused() {
    open();
    assertThrows(IamException.class, () -> store.writer().write("../acme", -1, List.of(FileChange.put("users/x.json", "{}")), "admin"));
    assertThrows(IamException.class, () -> store.writer().write("Acme", -1, List.of(FileChange.put("users/x.json", "{}")), "admin"));
  }

  @Test
  void write_afterEditOnDiskNotYetReloaded_refused() {
    open();
    put("acme", "users/bob.json", "{}");
    assertThrows(IamException.class,
        () -> store.writer().write("acme", 1, List.of(FileChange.put("users/carol.json", "{}")), "admin"));
    assertFalse(Files.exists(file("acme", "users/carol.json")));
    assertEquals(1, version("acme"));
  }

  @Test
  void write_concurrentWriters_noLostUpdate_versionMovesOncePerWrite() throws Exception {
    open();
    int writers = 8;
    long start = version("acme");
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Tenant>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String name = "user" + i;
        results.add(pool.submit(() -> {
          go.await();
          return store.writer().write("acme", -1, List.of(FileChange.put("users/" + name + ".json", "{}")), name);
        }));
      }
      go.countDown();
      Set<Long> versions = new TreeSet<>();
      for (Future<Tenant> f : results) {
        versions.add(f.get(30, TimeUnit.SECONDS).version());
      }
      assertEquals(writers, versions.size(), "each write got its own version: " + versions);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(start + writers, version("acme"));
    Tenant t = store.directory().tenant("acme").orElseThrow();
    for (int i = 0; i < writers; i++) {
      assertTrue(t.users().containsKey("user" + i), "user" + i + " lost");
      assertTrue(Files.exists(file("acme", "users/user" + i + ".json")));
    }
    assertTrue(t.users().containsKey("alice"));
    assertTrue(store.reload().isEmpty(), "disk and memory agree");
  }

  @Test
  void write_concurrentWritersWithSameExpectedVersion_exactlyOneWins() throws Exception {
    open();
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    int won = 0;
    int refused = 0;
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Tenant>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String name = "user" + i;
        results.add(pool.submit(() -> {
          go.await();
          return store.writer().write("acme", 1, List.of(FileChange.put("users/" + name + ".json", "{}")), name);
        }));
      }
      go.countDown();
      for (Future<Tenant> f : results) {
        try {
          f.get(30, TimeUnit.SECONDS);
          won++;
        } catch (ExecutionException e) {
          assertTrue(e.getCause() instanceof IamException, e.getCause().toString());
          refused++;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, won);
    assertEquals(writers - 1, refused);
    assertEquals(2, version("acme"));
    assertEquals(2, store.directory().tenant("acme").orElseThrow().users().size(), "alice and the one winner");
  }

  @Test
  void write_twoStoresSharingTheDirectory_writersSerialized_noChangeLost() throws Exception {
    open();
    int perStore = 4;
    try (ConfigStore other = ConfigStore.open(ConfigStore.Settings.of(root))) {
      ExecutorService pool = Executors.newFixedThreadPool(2 * perStore);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < 2 * perStore; i++) {
          ConfigStore s = i % 2 == 0 ? store : other;
          String name = "user" + i;
          results.add(pool.submit(() -> {
            go.await();
            // The other store's writes make this one's view stale: it is told to reload and retries.
            for (int attempt = 0; ; attempt++) {
              try {
                return s.writer().write("acme", -1, List.of(FileChange.put("users/" + name + ".json", "{}")), name);
              } catch (IamException stale) {
                if (stale instanceof ConfigException || attempt > 100) {
                  throw stale;
                }
                s.reload();
              }
            }
          }));
        }
        go.countDown();
        for (Future<?> f : results) {
          f.get(30, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    }
    try (ConfigStore fresh = ConfigStore.open(ConfigStore.Settings.of(root))) {
      Tenant t = fresh.directory().tenant("acme").orElseThrow();
      for (int i = 0; i < 2 * perStore; i++) {
        assertTrue(t.users().containsKey("user" + i), "user" + i + " lost");
      }
    }
  }

  // ---------------------------------------------------------------- managed policy versions

  void docsPolicyTenant() {
    put("acme", "users/alice.json", j("{'managedPolicies': ['arn:iam4j:iam::acme:policy/Docs']}"));
    put("acme", "policies/Docs.json", allow("docs:GetObject", BUCKET + "*"));
  }

  ManagedPolicy docsPolicy() {
    return store.directory().tenant("acme").orElseThrow().policies().get("arn:iam4j:iam::acme:policy/Docs");
  }

  static List<String> ids(ManagedPolicy p) {
    return p.versions().stream().map(ManagedPolicy.Version::id).toList();
  }

  @Test
  void putPolicyVersion_singleFilePolicy_becomesVersioned_newDefaultDecides() {
    docsPolicyTenant();
    open();
    Tenant t = store.writer().putPolicyVersion("acme", "Docs", allow("docs:PutObject", BUCKET + "*"), true, "admin");
    assertEquals(2, t.version());
    assertEquals(List.of("v1", "v2"), ids(docsPolicy()));
    assertEquals("v2", docsPolicy().defaultVersionId());
    assertFalse(Files.exists(file("acme", "policies/Docs.json")));
    assertTrue(Files.exists(file("acme", "policies/Docs/v1.json")));
    assertTrue(Files.exists(file("acme", "policies/Docs/v2.json")));
    assertTrue(Files.exists(file("acme", "policies/Docs/policy.json")));
    assertEquals(Outcome.ALLOW, alice("docs:PutObject", BUCKET + "x"));
    assertEquals(Outcome.IMPLICIT_DENY, alice("docs:GetObject", BUCKET + "x"));
  }

  @Test
  void putPolicyVersion_upToFive_thenRefused() {
    docsPolicyTenant();
    open();
    for (int v = 2; v <= 5; v++) {
      store.writer().putPolicyVersion("acme", "Docs", allow("docs:PutObject", BUCKET + "v" + v + "/*"), false, "admin");
    }
    assertEquals(List.of("v1", "v2", "v3", "v4", "v5"), ids(docsPolicy()));
    assertEquals("v1", docsPolicy().defaultVersionId(), "makeDefault false keeps the default");
    assertEquals(Outcome.ALLOW, alice("docs:GetObject", BUCKET + "x"));
    long version = version("acme");
    Map<String, String> before = onDisk("acme");

    IamException e = assertThrows(IamException.class,
        () -> store.writer().putPolicyVersion("acme", "Docs", allow("docs:PutObject", "*"), true, "admin"));
    assertTrue(e.getMessage().contains(String.valueOf(ManagedPolicy.MAX_VERSIONS)), e.getMessage());
    assertEquals(version, version("acme"));
    assertEquals(before, onDisk("acme"));
  }

  @Test
  void putPolicyVersion_newPolicy_createsV1() {
    open();
    store.writer().putPolicyVersion("acme", "Fresh", allow("docs:ListBucket", "*"), true, "admin");
    ManagedPolicy p = store.directory().tenant("acme").orElseThrow().policies().get("arn:iam4j:iam::acme:policy/Fresh");
    assertEquals(List.of("v1"), ids(p));
    assertEquals("v1", p.defaultVersionId());
  }

  @Test
  void putPolicyVersion_invalidDocument_refusedWithPointer_nothingWritten() {
    docsPolicyTenant();
    open();
    Map<String, String> before = onDisk("acme");
    ConfigException e = assertThrows(ConfigException.class, () -> store.writer().putPolicyVersion("acme", "Docs",
        j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:Get:Object', 'Resource': '*'}]}"),
        true, "admin"));
    problemAt(e.problems(), "tenants/acme/policies/Docs/v2.json", "/Statement/0/Action");
    assertEquals(before, onDisk("acme"));
    assertEquals(1, version("acme"));
  }

  @Test
  void setDefaultPolicyVersion_rollsBack_decisionFollows() {
    docsPolicyTenant();
    open();
    store.writer().putPolicyVersion("acme", "Docs", allow("docs:PutObject", BUCKET + "*"), true, "admin");
    assertEquals(Outcome.IMPLICIT_DENY, alice("docs:GetObject", BUCKET + "x"));

    Tenant t = store.writer().setDefaultPolicyVersion("acme", "Docs", "v1", "admin");
    assertEquals(3, t.version());
    assertEquals("v1", docsPolicy().defaultVersionId());
    assertEquals(Outcome.ALLOW, alice("docs:GetObject", BUCKET + "x"));
    assertEquals(Outcome.IMPLICIT_DENY, alice("docs:PutObject", BUCKET + "x"));
    assertTrue(read(file("acme", "policies/Docs/policy.json")).contains("\"v1\""));

    store.writer().setDefaultPolicyVersion("acme", "Docs", "v2", "admin");
    assertEquals(Outcome.ALLOW, alice("docs:PutObject", BUCKET + "x"));
    assertEquals(4, version("acme"));
  }

  @Test
  void setDefaultPolicyVersion_unknownVersionOrPolicy_refused() {
    docsPolicyTenant();
    open();
    store.writer().putPolicyVersion("acme", "Docs", allow("docs:PutObject", BUCKET + "*"), true, "admin");
    assertThrows(IamException.class, () -> store.writer().setDefaultPolicyVersion("acme", "Docs", "v7", "admin"));
    assertThrows(IamException.class, () -> store.writer().setDefaultPolicyVersion("acme", "Nope", "v1", "admin"));
    assertThrows(IamException.class, () -> store.writer().setDefaultPolicyVersion("initech", "Docs", "v1", "admin"));
    assertEquals("v2", docsPolicy().defaultVersionId());
  }

  @Test
  void setDefaultPolicyVersion_singleFilePolicy_refused() {
    docsPolicyTenant();
    open();
    assertThrows(IamException.class, () -> store.writer().setDefaultPolicyVersion("acme", "Docs", "v1", "admin"));
    assertEquals(1, version("acme"));
  }

  @Test
  void setDefaultPolicyVersion_persists() {
    docsPolicyTenant();
    open();
    store.writer().putPolicyVersion("acme", "Docs", allow("docs:PutObject", BUCKET + "*"), true, "admin");
    store.writer().setDefaultPolicyVersion("acme", "Docs", "v1", "admin");
    try (ConfigStore fresh = ConfigStore.open(ConfigStore.Settings.of(root))) {
      assertEquals(Outcome.ALLOW, decide(fresh, "acme", "user/alice", "docs:GetObject", BUCKET + "x"));
    }
  }

  // ---------------------------------------------------------------- events

  @Test
  void listeners_receiveAddedUpdatedFailedRemoved() {
    open();
    List<ConfigEvent> events = new CopyOnWriteArrayList<>();
    store.addListener(events::add);

    put("initech", "users/dave.json", "{}");
    store.reload();
    put("initech", "users/dave.json", j("{'tags': {'team': 'x'}}"));
    store.reload();
    put("initech", "users/dave.json", j("{'groups': ['nope']}"));
    store.reload();
    deleteTenant("initech");
    store.reload();
    store.writer().write("acme", 1, List.of(FileChange.put("users/bob.json", "{}")), "bob");

    assertEquals(List.of(ConfigEvent.Kind.ADDED, ConfigEvent.Kind.UPDATED, ConfigEvent.Kind.FAILED, ConfigEvent.Kind.REMOVED,
        ConfigEvent.Kind.UPDATED), events.stream().map(ConfigEvent::kind).toList());
    assertEquals(List.of("initech", "initech", "initech", "initech", "acme"), events.stream().map(ConfigEvent::tenant).toList());
    assertEquals(List.of(0L, 1L, 2L, 2L, 1L), events.stream().map(ConfigEvent::oldVersion).toList());
    assertEquals(List.of(1L, 2L, 2L, 0L, 2L), events.stream().map(ConfigEvent::newVersion).toList());
    problemAt(events.get(2).problems(), "tenants/initech/users/dave.json", "/groups/0");
    assertTrue(events.get(0).problems().isEmpty());
    assertEquals("write by bob", events.get(4).cause());
    assertEquals(List.of("users/bob.json"), events.get(4).changedFiles());
    events.forEach(e -> assertNotNull(e.at()));
  }

  @Test
  void listeners_calledAfterTheChangeTookEffect() {
    open();
    List<String> seen = new CopyOnWriteArrayList<>();
    store.addListener(e -> seen.add(e.kind() + " " + store.directory().tenant(e.tenant()).map(Tenant::version).orElse(0L)
        + " " + e.newVersion()));
    put("acme", "users/bob.json", "{}");
    store.reload();
    store.writer().write("acme", 2, List.of(FileChange.delete("users/bob.json")), "admin");
    assertEquals(List.of("UPDATED 2 2", "UPDATED 3 3"), seen);
  }

  @Test
  void listeners_oneFailing_othersStillTold() {
    open();
    List<ConfigEvent> events = new CopyOnWriteArrayList<>();
    store.addListener(e -> {
      throw new IllegalStateException("listener bug");
    });
    store.addListener(events::add);
    put("acme", "users/bob.json", "{}");
    store.reload();
    assertEquals(1, events.size());
    assertEquals(2, version("acme"));
  }

  // ---------------------------------------------------------------- watching

  @Test
  void startWatching_editedFile_reloadedAfterDebounce() {
    open();
    store.startWatching();
    put("acme", "inline/alice.json", allow("docs:GetObject", BUCKET + "b/*"));
    await(() -> version("acme") == 2, "acme moves to version 2");
    assertEquals(Outcome.ALLOW, alice("docs:GetObject", BUCKET + "b/x.txt"));
    assertEquals(1, version("globex"), "only the edited tenant reloads");
  }

  @Test
  void startWatching_newTenantDirectory_added() {
    open();
    store.startWatching();
    put("initech", "policies/Ops/policy.json", j("{'defaultVersion': 'v1'}"));
    put("initech", "policies/Ops/v1.json", allow("docs:*", "*"));
    put("initech", "users/dave.json", j("{'managedPolicies': ['arn:iam4j:iam::initech:policy/Ops']}"));
    await(() -> store.directory().tenant("initech").map(t -> t.users().containsKey("dave")).orElse(false),
        "initech and its user dave are loaded");
    assertEquals(Outcome.ALLOW, decide(store, "initech", "user/dave", "docs:GetObject", "arn:iam4j:docs::initech:bucket/x"));
  }

  @Test
  void startWatching_brokenEdit_keepsServing_thenFixReloads() {
    open();
    store.startWatching();
    put("acme", "inline/alice.json", "{ broken");
    await(() -> !store.status().get("acme").lastProblems().isEmpty(), "the failure is reported in status");
    assertEquals(1, version("acme"));
    assertEquals(Outcome.ALLOW, alice("docs:GetObject", BUCKET + "a/x.txt"));

    put("acme", "inline/alice.json", allow("docs:GetObject", BUCKET + "b/*"));
    // The status is recorded just after the new version is installed: wait for both.
    await(() -> version("acme") == 2 && store.status().get("acme").healthy(), "the fix is loaded and reported");
    assertEquals(Outcome.ALLOW, alice("docs:GetObject", BUCKET + "b/x.txt"));
  }

  @Test
  void startWatching_burstOfWrites_oneReloadOfTheFinalContent() throws IOException {
    store = ConfigStore.open(ConfigStore.Settings.of(root).withDebounce(Duration.ofMillis(500)));
    List<ConfigEvent> events = new CopyOnWriteArrayList<>();
    store.addListener(events::add);
    store.startWatching();
    Path f = file("acme", "inline/alice.json");
    String last = allow("docs:GetObject", BUCKET + "e/*");
    // Half-written states in between: the debounce waits for quiet before reading.
    for (String text : List.of("{", allow("docs:GetObject", BUCKET + "c/*"), "{\"Version\"", last)) {
      Files.writeString(f, text);
    }
    // Listeners run just after the new version is installed: wait for the event itself.
    await(() -> events.stream().anyMatch(e -> e.kind() == ConfigEvent.Kind.UPDATED), "acme reloads");
    assertEquals(2, version("acme"));
    assertEquals(Outcome.ALLOW, alice("docs:GetObject", BUCKET + "e/x"));
    assertEquals(List.of(ConfigEvent.Kind.UPDATED), events.stream().map(ConfigEvent::kind).toList(),
        "no reload of an intermediate state");
  }

  @Test
  void startWatching_writeThroughStore_watcherDoesNotBumpAgain() {
    open();
    store.startWatching();
    store.writer().write("acme", 1, List.of(FileChange.put("users/bob.json", "{}")), "admin");
    java.time.Instant written = store.status().get("acme").lastAttempt();
    await(() -> store.status().get("acme").lastAttempt().isAfter(written), "the watcher looked at the written files");
    assertEquals(2, version("acme"));
  }

  @Test
  void startWatching_tenantDirectoryDeleted_removed_othersKeepServing() {
    open();
    store.startWatching();
    deleteTenant("globex");
    await(() -> store.directory().tenant("globex").isEmpty(), "globex is removed");
    assertEquals(1, version("acme"));
    assertEquals(Outcome.ALLOW, alice("docs:GetObject", BUCKET + "a/x.txt"));
  }

  @Test
  void startWatching_idempotent() {
    open();
    Set<Thread> before = Set.copyOf(watcherThreads());
    store.startWatching();
    store.startWatching();
    assertEquals(1, watcherThreads().stream().filter(t -> !before.contains(t)).count());
  }

  @Test
  void close_stopsWatching() throws InterruptedException {
    open();
    Set<Thread> before = Set.copyOf(watcherThreads());
    store.startWatching();
    List<Thread> threads = watcherThreads().stream().filter(t -> !before.contains(t)).toList();
    assertEquals(1, threads.size());
    store.close();
    await(() -> threads.stream().noneMatch(Thread::isAlive), "the watcher thread ends");

    put("acme", "inline/alice.json", allow("docs:GetObject", BUCKET + "b/*"));
    Thread.sleep(DEBOUNCE.toMillis() * 6); // several debounce periods: a live watcher would have reloaded
    assertEquals(1, version("acme"));
    store.reload();
    assertEquals(2, version("acme"), "the edit itself was valid: only the watcher was gone");
  }

  // ---------------------------------------------------------------- audit digests

  /** A write names its actor and, per changed file, the SHA-256 of the content before and after (null: absent). */
  @Test
  void write_event_carriesActorAndBeforeAfterDigests() {
    open();
    List<ConfigEvent> events = new CopyOnWriteArrayList<>();
    store.addListener(events::add);
    String oldInline = read(file("acme", "inline/alice.json"));
    String newInline = allow("docs:PutObject", BUCKET + "*");
    store.writer().write("acme", 1, List.of(FileChange.put("users/bob.json", "{}"),
        FileChange.put("inline/alice.json", newInline)), "arn:iam4j:iam::acme:user/admin");

    assertEquals(1, events.size());
    ConfigEvent e = events.get(0);
    assertEquals("arn:iam4j:iam::acme:user/admin", e.actor());
    assertEquals("write by arn:iam4j:iam::acme:user/admin", e.cause());
    assertEquals(List.of("inline/alice.json", "users/bob.json"), e.changedFiles());
    assertEquals(List.of(
        new ConfigEvent.FileDigest("inline/alice.json", ConfigStore.sha256(oldInline), ConfigStore.sha256(newInline)),
        new ConfigEvent.FileDigest("users/bob.json", null, ConfigStore.sha256("{}"))), e.digests());
    // The digest is the plain SHA-256 of the bytes, which anyone can recompute from a copy of the file.
    assertEquals("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", ConfigStore.sha256("{}"));

    // An actor may say what it did after ": " (as AccessKeys does): the cause keeps it, the actor is who.
    store.writer().write("acme", 2, List.of(FileChange.delete("users/bob.json")), "arn:iam4j:iam::acme:user/admin: DeleteUser bob");
    assertEquals(List.of(new ConfigEvent.FileDigest("users/bob.json", ConfigStore.sha256("{}"), null)), events.get(1).digests());
    assertEquals("arn:iam4j:iam::acme:user/admin", events.get(1).actor());
    assertEquals("write by arn:iam4j:iam::acme:user/admin: DeleteUser bob", events.get(1).cause());
  }

  /** A change found on disk has no actor (the server cannot know who edited), and digests all the same. */
  @Test
  void reload_event_hasDigestsAndNoActor_refusedChangeHasNone() {
    open();
    List<ConfigEvent> events = new CopyOnWriteArrayList<>();
    store.addListener(events::add);
    String before = read(file("acme", "inline/alice.json"));
    String after = allow("docs:GetObject", BUCKET + "b/*");
    put("acme", "inline/alice.json", after);
    store.reload();
    put("acme", "users/alice.json", j("{'groups': ['nope']}"));
    store.reload();

    assertEquals(List.of(ConfigEvent.Kind.UPDATED, ConfigEvent.Kind.FAILED), events.stream().map(ConfigEvent::kind).toList());
    assertNull(events.get(0).actor());
    assertEquals(List.of(new ConfigEvent.FileDigest("inline/alice.json", ConfigStore.sha256(before), ConfigStore.sha256(after))),
        events.get(0).digests());
    assertTrue(events.get(1).digests().isEmpty(), "a refused change changed nothing");
  }

  static List<Thread> watcherThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("iam4j-config-watcher") && t.isAlive()).toList();
  }
}
