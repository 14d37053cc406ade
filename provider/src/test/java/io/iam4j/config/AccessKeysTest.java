package io.iam4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import io.iam4j.crypto.AccessKeySecrets;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.AccessKey;
import io.iam4j.directory.Directory;
import io.iam4j.directory.OwnedAccessKey;
import io.iam4j.directory.Tenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IAM's access key operations over a real configuration tree: CreateAccessKey (secret once, sealed
 * at rest, two per user), ListAccessKeys, UpdateAccessKey, DeleteAccessKey, their errors as IAM
 * names them, optimistic versions, and the lookup a signed request makes across tenants.
 */
class AccessKeysTest {
  static final Instant NOW = Instant.parse("2026-12-07T10:15:30.123456Z");

  @TempDir Path root;
  final ServerKey key = ServerKey.random();
  ConfigStore store;
  AccessKeys keys;

  Path put(String path, String content) throws IOException {
    Path p = root.resolve("tenants").resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  String read(String path) throws IOException {
    return Files.readString(root.resolve("tenants").resolve(path));
  }

  @BeforeEach
  void tree() throws IOException {
    put("acme/users/alice.json", "{\n  \"tags\": {\"team\": \"platform\"},\n  \"groups\": []\n}\n");
    put("acme/users/bob.json", "{}\n");
    put("globex/users/iris.json", "{}\n");
    open();
  }

  void open() {
    if (store != null) {
      store.close();
    }
    store = ConfigStore.open(ConfigStore.Settings.of(root).withServerKey(key));
    keys = new AccessKeys(store, key, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    store.close();
  }

  long version(String tenant) {
    return store.directory().tenant(tenant).orElseThrow().version();
  }

  @Test
  void create_returnsIdAndSecretOnce_fileHoldsOnlyTheSealedSecret_otherMembersKept() throws IOException {
    long before = version("acme");
    AccessKeys.Created c = keys.create("acme", "alice", before, "test");
    assertTrue(AccessKey.ID.matcher(c.accessKeyId()).matches(), c.accessKeyId());
    assertEquals(20, c.accessKeyId().length());
    assertTrue(c.secretAccessKey().matches("[A-Za-z0-9+/]{40}"), "AWS's secret shape");
    assertEquals(AccessKey.Status.Active, c.status(), "new keys are Active");
    assertEquals(Instant.parse("2026-12-07T10:15:30Z"), c.createDate());
    assertEquals(before + 1, c.version());
    assertEquals(c.version(), version("acme"));

    String file = read("acme/users/alice.json");
    assertFalse(file.contains(c.secretAccessKey()), "never the clear secret at rest");
    assertTrue(file.contains("\"id\": \"" + c.accessKeyId() + "\"") && file.contains("\"status\": \"Active\"")
        && file.contains("\"created\": \"2026-12-07T10:15:30Z\"") && file.contains("\"secret\": \"v2."), file);
    assertTrue(file.contains("\"team\": \"platform\""), "other members as they were: " + file);
    assertFalse(c.toString().contains(c.secretAccessKey()), c.toString());

    OwnedAccessKey owned = store.directory().accessKey(c.accessKeyId()).orElseThrow();
    assertEquals("acme", owned.tenant().id());
    assertEquals("alice", owned.user().name());
    assertTrue(owned.active());
    assertEquals(c.secretAccessKey(), AccessKeys.secret(key, owned), "the server opens it to verify signatures");
  }

  @Test
  void secretOpensOnlyForItsOwnKeyUserAndTenant() {
    AccessKeys.Created c = keys.create("acme", "alice", "test");
    String sealed = store.directory().accessKey(c.accessKeyId()).orElseThrow().key().sealedSecret();
    assertEquals(c.secretAccessKey(), AccessKeySecrets.open(key, "acme", "alice", c.accessKeyId(), sealed));
    assertThrows(IamException.class, () -> AccessKeySecrets.open(key, "acme", "bob", c.accessKeyId(), sealed));
    assertThrows(IamException.class, () -> AccessKeySecrets.open(key, "globex", "alice", c.accessKeyId(), sealed));
    assertThrows(IamException.class, () -> AccessKeySecrets.open(key, "acme", "alice", AccessKeySecrets.newKeyId(), sealed));
    assertThrows(IamException.class, () -> AccessKeySecrets.open(ServerKey.random(), "acme", "alice", c.accessKeyId(), sealed));
    // Another purpose: a TOTP seed or a message sealed for the same context does not pass as a secret.
    String other = key.seal("iam4j totp seed", "acme:alice:" + c.accessKeyId(), "x");
    assertThrows(IamException.class, () -> AccessKeySecrets.open(key, "acme", "alice", c.accessKeyId(), other));
  }

  @Test
  void secretCopiedIntoAnotherUsersFile_refusedOnReload_withTheFileAndPointer_previousVersionServes() throws IOException {
    AccessKeys.Created c = keys.create("acme", "alice", "test");
    String sealed = store.directory().accessKey(c.accessKeyId()).orElseThrow().key().sealedSecret();
    long v = version("acme");
    // Same secret under a new id for bob: the id is fresh, but the secret was sealed for alice's key.
    String forged = AccessKeySecrets.newKeyId();
    put("acme/users/bob.json", "{\"accessKeys\": [{\"id\": \"" + forged + "\", \"status\": \"Active\", "
        + "\"created\": \"2026-12-07T10:00:00Z\", \"secret\": \"" + sealed + "\"}]}");
    store.reload();
    List<ConfigProblem> ps = store.status().get("acme").lastProblems();
    assertEquals(1, ps.size(), ps.toString());
    assertEquals("tenants/acme/users/bob.json", ps.get(0).file());
    assertEquals("/accessKeys/0/secret", ps.get(0).pointer());
    assertEquals(v, version("acme"), "the good version keeps serving");
    assertTrue(store.directory().accessKey(forged).isEmpty());
  }

  @Test
  void createTwice_thenThird_limitExceededAsIam_nothingWritten() throws IOException {
    AccessKeys.Created a = keys.create("acme", "alice", "test");
    AccessKeys.Created b = keys.create("acme", "alice", "test");
    assertNotEquals(a.accessKeyId(), b.accessKeyId());
    assertNotEquals(a.secretAccessKey(), b.secretAccessKey());
    String file = read("acme/users/alice.json");
    long v = version("acme");
    AccessKeyException e = assertThrows(AccessKeyException.class, () -> keys.create("acme", "alice", "test"));
    assertEquals("LimitExceeded", e.code());
    assertEquals("Cannot exceed quota for AccessKeysPerUser: 2", e.getMessage());
    assertEquals(file, read("acme/users/alice.json"));
    assertEquals(v, version("acme"));
    assertEquals(List.of(a.accessKeyId(), b.accessKeyId()),
        keys.list("acme", "alice").stream().map(AccessKeys.Metadata::accessKeyId).toList());
    // The limit is per user: bob still gets his.
    keys.create("acme", "bob", "test");
  }

  @Test
  void list_metadataOnly() {
    AccessKeys.Created a = keys.create("acme", "alice", "test");
    List<AccessKeys.Metadata> list = keys.list("acme", "alice");
    assertEquals(List.of(new AccessKeys.Metadata("alice", a.accessKeyId(), AccessKey.Status.Active, a.createDate())), list);
    assertEquals(List.of(), keys.list("acme", "bob"));
    assertFalse(list.toString().contains(a.secretAccessKey()));
  }

  @Test
  void deactivate_thenActivate_statusInFileAndLookup_sameStatusWritesNothing() throws IOException {
    AccessKeys.Created c = keys.create("acme", "alice", "test");
    Tenant t = keys.updateStatus("acme", "alice", c.accessKeyId(), AccessKey.Status.Inactive, version("acme"), "test");
    assertEquals(AccessKey.Status.Inactive, store.directory().accessKey(c.accessKeyId()).orElseThrow().key().status());
    assertFalse(store.directory().accessKey(c.accessKeyId()).orElseThrow().active());
    assertTrue(read("acme/users/alice.json").contains("\"status\": \"Inactive\""));
    assertEquals(t.version(), keys.updateStatus("acme", "alice", c.accessKeyId(), AccessKey.Status.Inactive, "test").version());
    assertEquals(t.version(), version("acme"), "no write for the status it has");
    keys.updateStatus("acme", "alice", c.accessKeyId(), AccessKey.Status.Active, "test");
    assertTrue(store.directory().accessKey(c.accessKeyId()).orElseThrow().active());
    assertEquals(c.secretAccessKey(), AccessKeys.secret(key, store.directory().accessKey(c.accessKeyId()).orElseThrow()),
        "the secret is kept across status changes");
  }

  @Test
  void delete_keyGoneFromLookupAndFile_deleteAgainNoSuchEntity() throws IOException {
    AccessKeys.Created a = keys.create("acme", "alice", "test");
    AccessKeys.Created b = keys.create("acme", "alice", "test");
    keys.delete("acme", "alice", a.accessKeyId(), version("acme"), "test");
    assertTrue(store.directory().accessKey(a.accessKeyId()).isEmpty());
    assertTrue(store.directory().accessKey(b.accessKeyId()).isPresent());
    assertFalse(read("acme/users/alice.json").contains(a.accessKeyId()));
    AccessKeyException e = assertThrows(AccessKeyException.class, () -> keys.delete("acme", "alice", a.accessKeyId(), "test"));
    assertEquals("NoSuchEntity", e.code());
    assertEquals("The Access Key with id " + a.accessKeyId() + " cannot be found.", e.getMessage());
    keys.delete("acme", "alice", b.accessKeyId(), "test");
    assertFalse(read("acme/users/alice.json").contains("accessKeys"), "no empty array left behind");
    assertTrue(read("acme/users/alice.json").contains("\"team\": \"platform\""));
    // A third key can be made once one is deleted.
    keys.create("acme", "alice", "test");
  }

  @Test
  void noSuchUser_orKeyOfAnotherUser_noSuchEntity() {
    AccessKeyException e = assertThrows(AccessKeyException.class, () -> keys.create("acme", "nobody", "test"));
    assertEquals("NoSuchEntity", e.code());
    assertEquals("The user with name nobody cannot be found.", e.getMessage());
    assertEquals("NoSuchEntity", assertThrows(AccessKeyException.class, () -> keys.list("acme", "nobody")).code());
    AccessKeys.Created c = keys.create("acme", "alice", "test");
    AccessKeyException other = assertThrows(AccessKeyException.class,
        () -> keys.updateStatus("acme", "bob", c.accessKeyId(), AccessKey.Status.Inactive, "test"));
    assertEquals("NoSuchEntity", other.code());
    assertEquals("NoSuchEntity", assertThrows(AccessKeyException.class, () -> keys.delete("globex", "iris", c.accessKeyId(), "test")).code());
    assertEquals("NoSuchEntity", assertThrows(AccessKeyException.class, () -> keys.create("nope", "alice", "test")).code());
  }

  @Test
  void staleExpectedVersion_conflict_nothingWritten() throws IOException {
    long v = version("acme");
    keys.create("acme", "bob", v, "test");
    String alice = read("acme/users/alice.json");
    assertThrows(ConfigConflictException.class, () -> keys.create("acme", "alice", v, "test"));
    assertEquals(alice, read("acme/users/alice.json"));
    // An edit on disk not loaded yet: a write at the serving version is refused too.
    put("acme/users/bob.json", "{\"tags\": {\"edited\": \"by hand\"}}");
    assertThrows(ConfigConflictException.class, () -> keys.create("acme", "alice", version("acme"), "test"));
    assertEquals(alice, read("acme/users/alice.json"));
  }

  @Test
  void lookup_acrossTenants_eachKeyNamesItsTenant_unknownEmpty() {
    AccessKeys.Created a = keys.create("acme", "alice", "test");
    AccessKeys.Created i = keys.create("globex", "iris", "test");
    assertEquals("acme", store.directory().accessKey(a.accessKeyId()).orElseThrow().tenant().id());
    assertEquals("globex", store.directory().accessKey(i.accessKeyId()).orElseThrow().tenant().id());
    assertEquals("iris", store.directory().accessKey(i.accessKeyId()).orElseThrow().user().name());
    assertTrue(store.directory().accessKey("AKIAAAAAAAAAAAAAAAAA").isEmpty());
    assertTrue(store.directory().accessKey(null).isEmpty());
    // The key found is the snapshot's: the user's policies with it are those of that version.
    assertEquals(version("globex"), store.directory().accessKey(i.accessKeyId()).orElseThrow().tenant().version());
  }

  /** A key entry for a user's file, its secret sealed for that tenant, user and id. */
  String entry(String tenant, String user, String id) {
    return "[{\"id\": \"" + id + "\", \"status\": \"Active\", \"created\": \"2026-12-07T10:00:00Z\", \"secret\": \""
        + AccessKeySecrets.seal(key, tenant, user, id, AccessKeySecrets.newSecret()) + "\"}]";
  }

  @Test
  void keyIdTakenByAnotherTenant_thatTenantRefused_withFileAndPointer_firstKeepsIt() throws IOException {
    AccessKeys.Created a = keys.create("acme", "alice", "test");
    long globex = version("globex");
    // Copied as is, the secret gives it away (sealed for alice of acme).
    String aliceFile = read("acme/users/alice.json");
    put("globex/users/iris.json", "{\"accessKeys\": " + aliceFile.substring(aliceFile.indexOf("[", aliceFile.indexOf("\"accessKeys\"")),
        aliceFile.lastIndexOf("]") + 1) + "}");
    store.reload();
    assertEquals(List.of("/accessKeys/0/secret"), store.status().get("globex").lastProblems().stream().map(ConfigProblem::pointer).toList());
    // Sealed for iris by someone holding the server key: the id itself is refused.
    put("globex/users/iris.json", "{\"accessKeys\": " + entry("globex", "iris", a.accessKeyId()) + "}");
    store.reload();
    List<ConfigProblem> ps = store.status().get("globex").lastProblems();
    assertEquals(1, ps.size(), ps.toString());
    assertEquals("tenants/globex/users/iris.json", ps.get(0).file());
    assertEquals("/accessKeys/0/id", ps.get(0).pointer());
    assertTrue(ps.get(0).message().contains("already belongs to tenant acme"), ps.get(0).message());
    assertEquals(globex, version("globex"), "the previous version keeps serving");
    assertEquals("acme", store.directory().accessKey(a.accessKeyId()).orElseThrow().tenant().id());

    // At the initial load, the tenant that comes first keeps the id.
    store.close();
    store = ConfigStore.open(ConfigStore.Settings.of(root).withServerKey(key));
    assertEquals("acme", store.directory().accessKey(a.accessKeyId()).orElseThrow().tenant().id());
    assertFalse(store.status().get("globex").serving());
    assertEquals(List.of("/accessKeys/0/id"), store.status().get("globex").lastProblems().stream().map(ConfigProblem::pointer).toList());
  }

  @Test
  void writerRefusesAClash_nothingWritten() throws IOException {
    AccessKeys.Created a = keys.create("acme", "alice", "test");
    ConfigException e = assertThrows(ConfigException.class, () -> store.writer().write("globex", version("globex"),
        List.of(FileChange.put("users/iris.json", "{\"accessKeys\": " + entry("globex", "iris", a.accessKeyId()) + "}")), "test"));
    assertEquals("/accessKeys/0/id", e.problems().get(0).pointer());
    assertEquals("{}\n", read("globex/users/iris.json"));
    assertEquals("acme", store.directory().accessKey(a.accessKeyId()).orElseThrow().tenant().id());
  }

  @Test
  void directoryBuiltAroundTheStore_duplicateIdServedForNeither() {
    AccessKeys.Created a = keys.create("acme", "alice", "test");
    Tenant acme = store.directory().tenant("acme").orElseThrow();
    // The same tenant content under another id: a snapshot the store would never build.
    Tenant copy = new Tenant("copy", 1, "", acme.users(), acme.groups(), acme.roles(), acme.policies(), acme.guardrails(),
        false, acme.fingerprint());
    Directory d = store.directory().with(copy);
    assertTrue(d.accessKey(a.accessKeyId()).isEmpty(), "an id must never resolve to the wrong tenant");
    assertTrue(d.without("copy").accessKey(a.accessKeyId()).isPresent());
  }
}
