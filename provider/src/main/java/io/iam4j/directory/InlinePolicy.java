package io.iam4j.directory;

import io.iam4j.policy.Policy;

/** A policy embedded in one identity: it has no ARN and is removed with its identity. */
public record InlinePolicy(String name, Policy policy) {}
