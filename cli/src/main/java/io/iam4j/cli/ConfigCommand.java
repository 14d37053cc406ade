package io.iam4j.cli;

import io.iam4j.config.ConfigProblem;
import io.iam4j.config.ConfigStore;
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
    subcommands = {ConfigCommand.Validate.class})
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
}
