package io.iam4j.config;

import io.iam4j.json.JsonNode;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * When each user's password was last used to sign in: IAM's {@code PasswordLastUsed} and the
 * credential report's {@code password_last_used}. The sign-in path {@link #record}s a user each
 * time its password is verified (no I/O, no lock: a concurrent map, and most calls only read it);
 * the state is written to a file outside the tenant tree periodically and at {@link #close()}, and
 * read back when opened, so it survives restarts. Thread-safe. The model is {@link AccessKeyUsage}.
 *
 * <p>As IAM's credential report says of {@code password_last_used}: when a password is used more
 * than once in a 5-minute span, only the first use is recorded ({@link #RECORD_SPAN}); that also
 * keeps a sign-in (or a BASIC request) cheap. Dates are kept to the second.
 *
 * <p>The file ({@link #defaultFile}) is {@code {"version": 1, "tenants": {"acme": {"alice":
 * "2026-12-07T10:00:00Z"}}}}, written atomically. Servers sharing a configuration directory merge
 * it on every write (the later use wins). A broken file, or a broken entry, is logged and skipped:
 * it never stops sign-in.
 *
 * <p>Entries are by tenant and user name, so a user deleted and created again under the same name
 * inherits the old date: readers compare it with the login profile's creation date (see {@code
 * io.iam4j.report.CredentialReport}).
 */
public final class PasswordUsage implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PasswordUsage.class.getName());

  /** Uses of a password this close to the recorded one are not recorded (IAM's 5-minute span). */
  public static final Duration RECORD_SPAN = Duration.ofMinutes(5);
  /** How often the state is written when it changed, by default. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMinutes(1);
  /** The most users tracked: only verified passwords are recorded, so this bounds memory, not callers. */
  public static final int MAX_USERS = 1_000_000;
  private static final Pattern USER = Pattern.compile("[\\w+=,.@-]{1,64}");

  private final Path file;
  private final Clock clock;
  /** {@code tenant/user} to the last use: neither a tenant id nor a user name holds a slash. */
  private final Map<String, Instant> uses = new ConcurrentHashMap<>();
  private final StateFile state;

  private PasswordUsage(Path file, Clock clock, Duration flushInterval) {
    this.file = file;
    this.clock = clock;
    uses.putAll(read(file));
    state = StateFile.open(file, "password usage", LOG, "iam4j-password-usage", flushInterval, this::write);
  }

  /** {@code CONFIG/state/passwords-last-used.json}: beside the tenant tree, never inside it. */
  public static Path defaultFile(Path configDir) {
    return configDir.resolve("state").resolve("passwords-last-used.json");
  }

  /**
   * Reads the state file (a missing file is no use yet; a broken one is logged and treated as empty)
   * and writes it back every {@code flushInterval} when something changed.
   *
   * @param flushInterval null to write only on {@link #flush()} and {@link #close()}
   */
  public static PasswordUsage open(Path file, Clock clock, Duration flushInterval) {
    return new PasswordUsage(file, clock, flushInterval);
  }

  /** A successful sign-in of {@code user} of {@code tenant} with its password, now. */
  public void record(String tenant, String user) {
    record(tenant, user, clock.instant());
  }

  /**
   * A successful sign-in with the password of {@code user} of {@code tenant} at {@code at}. Call it
   * for verified passwords only. Costs a map read unless the last recorded use is more than
   * {@link #RECORD_SPAN} old.
   */
  public void record(String tenant, String user, Instant at) {
    if (!TenantLoader.TENANT_ID.matcher(tenant).matches() || !USER.matcher(user).matches()) {
      return;
    }
    String key = tenant + "/" + user;
    Instant current = uses.get(key);
    if (current != null && at.isBefore(current.plus(RECORD_SPAN))) {
      return;
    }
    if (current == null && uses.size() >= MAX_USERS) {
      return;
    }
    Instant next = at.truncatedTo(ChronoUnit.SECONDS);
    // Two sign-ins racing past the span: one of them wins; both are uses within the same span.
    boolean changed = current == null ? uses.putIfAbsent(key, next) == null : uses.replace(key, current, next);
    if (changed) {
      state.changed();
    }
  }

  /** When the password of {@code user} of {@code tenant} was last used to sign in; empty when never (since tracking began). */
  public Optional<Instant> lastUsed(String tenant, String user) {
    if (tenant == null || user == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(uses.get(tenant + "/" + user));
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

  /** Merges the file as it is into the state (the later use wins) and writes it; under the state file's lock. */
  private void write() throws IOException {
    for (Map.Entry<String, Instant> e : read(file).entrySet()) {
      uses.merge(e.getKey(), e.getValue(), (mine, theirs) -> theirs.isAfter(mine) ? theirs : mine);
    }
    AtomicFiles.write(file, print(new TreeMap<>(uses)));
  }

  /** Stops the periodic writes and writes what is left. */
  @Override
  public void close() {
    state.close();
  }

  private static String print(TreeMap<String, Instant> state) {
    StringBuilder sb = new StringBuilder("{\n  \"version\": 1,\n  \"tenants\": {");
    String tenant = null;
    for (Map.Entry<String, Instant> e : state.entrySet()) {
      int slash = e.getKey().indexOf('/');
      String t = e.getKey().substring(0, slash);
      if (!t.equals(tenant)) {
        sb.append(tenant == null ? "\n    " : "\n    },\n    ");
        PolicyPrinter.str(sb, t);
        sb.append(": {\n      ");
        tenant = t;
      } else {
        sb.append(",\n      ");
      }
      PolicyPrinter.str(sb, e.getKey().substring(slash + 1));
      sb.append(": ");
      PolicyPrinter.str(sb, e.getValue().toString());
    }
    return sb.append(tenant == null ? "}\n}\n" : "\n    }\n  }\n}\n").toString();
  }

  /** The state in {@code file}; entries that do not read are skipped (and logged), a missing file is empty. */
  static Map<String, Instant> read(Path file) {
    Map<String, Instant> out = new TreeMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try {
      JsonNode root = JsonReader.read(Files.readString(file, StandardCharsets.UTF_8));
      JsonNode tenants = root instanceof JsonNode.ObjectNode o ? o.get("tenants") : null;
      if (!(tenants instanceof JsonNode.ObjectNode map)) {
        LOG.warning(() -> "The password usage file " + file + " has no \"tenants\" object; starting without it");
        return out;
      }
      for (JsonNode.Member t : map.members()) {
        if (!TenantLoader.TENANT_ID.matcher(t.name()).matches() || !(t.value() instanceof JsonNode.ObjectNode users)) {
          LOG.warning(() -> "Skipping a malformed entry of " + file + " at " + t.value().pointer());
          continue;
        }
        for (JsonNode.Member u : users.members()) {
          Instant at = instant(u.value());
          if (at == null || !USER.matcher(u.name()).matches()) {
            LOG.warning(() -> "Skipping a malformed entry of " + file + " at " + u.value().pointer());
          } else if (out.size() < MAX_USERS) {
            out.put(t.name() + "/" + u.name(), at);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // JsonReadException included: a broken file never stops sign-in.
      LOG.log(Level.WARNING, "Cannot read the password usage file " + file + "; starting without it", e);
    }
    return out;
  }

  private static Instant instant(JsonNode n) {
    if (!(n instanceof JsonNode.StringNode s)) {
      return null;
    }
    try {
      return Instant.parse(s.value());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "PasswordUsage[" + file + ", " + uses.size() + " users]";
  }
}
