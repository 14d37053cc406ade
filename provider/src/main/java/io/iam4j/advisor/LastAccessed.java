package io.iam4j.advisor;

import io.iam4j.advisor.AccessAdvisor.ActionRecord;
import io.iam4j.advisor.AllowedActions.Grant;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.eval.StatementRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A service last accessed report (GetServiceLastAccessedDetails) of one user, role, group or
 * managed policy, computed from the advisor's index as IAM defines it:
 *
 * <ul>
 *   <li>The services listed are those the entity's permissions policies allow; each has the most
 *       recent attempt to access it (allowed or not) by an authenticated principal, or no details
 *       when there was none.
 *   <li>User: the user's own attempts; the entity is the user. Role: the attempts of the role's
 *       sessions; the entity is the role.
 *   <li>Group: the attempts of the group's members, on the services (and, at action level, the
 *       actions) the group's policies allow; the entity is the member that attempted last, and
 *       {@code TotalAuthenticatedEntities} counts the members that attempted.
 *   <li>Policy: the accesses the policy's statements granted; the entity is the user or role that
 *       used it last, {@code TotalAuthenticatedEntities} counts those that used it.
 * </ul>
 *
 * iam4j adds, per service and per action, the statement that granted the latest allow ({@link
 * StatementUse}).
 */
public final class LastAccessed {
  private LastAccessed() {}

  public enum Granularity { SERVICE_LEVEL, ACTION_LEVEL }

  /** A statement that granted an allow, and when it last did. */
  public record StatementUse(StatementRef statement, Instant lastAllowed) {}

  /** One action of a service (IAM's TrackedActionLastAccessed). */
  public record TrackedAction(String actionName, Instant lastAccessedTime, String lastAccessedEntity, String lastAccessedRegion,
      StatementUse lastStatement, StatementRef grantedBy) {}

  /**
   * One service (IAM's ServiceLastAccessed); {@code actions} only at action level.
   *
   * @param entities each principal that attempted to access the service, with its last attempt
   *     (GetServiceLastAccessedDetailsWithEntities), by ARN
   */
  public record Service(String serviceName, String serviceNamespace, Instant lastAuthenticated, String lastAuthenticatedEntity,
      String lastAuthenticatedRegion, int totalAuthenticatedEntities, StatementUse lastStatement, List<TrackedAction> actions,
      Map<String, Instant> entities) {
    public Service {
      actions = List.copyOf(actions);
      entities = java.util.Collections.unmodifiableMap(new TreeMap<>(entities));
    }
  }

  public record Report(AdvisedEntity entity, Granularity granularity, List<Service> services) {}

  /** The report of {@code entity} of {@code tenant}. */
  public static Report of(AccessAdvisor advisor, String tenant, AdvisedEntity entity, Granularity granularity, ActionCatalog catalog) {
    // Who attempted what, by principal ARN, then lower-cased action: the raw material of each kind.
    Map<String, Map<String, ActionRecord>> byPrincipal = new TreeMap<>();
    Set<String> seen = new HashSet<>(); // as the requests named them
    switch (entity.kind()) {
      case USER, ROLE -> byPrincipal.put(entity.arn(), lower(advisor.principal(tenant, entity.arn()), seen));
      case GROUP -> entity.members().forEach(m -> byPrincipal.put(m, lower(advisor.principal(tenant, m), seen)));
      case POLICY -> advisor.policy(tenant, entity.arn()).forEach((action, who) -> {
        seen.add(action);
        who.forEach((arn, rec) -> byPrincipal.computeIfAbsent(arn, k -> new TreeMap<>()).merge(action.toLowerCase(Locale.ROOT), rec,
            LastAccessed::later));
      });
    }
    Map<String, Grant> allowed = AllowedActions.of(entity.policies(), catalog, seen);
    Set<String> services = AllowedActions.services(entity.policies(), catalog, allowed);
    List<Service> out = new ArrayList<>();
    for (String svc : services) {
      Instant last = null;
      String lastEntity = null;
      StatementUse lastStatement = null;
      Map<String, Instant> entities = new TreeMap<>();
      for (Map.Entry<String, Map<String, ActionRecord>> p : byPrincipal.entrySet()) {
        for (Map.Entry<String, ActionRecord> a : p.getValue().entrySet()) {
          if (!a.getKey().startsWith(svc + ":")) {
            continue;
          }
          // A group's members count on what the group's policies allow, not on what else they may do.
          if (entity.kind() == AdvisedEntity.Kind.GROUP && !allowed.containsKey(a.getKey())) {
            continue;
          }
          ActionRecord r = a.getValue();
          if (r.lastAuthenticated() != null) {
            entities.merge(p.getKey(), r.lastAuthenticated(), LastAccessed::max);
            if (last == null || r.lastAuthenticated().isAfter(last)) {
              last = r.lastAuthenticated();
              lastEntity = p.getKey();
            }
          }
          if (r.lastAllowed() != null && r.statement() != null
              && (lastStatement == null || r.lastAllowed().isAfter(lastStatement.lastAllowed()))) {
            lastStatement = new StatementUse(r.statement(), r.lastAllowed());
          }
        }
      }
      List<TrackedAction> actions = List.of();
      if (granularity == Granularity.ACTION_LEVEL) {
        actions = new ArrayList<>();
        for (Grant g : allowed.values()) {
          if (!g.service().equals(svc)) {
            continue;
          }
          String key = g.action().toLowerCase(Locale.ROOT);
          Instant at = null;
          String who = null;
          StatementUse st = null;
          for (Map.Entry<String, Map<String, ActionRecord>> p : byPrincipal.entrySet()) {
            ActionRecord r = p.getValue().get(key);
            if (r == null) {
              continue;
            }
            if (r.lastAuthenticated() != null && (at == null || r.lastAuthenticated().isAfter(at))) {
              at = r.lastAuthenticated();
              who = p.getKey();
            }
            if (r.lastAllowed() != null && r.statement() != null && (st == null || r.lastAllowed().isAfter(st.lastAllowed()))) {
              st = new StatementUse(r.statement(), r.lastAllowed());
            }
          }
          actions.add(new TrackedAction(g.name(), at, who, null, st, g.statement()));
        }
      }
      int total = entity.kind() == AdvisedEntity.Kind.USER || entity.kind() == AdvisedEntity.Kind.ROLE ? (last == null ? 0 : 1) : entities.size();
      out.add(new Service(serviceName(svc), svc, last, lastEntity, null, total, lastStatement, actions, entities));
    }
    return new Report(entity, granularity, out);
  }

  private static Map<String, ActionRecord> lower(Map<String, ActionRecord> m, Set<String> seen) {
    Map<String, ActionRecord> out = new TreeMap<>();
    seen.addAll(m.keySet());
    m.forEach((k, v) -> out.merge(k.toLowerCase(Locale.ROOT), v, LastAccessed::later));
    return out;
  }

  private static ActionRecord later(ActionRecord a, ActionRecord b) {
    Instant auth = max(a.lastAuthenticated(), b.lastAuthenticated());
    boolean bAllowedLater = b.lastAllowed() != null && (a.lastAllowed() == null || b.lastAllowed().isAfter(a.lastAllowed()));
    return new ActionRecord(auth, bAllowedLater ? b.lastAllowed() : a.lastAllowed(), bAllowedLater ? b.statement() : a.statement());
  }

  private static Instant max(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  /** IAM's service names for AWS's own prefixes; an application's service is named by its prefix. */
  public static String serviceName(String namespace) {
    return switch (namespace) {
      case "iam" -> "AWS Identity and Access Management";
      case "sts" -> "AWS Security Token Service";
      case "access-analyzer" -> "IAM Access Analyzer";
      case "cloudtrail" -> "AWS CloudTrail";
      default -> namespace;
    };
  }
}
