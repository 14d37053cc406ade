package io.iam4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.crypto.AccessKeySecrets;
import io.iam4j.crypto.ServerKey;
import io.iam4j.directory.AccessKey;
import io.iam4j.directory.Arns;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.ProviderPolicies;
import io.iam4j.directory.Tenant;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The {@code accessKeys} of a user's file as the loader validates them: every mistake a located
 * error (file and JSON pointer), and never a secret quoted in a message.
 */
class AccessKeyValidationTest {
  static final Map<String, ManagedPolicy> PROVIDER = ProviderPolicies.load(Arns.DEFAULT, AccessKeyValidationTest.class.getClassLoader());
  static final ServerKey KEY = ServerKey.random();
  static final String ID1 = "AKIAAAAAAAAAAAAAAAA2";
  static final String ID2 = "AKIABBBBBBBBBBBBBBB3";
  static final String ID3 = "AKIACCCCCCCCCCCCCCC4";

  static TenantLoader loader(ServerKey key) {
    return new TenantLoader(Arns.DEFAULT, PROVIDER, new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true)), key);
  }

  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  static String key(String tenant, String user, String id, String status) {
    String sealed = AccessKeySecrets.seal(KEY, tenant, user, id, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    return j("{'id': '" + id + "', 'status': '" + status + "', 'created': '2026-12-07T10:00:00Z', 'secret': '" + sealed + "'}");
  }

  static String user(String... keys) {
    return "{\"accessKeys\": [" + String.join(", ", keys) + "]}";
  }

  static Tenant load(ServerKey key, Map<String, String> files) {
    return loader(key).load("acme", files, "tenants/acme/");
  }

  static List<ConfigProblem> problems(ServerKey key, Map<String, String> files) {
    return assertThrows(ConfigException.class, () -> load(key, files)).problems();
  }

  static void assertOne(List<ConfigProblem> problems, String file, String pointer, String words) {
    assertEquals(1, problems.size(), problems.toString());
    ConfigProblem p = problems.get(0);
    assertEquals("tenants/acme/" + file, p.file(), p.toString());
    assertEquals(pointer, p.pointer(), p.toString());
    assertTrue(p.message().contains(words), p.message());
  }

  @Test
  void twoKeys_load_withStatusDateAndSealedSecret_toStringMasksThem() {
    Tenant t = load(KEY, Map.of("users/alice.json", user(key("acme", "alice", ID1, "Active"), key("acme", "alice", ID2, "Inactive"))));
    List<AccessKey> keys = t.users().get("alice").accessKeys();
    assertEquals(List.of(ID1, ID2), keys.stream().map(AccessKey::id).toList());
    assertEquals(List.of(AccessKey.Status.Active, AccessKey.Status.Inactive), keys.stream().map(AccessKey::status).toList());
    assertEquals(Instant.parse("2026-12-07T10:00:00Z"), keys.get(0).created());
    assertEquals("alice", keys.get(0).user());
    assertTrue(keys.get(0).sealedSecret().startsWith(ServerKey.SEALED_PREFIX));
    String shown = keys.get(0) + " " + t.users().get("alice").credentials();
    assertFalse(shown.contains(keys.get(0).sealedSecret().substring(10, 30)), shown);
    assertFalse(shown.contains("wJalrXUtnFEMI"), shown);
    assertNull(t.users().get("alice").credentials().passwordHash());
  }

  @Test
  void userWithoutKeys_noCredentials() {
    Tenant t = load(KEY, Map.of("users/bob.json", "{}"));
    assertNull(t.users().get("bob").credentials());
    assertEquals(List.of(), t.users().get("bob").accessKeys());
  }

  @Test
  void badId_locatedAtTheId() {
    String bad = key("acme", "alice", ID1, "Active").replace(ID1, "AKIA0000000000000001");
    assertOne(problems(null, Map.of("users/alice.json", user(bad))), "users/alice.json", "/accessKeys/0/id", "AKIA and 16 characters");
    String asia = key("acme", "alice", ID1, "Active").replace(ID1, "ASIAAAAAAAAAAAAAAAA2");
    assertOne(problems(null, Map.of("users/alice.json", user(asia))), "users/alice.json", "/accessKeys/0/id", "found \"ASIA");
  }

  @Test
  void sameIdForTwoUsers_secondRefused_namingTheFirst() {
    List<ConfigProblem> ps = problems(null, Map.of("users/alice.json", user(key("acme", "alice", ID1, "Active")),
        "users/bob.json", user(key("acme", "bob", ID1, "Active"))));
    assertOne(ps, "users/bob.json", "/accessKeys/0/id", "appears twice in tenant acme");
    assertTrue(ps.get(0).message().contains("users/alice.json /accessKeys/0/id"), ps.get(0).message());
  }

  @Test
  void threeKeys_quotaAtTheArray_asIamWordsIt() {
    List<ConfigProblem> ps = problems(KEY, Map.of("users/alice.json", user(key("acme", "alice", ID1, "Active"),
        key("acme", "alice", ID2, "Active"), key("acme", "alice", ID3, "Inactive"))));
    assertOne(ps, "users/alice.json", "/accessKeys", "Cannot exceed quota for AccessKeysPerUser: 2");
  }

  @Test
  void badStatus_locatedAtTheStatus() {
    assertOne(problems(null, Map.of("users/alice.json", user(key("acme", "alice", ID1, "active")))), "users/alice.json",
        "/accessKeys/0/status", "Active or Inactive");
  }

  @Test
  void badCreated_unknownMember_locatedEach() {
    String k = key("acme", "alice", ID1, "Active").replace("2026-12-07T10:00:00Z", "yesterday");
    assertOne(problems(null, Map.of("users/alice.json", user(k))), "users/alice.json", "/accessKeys/0/created", "ISO-8601");
    String extra = key("acme", "alice", ID1, "Active").replace("{", "{\"owner\": \"bob\", ");
    assertOne(problems(null, Map.of("users/alice.json", user(extra))), "users/alice.json", "/accessKeys/0/owner", "Unknown key \"owner\"");
    assertOne(problems(null, Map.of("users/alice.json", "{\"accessKeys\": {}}")), "users/alice.json", "/accessKeys", "array");
  }

  @Test
  void clearSecret_refused_withoutQuotingIt() {
    String clear = j("{'id': '" + ID1 + "', 'status': 'Active', 'created': '2026-12-07T10:00:00Z', "
        + "'secret': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'}");
    List<ConfigProblem> ps = problems(null, Map.of("users/alice.json", user(clear)));
    assertOne(ps, "users/alice.json", "/accessKeys/0/secret", "must be sealed with the server key");
    assertFalse(ps.get(0).toString().contains("wJalrXUtnFEMI"), ps.get(0).toString());
  }

  @Test
  void secretSealedForAnotherKeyUserOrTenant_refusedWithTheServerKey_formatOnlyWithout() {
    String forBob = key("acme", "bob", ID1, "Active");
    String forOtherId = key("acme", "alice", ID2, "Active").replace(ID2, ID1);
    String forGlobex = key("globex", "alice", ID1, "Active");
    String otherServer = j("{'id': '" + ID1 + "', 'status': 'Active', 'created': '2026-12-07T10:00:00Z', 'secret': '"
        + AccessKeySecrets.seal(ServerKey.random(), "acme", "alice", ID1, "x") + "'}");
    for (String copied : List.of(forBob, forOtherId, forGlobex, otherServer)) {
      Map<String, String> files = Map.of("users/alice.json", user(copied));
      assertOne(problems(KEY, files), "users/alice.json", "/accessKeys/0/secret", "was not sealed by this server's key for this key");
      // Without the key only the format can be checked; the secret then fails to open at use (fail closed).
      assertEquals(1, load(null, files).users().get("alice").accessKeys().size());
    }
  }

  @Test
  void everyProblemAtOnce() {
    Map<String, String> files = new TreeMap<>();
    files.put("users/alice.json", user(key("acme", "alice", "AKIA", "Active"), key("acme", "alice", ID2, "On")));
    files.put("users/bob.json", "{\"accessKeys\": [\"AKIA\"]}");
    List<ConfigProblem> ps = problems(KEY, files);
    assertEquals(List.of("/accessKeys/0/id", "/accessKeys/1/status", "/accessKeys/0"), ps.stream().map(ConfigProblem::pointer).toList(), ps.toString());
  }
}
