package io.iam4j.bench;

import io.iam4j.bench.Scenario.PolicyDoc;
import io.iam4j.bench.Scenario.Stmt;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * iam4j without its decision cache: the scenario's ten policies parsed once and compiled into one
 * {@link PolicySet} (as the directory compiles a user's effective policies), and every call builds an
 * {@link AuthorizationRequest} with its {@link RequestContext} from the {@link Request} and runs
 * {@link Evaluator#evaluate}. Nothing is approximated: these are the scenario's IAM policies.
 * Thread-safe.
 */
public final class Iam4jEngine implements Engine {
  final PolicySet policies;
  final Caller caller;

  public Iam4jEngine(Scenario scenario) {
    this.policies = compile(parse(scenario));
    this.caller = Caller.parse("arn:aws:iam::" + scenario.account() + ":user/" + scenario.user(), "AWS", null);
  }

  @Override
  public String name() {
    return "iam4j";
  }

  @Override
  public boolean decide(Request r) {
    return Evaluator.evaluate(policies, request(caller, r)).allowed();
  }

  /** The engine's request for a benchmark request, built as the server builds it for every call. */
  static AuthorizationRequest request(Caller caller, Request r) {
    RequestContext context = RequestContext.builder()
        .put("aws:username", r.user())
        .put("aws:PrincipalTag/team", r.team())
        .put("aws:SourceIp", r.sourceIp())
        .put("aws:MultiFactorAuthPresent", r.mfa())
        .build();
    return new AuthorizationRequest(caller, r.action(), r.resource(), null, context);
  }

  /** Parses the scenario's policies as identity policies, in attachment order. */
  public static List<Policy> parse(Scenario scenario) {
    PolicyParser parser = PolicyParser.standard();
    List<Policy> out = new ArrayList<>();
    for (PolicyDoc p : scenario.policies()) {
      out.add(parser.parse(json(p), PolicyType.IDENTITY, p.name()));
    }
    return out;
  }

  /** Compiles parsed policies into the user's policy set (statements indexed, patterns pre-split). */
  public static PolicySet compile(List<Policy> policies) {
    PolicySet set = PolicySet.builder().identity(policies).build();
    set.cacheProfile();
    return set;
  }

  /** The IAM JSON of a policy. */
  public static String json(PolicyDoc p) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":["
        + p.statements().stream().map(Iam4jEngine::json).collect(Collectors.joining(",")) + "]}";
  }

  private static String json(Stmt s) {
    StringBuilder b = new StringBuilder();
    b.append("{\"Sid\":\"").append(s.sid()).append("\",\"Effect\":\"").append(s.deny() ? "Deny" : "Allow").append('"');
    b.append(",\"Action\":").append(array(s.actions()));
    b.append(",\"Resource\":").append(array(s.resources()));
    if (s.hasCondition()) {
      List<String> ops = new ArrayList<>();
      if (s.team() != null) {
        ops.add("\"StringEquals\":{\"aws:PrincipalTag/team\":\"" + s.team() + "\"}");
      }
      if (s.cidr() != null) {
        ops.add("\"IpAddress\":{\"aws:SourceIp\":\"" + s.cidr() + "\"}");
      }
      if (s.mfa()) {
        ops.add("\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}");
      }
      b.append(",\"Condition\":{").append(String.join(",", ops)).append('}');
    }
    return b.append('}').toString();
  }

  private static String array(List<String> values) {
    return values.stream().map(v -> '"' + v + '"').collect(Collectors.joining(",", "[", "]"));
  }
}
