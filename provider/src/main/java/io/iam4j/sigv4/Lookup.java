package io.iam4j.sigv4;

import java.util.Objects;

/** The answer of a {@link SecretLookup}. */
public sealed interface Lookup<T> {

  /**
   * The key exists and may sign now.
   *
   * @param secretAccessKey the secret the request must be signed with (never logged)
   * @param subject what the verifier hands back in {@link SigV4Result.Verified}
   */
  record Found<T>(String secretAccessKey, T subject) implements Lookup<T> {
    public Found {
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
      return "Found[secretAccessKey=<hidden>, subject=" + subject + "]";
    }
  }

  /** The key or session may not sign: answered to the client as is. */
  record Refused<T>(SigV4Error error, String message) implements Lookup<T> {
    public Refused {
      Objects.requireNonNull(error, "error");
    }
  }
}
