package io.iam4j.config;

import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonReadException;
import io.iam4j.json.JsonReader;
import io.iam4j.policy.PolicyPrinter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * When each access key was last used, with which service and in which region: what IAM's
 * GetAccessKeyLastUsed answers. Every signed request {@link #record}s its key in memory (no I/O,
 * no lock: a concurrent map, and most calls only read it); the state is written to a file outside
 * the tenant tree periodically and at {@link #close()}, and read back when opened, so it survives
 * restarts. Thread-safe.
 *
 * <p>As IAM's credential report says of a key's last use: when a key is used more than once in a
 * 15-minute span, only the first use is recorded ({@link #RECORD_SPAN}). That is also what keeps
 * the request path cheap: within the span a use changes nothing. Dates are kept to the second.
 *
 * <p>The file ({@link #defaultFile}) is {@code {"version": 1, "keys": {"AKIA...": {"lastUsedDate":
 * "...", "serviceName": "s3", "region": "us-east-1"}}}}, written atomically. Servers sharing a
 * configuration directory merge it on every write (the later use of a key wins), so none loses the
 * others' uses.
 */
public final class AccessKeyUsage implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AccessKeyUsage.class.getName());

  /** Uses of a key this close to the recorded one are not recorded (IAM's 15-minute span). */
  public static final Duration RECORD_SPAN = Duration.ofMinutes(15);
  /** How often the state is written when it changed, by default. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMinutes(1);
  /** The most keys tracked: the caller records authenticated keys only, so this is never reached in practice. */
  public static final int MAX_KEYS = 1_000_000;
  /** The bound on service names and regions kept (they come from signed requests). */
  public static final int MAX_FIELD_CHARS = 64;
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_FIELD_CHARS + "}");

  /**
   * A key's last use. {@link #NONE} when the key was never used (since tracking began): no date,
   * service and region {@code N/A}, as GetAccessKeyLastUsed answers.
   */
  public record LastUsed(Instant lastUsedDate, String serviceName, String region) {
    public static final LastUsed NONE = new LastUsed(null, "N/A", "N/A");

    public boolean used() {
      return lastUsedDate != null;
    }
  }

  private final Path file;
  private final Clock clock;
  private final Map<String, LastUsed> uses = new ConcurrentHashMap<>();
  /** Deleted keys: not merged back from the file by a later write (ids are never reused). */
  private final java.util.Set<String> forgotten = ConcurrentHashMap.newKeySet();
  private final StateFile state;

  private AccessKeyUsage(Path file, Clock clock, Duration flushInterval) {
    this.file = file;
    this.clock = clock;
    uses.putAll(read(file));
    state = StateFile.open(file, "access key usage", LOG, "iam4j-access-key-usage", flushInterval, this::write);
  }

  /** {@code CONFIG/state/access-keys-last-used.json}: beside the tenant tree, never inside it. */
  public static Path defaultFile(Path configDir) {
    return configDir.resolve("state").resolve("access-keys-last-used.json");
  }

  /**
   * Reads the state file (a missing file is no use yet; a broken one is logged and treated as empty)
   * and writes it back every {@code flushInterval} when something changed.
   *
   * @param flushInterval null to write only on {@link #flush()} and {@link #close()}
   */
  public static AccessKeyUsage open(Path file, Clock clock, Duration flushInterval) {
    return new AccessKeyUsage(file, clock, flushInterval);
  }

  /** A use of {@code keyId} now, by a request to {@code service} in {@code region}. */
  public void record(String keyId, String service, String region) {
    record(keyId, clock.instant(), service, region);
  }

  /**
   * A use of {@code keyId} at {@code at}, by a request to {@code service} in {@code region}.
   * Call it for authenticated keys only. Costs a map read unless the last recorded use is more than
   * {@link #RECORD_SPAN} old.
   */
  public void record(String keyId, Instant at, String service, String region) {
    LastUsed current = uses.get(keyId);
    if (current != null && at.isBefore(current.lastUsedDate().plus(RECORD_SPAN))) {
      return;
    }
    if (current == null && uses.size() >= MAX_KEYS) {
      return;
    }
    LastUsed next = new LastUsed(at.truncatedTo(ChronoUnit.SECONDS), field(service), field(region));
    // Two requests racing past the span: one of them wins; both are uses within the same span.
    boolean changed = current == null ? uses.putIfAbsent(keyId, next) == null : uses.replace(keyId, current, next);
    if (changed) {
      state.changed();
    }
  }

  private static String field(String s) {
    return s != null && FIELD.matcher(s).matches() ? s : "N/A";
  }

  /** GetAccessKeyLastUsed's answer for {@code keyId}; {@link LastUsed#NONE} when never used. */
  public LastUsed lastUsed(String keyId) {
    LastUsed u = keyId == null ? null : uses.get(keyId);
    return u == null ? LastUsed.NONE : u;
  }

  /** Drops what is known of a deleted key (its id is never reused). */
  public void forget(String keyId) {
    forgotten.add(keyId);
    uses.remove(keyId);
    state.changed();
  }

  /**
   * Writes the state now when it changed since the last write: merged with the file as it is (so
   * servers sharing it keep each other's uses), written atomically.
   *
   * @throws IOException when the file cannot be written; the state stays dirty and is tried again
   */
  public void flush() throws IOException {
    state.flush();
  }

  /** Merges the file as it is into the state (the later use of a key wins) and writes it; under the state file's lock. */
  private void write() throws IOException {
    for (Map.Entry<String, LastUsed> e : read(file).entrySet()) {
      if (forgotten.contains(e.getKey())) {
        continue;
      }
      uses.merge(e.getKey(), e.getValue(), (mine, theirs) -> theirs.lastUsedDate().isAfter(mine.lastUsedDate()) ? theirs : mine);
    }
    AtomicFiles.write(file, print(new TreeMap<>(uses)));
  }

  /** Stops the periodic writes and writes what is left. */
  @Override
  public void close() {
    state.close();
  }

  private static String print(Map<String, LastUsed> state) {
    StringBuilder sb = new StringBuilder("{\n  \"version\": 1,\n  \"keys\": {");
    boolean first = true;
    for (Map.Entry<String, LastUsed> e : state.entrySet()) {
      sb.append(first ? "\n    " : ",\n    ");
      first = false;
      PolicyPrinter.str(sb, e.getKey());
      sb.append(": {\"lastUsedDate\": ");
      PolicyPrinter.str(sb, e.getValue().lastUsedDate().toString());
      sb.append(", \"serviceName\": ");
      PolicyPrinter.str(sb, e.getValue().serviceName());
      sb.append(", \"region\": ");
      PolicyPrinter.str(sb, e.getValue().region());
      sb.append('}');
    }
    return sb.append(first ? "}\n}\n" : "\n  }\n}\n").toString();
  }

  /** The state in {@code file}; entries that do not read are skipped (and logged), a missing file is empty. */
  static Map<String, LastUsed> read(Path file) {
    Map<String, LastUsed> out = new TreeMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try {
      JsonNode root = JsonReader.read(Files.readString(file, StandardCharsets.UTF_8));
      JsonNode keys = root instanceof JsonNode.ObjectNode o ? o.get("keys") : null;
      if (!(keys instanceof JsonNode.ObjectNode map)) {
        LOG.warning(() -> "The access key usage file " + file + " has no \"keys\" object; starting without it");
        return out;
      }
      for (JsonNode.Member m : map.members()) {
        LastUsed u = entry(m.value());
        if (u == null || !io.iam4j.directory.AccessKey.ID.matcher(m.name()).matches()) {
          LOG.warning(() -> "Skipping a malformed entry of " + file + " at " + m.value().pointer());
        } else {
          out.put(m.name(), u);
        }
      }
    } catch (IOException | JsonReadException e) {
      LOG.log(Level.WARNING, "Cannot read the access key usage file " + file + "; starting without it", e);
    }
    return out;
  }

  private static LastUsed entry(JsonNode n) {
    if (!(n instanceof JsonNode.ObjectNode o) || !(o.get("lastUsedDate") instanceof JsonNode.StringNode d)
        || !(o.get("serviceName") instanceof JsonNode.StringNode s) || !(o.get("region") instanceof JsonNode.StringNode r)) {
      return null;
    }
    try {
      return new LastUsed(Instant.parse(d.value()), field(s.value()), field(r.value()));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "AccessKeyUsage[" + file + ", " + uses.size() + " keys]";
  }
}
