package io.iam4j.cli;

import io.iam4j.IamException;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.ArrayNode;
import io.iam4j.json.JsonNode.BooleanNode;
import io.iam4j.json.JsonNode.Member;
import io.iam4j.json.JsonNode.NullNode;
import io.iam4j.json.JsonNode.NumberNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonNode.StringNode;
import io.iam4j.json.JsonReadException;
import io.iam4j.json.JsonReader;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyException;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.Problem;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  /** Keys of the policies object, in the order they are validated. */
  private static final String[] SLOTS = {"identity", "boundary", "session", "resource", "guardrails"};

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
    String source = caseFile.toString();
    JsonNode root;
    try {
      root = JsonReader.read(text, "", 64);
    } catch (JsonReadException e) {
      err.println(source + ":" + e.location() + ": not a simulation case: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    if (!(root instanceof ObjectNode doc)) {
      err.println(source + ": a simulation case is a JSON object");
      return Main.EXIT_USAGE;
    }

    // Every policy in every slot is validated before anything is evaluated.
    List<Problem> problems = new ArrayList<>();
    PolicySet.Builder set = PolicySet.builder();
    JsonNode policies = doc.get("policies");
    if (policies instanceof ObjectNode slots) {
      for (String slot : SLOTS) {
        JsonNode node = slots.get(slot);
        if (node == null || node instanceof NullNode) {
          continue;
        }
        PolicyType type = slot.equals("guardrails") ? PolicyType.GUARDRAIL : PolicyType.valueOf(slot.toUpperCase(java.util.Locale.ROOT));
        boolean many = slot.equals("identity") || slot.equals("session") || slot.equals("guardrails");
        List<JsonNode> docs = many && node instanceof ArrayNode arr ? arr.elements() : List.of(node);
        List<Policy> parsed = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
          String name = many && node instanceof ArrayNode ? slot + "[" + i + "]" : slot;
          try {
            parsed.add(parse(docs.get(i), type, source).withName(name));
          } catch (PolicyException e) {
            problems.addAll(e.problems());
          }
        }
        switch (type) {
          case IDENTITY -> set.identity(parsed);
          case BOUNDARY -> set.boundary(parsed.isEmpty() ? null : parsed.get(0));
          case SESSION -> set.session(parsed);
          case RESOURCE -> set.resource(parsed.isEmpty() ? null : parsed.get(0));
          case GUARDRAIL -> set.guardrails(parsed);
        }
      }
    } else if (policies != null) {
      err.println(source + ": /policies must be an object");
      return Main.EXIT_USAGE;
    }
    if (!problems.isEmpty()) {
      for (Problem p : problems) {
        err.println(p);
      }
      return Main.EXIT_INVALID;
    }

    PolicySet compiled = set.build();
    JsonArrayBuilder results = jakarta.json.Json.createArrayBuilder();
    JsonNode requests = doc.get("requests");
    List<JsonNode> list = requests instanceof ArrayNode arr ? arr.elements() : requests == null ? List.of() : List.of(requests);
    for (JsonNode r : list) {
      AuthorizationRequest request;
      try {
        request = request(r);
      } catch (IamException e) {
        err.println(source + ":" + r.location() + ": " + r.pointer() + ": " + e.getMessage());
        return Main.EXIT_USAGE;
      }
      Decision d = Evaluator.evaluate(compiled, request);
      results.add(Json.decision(d, d.message(request)));
    }
    spec.commandLine().getOut().println(Json.pretty(jakarta.json.Json.createObjectBuilder().add("results", results).build()));
    return 0;
  }

  /** A policy as a JSON object in the case, or as a JSON string holding its raw text. */
  private static Policy parse(JsonNode node, PolicyType type, String source) {
    PolicyParser parser = PolicyParser.standard();
    if (node instanceof StringNode raw) {
      return parser.parse(raw.value(), type, source, node.pointer());
    }
    return parser.parse(node, type, source);
  }

  static AuthorizationRequest request(JsonNode node) {
    if (!(node instanceof ObjectNode r)) {
      throw new IamException("a request is a JSON object");
    }
    String principal = text(r.get("principal"));
    Caller caller = Caller.parse(principal, text(r.get("principalType")), text(r.get("sessionIssuer")));
    String action = text(r.get("action"));
    if (action == null) {
      throw new IamException("the request has no action");
    }
    String resource = text(r.get("resource"));
    return AuthorizationRequest.builder()
        .caller(caller)
        .action(action)
        .resource(resource == null ? "*" : resource)
        .resourceAccount(text(r.get("resourceAccount")))
        .context(context(r.get("context")))
        .build();
  }

  static RequestContext context(JsonNode node) {
    RequestContext.Builder b = RequestContext.builder();
    if (node == null || node instanceof NullNode) {
      return b.build();
    }
    if (!(node instanceof ObjectNode ctx)) {
      throw new IamException("context must be an object");
    }
    for (Member m : ctx.members()) {
      JsonNode v = m.value();
      if (v instanceof NullNode) {
        continue; // a null value is no value: the key is absent
      }
      if (v instanceof ArrayNode arr) {
        List<String> values = new ArrayList<>();
        for (JsonNode e : arr.elements()) {
          values.add(scalar(e, m.name()));
        }
        b.put(m.name(), ContextValue.ofSet(values));
      } else {
        b.put(m.name(), scalar(v, m.name()));
      }
    }
    return b.build();
  }

  private static String scalar(JsonNode v, String key) {
    if (v instanceof StringNode s) {
      return s.value();
    }
    if (v instanceof NumberNode n) {
      return n.text();
    }
    if (v instanceof BooleanNode b) {
      return Boolean.toString(b.value());
    }
    throw new IamException("context key " + key + ": values are strings, numbers, booleans or arrays of them");
  }

  private static String text(JsonNode n) {
    if (n == null || n instanceof NullNode) {
      return null;
    }
    if (n instanceof StringNode s) {
      return s.value();
    }
    throw new IamException(n.pointer() + " must be a string");
  }
}
