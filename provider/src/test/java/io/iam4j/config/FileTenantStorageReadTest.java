package io.iam4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file storage reads a tenant with as few system calls as it can (one listing per directory,
 * then lstat, open, one read and close per file): what it reads must be what the tree holds.
 */
class FileTenantStorageReadTest {
  @TempDir
  Path root;

  private Path tenant(String name) throws Exception {
    return Files.createDirectories(root.resolve("tenants").resolve(name));
  }

  @Test
  void read_nestedFiles_exactTextOfEachRegularNonHiddenFile() throws Exception {
    Path t = tenant("acme");
    Files.writeString(t.resolve("tenant.json"), "{\"description\": \"acme\"}");
    Files.createDirectories(t.resolve("users"));
    Files.writeString(t.resolve("users/alice.json"), "{\"tags\": {\"team\": \"\u00e9quipe \ud83d\ude00\"}}");
    Files.writeString(t.resolve("users/empty.json"), "");
    Files.createDirectories(t.resolve("policies/deeper"));
    Files.writeString(t.resolve("policies/deeper/p.json"), "x".repeat(70_000)); // larger than any one read buffer
    Files.writeString(t.resolve(".hidden.json"), "{}");
    Files.createDirectories(t.resolve(".git"));
    Files.writeString(t.resolve(".git/config"), "{}");
    Files.createSymbolicLink(t.resolve("users/link.json"), t.resolve("users/alice.json"));

    TenantStorage.Stored s = new FileTenantStorage(root, 1 << 20).read("acme");

    assertEquals(List.of(), s.problems());
    assertEquals(Map.of("tenant.json", "{\"description\": \"acme\"}",
        "users/alice.json", "{\"tags\": {\"team\": \"\u00e9quipe \ud83d\ude00\"}}",
        "users/empty.json", "",
        "policies/deeper/p.json", "x".repeat(70_000)), s.files());
  }

  @Test
  void read_malformedUtf8AndTooLarge_areProblemsNamingTheFile() throws Exception {
    Path t = tenant("acme");
    Files.write(t.resolve("bad.json"), new byte[] {'{', (byte) 0xC3, '}'});
    Files.writeString(t.resolve("big.json"), "y".repeat(101));
    Files.writeString(t.resolve("ok.json"), "{}");

    TenantStorage.Stored s = new FileTenantStorage(root, 100).read("acme");

    assertEquals(Map.of("ok.json", "{}"), s.files());
    assertEquals(2, s.problems().size());
    assertTrue(s.problems().stream().anyMatch(p -> p.file().equals("tenants/acme/bad.json") && p.message().equals("Not UTF-8 text")),
        s.problems().toString());
    assertTrue(s.problems().stream().anyMatch(p -> p.file().equals("tenants/acme/big.json") && p.message().contains("101 bytes")),
        s.problems().toString());
  }

  @Test
  void forEachTenant_manyTenants_everyTenantInOrderWithItsFiles() throws Exception {
    int n = FileTenantStorage.READ_AHEAD_MIN_TENANTS + FileTenantStorage.READ_AHEAD + 7; // read ahead, window full at times
    for (int i = 0; i < n; i++) {
      Files.writeString(tenant(String.format(Locale.ROOT, "t%04d", i)).resolve("tenant.json"), "{\"n\": " + i + "}");
    }
    List<String> seen = new java.util.ArrayList<>();
    new FileTenantStorage(root, 1 << 20).forEachTenant((t, s) -> {
      assertEquals(Map.of("tenant.json", "{\"n\": " + Integer.parseInt(t.substring(1)) + "}"), s.files());
      seen.add(t);
    });
    assertEquals(java.util.stream.IntStream.range(0, n).mapToObj(i -> String.format(Locale.ROOT, "t%04d", i)).toList(), seen);
  }

  @Test
  void forEachTenant_consumerFails_failureReachesTheCallerAndReadingStops() throws Exception {
    int n = FileTenantStorage.READ_AHEAD_MIN_TENANTS + 10;
    for (int i = 0; i < n; i++) {
      Files.writeString(tenant(String.format(Locale.ROOT, "t%04d", i)).resolve("tenant.json"), "{}");
    }
    int[] calls = {0};
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> new FileTenantStorage(root, 1 << 20).forEachTenant((t, s) -> {
          if (++calls[0] == 3) {
            throw new IllegalStateException("stop at " + t);
          }
        }));
    assertEquals("stop at t0002", e.getMessage());
    assertEquals(3, calls[0]);
  }

  @Test
  void read_missingTenant_isNull() {
    assertNull(new FileTenantStorage(root, 100).read("nobody"));
  }

  @Test
  void utf8_asciiAndMultiByteText_decodeAsTheUtf8Decoder() throws Exception {
    for (String text : List.of("", "plain ascii {\"a\": 1}", "\u00e9", "\u20ac\ud83d\ude00 mixed")) {
      assertEquals(text, FileTenantStorage.utf8(text.getBytes(StandardCharsets.UTF_8)));
    }
  }

  // The unique ids were made with a regular expression; the loop must give the same ids.
  @Test
  void uniqueId_isTheFirst17LettersAndDigitsOfTheBase64Hash_upperCased() throws Exception {
    for (String name : List.of("alice", "bob", "ReportingJob", "u00", "a+b=c,d.e@f-g", "x".repeat(64))) {
      for (String prefix : List.of("AIDA", "AROA", "AGPA")) {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(("acme/" + prefix + "/" + name).getBytes(StandardCharsets.UTF_8));
        String expected = prefix + Base64.getEncoder().withoutPadding().encodeToString(h).replaceAll("[^A-Za-z0-9]", "")
            .toUpperCase(Locale.ROOT).substring(0, 17);
        assertEquals(expected, TenantLoader.uniqueId(prefix, "acme", name));
      }
    }
  }
}
