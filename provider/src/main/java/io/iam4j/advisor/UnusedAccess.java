package io.iam4j.advisor;

import io.iam4j.advisor.AccessAdvisor.ActionRecord;
import io.iam4j.advisor.AllowedActions.Grant;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.directory.AccessKey;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.eval.StatementRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * Unused access findings, as IAM Access Analyzer's unused access analyzer defines them, for one
 * tenant and a tracking period of N days ({@code unusedAccessAge}, 1 to 365):
 *
 * <ul>
 *   <li>{@code UnusedIAMRole}: a role none of whose sessions made a request in the period. An
 *       unused role gets no {@code UnusedPermission} finding (the role finding covers it).
 *   <li>{@code UnusedIAMUserAccessKey}: an active access key not used in the period (keys made
 *       during the period are not judged yet, as AWS judges only what existed for all of it).
 *   <li>{@code UnusedIAMUserPassword}: a user's password that backed no request in the period (a
 *       password set during the period is not judged yet).
 *   <li>{@code UnusedPermission}: for a user or used role, per service, each action its permissions
 *       policies allow that it did not attempt in the period, with the statement granting it.
 * </ul>
 *
 * <p>The index knows only what happened since it began ({@link AccessAdvisor#trackingSince()}):
 * a principal with no record is reported as unused even when tracking began less than N days ago;
 * {@link Result#trackingComplete()} says whether the whole period was tracked.
 */
public final class UnusedAccess {
  private UnusedAccess() {}

  public static final int MIN_DAYS = 1;
  public static final int MAX_DAYS = 365;
  public static final int DEFAULT_DAYS = 90;

  public enum FindingType { UnusedIAMRole, UnusedIAMUserAccessKey, UnusedIAMUserPassword, UnusedPermission }

  /** An unused action and the statement that allows it; {@code lastAccessed} null when never (since tracking began). */
  public record UnusedAction(String action, Instant lastAccessed, StatementRef grantedBy) {}

  /** The unused actions of one service (AWS's UnusedPermissionDetails). */
  public record UnusedService(String serviceNamespace, Instant lastAccessed, List<UnusedAction> actions) {}

  /**
   * One finding.
   *
   * @param resourceType {@code AWS::IAM::User} or {@code AWS::IAM::Role}
   * @param lastAccessed the principal's, key's or password's last use; null never (since tracking began)
   * @param accessKeyId for {@code UnusedIAMUserAccessKey}, else null
   * @param services for {@code UnusedPermission}, else empty
   */
  public record Finding(String id, FindingType type, String resource, String resourceType, Instant lastAccessed,
      String accessKeyId, List<UnusedService> services) {}

  public record Result(Instant analyzedAt, int days, Instant trackingSince, boolean trackingComplete, List<Finding> findings) {}

  /**
   * The findings of {@code tenant}.
   *
   * @param keyLastUsed an access key's last use (GetAccessKeyLastUsed's), or null when never
   * @param passwordLastUsed a user's password's last use, or null when never
   */
  /**
   * A user's password's last use: the later of its last sign-in ({@link
   * io.iam4j.config.PasswordUsage}, what AWS's {@code password_last_used} is) and the advisor's last
   * request backed by a password sign-in (which covers activity from before sign-ins were tracked).
   * Null when neither knows of one.
   */
  public static Instant passwordLastUsed(io.iam4j.config.PasswordUsage signIns, AccessAdvisor advisor, Tenant tenant, User user,
      String userArn) {
    Instant a = signIns == null ? null : signIns.lastUsed(tenant.id(), user.name()).orElse(null);
    Instant b = advisor == null ? null : advisor.passwordLastUsed(tenant.id(), userArn);
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  public static Result of(Directory d, Tenant tenant, AccessAdvisor advisor, ActionCatalog catalog, int days, Instant now,
      Function<String, Instant> keyLastUsed, Function<User, Instant> passwordLastUsed) {
    if (days < MIN_DAYS || days > MAX_DAYS) {
      throw new IllegalArgumentException("days is " + MIN_DAYS + " to " + MAX_DAYS + "; got " + days);
    }
    Instant cutoff = now.minus(Duration.ofDays(days));
    List<Finding> out = new ArrayList<>();
    for (User u : tenant.users().values()) {
      AdvisedEntity e = AdvisedEntity.user(d, tenant, u);
      if (u.credentials() != null && u.credentials().passwordHash() != null) {
        Instant set = u.credentials().loginProfile() == null ? null : u.credentials().loginProfile().created();
        Instant last = passwordLastUsed.apply(u);
        if ((set == null || !set.isAfter(cutoff)) && (last == null || last.isBefore(cutoff))) {
          out.add(new Finding(id(FindingType.UnusedIAMUserPassword, e.arn()), FindingType.UnusedIAMUserPassword, e.arn(), "AWS::IAM::User",
              last, null, List.of()));
        }
      }
      for (AccessKey k : u.accessKeys()) {
        if (!k.active() || k.created().isAfter(cutoff)) {
          continue;
        }
        Instant last = keyLastUsed.apply(k.id());
        if (last == null || last.isBefore(cutoff)) {
          out.add(new Finding(id(FindingType.UnusedIAMUserAccessKey, e.arn() + "/" + k.id()), FindingType.UnusedIAMUserAccessKey,
              e.arn(), "AWS::IAM::User", last, k.id(), List.of()));
        }
      }
      permissions(advisor, tenant, e, catalog, cutoff, "AWS::IAM::User", out);
    }
    for (Role r : tenant.roles().values()) {
      AdvisedEntity e = AdvisedEntity.role(d, tenant, r);
      Instant last = latest(advisor.principal(tenant.id(), e.arn()));
      if (last == null || last.isBefore(cutoff)) {
        out.add(new Finding(id(FindingType.UnusedIAMRole, e.arn()), FindingType.UnusedIAMRole, e.arn(), "AWS::IAM::Role", last, null, List.of()));
      } else {
        permissions(advisor, tenant, e, catalog, cutoff, "AWS::IAM::Role", out);
      }
    }
    Instant since = advisor.trackingSince();
    return new Result(now, days, since, !since.isAfter(cutoff), out);
  }

  private static void permissions(AccessAdvisor advisor, Tenant tenant, AdvisedEntity e, ActionCatalog catalog, Instant cutoff,
      String resourceType, List<Finding> out) {
    Map<String, Instant> accessed = new TreeMap<>();
    Map<String, ActionRecord> records = advisor.principal(tenant.id(), e.arn());
    records.forEach((a, r) -> {
      if (r.lastAuthenticated() != null) {
        accessed.merge(a.toLowerCase(Locale.ROOT), r.lastAuthenticated(), (x, y) -> x.isAfter(y) ? x : y);
      }
    });
    Map<String, Grant> allowed = AllowedActions.of(e.policies(), catalog, records.keySet());
    Map<String, List<UnusedAction>> byService = new TreeMap<>();
    Map<String, Instant> serviceLast = new TreeMap<>();
    accessed.forEach((a, at) -> serviceLast.merge(a.substring(0, a.indexOf(':')), at, (x, y) -> x.isAfter(y) ? x : y));
    for (Map.Entry<String, Grant> g : allowed.entrySet()) {
      Instant at = accessed.get(g.getKey());
      if (at == null || at.isBefore(cutoff)) {
        byService.computeIfAbsent(g.getValue().service(), k -> new ArrayList<>())
            .add(new UnusedAction(g.getValue().action(), at, g.getValue().statement()));
      }
    }
    if (byService.isEmpty()) {
      return;
    }
    List<UnusedService> services = new ArrayList<>();
    byService.forEach((svc, actions) -> services.add(new UnusedService(svc, serviceLast.get(svc), List.copyOf(actions))));
    Instant last = accessed.values().stream().max(Instant::compareTo).orElse(null);
    out.add(new Finding(id(FindingType.UnusedPermission, e.arn()), FindingType.UnusedPermission, e.arn(), resourceType, last, null,
        List.copyOf(services)));
  }

  private static Instant latest(Map<String, ActionRecord> records) {
    Instant last = null;
    for (ActionRecord r : records.values()) {
      if (r.lastAuthenticated() != null && (last == null || r.lastAuthenticated().isAfter(last))) {
        last = r.lastAuthenticated();
      }
    }
    return last;
  }

  /** A finding's id: the same finding (type and what it is about) keeps its id from one analysis to the next. */
  static String id(FindingType type, String subject) {
    return UUID.nameUUIDFromBytes((type + "\n" + subject).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
