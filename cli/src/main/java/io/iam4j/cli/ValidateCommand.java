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
        for (Finding f : PolicyLinter.lint(policy, JsonReader.read(text))) {
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

  private static String detail(Problem p) {
    if (p.found() == null && p.expected() == null) {
      return "";
    }
    return " (" + (p.found() == null ? "" : "found " + p.found()) + (p.found() != null && p.expected() != null ? "; " : "")
        + (p.expected() == null ? "" : "expected " + p.expected()) + ")";
  }
}
