package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.audit.AuditFiles;
import io.iam4j.audit.AuditQuery;
import io.iam4j.audit.TrailActivity;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.CatalogJson;
import io.iam4j.generate.ActionUse;
import io.iam4j.generate.GeneratedPolicy;
import io.iam4j.generate.GenerationException;
import io.iam4j.generate.PolicyGenerator;
import io.iam4j.generate.PolicyTooLargeException;
import io.iam4j.lint.Finding;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code iam generate-policy}: a least-privilege policy from what a user or role did, read offline from the trail. */
@Command(name = "generate-policy", mixinStandardHelpOptions = true,
    description = {
      "Generate a least-privilege identity policy from a user's or role's activity, as IAM Access Analyzer does from",
      "CloudTrail: the actions its allowed requests in the window used, and their resources generalized to the",
      "application's catalog (parts of an ARN format that varied become *, the tenant never does). A role's sessions",
      "(assumed-role/ROLE/SESSION) count for the role. The policy is parsed, linted and replayed: every request it was",
      "made from must be allowed by it alone. Without --catalog every resource is kept literally.",
      "Prints the policy (text) or the policy with statistics (json). Exit status: 0 generated (also when there was",
      "no activity: then nothing is printed), 1 unreadable input, a bad option, or a policy that failed its check."
    })
final class GeneratePolicyCommand implements Callable<Integer> {
  @Option(names = "--trail", required = true, paramLabel = "DIR", description = "the trail directory (or one trail file)")
  Path trail;

  @Option(names = "--principal", required = true, paramLabel = "ARN",
      description = "the user's or role's ARN, e.g. arn:iam4j:iam::acme:role/ReportingJob")
  String principal;

  @Option(names = "--tenant", description = "the principal's tenant (checked against the ARN; default: the ARN's)")
  String tenant;

  @ArgGroup(exclusive = true)
  Start start;

  static final class Start {
    @Option(names = "--from", paramLabel = "TIME", description = "the window's start: 2026-12-01T00:00:00Z or 2026-12-01 (UTC)")
    String from;

    @Option(names = "--since", paramLabel = "AGE", description = "the window's start as an age: 30m, 12h, 7d (default: the trail's start)")
    String since;
  }

  @Option(names = "--to", paramLabel = "TIME", description = "the window's end, exclusive (default: now)")
  String to;

  @Option(names = "--catalog", paramLabel = "FILE", description = "the action catalog, as bin/iam catalog exports it")
  Path catalog;

  @Option(names = "--format", defaultValue = "text", description = "text (the policy) or json (with statistics) (default: ${DEFAULT-VALUE})")
  String format;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!"text".equalsIgnoreCase(format) && !"json".equalsIgnoreCase(format)) {
      err.println("--format is text or json, not " + format);
      return Main.EXIT_USAGE;
    }
    TrailActivity.Principal p;
    try {
      p = TrailActivity.Principal.parse(principal);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return Main.EXIT_USAGE;
    }
    if (tenant != null && !tenant.equals(p.tenant())) {
      err.println("--tenant " + tenant + " is not the tenant of " + principal + " (" + p.tenant() + ")");
      return Main.EXIT_USAGE;
    }
    Instant now = Instant.now();
    Instant from;
    Instant until;
    try {
      from = start == null ? null : AuditQuery.time(start.from != null ? start.from : start.since, now);
      until = to == null ? now : AuditQuery.time(to, now);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return Main.EXIT_USAGE;
    }
    if (from != null && !from.isBefore(until)) {
      err.println("The window is empty: its start " + from + " is not before its end " + until);
      return Main.EXIT_USAGE;
    }
    ActionCatalog actions = ActionCatalog.EMPTY;
    if (catalog != null) {
      try {
        actions = CatalogJson.read(catalog);
      } catch (IOException e) {
        err.println("Cannot read the catalog " + catalog + ": " + e.getMessage());
        return Main.EXIT_USAGE;
      } catch (IamException e) {
        err.println(e.getMessage());
        return Main.EXIT_USAGE;
      }
    }
    TrailActivity.Result activity;
    try {
      List<Path> files = AuditFiles.expand(List.of(trail));
      if (files.isEmpty() || !files.stream().allMatch(Files::isRegularFile)) {
        err.println("No audit trail files in " + trail);
        return Main.EXIT_USAGE;
      }
      activity = TrailActivity.read(files, p, from, until);
    } catch (IOException e) {
      err.println("Cannot read the trail " + trail + ": " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    GeneratedPolicy g;
    try {
      g = PolicyGenerator.generate(activity.allowed(), actions);
    } catch (PolicyTooLargeException e) {
      err.println(e.getMessage());
      return Main.EXIT_USAGE;
    } catch (GenerationException e) {
      err.println("The generated policy failed its check and is not printed (a bug in iam4j; please report it): " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    if ("json".equalsIgnoreCase(format)) {
      out.println(Json.pretty(json(p.arn(), from, until, activity, g).build()));
    } else {
      g.document().ifPresent(out::print);
      out.flush();
    }
    err.println(summary(p, from, until, activity, g, catalog != null));
    return 0;
  }

  /** AWS's quota for a managed policy document (white space not counted). */
  static final int MANAGED_POLICY_CHARACTERS = 6144;

  static String summary(TrailActivity.Principal p, Instant from, Instant until, TrailActivity.Result activity, GeneratedPolicy g,
      boolean catalog) {
    StringBuilder sb = new StringBuilder();
    String window = (from == null ? "the trail's start" : from.toString()) + " to " + until;
    if (g.document().isEmpty()) {
      sb.append("No allowed requests of ").append(p.arn()).append(" from ").append(window).append(": nothing to generate");
    } else {
      sb.append(g.actions().size()).append(" action(s) of ").append(g.services()).append(" service(s) from ").append(g.requests())
          .append(" allowed request(s) of ").append(p.arn()).append(" (").append(activity.callers().size())
          .append(p.role() ? " session(s)" : " caller") .append(") from ").append(window).append("; replayed ").append(g.replayed())
          .append(" (").append(g.distinctRequests()).append(" distinct): all allowed; ").append(g.characters())
          .append(" characters without white space");
      if (g.characters() > MANAGED_POLICY_CHARACTERS) {
        sb.append("\nOver IAM's ").append(MANAGED_POLICY_CHARACTERS).append(" characters for a managed policy: split it, or narrow it");
      }
      if (!catalog) {
        sb.append("\nNo --catalog: resources are the observed ARNs, literally");
      }
    }
    if (activity.notDecidedByIam() > 0) {
      sb.append("\n").append(activity.notDecidedByIam()).append(" allowed request(s) IAM did not decide (left to the container) left out");
    }
    g.skippedActions().forEach(s -> sb.append("\nLeft out, IAM cannot name it literally: ").append(s));
    g.findings().forEach(f -> sb.append("\n").append(f));
    return sb.toString();
  }

  static JsonObjectBuilder json(String arn, Instant from, Instant until, TrailActivity.Result activity, GeneratedPolicy g) {
    var j = jakarta.json.Json.createObjectBuilder().add("PrincipalArn", arn);
    if (from != null) {
      j.add("StartTime", from.toString());
    }
    j.add("EndTime", until.toString());
    if (g.document().isPresent()) {
      j.add("PolicyDocument", jakarta.json.Json.createReader(new StringReader(g.document().get())).readObject());
    } else {
      j.addNull("PolicyDocument");
    }
    j.add("IsComplete", g.complete());
    j.add("Statistics", jakarta.json.Json.createObjectBuilder().add("Requests", g.requests()).add("DistinctRequests", g.distinctRequests())
        .add("ReplayedRequests", g.replayed()).add("Actions", g.actions().size()).add("Services", g.services()).add("PolicyCharacters", g.characters())
        .add("DistinctCallers", activity.callers().size()).add("NotDecidedByIam", activity.notDecidedByIam()));
    JsonArrayBuilder callers = jakarta.json.Json.createArrayBuilder();
    activity.callers().forEach(callers::add);
    j.add("Callers", callers);
    JsonArrayBuilder actions = jakarta.json.Json.createArrayBuilder();
    for (ActionUse u : g.actions()) {
      JsonArrayBuilder res = jakarta.json.Json.createArrayBuilder();
      u.resources().forEach(res::add);
      actions.add(jakarta.json.Json.createObjectBuilder().add("Action", u.action()).add("Requests", u.requests())
          .add("ObservedResources", u.observedResources()).add("Generalization", u.generalization().name()).add("Resources", res));
    }
    j.add("Actions", actions);
    JsonArrayBuilder skipped = jakarta.json.Json.createArrayBuilder();
    g.skippedActions().forEach(skipped::add);
    j.add("SkippedActions", skipped);
    JsonArrayBuilder findings = jakarta.json.Json.createArrayBuilder();
    for (Finding f : g.findings()) {
      findings.add(jakarta.json.Json.createObjectBuilder().add("FindingType", f.severity().name()).add("IssueCode", f.code())
          .add("FindingDetails", f.message()).add("Pointer", f.pointer()));
    }
    j.add("Findings", findings);
    return j;
  }
}
