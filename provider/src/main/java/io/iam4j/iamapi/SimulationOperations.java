package io.iam4j.iamapi;

import io.iam4j.IamException;
import io.iam4j.authz.Authorizer;
import io.iam4j.directory.Arns;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Group;
import io.iam4j.directory.InlinePolicy;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.eval.Caller;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.ArnSplitter;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyException;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Policy simulation: {@code SimulatePrincipalPolicy}, {@code SimulateCustomPolicy}, {@code
 * GetContextKeysForPrincipalPolicy} and {@code GetContextKeysForCustomPolicy}, answered by the
 * production evaluator ({@link PolicySimulator}).
 *
 * <p>A principal simulation takes the policies of a user (its own, its groups'), a group or a role
 * of the caller's tenant, its permissions boundary and the tenant's guardrails (IAM's service
 * control policies), as the directory serving now holds them. Like a real request of that user (or
 * of a session of that role), the simulated request carries the principal's own keys ({@code
 * aws:username}, {@code aws:PrincipalTag/*}, ...); {@code ContextEntries} add to or replace them.
 * Other keys a condition reads and the simulation does not give are reported in {@code
 * MissingContextValues}, and the condition does not match, as in a real request without the key.
 */
public final class SimulationOperations implements IamOperations {
  /** The most results one page holds ({@code MaxItems} is 1 to 1000; IAM's default is 100). */
  static final int DEFAULT_MAX_ITEMS = 100;
  private static final Pattern CONTEXT_PARAM = Pattern.compile("ContextEntries\\.member\\.([1-9][0-9]{0,3})\\.(.+)");
  private static final Pattern CONTEXT_VALUE = Pattern.compile("ContextKeyValues\\.member\\.([1-9][0-9]{0,3})");
  private static final Set<String> CONTEXT_TYPES = Set.of("string", "stringList", "numeric", "numericList", "boolean",
      "booleanList", "ip", "ipList", "binary", "binaryList", "date", "dateList");

  /** Resource policies may name bare tenant ids as principals, as the tenants' files may. */
  private final PolicyParser parser = new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true));

  @Override
  public Set<String> actions() {
    return Set.of("SimulatePrincipalPolicy", "SimulateCustomPolicy", "GetContextKeysForPrincipalPolicy",
        "GetContextKeysForCustomPolicy");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    switch (action) {
      case "SimulatePrincipalPolicy" -> simulatePrincipal(q, call, xml);
      case "SimulateCustomPolicy" -> simulateCustom(q, call, xml);
      case "GetContextKeysForPrincipalPolicy" -> contextKeysPrincipal(q, call, xml);
      case "GetContextKeysForCustomPolicy" -> contextKeysCustom(q, call, xml);
      default -> throw new IllegalArgumentException(action);
    }
    return true;
  }

  // ---------------------------------------------------------------- the principal in the directory

  /** A user, group or role of the caller's tenant, with the policies IAM simulates for it. */
  record Principal(String arn, List<PolicySimulator.Source> identity, PolicySimulator.Source boundary, Caller caller,
      RequestContext context, boolean user) {}

  /**
   * Resolves {@code PolicySourceArn}: authorized first ({@code iam:ACTION} on the ARN as given, so
   * another tenant's entity is refused like any cross-tenant request), then looked up in the
   * caller's tenant only.
   */
  Principal principal(QueryRequest q, IamCall call, String action) {
    String arn = q.required("PolicySourceArn");
    if (arn.length() < 20 || arn.length() > 2048) {
      throw AwsError.constraint("policySourceArn", arn, "Member must have length greater than or equal to 20 and less than or equal to 2048");
    }
    List<String> parts = ArnSplitter.split(arn, false);
    Directory d = call.directory();
    Arns arns = d.arns();
    if (parts.size() != 6 || !parts.get(0).equals("arn") || !parts.get(1).equals(arns.partition()) || !parts.get(2).equals("iam")
        || !parts.get(3).isEmpty() || !(parts.get(5).startsWith("user/") || parts.get(5).startsWith("group/")
            || parts.get(5).startsWith("role/"))) {
      throw new AwsError("InvalidInput", 400, "Invalid PolicySourceArn " + QueryRequest.printable(arn)
          + ": expected the ARN of a user, group or role (arn:" + arns.partition() + ":iam::TENANT:user/NAME)");
    }
    call.authorize(action, arn);
    Tenant t = call.tenant();
    String res = parts.get(5);
    String kind = res.substring(0, res.indexOf('/'));
    String name = res.substring(res.lastIndexOf('/') + 1);
    String path = res.substring(kind.length(), res.length() - name.length());
    NoSuchEntity missing = new NoSuchEntity(kind, name);
    if (!parts.get(4).equals(t.id())) {
      throw missing.error();
    }
    List<PolicySimulator.Source> identity = new ArrayList<>();
    switch (kind) {
      case "user" -> {
        User u = t.users().get(name);
        if (u == null || !u.path().equals(path)) {
          throw missing.error();
        }
        add(d, t, identity, u.inlinePolicies(), "user", u.managedPolicies());
        for (String g : u.groups()) {
          Group group = t.groups().get(g);
          if (group != null) {
            add(d, t, identity, group.inlinePolicies(), "group", group.managedPolicies());
          }
        }
        var id = d.user(t, u);
        return new Principal(arn, identity, boundary(d, t, u.permissionsBoundary()), id.caller(), id.context().build(), true);
      }
      case "group" -> {
        Group g = t.groups().get(name);
        if (g == null || !g.path().equals(path)) {
          throw missing.error();
        }
        add(d, t, identity, g.inlinePolicies(), "group", g.managedPolicies());
        // A group is nobody: without CallerArn the simulated caller is a user of the tenant with the
        // group's name, which only a resource policy could tell apart (and one needs CallerArn).
        return new Principal(arn, identity, null, new Caller.User(arns.user(t.id(), "/", g.name()), t.id(), g.name()),
            RequestContext.empty(), false);
      }
      default -> {
        Role r = t.roles().get(name);
        if (r == null || !r.path().equals(path)) {
          throw missing.error();
        }
        add(d, t, identity, r.inlinePolicies(), "role", r.managedPolicies());
        var id = d.roleSession(t, r, r.name(), null);
        return new Principal(arn, identity, boundary(d, t, r.permissionsBoundary()), id.caller(), id.context().build(), false);
      }
    }
  }

  private record NoSuchEntity(String kind, String name) {
    AwsError error() {
      return new AwsError("NoSuchEntity", 404, "The " + kind + " with name " + QueryRequest.printable(name) + " cannot be found.");
    }
  }

  private static void add(Directory d, Tenant t, List<PolicySimulator.Source> out, List<InlinePolicy> inline, String type,
      List<String> managed) {
    for (InlinePolicy p : inline) {
      out.add(PolicySimulator.Source.stored(p.name(), type, p.policy()));
    }
    for (String arn : managed) {
      d.managedPolicy(t, arn).ifPresent(mp -> out.add(PolicySimulator.Source.stored(arn, managedType(mp), mp.document())));
    }
  }

  static String managedType(ManagedPolicy mp) {
    return mp.providerManaged() ? "aws-managed" : "user-managed";
  }

  private static PolicySimulator.Source boundary(Directory d, Tenant t, String arn) {
    if (arn == null) {
      return null;
    }
    return d.managedPolicy(t, arn).map(mp -> PolicySimulator.Source.stored(arn, managedType(mp), mp.document())).orElse(null);
  }

  private static List<PolicySimulator.Source> guardrails(Tenant t) {
    List<PolicySimulator.Source> out = new ArrayList<>();
    for (Policy g : t.guardrails()) {
      out.add(PolicySimulator.Source.stored(g.name(), "none", g));
    }
    return out;
  }

  // ---------------------------------------------------------------- simulations

  private void simulatePrincipal(QueryRequest q, IamCall call, QueryXml xml) {
    Inputs in = inputs(q);
    Principal p = principal(q, call, "SimulatePrincipalPolicy");
    List<PolicySimulator.Source> identity = new ArrayList<>(p.identity());
    identity.addAll(in.policies());
    PolicySimulator.Source boundary = in.boundaries().isEmpty() ? p.boundary() : in.boundaries().get(0);
    Caller caller = p.caller();
    RequestContext own = p.context();
    if (in.callerArn() != null) {
      caller = in.callerArn();
      if (!caller.display().equals(p.arn())) {
        // Bob calling with David's policies: Bob's name, David's policies; none of David's keys.
        own = RequestContext.empty();
      }
    } else if (in.resourcePolicy() != null && !p.user()) {
      throw new AwsError("InvalidInput", 400, "CallerArn is required when ResourcePolicy is given and PolicySourceArn is not a user's ARN");
    }
    PolicySimulator sim = new PolicySimulator(identity, boundary, in.resourcePolicy(), guardrails(call.tenant()), caller, own);
    write(sim, in, call, xml);
  }

  private void simulateCustom(QueryRequest q, IamCall call, QueryXml xml) {
    Inputs in = inputs(q);
    if (in.policies().isEmpty()) {
      throw AwsError.missing("PolicyInputList");
    }
    call.authorize("SimulateCustomPolicy", "*");
    if (in.resourcePolicy() != null && in.callerArn() == null) {
      throw new AwsError("InvalidInput", 400, "CallerArn is required when ResourcePolicy is given");
    }
    Tenant t = call.tenant();
    // Without CallerArn the policies belong to no one: a caller of the tenant with no keys of its own.
    Caller caller = in.callerArn() != null ? in.callerArn()
        : new Caller.User(call.directory().arns().user(t.id(), "/", "SimulatedCaller"), t.id(), "SimulatedCaller");
    PolicySimulator sim = new PolicySimulator(in.policies(), in.boundaries().isEmpty() ? null : in.boundaries().get(0),
        in.resourcePolicy(), List.of(), caller, RequestContext.empty());
    write(sim, in, call, xml);
  }

  /**
   * The page of results the request asks for. The (action, resource) pairs are in the order given,
   * actions outer and resources inner; only the page's pairs are evaluated (at most {@code
   * MaxItems}, 1000), so a request's cost is bounded whatever lists it sends.
   */
  private static void write(PolicySimulator sim, Inputs in, IamCall call, QueryXml xml) {
    int total = in.actions().size() * in.resources().size();
    int from = in.marker();
    if (from > total) {
      throw new AwsError("InvalidInput", 400, "Invalid Marker");
    }
    int to = Math.min(total, from + in.maxItems());
    PolicySimulator.Prepared prepared = sim.prepare();
    List<PolicySimulator.Result> page = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String action = in.actions().get(i / in.resources().size());
      String resource = in.resources().get(i % in.resources().size());
      String owner = Authorizer.ownerOf(resource, in.resourceOwner() != null ? in.resourceOwner() : call.tenant().id());
      page.add(prepared.simulate(action, resource, owner, in.context()));
    }
    xml.open("EvaluationResults");
    for (PolicySimulator.Result r : page) {
      xml.open("member").text("EvalActionName", r.action()).text("EvalResourceName", r.resource())
          .text("EvalDecision", r.evalDecision());
      matched(xml, r);
      missing(xml, r);
      if (r.allowedByGuardrails() != null) {
        xml.open("OrganizationsDecisionDetail").text("AllowedByOrganizations", r.allowedByGuardrails())
            .close("OrganizationsDecisionDetail");
      }
      boundary(xml, r);
      details(xml, r);
      if (!"*".equals(r.resource())) {
        xml.open("ResourceSpecificResults").open("member").text("EvalResourceName", r.resource())
            .text("EvalResourceDecision", r.evalDecision());
        matched(xml, r);
        missing(xml, r);
        details(xml, r);
        boundary(xml, r);
        xml.close("member").close("ResourceSpecificResults");
      }
      xml.close("member");
    }
    xml.close("EvaluationResults").text("IsTruncated", to < total);
    if (to < total) {
      xml.text("Marker", Integer.toString(to));
    }
  }

  private static void matched(QueryXml xml, PolicySimulator.Result r) {
    xml.open("MatchedStatements");
    for (PolicySimulator.Matched m : r.matched()) {
      xml.open("member").text("SourcePolicyId", m.sourcePolicyId()).text("SourcePolicyType", m.sourcePolicyType());
      if (m.start() != null) {
        xml.open("StartPosition").text("Line", m.start().line()).text("Column", m.start().column()).close("StartPosition");
        xml.open("EndPosition").text("Line", m.end().line()).text("Column", m.end().column()).close("EndPosition");
      }
      xml.close("member");
    }
    xml.close("MatchedStatements");
  }

  private static void missing(QueryXml xml, PolicySimulator.Result r) {
    xml.open("MissingContextValues");
    r.missingContextValues().forEach(k -> xml.text("member", k));
    xml.close("MissingContextValues");
  }

  private static void boundary(QueryXml xml, PolicySimulator.Result r) {
    if (r.allowedByBoundary() != null) {
      xml.open("PermissionsBoundaryDecisionDetail").text("AllowedByPermissionsBoundary", r.allowedByBoundary())
          .close("PermissionsBoundaryDecisionDetail");
    }
  }

  private static void details(QueryXml xml, PolicySimulator.Result r) {
    if (r.details() != null) {
      xml.open("EvalDecisionDetails");
      r.details().forEach((k, v) -> xml.open("entry").text("key", k).text("value", v).close("entry"));
      xml.close("EvalDecisionDetails");
    }
  }

  // ---------------------------------------------------------------- context keys

  private void contextKeysPrincipal(QueryRequest q, IamCall call, QueryXml xml) {
    List<PolicySimulator.Source> input = policies(q, "PolicyInputList", PolicyType.IDENTITY);
    Principal p = principal(q, call, "GetContextKeysForPrincipalPolicy");
    List<PolicySimulator.Source> all = new ArrayList<>(p.identity());
    all.addAll(input);
    contextKeys(all, xml);
  }

  private void contextKeysCustom(QueryRequest q, IamCall call, QueryXml xml) {
    List<PolicySimulator.Source> input = policies(q, "PolicyInputList", PolicyType.IDENTITY);
    if (input.isEmpty()) {
      throw AwsError.missing("PolicyInputList");
    }
    call.authorize("GetContextKeysForCustomPolicy", "*");
    contextKeys(input, xml);
  }

  /** The keys the evaluator would read for these policies: conditions and policy variables. */
  private static void contextKeys(List<PolicySimulator.Source> policies, QueryXml xml) {
    PolicySet.Builder b = PolicySet.builder();
    policies.forEach(s -> b.identity(s.policy()));
    xml.open("ContextKeyNames");
    b.build().contextKeys().forEach(k -> xml.text("member", k));
    xml.close("ContextKeyNames");
  }

  // ---------------------------------------------------------------- request parameters

  /**
   * The parameters both simulations share, validated before anything is authorized or evaluated.
   *
   * @param callerArn {@code CallerArn} as the engine's caller (a user), or null
   * @param resourceOwner the tenant of {@code ResourceOwner}, or null
   */
  record Inputs(List<PolicySimulator.Source> policies, List<PolicySimulator.Source> boundaries, List<String> actions,
      List<String> resources, PolicySimulator.Source resourcePolicy, Caller callerArn, String resourceOwner,
      RequestContext context, int maxItems, int marker) {}

  Inputs inputs(QueryRequest q) {
    List<String> actions = q.members("ActionNames");
    if (actions.isEmpty()) {
      throw AwsError.missing("ActionNames");
    }
    for (String a : actions) {
      if (a.length() < 3 || a.length() > 128) {
        throw AwsError.constraint("actionNames", a, "Member must have length greater than or equal to 3 and less than or equal to 128");
      }
    }
    List<String> resources = q.members("ResourceArns");
    for (String r : resources) {
      if (r.isEmpty() || r.length() > 2048) {
        throw AwsError.constraint("resourceArns", r, "Member must have length greater than or equal to 1 and less than or equal to 2048");
      }
    }
    List<PolicySimulator.Source> policies = policies(q, "PolicyInputList", PolicyType.IDENTITY);
    List<PolicySimulator.Source> boundaries = policies(q, "PermissionsBoundaryPolicyInputList", PolicyType.BOUNDARY);
    if (boundaries.size() > 1) {
      throw new AwsError("InvalidInput", 400, "PermissionsBoundaryPolicyInputList takes one policy: an entity has one permissions boundary");
    }
    PolicySimulator.Source resourcePolicy = q.get("ResourcePolicy").map(text -> parse(text, "ResourcePolicy", PolicyType.RESOURCE, "resource"))
        .orElse(null);
    Caller caller = q.get("CallerArn").map(SimulationOperations::callerArn).orElse(null);
    String owner = q.get("ResourceOwner").map(SimulationOperations::resourceOwner).orElse(null);
    Integer max = q.integer("MaxItems");
    if (max != null && (max < 1 || max > 1000)) {
      throw AwsError.constraint("maxItems", max.toString(), "Member must have value greater than or equal to 1 and less than or equal to 1000");
    }
    String marker = q.get("Marker").orElse(null);
    int from = 0;
    if (marker != null) {
      if (!marker.matches("[0-9]{1,9}")) {
        throw new AwsError("InvalidInput", 400, "Invalid Marker");
      }
      from = Integer.parseInt(marker);
    }
    return new Inputs(policies, boundaries, actions, resources.isEmpty() ? List.of("*") : resources, resourcePolicy, caller, owner,
        context(q), max == null ? DEFAULT_MAX_ITEMS : max, from);
  }

  /** A list of policy documents, each validated; IAM's {@code MalformedPolicyDocument} names the member and the location. */
  private List<PolicySimulator.Source> policies(QueryRequest q, String list, PolicyType type) {
    List<String> texts = q.members(list);
    List<PolicySimulator.Source> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      out.add(parse(texts.get(i), list + "." + (i + 1), type, "none"));
    }
    return out;
  }

  private PolicySimulator.Source parse(String text, String id, PolicyType type, String sourceType) {
    if (text.isEmpty() || text.length() > 131072) {
      throw AwsError.constraint(QueryRequest.printable(id), "", "Member must have length greater than or equal to 1 and less than or equal to 131072");
    }
    try {
      return new PolicySimulator.Source(id, sourceType, parser.parse(text, type, id), text);
    } catch (PolicyException e) {
      throw new AwsError("MalformedPolicyDocument", 400, e.getMessage());
    }
  }

  private static Caller callerArn(String arn) {
    Caller c;
    try {
      c = Caller.parse(arn, "AWS", null);
    } catch (IamException e) {
      c = null;
    }
    if (!(c instanceof Caller.User)) {
      throw new AwsError("InvalidInput", 400, "Invalid CallerArn " + QueryRequest.printable(arn) + ": only the ARN of an IAM user can be the caller");
    }
    return c;
  }

  /** {@code ResourceOwner}: an account's ARN ({@code arn:P:iam::TENANT:root}); its tenant. */
  private static String resourceOwner(String arn) {
    List<String> parts = ArnSplitter.split(arn, false);
    if (parts.size() != 6 || !parts.get(0).equals("arn") || parts.get(4).isEmpty()) {
      throw new AwsError("InvalidInput", 400, "Invalid ResourceOwner " + QueryRequest.printable(arn)
          + ": expected the ARN of a tenant (arn:PARTITION:iam::TENANT:root)");
    }
    return parts.get(4);
  }

  /**
   * {@code ContextEntries.member.N.ContextKeyName}, {@code .ContextKeyType} and {@code
   * .ContextKeyValues.member.M}. A list type is a multi-valued key (as {@code aws:TagKeys}); a
   * single type takes exactly one value.
   */
  static RequestContext context(QueryRequest q) {
    Map<Integer, Map<String, String>> fields = new TreeMap<>();
    Map<Integer, Map<Integer, String>> values = new TreeMap<>();
    for (Map.Entry<String, String> e : q.all().entrySet()) {
      if (!e.getKey().startsWith("ContextEntries.")) {
        continue;
      }
      Matcher m = CONTEXT_PARAM.matcher(e.getKey());
      if (!m.matches()) {
        throw new AwsError("MalformedQueryString", 400, "Unknown parameter " + QueryRequest.printable(e.getKey()));
      }
      int n = Integer.parseInt(m.group(1));
      String field = m.group(2);
      Matcher v = CONTEXT_VALUE.matcher(field);
      if (v.matches()) {
        values.computeIfAbsent(n, k -> new TreeMap<>()).put(Integer.parseInt(v.group(1)), e.getValue());
      } else if (field.equals("ContextKeyName") || field.equals("ContextKeyType")) {
        fields.computeIfAbsent(n, k -> new TreeMap<>()).put(field, e.getValue());
      } else {
        throw new AwsError("MalformedQueryString", 400, "Unknown parameter " + QueryRequest.printable(e.getKey()));
      }
    }
    Set<Integer> indexes = new TreeSet<>(fields.keySet());
    indexes.addAll(values.keySet());
    RequestContext.Builder b = RequestContext.builder();
    int expected = 1;
    for (int n : indexes) {
      if (n != expected++) {
        throw new AwsError("MalformedQueryString", 400, "The elements of list ContextEntries are not numbered 1 to " + indexes.size());
      }
      Map<String, String> f = fields.getOrDefault(n, Map.of());
      String name = f.get("ContextKeyName");
      String type = f.get("ContextKeyType");
      if (name == null || name.length() < 5 || name.length() > 256) {
        throw new AwsError("InvalidInput", 400, "ContextEntries.member." + n + ".ContextKeyName must be a key name of 5 to 256 characters");
      }
      if (type == null || !CONTEXT_TYPES.contains(type)) {
        throw new AwsError("InvalidInput", 400, "ContextEntries.member." + n + ".ContextKeyType must be one of " + new TreeSet<>(CONTEXT_TYPES));
      }
      List<String> vs = new ArrayList<>(values.getOrDefault(n, Map.of()).values());
      if (type.endsWith("List")) {
        b.put(name, ContextValue.ofSet(vs));
      } else if (vs.size() == 1) {
        b.put(name, vs.get(0));
      } else {
        throw new AwsError("InvalidInput", 400, "ContextEntries.member." + n + " (" + QueryRequest.printable(name) + ", type " + type
            + ") takes exactly one value; use " + type + "List for several");
      }
    }
    return b.build();
  }
}
