package io.iam4j.it;

import static io.iam4j.it.SampleClient.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditFiles;
import io.iam4j.audit.AuditKeys;
import io.iam4j.audit.AuditQuery;
import io.iam4j.audit.AuditVerifier;
import io.iam4j.crypto.ServerKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the audit trail of a real server, in both modes ({@link AuditTrailIT}, {@link AuditTrailJaccIT}):
 * requests over HTTP put records into the trail, then a copy of the trail directory is edited the
 * way an attacker with write access to it (and without the server key) would, and verified with the
 * public key alone, which the test derives from the server key file itself rather than trusting the
 * copy next to the trail. The live trail is never touched: both modes' servers write to the same
 * directory (their runs form one trail, continued across the restart between them).
 */
abstract class AuditTrailAttacks extends SampleAppTest {
  private static final Path CONFIG = Path.of(System.getProperty("it.config.dir"));
  /** The default trail directory, {@code ${java.io.tmpdir}/iam4j-audit}: the server runs with java.io.tmpdir=it.tmp. */
  private static final Path TRAIL = Path.of(System.getProperty("it.tmp"), "iam4j-audit");
  private static final String PLAN = "/api/tenants/acme/buckets/projects/objects/plan.txt";

  @TempDir Path tmp;
  private PublicKey key;

  @BeforeEach
  void key() {
    key = AuditKeys.publicKey(ServerKey.fromFile(CONFIG.resolve("server.key")));
  }

  /** Sends a request that is denied, and returns the seq of its record once the trail holds it. */
  private long deniedRequestInTheTrail() throws Exception {
    String id = "audit-trail-it-" + UUID.randomUUID();
    assertStatus(403, client.call("DELETE", PLAN, "alice@acme", null, "X-Request-Id", id));
    AuditQuery.Match m = await(() -> query().stream().filter(r -> id.equals(r.get("requestId"))).findFirst().orElse(null), r -> r != null);
    assertNotNull(m, "no record with requestId " + id + " in " + TRAIL);
    assertEquals("ExplicitDeny", m.get("decision"));
    return Long.parseLong(m.get("seq"));
  }

  private static List<AuditQuery.Match> query() {
    try {
      return Files.isDirectory(TRAIL) ? AuditQuery.run(AuditFiles.expand(List.of(TRAIL)), AuditQuery.Filter.ALL) : List.of();
    } catch (IOException e) {
      throw new AssertionError("Cannot read the trail in " + TRAIL + ": " + e, e);
    }
  }

  private static <T> T await(java.util.function.Supplier<T> call, Predicate<T> done) throws InterruptedException {
    T r = call.get();
    for (int i = 0; i < 150 && !done.test(r); i++) {
      Thread.sleep(200);
      r = call.get();
    }
    return r;
  }

  /**
   * A copy of the live trail. The head file first: the files only grow after it, so the copy holds
   * every record the copied head names.
   */
  private Path copy() throws IOException {
    Path to = Files.createTempDirectory(tmp, "trail");
    Files.copy(TRAIL.resolve("iam4j-audit-head.json"), to.resolve("iam4j-audit-head.json"));
    Files.copy(TRAIL.resolve(AuditKeys.PUBLIC_KEY_FILE), to.resolve(AuditKeys.PUBLIC_KEY_FILE));
    for (Path f : AuditFiles.expand(List.of(TRAIL))) {
      Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
    }
    return to;
  }

  private static List<Path> files(Path dir) throws IOException {
    return AuditFiles.expand(List.of(dir));
  }

  /** The head's checkpoint: {file name, seq}. */
  private static String[] head(Path dir) throws IOException {
    String text = Files.readString(dir.resolve("iam4j-audit-head.json"));
    return new String[] {text.replaceAll(".*\"file\":\"([^\"]+)\".*\\s*", "$1"), text.replaceAll(".*\"seq\":(\\d+),.*\\s*", "$1")};
  }

  private AuditVerifier.Report verify(Path dir) throws IOException {
    return AuditVerifier.verifyTrail(dir, key);
  }

  private static void assertFinding(AuditVerifier.Report r, AuditVerifier.Kind kind) {
    assertFalse(r.ok(), () -> "the edit went unnoticed: " + r);
    assertTrue(r.findings().stream().anyMatch(f -> f.kind() == kind), () -> "no " + kind + " finding: " + r.findings());
  }

  @Test
  void untouchedCopy_verifiesWithThePublicKeyAlone_andThePemNextToTheTrailIsTheServers() throws Exception {
    deniedRequestInTheTrail();
    assertEquals(key, AuditKeys.readPublicKey(TRAIL.resolve(AuditKeys.PUBLIC_KEY_FILE)));
    AuditVerifier.Report r = verify(copy());
    assertTrue(r.ok(), () -> "findings: " + r.findings() + ", recoveries: " + r.recoveries() + ", notes: " + r.notes());
    assertTrue(r.files().stream().allMatch(f -> f.signature().equals("valid")), r::toString);
  }

  @Test
  void truncatingOrDeletingTheNewestFile_isDetected() throws Exception {
    deniedRequestInTheTrail();
    Path truncated = copy();
    String[] head = head(truncated);
    Path named = truncated.resolve(head[0]);
    // Cut the file just before the checkpoint the head names (the end an attacker wants gone).
    List<String> lines = Files.readAllLines(named, StandardCharsets.UTF_8);
    List<String> kept = new ArrayList<>();
    for (String l : lines) {
      if (l.startsWith("{\"seq\":" + head[1] + ",")) {
        break;
      }
      kept.add(l);
    }
    Files.writeString(named, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
    assertFinding(verify(truncated), AuditVerifier.Kind.REMOVED);

    Path deleted = copy();
    List<Path> files = files(deleted);
    Files.delete(files.get(files.size() - 1));
    assertFinding(verify(deleted), AuditVerifier.Kind.REMOVED);
  }

  @Test
  void deletingTheOldestOrAMiddleFile_isDetected() throws Exception {
    deniedRequestInTheTrail();
    Path oldest = copy();
    Files.delete(files(oldest).get(0));
    assertFinding(verify(oldest), AuditVerifier.Kind.REMOVED);

    Path middle = copy();
    List<Path> files = files(middle);
    if (files.size() >= 3) {
      Files.delete(files.get(files.size() / 2));
      assertFinding(verify(middle), AuditVerifier.Kind.REMOVED);
    }
  }

  @Test
  void editingASignedRecord_orReusingAFileNumber_isDetected() throws Exception {
    long seq = deniedRequestInTheTrail();
    // The record is signed by the next checkpoint: at most iam4j.audit.checkpoint-seconds (10 s) later.
    await(() -> {
      try {
        return Long.parseLong(head(TRAIL)[1]);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }, s -> s > seq);
    Path edited = copy();
    Path file = null;
    for (Path f : files(edited)) {
      if (Files.readString(f).contains("{\"seq\":" + seq + ",")) {
        file = f;
      }
    }
    assertNotNull(file, "no file holds seq " + seq);
    String text = Files.readString(file);
    Files.writeString(file, text.replaceFirst("(\\{\"seq\":" + seq + ",[^\n]*)\"decision\":\"ExplicitDeny\"", "$1\"decision\":\"Allow\""));
    assertFinding(verify(edited), AuditVerifier.Kind.CHANGED);

    Path reused = copy();
    Path last = files(reused).get(files(reused).size() - 1);
    String name = last.getFileName().toString();
    // The same number under another day's name: a second file 000N.
    Path twin = reused.resolve(name.replaceFirst("iam4j-audit-\\d{4}", "iam4j-audit-1999"));
    Files.copy(last, twin);
    try (Stream<Path> s = Files.list(reused)) {
      assertTrue(s.anyMatch(twin::equals));
    }
    assertFinding(verify(reused), AuditVerifier.Kind.REUSED);
  }
}
