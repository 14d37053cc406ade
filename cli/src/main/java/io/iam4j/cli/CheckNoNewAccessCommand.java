package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.access.TenantAccessCheck;
import io.iam4j.analysis.AccessCheckResult;
import io.iam4j.analysis.NoNewAccess;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.CatalogJson;
import io.iam4j.directory.Directory;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyException;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.Problem;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code iam check-no-new-access}: IAM Access Analyzer's CheckNoNewAccess, exact, with a counterexample; exit codes for CI. */
@Command(
    name = "check-no-new-access",
    mixinStandardHelpOptions = true,
    description = {
      "Decide whether an updated policy (or a whole updated tenant) allows any request the existing one does not,",
      "as IAM Access Analyzer's CheckNoNewAccess does, exactly over the policies' patterns, values and the catalog's actions.",
      "On new access, prints a counterexample request the evaluator allows with the update and denies without it.",
      "Exit status: 0 PASS (no new access), 2 FAIL (new access, or undecided within the bounds),",
      "1 bad usage or invalid input (the file and JSON pointer are named)."
    })
final class CheckNoNewAccessCommand implements Callable<Integer> {
  static final int EXIT_FAIL = 2;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Inputs inputs;

  static final class Inputs {
    @ArgGroup(exclusive = false)
    Policies policies;

    @ArgGroup(exclusive = false)
    Tenants tenants;
  }

  static final class Policies {
    @Option(names = "--existing", required = true, paramLabel = "FILE", description = "the existing policy document")
    Path existing;

    @Option(names = "--new", required = true, paramLabel = "FILE", description = "the updated policy document")
    Path updated;
  }

  static final class Tenants {
    @Option(names = "--existing-tenant", required = true, paramLabel = "DIR", description = "the tenant's directory before (config/tenants/ID)")
    Path existing;

    @Option(names = "--new-tenant", required = true, paramLabel = "DIR", description = "the tenant's directory after the change")
    Path updated;

    @Option(names = "--tenant", paramLabel = "ID", description = "the tenant id (default: the name of the --existing-tenant directory)")
    String id;
  }

  @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "identity",
      description = "with --existing/--new: identity (IDENTITY_POLICY) or resource (RESOURCE_POLICY) (default: ${DEFAULT-VALUE})")
  String type;

  @Option(names = "--catalog", paramLabel = "FILE", description = "an action catalog exported by 'iam catalog': its actions are the counterexamples' first choice")
  Path catalog;

  @Option(names = "--catalog-only", description = "consider only the catalog's actions (an action the application never asks for is no access)")
  boolean catalogOnly;

  @Option(names = "--max-evaluations", paramLabel = "N", defaultValue = "2000000", description = "bound on requests decided (default: ${DEFAULT-VALUE})")
  long maxEvaluations;

  @Option(names = "--partition", defaultValue = "iam4j", description = "ARN partition of the configuration (default: ${DEFAULT-VALUE})")
  String partition;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  String format;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!format.equals("text") && !format.equals("json")) {
      err.println("Unknown --format " + format + ": expected text or json");
      return Main.EXIT_USAGE;
    }
    NoNewAccess.Options options;
    try {
      ActionCatalog c = catalog == null ? ActionCatalog.EMPTY : CatalogJson.read(catalog);
      if (catalogOnly && catalog == null) {
        err.println("--catalog-only needs --catalog FILE");
        return Main.EXIT_USAGE;
      }
      options = NoNewAccess.Options.DEFAULTS.withCatalog(c, catalogOnly).withMaxEvaluations(maxEvaluations);
    } catch (IOException | IamException e) {
      err.println((catalog == null ? "" : catalog + ": ") + e.getMessage());
      return Main.EXIT_USAGE;
    }
    try {
      return inputs.policies != null ? policies(options, out, err) : tenants(options, out, err);
    } catch (TenantDirs.Invalid e) {
      return Main.EXIT_USAGE;
    } catch (IamException | IOException e) {
      err.println(e.getMessage());
      return Main.EXIT_USAGE;
    }
  }

  private int policies(NoNewAccess.Options options, PrintWriter out, PrintWriter err) throws IOException {
    PolicyType t = switch (type.toLowerCase(Locale.ROOT)) {
      case "identity", "identity_policy" -> PolicyType.IDENTITY;
      case "resource", "resource_policy" -> PolicyType.RESOURCE;
      default -> null;
    };
    if (t == null) {
      err.println("Unknown --type " + type + ": expected identity or resource");
      return Main.EXIT_USAGE;
    }
    Policy existing = read(inputs.policies.existing, t, err);
    Policy updated = read(inputs.policies.updated, t, err);
    if (existing == null || updated == null) {
      return Main.EXIT_USAGE;
    }
    AccessCheckResult r = NoNewAccess.policies(existing, updated, options);
    if (format.equals("json")) {
      out.println(Json.pretty(AccessJson.result(r).build()));
    } else {
      AccessJson.text(out, "", r);
    }
    return r.passed() ? 0 : EXIT_FAIL;
  }

  /** The policy, or null after printing every problem with its file, line, column and JSON pointer. */
  static Policy read(Path file, PolicyType t, PrintWriter err) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException(file + ": cannot read: " + e.getMessage(), e);
    }
    try {
      return new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true)).parse(text, t, file.toString());
    } catch (PolicyException e) {
      for (Problem p : e.problems()) {
        err.println(file + ":" + p.location() + ": " + (p.pointer().isEmpty() ? "/" : p.pointer()) + ": " + p.message()
            + (p.found() == null ? "" : " (found " + p.found() + (p.expected() == null ? "" : "; expected " + p.expected()) + ")"));
      }
      return null;
    }
  }

  private int tenants(NoNewAccess.Options options, PrintWriter out, PrintWriter err) throws IOException, TenantDirs.Invalid {
    Tenants t = inputs.tenants;
    String id = t.id != null ? t.id : t.existing.toAbsolutePath().normalize().getFileName().toString();
    Directory before = TenantDirs.tenant(t.existing, id, partition, err);
    Directory after = TenantDirs.tenant(t.updated, id, partition, err);
    TenantAccessCheck.Report report = TenantAccessCheck.compare(before, after, id, options);
    if (format.equals("json")) {
      JsonArrayBuilder principals = jakarta.json.Json.createArrayBuilder();
      for (TenantAccessCheck.PrincipalResult p : report.principals()) {
        principals.add(AccessJson.result(p.result()).add("principal", p.principal()).add("arn", p.arn()).add("added", p.added()));
      }
      out.println(Json.pretty(jakarta.json.Json.createObjectBuilder().add("tenant", id)
          .add("result", report.passed() ? "PASS" : "FAIL").add("principals", principals).build()));
    } else {
      for (TenantAccessCheck.PrincipalResult p : report.principals()) {
        AccessJson.text(out, p.principal() + (p.added() ? " (added)" : ""), p.result());
      }
      out.println((report.passed() ? "PASS" : "FAIL") + ": tenant " + id);
    }
    return report.passed() ? 0 : EXIT_FAIL;
  }
}
