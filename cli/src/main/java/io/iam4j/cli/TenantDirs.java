package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.config.ConfigProblem;
import io.iam4j.config.ConfigStore;
import io.iam4j.directory.Arns;
import io.iam4j.directory.Directory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads configuration the way the server does ({@link ConfigStore}: validated as a whole, problems
 * with file and JSON pointer): a configuration root holding {@code tenants/}, or a single tenant's
 * directory (such as {@code config/tenants/acme} or a modified copy of it), which is copied under a
 * scratch root as {@code tenants/ID}.
 */
final class TenantDirs {
  private TenantDirs() {}

  /** Thrown (after printing the problems) when the configuration is invalid. */
  static final class Invalid extends Exception {
    Invalid() {
      super(null, null, false, false);
    }
  }

  /** The directory of one tenant's files, loaded as tenant {@code id}. */
  static Directory tenant(Path dir, String id, String partition, PrintWriter err) throws IOException, Invalid {
    if (!Files.isDirectory(dir)) {
      throw new IamException(dir + ": not a directory");
    }
    Path root = Files.createTempDirectory("iam4j-tenant");
    try {
      Path to = root.resolve("tenants").resolve(id);
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          Path target = to.resolve(dir.relativize(p).toString());
          Files.createDirectories(target.getParent());
          Files.copy(p, target);
        }
      }
      return root(root, partition, err, dir.toString(), to.toString());
    } finally {
      delete(root);
    }
  }

  /**
   * A configuration root. Problems are printed with the file as the user knows it ({@code shown}
   * for {@code actual} when the tenant was copied).
   */
  static Directory root(Path root, String partition, PrintWriter err, String shown, String actual) throws Invalid {
    ConfigStore.Settings settings = ConfigStore.Settings.of(root).withArns(new Arns(partition));
    Map<String, List<ConfigProblem>> problems = ConfigStore.validate(settings);
    if (problems.values().stream().anyMatch(l -> !l.isEmpty())) {
      problems.values().forEach(l -> l.forEach(p -> err.println(actual == null ? p.toString() : p.toString().replace(actual, shown))));
      throw new Invalid();
    }
    try (ConfigStore store = ConfigStore.open(settings)) {
      return store.directory();
    }
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
