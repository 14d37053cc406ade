package io.iam4j.config;

import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.ProviderPolicies;
import io.iam4j.directory.Tenant;
import io.iam4j.json.Location;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validates tenants' documents (as a configuration tree {@code ROOT/tenants/<tenant>/...} holds
 * them) into tenants, without activating anything: the reading third of the store (the {@link ConfigStore} serves, the {@link
 * ConfigWatcher} notices changes on disk, the {@link ConfigWriter} changes files); where the
 * documents come from is the {@link TenantStorage}'s business. Thread-safe:
 * it holds no state beyond its settings.
 */
public final class ConfigReader {
  private final ConfigStore.Settings settings;
  private final Path tenantsDir;
  private final TenantLoader loader;
  private final Map<String, ManagedPolicy> providerPolicies;

  public ConfigReader(ConfigStore.Settings settings) {
    this.settings = settings;
    this.tenantsDir = settings.root().resolve("tenants");
    this.providerPolicies = ProviderPolicies.load(settings.arns(), settings.classLoader());
    PolicyParser parser = new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true));
    this.loader = new TenantLoader(settings.arns(), providerPolicies, parser, settings.serverKey());
  }

  /** Validates a configuration tree exactly as the server would load it, without activating it. */
  public static Map<String, List<ConfigProblem>> validate(ConfigStore.Settings settings) {
    ConfigReader probe = new ConfigReader(settings);
    Map<String, List<ConfigProblem>> out = new TreeMap<>();
    if (!Files.isDirectory(probe.tenantsDir)) {
      out.put("(none)", List.of(new ConfigProblem(probe.tenantsDir.toString(), "", Location.UNKNOWN,
          "No tenants directory: " + settings.root() + " should hold tenants/<tenant>/")));
      return out;
    }
    try (FileTenantStorage files = new FileTenantStorage(settings.root(), settings.maxFileBytes())) {
      files.forEachTenant((t, stored) -> out.put(t, probe.problems(t, stored)));
    }
    return out;
  }

  /** Every problem of one stored tenant: unreadable documents, or what validation finds; empty when it loads. */
  List<ConfigProblem> problems(String tenant, TenantStorage.Stored stored) {
    if (!stored.problems().isEmpty()) {
      return stored.problems();
    }
    try {
      load(tenant, stored.files());
      return List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  ConfigStore.Settings settings() {
    return settings;
  }

  Map<String, ManagedPolicy> providerPolicies() {
    return providerPolicies;
  }

  /** Validates one tenant's files as a whole; the tenant it yields is not versioned yet. */
  Tenant load(String tenant, Map<String, String> files) {
    return loader.load(tenant, files, "tenants/" + tenant + "/");
  }

  static boolean hidden(Path rel) {
    return FileTenantStorage.hidden(rel);
  }
}
