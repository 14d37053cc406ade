package io.iam4j.simulate;

import io.iam4j.IamException;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.Outcome;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A simulation case (the format of {@code shared/conformance/FORMAT.md}): the policies in play and
 * the requests to decide, with the decisions the case expects. Immutable.
 *
 * @param expected per request the expected outcome, or null where the case gives none
 * @param expectedInvalid whether the case says its policies are ones IAM refuses
 */
public record SimulationCase(String source, String description, PolicySet policies,
    List<AuthorizationRequest> requests, List<Outcome> expected, boolean expectedInvalid) {

  /** Keys of the policies object, in the order they are validated. */
  private static final String[] SLOTS = {"identity", "boundary", "session", "resource", "guardrails"};

  public SimulationCase {
    requests = List.copyOf(requests);
    expected = java.util.Collections.unmodifiableList(new ArrayList<>(expected));
  }

  /**
   * Reads a case. Every policy in every slot is validated before anything else is done.
   *
   * @throws PolicyException when a policy is one IAM would refuse, with every problem located by
   *     its pointer in the case file (e.g. {@code /policies/identity/0/Statement/1/Effect})
   * @throws IamException when the text is not a simulation case at all
   */
  public static SimulationCase read(String text, String source, PolicyParser parser) {
    JsonNode root;
    try {
      root = JsonReader.read(text, "", 64);
    } catch (JsonReadException e) {
      throw new IamException(source + ":" + e.location() + ": not a simulation case: " + e.getMessage());
    }
    if (!(root instanceof ObjectNode doc)) {
      throw new IamException(source + ": a simulation case is a JSON object");
    }
    boolean expectedInvalid = doc.get("expectedInvalid") instanceof BooleanNode b && b.value();
    String description = doc.get("description") instanceof StringNode s ? s.value() : "";

    List<Problem> problems = new ArrayList<>();
    PolicySet.Builder set = PolicySet.builder();
    JsonNode policies = doc.get("policies");
    if (policies instanceof ObjectNode slots) {
      for (String slot : SLOTS) {
        JsonNode node = slots.get(slot);
        if (node == null || node instanceof NullNode) {
          continue;
        }
        PolicyType type = slot.equals("guardrails") ? PolicyType.GUARDRAIL : PolicyType.valueOf(slot.toUpperCase(Locale.ROOT));
        boolean many = slot.equals("identity") || slot.equals("session") || slot.equals("guardrails");
        List<JsonNode> docs = many && node instanceof ArrayNode arr ? arr.elements() : List.of(node);
        List<Policy> parsed = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
          String name = many && node instanceof ArrayNode ? slot + "[" + i + "]" : slot;
          try {
            parsed.add(policy(docs.get(i), type, source, parser).withName(name));
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
      throw new IamException(source + ": /policies must be an object");
    }
    if (!problems.isEmpty()) {
      throw new PolicyException(problems);
    }

    List<AuthorizationRequest> requests = new ArrayList<>();
    List<Outcome> expected = new ArrayList<>();
    JsonNode rs = doc.get("requests");
    List<JsonNode> list = rs instanceof ArrayNode arr ? arr.elements() : rs == null ? List.of() : List.of(rs);
    for (JsonNode r : list) {
      try {
        requests.add(request(r));
      } catch (IamException e) {
        throw new IamException(source + ":" + r.location() + ": " + r.pointer() + ": " + e.getMessage());
      }
      expected.add(r instanceof ObjectNode o && o.get("expected") instanceof StringNode s ? outcome(s.value()) : null);
    }
    return new SimulationCase(source, description, set.build(), requests, expected, expectedInvalid);
  }

  private static Outcome outcome(String json) {
    for (Outcome o : Outcome.values()) {
      if (o.json().equals(json)) {
        return o;
      }
    }
    return null;
  }

  /** A policy as a JSON object in the case, or as a JSON string holding its raw text. */
  private static Policy policy(JsonNode node, PolicyType type, String source, PolicyParser parser) {
    if (node instanceof StringNode raw) {
      return parser.parse(raw.value(), type, source, node.pointer());
    }
    return parser.parse(node, type, source);
  }

  /** One request object of a case. */
  public static AuthorizationRequest request(JsonNode node) {
    if (!(node instanceof ObjectNode r)) {
      throw new IamException("a request is a JSON object");
    }
    Caller caller = Caller.parse(text(r.get("principal")), text(r.get("principalType")), text(r.get("sessionIssuer")));
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

  /**
   * A request context object: a JSON array is a multi-valued key; numbers and booleans are kept as
   * their text; a null value means the key is absent.
   */
  public static RequestContext context(JsonNode node) {
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
        continue;
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
