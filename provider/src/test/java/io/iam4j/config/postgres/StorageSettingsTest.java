package io.iam4j.config.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import io.iam4j.config.FileTenantStorage;
import io.iam4j.config.StorageUnavailableException;
import io.iam4j.config.TenantStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the storage from settings and command-line names; no password in what is shown. */
class StorageSettingsTest {
  @TempDir Path dir;

  static TenantStorage open(Map<String, String> settings, Path root) {
    return StorageSettings.open(k -> Optional.ofNullable(settings.get(k)), root, 1 << 20);
  }

  @Test
  void filesByDefaultPostgresqlByChoiceAndClearErrors() throws Exception {
    assertInstanceOf(FileTenantStorage.class, open(Map.of(), dir));
    Path pw = Files.writeString(dir.resolve("pw"), "s3cret-pass\n");
    try (TenantStorage pg = open(Map.of("iam4j.store", "postgresql", "iam4j.store.jdbc-url",
        "jdbc:postgresql://127.0.0.1:1/iam4j?password=url-secret", "iam4j.store.user", "iam4j", "iam4j.store.password-file", pw.toString()), dir)) {
      assertEquals("postgresql:jdbc:postgresql://127.0.0.1:1/iam4j as iam4j", pg.describe());
      // Nothing listens on port 1: an outage, whose message names neither password.
      StorageUnavailableException down = assertThrows(StorageUnavailableException.class, pg::tenantNames);
      assertFalse(down.getMessage().contains("s3cret-pass") || down.getMessage().contains("url-secret"), down.getMessage());
    }
    IamException kind = assertThrows(IamException.class, () -> open(Map.of("iam4j.store", "mysql"), dir));
    assertTrue(kind.getMessage().contains("\"files\" (the default) or \"postgresql\""), kind.getMessage());
    IamException none = assertThrows(IamException.class, () -> open(Map.of("iam4j.store", "postgresql"), dir));
    assertTrue(none.getMessage().contains("iam4j.store.datasource") && none.getMessage().contains("iam4j.store.jdbc-url"), none.getMessage());
    IamException jndi = assertThrows(IamException.class, () -> open(Map.of("iam4j.store", "postgresql", "iam4j.store.datasource", "jdbc/none"), dir));
    assertTrue(jndi.getMessage().contains("jdbc/none"), jndi.getMessage());
    assertInstanceOf(FileTenantStorage.class, StorageSettings.parse("files:" + dir, null, null, 1 << 20));
    try (TenantStorage cli = StorageSettings.parse("postgresql://127.0.0.1:1/iam4j", "u", pw, 1 << 20)) {
      assertEquals("postgresql:jdbc:postgresql://127.0.0.1:1/iam4j as u", cli.describe());
    }
    assertThrows(IamException.class, () -> StorageSettings.parse("ftp://x", null, null, 1 << 20));
  }
}
