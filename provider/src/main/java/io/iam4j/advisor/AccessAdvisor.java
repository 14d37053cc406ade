package io.iam4j.advisor;

import io.iam4j.authz.Authorizer;
import io.iam4j.authz.DecisionObserver;
import io.iam4j.config.AtomicFiles;
import io.iam4j.config.StateFile;
import io.iam4j.directory.Identity;
import io.iam4j.eval.Decision;
import io.iam4j.eval.StatementRef;
import io.iam4j.policy.Effect;
import io.iam4j.policy.PolicyType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The access advisor's index: for every tenant and authenticated principal, when it last attempted
 * each action (IAM's "last authenticated": every attempt by an authenticated principal, allowed or
 * not), and for the latest allow which policy statement granted it; for every permissions policy,
 * when its statements last granted each action and to whom. It is fed by the {@link Authorizer} as
 * decisions happen ({@link #observe}), never by scanning the trail, and is kept in
 * {@code CONFIG/state/access-advisor.json} (written periodically and at {@link #close()}, read
 * back at start), so it survives restarts. Thread-safe.
 *
 * <p>A role session counts for its role (as IAM reports role last accessed), the root user for the
 * tenant's root ARN; anonymous requests are not recorded (AWS does not report unauthenticated
 * requests). Times are kept to the second.
 *
 * <p><b>Cost.</b> On the request path, when the principal and action are known, a decision costs
 * three hash lookups of strings whose hash codes are cached (tenant id, principal ARN, action name:
 * all come from the directory snapshot or the application and are the same objects every time)
 * and a few volatile writes, at most one per second per slot; it allocates nothing. Only the first
 * decision of a principal and action creates a slot. The benchmark {@code AdvisorBenchmark}
 * measures it.
 *
 * <p><b>Bound.</b> At most {@link #MAX_ENTRIES} slots (principal and action, or policy, action and
 * principal) are kept; past it new pairs are not recorded (logged once), known ones still are.
 */
public final class AccessAdvisor implements DecisionObserver, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AccessAdvisor.class.getName());

  /** The most slots kept in memory and in the file ({@code iam4j access advisor entries}). */
  public static final int MAX_ENTRIES = 250_000;
  /** How often the state is written when it changed, by default. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMinutes(1);
  /** Action names longer than this are not recorded (an application's actions are far shorter). */
  public static final int MAX_ACTION_CHARS = 256;

  /**
   * One principal's (or one policy's, for one principal) record of one action. Fields are written
   * without a lock: two decisions racing may leave the time of one and the statement of the other,
   * both of the same second, which the report cannot tell apart anyway.
   */
  static final class Slot {
    /** Epoch milliseconds (whole seconds) of the last attempt; 0 never. */
    volatile long lastAuthenticated;
    /** Epoch milliseconds (whole seconds) of the last allow; 0 never. */
    volatile long lastAllowed;
    /** The statement that granted the last allow; null when none did (never allowed, or root). */
    volatile StatementRef statement;
  }

  /** One principal: its actions, and the last request its password signed in (sign-in-backed). */
  static final class Principal {
    final ConcurrentHashMap<String, Slot> actions = new ConcurrentHashMap<>();
    /** Epoch milliseconds of the last request authenticated by the user's password (sign-in); 0 never. */
    volatile long passwordUsed;
  }

  /** One tenant: principals by ARN; policies by name, then action, then principal ARN. */
  static final class TenantIndex {
    final ConcurrentHashMap<String, Principal> principals = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, ConcurrentHashMap<String, ConcurrentHashMap<String, Slot>>> policies = new ConcurrentHashMap<>();
  }

  /** What the index knows of one action: times as instants (null never) and the granting statement. */
  public record ActionRecord(Instant lastAuthenticated, Instant lastAllowed, StatementRef statement) {}

  private final Path file;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, TenantIndex> tenants = new ConcurrentHashMap<>();
  private final AtomicInteger entries = new AtomicInteger();
  private volatile boolean full;
  private volatile long trackingSince;
  /** Null when the index is kept in memory only. */
  private final StateFile stateFile;

  private AccessAdvisor(Path file, LongSupplier clock, Duration flushInterval) {
    this.file = file;
    this.clock = clock;
    long now = second(clock.getAsLong());
    trackingSince = now;
    if (file != null) {
      AdvisorFile.State s = AdvisorFile.read(file);
      merge(s);
      if (s.trackingSince() != null && s.trackingSince().toEpochMilli() < trackingSince) {
        trackingSince = s.trackingSince().toEpochMilli();
      }
    }
    stateFile = file == null ? null : StateFile.open(file, "access advisor", LOG, "iam4j-access-advisor", flushInterval, this::write);
  }

  /** {@code CONFIG/state/access-advisor.json}: beside the tenant tree, never inside it. */
  public static Path defaultFile(Path configDir) {
    return configDir.resolve("state").resolve("access-advisor.json");
  }

  /**
   * Reads the state file (missing: nothing recorded yet; broken: logged, and the advisor starts
   * empty) and writes it back every {@code flushInterval} when something changed.
   *
   * @param flushInterval null to write only on {@link #flush()} and {@link #close()}
   */
  public static AccessAdvisor open(Path file, LongSupplier clock, Duration flushInterval) {
    return new AccessAdvisor(file, clock, flushInterval);
  }

  /** The state of {@code file}, for reading only (the command line): {@link #flush()} never writes. */
  public static AccessAdvisor readOnly(Path file) {
    AccessAdvisor a = new AccessAdvisor(file, System::currentTimeMillis, null);
    a.readOnly = true;
    return a;
  }

  /** An index kept in memory only (tests, benchmarks). */
  public static AccessAdvisor inMemory(LongSupplier clock) {
    return new AccessAdvisor(null, clock, null);
  }

  private boolean readOnly;

  private static long second(long ms) {
    return ms - Math.floorMod(ms, 1000L);
  }

  // ---------------------------------------------------------------- the request path

  @Override
  public void observe(Authorizer.Result r) {
    Identity identity = r.identity();
    if (identity == null) {
      return; // anonymous: AWS does not report unauthenticated requests
    }
    String principal = principalArn(identity);
    String action = r.request().action();
    if (principal == null || action == null || action.length() > MAX_ACTION_CHARS) {
      return;
    }
    TenantIndex t = tenants.get(identity.tenant().id());
    if (t == null) {
      t = tenants.computeIfAbsent(identity.tenant().id(), k -> new TenantIndex());
    }
    long now = second(clock.getAsLong());
    Principal p = t.principals.get(principal);
    if (p == null) {
      if (!room()) {
        return;
      }
      p = t.principals.computeIfAbsent(principal, k -> new Principal());
    }
    if (identity instanceof Identity.UserIdentity && p.passwordUsed < now && signInBacked(r)) {
      p.passwordUsed = now;
      changed();
    }
    Slot s = slot(p.actions, action);
    if (s == null) {
      return;
    }
    if (s.lastAuthenticated < now) {
      s.lastAuthenticated = now;
      changed();
    }
    Decision d = r.decision();
    if (!d.allowed()) {
      return;
    }
    List<StatementRef> deciding = d.deciding();
    StatementRef granted = granting(deciding);
    if (s.lastAllowed < now || s.statement != granted) {
      s.statement = granted;
      s.lastAllowed = now;
      changed();
    }
    // Every permissions policy whose statement granted the allow was "used" (policy last accessed).
    for (int i = 0, n = deciding.size(); i < n; i++) {
      StatementRef ref = deciding.get(i);
      if (ref.type() != PolicyType.IDENTITY || ref.effect() != Effect.ALLOW || ref.policy() == null) {
        continue;
      }
      ConcurrentHashMap<String, ConcurrentHashMap<String, Slot>> byAction = t.policies.get(ref.policy());
      if (byAction == null) {
        if (!room()) {
          continue;
        }
        byAction = t.policies.computeIfAbsent(ref.policy(), k -> new ConcurrentHashMap<>());
      }
      ConcurrentHashMap<String, Slot> byPrincipal = byAction.get(action);
      if (byPrincipal == null) {
        if (!room()) {
          continue;
        }
        byPrincipal = byAction.computeIfAbsent(action, k -> new ConcurrentHashMap<>());
      }
      Slot ps = slot(byPrincipal, principal);
      if (ps != null && (ps.lastAllowed < now || ps.statement != ref)) {
        ps.statement = ref;
        ps.lastAllowed = now;
        ps.lastAuthenticated = now;
        changed();
      }
    }
  }

  /** The slot of {@code key}, created when there is room; null when the index is full. */
  private Slot slot(ConcurrentHashMap<String, Slot> map, String key) {
    Slot s = map.get(key);
    if (s == null) {
      if (!room()) {
        return null;
      }
      s = map.computeIfAbsent(key, k -> {
        entries.incrementAndGet();
        return new Slot();
      });
    }
    return s;
  }

  private boolean room() {
    if (entries.get() < MAX_ENTRIES) {
      return true;
    }
    if (!full) {
      full = true;
      LOG.warning(() -> "The access advisor holds " + MAX_ENTRIES + " records (its limit): new principals and actions are not recorded");
    }
    return false;
  }

  private void changed() {
    if (stateFile != null) {
      stateFile.changed();
    }
  }

  /**
   * Whether a user's request was authenticated by the password (iam4j's sign-in: form, BASIC, or a
   * browser session made by either): those set {@code aws:MultiFactorAuthPresent}, a long-term
   * access key does not (AWS leaves the key out for long-term credentials), a role session is not
   * a user.
   */
  private static boolean signInBacked(Authorizer.Result r) {
    return r.request().context().getLower("aws:multifactorauthpresent") != null
        && r.request().context().getLower("aws:tokenissuetime") == null;
  }

  /** The permissions-policy statement that granted an allow: the first identity one, else the first. */
  static StatementRef granting(List<StatementRef> deciding) {
    StatementRef first = null;
    for (int i = 0, n = deciding.size(); i < n; i++) {
      StatementRef ref = deciding.get(i);
      if (ref.effect() != Effect.ALLOW) {
        continue;
      }
      if (ref.type() == PolicyType.IDENTITY) {
        return ref;
      }
      if (first == null && (ref.type() == PolicyType.RESOURCE || ref.type() == PolicyType.SESSION)) {
        first = ref;
      }
    }
    return first;
  }

  /** The ARN a principal's accesses are recorded under: the user's, the role's (for its sessions), the root's. */
  public static String principalArn(Identity identity) {
    if (identity instanceof Identity.RoleSessionIdentity s) {
      return s.roleArn();
    }
    return identity.caller().display();
  }

  // ---------------------------------------------------------------- reading

  /** Since when accesses are tracked (the first start of the index with this file). */
  public Instant trackingSince() {
    return Instant.ofEpochMilli(trackingSince);
  }

  /** Slots held (bounded by {@value #MAX_ENTRIES}). */
  public int size() {
    return entries.get();
  }

  /** The principals of a tenant with records, by ARN. */
  public List<String> principals(String tenant) {
    TenantIndex t = tenants.get(tenant);
    return t == null ? List.of() : List.copyOf(new TreeMap<>(t.principals).keySet());
  }

  /** What {@code principalArn} of {@code tenant} did, by action (as the requests named it); empty when nothing. */
  public Map<String, ActionRecord> principal(String tenant, String principalArn) {
    TenantIndex t = tenants.get(tenant);
    Principal p = t == null ? null : t.principals.get(principalArn);
    Map<String, ActionRecord> out = new TreeMap<>();
    if (p != null) {
      p.actions.forEach((a, s) -> out.put(a, record(s)));
    }
    return out;
  }

  /** When a user's password last backed a request, or null (never, since tracking began). */
  public Instant passwordLastUsed(String tenant, String userArn) {
    TenantIndex t = tenants.get(tenant);
    Principal p = t == null ? null : t.principals.get(userArn);
    return p == null || p.passwordUsed == 0 ? null : Instant.ofEpochMilli(p.passwordUsed);
  }

  /** What a policy's statements granted: action, then principal ARN, then the record; empty when nothing. */
  public Map<String, Map<String, ActionRecord>> policy(String tenant, String policyName) {
    TenantIndex t = tenants.get(tenant);
    var byAction = t == null ? null : t.policies.get(policyName);
    Map<String, Map<String, ActionRecord>> out = new TreeMap<>();
    if (byAction != null) {
      byAction.forEach((a, byPrincipal) -> {
        Map<String, ActionRecord> m = new TreeMap<>();
        byPrincipal.forEach((who, s) -> m.put(who, record(s)));
        out.put(a, m);
      });
    }
    return out;
  }

  private static ActionRecord record(Slot s) {
    long auth = s.lastAuthenticated;
    long allowed = s.lastAllowed;
    return new ActionRecord(auth == 0 ? null : Instant.ofEpochMilli(auth), allowed == 0 ? null : Instant.ofEpochMilli(allowed), s.statement);
  }

  // ---------------------------------------------------------------- the file

  /** Takes in what a state holds, keeping the later time of each slot. */
  private void merge(AdvisorFile.State state) {
    state.tenants().forEach((tenantId, ts) -> {
      TenantIndex t = tenants.computeIfAbsent(tenantId, k -> new TenantIndex());
      ts.principals().forEach((arn, ps) -> {
        if (!room()) {
          return;
        }
        Principal p = t.principals.computeIfAbsent(arn, k -> new Principal());
        if (ps.passwordLastUsed() != null && ps.passwordLastUsed().toEpochMilli() > p.passwordUsed) {
          p.passwordUsed = ps.passwordLastUsed().toEpochMilli();
        }
        ps.actions().forEach((action, rec) -> mergeSlot(slot(p.actions, action), rec));
      });
      ts.policies().forEach((policy, byAction) -> byAction.forEach((action, byPrincipal) -> byPrincipal.forEach((who, rec) -> {
        if (!room()) {
          return;
        }
        var actions = t.policies.computeIfAbsent(policy, k -> new ConcurrentHashMap<>());
        mergeSlot(slot(actions.computeIfAbsent(action, k -> new ConcurrentHashMap<>()), who), rec);
      })));
    });
  }

  private static void mergeSlot(Slot s, ActionRecord rec) {
    if (s == null) {
      return;
    }
    if (rec.lastAuthenticated() != null && rec.lastAuthenticated().toEpochMilli() > s.lastAuthenticated) {
      s.lastAuthenticated = rec.lastAuthenticated().toEpochMilli();
    }
    if (rec.lastAllowed() != null && rec.lastAllowed().toEpochMilli() > s.lastAllowed) {
      s.lastAllowed = rec.lastAllowed().toEpochMilli();
      s.statement = rec.statement();
    }
  }

  /** The whole index as a state (for the file and tests). */
  AdvisorFile.State state() {
    Map<String, AdvisorFile.TenantState> out = new TreeMap<>();
    tenants.forEach((id, t) -> {
      Map<String, AdvisorFile.PrincipalState> principals = new TreeMap<>();
      t.principals.forEach((arn, p) -> principals.put(arn, new AdvisorFile.PrincipalState(
          p.passwordUsed == 0 ? null : Instant.ofEpochMilli(p.passwordUsed), principal(id, arn))));
      Map<String, Map<String, Map<String, ActionRecord>>> policies = new TreeMap<>();
      t.policies.keySet().forEach(name -> policies.put(name, policy(id, name)));
      out.put(id, new AdvisorFile.TenantState(principals, policies));
    });
    return new AdvisorFile.State(Instant.ofEpochMilli(trackingSince), out);
  }

  /**
   * Writes the state now when it changed since the last write, merged first with the file as it is
   * (servers sharing it keep each other's records), atomically.
   *
   * @throws IOException when the file cannot be written; the state stays dirty and is tried again
   */
  public void flush() throws IOException {
    if (stateFile == null || readOnly) {
      return;
    }
    stateFile.flush();
  }

  /** Merges the file as it is into the index and writes it; under the state file's lock. */
  private void write() throws IOException {
    AdvisorFile.State onDisk = AdvisorFile.read(file);
    merge(onDisk);
    if (onDisk.trackingSince() != null && onDisk.trackingSince().toEpochMilli() < trackingSince) {
      trackingSince = onDisk.trackingSince().toEpochMilli();
    }
    AtomicFiles.write(file, AdvisorFile.print(state()));
  }

  /** Stops the periodic writes and writes what is left. */
  @Override
  public void close() {
    // A read-only advisor has no flusher and never writes.
    if (stateFile != null && !readOnly) {
      stateFile.close();
    }
  }

  @Override
  public String toString() {
    return "AccessAdvisor[" + file + ", " + entries.get() + " records]";
  }

}
