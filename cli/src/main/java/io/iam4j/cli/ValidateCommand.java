package io.iam4j.cli;

import io.iam4j.json.JsonReader;
import io.iam4j.lint.Finding;
import io.iam4j.lint.PolicyLinter;
import io.iam4j.lint.Severity;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyException;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.Problem;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code iam validate POLICY.json...}: IAM's grammar errors plus Access Analyzer-style findings. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate IAM policy documents: every error IAM would refuse the policy for (with JSON pointer, line and",
      "column), and findings that IAM accepts but that grant too much or will not work as meant",
      "(severity: error, security warning, warning, suggestion).",
      "With --catalog (or --war/--classes/--routes) also the application's unknown actions, resource ARNs and",
      "condition keys (INVALID_ACTION, INVALID_ARN_RESOURCE, INVALID_SERVICE_CONDITION_KEY), with suggestions.",
      "Exit status: 0 when no policy has an error, 2 when one has, 1 when a file cannot be read."
    })
final class ValidateCommand implements Callable<Integer> {

  enum Format { text, json }

  @Parameters(arity = "1..*", paramLabel = "POLICY.json", description = "policy documents")
  List<Path> files;

  @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "identity",
      description = "the kind of policy: identity, resource, boundary, session or guardrail (default: ${DEFAULT-VALUE})")
  String type;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  Format format;

  @Option(names = "--catalog", paramLabel = "FILE",
      description = "the application's action catalog (bin/iam catalog's output): also flag unknown actions, resource ARNs and"
          + " condition keys of its services, with suggestions")
  Path catalogFile;

  @picocli.CommandLine.Mixin CatalogOptions application;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PolicyType policyType;
    try {
      policyType = PolicyType.valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      err.println("Unknown --type " + type + ": expected identity, resource, boundary, session or guardrail");
      return Main.EXIT_USAGE;
    }
    io.iam4j.lint.CatalogLinter catalogLinter;
    try {
      catalogLinter = catalogLinter(err);
    } catch (IOException | io.iam4j.IamException e) {
      err.println("Cannot read the catalog: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    boolean anyError = false;
    JsonArrayBuilder reports = jakarta.json.Json.createArrayBuilder();
    for (Path file : files) {
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println(file + ": cannot read: " + e.getMessage());
        return Main.EXIT_USAGE;
      }
      JsonArrayBuilder findings = jakarta.json.Json.createArrayBuilder();
      boolean valid = true;
      try {
        Policy policy = PolicyParser.standard().parse(text, policyType, file.toString());
        io.iam4j.json.JsonNode root = JsonReader.read(text);
        List<Finding> all = new java.util.ArrayList<>(PolicyLinter.lint(policy, root));
        if (catalogLinter != null) {
          all.addAll(catalogLinter.lint(root));
        }
        for (Finding f : all) {
          if (f.severity() == Severity.ERROR) {
            valid = false;
            anyError = true;
          }
          if (format == Format.text) {
            out.println(file + ": " + f);
          }
          findings.add(jakarta.json.Json.createObjectBuilder()
              .add("severity", f.severity().words())
              .add("code", f.code())
              .add("pointer", f.pointer())
              .add("message", f.message()));
        }
      } catch (PolicyException e) {
        valid = false;
        anyError = true;
        for (Problem p : e.problems()) {
          if (format == Format.text) {
            out.println(file + ":" + p.location() + ": error INVALID_POLICY at " + (p.pointer().isEmpty() ? "/" : p.pointer())
                + ": " + p.message() + detail(p));
          }
          JsonObjectBuilder f = jakarta.json.Json.createObjectBuilder()
              .add("severity", "error")
              .add("code", "INVALID_POLICY")
              .add("pointer", p.pointer())
              .add("message", p.message());
          if (p.location() != null && p.location().offset() >= 0) {
            f.add("line", p.location().line()).add("column", p.location().column());
          }
          if (p.found() != null) {
            f.add("found", p.found());
          }
          if (p.expected() != null) {
            f.add("expected", p.expected());
          }
          findings.add(f);
        }
      }
      if (format == Format.text && valid) {
        out.println(file + ": valid " + policyType.words() + " policy");
      }
      reports.add(jakarta.json.Json.createObjectBuilder()
          .add("file", file.toString())
          .add("type", policyType.key())
          .add("valid", valid)
          .add("findings", findings));
    }
    if (format == Format.json) {
      out.println(Json.pretty(jakarta.json.Json.createObjectBuilder().add("policies", reports).build()));
    }
    return anyError ? Main.EXIT_INVALID : 0;
  }

  /** The catalog's linter, when a catalog is given (a file, or the application's classes and routes); else null. */
  private io.iam4j.lint.CatalogLinter catalogLinter(PrintWriter err) throws IOException {
    io.iam4j.catalog.ActionCatalog catalog = null;
    if (catalogFile != null) {
      catalog = io.iam4j.catalog.CatalogJson.read(catalogFile);
    }
    if (application.any()) {
      io.iam4j.catalog.CatalogBuilder b = new io.iam4j.catalog.CatalogBuilder();
      if (catalog != null) {
        catalog.services().values().forEach(b::add);
      }
      application.build(err).services().values().forEach(b::add);
      catalog = b.build();
    }
    return catalog == null ? null : new io.iam4j.lint.CatalogLinter(catalog);
  }

  private static String detail(Problem p) {
    if (p.found() == null && p.expected() == null) {
      return "";
    }
    return " (" + (p.found() == null ? "" : "found " + p.found()) + (p.found() != null && p.expected() != null ? "; " : "")
        + (p.expected() == null ? "" : "expected " + p.expected()) + ")";
  }
}
