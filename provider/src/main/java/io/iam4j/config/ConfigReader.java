package io.iam4j.config;

import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.ProviderPolicies;
import io.iam4j.directory.Tenant;
import io.iam4j.json.Location;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a configuration tree ({@code ROOT/tenants/<tenant>/...}) into validated tenants, without
 * activating anything: the reading third of the store (the {@link ConfigStore} serves, the {@link
 * ConfigWatcher} notices changes on disk, the {@link ConfigWriter} changes files). Thread-safe:
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
    for (String t : probe.tenantNames()) {
      try {
        probe.load(t, probe.readTenantFiles(t));
        out.put(t, List.of());
      } catch (ConfigException e) {
        out.put(t, e.problems());
      }
    }
    return out;
  }

  ConfigStore.Settings settings() {
    return settings;
  }

  Path tenantsDir() {
    return tenantsDir;
  }

  Map<String, ManagedPolicy> providerPolicies() {
    return providerPolicies;
  }

  /** Validates one tenant's files as a whole; the tenant it yields is not versioned yet. */
  Tenant load(String tenant, Map<String, String> files) {
    return loader.load(tenant, files, "tenants/" + tenant + "/");
  }

  /** The tenant directories of the tree, sorted (hidden ones skipped). */
  List<String> tenantNames() {
    if (!Files.isDirectory(tenantsDir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(tenantsDir)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean exists(String tenant) {
    return Files.isDirectory(tenantsDir.resolve(tenant));
  }

  /** Every regular, non-hidden file of a tenant directory, as text. */
  Map<String, String> readTenantFiles(String tenant) {
    Path dir = tenantsDir.resolve(tenant);
    Map<String, String> files = new TreeMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path rel = dir.relativize(p);
        if (!Files.isRegularFile(p) || hidden(rel)) {
          continue;
        }
        String name = rel.toString().replace('\\', '/');
        long size = Files.size(p);
        if (size > settings.maxFileBytes()) {
          problems.add(new ConfigProblem("tenants/" + tenant + "/" + name, "", Location.UNKNOWN, "File size (" + size
              + " bytes) exceeds the maximum allowed (" + settings.maxFileBytes() + ", from ConfigStore.Settings.maxFileBytes)"));
          continue;
        }
        try {
          files.put(name, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(p))).toString());
        } catch (CharacterCodingException e) {
          problems.add(new ConfigProblem("tenants/" + tenant + "/" + name, "", Location.UNKNOWN, "Not UTF-8 text"));
        }
      }
    } catch (IOException e) {
      problems.add(new ConfigProblem("tenants/" + tenant + "/", "", Location.UNKNOWN, "Cannot read: " + e));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return files;
  }

  static boolean hidden(Path rel) {
    for (Path part : rel) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
