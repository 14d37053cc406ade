package io.iam4j.bench;

import java.util.List;

/**
 * The permissions of one user and the requests asked about them, independent of any engine: a user
 * of one tenant in three groups, ten policies (two attached to the user, eight to its groups)
 * holding {@link #size()} statements in all, and the three requests of {@link Request.Kind}. Built
 * by {@link ScenarioFactory}; every adapter translates exactly these statements. Immutable.
 *
 * @param account the tenant (the account field of the ARNs)
 * @param team the value of the user's {@code team} tag
 */
public record Scenario(int size, String account, String user, String team, List<String> groups, List<PolicyDoc> policies,
    List<Request> requests) {

  public Scenario {
    groups = List.copyOf(groups);
    policies = List.copyOf(policies);
    requests = List.copyOf(requests);
  }

  /** The request of a kind. */
  public Request request(Request.Kind kind) {
    return requests.stream().filter(r -> r.kind() == kind).findFirst().orElseThrow();
  }

  /** The request named as in the JMH parameter ({@code allow}, {@code explicitDeny}, {@code implicitDeny}). */
  public Request request(String kind) {
    return request(Request.Kind.valueOf(kind));
  }

  /**
   * One policy document.
   *
   * @param attachedTo the user's name, or the name of one of its groups
   * @param toGroup whether {@code attachedTo} is a group
   */
  public record PolicyDoc(String name, String attachedTo, boolean toGroup, List<Stmt> statements) {
    public PolicyDoc {
      statements = List.copyOf(statements);
    }
  }

  /**
   * One IAM statement. Actions and resources may hold {@code *} wildcards (never {@code ?}, which
   * Cedar's {@code like} lacks); a resource wildcard stays within the ARN's resource part.
   *
   * @param index the statement's position among all statements of the scenario (0-based)
   * @param team when not null, {@code StringEquals aws:PrincipalTag/team} this value
   * @param cidr when not null, {@code IpAddress aws:SourceIp} this range
   * @param mfa when true, {@code Bool aws:MultiFactorAuthPresent "true"}
   */
  public record Stmt(int index, boolean deny, List<String> actions, List<String> resources, String team, String cidr, boolean mfa) {
    public Stmt {
      actions = List.copyOf(actions);
      resources = List.copyOf(resources);
    }

    /** The statement's {@code Sid}. */
    public String sid() {
      return "S" + index;
    }

    boolean hasCondition() {
      return team != null || cidr != null || mfa;
    }
  }
}
