package io.iam4j.shadow;

/**
 * One draft in shadow: a version of a tenant's managed policy, evaluated beside the policy's default
 * (live) version.
 *
 * @param policy the managed policy's ARN
 * @param version the version in shadow ({@code v3})
 * @param liveVersion the default version it is compared with
 */
public record ShadowKey(String tenant, String policy, String version, String liveVersion) {}
