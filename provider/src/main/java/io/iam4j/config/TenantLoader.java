package io.iam4j.config;

import io.iam4j.directory.Arns;
import io.iam4j.directory.Credentials;
import io.iam4j.directory.Group;
import io.iam4j.directory.IdentityMapping;
import io.iam4j.directory.InlinePolicy;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tags;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.ArrayNode;
import io.iam4j.json.JsonNode.BooleanNode;
import io.iam4j.json.JsonNode.Member;
import io.iam4j.json.JsonNode.NumberNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonNode.StringNode;
import io.iam4j.json.JsonReadException;
import io.iam4j.json.JsonReader;
import io.iam4j.json.Location;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyException;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one tenant's configuration from its files and validates all of it — every policy through
 * the engine's parser, every reference between users, groups, roles and policies, names and limits
 * — before anything can become active. Reports every problem with its file and JSON pointer.
 * Stateless and thread-safe.
 *
 * <p>The layout under {@code tenants/<tenant>/} (paths in files are relative to that directory):
 *
 * <pre>
 * tenant.json                 optional: {"description": "...", "rootEnabled": false,
 *                              "passwordPolicy": {"minimumPasswordLength": 6..128, "requireSymbols",
 *                              "requireNumbers", "requireUppercaseCharacters",
 *                              "requireLowercaseCharacters", "allowUsersToChangePassword",
 *                              "maxPasswordAge": days 1..1095, "passwordReusePrevention": 1..24,
 *                              "hardExpiry"},
 *                              "console": {"requireMfa": false}}
 * users/NAME.json             {"path", "tags", "groups", "managedPolicies", "inlinePolicies",
 *                              "permissionsBoundary", "passwordHash", "mfaSeed", "accessKeys",
 *                              "created", "loginProfile", "mfaDevice"};
 *                              loginProfile (with passwordHash): {"created", "changed",
 *                              "resetRequired", "history": [previous hashes, newest first]};
 *                              mfaDevice (with mfaSeed): {"name", "path", "enabled"}
 *                              NAME is not "root"; accessKeys: at most 2 of {"id": "AKIA...",
 *                              "status": "Active"|"Inactive", "created": ISO-8601 instant,
 *                              "secret": sealed with the server key}, ids unique in the tenant
 * groups/NAME.json            {"path", "managedPolicies", "inlinePolicies", "created"}
 * mfa/NAME.json               a virtual MFA device created and not yet enabled (assigned to no
 *                             user): {"path", "created", "seed": sealed for "mfa/NAME"}
 * roles/NAME.json             {"path", "tags", "trustPolicy", "managedPolicies", "inlinePolicies",
 *                              "permissionsBoundary", "maxSessionDuration", "id",
 *                              "sessionsValidAfter", "description"}
 * policies/NAME.json          a managed policy with one version (v1)
 * policies/NAME/policy.json   {"path", "description", "defaultVersion", "shadowVersion"} and v1.json ... v5.json;
 *                              shadowVersion (optional): a version other than the default, evaluated
 *                              beside it on real traffic without deciding (shadow evaluation)
 * guardrails/NAME.json        the tenant's guardrails
 * identity-mapping.json       optional: how callers of other identity sources (OpenID Connect,
 *                             MicroProfile JWT, other identity stores) map to users and role
 *                             sessions ({"directoryUsers", "openIdConnectProviders", "groups",
 *                             "rules"}; see IdentityMappingReader)
 * any other .json file        a policy document referenced from the files above (inline, trust)
 * </pre>
 */
public final class TenantLoader {
  /** Tenant ids are the account field of ARNs: lower-case, DNS-label-like. */
  public static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern IDENTITY_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
  private static final Pattern LONG_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
  private static final Pattern PATH = Pattern.compile("/|/[\\x21-\\x2E\\x30-\\x7E][\\x21-\\x7E]{0,510}/");
  private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]{0,2})\\.json");
  private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

  /** IAM's quotas, named in messages. */
  public static final int MAX_MANAGED_POLICIES = 20;
  public static final int MAX_GROUPS_PER_USER = 10;
  public static final int MAX_TAGS = 50;
  public static final int MIN_SESSION_SECONDS = 3600;
  public static final int MAX_SESSION_SECONDS = 43200;
  /** IAM's limit on a role's description. */
  public static final int MAX_ROLE_DESCRIPTION = 1000;

  /**
   * The fewest PBKDF2 iterations a password hash may have. A hash with fewer is refused: each
   * iteration is what a stolen hash costs to guess. OWASP's 2023 guidance for PBKDF2-HMAC-SHA256 is
   * 600,000, Jakarta Security's default is 210,000 (the sample's hashes); below 100,000 is refused.
   */
  public static final int MIN_PBKDF2_ITERATIONS = 100_000;
  /** The most PBKDF2 iterations: every sign-in pays them (and so does every unknown user's attempt). */
  public static final int MAX_PBKDF2_ITERATIONS = 2_000_000;
  /** The algorithms of Jakarta Security's {@code Pbkdf2PasswordHash}. */
  public static final Set<String> PBKDF2_ALGORITHMS = Set.of("PBKDF2WithHmacSHA224", "PBKDF2WithHmacSHA256",
      "PBKDF2WithHmacSHA384", "PBKDF2WithHmacSHA512");
  /**
   * User names that are not users: {@code root} is the tenant root, enabled only by {@code
   * rootEnabled} in tenant.json, never by a user file.
   */
  public static final Set<String> RESERVED_USER_NAMES = Set.of("root");
  private static final Pattern ROLE_ID = Pattern.compile("AROA[A-Z0-9]{17}");

  private static final Set<String> TENANT_KEYS = Set.of("description", "rootEnabled", "passwordPolicy", "console");
  private static final Set<String> CONSOLE_KEYS = Set.of("requireMfa");
  private static final Set<String> USER_KEYS = Set.of("path", "tags", "groups", "managedPolicies", "inlinePolicies",
      "permissionsBoundary", "passwordHash", "mfaSeed", "accessKeys", "created", "loginProfile", "mfaDevice");
  private static final Set<String> PASSWORD_POLICY_KEYS = Set.of("minimumPasswordLength", "requireSymbols", "requireNumbers",
      "requireUppercaseCharacters", "requireLowercaseCharacters", "allowUsersToChangePassword", "maxPasswordAge",
      "passwordReusePrevention", "hardExpiry");
  private static final Set<String> LOGIN_PROFILE_KEYS = Set.of("created", "changed", "resetRequired", "history");
  private static final Set<String> MFA_DEVICE_KEYS = Set.of("name", "path", "enabled");
  private static final Set<String> PENDING_MFA_KEYS = Set.of("path", "created", "seed");
  /** The most previous password hashes kept: IAM's largest PasswordReusePrevention. */
  public static final int MAX_PASSWORD_HISTORY = 24;
  private static final Set<String> ACCESS_KEY_KEYS = Set.of("id", "status", "created", "secret");
  private static final Set<String> GROUP_KEYS = Set.of("path", "managedPolicies", "inlinePolicies", "created");
  private static final Set<String> ROLE_KEYS = Set.of("path", "tags", "trustPolicy", "managedPolicies", "inlinePolicies",
      "permissionsBoundary", "maxSessionDuration", "id", "sessionsValidAfter", "description");
  private static final Set<String> POLICY_META_KEYS = Set.of("path", "description", "defaultVersion", "shadowVersion");

  private final Arns arns;
  private final Map<String, ManagedPolicy> providerPolicies;
  private final PolicyParser parser;
  private final io.iam4j.crypto.ServerKey serverKey;

  public TenantLoader(Arns arns, Map<String, ManagedPolicy> providerPolicies, PolicyParser parser) {
    this(arns, providerPolicies, parser, null);
  }

  /**
   * @param serverKey the server key, or null; with it, every access key's secret must have been
   *     sealed by this server for that key, user and tenant (a secret copied from elsewhere is a
   *     located error); without it only the sealed format is checked
   */
  public TenantLoader(Arns arns, Map<String, ManagedPolicy> providerPolicies, PolicyParser parser,
      io.iam4j.crypto.ServerKey serverKey) {
    this.arns = arns;
    this.providerPolicies = Map.copyOf(providerPolicies);
    this.parser = parser;
    this.serverKey = serverKey;
  }

  /**
   * Loads a tenant from its files.
   *
   * @param files relative path (with {@code /}) to content, for every file of the tenant directory
   * @param displayPrefix prepended to paths in problems, e.g. {@code tenants/acme/}
   * @throws ConfigException with every problem when the configuration cannot become active
   */
  public Tenant load(String tenantId, Map<String, String> files, String displayPrefix) {
    Reading r = new Reading(tenantId, files, displayPrefix);
    Tenant t = r.tenant();
    if (!r.problems.isEmpty()) {
      throw new ConfigException(r.problems);
    }
    return t;
  }

  /**
   * One SHA-256 per thread: {@code MessageDigest.getInstance} looks the provider up on every call,
   * which cost more than hashing a small document when a tenant's ids and fingerprint were made
   * (a digest is reset by {@code digest()}; each use below finishes with it).
   */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  });

  /** SHA-256 over the sorted paths and contents: equal files, equal fingerprint. */
  public static String fingerprint(Map<String, String> files) {
    MessageDigest md = SHA256.get();
    md.reset();
    // Storages hand a TreeMap (sorted by name already): no second sorted copy then.
    Map<String, String> sorted = files instanceof java.util.SortedMap<String, String> sm && sm.comparator() == null ? files : new TreeMap<>(files);
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** A stable IAM-style unique id ({@code AIDA...} for users, {@code AROA...} for roles). */
  public static String uniqueId(String prefix, String tenant, String name) {
    MessageDigest md = SHA256.get();
    md.reset();
    byte[] h = md.digest((tenant + "/" + prefix + "/" + name).getBytes(StandardCharsets.UTF_8));
    // The first 17 letters and digits of the hash in Base64, upper-cased (Base64's '+' and '/'
    // skipped): what the regular-expression version made, without compiling one per id.
    String b64 = Base64.getEncoder().withoutPadding().encodeToString(h);
    StringBuilder id = new StringBuilder(prefix.length() + 17).append(prefix);
    for (int i = 0; i < b64.length() && id.length() < prefix.length() + 17; i++) {
      char c = b64.charAt(i);
      if (c >= 'a' && c <= 'z') {
        id.append((char) (c - 'a' + 'A'));
      } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        id.append(c);
      }
    }
    return id.toString();
  }

  /**
   * Why {@code hash} is not an acceptable {@code Pbkdf2PasswordHash} value
   * ({@code ALGORITHM:ITERATIONS:SALT:HASH}), or null when it is.
   */
  static String passwordHashProblem(String hash) {
    String[] f = hash.split(":", -1);
    String shape = "passwordHash must be a Jakarta Security Pbkdf2PasswordHash value (ALGORITHM:ITERATIONS:SALT:HASH); "
        + "clear-text passwords are never stored";
    if (f.length != 4) {
      return shape;
    }
    if (!PBKDF2_ALGORITHMS.contains(f[0])) {
      return "Unknown password hash algorithm \"" + (f[0].length() > 40 ? f[0].substring(0, 40) + "..." : f[0])
          + "\" (expected one of " + String.join(", ", new java.util.TreeSet<>(PBKDF2_ALGORITHMS)) + ")";
    }
    if (!f[1].matches("[0-9]{1,9}")) {
      return shape;
    }
    int iterations = Integer.parseInt(f[1]);
    if (iterations < MIN_PBKDF2_ITERATIONS) {
      return "The password hash has " + iterations + " PBKDF2 iterations; at least " + MIN_PBKDF2_ITERATIONS
          + " are required (TenantLoader.MIN_PBKDF2_ITERATIONS; OWASP recommends 600000): hash the password again";
    }
    if (iterations > MAX_PBKDF2_ITERATIONS) {
      return "The password hash has " + iterations + " PBKDF2 iterations; at most " + MAX_PBKDF2_ITERATIONS
          + " (TenantLoader.MAX_PBKDF2_ITERATIONS): every sign-in pays them";
    }
    try {
      if (Base64.getDecoder().decode(f[2]).length == 0 || Base64.getDecoder().decode(f[3]).length == 0) {
        return shape;
      }
    } catch (IllegalArgumentException e) {
      return shape;
    }
    return null;
  }

  private final class Reading {
    final String tenantId;
    final Map<String, String> files;
    final String prefix;
    final List<ConfigProblem> problems = new ArrayList<>();
    final Map<String, ManagedPolicy> policies = new LinkedHashMap<>();
    final Map<String, Group> groups = new LinkedHashMap<>();
    final java.util.Set<String> referenced = new java.util.HashSet<>();
    /** Access key id to the file and pointer that first holds it: ids are unique in the tenant. */
    final Map<String, String> accessKeyIds = new HashMap<>();
    /** MFA device name (lower case: IAM names ignore case) to the file that holds it. */
    final Map<String, String> mfaDevices = new HashMap<>();

    Reading(String tenantId, Map<String, String> files, String prefix) {
      this.tenantId = tenantId;
      this.files = files;
      this.prefix = prefix;
    }

    void problem(String file, JsonNode at, String message) {
      problems.add(new ConfigProblem(prefix + file, at == null ? "" : at.pointer(), at == null ? Location.UNKNOWN : at.location(), message));
    }

    Tenant tenant() {
      if (!TENANT_ID.matcher(tenantId).matches()) {
        problems.add(new ConfigProblem(prefix, "", Location.UNKNOWN,
            "Invalid tenant id \"" + tenantId + "\": lower-case letters, digits and dashes, at most 63 (" + TENANT_ID + ")"));
      }
      String description = "";
      boolean rootEnabled = false;
      io.iam4j.directory.PasswordPolicy passwordPolicy = null;
      io.iam4j.directory.ConsoleSettings console = io.iam4j.directory.ConsoleSettings.DEFAULTS;
      ObjectNode t = object("tenant.json", TENANT_KEYS, false);
      if (t != null) {
        description = string("tenant.json", t, "description", "");
        rootEnabled = bool("tenant.json", t, "rootEnabled", false);
        passwordPolicy = passwordPolicy(t.get("passwordPolicy"));
        console = console(t.get("console"));
      }
      loadPolicies();
      for (String name : names("groups/")) {
        Group g = group(name);
        if (g != null) {
          groups.put(name, g);
        }
      }
      Map<String, User> users = new LinkedHashMap<>();
      for (String name : names("users/")) {
        User u = user(name);
        if (u != null) {
          users.put(name, u);
        }
      }
      Map<String, Role> roles = new LinkedHashMap<>();
      for (String name : names("roles/")) {
        Role role = role(name);
        if (role != null) {
          roles.put(name, role);
        }
      }
      List<Policy> guardrails = new ArrayList<>();
      for (String file : files.keySet().stream().filter(f -> f.startsWith("guardrails/") && f.endsWith(".json")
          && f.indexOf('/', "guardrails/".length()) < 0).sorted().toList()) {
        Policy p = policy(file, PolicyType.GUARDRAIL);
        if (p != null) {
          guardrails.add(p.withName(arns.root(tenantId).replace(":root", ":guardrail/") + file.substring(11, file.length() - 5)));
        }
      }
      IdentityMapping mapping = IdentityMapping.NONE;
      ObjectNode im = object(IdentityMappingReader.FILE, IdentityMappingReader.KEYS, false);
      if (im != null) {
        mapping = new IdentityMappingReader(tenantId, arns, prefix + IdentityMappingReader.FILE, users, groups, roles,
            (node, message) -> problem(IdentityMappingReader.FILE, node, message)).read(im);
      }
      for (String name : names("mfa/")) {
        pendingMfaDevice(name);
      }
      checkStrayFiles();
      return new Tenant(tenantId, 0, description, users, groups, roles, policies, guardrails, rootEnabled, fingerprint(files),
          mapping, passwordPolicy, console);
    }

    /** tenant.json's console: the administration console's settings for this tenant. */
    io.iam4j.directory.ConsoleSettings console(JsonNode node) {
      if (node == null) {
        return io.iam4j.directory.ConsoleSettings.DEFAULTS;
      }
      String file = "tenant.json";
      if (!(node instanceof ObjectNode c)) {
        problem(file, node, "console is an object: {\"requireMfa\": true}");
        return io.iam4j.directory.ConsoleSettings.DEFAULTS;
      }
      for (Member m : c.members()) {
        if (!CONSOLE_KEYS.contains(m.name())) {
          problem(file, m.value(), "Unknown key \"" + m.name() + "\" (expected one of " + String.join(", ", new java.util.TreeSet<>(CONSOLE_KEYS)) + ")");
        }
      }
      return new io.iam4j.directory.ConsoleSettings(bool(file, c, "requireMfa", false));
    }

    /** tenant.json's passwordPolicy: IAM's UpdateAccountPasswordPolicy parameters and their ranges. */
    io.iam4j.directory.PasswordPolicy passwordPolicy(JsonNode node) {
      if (node == null) {
        return null;
      }
      String file = "tenant.json";
      if (!(node instanceof ObjectNode p)) {
        problem(file, node, "passwordPolicy is an object: {\"minimumPasswordLength\": 12, \"requireSymbols\": true, ...}");
        return null;
      }
      for (Member m : p.members()) {
        if (!PASSWORD_POLICY_KEYS.contains(m.name())) {
          problem(file, m.value(), "Unknown key \"" + m.name() + "\" (expected one of "
              + String.join(", ", new java.util.TreeSet<>(PASSWORD_POLICY_KEYS)) + ")");
        }
      }
      return new io.iam4j.directory.PasswordPolicy(integer(file, p, "minimumPasswordLength", 6, 128, 6),
          bool(file, p, "requireSymbols", false), bool(file, p, "requireNumbers", false),
          bool(file, p, "requireUppercaseCharacters", false), bool(file, p, "requireLowercaseCharacters", false),
          bool(file, p, "allowUsersToChangePassword", false), integer(file, p, "maxPasswordAge", 1, 1095, 0),
          integer(file, p, "passwordReusePrevention", 1, 24, 0), bool(file, p, "hardExpiry", false));
    }

    int integer(String file, ObjectNode o, String key, int min, int max, int dflt) {
      JsonNode n = o.get(key);
      if (n == null) {
        return dflt;
      }
      if (n instanceof NumberNode num && num.text().matches("[0-9]{1,4}")) {
        int v = Integer.parseInt(num.text());
        if (v >= min && v <= max) {
          return v;
        }
      }
      problem(file, n, key + " is a whole number from " + min + " to " + max);
      return dflt;
    }

    java.time.Instant instant(String file, ObjectNode o, String key) {
      String v = string(file, o, key, null);
      if (v == null) {
        return null;
      }
      try {
        if (v.length() <= 40) {
          return java.time.Instant.parse(v);
        }
      } catch (java.time.format.DateTimeParseException e) {
        // reported below
      }
      problem(file, o.get(key), key + " is an ISO-8601 instant such as \"2026-12-07T10:00:00Z\"");
      return null;
    }

    /** mfa/NAME.json: a virtual MFA device not assigned to any user. */
    void pendingMfaDevice(String name) {
      String file = "mfa/" + name + ".json";
      if (!IDENTITY_NAME.matcher(name).matches()) {
        problem(file, null, "Invalid MFA device name \"" + name + "\": " + IDENTITY_NAME);
      }
      ObjectNode o = object(file, PENDING_MFA_KEYS, true);
      if (o == null) {
        return;
      }
      path(file, o);
      instant(file, o, "created");
      String seed = string(file, o, "seed", null);
      if (seed == null || !seed.startsWith("enc:")) {
        problem(file, seed == null ? o : o.get("seed"), "A virtual MFA device needs its \"seed\", encrypted with the server's key (enc:...)");
      }
      deviceName(file, o, name);
    }

    void deviceName(String file, JsonNode at, String name) {
      String first = mfaDevices.putIfAbsent(name.toLowerCase(java.util.Locale.ROOT), file);
      if (first != null) {
        problem(file, at, "MFA device " + name + " is also in " + first + ": a device name is unique in the tenant");
      }
    }

    /**
     * Files the loader would never read are mistakes worth an error: a user file one directory too
     * deep, or a policy document nothing refers to that is not even a valid policy.
     */
    void checkStrayFiles() {
      for (String f : files.keySet()) {
        if (!f.endsWith(".json")) {
          continue;
        }
        for (String dir : List.of("users/", "groups/", "roles/", "guardrails/", "mfa/")) {
          if (f.startsWith(dir) && f.indexOf('/', dir.length()) >= 0) {
            problem(f, null, "Not read: " + dir + " holds NAME.json files directly, not subdirectories");
          }
        }
        boolean known = f.equals("tenant.json") || f.equals(IdentityMappingReader.FILE) || f.startsWith("users/") || f.startsWith("groups/") || f.startsWith("roles/")
            || f.startsWith("guardrails/") || f.startsWith("policies/") || f.startsWith("mfa/") || referenced.contains(f);
        if (!known) {
          try {
            JsonReader.read(files.get(f));
          } catch (JsonReadException e) {
            problems.add(new ConfigProblem(prefix + f, e.pointer(), e.location(), "Not valid JSON (and no file refers to it): " + e.getMessage()));
          }
        }
      }
    }

    /** Names of the {@code DIR/NAME.json} files directly in a directory. */
    List<String> names(String dir) {
      List<String> out = new ArrayList<>();
      for (String f : files.keySet()) {
        if (f.startsWith(dir) && f.endsWith(".json") && f.indexOf('/', dir.length()) < 0) {
          out.add(f.substring(dir.length(), f.length() - 5));
        }
      }
      out.sort(null);
      return out;
    }

    void loadPolicies() {
      // policies/NAME.json: one version; policies/NAME/policy.json + vN.json: versioned.
      for (String name : names("policies/")) {
        String file = "policies/" + name + ".json";
        if (!LONG_NAME.matcher(name).matches()) {
          problem(file, null, "Invalid policy name \"" + name + "\": " + LONG_NAME);
          continue;
        }
        Policy doc = policy(file, PolicyType.IDENTITY);
        if (doc != null) {
          String arn = arns.policy(tenantId, "/", name);
          policies.put(arn, new ManagedPolicy(arn, name, "/", "", List.of(new ManagedPolicy.Version("v1", doc.withName(arn))), "v1", false));
        }
      }
      for (String f : files.keySet().stream().filter(f -> f.startsWith("policies/") && f.endsWith("/policy.json")).sorted().toList()) {
        String name = f.substring("policies/".length(), f.length() - "/policy.json".length());
        if (name.contains("/") || !LONG_NAME.matcher(name).matches()) {
          problem(f, null, "Invalid policy directory \"" + name + "\": a managed policy is policies/NAME/policy.json, NAME " + LONG_NAME);
          continue;
        }
        ObjectNode meta = object(f, POLICY_META_KEYS, true);
        if (meta == null) {
          continue;
        }
        String path = path(f, meta);
        String description = string(f, meta, "description", "");
        String defaultVersion = string(f, meta, "defaultVersion", null);
        String dir = "policies/" + name + "/";
        String arn = arns.policy(tenantId, path, name);
        List<ManagedPolicy.Version> versions = new ArrayList<>();
        for (String vf : files.keySet().stream().filter(x -> x.startsWith(dir) && !x.equals(f)).sorted().toList()) {
          Matcher m = VERSION_FILE.matcher(vf.substring(dir.length()));
          if (!m.matches()) {
            problem(vf, null, "Unexpected file in a managed policy directory: versions are v1.json ... v" + ManagedPolicy.MAX_VERSIONS + ".json");
            continue;
          }
          Policy doc = policy(vf, PolicyType.IDENTITY);
          if (doc != null) {
            versions.add(new ManagedPolicy.Version("v" + m.group(1), doc.withName(arn)));
          }
        }
        if (versions.size() > ManagedPolicy.MAX_VERSIONS) {
          problem(f, meta, "Managed policy " + name + " has " + versions.size() + " versions; IAM keeps at most "
              + ManagedPolicy.MAX_VERSIONS + " (ManagedPolicy.MAX_VERSIONS): delete one before adding another");
        }
        JsonNode dv = meta.get("defaultVersion");
        if (defaultVersion == null) {
          problem(f, meta, "Missing \"defaultVersion\": which version is in force (e.g. \"v1\")");
        } else if (versions.stream().noneMatch(v -> v.id().equals(defaultVersion))) {
          if (files.keySet().stream().noneMatch(x -> x.equals(dir + defaultVersion + ".json"))) {
            problem(f, dv, "Default version " + defaultVersion + " does not exist: no file " + dir + defaultVersion + ".json");
          }
          continue;
        }
        if (policies.containsKey(arn)) {
          problem(f, null, "Managed policy " + arn + " is defined twice (policies/" + name + ".json and " + f + ")");
          continue;
        }
        String shadowVersion = shadowVersion(f, meta, dir, defaultVersion, versions);
        if (!versions.isEmpty() && defaultVersion != null) {
          policies.put(arn, new ManagedPolicy(arn, name, path, description, versions, defaultVersion, false, shadowVersion));
        }
      }
    }

    /**
     * The optional {@code "shadowVersion"} of a policy.json: a version that exists and is not the
     * default. Null when absent or invalid (then a problem is reported and the tenant is refused).
     */
    String shadowVersion(String f, ObjectNode meta, String dir, String defaultVersion, List<ManagedPolicy.Version> versions) {
      String shadow = string(f, meta, "shadowVersion", null);
      JsonNode at = meta.get("shadowVersion");
      if (shadow == null) {
        return null;
      }
      if (shadow.equals(defaultVersion)) {
        problem(f, at, "Shadow version " + shadow + " is the default version: a version in shadow is evaluated beside the default "
            + "one and must be another (promoting it to default ends its shadow)");
        return null;
      }
      if (versions.stream().noneMatch(v -> v.id().equals(shadow))) {
        // A version file that exists but failed to load has its own problem already.
        if (!files.containsKey(dir + shadow + ".json")) {
          problem(f, at, "Shadow version " + shadow + " does not exist: no file " + dir + shadow + ".json");
        }
        return null;
      }
      return shadow;
    }

    Group group(String name) {
      String file = "groups/" + name + ".json";
      if (!LONG_NAME.matcher(name).matches()) {
        problem(file, null, "Invalid group name \"" + name + "\": " + LONG_NAME);
      }
      ObjectNode o = object(file, GROUP_KEYS, true);
      if (o == null) {
        return null;
      }
      instant(file, o, "created");
      return new Group(name, path(file, o), managedRefs(file, o), inline(file, o));
    }

    User user(String name) {
      String file = "users/" + name + ".json";
      if (!IDENTITY_NAME.matcher(name).matches()) {
        problem(file, null, "Invalid user name \"" + name + "\": " + IDENTITY_NAME);
      }
      ObjectNode o = object(file, USER_KEYS, true);
      if (o == null) {
        return null;
      }
      if (RESERVED_USER_NAMES.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        problem(file, o, "\"" + name + "\" is a reserved user name (TenantLoader.RESERVED_USER_NAMES): the tenant root is "
            + "enabled by \"rootEnabled\" in tenant.json, never by a user file");
        return null;
      }
      List<String> groupNames = new ArrayList<>();
      JsonNode gs = o.get("groups");
      List<StringNode> list = strings(file, gs);
      if (list.size() > MAX_GROUPS_PER_USER) {
        problem(file, gs, "A user belongs to at most " + MAX_GROUPS_PER_USER + " groups (TenantLoader.MAX_GROUPS_PER_USER); found " + list.size());
      }
      for (StringNode g : list) {
        if (!files.containsKey("groups/" + g.value() + ".json")) {
          problem(file, g, "No group \"" + g.value() + "\" in tenant " + tenantId + " (expected groups/" + g.value() + ".json)");
        } else {
          groupNames.add(g.value());
        }
      }
      String hash = string(file, o, "passwordHash", null);
      if (hash != null) {
        String wrong = passwordHashProblem(hash);
        if (wrong != null) {
          problem(file, o.get("passwordHash"), wrong);
          hash = null;
        }
      }
      String seed = string(file, o, "mfaSeed", null);
      if (seed != null && !seed.startsWith("enc:")) {
        problem(file, o.get("mfaSeed"), "mfaSeed must be encrypted with the server's key (enc:...); a clear-text TOTP seed is refused");
      }
      List<io.iam4j.directory.AccessKey> keys = accessKeys(file, name, o);
      java.time.Instant created = instant(file, o, "created");
      io.iam4j.directory.LoginProfile profile = loginProfile(file, o);
      io.iam4j.directory.MfaDevice device = mfaDevice(file, o, name, seed != null);
      Credentials credentials = hash == null && seed == null && keys.isEmpty() ? null : new Credentials(hash, seed, keys, profile, device);
      return new User(name, path(file, o), uniqueId("AIDA", tenantId, name), tags(file, o), groupNames, managedRefs(file, o),
          inline(file, o), boundaryRef(file, o), credentials, created);
    }

    /** The user's loginProfile: dates and previous hashes of its password (never clear text). */
    io.iam4j.directory.LoginProfile loginProfile(String file, ObjectNode o) {
      JsonNode node = o.get("loginProfile");
      if (node == null) {
        return null;
      }
      if (!(node instanceof ObjectNode p)) {
        problem(file, node, "loginProfile is an object {\"created\", \"changed\", \"resetRequired\", \"history\"}");
        return null;
      }
      if (o.get("passwordHash") == null) {
        problem(file, node, "loginProfile describes a password: the user needs a passwordHash");
      }
      for (Member m : p.members()) {
        if (!LOGIN_PROFILE_KEYS.contains(m.name())) {
          problem(file, m.value(), "Unknown key \"" + m.name() + "\" (expected one of " + String.join(", ", new java.util.TreeSet<>(LOGIN_PROFILE_KEYS)) + ")");
        }
      }
      List<String> history = new ArrayList<>();
      JsonNode h = p.get("history");
      List<StringNode> hs = strings(file, h);
      if (hs.size() > MAX_PASSWORD_HISTORY) {
        problem(file, h, "At most " + MAX_PASSWORD_HISTORY + " previous password hashes (TenantLoader.MAX_PASSWORD_HISTORY); found " + hs.size());
      }
      for (StringNode s : hs) {
        String wrong = passwordHashProblem(s.value());
        if (wrong != null) {
          problem(file, s, wrong);
        } else {
          history.add(s.value());
        }
      }
      return new io.iam4j.directory.LoginProfile(instant(file, p, "created"), instant(file, p, "changed"),
          bool(file, p, "resetRequired", false), history);
    }

    /** The user's MFA device (named after the user when the file names none). */
    io.iam4j.directory.MfaDevice mfaDevice(String file, ObjectNode o, String user, boolean hasSeed) {
      JsonNode node = o.get("mfaDevice");
      if (node == null) {
        if (hasSeed) {
          deviceName(file, o.get("mfaSeed"), user);
          return io.iam4j.directory.MfaDevice.of(user);
        }
        return null;
      }
      if (!(node instanceof ObjectNode d)) {
        problem(file, node, "mfaDevice is an object {\"name\", \"path\", \"enabled\"}");
        return null;
      }
      if (!hasSeed) {
        problem(file, node, "mfaDevice describes the device of mfaSeed: the user needs an mfaSeed");
      }
      for (Member m : d.members()) {
        if (!MFA_DEVICE_KEYS.contains(m.name())) {
          problem(file, m.value(), "Unknown key \"" + m.name() + "\" (expected one of " + String.join(", ", new java.util.TreeSet<>(MFA_DEVICE_KEYS)) + ")");
        }
      }
      String name = string(file, d, "name", user);
      if (!IDENTITY_NAME.matcher(name).matches()) {
        problem(file, d.get("name"), "Invalid MFA device name \"" + name + "\": " + IDENTITY_NAME);
        return null;
      }
      deviceName(file, d, name);
      return new io.iam4j.directory.MfaDevice(name, path(file, d), instant(file, d, "enabled"));
    }

    /**
     * A user's access keys ({@code accessKeys}): ids in AWS's format and unique in the tenant, at most
     * {@link io.iam4j.directory.AccessKey#MAX_PER_USER}, a status, a creation date and the secret
     * sealed with the server key. Problems never quote a secret.
     */
    List<io.iam4j.directory.AccessKey> accessKeys(String file, String user, ObjectNode o) {
      List<io.iam4j.directory.AccessKey> out = new ArrayList<>();
      JsonNode node = o.get("accessKeys");
      if (node == null) {
        return out;
      }
      if (!(node instanceof ArrayNode arr)) {
        problem(file, node, "accessKeys is an array of access keys: [{\"id\": \"AKIA...\", \"status\": \"Active\", "
            + "\"created\": \"2026-12-07T10:00:00Z\", \"secret\": \"v2....\"}] (made by bin/iam access-key create)");
        return out;
      }
      if (arr.elements().size() > io.iam4j.directory.AccessKey.MAX_PER_USER) {
        problem(file, arr, "Cannot exceed quota for AccessKeysPerUser: " + io.iam4j.directory.AccessKey.MAX_PER_USER
            + " (found " + arr.elements().size() + "; delete a key first)");
      }
      for (JsonNode e : arr.elements()) {
        if (!(e instanceof ObjectNode k)) {
          problem(file, e, "An access key is an object {\"id\", \"status\", \"created\", \"secret\"}, found " + e.typeName());
          continue;
        }
        boolean ok = true;
        for (Member m : k.members()) {
          if (!ACCESS_KEY_KEYS.contains(m.name())) {
            problem(file, m.value(), "Unknown key \"" + m.name() + "\" (expected one of " + String.join(", ", new java.util.TreeSet<>(ACCESS_KEY_KEYS)) + ")");
            ok = false;
          }
        }
        String id = string(file, k, "id", null);
        if (id == null) {
          problem(file, k, "An access key needs its \"id\"");
          ok = false;
        } else if (!io.iam4j.directory.AccessKey.ID.matcher(id).matches()) {
          problem(file, k.get("id"), "An access key id is AKIA and 16 characters of A-Z and 2-7 (" + io.iam4j.directory.AccessKey.ID
              + "); found \"" + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "\"");
          ok = false;
        } else {
          String where = file + " " + k.get("id").pointer();
          String first = accessKeyIds.putIfAbsent(id, where);
          if (first != null) {
            problem(file, k.get("id"), "Access key " + id + " appears twice in tenant " + tenantId + " (first at " + first
                + "): an access key id belongs to one user");
            ok = false;
          }
        }
        io.iam4j.directory.AccessKey.Status status = null;
        String st = string(file, k, "status", null);
        if (st == null) {
          problem(file, k, "An access key needs its \"status\": Active or Inactive");
        } else if (st.equals("Active") || st.equals("Inactive")) {
          status = io.iam4j.directory.AccessKey.Status.valueOf(st);
        } else {
          problem(file, k.get("status"), "An access key's status is Active or Inactive; found \""
              + (st.length() > 40 ? st.substring(0, 40) + "..." : st) + "\"");
        }
        java.time.Instant created = null;
        String cr = string(file, k, "created", null);
        if (cr != null) {
          try {
            created = cr.length() <= 40 ? java.time.Instant.parse(cr) : null;
          } catch (java.time.format.DateTimeParseException ex) {
            created = null;
          }
        }
        if (created == null) {
          problem(file, cr == null ? k : k.get("created"), "An access key's \"created\" is an ISO-8601 instant such as \"2026-12-07T10:00:00Z\"");
        }
        String secret = string(file, k, "secret", null);
        if (secret == null) {
          problem(file, k, "An access key needs its \"secret\", sealed with the server key (made by bin/iam access-key create)");
        } else if (!io.iam4j.crypto.ServerKey.isSealed(secret)) {
          problem(file, k.get("secret"), "An access key's secret must be sealed with the server key (v2....); a clear-text "
              + "secret access key is refused: delete the key and create a new one with bin/iam access-key create");
          secret = null;
        } else if (serverKey != null && id != null && ok
            && !io.iam4j.crypto.AccessKeySecrets.sealedFor(serverKey, tenantId, user, id, secret)) {
          problem(file, k.get("secret"), "The secret of access key " + id + " was not sealed by this server's key for this key "
              + "of user " + user + " in tenant " + tenantId + " (copied from another key, user or tenant, or sealed with a "
              + "key no longer in the key file): delete the key and create a new one");
          secret = null;
        }
        if (ok && status != null && created != null && secret != null) {
          out.add(new io.iam4j.directory.AccessKey(id, user, status, created, secret));
        }
      }
      return out;
    }

    Role role(String name) {
      String file = "roles/" + name + ".json";
      if (!IDENTITY_NAME.matcher(name).matches()) {
        problem(file, null, "Invalid role name \"" + name + "\": " + IDENTITY_NAME);
      }
      ObjectNode o = object(file, ROLE_KEYS, true);
      if (o == null) {
        return null;
      }
      Policy trust = null;
      JsonNode tp = o.get("trustPolicy");
      if (tp == null) {
        problem(file, o, "A role needs a \"trustPolicy\": the file of the policy saying who may assume it");
      } else if (tp instanceof StringNode s) {
        String target = reference(file, s);
        if (target != null) {
          trust = policy(target, PolicyType.RESOURCE);
        }
      } else {
        problem(file, tp, "trustPolicy is the path of a policy file (found " + tp.typeName() + ")");
      }
      int max = MIN_SESSION_SECONDS;
      JsonNode ms = o.get("maxSessionDuration");
      if (ms != null) {
        if (ms instanceof NumberNode n && n.text().matches("[0-9]{1,6}")) {
          max = Integer.parseInt(n.text());
          if (max < MIN_SESSION_SECONDS || max > MAX_SESSION_SECONDS) {
            problem(file, ms, "maxSessionDuration is " + MIN_SESSION_SECONDS + " to " + MAX_SESSION_SECONDS + " seconds; found " + max);
          }
        } else {
          problem(file, ms, "maxSessionDuration is a whole number of seconds");
        }
      }
      if (trust == null) {
        return null;
      }
      String id = string(file, o, "id", null);
      if (id != null && !ROLE_ID.matcher(id).matches()) {
        problem(file, o.get("id"), "A role id is AROA and 17 upper-case letters or digits (" + ROLE_ID + "); found \"" + id + "\"");
      }
      java.time.Instant validAfter = null;
      String va = string(file, o, "sessionsValidAfter", null);
      if (va != null) {
        try {
          validAfter = va.length() <= 40 ? java.time.Instant.parse(va) : null;
        } catch (java.time.format.DateTimeParseException e) {
          validAfter = null;
        }
        if (validAfter == null) {
          problem(file, o.get("sessionsValidAfter"), "sessionsValidAfter is an ISO-8601 instant such as "
              + "\"2026-12-07T10:00:00Z\": sessions issued before it are revoked");
        }
      }
      String description = string(file, o, "description", "");
      if (description.length() > MAX_ROLE_DESCRIPTION) {
        problem(file, o.get("description"), "A role's description has at most " + MAX_ROLE_DESCRIPTION + " characters; found "
            + description.length());
      }
      String path = path(file, o);
      String arn = arns.role(tenantId, path, name);
      return new Role(name, path, id != null ? id : uniqueId("AROA", tenantId, name), tags(file, o), trust.withName(arn + "#trust"),
          managedRefs(file, o), inline(file, o), boundaryRef(file, o), max, validAfter, description);
    }

    List<String> managedRefs(String file, ObjectNode o) {
      JsonNode node = o.get("managedPolicies");
      List<StringNode> refs = strings(file, node);
      if (refs.size() > MAX_MANAGED_POLICIES) {
        problem(file, node, "At most " + MAX_MANAGED_POLICIES + " managed policies per identity (TenantLoader.MAX_MANAGED_POLICIES); found " + refs.size());
      }
      List<String> out = new ArrayList<>();
      for (StringNode s : refs) {
        if (managedExists(s.value())) {
          out.add(s.value());
        } else {
          problem(file, s, "No managed policy " + s.value() + " (tenant policies: " + String.join(", ", policies.keySet())
              + "; provider policies: " + String.join(", ", new TreeMap<>(providerPolicies).keySet()) + ")");
        }
      }
      return out;
    }

    boolean managedExists(String arn) {
      return policies.containsKey(arn) || providerPolicies.containsKey(arn);
    }

    String boundaryRef(String file, ObjectNode o) {
      JsonNode b = o.get("permissionsBoundary");
      if (b == null) {
        return null;
      }
      if (!(b instanceof StringNode s)) {
        problem(file, b, "permissionsBoundary is a managed policy ARN");
        return null;
      }
      if (!managedExists(s.value())) {
        problem(file, b, "No managed policy " + s.value() + " to use as permissions boundary");
        return null;
      }
      return s.value();
    }

    List<InlinePolicy> inline(String file, ObjectNode o) {
      List<InlinePolicy> out = new ArrayList<>();
      JsonNode node = o.get("inlinePolicies");
      if (node == null) {
        return out;
      }
      if (!(node instanceof ObjectNode map)) {
        problem(file, node, "inlinePolicies maps a policy name to the file holding it: {\"Name\": \"inline/file.json\"}");
        return out;
      }
      for (Member m : map.members()) {
        if (!LONG_NAME.matcher(m.name()).matches()) {
          problem(file, m.value(), "Invalid inline policy name \"" + m.name() + "\": " + LONG_NAME);
          continue;
        }
        if (!(m.value() instanceof StringNode s)) {
          problem(file, m.value(), "An inline policy is the path of its file");
          continue;
        }
        String target = reference(file, s);
        if (target != null) {
          Policy p = policy(target, PolicyType.IDENTITY);
          if (p != null) {
            out.add(new InlinePolicy(m.name(), p));
          }
        }
      }
      return out;
    }

    /** A file named from another file: relative to the tenant directory, never outside it. */
    String reference(String file, StringNode s) {
      String target = s.value();
      if (target.startsWith("/") || target.contains("\\") || List.of(target.split("/")).contains("..")) {
        problem(file, s, "A policy file is named relative to the tenant directory and stays inside it: \"" + target + "\"");
        return null;
      }
      if (!files.containsKey(target)) {
        problem(file, s, "No file " + target + " in tenant " + tenantId);
        return null;
      }
      referenced.add(target);
      return target;
    }

    Policy policy(String file, PolicyType type) {
      try {
        return parser.parse(files.get(file), type, prefix + file);
      } catch (PolicyException e) {
        for (Problem p : e.problems()) {
          problems.add(new ConfigProblem(prefix + file, p.pointer(), p.location(),
              p.message() + (p.found() == null ? "" : " (found " + p.found() + (p.expected() == null ? "" : "; expected " + p.expected()) + ")")));
        }
        return null;
      }
    }

    ObjectNode object(String file, Set<String> keys, boolean required) {
      String text = files.get(file);
      if (text == null) {
        if (required) {
          problem(file, null, "Missing file");
        }
        return null;
      }
      JsonNode root;
      try {
        root = JsonReader.read(text);
      } catch (JsonReadException e) {
        problems.add(new ConfigProblem(prefix + file, e.pointer(), e.location(), e.getMessage()));
        return null;
      }
      if (!(root instanceof ObjectNode o)) {
        problem(file, root, "Expected a JSON object, found " + root.typeName());
        return null;
      }
      Set<String> seen = new java.util.HashSet<>();
      for (Member m : o.members()) {
        if (!keys.contains(m.name())) {
          problem(file, m.value(), "Unknown key \"" + m.name() + "\" (expected one of " + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
        }
        if (!seen.add(m.name())) {
          problem(file, m.value(), "Duplicate key \"" + m.name() + "\"");
        }
      }
      return o;
    }

    String path(String file, ObjectNode o) {
      String p = string(file, o, "path", "/");
      if (!PATH.matcher(p).matches()) {
        problem(file, o.get("path"), "Invalid path \"" + p + "\": \"/\" or \"/division/team/\"");
        return "/";
      }
      return p;
    }

    Tags tags(String file, ObjectNode o) {
      JsonNode node = o.get("tags");
      if (node == null) {
        return Tags.NONE;
      }
      if (!(node instanceof ObjectNode map)) {
        problem(file, node, "tags is an object of key to string value");
        return Tags.NONE;
      }
      if (map.members().size() > MAX_TAGS) {
        problem(file, node, "At most " + MAX_TAGS + " tags (TenantLoader.MAX_TAGS); found " + map.members().size());
      }
      Map<String, String> out = new LinkedHashMap<>();
      Map<String, String> lower = new HashMap<>();
      for (Member m : map.members()) {
        if (!TAG_KEY.matcher(m.name()).matches() || m.name().toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
          problem(file, m.value(), "Invalid tag key \"" + m.name() + "\"");
          continue;
        }
        // Tag keys are case-insensitive in IAM: team and Team are one key.
        String previous = lower.put(m.name().toLowerCase(java.util.Locale.ROOT), m.name());
        if (previous != null) {
          problem(file, m.value(), "Tag key \"" + m.name() + "\" repeats \"" + previous + "\" (tag keys are case-insensitive)");
          continue;
        }
        if (m.value() instanceof StringNode s && s.value().length() <= 256) {
          out.put(m.name(), s.value());
        } else {
          problem(file, m.value(), "A tag value is a string of at most 256 characters");
        }
      }
      return new Tags(out);
    }

    List<StringNode> strings(String file, JsonNode node) {
      List<StringNode> out = new ArrayList<>();
      if (node == null) {
        return out;
      }
      if (node instanceof ArrayNode arr) {
        for (JsonNode e : arr.elements()) {
          if (e instanceof StringNode s) {
            out.add(s);
          } else {
            problem(file, e, "Expected a string, found " + e.typeName());
          }
        }
      } else {
        problem(file, node, "Expected an array of strings, found " + node.typeName());
      }
      return out;
    }

    String string(String file, ObjectNode o, String key, String dflt) {
      JsonNode n = o.get(key);
      if (n == null) {
        return dflt;
      }
      if (n instanceof StringNode s) {
        return s.value();
      }
      problem(file, n, key + " must be a string, found " + n.typeName());
      return dflt;
    }

    boolean bool(String file, ObjectNode o, String key, boolean dflt) {
      JsonNode n = o.get(key);
      if (n == null) {
        return dflt;
      }
      if (n instanceof BooleanNode b) {
        return b.value();
      }
      problem(file, n, key + " must be true or false, found " + n.typeName());
      return dflt;
    }
  }
}
