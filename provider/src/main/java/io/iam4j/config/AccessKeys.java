package io.iam4j.config;

import io.iam4j.IamException;
import io.iam4j.crypto.AccessKeySecrets;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.AccessKey;
import io.iam4j.directory.OwnedAccessKey;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonReader;
import io.iam4j.json.Location;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * IAM's access key operations on a tenant's configuration: CreateAccessKey, ListAccessKeys,
 * UpdateAccessKey, DeleteAccessKey. A key lives in its user's file ({@code users/NAME.json},
 * {@code "accessKeys"}), so every change is a {@link ConfigWriter} write: validated with the whole
 * tenant, atomic, versioned, and refused when the tenant moved on since the version the caller read
 * ({@link ConfigConflictException}). Errors are IAM's ({@link AccessKeyException}).
 *
 * <p>The secret is returned once, by {@link #create}; the file holds it sealed with the server key
 * for its tenant, user and key id ({@link AccessKeySecrets}). Thread-safe.
 */
public final class AccessKeys {
  private final ConfigStore store;
  private final ServerKey key;
  private final Clock clock;

  public AccessKeys(ConfigStore store, ServerKey key, Clock clock) {
    this.store = store;
    this.key = key;
    this.clock = clock;
  }

  /**
   * A key just made: the only time its secret is shown. {@link #toString()} masks the secret.
   *
   * @param version the tenant's version after the write
   */
  public record Created(String tenant, String userName, String accessKeyId, String secretAccessKey, AccessKey.Status status,
      Instant createDate, long version) {
    @Override
    public String toString() {
      return "Created[" + userName + "@" + tenant + ", " + accessKeyId + ", " + status + ", " + createDate + ", secret=****]";
    }
  }

  /** What ListAccessKeys answers for a key: never the secret. */
  public record Metadata(String userName, String accessKeyId, AccessKey.Status status, Instant createDate) {
    static Metadata of(AccessKey k) {
      return new Metadata(k.user(), k.id(), k.status(), k.created());
    }
  }

  /** What GetAccessKeyLastUsed answers: the owner and the last use ("N/A" when never used). */
  public record LastUsedAnswer(String userName, AccessKeyUsage.LastUsed accessKeyLastUsed) {}

  /** CreateAccessKey against the version serving now. */
  public Created create(String tenant, String user, String actor) {
    return create(tenant, user, tenant(tenant).version(), actor);
  }

  /**
   * CreateAccessKey: a new {@code Active} key with a random id and secret.
   *
   * @param expectedVersion the tenant version the caller read
   * @throws AccessKeyException {@code NoSuchEntity} when the user does not exist, {@code
   *     LimitExceeded} when it has {@link AccessKey#MAX_PER_USER} keys already
   * @throws ConfigConflictException when the tenant is no longer at {@code expectedVersion}
   */
  public Created create(String tenant, String user, long expectedVersion, String actor) {
    Tenant t = at(tenant, expectedVersion);
    User u = user(t, user);
    if (u.accessKeys().size() >= AccessKey.MAX_PER_USER) {
      throw AccessKeyException.limitExceeded();
    }
    String id = AccessKeySecrets.newKeyId();
    // 80 random bits: a clash with any key of any tenant is next to impossible, and refused anyway.
    while (store.directory().accessKey(id).isPresent()) {
      id = AccessKeySecrets.newKeyId();
    }
    String secret = AccessKeySecrets.newSecret();
    Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    AccessKey k = new AccessKey(id, user, AccessKey.Status.Active, created, AccessKeySecrets.seal(key, tenant, user, id, secret));
    List<AccessKey> keys = new ArrayList<>(u.accessKeys());
    keys.add(k);
    Tenant after = writeKeys(t, user, keys, actor + ": CreateAccessKey " + id);
    return new Created(tenant, user, id, secret, k.status(), created, after.version());
  }

  /**
   * ListAccessKeys: the user's keys without secrets, in file order.
   *
   * @throws AccessKeyException {@code NoSuchEntity} when the user does not exist
   */
  public List<Metadata> list(String tenant, String user) {
    return user(tenant(tenant), user).accessKeys().stream().map(Metadata::of).toList();
  }

  /** UpdateAccessKey against the version serving now. */
  public Tenant updateStatus(String tenant, String user, String keyId, AccessKey.Status status, String actor) {
    return updateStatus(tenant, user, keyId, status, tenant(tenant).version(), actor);
  }

  /**
   * UpdateAccessKey: makes a key {@code Active} or {@code Inactive}. Setting the status it has
   * already writes nothing.
   *
   * @return the tenant as now serving
   * @throws AccessKeyException {@code NoSuchEntity} when the user or its key does not exist
   * @throws ConfigConflictException when the tenant is no longer at {@code expectedVersion}
   */
  public Tenant updateStatus(String tenant, String user, String keyId, AccessKey.Status status, long expectedVersion, String actor) {
    Tenant t = at(tenant, expectedVersion);
    User u = user(t, user);
    List<AccessKey> keys = new ArrayList<>(u.accessKeys());
    int i = indexOf(keys, keyId);
    if (keys.get(i).status() == status) {
      return t;
    }
    keys.set(i, keys.get(i).withStatus(status));
    return writeKeys(t, user, keys, actor + ": UpdateAccessKey " + keyId + " " + status);
  }

  /** DeleteAccessKey against the version serving now. */
  public Tenant delete(String tenant, String user, String keyId, String actor) {
    return delete(tenant, user, keyId, tenant(tenant).version(), actor);
  }

  /**
   * DeleteAccessKey: removes the key for good; requests signed with it no longer authenticate once
   * the write is active.
   *
   * @throws AccessKeyException {@code NoSuchEntity} when the user or its key does not exist
   * @throws ConfigConflictException when the tenant is no longer at {@code expectedVersion}
   */
  public Tenant delete(String tenant, String user, String keyId, long expectedVersion, String actor) {
    Tenant t = at(tenant, expectedVersion);
    User u = user(t, user);
    List<AccessKey> keys = new ArrayList<>(u.accessKeys());
    keys.remove(indexOf(keys, keyId));
    return writeKeys(t, user, keys, actor + ": DeleteAccessKey " + keyId);
  }

  /**
   * GetAccessKeyLastUsed for a key of {@code tenant}.
   *
   * @throws AccessKeyException {@code NoSuchEntity} when no user of the tenant has the key
   */
  public LastUsedAnswer lastUsed(AccessKeyUsage usage, String tenant, String keyId) {
    OwnedAccessKey k = store.directory().accessKey(keyId).filter(o -> o.tenant().id().equals(tenant))
        .orElseThrow(() -> AccessKeyException.noSuchKey(keyId));
    return new LastUsedAnswer(k.user().name(), usage.lastUsed(keyId));
  }

  /**
   * The clear secret of a key found by {@link io.iam4j.directory.Directory#accessKey}, for verifying
   * a signature. Never log it.
   *
   * @throws IamException when the secret was not sealed by this server for this key (fail closed)
   */
  public static String secret(ServerKey key, OwnedAccessKey k) {
    return AccessKeySecrets.open(key, k.tenant().id(), k.user().name(), k.key().id(), k.key().sealedSecret());
  }

  private Tenant tenant(String tenant) {
    return store.directory().tenant(tenant).orElseThrow(() -> new AccessKeyException(AccessKeyException.NO_SUCH_ENTITY,
        "The tenant " + tenant + " cannot be found."));
  }

  private Tenant at(String tenant, long expectedVersion) {
    Tenant t = tenant(tenant);
    if (t.version() != expectedVersion) {
      throw new ConfigConflictException("Tenant " + tenant + " is at version " + t.version() + ", not " + expectedVersion
          + ": another change came first; read it and try again");
    }
    return t;
  }

  private static User user(Tenant t, String user) {
    User u = t.users().get(user);
    if (u == null) {
      throw AccessKeyException.noSuchUser(user);
    }
    return u;
  }

  private static int indexOf(List<AccessKey> keys, String keyId) {
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).id().equals(keyId)) {
        return i;
      }
    }
    throw AccessKeyException.noSuchKey(keyId);
  }

  /**
   * Rewrites the user's file with {@code keys} as its {@code accessKeys} (removed when empty),
   * every other member as it was, through the writer at the version {@code t} was read.
   */
  private Tenant writeKeys(Tenant t, String user, List<AccessKey> keys, String actor) {
    String path = "users/" + user + ".json";
    String file = "tenants/" + t.id() + "/" + path;
    String text = store.writer().snapshot(t.id()).files().get(path);
    if (text == null) {
      throw new IamException("Cannot read " + file + ": it is not in " + store.storage().describe());
    }
    if (!(JsonReader.read(text) instanceof JsonNode.ObjectNode o)) {
      throw new IamException(file + " is not a JSON object");
    }
    List<JsonNode.Member> members = new ArrayList<>();
    boolean placed = false;
    for (JsonNode.Member m : o.members()) {
      if (m.name().equals("accessKeys")) {
        if (!keys.isEmpty()) {
          members.add(member("accessKeys", array(keys)));
        }
        placed = true;
      } else {
        members.add(m);
      }
    }
    if (!placed && !keys.isEmpty()) {
      members.add(member("accessKeys", array(keys)));
    }
    String updated = JsonText.print(new JsonNode.ObjectNode("", Location.UNKNOWN, members));
    return store.writer().write(t.id(), t.version(), List.of(FileChange.put(path, updated)), actor);
  }

  private static JsonNode array(List<AccessKey> keys) {
    List<JsonNode> out = new ArrayList<>();
    for (AccessKey k : keys) {
      out.add(new JsonNode.ObjectNode("", Location.UNKNOWN, List.of(
          member("id", text(k.id())),
          member("status", text(k.status().name())),
          member("created", text(k.created().toString())),
          member("secret", text(k.sealedSecret())))));
    }
    return new JsonNode.ArrayNode("", Location.UNKNOWN, out);
  }

  private static JsonNode.Member member(String name, JsonNode value) {
    return new JsonNode.Member(name, Location.UNKNOWN, value);
  }

  private static JsonNode text(String s) {
    return new JsonNode.StringNode("", Location.UNKNOWN, s);
  }
}
