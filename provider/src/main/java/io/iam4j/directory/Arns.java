package io.iam4j.directory;

import java.util.regex.Pattern;

/**
 * The ARNs of a partition: {@code arn:PARTITION:iam::TENANT:user/PATH/NAME}, {@code group/},
 * {@code role/}, {@code policy/}, {@code root}, and {@code arn:PARTITION:sts::TENANT:assumed-role/ROLE/SESSION}.
 * Provider-managed policies live in the pseudo-tenant {@value #PROVIDER_ACCOUNT}. Immutable.
 */
public record Arns(String partition) {
  /** The account field of the policies shipped in the provider jar (AWS uses {@code aws}). */
  public static final String PROVIDER_ACCOUNT = "iam4j";
  // Declared before DEFAULT: static fields initialize in order.
  private static final Pattern PARTITION = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  public static final Arns DEFAULT = new Arns("iam4j");

  public Arns {
    if (!PARTITION.matcher(partition).matches()) {
      throw new IllegalArgumentException("Invalid partition \"" + partition + "\": lower-case letters, digits and dashes");
    }
  }

  public String user(String tenant, String path, String name) {
    return iam(tenant, "user" + path + name);
  }

  public String group(String tenant, String path, String name) {
    return iam(tenant, "group" + path + name);
  }

  public String role(String tenant, String path, String name) {
    return iam(tenant, "role" + path + name);
  }

  public String policy(String tenant, String path, String name) {
    return iam(tenant, "policy" + path + name);
  }

  public String providerPolicy(String name) {
    return iam(PROVIDER_ACCOUNT, "policy/" + name);
  }

  /** An OpenID Connect provider registered with a tenant: {@code oidc-provider/HOST/PATH}, as in IAM. */
  public String oidcProvider(String tenant, String name) {
    return iam(tenant, "oidc-provider/" + name);
  }

  public String root(String tenant) {
    return iam(tenant, "root");
  }

  /** The virtual MFA device of a user: {@code arn:PARTITION:iam::TENANT:mfa/USER}, its {@code SerialNumber}. */
  public String mfa(String tenant, String user) {
    return iam(tenant, "mfa/" + user);
  }

  public String assumedRole(String tenant, String role, String session) {
    return "arn:" + partition + ":sts::" + tenant + ":assumed-role/" + role + "/" + session;
  }

  private String iam(String tenant, String resource) {
    return "arn:" + partition + ":iam::" + tenant + ":" + resource;
  }
}
