package io.iam4j.bench;

/**
 * One authorization question, in terms every engine under test can be given: who (a user of a
 * tenant), what (an IAM-style {@code service:Action}), on what (a resource ARN), and the three facts
 * the scenario's conditions read (the caller's {@code team} tag, its source IP and whether it signed
 * in with MFA). Each {@link Engine} turns it into its own request on every call, as a server would.
 * Immutable.
 *
 * @param kind which of the scenario's three requests this is; also the JMH parameter value
 * @param expectedAllow the decision every engine must give, checked before anything is measured
 */
public record Request(Kind kind, String account, String user, String action, String resource, String team, String sourceIp,
    boolean mfa, boolean expectedAllow) {

  /** The scenario's three requests. */
  public enum Kind {
    /** Allowed by the statement at 80 % of the policies (the 40th of 50, the 400th of 500). */
    allow,
    /** Denied by the one explicit {@code Deny} (at 50 %), although an earlier statement allows it. */
    explicitDeny,
    /** Denied because nothing allows it, although its service matches a third of the statements. */
    implicitDeny
  }

  /** The caller's IAM user ARN. */
  public String userArn() {
    return "arn:aws:iam::" + account + ":user/" + user;
  }
}
