package io.iam4j.sample;

import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.IamSecured;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A CDI service decided by IAM itself (not through a REST annotation): whoever calls it, from
 * whatever endpoint, needs {@code docs:GetObject} on each report it reads.
 */
@ApplicationScoped
@IamSecured
public class ReportService {
  @Inject DocStore store;

  /** Sizes of the reports of one quarter's folder, e.g. {@code 2026}. */
  @IamAction(value = "docs:GetObject", resource = "arn:iam4j:docs::${owner}:bucket/reports/${year}/*", resourceAccount = "${owner}",
      resourceType = "object")
  public Map<String, Integer> summary(String owner, String year) {
    Map<String, Integer> out = new java.util.TreeMap<>();
    store.bucket(owner, "reports").ifPresent(b -> b.objects.subMap(year + "/", year + "/\uffff")
        .forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8).length())));
    return out;
  }
}
