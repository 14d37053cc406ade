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
 * {@code "seq"} (numbering every line of the trail, across files; never reused) and {@code "prev"}
 * (the SHA-256, hex, of the previous line's exact bytes without its newline).
 *
 * <p>Anchors, signed with the trail's Ed25519 key ({@link AuditKeys}) as the last field {@code "sig"}
 * over the line's bytes without it: the first line of every file (a {@code "file"} record, or a
 * {@code "recovery"} record after a crash) names the file's number and its predecessor (file, number,
 * last seq; its {@code prev} is that file's last hash); the very first one is marked {@code genesis}.
 * {@code "checkpoint"} records sign the chain at intervals and end every file that was closed. The
 * head file ({@link #HEAD_FILE}, signed the same way) names the newest checkpoint, so that losing the
 * newest file, or its end, shows.
 */
final class AuditRecords {
  /** The {@code prev} of the very first record of a trail. */
  static final String GENESIS = "0".repeat(64);
  /**
   * {@code iam4j-audit-2026-07-01-0001.jsonl}: the day the file was opened (UTC) and its number in the
   * trail (counting across days, never reused).
   */
  static final Pattern FILE_NAME = Pattern.compile("iam4j-audit-(\\d{4}-\\d{2}-\\d{2})-(\\d{4,})\\.jsonl");
  /** The signed pointer to the newest checkpoint, next to the trail's files. */
  static final String HEAD_FILE = "iam4j-audit-head.json";
  /** Record types that must be signed in a signed trail. */
  static final java.util.Set<String> ANCHORS = java.util.Set.of("file", "recovery", "checkpoint");
  /** The end of a signed line: {@code ,"sig":"BASE64"}}. */
  private static final Pattern SIGNATURE = Pattern.compile(",\"sig\":\"([A-Za-z0-9+/=]{1,200})\"\\}$");

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
    MessageDigest sha = SHA256.get();
    sha.reset();
    return HEX.formatHex(sha.digest(line));
  }

  /** One digest per thread: the writer hashes every line, and {@code getInstance} looks the provider up each time. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  });
  private static final HexFormat HEX = HexFormat.of();

  private static AuditJson start(long seq, String prev, String type, Instant time) {
    return new AuditJson().add("seq", seq).add("prev", prev).add("type", type).add("time", isoInstant(time));
  }

  /** The last second formatted by {@link #isoInstant}: every record of a second shares it. */
  private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

  private record Second(long epochSecond, String prefix) {}

  /** Last second {@link #isoInstant} formats itself: {@code 9999-12-31T23:59:59Z}; later ones (and earlier than 1970) go to {@code Instant}. */
  private static final long LAST_FOUR_DIGIT_SECOND = 253402300799L;

  /**
   * Exactly {@code t.toString()} (ISO-8601, fraction in groups of three digits, none when zero),
   * with the date and time of day formatted once per second: the profile showed formatting each
   * record's time as a large part of the writer's work. A line is hashed byte for byte, so this
   * must never differ from {@code Instant.toString} (a test compares them).
   */
  static String isoInstant(Instant t) {
    long sec = t.getEpochSecond();
    if (sec < 0 || sec > LAST_FOUR_DIGIT_SECOND) {
      return t.toString();
    }
    Second s = lastSecond;
    if (s.epochSecond() != sec) {
      String whole = Instant.ofEpochSecond(sec).toString(); // yyyy-MM-ddTHH:mm:ssZ
      s = new Second(sec, whole.substring(0, whole.length() - 1));
      lastSecond = s;
    }
    int nano = t.getNano();
    if (nano == 0) {
      return s.prefix() + "Z";
    }
    StringBuilder b = new StringBuilder(s.prefix().length() + 11).append(s.prefix()).append('.');
    if (nano % 1_000_000 == 0) {
      digits(b, nano / 1_000_000, 3);
    } else if (nano % 1_000 == 0) {
      digits(b, nano / 1_000, 6);
    } else {
      digits(b, nano, 9);
    }
    return b.append('Z').toString();
  }

  private static void digits(StringBuilder b, int value, int width) {
    String v = Integer.toString(value);
    for (int i = v.length(); i < width; i++) {
      b.append('0');
    }
    b.append(v);
  }

  /**
   * The previous file of the trail, as the next file's first record names it.
   *
   * @param lastSeq its last complete record's sequence number
   */
  record Link(String file, int number, long lastSeq) {}

  /**
   * What a start (or a failed write) found instead of a cleanly closed file: the first record of the
   * next file says so, signed, so that verification shows the gap as a recovery.
   *
   * @param cause {@code start} (the previous run did not close the trail) or {@code error} (a write failed)
   * @param droppedBytes bytes after the predecessor's last complete record (an unfinished line), left in place
   * @param lastCheckpointSeq the predecessor's last signed record, or -1
   * @param head what the head file said: {@code ok}, {@code behind} (it names an older file: a crash
   *     between two files), {@code missing}, {@code invalid} (unreadable or not signed by this key),
   *     {@code file-missing} (it names a file that is gone) or {@code truncated} (it names a
   *     checkpoint its file no longer holds)
   * @param headFile the file the head named, or null
   * @param headSeq the checkpoint the head named, or -1
   */
  record Recovery(String cause, long droppedBytes, long lastCheckpointSeq, String head, String headFile, int headNumber,
      long headSeq, String headHash) {}

  /** The first record of a file; {@code previous} null: the trail's genesis. */
  static String header(long seq, String prev, Instant time, String file, int number, String reason, Link previous,
      String keyId) {
    AuditJson j = start(seq, prev, "file", time).add("file", file).add("fileNumber", number).add("reason", reason);
    if (previous == null) {
      j.add("genesis", true);
    } else {
      j.add("previousFile", previous.file()).add("previousFileNumber", previous.number()).add("previousLastSeq", previous.lastSeq());
    }
    return j.add("keyId", keyId).build();
  }

  /** The first record of a file opened after a crash or a failed write, instead of {@link #header}. */
  static String recovery(long seq, String prev, Instant time, String file, int number, Link previous, Recovery r, String keyId) {
    AuditJson j = start(seq, prev, "recovery", time).add("file", file).add("fileNumber", number).add("reason", "recovery")
        .add("cause", r.cause());
    if (previous != null) {
      j.add("previousFile", previous.file()).add("previousFileNumber", previous.number()).add("previousLastSeq", previous.lastSeq());
    }
    j.add("closed", false).add("droppedBytes", r.droppedBytes()).add("lastCheckpointSeq", r.lastCheckpointSeq()).add("head", r.head());
    if (r.headFile() != null) {
      j.add("headFile", r.headFile()).add("headFileNumber", r.headNumber()).add("headSeq", r.headSeq()).add("headHash", r.headHash());
    }
    return j.add("keyId", keyId).build();
  }

  /** Signs the chain up to itself; {@code reason}: {@code interval}, or {@code roll} / {@code close} as a file's last record. */
  static String checkpoint(long seq, String prev, Instant time, String file, int number, String reason, String keyId) {
    return start(seq, prev, "checkpoint", time).add("file", file).add("fileNumber", number).add("reason", reason)
        .add("keyId", keyId).build();
  }

  /** The head file's content: the newest checkpoint (its file, seq and line hash) and whether the trail was closed there. */
  static String head(String file, int number, long seq, String hash, Instant time, boolean closed, String keyId) {
    return new AuditJson().add("file", file).add("fileNumber", number).add("seq", seq).add("hash", hash)
        .add("time", time.toString()).add("closed", closed).add("keyId", keyId).build();
  }

  /** Whether a checkpoint's reason makes it a file's closing record. */
  static boolean closing(String reason) {
    return "roll".equals(reason) || "close".equals(reason);
  }

  /** Appends the signature of {@code json} (one object, as built here) as its last field; null key: unsigned. */
  static String sign(String json, java.security.PrivateKey key) {
    if (key == null) {
      return json;
    }
    String sig = AuditKeys.sign(key, json.getBytes(StandardCharsets.UTF_8));
    return json.substring(0, json.length() - 1) + ",\"sig\":\"" + sig + "\"}";
  }

  /** Whether {@code line} carries a valid signature by {@code key}; false when it is unsigned. */
  static boolean signatureValid(String line, java.security.PublicKey key) {
    Matcher m = SIGNATURE.matcher(line);
    if (!m.find()) {
      return false;
    }
    String unsigned = line.substring(0, m.start()) + "}";
    return AuditKeys.verify(key, unsigned.getBytes(StandardCharsets.UTF_8), m.group(1));
  }

  static boolean signed(String line) {
    return SIGNATURE.matcher(line).find();
  }

  static String dropped(long seq, String prev, Instant time, long count, long total) {
    return start(seq, prev, "dropped", time).add("count", count).add("total", total).build();
  }

  /**
   * {@code [{"file":F,"before":SHA256|null,"after":SHA256|null}, ...]}: an absent side is an explicit
   * null, so that "created" and "deleted" read as such.
   */
  private static String digests(java.util.List<io.iam4j.config.ConfigEvent.FileDigest> digests) {
    StringBuilder sb = new StringBuilder("[");
    for (io.iam4j.config.ConfigEvent.FileDigest d : digests) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      AuditJson j = new AuditJson().add("file", d.file());
      j = d.before() == null ? j.addRaw("before", "null") : j.add("before", d.before());
      j = d.after() == null ? j.addRaw("after", "null") : j.add("after", d.after());
      sb.append(j.build());
    }
    return sb.append(']').toString();
  }

  /** {@code [{"type":LAYER,"policy":NAME,"statement":INDEX,"sid":SID,"effect":EFFECT}, ...]}. */
  private static String statements(java.util.List<StatementRef> refs) {
    StringBuilder statements = new StringBuilder("[");
    for (StatementRef s : refs) {
      if (statements.length() > 1) {
        statements.append(',');
      }
      statements.append(new AuditJson().add("type", s.type().key()).add("policy", s.policy()).add("statement", s.index())
          .add("sid", s.sid()).add("effect", s.effect().json()).build());
    }
    return statements.append(']').toString();
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
      j.addRaw("statements", statements(d.deciding()));
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
          .add("actor", c.actor())
          .addRaw("digests", digests(c.digests()))
          .build();
    }
    if (event instanceof AuditEvent.ShadowDecisionEvent e) {
      // "decision" and "statements" are the live answer's, as in a decision record, so that the same
      // filters (--decision) and readers apply; the draft's answer is "shadowDecision".
      return start(seq, prev, "shadow", e.time())
          .add("tenant", e.tenant())
          .add("principal", e.principal())
          .add("action", e.action())
          .add("resource", e.resource())
          .add("resourceAccount", e.resourceAccount())
          .add("policy", e.policy())
          .add("version", e.version())
          .add("liveVersion", e.liveVersion())
          .add("result", e.result())
          .add("decision", e.live().json())
          .addRaw("statements", statements(e.liveStatements()))
          .add("shadowDecision", e.shadow().json())
          .addRaw("shadowStatements", statements(e.shadowStatements()))
          .add("configVersion", e.configVersion())
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
}
