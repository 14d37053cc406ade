package io.iam4j.generate;

import java.util.Objects;

/**
 * One request the trail shows was allowed: the source of a generated policy.
 *
 * @param principal the caller's ARN as the trail records it (a user, or a role session
 *     {@code arn:P:sts::TENANT:assumed-role/ROLE/SESSION})
 * @param action {@code service:Action} as asked for
 * @param resource the resource ARN; {@code "*"} (or null) for a request on no particular resource
 * @param resourceAccount the tenant owning the resource when the request named one, or null
 */
public record Activity(String principal, String action, String resource, String resourceAccount) {
  public Activity {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(action, "action");
    resource = resource == null || resource.isEmpty() ? "*" : resource;
  }
}
