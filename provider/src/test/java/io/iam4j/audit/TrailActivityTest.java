package io.iam4j.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.crypto.ServerKey;
import io.iam4j.eval.Outcome;
import io.iam4j.generate.Activity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming read of a principal's activity finds exactly the records {@link AuditQuery} finds
 * with the same filter (a random trail over several files: users, role sessions, a role whose name
 * starts with another's, tenants, decisions, container allows, times), and lines that are not
 * records are never activity.
 */
class TrailActivityTest {
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  static final List<String> CALLERS = List.of("arn:iam4j:iam::acme:user/alice", "arn:iam4j:iam::acme:user/alice2",
      "arn:iam4j:sts::acme:assumed-role/Job/run-1", "arn:iam4j:sts::acme:assumed-role/Job/run-2",
      "arn:iam4j:sts::acme:assumed-role/JobX/run-1", "arn:iam4j:iam::globex:user/alice", "anonymous");
  static final List<String> PRINCIPALS = List.of("arn:iam4j:iam::acme:user/alice", "arn:iam4j:iam::acme:role/Job",
      "arn:iam4j:iam::acme:role/ops/JobX", "arn:iam4j:iam::globex:user/alice", "arn:iam4j:iam::acme:user/nobody");

  @TempDir Path dir;

  /** What AuditQuery answers for the same question, post-filtered as TrailActivity documents. */
  static List<Activity> reference(List<Path> files, TrailActivity.Principal p, Instant from, Instant to) throws IOException {
    String pattern = p.role() ? "arn:" + p.partition() + ":sts::" + p.tenant() + ":assumed-role/" + p.name() + "/*" : p.arn();
    List<Activity> out = new ArrayList<>();
    for (AuditQuery.Match m : AuditQuery.run(files, new AuditQuery.Filter(pattern, null, null, "Allow", p.tenant(), "decision", from, to))) {
      if (p.acts(m.get("principal")) && m.get("action") != null && m.get("error") == null) {
        out.add(new Activity(m.get("principal"), m.get("action"), m.get("resource"), m.get("resourceAccount")));
      }
    }
    return out;
  }

  @Test
  void findsWhatAuditQueryFinds() throws IOException {
    Random r = new Random(7);
    Path trail = dir.resolve("audit");
    try (AuditLog log = AuditLog.open(AuditLog.Settings.of(trail, ServerKey.random()).withMaxFileBytes(64 * 1024))) {
      for (int i = 0; i < 3000; i++) {
        String caller = CALLERS.get(r.nextInt(CALLERS.size()));
        String tenant = caller.contains("globex") ? "globex" : r.nextInt(20) == 0 ? "globex" : "acme";
        Outcome o = Outcome.values()[r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0];
        String error = r.nextInt(15) == 0 ? "Left to the container" : null;
        log.record(new AuditEvent.DecisionEvent(T0.plusSeconds(i), "r" + i, "rest", tenant, caller, "docs:A" + r.nextInt(5),
            r.nextInt(10) == 0 ? null : "arn:iam4j:docs::" + tenant + ":bucket/b/k" + r.nextInt(9), null, o, List.of(), null, error, null,
            false, 1, 0));
        if (i % 500 == 0) {
          log.record(new AuditEvent.SignInEvent(T0.plusSeconds(i), "s" + i, "basic", "FAILURE", "acme", caller, "wrong password", null, 0));
        }
      }
      assertTrue(log.flush(Duration.ofSeconds(20)));
    }
    List<Path> files = AuditFiles.expand(List.of(trail));
    assertTrue(files.size() > 3, files::toString);
    // A line that looks like an allow of alice but is no record (no seq/prev) is not activity.
    Files.writeString(files.get(files.size() - 1), "{\"type\":\"decision\",\"principal\":\"arn:iam4j:iam::acme:user/alice\","
        + "\"decision\":\"Allow\",\"tenant\":\"acme\",\"action\":\"docs:Forged\",\"time\":\"2026-12-01T00:10:00Z\"}\n",
        java.nio.file.StandardOpenOption.APPEND);
    int nonEmpty = 0;
    for (String arn : PRINCIPALS) {
      TrailActivity.Principal p = TrailActivity.Principal.parse(arn);
      for (Instant[] w : new Instant[][] {{null, null}, {T0.plusSeconds(500), T0.plusSeconds(1700)}, {T0.plusSeconds(2999), null}}) {
        TrailActivity.Result got = TrailActivity.read(files, p, w[0], w[1]);
        List<Activity> expected = reference(files, p, w[0], w[1]);
        assertEquals(expected, got.allowed(), arn);
        assertEquals(new TreeSet<>(expected.stream().map(Activity::principal).toList()), new TreeSet<>(got.callers()));
        nonEmpty += expected.isEmpty() ? 0 : 1;
        assertTrue(got.allowed().stream().noneMatch(a -> a.action().equals("docs:Forged")));
      }
    }
    assertTrue(nonEmpty >= 6, "the comparison must be about something: " + nonEmpty);
    TrailActivity.Result job = TrailActivity.read(files, TrailActivity.Principal.parse("arn:iam4j:iam::acme:role/Job"), null, null);
    assertEquals(List.of("arn:iam4j:sts::acme:assumed-role/Job/run-1", "arn:iam4j:sts::acme:assumed-role/Job/run-2"), job.callers());
    assertTrue(job.notDecidedByIam() > 0);
  }
}
