package io.iam4j.jakarta.runtime;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * iam4j's AWS wire protocols: STS and the IAM API on the AWS Query protocol, and Signature Version
 * 4 authentication of any request.
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>iam4j.sts.enabled</td><td>false</td><td>serve STS and the IAM API (Query protocol)</td></tr>
 *   <tr><td>iam4j.sts.path</td><td>/sts</td><td>where STS is served; Query requests posted to {@code /} are
 *       served too, routed by {@code Version} (the AWS SDK for Java v2 drops an endpoint's path)</td></tr>
 *   <tr><td>iam4j.iam.path</td><td>/iam</td><td>where the IAM API is served</td></tr>
 *   <tr><td>iam4j.sigv4.enabled</td><td>true</td><td>authenticate requests signed with AWS Signature Version 4</td></tr>
 *   <tr><td>iam4j.sigv4.services</td><td>execute-api</td><td>the credential-scope service names the application's own
 *       endpoints accept (comma-separated); STS requests must be scoped {@code sts}, IAM requests {@code iam}</td></tr>
 *   <tr><td>iam4j.sigv4.regions</td><td>us-east-1,aws-global</td><td>accepted credential-scope regions; {@code *}: any</td></tr>
 *   <tr><td>iam4j.sigv4.max-body-bytes</td><td>1048576</td><td>the largest body of a signed request (it is read to
 *       check the signature); larger ones are refused with 413</td></tr>
 * </table>
 */
public record AwsSettings(boolean stsEnabled, String stsPath, String iamPath, boolean sigv4Enabled, Set<String> services,
    Set<String> regions, int maxBodyBytes) {

  public static AwsSettings fromConfig() {
    return new AwsSettings(
        Iam4jSettings.value("iam4j.sts.enabled").map(Boolean::parseBoolean).orElse(false),
        path(Iam4jSettings.value("iam4j.sts.path").orElse("/sts")),
        path(Iam4jSettings.value("iam4j.iam.path").orElse("/iam")),
        Iam4jSettings.value("iam4j.sigv4.enabled").map(Boolean::parseBoolean).orElse(true),
        list(Iam4jSettings.value("iam4j.sigv4.services").orElse("execute-api")),
        regions(Iam4jSettings.value("iam4j.sigv4.regions").orElse("us-east-1,aws-global")),
        Iam4jSettings.value("iam4j.sigv4.max-body-bytes").map(Integer::parseInt).orElse(1 << 20));
  }

  private static String path(String p) {
    if (!p.startsWith("/") || p.length() < 2 || p.endsWith("/")) {
      throw new io.iam4j.IamException("An STS or IAM path is like /sts: it starts with / and does not end with one; found \"" + p + "\"");
    }
    return p;
  }

  private static Set<String> list(String csv) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : csv.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return Set.copyOf(out);
  }

  private static Set<String> regions(String csv) {
    return csv.trim().equals("*") ? Set.of() : list(csv);
  }
}
