package io.iam4j.iamapi;

import io.iam4j.IamException;
import io.iam4j.config.JsonText;
import io.iam4j.directory.Group;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonReadException;
import io.iam4j.json.JsonReader;
import io.iam4j.json.Location;
import io.iam4j.lint.Finding;
import io.iam4j.lint.PolicyLinter;
import io.iam4j.lint.Severity;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyException;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.Problem;
import io.iam4j.sts.AwsError;
import io.iam4j.sts.QueryRequest;
import io.iam4j.sts.QueryXml;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the role, policy and attachment operations share: IAM's parameter constraints and error
 * sentences, pagination ({@code Marker}/{@code MaxItems}), policy documents refused with the
 * location of the problem, and rewriting one member of an identity's JSON file while keeping the
 * rest as written by hand.
 */
final class ApiSupport {
  static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
  static final Pattern LONG_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
  static final Pattern PATH = Pattern.compile("/|/[\\x21-\\x2E\\x30-\\x7E][\\x21-\\x7E]{0,510}/");
  static final Pattern PATH_PREFIX = Pattern.compile("/[\\x21-\\x7E]{0,511}");
  static final Pattern VERSION_ID = Pattern.compile("v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
  /** The same parser settings the configuration loader uses: a document accepted here loads. */
  private static final PolicyParser PARSER = new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true));

  private ApiSupport() {}

  // ---- parameters

  static String name(QueryRequest q, String param, Pattern rule, int max) {
    String v = q.required(param);
    if (!rule.matcher(v).matches()) {
      throw AwsError.constraint(lowerFirst(param), v, "Member must satisfy regular expression pattern: [\\w+=,.@-]+ and have length 1 to " + max);
    }
    return v;
  }

  static String path(QueryRequest q) {
    String p = q.get("Path").orElse("/");
    if (!PATH.matcher(p).matches()) {
      throw AwsError.constraint("path", p, "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    }
    return p;
  }

  static String pathPrefix(QueryRequest q) {
    String p = q.get("PathPrefix").orElse("/");
    if (!PATH_PREFIX.matcher(p).matches()) {
      throw AwsError.constraint("pathPrefix", p, "Member must satisfy regular expression pattern: \\u002F[\\u0021-\\u007F]*");
    }
    return p;
  }

  static String description(QueryRequest q, String member) {
    String d = q.get("Description").orElse(null);
    if (d != null && d.length() > 1000) {
      throw AwsError.constraint(member, d, "Member must have length less than or equal to 1000");
    }
    return d;
  }

  static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** A policy ARN parameter ({@code PolicyArn}, {@code PermissionsBoundary}): 20 to 2048 characters. */
  static String arn(QueryRequest q, String param) {
    String v = q.required(param);
    if (v.length() < 20 || v.length() > 2048) {
      throw AwsError.constraint(lowerFirst(param), v, "Member must have length between 20 and 2048");
    }
    return v;
  }

  static User user(Tenant t, String name) {
    User u = t.users().get(name);
    if (u == null) {
      throw IamErrors.noSuchEntity("The user with name " + name + " cannot be found.");
    }
    return u;
  }

  static Group group(Tenant t, String name) {
    Group g = t.groups().get(name);
    if (g == null) {
      throw IamErrors.noSuchEntity("The group with name " + name + " cannot be found.");
    }
    return g;
  }

  static Role role(Tenant t, String name) {
    Role r = t.roles().get(name);
    if (r == null) {
      throw IamErrors.noSuchEntity("The role with name " + name + " cannot be found.");
    }
    return r;
  }

  static String userArn(IamCall call, String name) {
    User u = call.tenant().users().get(name);
    return call.directory().arns().user(call.tenant().id(), u == null ? "/" : u.path(), name);
  }

  static String groupArn(IamCall call, String name) {
    Group g = call.tenant().groups().get(name);
    return call.directory().arns().group(call.tenant().id(), g == null ? "/" : g.path(), name);
  }

  static String roleArn(IamCall call, String name) {
    Role r = call.tenant().roles().get(name);
    return call.directory().arns().role(call.tenant().id(), r == null ? "/" : r.path(), name);
  }

  /** A managed policy the caller's tenant may use: its own, or one shipped with iam4j. */
  static ManagedPolicy policy(IamCall call, String arn) {
    return call.directory().managedPolicy(call.tenant(), arn)
        .orElseThrow(() -> IamErrors.noSuchEntity("Policy " + arn + " does not exist or is not attachable."));
  }

  /** A policy of the tenant that the API may change: provider policies are read-only, as AWS managed policies. */
  static ManagedPolicy ownPolicy(IamCall call, String arn) {
    ManagedPolicy p = policy(call, arn);
    if (p.providerManaged() || !call.tenant().policies().containsKey(arn)) {
      throw IamErrors.unmodifiable("Cannot perform the operation on the provider-managed policy " + arn
          + ": it is shipped with iam4j and read-only");
    }
    return p;
  }

  /** IAM-style unique ids of entities without a stored one ({@code ANPA...} for policies). */
  static String uniqueId(String prefix, String seed) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest((prefix + "/" + seed).getBytes(StandardCharsets.UTF_8));
      String b = Base64.getEncoder().withoutPadding().encodeToString(h).replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
      return prefix + b.substring(0, 17);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- policy documents

  /**
   * Parses a document as IAM would, refusing it with {@code MalformedPolicyDocument} naming every
   * problem's line, column and JSON pointer; a lint finding of error severity (IAM would refuse it
   * or it cannot work as written) refuses it too.
   */
  static Policy document(QueryRequest q, String param, PolicyType type) {
    String text = q.required(param);
    if (text.length() > 131072) {
      throw AwsError.constraint(lowerFirst(param), text, "Member must have length less than or equal to 131072");
    }
    Policy p;
    try {
      p = PARSER.parse(text, type, param);
    } catch (PolicyException e) {
      StringBuilder sb = new StringBuilder("Syntax errors in policy.");
      for (Problem pr : e.problems()) {
        sb.append(' ').append(at(pr.location(), pr.pointer())).append(pr.message());
        if (pr.found() != null) {
          sb.append(" (found ").append(pr.found()).append(pr.expected() == null ? "" : "; expected " + pr.expected()).append(')');
        }
        sb.append('.');
      }
      throw new AwsError("MalformedPolicyDocument", 400, sb.toString());
    }
    JsonNode root;
    try {
      root = JsonReader.read(text);
    } catch (JsonReadException e) {
      root = null;
    }
    List<Finding> errors = PolicyLinter.lint(p, root).stream().filter(f -> f.severity() == Severity.ERROR).toList();
    if (!errors.isEmpty()) {
      StringBuilder sb = new StringBuilder("The policy cannot work as written.");
      for (Finding f : errors) {
        sb.append(" At ").append(f.pointer().isEmpty() ? "/" : f.pointer()).append(": ").append(f.message()).append(" [")
            .append(f.code()).append("].");
      }
      throw new AwsError("MalformedPolicyDocument", 400, sb.toString());
    }
    return p;
  }

  private static String at(Location l, String pointer) {
    String ptr = pointer == null || pointer.isEmpty() ? "/" : pointer;
    return (l == null || l.offset() < 0 ? "At " : "At line " + l.line() + ", column " + l.column() + " ") + "(" + ptr + "): ";
  }

  /** A document as AWS returns it: RFC 3986 percent-encoded. */
  static String urlEncoded(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
  }

  // ---- pagination

  /** One page of a list: the items, and the marker of the next page (null on the last). */
  record Page<T>(List<T> items, String marker) {
    void truncation(QueryXml xml) {
      xml.text("IsTruncated", marker != null);
      if (marker != null) {
        xml.text("Marker", marker);
      }
    }
  }

  /**
   * One page of {@code all} (in a stable order, each item with a unique key): from the item whose key
   * is the marker, at most {@code MaxItems} (1 to 1000, default 100).
   */
  static <T> Page<T> page(QueryRequest q, List<T> all, Function<T, String> key) {
    Integer max = q.integer("MaxItems");
    if (max != null && (max < 1 || max > 1000)) {
      throw AwsError.constraint("maxItems", max.toString(), "Member must have value between 1 and 1000");
    }
    int n = max == null ? 100 : max;
    String marker = q.get("Marker").orElse(null);
    int from = 0;
    if (marker != null) {
      String k;
      try {
        k = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw IamErrors.invalidInput("Invalid Marker");
      }
      from = -1;
      for (int i = 0; i < all.size(); i++) {
        if (key.apply(all.get(i)).compareTo(k) >= 0) {
          from = i;
          break;
        }
      }
      if (from < 0) {
        from = all.size();
      }
    }
    int to = Math.min(all.size(), from + n);
    String next = to < all.size() ? Base64.getUrlEncoder().withoutPadding().encodeToString(key.apply(all.get(to)).getBytes(StandardCharsets.UTF_8)) : null;
    return new Page<>(all.subList(from, to), next);
  }

  // ---- tags

  /** {@code Tags.member.N.Key/Value}, validated as IAM does (at most 50, keys case-insensitively unique). */
  static Map<String, String> tags(QueryRequest q) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    java.util.Set<String> lower = new java.util.HashSet<>();
    List<Map<String, String>> structs = q.structs("Tags", List.of("Key", "Value"));
    if (structs.size() > 50) {
      throw AwsError.constraint("tags", structs.size() + " tags", "Member must have length less than or equal to 50");
    }
    for (Map<String, String> t : structs) {
      String k = t.get("Key");
      String v = t.getOrDefault("Value", "");
      if (k == null || !k.matches("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}")) {
        throw AwsError.constraint("tags.member.key", k == null ? "" : k, "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+ and have length 1 to 128");
      }
      if (k.toLowerCase(Locale.ROOT).startsWith("aws:")) {
        throw IamErrors.invalidInput("Tag keys beginning with aws: are reserved");
      }
      if (v.length() > 256) {
        throw AwsError.constraint("tags.member.value", v, "Member must have length less than or equal to 256");
      }
      if (!lower.add(k.toLowerCase(Locale.ROOT))) {
        throw IamErrors.invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
      }
      out.put(k, v);
    }
    return out;
  }

  /** The request-tag condition keys of a tagging request: {@code aws:RequestTag/K} and {@code aws:TagKeys}. */
  static io.iam4j.eval.RequestContext tagContext(Map<String, String> tags) {
    io.iam4j.eval.RequestContext.Builder b = io.iam4j.eval.RequestContext.builder();
    if (tags.isEmpty()) {
      return b.build();
    }
    tags.forEach((k, v) -> b.put("aws:RequestTag/" + k, v));
    b.putSet("aws:TagKeys", List.copyOf(tags.keySet()));
    return b.build();
  }

  // ---- files

  /** The text of one of the tenant's files, or null when it has none. */
  static String readFile(IamCall call, String relative) {
    return tenantFiles(call).get(relative);
  }

  /** The tenant's files as stored now (relative path to text), whichever storage holds them. */
  static Map<String, String> tenantFiles(IamCall call) {
    try {
      io.iam4j.config.TenantStorage.Stored stored = call.store().storage().read(call.tenant().id());
      return stored == null ? Map.of() : stored.files();
    } catch (io.iam4j.config.StorageUnavailableException e) {
      throw new IamException("Cannot read the configuration of tenant " + call.tenant().id() + ": " + e.getMessage(), e);
    }
  }

  /** Every identity file of the caller's tenant as stored (relative path to text): what may refer to a document. */
  static Map<String, String> identityFiles(IamCall call) {
    Map<String, String> out = new java.util.TreeMap<>();
    tenantFiles(call).forEach((path, text) -> {
      String[] parts = path.split("/");
      // Directly in users/, groups/ or roles/ (not below), as the identity layout has them.
      if ((parts.length == 2 && List.of("users", "groups", "roles").contains(parts[0]) && parts[1].endsWith(".json"))
          || path.equals("identity-mapping.json")) {
        out.put(path, text);
      }
    });
    return out;
  }

  /** An identity's file as a JSON object (users/NAME.json, ...). */
  static JsonNode.ObjectNode object(IamCall call, String relative) {
    String text = readFile(call, relative);
    if (text == null) {
      throw new IamException("No file " + relative + " in tenant " + call.tenant().id());
    }
    if (!(JsonReader.read(text) instanceof JsonNode.ObjectNode o)) {
      throw new IamException(relative + " is not a JSON object");
    }
    return o;
  }

  /** The object with member {@code name} set to {@code value} (in place, or appended), or removed when value is null. */
  static JsonNode.ObjectNode with(JsonNode.ObjectNode o, String name, JsonNode value) {
    List<JsonNode.Member> members = new ArrayList<>();
    boolean placed = false;
    for (JsonNode.Member m : o.members()) {
      if (m.name().equals(name)) {
        if (value != null) {
          members.add(new JsonNode.Member(name, Location.UNKNOWN, value));
        }
        placed = true;
      } else {
        members.add(m);
      }
    }
    if (!placed && value != null) {
      members.add(new JsonNode.Member(name, Location.UNKNOWN, value));
    }
    return new JsonNode.ObjectNode("", Location.UNKNOWN, members);
  }

  static String print(JsonNode.ObjectNode o) {
    return JsonText.print(o);
  }

  static JsonNode str(String s) {
    return new JsonNode.StringNode("", Location.UNKNOWN, s);
  }

  static JsonNode num(long n) {
    return new JsonNode.NumberNode("", Location.UNKNOWN, Long.toString(n));
  }

  static JsonNode strings(List<String> values) {
    return new JsonNode.ArrayNode("", Location.UNKNOWN, values.stream().map(ApiSupport::str).toList());
  }

  /** An object of string values, or null when empty (the member is then removed). */
  static JsonNode stringMap(Map<String, String> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<JsonNode.Member> m = new ArrayList<>();
    values.forEach((k, v) -> m.add(new JsonNode.Member(k, Location.UNKNOWN, str(v))));
    return new JsonNode.ObjectNode("", Location.UNKNOWN, m);
  }

  /** The string members of an object member ({@code inlinePolicies}, {@code tags}), in file order. */
  static Map<String, String> stringMap(JsonNode.ObjectNode o, String name) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (o.get(name) instanceof JsonNode.ObjectNode m) {
      for (JsonNode.Member e : m.members()) {
        if (e.value() instanceof JsonNode.StringNode s) {
          out.put(e.name(), s.value());
        }
      }
    }
    return out;
  }

  static List<String> stringList(JsonNode.ObjectNode o, String name) {
    List<String> out = new ArrayList<>();
    if (o.get(name) instanceof JsonNode.ArrayNode a) {
      for (JsonNode e : a.elements()) {
        if (e instanceof JsonNode.StringNode s) {
          out.add(s.value());
        }
      }
    }
    return out;
  }

  /**
   * Whether a document file is referenced by any identity file other than {@code except}: a file
   * shared by hand between identities is never rewritten or deleted for one of them.
   */
  static boolean sharedElsewhere(Map<String, String> files, String document, String except) {
    String quoted = "\"" + document + "\"";
    for (Map.Entry<String, String> e : files.entrySet()) {
      String f = e.getKey();
      if (!f.equals(except) && (f.startsWith("users/") || f.startsWith("groups/") || f.startsWith("roles/")
          || f.equals("identity-mapping.json")) && e.getValue().contains(quoted)) {
        return true;
      }
    }
    return false;
  }

  /** A file-name segment for a name that may begin with a dot (which a configuration path may not). */
  static String segment(String name) {
    return name.startsWith(".") ? "%2E" + name.substring(1) : name;
  }
}
