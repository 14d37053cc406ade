package io.iam4j.iamapi;

import io.iam4j.directory.Group;
import io.iam4j.directory.InlinePolicy;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.sts.QueryRequest;
import java.util.List;

/**
 * A user, group or role named by a request ({@code UserName}, {@code GroupName}, {@code
 * RoleName}): what policies are attached to it and in which file it lives. The operations on
 * policies of all three kinds are the same but for these.
 *
 * @param kind which of the three
 * @param name the entity's name
 * @param arn its ARN (path "/" when it does not exist: the ARN a policy sees for it)
 * @param managedPolicies attached managed policies; empty when it does not exist
 * @param inlinePolicies inline policies; empty when it does not exist
 * @param boundary its permissions boundary, or null (groups have none)
 * @param exists whether the entity exists
 */
record Entity(Kind kind, String name, String arn, List<String> managedPolicies, List<InlinePolicy> inlinePolicies, String boundary,
    boolean exists) {

  enum Kind {
    USER("User", "users/", "UserName"),
    GROUP("Group", "groups/", "GroupName"),
    ROLE("Role", "roles/", "RoleName");

    final String word;
    final String dir;
    final String param;

    Kind(String word, String dir, String param) {
      this.word = word;
      this.dir = dir;
      this.param = param;
    }
  }

  /** The file holding the entity. */
  String file() {
    return kind.dir + name + ".json";
  }

  /** The entity a request names, existing or not (authorization comes before existence, as in IAM). */
  static Entity of(Kind kind, QueryRequest q, IamCall call) {
    String name = kind == Kind.GROUP ? ApiSupport.name(q, kind.param, ApiSupport.LONG_NAME, 128)
        : ApiSupport.name(q, kind.param, ApiSupport.NAME, 64);
    Tenant t = call.tenant();
    return switch (kind) {
      case USER -> {
        User u = t.users().get(name);
        yield new Entity(kind, name, ApiSupport.userArn(call, name), u == null ? List.of() : u.managedPolicies(),
            u == null ? List.of() : u.inlinePolicies(), u == null ? null : u.permissionsBoundary(), u != null);
      }
      case GROUP -> {
        Group g = t.groups().get(name);
        yield new Entity(kind, name, ApiSupport.groupArn(call, name), g == null ? List.of() : g.managedPolicies(),
            g == null ? List.of() : g.inlinePolicies(), null, g != null);
      }
      case ROLE -> {
        Role r = t.roles().get(name);
        yield new Entity(kind, name, ApiSupport.roleArn(call, name), r == null ? List.of() : r.managedPolicies(),
            r == null ? List.of() : r.inlinePolicies(), r == null ? null : r.permissionsBoundary(), r != null);
      }
    };
  }

  /** Refuses an entity that does not exist, with IAM's sentence. */
  Entity existing() {
    if (!exists) {
      throw IamErrors.noSuchEntity("The " + kind.word.toLowerCase(java.util.Locale.ROOT) + " with name " + name + " cannot be found.");
    }
    return this;
  }
}
