package io.iam4j.iamapi;

import io.iam4j.analysis.AccessCheckResult;
import io.iam4j.analysis.NoNewAccess;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.Decision;
import io.iam4j.eval.StatementRef;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * IAM Access Analyzer's {@code CheckNoNewAccess} on the IAM Query endpoint, authorized as {@code
 * access-analyzer:CheckNoNewAccess} on {@code *} as AWS authorizes it: {@code ExistingPolicyDocument},
 * {@code NewPolicyDocument} and {@code PolicyType} ({@code IDENTITY_POLICY} or {@code
 * RESOURCE_POLICY}) answer {@code Result} ({@code PASS}/{@code FAIL}), {@code Message} and {@code
 * Reasons} ({@code Description}, {@code StatementIndex}, {@code StatementId}) as AWS does, plus
 * iam4j's {@code Counterexample}: a request the evaluator allows with the new policy and denies with
 * the existing one. An extension of ours compares two versions of a managed policy instead: {@code
 * PolicyArn} with {@code ExistingVersionId} and {@code NewVersionId} (authorized also as {@code
 * iam:GetPolicyVersion} on the policy, since it reads both documents).
 */
public final class NoNewAccessOperations implements IamOperations {
  private static final Map<String, PolicyType> TYPES = Map.of("IDENTITY_POLICY", PolicyType.IDENTITY, "RESOURCE_POLICY", PolicyType.RESOURCE);

  private final Supplier<ActionCatalog> catalog;

  /** @param catalog the application's action catalog (its actions are the counterexamples' first choice) */
  public NoNewAccessOperations(Supplier<ActionCatalog> catalog) {
    this.catalog = catalog;
  }

  @Override
  public Set<String> actions() {
    return Set.of("CheckNoNewAccess");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    call.authorize("access-analyzer:CheckNoNewAccess", "*");
    Policy existing;
    Policy updated;
    if (q.get("PolicyArn").isPresent()) {
      String arn = ApiSupport.arn(q, "PolicyArn");
      call.authorize("GetPolicyVersion", arn);
      ManagedPolicy p = ApiSupport.policy(call, arn);
      existing = version(p, q.required("ExistingVersionId"));
      updated = version(p, q.get("NewVersionId").orElse(p.defaultVersionId()));
    } else {
      String typeName = q.required("PolicyType");
      PolicyType type = TYPES.get(typeName);
      if (type == null) {
        throw AwsError.constraint("policyType", typeName, "Member must satisfy enum value set: [IDENTITY_POLICY, RESOURCE_POLICY]");
      }
      existing = ApiSupport.document(q, "ExistingPolicyDocument", type);
      updated = ApiSupport.document(q, "NewPolicyDocument", type);
    }
    ActionCatalog c = catalog.get();
    AccessCheckResult r = NoNewAccess.policies(existing, updated, NoNewAccess.Options.DEFAULTS.withCatalog(c == null ? ActionCatalog.EMPTY : c, false)
        .withMaxEvaluations(MAX_EVALUATIONS));
    write(r, xml);
    return true;
  }

  /** A request's bound on work: an API call decides at most this many requests. */
  static final long MAX_EVALUATIONS = 1_000_000;

  private static Policy version(ManagedPolicy p, String id) {
    if (!ApiSupport.VERSION_ID.matcher(id).matches()) {
      throw AwsError.constraint("versionId", id, "Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
    }
    return p.versions().stream().filter(v -> v.id().equals(id)).findFirst()
        .map(v -> v.document().withName(p.arn() + " " + v.id()))
        .orElseThrow(() -> IamErrors.noSuchEntity("Policy " + p.arn() + " version " + id + " does not exist or is not attachable."));
  }

  static void write(AccessCheckResult r, QueryXml xml) {
    xml.text("Result", r.result().name()).text("Message", r.message());
    xml.open("Reasons");
    for (AccessCheckResult.Reason reason : r.reasons()) {
      xml.open("member").text("Description", reason.description()).text("StatementIndex", reason.statementIndex());
      if (reason.statementId() != null) {
        xml.text("StatementId", reason.statementId());
      }
      xml.close("member");
    }
    xml.close("Reasons");
    r.counterexample().ifPresent(c -> counterexample(c, xml));
    xml.text("Complete", r.complete());
    xml.open("Notes");
    r.notes().forEach(n -> xml.text("member", n));
    xml.close("Notes");
  }

  private static void counterexample(AccessCheckResult.Counterexample c, QueryXml xml) {
    AuthorizationRequest q = c.request();
    xml.open("Counterexample").text("Principal", q.caller().display()).text("Action", q.action()).text("Resource", q.resource());
    xml.open("Context");
    for (Map.Entry<String, ContextValue> e : q.context().asMap().entrySet()) {
      xml.open("member").text("Key", e.getKey()).open("Values");
      e.getValue().values().forEach(v -> xml.text("member", v));
      xml.close("Values").close("member");
    }
    xml.close("Context");
    decision("NewDecision", c.updated(), q, xml);
    decision("ExistingDecision", c.existing(), q, xml);
    xml.close("Counterexample");
  }

  private static void decision(String name, Decision d, AuthorizationRequest q, QueryXml xml) {
    xml.open(name).text("Decision", d.outcome().json()).open("MatchedStatements");
    for (StatementRef s : d.deciding()) {
      xml.open("member").text("SourcePolicyId", s.policy()).text("SourcePolicyType", s.type().key()).text("StatementIndex", s.index());
      if (s.sid() != null) {
        xml.text("StatementId", s.sid());
      }
      xml.close("member");
    }
    xml.close("MatchedStatements").text("Message", d.message(q)).close(name);
  }
}
