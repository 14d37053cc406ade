package io.iam4j.sts;

import io.iam4j.directory.Directory;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.eval.RequestContext;
import io.iam4j.mapping.Mapping;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyException;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The IAM identity of temporary credentials in the directory serving now, or why they no longer
 * have one. A role session ends when its role is deleted or re-created (another id, or a deletion
 * seen after the session began), when the role's sessions were revoked after it began ({@code
 * sessionsValidAfter}, AWS's "Revoke active sessions") or when it outlives the role's maximum
 * session duration; a user's session ends when the user is deleted or re-created. Stateless.
 *
 * <p>A role session's identity is the role's policies plus the session policies passed to {@code
 * AssumeRole} (so it can do only what both allow), and every request of the session carries
 * {@code aws:PrincipalTag/*} from the session tags (overriding the role's tags of the same key),
 * {@code aws:SourceIdentity}, and the keys of web identity federation.
 */
public final class StsSessions {
  private static final PolicyParser PARSER = PolicyParser.standard();

  private StsSessions() {}

  /**
   * @param deletedAt when the directory last saw a role deleted ({@code tenant, role}), if it did
   */
  public static Mapping identity(Directory d, StsSession s, BiFunction<String, String, Optional<Instant>> deletedAt) {
    Optional<Tenant> tenant = d.tenant(s.tenant());
    if (tenant.isEmpty()) {
      return new Mapping.Refused("the tenant " + s.tenant() + " of the session no longer exists");
    }
    Tenant t = tenant.get();
    if (s.kind() == StsSession.Kind.USER) {
      if (s.principal().equals("root") && s.principalId().equals(t.id())) {
        return t.rootEnabled() ? new Mapping.Mapped(d.root(t)) : new Mapping.Refused("the root user of tenant " + t.id() + " is not enabled");
      }
      User u = t.users().get(s.principal());
      if (u == null || !u.id().equals(s.principalId())) {
        return new Mapping.Refused("the user " + s.principal() + " of the session no longer exists");
      }
      return new Mapping.Mapped(d.user(t, u), "sts session");
    }
    Role role = t.roles().get(s.principal());
    if (role == null) {
      return new Mapping.Refused("the role " + s.principal() + " of the session no longer exists");
    }
    if (!role.id().equals(s.principalId())) {
      return new Mapping.Refused("the role " + s.principal() + " was deleted and re-created (its id changed)");
    }
    if (deletedAt.apply(t.id(), role.name()).filter(at -> !s.issuedAt().isAfter(at)).isPresent()) {
      return new Mapping.Refused("the role " + s.principal() + " was deleted after the session began");
    }
    if (role.sessionsValidAfter() != null && s.issuedAt().isBefore(role.sessionsValidAfter())) {
      return new Mapping.Refused("the sessions of role " + role.name() + " issued before " + role.sessionsValidAfter() + " were revoked");
    }
    if (Duration.between(s.issuedAt(), s.expires()).getSeconds() > role.maxSessionDurationSeconds()) {
      return new Mapping.Refused("the session outlives the role's maximum session duration");
    }
    String sessionArn = d.arns().assumedRole(t.id(), role.name(), s.sessionName());
    List<Policy> policies = new ArrayList<>();
    if (s.policy() != null) {
      try {
        policies.add(PARSER.parse(s.policy(), PolicyType.SESSION, "Policy").withName(sessionArn + "#session-policy"));
      } catch (PolicyException e) {
        return new Mapping.Refused("the session policy no longer parses: " + e.getMessage());
      }
    }
    for (String arn : s.policyArns()) {
      Optional<Policy> p = d.sessionPolicy(t, arn);
      if (p.isEmpty()) {
        // A session policy that is gone must not widen the session: without it the intersection would be larger.
        return new Mapping.Refused("the session policy " + arn + " no longer exists");
      }
      policies.add(p.get());
    }
    RequestContext.Builder keys = RequestContext.builder();
    s.tags().forEach((k, v) -> keys.put("aws:PrincipalTag/" + k, v));
    if (s.sourceIdentity() != null) {
      keys.put("aws:SourceIdentity", s.sourceIdentity());
    }
    s.keys().forEach((k, v) -> {
      if (v.size() == 1) {
        keys.put(k, v.get(0));
      } else {
        keys.putSet(k, v);
      }
    });
    return new Mapping.Mapped(d.roleSession(t, role, s.sessionName(), policies, keys.build()));
  }
}
