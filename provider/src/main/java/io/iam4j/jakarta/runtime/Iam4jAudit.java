package io.iam4j.jakarta.runtime;

import io.iam4j.IamException;
import io.iam4j.audit.AuditEvent;
import io.iam4j.audit.AuditLog;
import io.iam4j.audit.AuditSink;
import io.iam4j.audit.DecisionAudit;
import io.iam4j.config.ConfigStore;
import io.iam4j.config.TenantStatus;
import io.iam4j.crypto.ServerKey;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Wires the audit trail into the Jakarta integration: opens it from the settings, records the
 * configuration as loaded and every change after, and starts the audit of each enforcement call.
 *
 * <table>
 *   <caption>Settings (MicroProfile Config)</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>iam4j.audit.dir</td><td>${java.io.tmpdir}/iam4j-audit</td><td>where the trail's files go</td></tr>
 *   <tr><td>iam4j.audit.max-file-bytes</td><td>10485760</td><td>a file rolls over before this size (and every day, UTC)</td></tr>
 *   <tr><td>iam4j.audit.queue-capacity</td><td>10000</td><td>events waiting for the writer; more are dropped and counted</td></tr>
 *   <tr><td>iam4j.audit.checkpoint-records</td><td>1000</td><td>a signed checkpoint after at most this many records</td></tr>
 *   <tr><td>iam4j.audit.checkpoint-seconds</td><td>10</td><td>and at most this long after the first record it covers</td></tr>
 * </table>
 */
final class Iam4jAudit {
  private static final Logger LOG = Logger.getLogger(Iam4jAudit.class.getName());
  /** Request attribute: the request's id, shared by every decision made for it (filter and interceptor). */
  static final String REQUEST_ID = "io.iam4j.requestId";
  /** An incoming {@code X-Request-Id} is kept only when it is short and plain (it goes into the trail). */
  private static final Pattern USABLE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");

  private Iam4jAudit() {}

  /**
   * Opens iam4j's own trail (the default {@link AuditSink}): signed with a key derived from the
   * server key, never inside the tenant configuration.
   */
  static AuditLog openTrail(Iam4jSettings settings, ServerKey key) {
    Path dir = Iam4jSettings.value("iam4j.audit.dir").map(Path::of)
        .orElse(Path.of(System.getProperty("java.io.tmpdir"), "iam4j-audit"));
    Path tenants = settings.configDir().resolve("tenants").toAbsolutePath().normalize();
    if (dir.toAbsolutePath().normalize().startsWith(tenants)) {
      // The watcher would take the trail's files for tenant configuration.
      throw new IamException("iam4j.audit.dir (" + dir + ") must not be inside the tenant configuration " + tenants);
    }
    AuditLog.Settings s = AuditLog.Settings.of(dir, key)
        .withMaxFileBytes(Iam4jSettings.value("iam4j.audit.max-file-bytes").map(Long::parseLong).orElse(AuditLog.Settings.DEFAULT_MAX_FILE_BYTES))
        .withQueueCapacity(Iam4jSettings.value("iam4j.audit.queue-capacity").map(Integer::parseInt).orElse(AuditLog.Settings.DEFAULT_QUEUE_CAPACITY))
        .withCheckpoints(Iam4jSettings.value("iam4j.audit.checkpoint-records").map(Long::parseLong).orElse(AuditLog.Settings.DEFAULT_CHECKPOINT_RECORDS),
            Iam4jSettings.value("iam4j.audit.checkpoint-seconds").map(v -> java.time.Duration.ofSeconds(Long.parseLong(v)))
                .orElse(AuditLog.Settings.DEFAULT_CHECKPOINT_INTERVAL));
    AuditLog log;
    try {
      log = AuditLog.open(s);
    } catch (IOException | RuntimeException e) {
      throw new IamException("Cannot open the audit trail in " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    // The key id is public: operators record it (or the PEM) away from the server to verify offline.
    String keyId = io.iam4j.audit.AuditKeys.keyId(io.iam4j.audit.AuditKeys.publicKey(key));
    LOG.info(() -> "iam4j audit trail: " + dir.toAbsolutePath() + ", signed with audit key id " + keyId + " ("
        + io.iam4j.audit.AuditKeys.PUBLIC_KEY_FILE + ")");
    return log;
  }

  /**
   * Records each tenant's configuration as loaded, and then every change, in {@code sink} (whichever
   * sink the application uses). Call before the store starts watching, so that no change is missed.
   */
  static void recordConfiguration(AuditSink sink, ConfigStore store) {
    Instant now = Instant.now();
    // Atomically: a store loading in the background (iam4j.store.lazy) installs tenants meanwhile.
    store.addListener(e -> sink.record(AuditEvent.ConfigChangeEvent.of(e, store.directory())), current -> {
      for (TenantStatus t : current.values()) {
        sink.record(AuditEvent.ConfigChangeEvent.loaded(t, now));
      }
    });
  }

  /**
   * Starts the audit of one enforcement call. Never fails: without a runtime the call is still
   * denied by its caller, just not recorded.
   */
  static DecisionAudit begin(Iam4j iam4j, HttpServletRequest http, String via, String action) {
    AuditSink sink = AuditSink.none();
    try {
      if (iam4j != null && iam4j.audit() != null) {
        sink = iam4j.audit();
      }
    } catch (RuntimeException e) {
      LOG.warning(() -> "No audit trail for this call: " + e);
    }
    String ip = null;
    String id = null;
    if (http != null) {
      try {
        ip = http.getRemoteAddr();
        id = requestId(http);
      } catch (RuntimeException e) {
        // Not inside an HTTP request (a CDI call from a timer or a message).
      }
    }
    return DecisionAudit.begin(sink, Clock.systemUTC(), id != null ? id : newId(), via, ip, action);
  }

  /** The request's id: kept on the request so that every decision made for it carries the same one. */
  static String requestId(HttpServletRequest http) {
    Object known = http.getAttribute(REQUEST_ID);
    if (known instanceof String s) {
      return s;
    }
    String header = http.getHeader("X-Request-Id");
    String id = header != null && USABLE_ID.matcher(header).matches() ? header : newId();
    http.setAttribute(REQUEST_ID, id);
    return id;
  }

  /**
   * A new request id: a random (version 4) UUID, from a thread's own generator. An id correlates
   * the records of one request and is no secret (a caller may even choose it with {@code
   * X-Request-Id}), so it needs no {@code SecureRandom}, whose shared lock {@code
   * UUID.randomUUID()} takes on every request.
   */
  static String newId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xf000L) | 0x4000L; // version 4
    long lo = (r.nextLong() & ~(0xcL << 60)) | (0x8L << 60); // IETF variant
    return new UUID(hi, lo).toString();
  }
}
