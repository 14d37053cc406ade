package io.iam4j.mapping;

import io.iam4j.directory.Identity;

/** The outcome of mapping a container caller to IAM. */
public sealed interface Mapping {
  /** A principal of the directory (a user's groups include those granted through container groups). */
  record Mapped(Identity identity) implements Mapping {}

  /** No credentials, or an unknown caller mapped to anonymous by configuration. */
  record Anonymous(String tenant) implements Mapping {}

  /** Refused before any policy is read (unknown caller, unknown tenant); the reason is for the log. */
  record Refused(String reason) implements Mapping {}
}
