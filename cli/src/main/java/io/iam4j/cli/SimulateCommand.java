package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.policy.PolicyException;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.Problem;
import io.iam4j.simulate.SimulationCase;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code iam simulate CASE.json}: decides each request of a simulation case (shared/conformance/FORMAT.md). */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Decide the requests of a simulation case file against its policies, with AWS IAM's evaluation logic.",
      "Prints {\"results\": [...]} on stdout, one result per request: decision (Allow, ExplicitDeny, ImplicitDeny),",
      "the deciding statements, the layer without an allow and the context keys the policies wanted.",
      "Exit status: 0 when simulated; 2 when a policy is invalid (problems on stderr, nothing on stdout);",
      "1 when the case file cannot be read."
    })
final class SimulateCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "CASE.json", description = "a simulation case file")
  Path caseFile;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    String text;
    try {
      text = Files.readString(caseFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println(caseFile + ": cannot read: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    SimulationCase simulation;
    try {
      simulation = SimulationCase.read(text, caseFile.toString(), PolicyParser.standard());
    } catch (PolicyException e) {
      for (Problem p : e.problems()) {
        err.println(p);
      }
      return Main.EXIT_INVALID;
    } catch (IamException e) {
      err.println(e.getMessage());
      return Main.EXIT_USAGE;
    }
    JsonArrayBuilder results = jakarta.json.Json.createArrayBuilder();
    for (AuthorizationRequest request : simulation.requests()) {
      Decision d = Evaluator.evaluate(simulation.policies(), request);
      results.add(Json.decision(d, d.message(request)));
    }
    spec.commandLine().getOut().println(Json.pretty(jakarta.json.Json.createObjectBuilder().add("results", results).build()));
    return 0;
  }
}
