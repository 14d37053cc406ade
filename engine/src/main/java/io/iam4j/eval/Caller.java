package io.iam4j.eval;

import io.iam4j.IamException;
import io.iam4j.policy.ArnSplitter;
import java.util.List;

/**
 * Who makes a request, in the forms IAM distinguishes. Immutable.
 *
 * <p>The AWS-kind callers ({@link User}, {@link RoleSession}, {@link FederatedUser}, {@link Root})
 * belong to a tenant (the account field of their ARN); services, identity providers and anonymous
 * callers belong to none and are decided by the resource's policy alone.
 */
public sealed interface Caller {

  /** The tenant (account) this caller belongs to, or null. */
  default String account() {
    return null;
  }

  /** The caller's ARN or name as it appears in messages ({@code "anonymous"} for nobody). */
  String display();

  /** An IAM user: {@code arn:P:iam::ACCOUNT:user/PATH/NAME}. */
  record User(String arn, String account, String name) implements Caller {
    @Override
    public String display() {
      return arn;
    }
  }

  /**
   * A session of an assumed role: {@code arn:P:sts::ACCOUNT:assumed-role/ROLE/SESSION}.
   *
   * @param roleArn the role's own ARN ({@code aws:PrincipalArn}); includes the role's path when known
   */
  record RoleSession(String arn, String account, String roleName, String sessionName, String roleArn) implements Caller {
    @Override
    public String display() {
      return arn;
    }
  }

  /**
   * A federated-user session from {@code GetFederationToken}: {@code arn:P:sts::ACCOUNT:federated-user/NAME}.
   *
   * @param issuerArn the IAM user who created the session, or null when unknown
   */
  record FederatedUser(String arn, String account, String name, String issuerArn) implements Caller {
    @Override
    public String display() {
      return arn;
    }
  }

  /** The tenant root user: {@code arn:P:iam::ACCOUNT:root}. Full access unless denied or outside the guardrails. */
  record Root(String arn, String account) implements Caller {
    @Override
    public String display() {
      return arn;
    }
  }

  /** A service principal such as {@code ec2.amazonaws.com}. */
  record Service(String name) implements Caller {
    @Override
    public String display() {
      return name;
    }
  }

  /** An identity provider's user (web identity or SAML), named by its provider. */
  record IdentityProvider(String provider) implements Caller {
    @Override
    public String display() {
      return provider;
    }
  }

  /** A caller with no credentials. */
  record Anonymous() implements Caller {
    @Override
    public String display() {
      return "anonymous";
    }
  }

  /**
   * Reads a caller as simulation cases and the directory name it.
   *
   * @param principal an ARN, service name or provider; null for anonymous
   * @param principalType {@code AWS} (or null), {@code Service} or {@code Federated}
   * @param issuer for a federated-user session, the issuing user's ARN (optional)
   * @throws IamException when an AWS principal is not a user, role-session, federated-user or root ARN
   */
  static Caller parse(String principal, String principalType, String issuer) {
    if (principal == null) {
      return new Anonymous();
    }
    String type = principalType == null ? "AWS" : principalType;
    switch (type) {
      case "Service":
        return new Service(principal);
      case "Federated":
        return new IdentityProvider(principal);
      case "AWS":
        break;
      default:
        throw new IamException("Unknown principal type \"" + principalType + "\": expected AWS, Service or Federated");
    }
    List<String> parts = ArnSplitter.split(principal, false);
    if (parts.size() != 6 || !parts.get(0).equals("arn")) {
      throw new IamException("Not a principal ARN: \"" + principal + "\"");
    }
    String partition = parts.get(1);
    String service = parts.get(2);
    String account = parts.get(4);
    String res = parts.get(5);
    if (service.equals("iam") && res.equals("root")) {
      return new Root(principal, account);
    }
    if (service.equals("iam") && res.startsWith("user/")) {
      return new User(principal, account, res.substring(res.lastIndexOf('/') + 1));
    }
    if (service.equals("sts") && res.startsWith("assumed-role/")) {
      String[] rs = res.split("/", -1);
      if (rs.length == 3) {
        return new RoleSession(principal, account, rs[1], rs[2], "arn:" + partition + ":iam::" + account + ":role/" + rs[1]);
      }
    }
    if (service.equals("sts") && res.startsWith("federated-user/")) {
      return new FederatedUser(principal, account, res.substring("federated-user/".length()), issuer);
    }
    throw new IamException("Not a user, assumed-role, federated-user or root ARN: \"" + principal + "\"");
  }
}
