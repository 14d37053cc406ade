package io.iam4j.iamapi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.iam4j.advisor.AccessAdvisor;
import io.iam4j.advisor.AdvisedEntity;
import io.iam4j.advisor.LastAccessed;
import io.iam4j.advisor.UnusedAccess;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.config.AccessKeyUsage;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.eval.StatementRef;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The access advisor on the IAM API, with IAM's own operations and shapes: {@code
 * GenerateServiceLastAccessedDetails} (a report job for a user, group, role or managed policy),
 * {@code GetServiceLastAccessedDetails} and {@code GetServiceLastAccessedDetailsWithEntities}; and
 * iam4j's {@code ListUnusedAccessFindings}, IAM Access Analyzer's unused access findings served on
 * the same endpoint.
 *
 * <p>Reports are computed from the advisor's index when generated, so every job is {@code
 * COMPLETED} at once; a job is kept {@value #JOB_HOURS} hours (at most {@value #MAX_JOBS}) and read
 * only by the principal that generated it, as IAM requires ("must be used by the same role within
 * a session, or by the same user"). Each service and tracked action carries iam4j's extension
 * member {@code LastAuthenticatedStatement}: the policy statement that granted the latest allow.
 *
 * <p>Authorization: {@code iam:GenerateServiceLastAccessedDetails}, {@code
 * iam:GetServiceLastAccessedDetails} and {@code iam:GetServiceLastAccessedDetailsWithEntities} on
 * the entity's ARN; {@code access-analyzer:ListFindingsV2} on the tenant's unused access analyzer
 * {@code arn:PARTITION:access-analyzer::TENANT:analyzer/unused-access}.
 */
public final class AccessAdvisorOperations implements IamOperations {
  static final int MAX_JOBS = 10_000;
  static final int JOB_HOURS = 24;
  private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern NAMESPACE = Pattern.compile("[\\w-]{1,64}");
  /** The analyzer every tenant has, as a resource of {@code access-analyzer:ListFindingsV2}. */
  public static final String ANALYZER_NAME = "unused-access";

  /** A generated report: for whom, by whom, what it found. */
  private record Job(String tenant, String requester, LastAccessed.Report report, Instant created, Instant completed) {}

  private final Supplier<AccessAdvisor> advisor;
  private final Supplier<ActionCatalog> catalog;
  private final Supplier<AccessKeyUsage> keyUsage;
  private final IntSupplier defaultDays;
  private final Supplier<io.iam4j.config.PasswordUsage> passwordUsage;
  private final Cache<String, Job> jobs = Caffeine.newBuilder().maximumSize(MAX_JOBS).expireAfterWrite(Duration.ofHours(JOB_HOURS)).build();

  /**
   * @param advisor the runtime's index (null: nothing recorded)
   * @param catalog the application's actions
   * @param keyUsage access keys' last use (null: none known)
   * @param defaultDays {@code iam4j.unused-access.days}
   */
  public AccessAdvisorOperations(Supplier<AccessAdvisor> advisor, Supplier<ActionCatalog> catalog, Supplier<AccessKeyUsage> keyUsage,
      IntSupplier defaultDays) {
    this(advisor, catalog, keyUsage, defaultDays, () -> null);
  }

  /** @param passwordUsage users' password sign-ins (null: none known) */
  public AccessAdvisorOperations(Supplier<AccessAdvisor> advisor, Supplier<ActionCatalog> catalog, Supplier<AccessKeyUsage> keyUsage,
      IntSupplier defaultDays, Supplier<io.iam4j.config.PasswordUsage> passwordUsage) {
    this.passwordUsage = passwordUsage;
    this.advisor = advisor;
    this.catalog = catalog;
    this.keyUsage = keyUsage;
    this.defaultDays = defaultDays;
  }

  @Override
  public Set<String> actions() {
    return Set.of("GenerateServiceLastAccessedDetails", "GetServiceLastAccessedDetails", "GetServiceLastAccessedDetailsWithEntities",
        "ListUnusedAccessFindings");
  }

  @Override
  public boolean handle(String action, QueryRequest q, IamCall call, QueryXml xml) {
    switch (action) {
      case "GenerateServiceLastAccessedDetails" -> generate(q, call, xml);
      case "GetServiceLastAccessedDetails" -> get(q, call, xml);
      case "GetServiceLastAccessedDetailsWithEntities" -> withEntities(q, call, xml);
      case "ListUnusedAccessFindings" -> unused(q, call, xml);
      default -> throw new IllegalArgumentException(action);
    }
    return true;
  }

  private AccessAdvisor index() {
    AccessAdvisor a = advisor.get();
    return a != null ? a : AccessAdvisor.inMemory(System::currentTimeMillis);
  }

  private void generate(QueryRequest q, IamCall call, QueryXml xml) {
    String arn = ApiSupport.arn(q, "Arn");
    String g = q.get("Granularity").orElse("SERVICE_LEVEL");
    if (!g.equals("SERVICE_LEVEL") && !g.equals("ACTION_LEVEL")) {
      throw AwsError.constraint("granularity", g, "Member must satisfy enum value set: [SERVICE_LEVEL, ACTION_LEVEL]");
    }
    call.authorize("GenerateServiceLastAccessedDetails", arn);
    Tenant t = call.tenant();
    AdvisedEntity entity = AdvisedEntity.resolve(call.directory(), t, arn)
        .orElseThrow(() -> IamErrors.noSuchEntity("The entity " + arn + " cannot be found."));
    Instant created = call.clock().instant();
    LastAccessed.Report report = LastAccessed.of(index(), t.id(), entity, LastAccessed.Granularity.valueOf(g), catalog.get());
    String id = UUID.randomUUID().toString();
    jobs.put(id, new Job(t.id(), requester(call), report, created, call.clock().instant()));
    xml.text("JobId", id);
  }

  /** Who may read a job: the principal that made it (a role's sessions share it, as in IAM). */
  private static String requester(IamCall call) {
    return AccessAdvisor.principalArn(call.caller());
  }

  private Job job(QueryRequest q, IamCall call) {
    String id = q.required("JobId");
    if (!JOB_ID.matcher(id).matches()) {
      throw AwsError.constraint("jobId", id, "Member must have length between 36 and 36");
    }
    Job job = jobs.getIfPresent(id);
    if (job == null || !job.tenant().equals(call.tenant().id()) || !job.requester().equals(requester(call))) {
      throw IamErrors.noSuchEntity("The job with id " + id + " cannot be found.");
    }
    return job;
  }

  private void get(QueryRequest q, IamCall call, QueryXml xml) {
    Job job = job(q, call);
    call.authorize("GetServiceLastAccessedDetails", job.report().entity().arn());
    Pages<LastAccessed.Service> page = Pages.of(q, job.report().services(), LastAccessed.Service::serviceNamespace);
    xml.text("JobStatus", "COMPLETED").text("JobType", job.report().granularity().name()).text("JobCreationDate", job.created())
        .open("ServicesLastAccessed");
    for (LastAccessed.Service s : page.items()) {
      xml.open("member").text("ServiceName", s.serviceName()).text("LastAuthenticated", s.lastAuthenticated())
          .text("ServiceNamespace", s.serviceNamespace()).text("LastAuthenticatedEntity", s.lastAuthenticatedEntity())
          .text("LastAuthenticatedRegion", s.lastAuthenticatedRegion()).text("TotalAuthenticatedEntities", s.totalAuthenticatedEntities());
      if (job.report().granularity() == LastAccessed.Granularity.ACTION_LEVEL) {
        xml.open("TrackedActionsLastAccessed");
        for (LastAccessed.TrackedAction a : s.actions()) {
          xml.open("member").text("ActionName", a.actionName()).text("LastAccessedEntity", a.lastAccessedEntity())
              .text("LastAccessedTime", a.lastAccessedTime()).text("LastAccessedRegion", a.lastAccessedRegion());
          statement(xml, "LastAuthenticatedStatement", a.lastStatement());
          if (a.grantedBy() != null) {
            statement(xml, "AllowedByStatement", a.grantedBy(), null);
          }
          xml.close("member");
        }
        xml.close("TrackedActionsLastAccessed");
      }
      statement(xml, "LastAuthenticatedStatement", s.lastStatement());
      xml.close("member");
    }
    xml.close("ServicesLastAccessed").text("JobCompletionDate", job.completed()).text("IsTruncated", page.truncated())
        .text("Marker", page.marker());
  }

  private void withEntities(QueryRequest q, IamCall call, QueryXml xml) {
    Job job = job(q, call);
    String ns = q.required("ServiceNamespace");
    if (!NAMESPACE.matcher(ns).matches()) {
      throw AwsError.constraint("serviceNamespace", ns, "Member must satisfy regular expression pattern: [\\w-]*");
    }
    call.authorize("GetServiceLastAccessedDetailsWithEntities", job.report().entity().arn());
    LastAccessed.Service service = job.report().services().stream().filter(s -> s.serviceNamespace().equals(ns)).findFirst()
        .orElseThrow(() -> IamErrors.invalidInput("The service namespace " + ns + " is not one the report lists."));
    Tenant t = call.tenant();
    List<Map.Entry<String, Instant>> entities = new ArrayList<>(service.entities().entrySet());
    Pages<Map.Entry<String, Instant>> page = Pages.of(q, entities, Map.Entry::getKey);
    xml.text("JobStatus", "COMPLETED").text("JobCreationDate", job.created()).text("JobCompletionDate", job.completed())
        .open("EntityDetailsList");
    for (Map.Entry<String, Instant> e : page.items()) {
      xml.open("member").open("EntityInfo");
      entityInfo(xml, call, t, e.getKey());
      xml.close("EntityInfo").text("LastAuthenticated", e.getValue()).close("member");
    }
    xml.close("EntityDetailsList").text("IsTruncated", page.truncated()).text("Marker", page.marker());
  }

  /** IAM's EntityInfo: Arn, Name, Type (USER, ROLE), Id, Path; a principal deleted since is named by its ARN only. */
  private static void entityInfo(QueryXml xml, IamCall call, Tenant t, String arn) {
    for (User u : t.users().values()) {
      if (call.directory().arns().user(t.id(), u.path(), u.name()).equals(arn)) {
        xml.text("Arn", arn).text("Name", u.name()).text("Type", "USER").text("Id", u.id()).text("Path", u.path());
        return;
      }
    }
    for (Role r : t.roles().values()) {
      if (call.directory().arns().role(t.id(), r.path(), r.name()).equals(arn)) {
        xml.text("Arn", arn).text("Name", r.name()).text("Type", "ROLE").text("Id", r.id()).text("Path", r.path());
        return;
      }
    }
    String name = arn.substring(arn.lastIndexOf('/') + 1);
    xml.text("Arn", arn).text("Name", name).text("Type", arn.contains(":role/") ? "ROLE" : "USER").text("Id", name);
  }

  private static void statement(QueryXml xml, String element, LastAccessed.StatementUse use) {
    if (use != null) {
      statement(xml, element, use.statement(), use.lastAllowed());
    }
  }

  /**
   * iam4j's extension: a policy statement. {@code PolicyArn} for a managed policy; {@code PolicyName}
   * and {@code PolicyOwner} (the user, group or role ARN) for an inline one.
   */
  static void statement(QueryXml xml, String element, StatementRef ref, Instant lastAllowed) {
    xml.open(element).text("PolicyType", ref.type().key());
    int hash = ref.policy().indexOf('#');
    if (hash > 0) {
      xml.text("PolicyName", ref.policy().substring(hash + 1)).text("PolicyOwner", ref.policy().substring(0, hash));
    } else {
      xml.text("PolicyArn", ref.policy());
    }
    xml.text("StatementIndex", ref.index()).text("Sid", ref.sid()).text("LastAllowed", lastAllowed).close(element);
  }

  // ---------------------------------------------------------------- unused access

  /** The tenant's unused access analyzer, the resource {@code access-analyzer:ListFindingsV2} is authorized on. */
  static String analyzerArn(IamCall call) {
    return "arn:" + call.directory().arns().partition() + ":access-analyzer::" + call.tenant().id() + ":analyzer/" + ANALYZER_NAME;
  }

  private void unused(QueryRequest q, IamCall call, QueryXml xml) {
    Integer age = q.integer("UnusedAccessAge");
    int days = age == null ? defaultDays.getAsInt() : age;
    if (days < UnusedAccess.MIN_DAYS || days > UnusedAccess.MAX_DAYS) {
      throw AwsError.constraint("unusedAccessAge", Integer.toString(days), "Member must have value between 1 and 365");
    }
    String type = q.get("FindingType").orElse(null);
    if (type != null && Set.of(UnusedAccess.FindingType.values()).stream().noneMatch(f -> f.name().equals(type))) {
      throw AwsError.constraint("findingType", type,
          "Member must satisfy enum value set: [UnusedIAMRole, UnusedIAMUserAccessKey, UnusedIAMUserPassword, UnusedPermission]");
    }
    String resource = q.get("Resource").orElse(null);
    call.authorize("access-analyzer:ListFindingsV2", analyzerArn(call));
    AccessAdvisor a = index();
    AccessKeyUsage usage = keyUsage.get();
    Tenant t = call.tenant();
    String tenantId = t.id();
    UnusedAccess.Result r = UnusedAccess.of(call.directory(), t, a, catalog.get(), days, call.clock().instant(),
        id -> usage == null ? null : usage.lastUsed(id).lastUsedDate(),
        u -> UnusedAccess.passwordLastUsed(passwordUsage.get(), a, t, u, call.directory().arns().user(tenantId, u.path(), u.name())));
    List<UnusedAccess.Finding> findings = r.findings().stream()
        .filter(f -> type == null || f.type().name().equals(type))
        .filter(f -> resource == null || f.resource().equals(resource))
        .sorted(java.util.Comparator.comparing(UnusedAccess.Finding::id)).toList();
    Pages<UnusedAccess.Finding> page = Pages.of(q, findings, UnusedAccess.Finding::id);
    xml.text("AnalyzerArn", analyzerArn(call)).text("AnalyzedAt", r.analyzedAt()).text("UnusedAccessAge", r.days())
        .text("TrackingSince", r.trackingSince()).text("TrackingComplete", r.trackingComplete()).open("Findings");
    for (UnusedAccess.Finding f : page.items()) {
      xml.open("member").text("Id", f.id()).text("FindingType", f.type().name()).text("Resource", f.resource())
          .text("ResourceType", f.resourceType()).text("ResourceOwnerAccount", tenantId).text("Status", "ACTIVE")
          .text("LastAccessed", f.lastAccessed()).text("AccessKeyId", f.accessKeyId());
      if (f.type() == UnusedAccess.FindingType.UnusedPermission) {
        xml.open("UnusedPermissionDetails");
        for (UnusedAccess.UnusedService s : f.services()) {
          xml.open("member").text("ServiceNamespace", s.serviceNamespace()).text("LastAccessed", s.lastAccessed()).open("Actions");
          for (UnusedAccess.UnusedAction ua : s.actions()) {
            xml.open("member").text("Action", ua.action()).text("LastAccessed", ua.lastAccessed());
            statement(xml, "GrantedBy", ua.grantedBy(), null);
            xml.close("member");
          }
          xml.close("Actions").close("member");
        }
        xml.close("UnusedPermissionDetails");
      }
      xml.close("member");
    }
    xml.close("Findings").text("IsTruncated", page.truncated()).text("Marker", page.marker());
  }
}
