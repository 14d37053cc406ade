package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Decision;
import io.iam4j.config.ConfigProblem;
import io.iam4j.config.ConfigStore;
import io.iam4j.directory.Arns;
import io.iam4j.directory.Identity;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
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
      "With --config, decides one request of a principal of a tenant configuration (what the server would decide).",
      "Exit status: 0 when simulated; 2 when a policy or the configuration is invalid (problems on stderr,",
      "nothing on stdout); 1 when the input cannot be read."
    })
final class SimulateCommand implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "CASE.json", description = "a simulation case file")
  Path caseFile;

  @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nAgainst a tenant configuration instead of a case file:%n")
  ConfigRequest config;

  /** {@code --config DIR --tenant T --principal user/alice --action A --resource R [--context k=v]...}. */
  static final class ConfigRequest {
    @Option(names = "--config", required = true, paramLabel = "DIR", description = "configuration root (holding tenants/)")
    Path dir;

    @Option(names = "--tenant", required = true, description = "the caller's tenant")
    String tenant;

    @Option(names = "--principal", required = true, paramLabel = "PRINCIPAL",
        description = "user/NAME, role/NAME[/SESSION] or root")
    String principal;

    @Option(names = "--action", required = true, description = "service:Action")
    String action;

    @Option(names = "--resource", defaultValue = "*", description = "resource ARN (default: *)")
    String resource;

    @Option(names = "--resource-account", paramLabel = "TENANT", description = "tenant owning the resource (default: the caller's)")
    String resourceAccount;

    @Option(names = "--resource-policy", paramLabel = "FILE", description = "the resource's policy")
    Path resourcePolicy;

    @Option(names = "--session-policy", paramLabel = "FILE", description = "session policies of a role session (repeatable)")
    List<Path> sessionPolicies = new ArrayList<>();

    @Option(names = "--context", paramLabel = "KEY=VALUE",
        description = "a context key (repeatable); VALUE [a,b] is a multi-valued key. Overrides what the directory fills in.")
    Map<String, String> context = new LinkedHashMap<>();

    @Option(names = "--partition", defaultValue = "iam4j", description = "ARN partition of the configuration (default: ${DEFAULT-VALUE})")
    String partition;
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (config != null) {
      return simulateAgainstConfig(err);
    }
    if (caseFile == null) {
      err.println("Give a CASE.json, or --config DIR --tenant T --principal P --action A");
      return Main.EXIT_USAGE;
    }
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

  private static String nullIfOwn(String owner, String tenant) {
    return owner.equals(tenant) ? null : owner;
  }

  private int simulateAgainstConfig(PrintWriter err) {
    ConfigRequest c = config;
    Map<String, List<ConfigProblem>> problems = ConfigStore.validate(ConfigStore.Settings.of(c.dir).withArns(new Arns(c.partition)));
    if (problems.values().stream().anyMatch(l -> !l.isEmpty())) {
      problems.values().forEach(l -> l.forEach(err::println));
      return Main.EXIT_INVALID;
    }
    try (ConfigStore store = ConfigStore.open(ConfigStore.Settings.of(c.dir).withArns(new Arns(c.partition)))) {
      PolicyParser parser = new PolicyParser(new PolicyParser.Settings(io.iam4j.policy.PolicyLimits.DEFAULTS, true));
      List<Policy> session = new ArrayList<>();
      for (Path p : c.sessionPolicies) {
        session.add(parser.parse(Files.readString(p, StandardCharsets.UTF_8), PolicyType.SESSION, p.toString()));
      }
      Identity identity = store.directory().identity(c.tenant, c.principal, session);
      RequestContext.Builder ctx = identity.context();
      for (Map.Entry<String, String> e : c.context.entrySet()) {
        String v = e.getValue();
        if (v.startsWith("[") && v.endsWith("]")) {
          String inner = v.substring(1, v.length() - 1).trim();
          ctx.putSet(e.getKey(), inner.isEmpty() ? List.of() : List.of(inner.split("\\s*,\\s*")));
        } else {
          ctx.put(e.getKey(), v);
        }
      }
      PolicySet set = identity.policies();
      if (c.resourcePolicy != null) {
        set = set.withResourcePolicy(parser.parse(Files.readString(c.resourcePolicy, StandardCharsets.UTF_8), PolicyType.RESOURCE,
            c.resourcePolicy.toString()));
      }
      AuthorizationRequest request = AuthorizationRequest.builder()
          .caller(identity.caller())
          .action(c.action)
          .resource(c.resource)
          // As the server does: the account field of an iam4j ARN is the resource's tenant.
          .resourceAccount(nullIfOwn(io.iam4j.authz.Authorizer.ownerOf(c.resource,
              c.resourceAccount == null ? c.tenant : c.resourceAccount), c.tenant))
          .context(ctx.build())
          .build();
      Decision d = Evaluator.evaluate(set, request);
      JsonArrayBuilder results = jakarta.json.Json.createArrayBuilder().add(Json.decision(d, d.message(request)));
      spec.commandLine().getOut().println(Json.pretty(jakarta.json.Json.createObjectBuilder().add("results", results).build()));
      return 0;
    } catch (PolicyException e) {
      e.problems().forEach(err::println);
      return Main.EXIT_INVALID;
    } catch (IamException | IOException e) {
      err.println(e.getMessage());
      return Main.EXIT_USAGE;
    }
  }
}
