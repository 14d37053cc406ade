package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.access.Reachability;
import io.iam4j.analysis.NoNewAccess;
import io.iam4j.directory.Directory;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code iam check-access}: is anything of a tenant reachable from another tenant or anonymously? */
@Command(
    name = "check-access",
    mixinStandardHelpOptions = true,
    description = {
      "Decide whether a tenant's resources (its roles, through their trust policies) are reachable from outside it:",
      "another tenant's principal, a service, an identity provider or an anonymous caller. Each finding names the",
      "principal and a request the evaluator allows. With --config, every other tenant's existing principals are",
      "tried with their own policies too (confirmed findings).",
      "Exit status: 0 nothing reachable, 2 reachable (findings printed), 1 bad usage or invalid configuration."
    })
final class CheckAccessCommand implements Callable<Integer> {
  @Option(names = "--tenant", required = true, paramLabel = "DIR|ID",
      description = "the tenant's directory (config/tenants/ID), or with --config the tenant id")
  String tenant;

  @Option(names = "--config", paramLabel = "DIR", description = "the configuration root holding tenants/ (all tenants are loaded)")
  Path config;

  @Option(names = "--partition", defaultValue = "iam4j", description = "ARN partition of the configuration (default: ${DEFAULT-VALUE})")
  String partition;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  String format;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Directory d;
      String id;
      if (config != null) {
        d = TenantDirs.root(config, partition, err, null, null);
        id = tenant;
      } else {
        Path dir = Path.of(tenant);
        if (!Files.isDirectory(dir)) {
          err.println(tenant + ": not a directory (give the tenant's directory, or --config ROOT --tenant ID)");
          return Main.EXIT_USAGE;
        }
        id = dir.toAbsolutePath().normalize().getFileName().toString();
        d = TenantDirs.tenant(dir, id, partition, err);
      }
      Reachability.Report r = Reachability.of(d, id, NoNewAccess.Options.DEFAULTS);
      if (format.equals("json")) {
        JsonArrayBuilder findings = jakarta.json.Json.createArrayBuilder();
        for (Reachability.Finding f : r.findings()) {
          findings.add(jakarta.json.Json.createObjectBuilder().add("principal", f.principal()).add("confirmed", f.confirmed())
              .add("description", f.description()).add("counterexample", AccessJson.counterexample(f.counterexample())));
        }
        JsonArrayBuilder notes = jakarta.json.Json.createArrayBuilder();
        r.notes().forEach(notes::add);
        out.println(Json.pretty(jakarta.json.Json.createObjectBuilder().add("tenant", id).add("reachable", r.reachable())
            .add("complete", r.complete()).add("findings", findings).add("notes", notes).build()));
      } else {
        for (Reachability.Finding f : r.findings()) {
          out.println((f.confirmed() ? "REACHABLE: " : "GRANTED (the other tenant must allow it too): ") + f.description());
          AccessJson.text(out, f.counterexample());
        }
        r.notes().forEach(n -> out.println("  note: " + n));
        out.println(r.reachable() ? "Tenant " + id + " is reachable from outside" + (r.complete() ? "." : " (or the check could not decide).")
            : "Nothing of tenant " + id + " is reachable from outside.");
      }
      return r.reachable() ? CheckNoNewAccessCommand.EXIT_FAIL : 0;
    } catch (TenantDirs.Invalid e) {
      return Main.EXIT_USAGE;
    } catch (IamException | IOException e) {
      err.println(e.getMessage());
      return Main.EXIT_USAGE;
    }
  }
}
