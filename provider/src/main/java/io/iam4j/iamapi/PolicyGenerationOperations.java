package io.iam4j.iamapi;

import io.iam4j.audit.AuditFiles;
import io.iam4j.audit.AuditLog;
import io.iam4j.audit.TrailActivity;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.directory.Role;
import io.iam4j.directory.User;
import io.iam4j.generate.ActionUse;
import io.iam4j.generate.GeneratedPolicy;
import io.iam4j.generate.GenerationException;
import io.iam4j.generate.PolicyGenerator;
import io.iam4j.generate.PolicyTooLargeException;
import io.iam4j.lint.Finding;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GeneratePolicy}: IAM Access Analyzer's policy generation, answered at once on the IAM
 * API. AWS's own is asynchronous ({@code StartPolicyGeneration} returns a job id,
 * {@code GetGeneratedPolicy} the result, from CloudTrail); iam4j reads its own trail, which is local
 * and indexed by nothing but time, so one synchronous call does both and answers the policy with
 * its statistics. It keeps AWS's inputs ({@code PrincipalArn}, {@code StartTime}, {@code EndTime},
 * a window of at most 90 days, {@code EndTime} defaulting to now) and its result's
 * {@code IsComplete}, and is authorized as {@code access-analyzer:StartPolicyGeneration} on the
 * principal's ARN: a policy granting it on {@code "*"} allows it for every user and role of the
 * tenant, one naming ARNs limits whose activity a caller may read (iam4j's refinement).
 *
 * <p>Only the caller's tenant is read. The policy comes from the trail's allowed requests of the
 * principal (a role: of all its sessions) in {@code [StartTime, EndTime)}, generalized to the
 * application's action catalog, and is validated and replayed before it is answered
 * ({@link PolicyGenerator}).
 */
public final class PolicyGenerationOperations implements IamOperations {
  private static final Logger LOG = Logger.getLogger(PolicyGenerationOperations.class.getName());
  /** Access Analyzer's longest window. */
  static final Duration MAX_WINDOW = Duration.ofDays(90);
  /** How long a call waits for the trail's queue to be written, so that it sees the requests before it. */
  private static final Duration FLUSH_WAIT = Duration.ofMillis(500);

  private final Supplier<Optional<AuditLog>> trail;
  private final Supplier<ActionCatalog> catalog;

  /**
   * @param trail iam4j's audit trail, when it is the application's sink
   * @param catalog the application's action catalog
   */
  public PolicyGenerationOperations(Supplier<Optional<AuditLog>> trail, Supplier<ActionCatalog> catalog) {
    this.trail = trail;
    this.catalog = catalog;
  }

  @Override
  public Set<String> actions() {
    return Set.of("GeneratePolicy");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    String arn = q.required("PrincipalArn");
    if (arn.length() > 2048) {
      throw AwsError.constraint("principalArn", arn, "Member must have length less than or equal to 2048");
    }
    TrailActivity.Principal principal;
    try {
      principal = TrailActivity.Principal.parse(arn);
    } catch (IllegalArgumentException e) {
      throw new AwsError("InvalidInput", 400, "Invalid PrincipalArn " + QueryRequest.printable(arn)
          + ": expected the ARN of a user or role (arn:" + call.directory().arns().partition() + ":iam::TENANT:role/NAME)");
    }
    Instant start = time(q, "StartTime").orElseThrow(() -> AwsError.missing("StartTime"));
    Instant end = time(q, "EndTime").orElse(call.clock().instant());
    if (!start.isBefore(end)) {
      throw new AwsError("InvalidInput", 400, "StartTime must be earlier than EndTime");
    }
    if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
      throw new AwsError("InvalidInput", 400, "The time window is longer than " + MAX_WINDOW.toDays() + " days");
    }
    call.authorize("access-analyzer:StartPolicyGeneration", arn);
    // Another tenant's principal is normally refused above, as any cross-tenant request; should a
    // policy allow it, it is still no entity here: only the caller's tenant's trail records are read.
    if (!principal.tenant().equals(call.tenant().id()) || !principal.partition().equals(call.directory().arns().partition())
        || !exists(call, principal)) {
      throw new AwsError("NoSuchEntity", 404, "The " + (principal.role() ? "role" : "user") + " with name "
          + QueryRequest.printable(principal.name()) + " cannot be found.");
    }
    AuditLog log = trail.get().orElseThrow(() -> new AwsError("NoSuchEntity", 404,
        "There is no audit trail to read: the application replaced iam4j's audit sink"));
    log.flush(FLUSH_WAIT);
    TrailActivity.Result activity;
    try {
      activity = TrailActivity.read(AuditFiles.expand(List.of(log.settings().dir())), principal, start, end);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "GeneratePolicy could not read the audit trail", e);
      throw new AwsError("ServiceFailure", 500, "The audit trail could not be read", false);
    }
    GeneratedPolicy g;
    try {
      g = PolicyGenerator.generate(activity.allowed(), catalog.get());
    } catch (PolicyTooLargeException e) {
      throw new AwsError("LimitExceeded", 409, e.getMessage());
    } catch (GenerationException e) {
      // A bug: the policy failed its own check. Never answered unchecked.
      LOG.log(Level.SEVERE, "Policy generation for " + arn + " failed its check", e);
      throw new AwsError("ServiceFailure", 500, "The generated policy failed its check and was not returned: " + e.getMessage(), false);
    }
    write(xml, arn, start, end, activity, g);
    return true;
  }

  private static boolean exists(IamCall call, TrailActivity.Principal p) {
    if (p.role()) {
      Role r = call.tenant().roles().get(p.name());
      return r != null && r.path().equals(p.path());
    }
    User u = call.tenant().users().get(p.name());
    return u != null && u.path().equals(p.path());
  }

  static void write(QueryXml xml, String arn, Instant start, Instant end, TrailActivity.Result activity, GeneratedPolicy g) {
    xml.text("PrincipalArn", arn).text("StartTime", start).text("EndTime", end);
    g.document().ifPresent(d -> xml.text("PolicyDocument", d));
    xml.text("IsComplete", g.complete());
    xml.open("Statistics").text("Requests", g.requests()).text("DistinctRequests", g.distinctRequests())
        .text("ReplayedRequests", g.replayed()).text("Actions", g.actions().size()).text("Services", g.services())
        .text("PolicyCharacters", g.characters()).text("DistinctCallers", activity.callers().size()).text("NotDecidedByIam", activity.notDecidedByIam()).close("Statistics");
    xml.open("Callers");
    activity.callers().forEach(c -> xml.text("member", c));
    xml.close("Callers");
    xml.open("Actions");
    for (ActionUse u : g.actions()) {
      xml.open("member").text("Action", u.action()).text("Requests", u.requests()).text("ObservedResources", u.observedResources())
          .text("Generalization", u.generalization().name()).open("Resources");
      u.resources().forEach(r -> xml.text("member", r));
      xml.close("Resources").close("member");
    }
    xml.close("Actions");
    xml.open("SkippedActions");
    g.skippedActions().forEach(s -> xml.text("member", s));
    xml.close("SkippedActions");
    xml.open("Findings");
    for (Finding f : g.findings()) {
      xml.open("member").text("FindingType", f.severity().name()).text("IssueCode", f.code()).text("FindingDetails", f.message())
          .text("Pointer", f.pointer()).close("member");
    }
    xml.close("Findings");
  }

  private static Optional<Instant> time(QueryRequest q, String param) {
    String v = q.get(param).filter(s -> !s.isBlank()).orElse(null);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(v).toInstant());
    } catch (DateTimeParseException e) {
      throw AwsError.constraint(ApiSupport.lowerFirst(param), v, "Member must be an ISO-8601 time such as 2026-12-07T10:00:00Z");
    }
  }
}
