package io.iam4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.directory.Tenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tenant.json's {@code "console"}: loaded, defaulted, and every mistake located by file and pointer. */
class ConsoleTenantSettingsTest {
  @TempDir Path root;

  void put(String tenant, String path, String content) throws IOException {
    Path p = root.resolve("tenants").resolve(tenant).resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content.replace('\'', '"'));
  }

  @Test
  void requireMfaIsLoadedAndDefaultsToFalse() throws IOException {
    put("acme", "tenant.json", "{'console': {'requireMfa': true}}");
    put("globex", "tenant.json", "{'description': 'no console member'}");
    try (ConfigStore store = ConfigStore.open(ConfigStore.Settings.of(root))) {
      Tenant acme = store.directory().tenant("acme").orElseThrow();
      Tenant globex = store.directory().tenant("globex").orElseThrow();
      assertTrue(acme.console().requireMfa());
      assertFalse(globex.console().requireMfa());
      // A new version of the tenant keeps its console settings.
      assertTrue(acme.withVersion(acme.version() + 1).console().requireMfa());
    }
  }

  @Test
  void mistakesAreLocated() throws IOException {
    put("acme", "tenant.json", "{'console': {'requireMfa': 'yes', 'theme': 'dark'}}");
    put("globex", "tenant.json", "{'console': true}");
    Map<String, List<ConfigProblem>> all = ConfigStore.validate(ConfigStore.Settings.of(root));
    List<ConfigProblem> acme = all.get("acme");
    assertTrue(acme.stream().anyMatch(p -> p.file().endsWith("tenant.json") && p.pointer().equals("/console/requireMfa")), acme::toString);
    assertTrue(acme.stream().anyMatch(p -> p.pointer().equals("/console/theme") && p.message().contains("Unknown key \"theme\"")
        && p.message().contains("requireMfa")), acme::toString);
    List<ConfigProblem> globex = all.get("globex");
    assertEquals(1, globex.size(), globex::toString);
    assertEquals("/console", globex.get(0).pointer());
    assertTrue(globex.get(0).message().contains("console is an object"), globex::toString);
  }
}
