package io.iam4j.config.postgres;

import io.iam4j.IamException;
import io.iam4j.config.ConfigStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The store's schema versions: numbered SQL migrations shipped as resources beside this class
 * (listed in {@code migrations.txt}), applied at start, each once, all in one transaction, and
 * recorded in {@code iam4j_schema_version} with the SHA-256 of their text. Hand-written rather than
 * Flyway or Liquibase: one table and a few statements do not justify a dependency in every
 * application's war.
 *
 * <p>Several nodes may start at once: the first takes an exclusive lock on the version table and
 * migrates, the others wait and find nothing left to do. Start is refused when a migration already
 * applied was changed since (its checksum), or the database was migrated by a newer iam4j (a version
 * this one does not know): an older node must not write into a schema it does not understand.
 */
public final class Migrations {
  private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

  /** One migration: its version, a description and its SQL text. */
  public record Migration(int version, String description, String sql) {
    public String checksum() {
      return ConfigStore.sha256(sql);
    }
  }

  private final List<Migration> migrations;

  public Migrations(List<Migration> migrations) {
    this.migrations = List.copyOf(migrations);
    for (int i = 0; i < this.migrations.size(); i++) {
      if (this.migrations.get(i).version() != i + 1) {
        throw new IllegalArgumentException("Migrations are numbered 1, 2, ... in order: " + this.migrations);
      }
    }
  }

  /** The migrations shipped with iam4j. */
  public static Migrations shipped() {
    List<Migration> out = new ArrayList<>();
    try (BufferedReader index = new BufferedReader(new InputStreamReader(resource("migrations.txt"), StandardCharsets.UTF_8))) {
      for (String line; (line = index.readLine()) != null; ) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\s+", 3);
        try (InputStream in = resource(parts[1])) {
          out.add(new Migration(Integer.parseInt(parts[0]), parts.length > 2 ? parts[2] : parts[1],
              new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
      }
    } catch (IOException e) {
      throw new IamException("Cannot read iam4j's schema migrations: " + e.getMessage(), e);
    }
    return new Migrations(out);
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = Migrations.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException("missing resource io/iam4j/config/postgres/" + name);
    }
    return in;
  }

  public List<Migration> all() {
    return migrations;
  }

  /** The latest version these migrations reach. */
  public int latest() {
    return migrations.size();
  }

  /**
   * Brings the schema to {@link #latest()} in one transaction: nothing is applied unless everything is.
   *
   * @return the migrations applied now (empty when the schema was current)
   * @throws IamException when an applied migration changed or the schema is newer than this iam4j
   */
  public List<Migration> apply(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    try {
      createVersionTable(c);
      c.setAutoCommit(false);
      List<Migration> applied = new ArrayList<>();
      try (Statement s = c.createStatement()) {
        s.execute("LOCK TABLE iam4j_schema_version IN EXCLUSIVE MODE");
        Map<Integer, String> done = new TreeMap<>();
        try (ResultSet rs = s.executeQuery("SELECT version, checksum FROM iam4j_schema_version")) {
          while (rs.next()) {
            done.put(rs.getInt(1), rs.getString(2));
          }
        }
        for (Map.Entry<Integer, String> d : done.entrySet()) {
          if (d.getKey() > latest()) {
            throw new IamException("The configuration database is at schema version " + d.getKey() + ", newer than this iam4j knows ("
                + latest() + "): upgrade iam4j on this node");
          }
          Migration m = migrations.get(d.getKey() - 1);
          if (!m.checksum().equals(d.getValue())) {
            throw new IamException("Schema migration " + m.version() + " (" + m.description() + ") differs from the one applied to the"
                + " configuration database (checksum " + d.getValue() + ", now " + m.checksum() + "): a shipped migration is never edited");
          }
        }
        for (Migration m : migrations) {
          if (done.containsKey(m.version())) {
            continue;
          }
          s.execute(m.sql());
          try (PreparedStatement p = c.prepareStatement(
              "INSERT INTO iam4j_schema_version (version, description, checksum, applied_at) VALUES (?, ?, ?, now())")) {
            p.setInt(1, m.version());
            p.setString(2, m.description());
            p.setString(3, m.checksum());
            p.executeUpdate();
          }
          applied.add(m);
        }
      }
      c.commit();
      applied.forEach(m -> LOG.info(() -> "Configuration database migrated to schema version " + m.version() + " (" + m.description() + ")"));
      return applied;
    } catch (SQLException | RuntimeException e) {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /** The version table itself, created once (two nodes racing: the loser finds it made). */
  private static void createVersionTable(Connection c) throws SQLException {
    c.setAutoCommit(true);
    String ddl = "CREATE TABLE IF NOT EXISTS iam4j_schema_version (version integer PRIMARY KEY, description text NOT NULL,"
        + " checksum char(64) NOT NULL, applied_at timestamptz NOT NULL)";
    try (Statement s = c.createStatement()) {
      s.execute(ddl);
    } catch (SQLException e) {
      // 23505/42P07: another node created it between our check and our create.
      if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  /** The schema version of a database: the highest applied migration, 0 for none. */
  public static int current(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM iam4j_schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
