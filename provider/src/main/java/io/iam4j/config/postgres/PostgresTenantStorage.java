package io.iam4j.config.postgres;

import io.iam4j.config.ConfigProblem;
import io.iam4j.config.ConfigStore;
import io.iam4j.config.FileChange;
import io.iam4j.config.StorageUnavailableException;
import io.iam4j.config.TenantLoader;
import io.iam4j.config.TenantStorage;
import io.iam4j.json.Location;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Tenants' documents in PostgreSQL: one row per document (tenant, path, content, version), one row
 * per tenant with its version and the position of its last change (schema: {@link Migrations}).
 * Several nodes share one database: a write locks the tenant's row and the store's position row in
 * one transaction, so writes from every node are serialized and each one moves the tenant's version
 * once; every node sees them by polling the positions ({@link #changesSince}, one indexed query per
 * interval).
 *
 * <p>Any failure to reach the database is a {@link StorageUnavailableException}: the store keeps
 * serving its last good configuration. Nothing here logs the connection's password.
 */
public final class PostgresTenantStorage implements TenantStorage {
  /** Rows fetched per round trip when reading every tenant. */
  private static final int FETCH_SIZE = 2_000;

  private final ConnectionSource connections;
  private final int maxFileBytes;
  private final Duration pollInterval;

  /**
   * Connects, migrates the schema when needed, and returns the storage. A database that cannot be
   * reached now is no error: the store starts empty (fail closed) and the migration runs at the
   * first access that reaches it.
   */
  public PostgresTenantStorage(ConnectionSource connections, int maxFileBytes, Duration pollInterval) {
    this.connections = connections;
    this.maxFileBytes = maxFileBytes;
    this.pollInterval = pollInterval;
  }

  private volatile boolean migrated;

  /** A connection to a migrated schema. */
  private Connection connect() throws SQLException {
    Connection c = connections.connection();
    if (!migrated) {
      try {
        synchronized (this) {
          if (!migrated) {
            Migrations.shipped().apply(c);
            migrated = true;
          }
        }
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  @Override
  public String describe() {
    return "postgresql:" + connections.describe();
  }

  /** How often the store polls for other nodes' changes. */
  public Duration pollInterval() {
    return pollInterval;
  }

  private StorageUnavailableException unavailable(String what, SQLException e) {
    return new StorageUnavailableException("Cannot " + what + " in " + describe() + ": " + e.getMessage()
        + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")"), e);
  }

  @Override
  public List<String> tenantNames() {
    try (Connection c = connect();
        PreparedStatement p = c.prepareStatement("SELECT tenant FROM iam4j_tenant WHERE documents > 0 ORDER BY tenant");
        ResultSet rs = p.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw unavailable("list tenants", e);
    }
  }

  @Override
  public Stored read(String tenant) {
    try (Connection c = connect()) {
      return read(c, tenant, false);
    } catch (SQLException e) {
      throw unavailable("read tenant " + tenant, e);
    }
  }

  /** The tenant's documents (null: none), optionally locking its row for the transaction. */
  private Stored read(Connection c, String tenant, boolean lock) throws SQLException {
    long version;
    try (PreparedStatement p = c.prepareStatement("SELECT version FROM iam4j_tenant WHERE tenant = ?" + (lock ? " FOR UPDATE" : ""))) {
      p.setString(1, tenant);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        version = rs.getLong(1);
      }
    }
    Map<String, String> files = new TreeMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("SELECT path, content FROM iam4j_document WHERE tenant = ?")) {
      p.setString(1, tenant);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          put(tenant, rs.getString(1), rs.getString(2), files, problems);
        }
      }
    }
    return files.isEmpty() && problems.isEmpty() ? null : new Stored(files, version, problems);
  }

  /** The same size rule as files: a document over the limit is a located problem, not content. */
  private void put(String tenant, String path, String content, Map<String, String> files, List<ConfigProblem> problems) {
    if ((long) content.length() > maxFileBytes / 3 && content.getBytes(StandardCharsets.UTF_8).length > maxFileBytes) {
      problems.add(new ConfigProblem("tenants/" + tenant + "/" + path, "", Location.UNKNOWN, "File size ("
          + content.getBytes(StandardCharsets.UTF_8).length + " bytes) exceeds the maximum allowed (" + maxFileBytes
          + ", from ConfigStore.Settings.maxFileBytes)"));
    } else {
      files.put(path, content);
    }
  }

  @Override
  public void forEachTenant(BiConsumer<String, Stored> consumer) {
    try (Connection c = connect()) {
      boolean autoCommit = c.getAutoCommit();
      // A cursor (fetch size) needs a transaction; one statement also reads one consistent snapshot.
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement("SELECT d.tenant, t.version, d.path, d.content FROM iam4j_document d"
          + " JOIN iam4j_tenant t ON t.tenant = d.tenant ORDER BY d.tenant, d.path")) {
        p.setFetchSize(FETCH_SIZE);
        try (ResultSet rs = p.executeQuery()) {
          String tenant = null;
          long version = 0;
          Map<String, String> files = new TreeMap<>();
          List<ConfigProblem> problems = new ArrayList<>();
          while (rs.next()) {
            String t = rs.getString(1);
            if (!t.equals(tenant)) {
              if (tenant != null) {
                consumer.accept(tenant, new Stored(files, version, problems));
              }
              tenant = t;
              version = rs.getLong(2);
              files = new TreeMap<>();
              problems = new ArrayList<>();
            }
            put(t, rs.getString(3), rs.getString(4), files, problems);
          }
          if (tenant != null) {
            consumer.accept(tenant, new Stored(files, version, problems));
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw unavailable("read the tenants", e);
    }
  }

  @Override
  public long update(String tenant, Function<Stored, List<FileChange>> plan, String actor) {
    try (Connection c = connect()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        // The store's row first, the same order in every writer: writes are serialized, and the
        // position they take is their commit order.
        long position;
        try (PreparedStatement p = c.prepareStatement("UPDATE iam4j_store SET position = position + 1 WHERE id = 1 RETURNING position");
            ResultSet rs = p.executeQuery()) {
          rs.next();
          position = rs.getLong(1);
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO iam4j_tenant (tenant, version, position, documents, fingerprint,"
            + " updated_at) VALUES (?, 0, 0, 0, ?, now()) ON CONFLICT (tenant) DO NOTHING")) {
          p.setString(1, tenant);
          p.setString(2, TenantLoader.fingerprint(Map.of()));
          p.executeUpdate();
        }
        Stored current = read(c, tenant, true);
        long version;
        try (PreparedStatement p = c.prepareStatement("SELECT version FROM iam4j_tenant WHERE tenant = ?")) {
          p.setString(1, tenant);
          try (ResultSet rs = p.executeQuery()) {
            rs.next();
            version = rs.getLong(1) + 1;
          }
        }
        List<FileChange> changes = plan.apply(current);
        Map<String, String> files = new TreeMap<>(current == null ? Map.of() : current.files());
        try (PreparedStatement put = c.prepareStatement("INSERT INTO iam4j_document (tenant, path, content, version, updated_at)"
            + " VALUES (?, ?, ?, ?, now()) ON CONFLICT (tenant, path) DO UPDATE SET content = excluded.content,"
            + " version = excluded.version, updated_at = excluded.updated_at");
            PreparedStatement delete = c.prepareStatement("DELETE FROM iam4j_document WHERE tenant = ? AND path = ?")) {
          for (FileChange ch : changes) {
            if (ch instanceof FileChange.Put p) {
              put.setString(1, tenant);
              put.setString(2, p.path());
              put.setString(3, p.content());
              put.setLong(4, version);
              put.addBatch();
              files.put(p.path(), p.content());
            } else {
              delete.setString(1, tenant);
              delete.setString(2, ch.path());
              delete.addBatch();
              files.remove(ch.path());
            }
          }
          put.executeBatch();
          delete.executeBatch();
        }
        if (changes.stream().anyMatch(ch -> ch.path().startsWith("users/"))) {
          indexAccessKeys(c, tenant, files);
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE iam4j_tenant SET version = ?, position = ?, documents = ?, fingerprint = ?,"
            + " updated_at = now(), updated_by = ? WHERE tenant = ?")) {
          p.setLong(1, version);
          p.setLong(2, position);
          p.setInt(3, files.size());
          p.setString(4, TenantLoader.fingerprint(files));
          p.setString(5, actor);
          p.setString(6, tenant);
          p.executeUpdate();
        }
        c.commit();
        return version;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // The connection is gone: the transaction went with it.
        }
        throw e;
      } finally {
        try {
          c.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
          // As above.
        }
      }
    } catch (SQLException e) {
      throw unavailable("write tenant " + tenant, e);
    }
  }

  /**
   * The tenant's rows of {@code iam4j_access_key}, in the write's transaction: exactly the key ids its
   * users' documents now hold. An id another tenant's row already has keeps that row (the tenant that
   * held it first keeps it, as the store rules; the index is only a hint, checked on use).
   */
  private static void indexAccessKeys(Connection c, String tenant, Map<String, String> files) throws SQLException {
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM iam4j_access_key WHERE tenant = ?")) {
      delete.setString(1, tenant);
      delete.executeUpdate();
    }
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO iam4j_access_key (key_id, tenant) VALUES (?, ?) ON CONFLICT (key_id) DO NOTHING")) {
      for (String id : io.iam4j.config.AccessKeyIndex.ids(files)) {
        insert.setString(1, id);
        insert.setString(2, tenant);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** One indexed query on {@code iam4j_access_key} (schema version 2). */
  @Override
  public Optional<String> accessKeyTenant(String keyId) {
    try (Connection c = connect();
        PreparedStatement p = c.prepareStatement("SELECT tenant FROM iam4j_access_key WHERE key_id = ?")) {
      p.setString(1, keyId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable("look up an access key", e);
    }
  }

  @Override
  public long position() {
    try (Connection c = connect();
        PreparedStatement p = c.prepareStatement("SELECT position FROM iam4j_store WHERE id = 1");
        ResultSet rs = p.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw unavailable("read the change position", e);
    }
  }

  @Override
  public List<Change> changesSince(long position) {
    try (Connection c = connect();
        PreparedStatement p = c.prepareStatement("SELECT tenant, version, position FROM iam4j_tenant WHERE position > ? ORDER BY position")) {
      p.setLong(1, position);
      try (ResultSet rs = p.executeQuery()) {
        List<Change> out = new ArrayList<>();
        while (rs.next()) {
          out.add(new Change(rs.getString(1), rs.getLong(2), rs.getLong(3)));
        }
        return out;
      }
    } catch (SQLException e) {
      throw unavailable("poll for changes", e);
    }
  }

  @Override
  public Optional<Instant> lastModified(String tenant, String file) {
    try (Connection c = connect();
        PreparedStatement p = c.prepareStatement("SELECT updated_at FROM iam4j_document WHERE tenant = ? AND path = ?")) {
      p.setString(1, tenant);
      p.setString(2, file);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unavailable("read tenant " + tenant, e);
    }
  }

  @Override
  public AutoCloseable watch(ConfigStore store) {
    return StorePoller.start(store, pollInterval);
  }

  @Override
  public void close() {
    connections.close();
  }
}
