package io.iam4j.iamapi;

import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.Outcome;
import io.iam4j.shadow.ShadowEvaluator;
import io.iam4j.shadow.ShadowExample;
import io.iam4j.shadow.ShadowKey;
import io.iam4j.shadow.ShadowStats;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Shadow evaluation of a draft policy version, an iam4j extension of the IAM API in IAM's naming
 * style: {@code StartPolicyVersionShadow} (PolicyArn, VersionId) evaluates a non-default version
 * beside the default one on real traffic without letting it decide; {@code GetPolicyVersionShadow}
 * (PolicyArn, optional VersionId) answers its counts on this server and its latest differing
 * requests; {@code StopPolicyVersionShadow} (PolicyArn) ends it; {@code PromotePolicyVersionShadow}
 * (PolicyArn) makes the version in shadow the default, which ends the shadow, as {@code
 * SetDefaultPolicyVersion} of that version does.
 *
 * <p>Authorized on the policy's ARN as {@code iam:StartPolicyVersionShadow}, {@code
 * iam:StopPolicyVersionShadow} and {@code iam:GetPolicyVersionShadow} (new action names: a {@code
 * iam:Get*} read-only grant reads the counts and cannot start a shadow); promotion is {@code
 * iam:SetDefaultPolicyVersion}, the permission of the change it makes. The shadow is the policy's
 * {@code "shadowVersion"} in its {@code policy.json}: a validated, audited configuration write that
 * survives restarts.
 */
public final class ShadowOperations implements IamOperations {
  private final Supplier<ShadowEvaluator> shadows;

  /** @param shadows the runtime's shadow evaluator (counts and latest differences) */
  public ShadowOperations(Supplier<ShadowEvaluator> shadows) {
    this.shadows = shadows;
  }

  @Override
  public Set<String> actions() {
    return Set.of("StartPolicyVersionShadow", "StopPolicyVersionShadow", "GetPolicyVersionShadow", "PromotePolicyVersionShadow");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    switch (action) {
      case "StartPolicyVersionShadow" -> start(q, call, xml);
      case "StopPolicyVersionShadow" -> {
        stop(q, call);
        return false;
      }
      case "GetPolicyVersionShadow" -> get(q, call, xml);
      case "PromotePolicyVersionShadow" -> promote(q, call, xml);
      default -> throw new IllegalArgumentException(action);
    }
    return true;
  }

  private static String versionId(QueryRequest q, boolean required) {
    String v = required ? q.required("VersionId") : q.get("VersionId").orElse(null);
    if (v != null && !ApiSupport.VERSION_ID.matcher(v).matches()) {
      throw AwsError.constraint("versionId", v, "Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
    }
    return v;
  }

  private static void requireVersion(ManagedPolicy p, String versionId) {
    if (p.version(versionId).isEmpty()) {
      throw IamErrors.noSuchEntity("Policy " + p.arn() + " version " + versionId + " does not exist or is not attachable.");
    }
  }

  private static String shadowOf(ManagedPolicy p) {
    if (p.shadowVersionId() == null) {
      throw IamErrors.noSuchEntity("Policy " + p.arn() + " has no version in shadow.");
    }
    return p.shadowVersionId();
  }

  private void start(QueryRequest q, IamCall call, QueryXml xml) {
    String arn = ApiSupport.arn(q, "PolicyArn");
    String versionId = versionId(q, true);
    call.authorize("StartPolicyVersionShadow", arn);
    ManagedPolicy p = ApiSupport.ownPolicy(call, arn);
    requireVersion(p, versionId);
    if (versionId.equals(p.defaultVersionId())) {
      throw IamErrors.invalidInput("Version " + versionId + " is the default version of " + arn + ": only another version can be "
          + "evaluated in shadow of it.");
    }
    Tenant t = call.tenant();
    ShadowKey key = new ShadowKey(t.id(), arn, versionId, p.defaultVersionId());
    if (!versionId.equals(p.shadowVersionId())) {
      call.store().writer().setPolicyVersionShadow(t.id(), t.version(), p.name(), versionId,
          call.actor() + ": StartPolicyVersionShadow " + arn + " " + versionId);
      // A version put in shadow again starts counting afresh.
      shadows.get().reset(key);
    }
    report(xml, key, true, shadows.get().report(key));
  }

  private void stop(QueryRequest q, IamCall call) {
    String arn = ApiSupport.arn(q, "PolicyArn");
    call.authorize("StopPolicyVersionShadow", arn);
    ManagedPolicy p = ApiSupport.ownPolicy(call, arn);
    String v = shadowOf(p);
    Tenant t = call.tenant();
    call.store().writer().setPolicyVersionShadow(t.id(), t.version(), p.name(), null,
        call.actor() + ": StopPolicyVersionShadow " + arn + " " + v);
  }

  private void get(QueryRequest q, IamCall call, QueryXml xml) {
    String arn = ApiSupport.arn(q, "PolicyArn");
    String asked = versionId(q, false);
    call.authorize("GetPolicyVersionShadow", arn);
    ManagedPolicy p = ApiSupport.policy(call, arn);
    String v = asked != null ? asked : shadowOf(p);
    requireVersion(p, v);
    ShadowKey key = new ShadowKey(call.tenant().id(), arn, v, p.defaultVersionId());
    report(xml, key, v.equals(p.shadowVersionId()), shadows.get().report(key));
  }

  private void promote(QueryRequest q, IamCall call, QueryXml xml) {
    String arn = ApiSupport.arn(q, "PolicyArn");
    // The change is SetDefaultPolicyVersion's: so is the permission.
    call.authorize("SetDefaultPolicyVersion", arn);
    ManagedPolicy p = ApiSupport.ownPolicy(call, arn);
    String v = shadowOf(p);
    ShadowKey key = new ShadowKey(call.tenant().id(), arn, v, p.defaultVersionId());
    ShadowStats.Snapshot last = shadows.get().report(key);
    call.store().writer().setDefaultPolicyVersion(call.tenant().id(), p.name(), v,
        call.actor() + ": PromotePolicyVersionShadow " + arn + " " + v);
    // The counts that justified the promotion, as they stood.
    report(xml, key, false, last);
  }

  /** {@code <PolicyVersionShadow>}: the draft, whether it is in shadow now, its counts and latest differences. */
  private static void report(QueryXml xml, ShadowKey key, boolean inShadow, ShadowStats.Snapshot s) {
    xml.open("PolicyVersionShadow").text("PolicyArn", key.policy()).text("VersionId", key.version())
        .text("DefaultVersionId", key.liveVersion()).text("InShadow", inShadow).text("StartDate", s.since())
        .text("Evaluated", s.evaluated()).text("Same", s.same()).text("NewlyAllowed", s.newlyAllowed())
        .text("NewlyDenied", s.newlyDenied()).text("Failed", s.failed()).text("Dropped", s.dropped());
    xml.open("Differences");
    for (ShadowExample e : s.examples()) {
      xml.open("member").text("Time", e.time()).text("Principal", e.principal()).text("Action", e.action())
          .text("Resource", e.resource()).text("Result", e.result().tag()).text("LiveDecision", evalDecision(e.live()));
      statements(xml, "LiveStatements", e.liveStatements());
      xml.text("ShadowDecision", evalDecision(e.shadow()));
      statements(xml, "ShadowStatements", e.shadowStatements());
      xml.close("member");
    }
    xml.close("Differences").close("PolicyVersionShadow");
  }

  private static void statements(QueryXml xml, String name, List<String> refs) {
    xml.open(name);
    refs.forEach(r -> xml.text("member", r));
    xml.close(name);
  }

  /** IAM's EvalDecision words, as the policy simulator answers them. */
  static String evalDecision(Outcome o) {
    return switch (o) {
      case ALLOW -> "allowed";
      case EXPLICIT_DENY -> "explicitDeny";
      case IMPLICIT_DENY -> "implicitDeny";
    };
  }
}
