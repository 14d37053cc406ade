package io.iam4j.policy;

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
import io.iam4j.policy.ActionClause.Action;
import io.iam4j.policy.ActionClause.NotAction;
import io.iam4j.policy.PrincipalClause.Everyone;
import io.iam4j.policy.PrincipalClause.Listed;
import io.iam4j.policy.PrincipalClause.NotPrincipal;
import io.iam4j.policy.PrincipalClause.Principal;
import io.iam4j.policy.PrincipalClause.PrincipalEntry;
import io.iam4j.policy.PrincipalClause.PrincipalKind;
import io.iam4j.policy.PrincipalClause.PrincipalSet;
import io.iam4j.policy.ResourceClause.NotResource;
import io.iam4j.policy.ResourceClause.Resource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads IAM JSON policy documents and refuses what IAM refuses, reporting every problem of a
 * document at once, each with its JSON pointer, line and column. Immutable and thread-safe.
 */
public final class PolicyParser {

  /**
   * How strict the parser is about identifiers.
   *
   * @param limits size limits
   * @param bareTenantIds whether a bare {@code "AWS": "acme"} names tenant {@code acme}; AWS accepts
   *     only 12-digit account ids there, iam4j directories use tenant names
   */
  public record Settings(PolicyLimits limits, boolean bareTenantIds) {
    public static final Settings DEFAULTS = new Settings(PolicyLimits.DEFAULTS, false);
  }

  private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT_KEYS =
      Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition");
  private static final Pattern AWS_ACCOUNT = Pattern.compile("[0-9]{12}");
  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final String NAME = "[\\w+=,.@-]+";
  private static final Pattern AWS_PRINCIPAL_ARN = Pattern.compile(
      "arn:([a-z0-9-]+):(?:iam::([^:]+):(?:root|user/(?:" + NAME + "/)*" + NAME + "|role/(?:" + NAME + "/)*" + NAME + ")"
          + "|sts::([^:]+):(?:assumed-role/" + NAME + "/" + NAME + "|federated-user/" + NAME + "))");
  private static final Pattern FEDERATED_ARN =
      Pattern.compile("arn:([a-z0-9-]+):iam::([^:]+):(?:saml-provider/" + NAME + "|oidc-provider/[^\\s*?]+)");
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");
  private static final Pattern CANONICAL_USER = Pattern.compile("[0-9a-fA-F]{64}");

  private static final PolicyParser STANDARD = new PolicyParser(Settings.DEFAULTS);

  private final Settings settings;

  public PolicyParser(Settings settings) {
    this.settings = settings;
  }

  /** A parser with AWS's identifier rules and the default limits. */
  public static PolicyParser standard() {
    return STANDARD;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Parses a document from its text.
   *
   * @param source names the document in problems (a file name, a case pointer); may be empty
   * @throws PolicyException with every problem, when IAM would refuse the document
   */
  public Policy parse(String text, PolicyType type, String source) {
    return parse(text, type, source, "");
  }

  /** As {@link #parse(String, PolicyType, String)}, with pointers prefixed for an embedding document. */
  public Policy parse(String text, PolicyType type, String source, String pointerPrefix) {
    // A UTF-8 char takes at most 3 bytes (a surrogate pair 4 for 2 chars): count only when it matters.
    int bytes = (long) text.length() * 3 <= settings.limits().maxDocumentBytes() ? 0 : utf8Length(text);
    if (bytes > settings.limits().maxDocumentBytes()) {
      throw new PolicyException(List.of(new Problem(source, pointerPrefix, new Location(1, 1, 0),
          "Policy document size (" + bytes + " bytes) exceeds the maximum allowed ("
              + settings.limits().maxDocumentBytes() + ", from PolicyLimits.maxDocumentBytes)", null, null)));
    }
    JsonNode root;
    try {
      root = JsonReader.read(text, pointerPrefix, settings.limits().maxDepth());
    } catch (JsonReadException e) {
      throw new PolicyException(List.of(new Problem(source, e.pointer(), e.location(), e.getMessage(), null, "a JSON policy document")));
    }
    return parse(root, type, source);
  }

  /** Parses a document already read as JSON (for instance embedded in a simulation case). */
  public Policy parse(JsonNode root, PolicyType type, String source) {
    Reading r = new Reading(type, source);
    Policy policy = r.document(root);
    if (!r.problems.isEmpty() || policy == null) {
      throw new PolicyException(r.problems);
    }
    return policy;
  }

  /** One parse: collects problems instead of stopping at the first. */
  private final class Reading {
    final PolicyType type;
    final String source;
    final List<Problem> problems = new ArrayList<>();

    Reading(PolicyType type, String source) {
      this.type = type;
      this.source = source;
    }

    void problem(JsonNode at, String message, String found, String expected) {
      problems.add(new Problem(source, at.pointer(), at.location(), message, found, expected));
    }

    void problem(String pointer, Location at, String message, String found, String expected) {
      problems.add(new Problem(source, pointer, at, message, found, expected));
    }

    Policy document(JsonNode root) {
      if (!(root instanceof ObjectNode doc)) {
        problem(root, "A policy document must be a JSON object", root.typeName(), "object");
        return null;
      }
      checkMembers(doc, TOP_LEVEL, "policy");
      PolicyVersion version = PolicyVersion.ABSENT;
      JsonNode v = doc.get("Version");
      if (v != null) {
        if (v instanceof StringNode s && PolicyVersion.of(s.value()) != null) {
          version = PolicyVersion.of(s.value());
        } else {
          problem(v, "Unknown policy Version", show(v), "\"2012-10-17\" or \"2008-10-17\"");
        }
      }
      Optional<String> id = Optional.empty();
      JsonNode idNode = doc.get("Id");
      if (idNode != null) {
        id = Optional.ofNullable(string(idNode, "Id"));
        // IAM grammar: "The id_block is optional in resource-based policies. It must not be
        // included in identity-based policies."
        if (type != PolicyType.RESOURCE) {
          problem(idNode, "Id is not allowed in " + article(type.words()) + " policy: only resource-based policies have one",
              "Id", "no Id element");
        }
      }
      JsonNode st = doc.get("Statement");
      List<Statement> statements = new ArrayList<>();
      if (st == null) {
        problem(doc, "The policy has no Statement", "no Statement element", "a statement object or a non-empty array of them");
        return null;
      }
      List<JsonNode> elements;
      if (st instanceof ObjectNode) {
        elements = List.of(st);
      } else if (st instanceof ArrayNode arr) {
        elements = arr.elements();
        if (elements.isEmpty()) {
          problem(st, "The Statement array is empty", "[]", "at least one statement");
        }
      } else {
        problem(st, "Statement must be an object or an array of objects", st.typeName(), "object or array");
        return null;
      }
      int max = settings.limits().maxStatements();
      if (elements.size() > max) {
        problem(st, "Number of statements (" + elements.size() + ") exceeds the maximum allowed (" + max
            + ", from PolicyLimits.maxStatements)", null, null);
        return null;
      }
      Set<String> sids = new HashSet<>();
      for (JsonNode e : elements) {
        Statement s = statement(e, sids);
        if (s != null) {
          statements.add(s);
        }
      }
      return problems.isEmpty() ? new Policy(type, source, version, id, statements) : null;
    }

    void checkMembers(ObjectNode obj, Set<String> allowed, String what) {
      List<Member> members = obj.members();
      for (int i = 0; i < members.size(); i++) {
        Member m = members.get(i);
        if (!allowed.contains(m.name())) {
          problem(memberPointer(obj, m), m.nameLocation(), "Unknown " + what + " element \"" + m.name() + "\"",
              "\"" + m.name() + "\"", "one of " + String.join(", ", sorted(allowed)));
        }
        if (seenBefore(members, i, m.name())) {
          problem(memberPointer(obj, m), m.nameLocation(), "Duplicate element \"" + m.name() + "\"", null, "each element at most once");
        }
      }
    }

    Statement statement(JsonNode node, Set<String> sids) {
      if (!(node instanceof ObjectNode st)) {
        problem(node, "A statement must be a JSON object", node.typeName(), "object");
        return null;
      }
      int before = problems.size();
      checkMembers(st, STATEMENT_KEYS, "statement");

      Optional<String> sid = Optional.empty();
      JsonNode sidNode = st.get("Sid");
      if (sidNode != null) {
        String s = string(sidNode, "Sid");
        if (s != null) {
          sid = Optional.of(s);
          if (type != PolicyType.RESOURCE && !alphanumeric(s)) {
            problem(sidNode, "Sid may contain only ASCII letters and digits in " + article(type.words()) + " policy",
                quote(s), "[A-Za-z0-9]*");
          }
          if (!s.isEmpty() && !sids.add(s)) {
            problem(sidNode, "Duplicate Sid \"" + s + "\": statement ids must be unique within a policy", quote(s), "a unique Sid");
          }
        }
      }

      Effect effect = null;
      JsonNode eff = st.get("Effect");
      if (eff == null) {
        problem(st, "The statement has no Effect", "no Effect element", "\"Effect\": \"Allow\" or \"Deny\"");
      } else if (eff instanceof StringNode s && Effect.of(s.value()) != null) {
        effect = Effect.of(s.value());
      } else {
        problem(eff, "Invalid Effect", show(eff), "\"Allow\" or \"Deny\"");
      }

      PrincipalClause principal = principalClause(st);
      ActionClause action = actionClause(st);
      ResourceClause resource = resourceClause(st);
      List<Condition> conditions = conditions(st.get("Condition"));

      if (problems.size() > before) {
        return null;
      }
      return new Statement(sid, effect, Optional.ofNullable(principal), action, Optional.ofNullable(resource), conditions);
    }

    PrincipalClause principalClause(ObjectNode st) {
      JsonNode p = st.get("Principal");
      JsonNode np = st.get("NotPrincipal");
      if (p != null && np != null) {
        problem(np, "A statement cannot have both Principal and NotPrincipal", "Principal and NotPrincipal", "one of them");
        return null;
      }
      JsonNode node = p != null ? p : np;
      if (!type.namesPrincipals()) {
        if (node != null) {
          problem(node, (p != null ? "Principal" : "NotPrincipal") + " is not allowed in " + type.withArticle()
              + " policy: the principal is the identity it is attached to", p != null ? "Principal" : "NotPrincipal", "no principal element");
        }
        return null;
      }
      if (node == null) {
        problem(st, "A resource-based policy statement must name a Principal or NotPrincipal", "no principal element",
            "\"Principal\" or \"NotPrincipal\"");
        return null;
      }
      PrincipalSet set = principalSet(node);
      if (set == null) {
        return null;
      }
      return p != null ? new Principal(set) : new NotPrincipal(set);
    }

    PrincipalSet principalSet(JsonNode node) {
      if (node instanceof StringNode s) {
        if (s.value().equals("*")) {
          return new Everyone();
        }
        problem(node, "A principal string may only be \"*\"; name principals in an object", quote(s.value()),
            "\"*\" or {\"AWS\": ...}, {\"Service\": ...}, {\"Federated\": ...}");
        return null;
      }
      if (!(node instanceof ObjectNode obj)) {
        problem(node, "Invalid principal element", node.typeName(), "\"*\" or an object");
        return null;
      }
      if (obj.members().isEmpty()) {
        problem(node, "The principal object is empty", "{}", "at least one of AWS, Service, Federated, CanonicalUser");
        return null;
      }
      List<PrincipalEntry> entries = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Member m : obj.members()) {
        PrincipalKind kind = PrincipalKind.of(m.name());
        if (kind == null) {
          problem(memberPointer(obj, m), m.nameLocation(), "Unknown principal type \"" + m.name() + "\"", quote(m.name()),
              "AWS, Service, Federated or CanonicalUser");
          continue;
        }
        if (!seen.add(m.name())) {
          problem(memberPointer(obj, m), m.nameLocation(), "Duplicate principal type \"" + m.name() + "\"", null, null);
          continue;
        }
        for (StringNode v : strings(m.value(), "principal")) {
          if (principalValueOk(kind, v)) {
            entries.add(new PrincipalEntry(kind, v.value()));
          }
        }
      }
      return new Listed(entries);
    }

    boolean principalValueOk(PrincipalKind kind, StringNode v) {
      String s = v.value();
      boolean wildcard = s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
      if (s.equals("*") && kind == PrincipalKind.AWS) {
        return true;
      }
      if (wildcard) {
        problem(v, "Wildcards are not allowed in a principal, except the whole value \"*\"", quote(s),
            "a complete principal identifier");
        return false;
      }
      boolean ok = switch (kind) {
        case AWS -> awsPrincipal(s);
        case SERVICE -> HOST_NAME.matcher(s).matches() && s.contains(".");
        case FEDERATED -> federated(s);
        case CANONICAL_USER -> CANONICAL_USER.matcher(s).matches();
      };
      if (!ok) {
        String expected = switch (kind) {
          case AWS -> "an account id, or an iam root/user/role or sts assumed-role/federated-user ARN";
          case SERVICE -> "a service principal such as \"ec2.amazonaws.com\"";
          case FEDERATED -> "an identity provider such as \"accounts.google.com\" or a saml-provider/oidc-provider ARN";
          case CANONICAL_USER -> "a 64-character canonical user id";
        };
        problem(v, "Invalid " + kind.json() + " principal", quote(s), expected);
      }
      return ok;
    }

    boolean awsPrincipal(String s) {
      if (AWS_ACCOUNT.matcher(s).matches()) {
        return true;
      }
      if (!s.startsWith("arn:")) {
        return settings.bareTenantIds() && TENANT.matcher(s).matches();
      }
      var m = AWS_PRINCIPAL_ARN.matcher(s);
      if (!m.matches()) {
        return false;
      }
      String account = m.group(2) != null ? m.group(2) : m.group(3);
      return accountOk(m.group(1), account);
    }

    boolean federated(String s) {
      if (s.startsWith("arn:")) {
        var m = FEDERATED_ARN.matcher(s);
        return m.matches() && accountOk(m.group(1), m.group(2));
      }
      return HOST_NAME.matcher(s).matches();
    }

    boolean accountOk(String partition, String account) {
      if (partition.startsWith("aws")) {
        return AWS_ACCOUNT.matcher(account).matches();
      }
      return AWS_ACCOUNT.matcher(account).matches() || TENANT.matcher(account).matches();
    }

    ActionClause actionClause(ObjectNode st) {
      JsonNode a = st.get("Action");
      JsonNode na = st.get("NotAction");
      if (a != null && na != null) {
        problem(na, "A statement cannot have both Action and NotAction", "Action and NotAction", "one of them");
        return null;
      }
      if (a == null && na == null) {
        problem(st, "The statement has no Action or NotAction", "no action element", "\"Action\" or \"NotAction\"");
        return null;
      }
      JsonNode node = a != null ? a : na;
      List<String> patterns = new ArrayList<>();
      for (StringNode v : strings(node, "action")) {
        String s = v.value();
        if (s.equals("*") || isAction(s)) {
          patterns.add(s);
        } else {
          String why = s.indexOf(':') < 0 ? "An action needs a service prefix"
              : s.indexOf(':') != s.lastIndexOf(':') ? "An action has exactly one colon"
              : s.substring(0, s.indexOf(':')).matches(".*[*?].*") ? "Wildcards are not allowed in a service prefix"
              : "Malformed action";
          problem(v, why, quote(s), "\"*\" or \"service:ActionName\" (wildcards * and ? only in the action name)");
        }
      }
      return a != null ? new Action(patterns) : new NotAction(patterns);
    }

    ResourceClause resourceClause(ObjectNode st) {
      JsonNode r = st.get("Resource");
      JsonNode nr = st.get("NotResource");
      if (r != null && nr != null) {
        problem(nr, "A statement cannot have both Resource and NotResource", "Resource and NotResource", "one of them");
        return null;
      }
      if (r == null && nr == null) {
        if (type != PolicyType.RESOURCE) {
          problem(st, capitalize(article(type.words())) + " policy statement must have Resource or NotResource", "no resource element",
              "\"Resource\" or \"NotResource\"");
        }
        return null;
      }
      JsonNode node = r != null ? r : nr;
      List<String> patterns = new ArrayList<>();
      for (StringNode v : strings(node, "resource")) {
        String s = v.value();
        if (s.equals("*") || isArnPattern(s)) {
          patterns.add(s);
        } else {
          problem(v, "A resource must be \"*\" or an ARN", quote(s), "\"*\" or \"arn:partition:service:region:account:resource\"");
        }
      }
      return r != null ? new Resource(patterns) : new NotResource(patterns);
    }

    List<Condition> conditions(JsonNode node) {
      List<Condition> out = new ArrayList<>();
      if (node == null) {
        return out;
      }
      if (!(node instanceof ObjectNode block)) {
        problem(node, "Condition must be an object of operators", node.typeName(), "object");
        return out;
      }
      List<Member> opMembers = block.members();
      for (int i = 0; i < opMembers.size(); i++) {
        Member m = opMembers.get(i);
        ConditionOperator op = ConditionOperator.parse(m.name());
        if (seenBefore(opMembers, i, m.name())) {
          problem(memberPointer(block, m), m.nameLocation(), "Duplicate condition operator \"" + m.name() + "\"", null, null);
          continue;
        }
        if (op == null) {
          if (ConditionOperator.isNullIfExists(m.name())) {
            problem(memberPointer(block, m), m.nameLocation(), "The Null operator has no IfExists form", quote(m.name()), "\"Null\"");
          } else {
            problem(memberPointer(block, m), m.nameLocation(), "Unknown condition operator \"" + m.name() + "\"", quote(m.name()),
                "an IAM condition operator such as StringEquals, ArnLike, NumericLessThan, IpAddress, Null");
          }
          continue;
        }
        if (!(m.value() instanceof ObjectNode keys)) {
          problem(m.value(), "A condition operator takes an object of condition keys", m.value().typeName(), "object");
          continue;
        }
        List<Member> keyMembers = keys.members();
        for (int j = 0; j < keyMembers.size(); j++) {
          Member k = keyMembers.get(j);
          if (k.name().isBlank()) {
            problem(memberPointer(keys, k), k.nameLocation(), "Empty condition key", "\"\"", "a condition key such as aws:SourceIp");
            continue;
          }
          // Key names are case-insensitive: "aws:username" and "aws:UserName" are the same key.
          if (seenBeforeIgnoreCase(keyMembers, j, k.name())) {
            problem(memberPointer(keys, k), k.nameLocation(), "Duplicate condition key \"" + k.name() + "\"", null, null);
            continue;
          }
          List<String> values = conditionValues(k.value(), op);
          if (values != null) {
            out.add(new Condition(op, k.name(), values));
          }
        }
      }
      return out;
    }

    List<String> conditionValues(JsonNode node, ConditionOperator op) {
      if (node instanceof ArrayNode arr) {
        if (arr.elements().isEmpty()) {
          problem(node, "Empty list of condition values", "[]", "at least one value");
          return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (JsonNode e : arr.elements()) {
          String s = scalar(e);
          if (s == null) {
            return null;
          }
          ok &= typed(e, s, op);
          out.add(s);
        }
        return ok ? out : null;
      }
      String s = scalar(node);
      return s == null || !typed(node, s, op) ? null : List.of(s);
    }

    /**
     * Whether a value has the type its operator compares. Only Numeric values are checked: their
     * syntax is what bounds the cost of comparing them (an exponent like {@code 1e999999} is 25
     * bytes of JSON and minutes of exact arithmetic), and a value outside it could never match, so
     * the policy cannot mean what it says. AWS accepts such a policy and Access Analyzer flags it
     * ("Type mismatch number"); iam4j refuses it, with its pointer.
     */
    boolean typed(JsonNode node, String value, ConditionOperator op) {
      if (op.base().family() != ConditionOperator.Family.NUMERIC) {
        return true;
      }
      String why = NumericSyntax.problem(value);
      if (why != null) {
        problem(node, why, quote(value), NumericSyntax.EXPECTED);
        return false;
      }
      return true;
    }

    String scalar(JsonNode node) {
      if (node instanceof StringNode s) {
        return s.value();
      }
      if (node instanceof NumberNode n) {
        return n.text();
      }
      if (node instanceof BooleanNode b) {
        return Boolean.toString(b.value());
      }
      problem(node, "A condition value must be a string, number or boolean", node.typeName(), "string, number or boolean");
      return null;
    }

    /** A string or a non-empty array of strings. */
    List<StringNode> strings(JsonNode node, String what) {
      List<StringNode> out = new ArrayList<>();
      if (node instanceof StringNode s) {
        out.add(s);
      } else if (node instanceof ArrayNode arr) {
        if (arr.elements().isEmpty()) {
          problem(node, "Empty " + what + " list", "[]", "at least one " + what);
        }
        for (JsonNode e : arr.elements()) {
          if (e instanceof StringNode s) {
            out.add(s);
          } else {
            problem(e, "Each " + what + " must be a string", e.typeName(), "string");
          }
        }
      } else {
        problem(node, "Expected a string or an array of strings", node.typeName(), "string or array of strings");
      }
      return out;
    }

    String string(JsonNode node, String element) {
      if (node instanceof StringNode s) {
        return s.value();
      }
      problem(node, element + " must be a string", node.typeName(), "string");
      return null;
    }
  }

  /**
   * Whether {@code s} reads as an ARN pattern: {@code arn:partition:service:region:account:resource}
   * with a non-empty partition, service and resource. Colons inside policy variables do not count.
   */
  static boolean isArnPattern(String s) {
    if (!s.startsWith("arn:")) {
      return false;
    }
    // ArnSplitter.split's rule (colons inside ${...} do not separate), counted in place: parts 1
    // (partition), 2 (service) and 5 (resource, holding any further colons) must not be empty.
    int part = 1;
    int start = 4;
    int depth = 0;
    for (int i = 4; i < s.length() && part < 5; i++) {
      char c = s.charAt(i);
      if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
        depth++;
        i++;
      } else if (c == '}' && depth > 0) {
        depth--;
      } else if (c == ':' && depth == 0) {
        if ((part == 1 || part == 2) && i == start) {
          return false;
        }
        part++;
        start = i + 1;
      }
    }
    return part == 5 && start < s.length();
  }

  /** The pointer of an object's member: made only for a problem (most members have none). */
  private static String memberPointer(ObjectNode obj, Member m) {
    return obj.pointer() + "/" + escapePointerToken(m.name());
  }

  private static String escapePointerToken(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /**
   * Whether a member before index {@code i} has this name. Objects of a policy have a handful of
   * members, so a scan costs less than a hash set per object.
   */
  private static boolean seenBefore(List<Member> members, int i, String name) {
    for (int j = 0; j < i; j++) {
      if (members.get(j).name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * As {@link #seenBefore}, names compared as condition keys are: case-insensitively. Same answer as
   * comparing {@code toLowerCase(Locale.ROOT)} forms for ASCII names; for others, lower-cased first.
   */
  private static boolean seenBeforeIgnoreCase(List<Member> members, int i, String name) {
    boolean asciiName = ascii(name);
    for (int j = 0; j < i; j++) {
      String other = members.get(j).name();
      if (asciiName && ascii(other)) {
        if (other.equalsIgnoreCase(name)) {
          return true;
        }
      } else if (other.toLowerCase(java.util.Locale.ROOT).equals(name.toLowerCase(java.util.Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Bytes of {@code s} in UTF-8 (what {@code getBytes(UTF_8).length} counts), without encoding it. */
  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n++; // a lone surrogate: getBytes writes '?'
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** {@code [A-Za-z0-9]*}: IAM's Sid in identity-based policies. */
  static boolean alphanumeric(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!letterOrDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code [A-Za-z0-9][A-Za-z0-9_.-]*:[A-Za-z0-9*?_-]+}: a service prefix, one colon and an action
   * name in which only {@code *} and {@code ?} are wildcards. A loop rather than a regular expression:
   * it runs for every action of every statement read.
   */
  static boolean isAction(String s) {
    int colon = s.indexOf(':');
    if (colon < 1 || colon == s.length() - 1 || !letterOrDigit(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < colon; i++) {
      char c = s.charAt(i);
      if (!letterOrDigit(c) && c != '_' && c != '.' && c != '-') {
        return false;
      }
    }
    for (int i = colon + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!letterOrDigit(c) && c != '*' && c != '?' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean letterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static String article(String words) {
    return ("aeiou".indexOf(words.charAt(0)) >= 0 ? "an " : "a ") + words;
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String show(JsonNode n) {
    if (n instanceof StringNode s) {
      return quote(s.value());
    }
    if (n instanceof NumberNode num) {
      return num.text();
    }
    if (n instanceof BooleanNode b) {
      return Boolean.toString(b.value());
    }
    return n.typeName();
  }

  private static String quote(String s) {
    String shown = s.length() > 80 ? s.substring(0, 77) + "..." : s;
    return "\"" + shown + "\"";
  }

  private static List<String> sorted(Set<String> s) {
    List<String> l = new ArrayList<>(s);
    l.sort(null);
    return l;
  }
}
