package io.iam4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files the IAM API's credential actions write are validated like any other: the password
 * policy in tenant.json, a user's loginProfile and mfaDevice, a pending device in mfa/; every
 * problem names its file and JSON pointer.
 */
class CredentialFilesTest {
  static final String HASH = "PBKDF2WithHmacSHA256:210000:c2FsdA==:aGFzaA==";
  @TempDir Path root;

  void put(String path, String content) throws IOException {
    Path p = root.resolve("tenants/acme").resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content.replace('\'', '"'));
  }

  List<ConfigProblem> problems() {
    Map<String, List<ConfigProblem>> all = ConfigStore.validate(ConfigStore.Settings.of(root));
    return all.getOrDefault("acme", List.of());
  }

  static boolean has(List<ConfigProblem> ps, String file, String pointer, String text) {
    return ps.stream().anyMatch(p -> p.file().endsWith(file) && p.pointer().equals(pointer) && p.message().contains(text));
  }

  @Test
  void aValidTreeLoads() throws IOException {
    put("tenant.json", "{'passwordPolicy': {'minimumPasswordLength': 12, 'requireSymbols': true, 'maxPasswordAge': 90,"
        + " 'passwordReusePrevention': 3}}");
    put("users/alice.json", "{'created': '2026-12-07T10:00:00Z', 'passwordHash': '" + HASH + "', 'loginProfile': {'created':"
        + " '2026-12-07T10:00:00Z', 'changed': '2026-12-07T10:00:00Z', 'history': ['" + HASH + "']}, 'mfaSeed': 'enc:x',"
        + " 'mfaDevice': {'name': 'phone', 'path': '/', 'enabled': '2026-12-07T10:00:00Z'}}");
    put("groups/Devs.json", "{'created': '2026-12-07T10:00:00Z'}");
    put("mfa/spare.json", "{'created': '2026-12-07T10:00:00Z', 'seed': 'enc:y'}");
    assertEquals(List.of(), problems());
  }

  @Test
  void problemsAreLocated() throws IOException {
    put("tenant.json", "{'passwordPolicy': {'minimumPasswordLength': 5, 'maxPasswordAge': 2000, 'color': 'red'}}");
    put("users/alice.json", "{'created': 'yesterday', 'loginProfile': {'changed': '2026-12-07T10:00:00Z'},"
        + " 'mfaSeed': 'enc:x', 'mfaDevice': {'name': 'spare'}}");
    put("mfa/spare.json", "{'seed': 'clear'}");
    List<ConfigProblem> ps = problems();
    assertTrue(has(ps, "tenant.json", "/passwordPolicy/minimumPasswordLength", "6 to 128"), ps::toString);
    assertTrue(has(ps, "tenant.json", "/passwordPolicy/maxPasswordAge", "1 to 1095"), ps::toString);
    assertTrue(has(ps, "tenant.json", "/passwordPolicy/color", "Unknown key"), ps::toString);
    assertTrue(has(ps, "users/alice.json", "/created", "ISO-8601"), ps::toString);
    assertTrue(has(ps, "users/alice.json", "/loginProfile", "needs a passwordHash"), ps::toString);
    assertTrue(has(ps, "mfa/spare.json", "/seed", "encrypted"), ps::toString);
    assertTrue(ps.stream().anyMatch(p -> p.message().contains("unique in the tenant")), ps::toString);
  }
}
