package io.iam4j.config.postgres;

import io.iam4j.IamException;
import io.iam4j.config.FileTenantStorage;
import io.iam4j.config.TenantStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which storage a server's configuration lives in, from its settings:
 *
 * <ul>
 *   <li>{@code iam4j.store}: {@code files} (the default: the tree under the configuration directory,
 *       no database) or {@code postgresql};
 *   <li>{@code iam4j.store.datasource}: the JNDI name of a {@code DataSource} (the server's pool,
 *       e.g. Payara's {@code jdbc/iam4j}); or else
 *   <li>{@code iam4j.store.jdbc-url}, {@code iam4j.store.user} and {@code iam4j.store.password-file}
 *       (a file whose first line is the password; it is never logged);
 *   <li>{@code iam4j.store.poll-interval}: how often a node looks for other nodes' changes (ISO-8601,
 *       default {@code PT1S}).
 * </ul>
 */
public final class StorageSettings {
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  private StorageSettings() {}

  /**
   * The storage the settings name.
   *
   * @param setting a setting's value by name (MicroProfile Config, system properties)
   * @param configRoot the configuration directory (the tree of the files storage)
   */
  public static TenantStorage open(Function<String, Optional<String>> setting, Path configRoot, int maxFileBytes) {
    String kind = setting.apply("iam4j.store").orElse("files");
    switch (kind) {
      case "files":
        return new FileTenantStorage(configRoot, maxFileBytes);
      case "postgresql":
        Duration poll = setting.apply("iam4j.store.poll-interval").map(Duration::parse).orElse(DEFAULT_POLL_INTERVAL);
        if (poll.isNegative() || poll.isZero()) {
          throw new IamException("iam4j.store.poll-interval must be positive: " + poll);
        }
        return new PostgresTenantStorage(connections(setting), maxFileBytes, poll);
      default:
        throw new IamException("iam4j.store is \"files\" (the default) or \"postgresql\"; found \"" + kind + "\"");
    }
  }

  private static ConnectionSource connections(Function<String, Optional<String>> setting) {
    Optional<String> jndi = setting.apply("iam4j.store.datasource");
    if (jndi.isPresent()) {
      try {
        Object ds = new javax.naming.InitialContext().lookup(jndi.get());
        if (!(ds instanceof javax.sql.DataSource d)) {
          throw new IamException("iam4j.store.datasource " + jndi.get() + " is a " + ds.getClass().getName() + ", not a DataSource");
        }
        return ConnectionSource.of(d, jndi.get());
      } catch (javax.naming.NamingException e) {
        throw new IamException("iam4j.store.datasource " + jndi.get() + " not found: " + e.getMessage(), e);
      }
    }
    String url = setting.apply("iam4j.store.jdbc-url").orElseThrow(() -> new IamException(
        "iam4j.store=postgresql needs iam4j.store.datasource (a JNDI DataSource) or iam4j.store.jdbc-url"));
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IamException("iam4j.store.jdbc-url is a jdbc:postgresql: URL; found " + ConnectionSource.withoutQuery(url));
    }
    char[] password = setting.apply("iam4j.store.password-file").map(Path::of).map(ConnectionSource::readPassword).orElse(null);
    return ConnectionSource.of(url, setting.apply("iam4j.store.user").orElse(null), password);
  }

  /** A store location as the command line names it: {@code files:DIR} or {@code postgresql:JDBC-URL-WITHOUT-jdbc:} too. */
  public static TenantStorage parse(String location, String user, Path passwordFile, int maxFileBytes) {
    if (location.startsWith("files:")) {
      return new FileTenantStorage(Path.of(location.substring("files:".length())), maxFileBytes);
    }
    if (location.startsWith("postgresql:")) {
      String rest = location.substring("postgresql:".length());
      String url = rest.startsWith("jdbc:") ? rest : "jdbc:postgresql:" + rest;
      return new PostgresTenantStorage(ConnectionSource.of(url, user, passwordFile == null ? null : ConnectionSource.readPassword(passwordFile)),
          maxFileBytes, DEFAULT_POLL_INTERVAL);
    }
    throw new IamException("A store is files:DIR or postgresql:URL (e.g. postgresql://localhost:5432/iam4j); found \"" + location + "\"");
  }
}
