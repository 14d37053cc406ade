package io.iam4j.cli;

import io.iam4j.config.ConfigProblem;
import io.iam4j.config.ConfigException;
import io.iam4j.config.ConfigStore;
import io.iam4j.config.TenantStorage;
import io.iam4j.config.TenantTransfer;
import io.iam4j.config.postgres.StorageSettings;
import io.iam4j.directory.Arns;
import jakarta.json.JsonArrayBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code iam config ...}: tenant configuration trees. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with tenant configuration trees.",
    subcommands = {ConfigCommand.Validate.class, ConfigCommand.Export.class, ConfigCommand.Import.class})
final class ConfigCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = {
        "Validate a whole configuration tree (DIR/tenants/<tenant>/...) exactly as the server loads it: every",
        "policy, every reference between users, groups, roles and policies, names and limits.",
        "Exit status: 0 when every tenant would load, 2 with every problem (file, JSON pointer, message) when not."
      })
  static final class Validate implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "the configuration root (holding tenants/)")
    Path dir;

    @Option(names = "--partition", defaultValue = "iam4j", description = "ARN partition (default: ${DEFAULT-VALUE})")
    String partition;

    @Option(names = {"-f", "--format"}, defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Map<String, List<ConfigProblem>> result = ConfigStore.validate(ConfigStore.Settings.of(dir).withArns(new Arns(partition)));
      boolean ok = result.values().stream().allMatch(List::isEmpty);
      if (format.equals("json")) {
        JsonArrayBuilder tenants = jakarta.json.Json.createArrayBuilder();
        result.forEach((t, problems) -> {
          JsonArrayBuilder ps = jakarta.json.Json.createArrayBuilder();
          for (ConfigProblem p : problems) {
            var b = jakarta.json.Json.createObjectBuilder().add("file", p.file()).add("pointer", p.pointer()).add("message", p.message());
            if (p.location() != null && p.location().offset() >= 0) {
              b.add("line", p.location().line()).add("column", p.location().column());
            }
            ps.add(b);
          }
          tenants.add(jakarta.json.Json.createObjectBuilder().add("tenant", t).add("valid", problems.isEmpty()).add("problems", ps));
        });
        out.println(Json.pretty(jakarta.json.Json.createObjectBuilder().add("valid", ok).add("tenants", tenants).build()));
      } else {
        if (result.isEmpty()) {
          out.println("no tenants in " + dir.resolve("tenants"));
        }
        result.forEach((t, problems) -> {
          if (problems.isEmpty()) {
            out.println("tenant " + t + ": ok");
          } else {
            out.println("tenant " + t + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
            problems.forEach(p -> out.println("  " + p));
          }
        });
      }
      return ok ? 0 : Main.EXIT_INVALID;
    }
  }

  /**
   * What {@code export} and {@code import} share: a tenant read from one store ({@code files:DIR} or
   * {@code postgresql:URL}) and written to another through that store's own writer: validated as a
   * whole first (a broken source is refused with its problems, exit 2, and nothing is written), one
   * versioned change, the destination's documents made exactly the source's.
   */
  abstract static class Transfer implements Callable<Integer> {
    /**
     * The stores' own log lines (an unreachable database is SEVERE for a server) are the server's
     * business: the command prints its outcome itself. Held so that the level stays set.
     */
    private static final java.util.logging.Logger STORE_LOG = java.util.logging.Logger.getLogger("io.iam4j.config");

    @Option(names = "--tenant", required = true, description = "the tenant to move")
    String tenant;

    @Option(names = "--from", required = true, paramLabel = "STORE", description = "files:DIR (the configuration root holding tenants/)"
        + " or postgresql:URL (e.g. postgresql://localhost:5432/iam4j)")
    String from;

    @Option(names = "--to", required = true, paramLabel = "STORE", description = "files:DIR or postgresql:URL")
    String to;

    @Option(names = "--user", description = "the PostgreSQL user (for a postgresql: store)")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "a file whose first line is the PostgreSQL password"
        + " (never on the command line, never printed)")
    Path passwordFile;

    @Option(names = "--partition", defaultValue = "iam4j", description = "ARN partition (default: ${DEFAULT-VALUE})")
    String partition;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    abstract String verb();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      STORE_LOG.setLevel(java.util.logging.Level.OFF);
      int max = ConfigStore.Settings.of(Path.of(".")).maxFileBytes();
      Path root = to.startsWith("files:") ? Path.of(to.substring("files:".length())) : Path.of(".");
      String actor = "bin/iam config " + verb() + " by " + System.getProperty("user.name");
      try (TenantStorage source = StorageSettings.parse(from, user, passwordFile, max);
          ConfigStore destination = ConfigStore.open(ConfigStore.Settings.of(root).withArns(new Arns(partition)),
              StorageSettings.parse(to, user, passwordFile, max))) {
        if (!destination.storageStatus().available()) {
          err.println("iam: " + destination.storageStatus().lastError());
          return Main.EXIT_USAGE;
        }
        TenantTransfer.Result r = TenantTransfer.copy(source, destination, tenant, actor);
        if (r.changed().isEmpty()) {
          out.println("tenant " + tenant + ": " + destination.storage().describe() + " already holds the same documents (version " + r.version()
              + "); nothing written");
        } else {
          out.println("tenant " + tenant + ": " + r.changed().size() + " document" + (r.changed().size() == 1 ? "" : "s") + " written to "
              + destination.storage().describe() + ", now version " + r.version());
        }
        return 0;
      } catch (ConfigException e) {
        err.println("tenant " + tenant + " in " + from + " does not load; nothing was written:");
        e.problems().forEach(p -> err.println("  " + p));
        return Main.EXIT_INVALID;
      } catch (io.iam4j.IamException e) {
        err.println("iam: " + e.getMessage());
        return Main.EXIT_USAGE;
      }
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {
        "Copy a tenant out of a store, e.g. from PostgreSQL to a configuration tree:",
        "  iam config export --tenant acme --from postgresql://db:5432/iam4j --user iam4j --password-file pw --to files:backup",
        "The source is validated as a whole first; the destination's tenant becomes exactly the source's in one",
        "versioned write. Exit status: 0 done, 2 the source does not load (problems listed, nothing written), 1 other errors."
      })
  static final class Export extends Transfer {
    @Override
    String verb() {
      return "export";
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {
        "Copy a tenant into a store, e.g. from a configuration tree to PostgreSQL:",
        "  iam config import --tenant acme --from files:config --to postgresql://db:5432/iam4j --user iam4j --password-file pw",
        "A good tenant is never replaced by a broken one: the source is validated first by the destination's own loader.",
        "Exit status: 0 done, 2 the source does not load (problems listed, nothing written), 1 other errors."
      })
  static final class Import extends Transfer {
    @Override
    String verb() {
      return "import";
    }
  }
}
