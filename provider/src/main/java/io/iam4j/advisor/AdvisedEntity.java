package io.iam4j.advisor;

import io.iam4j.directory.Arns;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Group;
import io.iam4j.directory.InlinePolicy;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A user, role, group or managed policy of a tenant, named by its ARN, with its permissions policies
 * (named as the evaluator names them, so that the statements the advisor recorded point into them)
 * and, for a group, its members.
 *
 * @param policies the permissions policies: a user's own and its groups', a role's, a group's, or
 *     the policy itself (its default version). Boundaries are not permissions policies: access
 *     advisor "only applies permissions policy logic".
 * @param members a group's users, by ARN; empty otherwise
 */
public record AdvisedEntity(Kind kind, String arn, String name, List<Policy> policies, List<String> members) {
  public enum Kind {
    USER("USER"), ROLE("ROLE"), GROUP("GROUP"), POLICY("POLICY");

    /** IAM's {@code EntityType} value. */
    public final String entityType;

    Kind(String entityType) {
      this.entityType = entityType;
    }
  }

  public AdvisedEntity {
    policies = List.copyOf(policies);
    members = List.copyOf(members);
  }

  /** The entity of {@code tenant} with that ARN, or empty when none has it. */
  public static Optional<AdvisedEntity> resolve(Directory d, Tenant t, String arn) {
    Arns arns = d.arns();
    for (User u : t.users().values()) {
      if (arns.user(t.id(), u.path(), u.name()).equals(arn)) {
        return Optional.of(user(d, t, u));
      }
    }
    for (Role r : t.roles().values()) {
      String roleArn = arns.role(t.id(), r.path(), r.name());
      if (roleArn.equals(arn)) {
        List<Policy> ps = new ArrayList<>();
        add(d, t, ps, r.managedPolicies(), r.inlinePolicies(), roleArn);
        return Optional.of(new AdvisedEntity(Kind.ROLE, arn, r.name(), ps, List.of()));
      }
    }
    for (Group g : t.groups().values()) {
      String groupArn = arns.group(t.id(), g.path(), g.name());
      if (groupArn.equals(arn)) {
        List<Policy> ps = new ArrayList<>();
        add(d, t, ps, g.managedPolicies(), g.inlinePolicies(), groupArn);
        List<String> members = t.users().values().stream().filter(u -> u.groups().contains(g.name()))
            .map(u -> arns.user(t.id(), u.path(), u.name())).toList();
        return Optional.of(new AdvisedEntity(Kind.GROUP, arn, g.name(), ps, members));
      }
    }
    return d.managedPolicy(t, arn).map(mp -> new AdvisedEntity(Kind.POLICY, arn, mp.name(), List.of(mp.document().withName(arn)), List.of()));
  }

  /** A user with its own and its groups' permissions policies. */
  public static AdvisedEntity user(Directory d, Tenant t, User u) {
    String userArn = d.arns().user(t.id(), u.path(), u.name());
    List<Policy> ps = new ArrayList<>();
    add(d, t, ps, u.managedPolicies(), u.inlinePolicies(), userArn);
    for (String gName : u.groups()) {
      Group g = t.groups().get(gName);
      if (g != null) {
        add(d, t, ps, g.managedPolicies(), g.inlinePolicies(), d.arns().group(t.id(), g.path(), g.name()));
      }
    }
    return new AdvisedEntity(Kind.USER, userArn, u.name(), ps, List.of());
  }

  /** A role with its permissions policies. */
  public static AdvisedEntity role(Directory d, Tenant t, Role r) {
    String roleArn = d.arns().role(t.id(), r.path(), r.name());
    List<Policy> ps = new ArrayList<>();
    add(d, t, ps, r.managedPolicies(), r.inlinePolicies(), roleArn);
    return new AdvisedEntity(Kind.ROLE, roleArn, r.name(), ps, List.of());
  }

  /** As {@link Directory} names them for the evaluator: inline {@code OWNER_ARN#NAME}, managed by ARN. */
  private static void add(Directory d, Tenant t, List<Policy> out, List<String> managed, List<InlinePolicy> inline, String owner) {
    for (InlinePolicy p : inline) {
      out.add(p.policy().withName(owner + "#" + p.name()));
    }
    for (String arn : managed) {
      Optional<ManagedPolicy> mp = d.managedPolicy(t, arn);
      mp.ifPresent(m -> out.add(m.document().withName(arn)));
    }
  }
}
