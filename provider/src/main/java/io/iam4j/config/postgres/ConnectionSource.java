package io.iam4j.config.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Where the PostgreSQL store gets its connections: the application server's pool (a JNDI {@link
 * DataSource}, what production uses) or the JDBC driver directly (a new connection per access: the
 * command line, tests, a server without a pool). {@link #describe()} never includes a password.
 */
public interface ConnectionSource extends AutoCloseable {
  Connection connection() throws SQLException;

  String describe();

  @Override
  default void close() {}

  /** A pooled data source; closing the store leaves the pool to its owner. */
  static ConnectionSource of(DataSource ds, String name) {
    return new ConnectionSource() {
      @Override
      public Connection connection() throws SQLException {
        return ds.getConnection();
      }

      @Override
      public String describe() {
        return name;
      }
    };
  }

  /**
   * The driver directly. Connect and read timeouts default to 5 s and 30 s (PgJDBC's {@code
   * connectTimeout}, {@code socketTimeout}) unless the URL sets them, so that an unreachable database
   * is an outage reported within seconds rather than a request hanging.
   *
   * @param password the password, or null (the URL or the server decides, e.g. trust or a .pgpass)
   */
  static ConnectionSource of(String url, String user, char[] password) {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", new String(password));
    }
    if (!url.contains("connectTimeout=")) {
      props.setProperty("connectTimeout", "5");
    }
    if (!url.contains("socketTimeout=")) {
      props.setProperty("socketTimeout", "30");
    }
    String shown = withoutQuery(url) + (user == null ? "" : " as " + user);
    return new ConnectionSource() {
      @Override
      public Connection connection() throws SQLException {
        return DriverManager.getConnection(url, props);
      }

      @Override
      public String describe() {
        return shown;
      }
    };
  }

  /** A JDBC URL without its parameters, which may hold a password. */
  static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  /** A password file's first line (trailing newline and spaces dropped). */
  static char[] readPassword(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      return (nl < 0 ? text : text.substring(0, nl)).strip().toCharArray();
    } catch (IOException e) {
      throw new io.iam4j.IamException("Cannot read the store's password file " + file + ": " + e.getMessage(), e);
    }
  }
}
