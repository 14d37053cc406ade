package io.iam4j.directory;

/**
 * An access key with the tenant and user owning it, as {@link Directory#accessKey(String)} finds
 * it: what a signed request's key id resolves to. The tenant is the snapshot's, so the user's
 * policies are those in force with this key.
 */
public record OwnedAccessKey(Tenant tenant, User user, AccessKey key) {
  /** Whether the key may authenticate a request now (IAM: status {@code Active}). */
  public boolean active() {
    return key.active();
  }
}
