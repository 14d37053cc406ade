package io.iam4j.iamapi;

import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.eval.StatementRef;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonReader;
import io.iam4j.json.Location;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyPrinter;
import io.iam4j.policy.PolicyType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * IAM's policy simulation ({@code SimulatePrincipalPolicy}, {@code SimulateCustomPolicy}) answered
 * by the production evaluator: the policies in play become one {@link PolicySet} and every
 * (action, resource) pair is one {@link Evaluator#evaluate} call, so a simulation can never say
 * something the server would not decide. What the evaluator does not report by itself (whether the
 * permissions boundary or the guardrails alone allow, the two sides of a cross-tenant request) is
 * asked of the same evaluator over those policies alone. Immutable and thread-safe.
 *
 * @param identity the identity-based policies (attached, inline, group, {@code PolicyInputList})
 * @param boundary the permissions boundary, or null when none is in play
 * @param resource the resource-based policy every simulated resource is treated as having, or null
 * @param guardrails the tenant's guardrails (IAM's service control policies); empty: none in play
 * @param caller who the simulated caller is (the principal a resource policy's {@code Principal} matches)
 * @param callerContext the caller's own context keys as a request would carry them (may be empty)
 */
public record PolicySimulator(List<Source> identity, Source boundary, Source resource, List<Source> guardrails,
    Caller caller, RequestContext callerContext) {

  /**
   * One policy of the simulation and how IAM names it in {@code MatchedStatements}.
   *
   * @param id {@code SourcePolicyId}: the inline policy's name, the managed policy's ARN, or {@code
   *     PolicyInputList.N} for a policy given in the request
   * @param type {@code SourcePolicyType}: {@code user}, {@code group}, {@code role}, {@code
   *     aws-managed} (shipped with iam4j), {@code user-managed}, {@code resource} or {@code none}
   * @param text the document's text, for statement positions: as given for input policies, as
   *     printed for stored ones; null when unknown
   */
  public record Source(String id, String type, Policy policy, String text) {
    /** A stored policy, whose text is its canonical printing. */
    public static Source stored(String id, String type, Policy policy) {
      return new Source(id, type, policy, PolicyPrinter.print(policy));
    }
  }

  /** A line and column of a policy's text, 1-based as IAM's {@code Position}. */
  public record Position(int line, int column) {}

  /** One statement that decided, for {@code MatchedStatements}; positions null when unknown. */
  public record Matched(String sourcePolicyId, String sourcePolicyType, Position start, Position end) {}

  /**
   * The answer for one action on one resource.
   *
   * @param allowedByBoundary null when no boundary is in play
   * @param allowedByGuardrails null when the tenant has no guardrails
   * @param details for a request whose resource names another tenant, per side ({@code IAM Policy},
   *     {@code Resource Policy}) its decision; empty for a same-tenant resource ARN; null for {@code *}
   * @param decision what the evaluator said, for tests and logs
   */
  public record Result(String action, String resource, Outcome outcome, List<Matched> matched, Set<String> missingContextValues,
      Boolean allowedByBoundary, Boolean allowedByGuardrails, Map<String, String> details, Decision decision) {

    /** {@code allowed}, {@code explicitDeny} or {@code implicitDeny}, as {@code EvalDecision}. */
    public String evalDecision() {
      return name(outcome);
    }
  }

  public PolicySimulator {
    identity = List.copyOf(identity);
    guardrails = List.copyOf(guardrails);
    callerContext = callerContext == null ? RequestContext.empty() : callerContext;
  }

  static String name(Outcome o) {
    return switch (o) {
      case ALLOW -> "allowed";
      case EXPLICIT_DENY -> "explicitDeny";
      case IMPLICIT_DENY -> "implicitDeny";
    };
  }

  /**
   * Simulates one action on one resource.
   *
   * @param resourceAccount the tenant owning the resource (from its ARN, else {@code ResourceOwner},
   *     else the caller's own); null: the caller's
   * @param context the request's context entries; they replace the caller's own keys of the same name
   */
  public Result simulate(String action, String resource, String resourceAccount, RequestContext context) {
    return prepare().simulate(action, resource, resourceAccount, context);
  }

  /** The policies compiled once, for many (action, resource) pairs of one request. */
  public Prepared prepare() {
    Map<String, Source> byName = new HashMap<>();
    return new Prepared(policySet(byName), byName);
  }

  /** A simulation's policies compiled into the evaluator's layers. Immutable once built. */
  public final class Prepared {
    private final PolicySet set;
    private final Map<String, Source> byName;

    private Prepared(PolicySet set, Map<String, Source> byName) {
      this.set = set;
      this.byName = Map.copyOf(byName);
    }

    /** As {@link PolicySimulator#simulate}. */
    public Result simulate(String action, String resource, String resourceAccount, RequestContext context) {
      return PolicySimulator.this.simulate(set, byName, action, resource, resourceAccount, context);
    }
  }

  private Result simulate(PolicySet set, Map<String, Source> byName, String action, String resource, String resourceAccount,
      RequestContext context) {
    RequestContext.Builder ctx = callerContext.toBuilder();
    context.asMap().forEach(ctx::put);
    boolean cross = resourceAccount != null && caller.account() != null && !resourceAccount.equals(caller.account());
    AuthorizationRequest request = AuthorizationRequest.builder().caller(caller).action(action).resource(resource)
        .resourceAccount(cross ? resourceAccount : null).context(ctx.build()).build();
    Decision d = Evaluator.evaluate(set, request);

    List<Matched> matched = new ArrayList<>();
    for (StatementRef ref : d.deciding()) {
      Source s = byName.get(ref.policy());
      if (s != null) {
        Position[] at = positions(s.text(), ref.index());
        matched.add(new Matched(s.id(), s.type(), at == null ? null : at[0], at == null ? null : at[1]));
      }
    }
    Boolean byBoundary = boundary == null ? null : alone(List.of(boundary), request);
    Boolean byGuardrails = guardrails.isEmpty() ? null : alone(guardrails, request);
    Map<String, String> details = null;
    if (cross) {
      details = crossTenantDetails(request);
    } else if (!"*".equals(resource)) {
      details = Map.of();
    }
    return new Result(action, resource, d.outcome(), matched, new TreeSet<>(d.missingContextKeys()), byBoundary, byGuardrails,
        details, d);
  }

  /** The simulation's policies as the evaluator's layers, each renamed to a key of {@code byName}. */
  private PolicySet policySet(Map<String, Source> byName) {
    PolicySet.Builder b = PolicySet.builder();
    for (Source s : identity) {
      b.identity(named(s, PolicyType.IDENTITY, byName));
    }
    if (boundary != null) {
      b.boundary(named(boundary, PolicyType.BOUNDARY, byName));
    }
    if (resource != null) {
      b.resource(named(resource, PolicyType.RESOURCE, byName));
    }
    if (!guardrails.isEmpty()) {
      List<Policy> g = new ArrayList<>();
      for (Source s : guardrails) {
        g.add(named(s, PolicyType.GUARDRAIL, byName));
      }
      b.guardrails(g);
    }
    return b.build();
  }

  private static Policy named(Source s, PolicyType type, Map<String, Source> byName) {
    String key = "#" + byName.size();
    byName.put(key, s);
    return retype(s.policy(), type).withName(key);
  }

  /**
   * The same statements under another layer's label. Only used where the grammars agree: a
   * boundary or a guardrail asked "do you allow this?" on its own is evaluated as the only
   * identity-based policy of the caller (no root, no resource policy), which allows exactly when
   * one of its statements allows and none denies.
   */
  private static Policy retype(Policy p, PolicyType type) {
    return p.type() == type ? p : new Policy(type, p.name(), p.version(), p.id(), p.statements());
  }

  /** Whether these policies alone allow the request (an allow and no deny among them). */
  private boolean alone(List<Source> policies, AuthorizationRequest request) {
    PolicySet.Builder b = PolicySet.builder();
    for (Source s : policies) {
      b.identity(retype(s.policy(), PolicyType.IDENTITY));
    }
    AuthorizationRequest same = AuthorizationRequest.builder().caller(nonRoot(caller)).action(request.action())
        .resource(request.resource()).context(request.context()).build();
    return Evaluator.evaluate(b.build(), same).allowed();
  }

  /** The root user is allowed by nothing but its absence of denies; asking a policy alone needs an ordinary caller. */
  private static Caller nonRoot(Caller c) {
    return c instanceof Caller.Root r ? new Caller.User(r.arn(), r.account(), "root") : c;
  }

  /**
   * The two evaluations of a cross-tenant request, as IAM reports them: the caller's tenant (its
   * identity policies within boundary and guardrails, as if the resource were its own) and the
   * resource's tenant (its resource policy towards this caller, as if the caller's side allowed).
   */
  private Map<String, String> crossTenantDetails(AuthorizationRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    PolicySet.Builder principal = PolicySet.builder();
    identity.forEach(s -> principal.identity(retype(s.policy(), PolicyType.IDENTITY)));
    if (boundary != null) {
      principal.boundary(retype(boundary.policy(), PolicyType.BOUNDARY));
    }
    if (!guardrails.isEmpty()) {
      principal.guardrails(guardrails.stream().map(s -> retype(s.policy(), PolicyType.GUARDRAIL)).toList());
    }
    AuthorizationRequest own = AuthorizationRequest.builder().caller(caller).action(request.action()).resource(request.resource())
        .context(request.context()).build();
    out.put("IAM Policy", name(Evaluator.evaluate(principal.build(), own).outcome()));
    String side;
    if (resource == null) {
      side = name(Outcome.IMPLICIT_DENY);
    } else {
      // The resource tenant's answer alone: the caller's side is taken as allowing everything, so the
      // outcome is the resource policy's (its grant to this caller, or its deny).
      PolicySet rs = PolicySet.builder().identity(ALLOW_ALL).resource(retype(resource.policy(), PolicyType.RESOURCE)).build();
      side = name(Evaluator.evaluate(rs, request).outcome());
    }
    out.put("Resource Policy", side);
    return out;
  }

  private static final Policy ALLOW_ALL = io.iam4j.policy.PolicyParser.standard().parse(
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
      PolicyType.IDENTITY, "caller side taken as allowing");

  /**
   * Where statement {@code index} starts and ends in a policy's text: the first and last character
   * of its object (1-based line and column), or null when the text is unknown or unreadable.
   */
  static Position[] positions(String text, int index) {
    if (text == null) {
      return null;
    }
    try {
      JsonNode root = JsonReader.read(text);
      if (!(root instanceof JsonNode.ObjectNode doc)) {
        return null;
      }
      JsonNode st = doc.get("Statement");
      JsonNode target = st instanceof JsonNode.ArrayNode arr ? (index < arr.elements().size() ? arr.elements().get(index) : null)
          : index == 0 ? st : null;
      if (target == null || target.location().offset() < 0) {
        return null;
      }
      Location start = target.location();
      int end = endOf(text, start.offset());
      return new Position[] {new Position(start.line(), start.column()), at(text, end)};
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The offset of the last character of the JSON value starting at {@code from} (its closing brace). */
  private static int endOf(String text, int from) {
    int depth = 0;
    boolean inString = false;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return text.length() - 1;
  }

  private static Position at(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Position(line, offset - lineStart + 1);
  }
}
