package io.iam4j.audit;

import io.iam4j.eval.StatementRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trail's on-disk format, in one place: one JSON object per line, each starting with
 * {@code "seq"} (numbering every line of the trail, across files) and {@code "prev"} (the SHA-256,
 * hex, of the previous line's exact bytes without its newline). The first line of every file is a
 * {@code "file"} record; its {@code prev} is the last hash of the previous file, or {@link #GENESIS}.
 */
final class AuditRecords {
  /** The {@code prev} of the very first record of a trail. */
  static final String GENESIS = "0".repeat(64);
  /** {@code iam4j-audit-2026-07-01-0001.jsonl}: the day the file was opened (UTC) and its number that day. */
  static final Pattern FILE_NAME = Pattern.compile("iam4j-audit-(\\d{4}-\\d{2}-\\d{2})-(\\d{4,})\\.jsonl");
  static final String SIGNATURE_SUFFIX = ".sig";
  /** Binds a signature to its purpose: no other HMAC the server makes can pass for one. */
  static final String SIGNATURE_DOMAIN = "iam4j audit file signature v1";

  private AuditRecords() {}

  static String fileName(LocalDate day, int number) {
    return String.format("iam4j-audit-%s-%04d.jsonl", day, number);
  }

  /** The day and number of a trail file name, or null for other files. */
  static Object[] parseName(String name) {
    Matcher m = FILE_NAME.matcher(name);
    return m.matches() ? new Object[] {LocalDate.parse(m.group(1)), Integer.parseInt(m.group(2))} : null;
  }

  static String hash(String line) {
    return hash(line.getBytes(StandardCharsets.UTF_8));
  }

  static String hash(byte[] line) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static AuditJson start(long seq, String prev, String type, Instant time) {
    return new AuditJson().add("seq", seq).add("prev", prev).add("type", type).add("time", time.toString());
  }

  static String header(long seq, String prev, Instant time, String file, String previousFile, String reason) {
    return start(seq, prev, "file", time).add("file", file).add("previousFile", previousFile).add("reason", reason).build();
  }

  static String dropped(long seq, String prev, Instant time, long count, long total) {
    return start(seq, prev, "dropped", time).add("count", count).add("total", total).build();
  }

  static String event(long seq, String prev, AuditEvent event) {
    if (event instanceof AuditEvent.DecisionEvent d) {
      AuditJson j = start(seq, prev, "decision", d.time())
          .add("requestId", d.requestId())
          .add("via", d.via())
          .add("tenant", d.tenant())
          .add("principal", d.principal())
          .add("action", d.action())
          .add("resource", d.resource())
          .add("resourceAccount", d.resourceAccount())
          .add("decision", d.decision().json());
      StringBuilder statements = new StringBuilder("[");
      for (StatementRef s : d.deciding()) {
        if (statements.length() > 1) {
          statements.append(',');
        }
        statements.append(new AuditJson().add("type", s.type().key()).add("policy", s.policy()).add("statement", s.index())
            .add("sid", s.sid()).add("effect", s.effect().json()).build());
      }
      j.addRaw("statements", statements.append(']').toString());
      return j.add("noAllowIn", d.noAllowIn())
          .add("error", d.error())
          .add("sourceIp", d.sourceIp())
          .add("cached", d.cached())
          .add("configVersion", d.configVersion())
          .build();
    }
    if (event instanceof AuditEvent.ConfigChangeEvent c) {
      return start(seq, prev, "config", c.time())
          .add("tenant", c.tenant())
          .add("change", c.change())
          .add("cause", c.cause())
          .add("oldVersion", c.oldVersion())
          .add("newVersion", c.newVersion())
          .add("files", c.files())
          .add("arns", c.arns())
          .add("problems", c.problems())
          .build();
    }
    if (event instanceof AuditEvent.SignInEvent e) {
      return start(seq, prev, "signin", e.time())
          .add("requestId", e.requestId())
          .add("method", e.method())
          .add("outcome", e.outcome())
          .add("tenant", e.tenant())
          .add("principal", e.principal())
          .add("reason", e.reason())
          .add("sourceIp", e.sourceIp())
          .add("retryAfterSeconds", e.retryAfterSeconds())
          .build();
    }
    throw new IllegalArgumentException("Unknown audit event " + event.getClass());
  }

  /** The text a file's signature is the HMAC of. */
  static byte[] signedText(String file, long records, long firstSeq, long lastSeq, String firstPrev, String lastHash) {
    return String.join("\n", SIGNATURE_DOMAIN, file, Long.toString(records), Long.toString(firstSeq), Long.toString(lastSeq),
        firstPrev, lastHash).getBytes(StandardCharsets.UTF_8);
  }

  static String signature(String file, long records, long firstSeq, long lastSeq, String firstPrev, String lastHash,
      Instant signedAt, String hmac) {
    return new AuditJson().add("file", file).add("records", records).add("firstSeq", firstSeq).add("lastSeq", lastSeq)
        .add("firstPrev", firstPrev).add("lastHash", lastHash).add("signedAt", signedAt.toString()).add("hmac", hmac).build();
  }
}
