package io.iam4j.directory;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A long-term access key of an IAM user, as the user's file stores it: the id callers sign with,
 * whether it may be used, when it was made, and its secret sealed with the server key (never the
 * secret itself; see {@code io.iam4j.crypto.AccessKeySecrets}). Immutable; {@link #toString()}
 * never shows the sealed secret.
 *
 * @param id {@code AKIA} and 16 characters of {@code A-Z2-7}, as AWS's ids (unique across tenants)
 * @param user the name of the user owning the key
 * @param status whether a request signed with the key may authenticate
 * @param created when the key was made (AWS's {@code CreateDate})
 * @param sealedSecret the secret access key, sealed for this tenant, user and key id
 */
public record AccessKey(String id, String user, Status status, Instant created, String sealedSecret) {
  /** IAM's quota AccessKeysPerUser. */
  public static final int MAX_PER_USER = 2;
  /** What an access key id looks like (AWS: the prefix AKIA, then 16 base-32 characters). */
  public static final Pattern ID = Pattern.compile("AKIA[A-Z2-7]{16}");

  /** IAM's two statuses: only an {@code Active} key authenticates requests. */
  public enum Status {
    Active,
    Inactive
  }

  public AccessKey {
    if (id == null || user == null || status == null || created == null || sealedSecret == null) {
      throw new IllegalArgumentException("An access key has an id, a user, a status, a creation date and a sealed secret");
    }
  }

  public boolean active() {
    return status == Status.Active;
  }

  public AccessKey withStatus(Status s) {
    return new AccessKey(id, user, s, created, sealedSecret);
  }

  @Override
  public String toString() {
    return "AccessKey[" + id + ", user=" + user + ", " + status + ", created=" + created + ", secret=****]";
  }
}
