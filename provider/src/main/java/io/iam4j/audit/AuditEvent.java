package io.iam4j.audit;

import io.iam4j.authz.Authorizer;
import io.iam4j.config.ConfigEvent;
import io.iam4j.config.ConfigProblem;
import io.iam4j.config.TenantStatus;
import io.iam4j.directory.Arns;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.StatementRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Something the audit trail records: an authorization decision, a configuration change, a sign-in
 * event or a shadow evaluation's difference.
 * Immutable; built on the thread where it happened, serialized later by the trail's writer.
 */
public sealed interface AuditEvent {

  Instant time();

  /**
   * One authorization decision: who asked to do what on which resource, the answer and why.
   *
   * @param requestId the request's id (its {@code X-Request-Id} header when it had a usable one)
   * @param via the enforcement point: {@code rest} (the request filter), {@code cdi} (the interceptor), ...
   * @param tenant the caller's tenant, or null when the caller could not be mapped to one
   * @param principal the caller's ARN; the container's caller name when it is not in the directory;
   *     {@code anonymous} for an unauthenticated caller
   * @param resourceAccount the tenant owning the resource when it is not the caller's, or null
   * @param deciding the statements that allowed, or that denied explicitly
   * @param noAllowIn for an implicit deny, the layer without an allow ({@code identity}, {@code resource}, ...)
   * @param error for a deny that the engine did not decide (unauthenticated, unknown caller,
   *     undeterminable resource, a failure while deciding): why; null otherwise
   * @param sourceIp {@code aws:SourceIp} of the request, or null
   * @param cached whether the decision came from the decision cache
   * @param configVersion the version of the tenant's configuration that decided (0: none)
   * @param evaluationNanos how long the engine took, cache included (not written to the trail: it
   *     feeds the evaluation-time metric)
   */
  record DecisionEvent(Instant time, String requestId, String via, String tenant, String principal, String action,
      String resource, String resourceAccount, Outcome decision, List<StatementRef> deciding, String noAllowIn,
      String error, String sourceIp, boolean cached, long configVersion, long evaluationNanos) implements AuditEvent {

    public DecisionEvent {
      deciding = List.copyOf(deciding);
    }

    /** The event of a decision the engine made (for an anonymous caller, the identity is null). */
    public static DecisionEvent of(Authorizer.Result r, Instant time, String requestId, String via, long evaluationNanos) {
      Decision d = r.decision();
      ContextValue ip = r.request().context().get("aws:SourceIp");
      String tenant = r.identity() == null ? r.request().resourceAccount() : r.identity().tenant().id();
      return new DecisionEvent(time, requestId, via, tenant, r.request().caller().display(),
          r.request().action(), r.request().resource(), r.request().resourceAccount(), d.outcome(), d.deciding(),
          d.missingAllow() == null ? null : d.missingAllow().key(), d.error(), ip == null || ip.multiValued() ? null : ip.single(),
          r.cached(), r.configVersion(), evaluationNanos);
    }
  }

  /**
   * One change to a tenant's configuration (or a refused one).
   *
   * @param change {@code LOADED} (serving when the trail opened), {@code ADDED}, {@code UPDATED},
   *     {@code REMOVED} or {@code FAILED} (refused; the old version keeps serving)
   * @param cause who or what: {@code file reload}, {@code initial load}, {@code write by alice}, ...
   * @param files the tenant's files that changed (relative to its directory)
   * @param arns the identities and policies those files define
   * @param problems for a refused change: every problem, with file and JSON pointer
   * @param actor who wrote the change through the API (the caller's ARN); null for a change found on disk
   * @param digests per changed file, the SHA-256 of its content before and after (null: absent)
   */
  record ConfigChangeEvent(Instant time, String tenant, String change, String cause, long oldVersion, long newVersion,
      List<String> files, List<String> arns, List<String> problems, String actor, List<ConfigEvent.FileDigest> digests)
      implements AuditEvent {

    public ConfigChangeEvent {
      files = List.copyOf(files);
      arns = List.copyOf(arns);
      problems = List.copyOf(problems);
      digests = List.copyOf(digests);
    }

    /** A record without an actor or digests (a tenant's state when the trail opens). */
    public ConfigChangeEvent(Instant time, String tenant, String change, String cause, long oldVersion, long newVersion,
        List<String> files, List<String> arns, List<String> problems) {
      this(time, tenant, change, cause, oldVersion, newVersion, files, arns, problems, null, List.of());
    }

    /** The record of a store event; {@code after} (the directory serving now) names the ARNs. */
    public static ConfigChangeEvent of(ConfigEvent e, Directory after) {
      Optional<Tenant> t = after == null ? Optional.empty() : after.tenant(e.tenant());
      Arns arns = after == null ? Arns.DEFAULT : after.arns();
      return new ConfigChangeEvent(e.at(), e.tenant(), e.kind().name(), e.cause(), e.oldVersion(), e.newVersion(),
          e.changedFiles(), arnsOf(arns, e.tenant(), t.orElse(null), e.changedFiles()),
          e.problems().stream().map(ConfigProblem::toString).toList(), e.actor(), e.digests());
    }

    /** The record of a tenant's state when the trail opens (its initial load happened before). */
    public static ConfigChangeEvent loaded(TenantStatus s, Instant now) {
      boolean failed = !s.lastProblems().isEmpty();
      return new ConfigChangeEvent(s.lastAttempt() == null ? now : s.lastAttempt(), s.tenant(), failed ? "FAILED" : "LOADED",
          "initial load", 0, s.version(), List.of(), List.of(), s.lastProblems().stream().map(ConfigProblem::toString).toList());
    }

    /**
     * The ARNs a tenant's files define: {@code users/NAME.json} a user, {@code groups/} a group,
     * {@code roles/} a role, {@code policies/NAME.json} or {@code policies/NAME/...} a managed
     * policy. Paths come from {@code tenant} when the entity still exists ({@code /} otherwise).
     * Other files (inline, trust and guardrail documents, {@code tenant.json}) are named by the files.
     */
    static List<String> arnsOf(Arns arns, String tenantId, Tenant tenant, List<String> files) {
      Set<String> out = new LinkedHashSet<>();
      for (String f : files) {
        String[] parts = f.split("/");
        if (parts.length < 2) {
          continue;
        }
        String name = parts[1].endsWith(".json") && parts.length == 2 ? parts[1].substring(0, parts[1].length() - 5) : parts[1];
        switch (parts[0]) {
          case "users" -> {
            if (parts.length == 2) {
              String path = tenant == null || !tenant.users().containsKey(name) ? "/" : tenant.users().get(name).path();
              out.add(arns.user(tenantId, path, name));
            }
          }
          case "groups" -> {
            if (parts.length == 2) {
              String path = tenant == null || !tenant.groups().containsKey(name) ? "/" : tenant.groups().get(name).path();
              out.add(arns.group(tenantId, path, name));
            }
          }
          case "roles" -> {
            if (parts.length == 2) {
              String path = tenant == null || !tenant.roles().containsKey(name) ? "/" : tenant.roles().get(name).path();
              out.add(arns.role(tenantId, path, name));
            }
          }
          case "policies" -> {
            String arn = tenant == null ? null : tenant.policies().values().stream().filter(p -> p.name().equals(name))
                .map(io.iam4j.directory.ManagedPolicy::arn).findFirst().orElse(null);
            out.add(arn != null ? arn : arns.policy(tenantId, "/", name));
          }
          default -> {
            // inline/, trust/, guardrails/: documents referenced by the files above, named by their file.
          }
        }
      }
      return new ArrayList<>(out);
    }
  }

  /**
   * A request that a draft policy version in shadow would answer differently from the live (default)
   * version. The live answer was the one returned; this records what promoting the draft would
   * change. Requests the draft answers the same way are only counted (metrics), not recorded.
   *
   * @param policy the managed policy's ARN
   * @param version the version in shadow
   * @param liveVersion the default version that decided
   * @param result {@code newly_allowed} (live denied, the draft allows) or {@code newly_denied}
   * @param live the live decision; {@code liveStatements} the statements behind it
   * @param shadow what the draft decides; {@code shadowStatements} the statements behind it
   * @param configVersion the tenant's configuration version that decided
   */
  record ShadowDecisionEvent(Instant time, String tenant, String principal, String action, String resource, String resourceAccount,
      String policy, String version, String liveVersion, String result, Outcome live, List<StatementRef> liveStatements,
      Outcome shadow, List<StatementRef> shadowStatements, long configVersion) implements AuditEvent {
    public ShadowDecisionEvent {
      liveStatements = List.copyOf(liveStatements);
      shadowStatements = List.copyOf(shadowStatements);
    }
  }

  /**
   * A sign-in event: a refused sign-in (wrong credentials or MFA code, a lock, a refused token), a
   * browser session started, ended by a credential change or its lifetime, or logged out. Successful
   * stateless sign-ins (BASIC, bearer) are not recorded one by one: the decisions of their requests are.
   *
   * @param method {@code basic}, {@code form}, {@code bearer} or {@code session} (a session cookie)
   * @param outcome {@code SUCCESS}, {@code FAILURE}, {@code THROTTLED}, {@code SESSION_ENDED} or {@code LOGOUT}
   * @param tenant the tenant the caller name names (as given; it may not exist), or null
   * @param principal the caller name as given ({@code user@tenant}, a role session's name); never a secret
   * @param reason why, for anything but a success; never a password, code or token
   * @param sourceIp the request's address, or null
   * @param retryAfterSeconds for a lock ({@code THROTTLED}, or the failure that started it): how long it lasts
   */
  record SignInEvent(Instant time, String requestId, String method, String outcome, String tenant, String principal,
      String reason, String sourceIp, long retryAfterSeconds) implements AuditEvent {
    /** Caller-supplied names are cut to this length before they reach the trail. */
    public static final int MAX_NAME_LENGTH = 256;

    public SignInEvent {
      tenant = cut(tenant);
      principal = cut(principal);
    }

    private static String cut(String s) {
      return s == null || s.length() <= MAX_NAME_LENGTH ? s : s.substring(0, MAX_NAME_LENGTH) + "...";
    }
  }
}
