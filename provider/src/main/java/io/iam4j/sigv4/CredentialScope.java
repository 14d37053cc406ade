package io.iam4j.sigv4;

/**
 * The credential scope of a verified request ({@code date/region/service/aws4_request}).
 *
 * @param date {@code yyyyMMdd}, equal to the date of {@code X-Amz-Date}
 * @param region as signed: a region name, or {@code aws-global} (SDK v2 with {@code Region.AWS_GLOBAL})
 * @param service as signed, e.g. {@code sts}, {@code iam}
 */
public record CredentialScope(String date, String region, String service) {
  /** {@code date/region/service/aws4_request}, as in the string to sign. */
  public String value() {
    return date + '/' + region + '/' + service + "/aws4_request";
  }
}
