package io.iam4j.config;

import io.iam4j.directory.Arns;
import io.iam4j.directory.Group;
import io.iam4j.directory.IdentityMapping;
import io.iam4j.directory.IdentityMapping.Match;
import io.iam4j.directory.IdentityMapping.OidcProvider;
import io.iam4j.directory.IdentityMapping.Rule;
import io.iam4j.directory.IdentityMapping.Target;
import io.iam4j.directory.Role;
import io.iam4j.directory.User;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.ArrayNode;
import io.iam4j.json.JsonNode.BooleanNode;
import io.iam4j.json.JsonNode.Member;
import io.iam4j.json.JsonNode.NumberNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonNode.StringNode;
import io.iam4j.jwt.JwkSet;
import io.iam4j.jwt.JwksCache;
import io.iam4j.mapping.NameTemplate;
import io.iam4j.mapping.Wildcard;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Reads a tenant's {@code identity-mapping.json} and checks it against the tenant it belongs to:
 * every user, group and role it names exists, every provider is a usable issuer URL, and no two
 * rules of one precedence can match one caller and map it differently. Every problem is reported
 * with its JSON pointer (through {@code problem}); one instance per file, not thread-safe.
 *
 * <p>The overlap check is conservative. Two rules are disjoint only when both constrain the same
 * single-valued attribute (the caller name, the issuer, or one of {@link #SINGLE_VALUED_CLAIMS})
 * with patterns no one string matches together; conditions on groups or on other claims never
 * separate rules, since a caller can be in both groups and an array claim can hold both values.
 */
final class IdentityMappingReader {
  /** The file, in a tenant's directory. */
  static final String FILE = "identity-mapping.json";

  /** The most rules one file holds. */
  static final int MAX_RULES = 100;
  /** IAM's quota of OpenID Connect providers per account, and of client IDs per provider. */
  static final int MAX_PROVIDERS = 100;
  static final int MAX_CLIENT_IDS = 100;
  /** The most patterns one condition lists, and claims one match names. */
  static final int MAX_PATTERNS = 100;
  static final int MAX_CLAIMS = 20;
  /** The most container groups the file maps. */
  static final int MAX_GROUP_MAPPINGS = 100;
  static final int DEFAULT_PRECEDENCE = 100;
  static final int MAX_PRECEDENCE = 1000;

  /** Claims that are one string by the JWT and OpenID Connect specifications (and MicroProfile JWT's upn). */
  static final Set<String> SINGLE_VALUED_CLAIMS = Set.of("iss", "sub", "azp", "email", "preferred_username", "upn");

  static final Set<String> KEYS = Set.of("directoryUsers", "openIdConnectProviders", "groups", "rules");
  private static final Set<String> PROVIDER_KEYS = Set.of("url", "clientIds", "jwksUri", "jwks");
  /** The longest jwksUri (IAM's own URLs are at most 255; a JWK set URI may carry a query). */
  static final int MAX_JWKS_URI = 2048;
  private static final Set<String> RULE_KEYS = Set.of("sid", "precedence", "match", "user", "role", "sessionName");
  private static final Set<String> MATCH_KEYS = Set.of("caller", "groups", "issuer", "claims");
  private static final Pattern SID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern CLAIM_NAME = Pattern.compile("[\\x21-\\x7E]{1,128}");
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

  private final String tenantId;
  private final Arns arns;
  private final String source;
  private final Map<String, User> users;
  private final Map<String, Group> groups;
  private final Map<String, Role> roles;
  private final BiConsumer<JsonNode, String> problem;
  /** Each rule's node, to locate problems found by comparing rules. */
  private final Map<Rule, JsonNode> nodes = new java.util.IdentityHashMap<>();

  /**
   * @param source the file as messages name it ({@code tenants/acme/identity-mapping.json})
   * @param problem reports a problem at a node of the file
   */
  IdentityMappingReader(String tenantId, Arns arns, String source, Map<String, User> users, Map<String, Group> groups,
      Map<String, Role> roles, BiConsumer<JsonNode, String> problem) {
    this.tenantId = tenantId;
    this.arns = arns;
    this.source = source;
    this.users = users;
    this.groups = groups;
    this.roles = roles;
    this.problem = problem;
  }

  IdentityMapping read(ObjectNode root) {
    boolean directoryUsers = false;
    JsonNode du = root.get("directoryUsers");
    if (du instanceof BooleanNode b) {
      directoryUsers = b.value();
    } else if (du != null) {
      report(du, "directoryUsers must be true or false, found " + du.typeName());
    }
    List<OidcProvider> providers = providers(root.get("openIdConnectProviders"));
    Map<String, List<String>> groupMap = groupMappings(root.get("groups"));
    List<Rule> rules = rules(root.get("rules"), providers);
    ambiguities(rules);
    return new IdentityMapping(source, directoryUsers, providers, groupMap, rules);
  }

  // ------------------------------------------------------------------ providers

  private List<OidcProvider> providers(JsonNode node) {
    List<OidcProvider> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof ArrayNode arr)) {
      report(node, "openIdConnectProviders is an array of {\"url\": ..., \"clientIds\": [...]}");
      return out;
    }
    if (arr.elements().size() > MAX_PROVIDERS) {
      report(node, "At most " + MAX_PROVIDERS + " OpenID Connect providers per tenant (IAM's quota); found " + arr.elements().size());
    }
    Set<String> urls = new HashSet<>();
    for (JsonNode e : arr.elements()) {
      ObjectNode o = object(e, PROVIDER_KEYS, "An OpenID Connect provider");
      if (o == null) {
        continue;
      }
      JsonNode urlNode = o.get("url");
      String url = urlNode instanceof StringNode s ? s.value() : null;
      String name = url == null ? null : providerName(urlNode, url);
      if (urlNode == null) {
        report(o, "A provider needs \"url\": its issuer, exactly as its tokens carry it in iss");
      } else if (url == null) {
        report(urlNode, "url must be a string, found " + urlNode.typeName());
      } else if (name != null && !urls.add(url)) {
        report(urlNode, "Provider " + url + " is registered twice");
        name = null;
      }
      List<StringNode> ids = strings(o.get("clientIds"), "clientIds");
      if (o.get("clientIds") == null || ids.isEmpty()) {
        report(o.get("clientIds") == null ? o : o.get("clientIds"), "A provider needs \"clientIds\": the audiences "
            + "(client IDs) whose tokens may assume roles, at least one (IAM's ClientIDList)");
      }
      if (ids.size() > MAX_CLIENT_IDS) {
        report(o.get("clientIds"), "At most " + MAX_CLIENT_IDS + " client IDs per provider (IAM's quota); found " + ids.size());
      }
      for (StringNode id : ids) {
        if (id.value().isEmpty() || id.value().length() > 255) {
          report(id, "A client ID is 1 to 255 characters");
        }
      }
      URI jwksUri = jwksUri(o.get("jwksUri"));
      JwkSet jwks = jwks(o.get("jwks"));
      if (o.get("jwksUri") != null && o.get("jwks") != null) {
        report(o.get("jwks"), "A provider's keys come from \"jwksUri\" or from \"jwks\", not both");
        jwks = null;
      }
      // A provider with a bad jwksUri or jwks is still registered (the file is refused anyway), so that
      // its rules are not reported a second time for naming an unknown issuer.
      if (name != null) {
        out.add(new OidcProvider(url, name, arns.oidcProvider(tenantId, name), ids.stream().map(StringNode::value).toList(),
            jwksUri, jwks));
      }
    }
    return out;
  }

  /** The provider's JWK set URI, or null (absent, or reported). */
  private URI jwksUri(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (!(node instanceof StringNode s)) {
      report(node, "jwksUri is the URL of the provider's JWK set, found " + node.typeName());
      return null;
    }
    URI u;
    try {
      u = new URI(s.value());
    } catch (URISyntaxException e) {
      report(node, "Not a URL: \"" + abbreviate(s.value()) + "\"");
      return null;
    }
    java.util.Optional<String> why = JwksCache.unusableUrl(u);
    if (why.isPresent() || s.value().length() > MAX_JWKS_URI) {
      report(node, "jwksUri is " + why.orElse("at most " + MAX_JWKS_URI + " characters") + "; found \"" + abbreviate(s.value()) + "\"");
      return null;
    }
    return u;
  }

  /** The provider's keys written into the file, or null (absent, or reported: every unusable key is a problem here). */
  private JwkSet jwks(JsonNode node) {
    if (node == null) {
      return null;
    }
    int before = problems;
    JwkSet keys = JwkSet.read(node, this::report);
    if (problems == before && keys.isEmpty()) {
      report(node, "jwks holds no key: a provider needs at least one public signature key (RSA or EC)");
    }
    return problems == before ? keys : null;
  }

  /** The provider's name (its URL without the scheme), or null after reporting why the URL is not usable. */
  private String providerName(JsonNode at, String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      report(at, "Not a URL: \"" + abbreviate(url) + "\"");
      return null;
    }
    String host = u.getHost() == null ? null : (u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost());
    boolean https = "https".equals(u.getScheme());
    boolean loopbackHttp = "http".equals(u.getScheme()) && host != null && LOOPBACK.contains(host);
    if (url.length() > 255 || host == null || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null
        || !(https || loopbackHttp)) {
      report(at, "A provider url is https://HOST[:PORT][/PATH], at most 255 characters, without query or fragment "
          + "(http:// only for a provider on this machine, for tests); found \"" + abbreviate(url) + "\"");
      return null;
    }
    return url.substring(u.getScheme().length() + "://".length());
  }

  // ------------------------------------------------------------------ group mappings

  private Map<String, List<String>> groupMappings(JsonNode node) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof ObjectNode o)) {
      report(node, "groups maps a container group to the IAM groups it adds: {\"staff\": [\"Developers\"]}");
      return out;
    }
    if (o.members().size() > MAX_GROUP_MAPPINGS) {
      report(node, "At most " + MAX_GROUP_MAPPINGS + " container groups are mapped; found " + o.members().size());
    }
    for (Member m : o.members()) {
      if (out.containsKey(m.name())) {
        report(m.value(), "Container group \"" + m.name() + "\" is mapped twice");
        continue;
      }
      List<StringNode> names = stringOrStrings(m.value(), "The IAM groups of a container group");
      if (names.size() > TenantLoader.MAX_GROUPS_PER_USER) {
        report(m.value(), "A container group adds at most " + TenantLoader.MAX_GROUPS_PER_USER
            + " IAM groups (TenantLoader.MAX_GROUPS_PER_USER); found " + names.size());
      }
      List<String> valid = new ArrayList<>();
      for (StringNode g : names) {
        if (groups.containsKey(g.value())) {
          valid.add(g.value());
        } else {
          report(g, "No group \"" + g.value() + "\" in tenant " + tenantId + " (expected groups/" + g.value() + ".json)");
        }
      }
      out.put(m.name(), valid);
    }
    return out;
  }

  // ------------------------------------------------------------------ rules

  private List<Rule> rules(JsonNode node, List<OidcProvider> providers) {
    List<Rule> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof ArrayNode arr)) {
      report(node, "rules is an array of rules");
      return out;
    }
    if (arr.elements().size() > MAX_RULES) {
      report(node, "At most " + MAX_RULES + " rules per tenant; found " + arr.elements().size());
    }
    Map<String, JsonNode> sids = new LinkedHashMap<>();
    for (JsonNode e : arr.elements()) {
      Rule r = rule(e, providers);
      if (r != null) {
        if (sids.putIfAbsent(r.sid(), e) != null) {
          report(((ObjectNode) e).get("sid"), "Rule sid \"" + r.sid() + "\" is used twice (also at " + sids.get(r.sid()).pointer() + ")");
          continue;
        }
        out.add(r);
        nodes.put(r, e);
      }
    }
    return out;
  }

  private Rule rule(JsonNode node, List<OidcProvider> providers) {
    ObjectNode o = object(node, RULE_KEYS, "A rule");
    if (o == null) {
      return null;
    }
    boolean ok = true;
    String sid = null;
    JsonNode sidNode = o.get("sid");
    if (sidNode instanceof StringNode s && SID.matcher(s.value()).matches()) {
      sid = s.value();
    } else {
      report(sidNode == null ? o : sidNode, "A rule needs \"sid\": its name in audit records, " + SID);
      ok = false;
    }
    int precedence = DEFAULT_PRECEDENCE;
    JsonNode pn = o.get("precedence");
    if (pn != null) {
      if (pn instanceof NumberNode n && n.text().matches("[0-9]{1,4}") && Integer.parseInt(n.text()) <= MAX_PRECEDENCE) {
        precedence = Integer.parseInt(n.text());
      } else {
        report(pn, "precedence is a whole number from 0 to " + MAX_PRECEDENCE + " (lower is tried first; default "
            + DEFAULT_PRECEDENCE + ")");
        ok = false;
      }
    }
    Match match = match(o.get("match"));
    if (match == null) {
      ok = false;
    }
    Target target = target(o, match, providers);
    if (target == null || !ok) {
      return null;
    }
    return new Rule(sid, precedence, o.pointer(), match, target);
  }

  private Match match(JsonNode node) {
    if (node == null) {
      return Match.ANY;
    }
    ObjectNode o = object(node, MATCH_KEYS, "match");
    if (o == null) {
      return null;
    }
    int before = problems;
    List<String> callers = patterns(o.get("caller"), "caller");
    List<String> groupPatterns = patterns(o.get("groups"), "groups");
    List<String> issuers = patterns(o.get("issuer"), "issuer");
    Map<String, List<String>> claims = new LinkedHashMap<>();
    JsonNode cn = o.get("claims");
    if (cn != null) {
      if (!(cn instanceof ObjectNode co)) {
        report(cn, "claims maps a claim name to the patterns its value must match: {\"email_verified\": \"true\"}");
      } else {
        if (co.members().size() > MAX_CLAIMS) {
          report(cn, "A match names at most " + MAX_CLAIMS + " claims; found " + co.members().size());
        }
        for (Member m : co.members()) {
          if (!CLAIM_NAME.matcher(m.name()).matches()) {
            report(m.value(), "Invalid claim name \"" + abbreviate(m.name()) + "\": " + CLAIM_NAME);
          } else if (claims.containsKey(m.name())) {
            report(m.value(), "Claim \"" + m.name() + "\" is named twice");
          } else {
            claims.put(m.name(), patterns(m.value(), "claim " + m.name()));
          }
        }
      }
    }
    return problems == before ? new Match(callers, groupPatterns, issuers, claims) : null;
  }

  private Target target(ObjectNode rule, Match match, List<OidcProvider> providers) {
    JsonNode user = rule.get("user");
    JsonNode role = rule.get("role");
    JsonNode session = rule.get("sessionName");
    if ((user == null) == (role == null)) {
      report(rule, "A rule maps to exactly one of \"user\" (an IAM user) or \"role\" (a session of an IAM role)");
      return null;
    }
    if (user != null) {
      if (session != null) {
        report(session, "sessionName belongs to rules with \"role\"");
      }
      if (!(user instanceof StringNode s)) {
        report(user, "user is a user name, or a template such as \"${claim:preferred_username}\"");
        return null;
      }
      NameTemplate t = template(s);
      if (t == null) {
        return null;
      }
      if (t.constant() && !users.containsKey(s.value())) {
        report(s, "No user \"" + abbreviate(s.value()) + "\" in tenant " + tenantId + " (expected users/" + s.value() + ".json)");
        return null;
      }
      return new Target.ToUser(s.value());
    }
    if (!(role instanceof StringNode r)) {
      report(role, "role is the name of an IAM role of the tenant");
      return null;
    }
    boolean ok = true;
    if (!roles.containsKey(r.value())) {
      report(r, "No role \"" + abbreviate(r.value()) + "\" in tenant " + tenantId + " (expected roles/" + r.value() + ".json)");
      ok = false;
    }
    String sessionName = "${claim:sub}";
    if (session != null) {
      if (session instanceof StringNode s && template(s) != null) {
        sessionName = s.value();
      } else {
        if (!(session instanceof StringNode)) {
          report(session, "sessionName is a template such as \"${claim:sub}\"");
        }
        ok = false;
      }
    }
    OidcProvider provider = null;
    if (match != null) {
      if (match.issuers().size() == 1) {
        String issuer = match.issuers().get(0);
        provider = providers.stream().filter(p -> p.url().equals(issuer)).findFirst().orElse(null);
      }
      if (provider == null) {
        JsonNode at = rule.get("match") instanceof ObjectNode m && m.get("issuer") != null ? m.get("issuer") : rule;
        report(at, "A rule with \"role\" maps the callers of one OpenID Connect provider, as AssumeRoleWithWebIdentity "
            + "does: its match needs \"issuer\" set to the url of one of openIdConnectProviders ("
            + String.join(", ", providers.stream().map(OidcProvider::url).toList()) + ")");
        ok = false;
      }
    }
    return ok && match != null ? new Target.ToRole(r.value(), provider, sessionName) : null;
  }

  private NameTemplate template(StringNode s) {
    if (s.value().isEmpty() || s.value().length() > Wildcard.MAX_PATTERN) {
      report(s, "A name template is 1 to " + Wildcard.MAX_PATTERN + " characters");
      return null;
    }
    try {
      return NameTemplate.parse(s.value());
    } catch (IllegalArgumentException e) {
      report(s, e.getMessage());
      return null;
    }
  }

  // ------------------------------------------------------------------ ambiguity

  /** Reports each pair of rules of one precedence that can match one caller and map it differently. */
  private void ambiguities(List<Rule> rules) {
    for (int i = 0; i < rules.size(); i++) {
      for (int j = 0; j < i; j++) {
        Rule a = rules.get(j);
        Rule b = rules.get(i);
        if (a.precedence() == b.precedence() && !a.target().equals(b.target()) && mayOverlap(a.match(), b.match())) {
          report(nodes.get(b), "Rules " + a.sid() + " (" + a.pointer() + ") and " + b.sid() + " (" + b.pointer()
              + ") have the same precedence (" + a.precedence() + ") and can both match one caller, mapping it differently: "
              + "give the one that should win a lower \"precedence\", or make them exclusive by caller, issuer or one of the "
              + "claims " + new TreeSet<>(SINGLE_VALUED_CLAIMS));
        }
      }
    }
  }

  /** Whether one caller could match both: false only when a single-valued attribute separates them. */
  static boolean mayOverlap(Match a, Match b) {
    if (disjoint(a.callers(), b.callers()) || disjoint(issuers(a), issuers(b))) {
      return false;
    }
    for (String claim : SINGLE_VALUED_CLAIMS) {
      if (!claim.equals("iss") && disjoint(a.claims().getOrDefault(claim, List.of()), b.claims().getOrDefault(claim, List.of()))) {
        return false;
      }
    }
    return true;
  }

  /** The issuer patterns of a match: {@code issuer} and {@code claims.iss} say the same thing. */
  private static List<String> issuers(Match m) {
    List<String> out = new ArrayList<>(m.issuers());
    out.addAll(m.claims().getOrDefault("iss", List.of()));
    return out;
  }

  /** Both constrained, and no pattern of one intersects a pattern of the other. */
  private static boolean disjoint(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return false;
    }
    for (String x : a) {
      for (String y : b) {
        if (Wildcard.intersects(x, y)) {
          return false;
        }
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ helpers

  /** Problems reported so far (to know whether a part was read clean). */
  private int problems;

  private void report(JsonNode at, String message) {
    problems++;
    problem.accept(at, message);
  }

  private ObjectNode object(JsonNode node, Set<String> keys, String what) {
    if (!(node instanceof ObjectNode o)) {
      report(node, what + " is an object, found " + node.typeName());
      return null;
    }
    Set<String> seen = new HashSet<>();
    for (Member m : o.members()) {
      if (!keys.contains(m.name())) {
        report(m.value(), "Unknown key \"" + abbreviate(m.name()) + "\" (expected one of " + String.join(", ", new TreeSet<>(keys)) + ")");
      }
      if (!seen.add(m.name())) {
        report(m.value(), "Duplicate key \"" + abbreviate(m.name()) + "\"");
      }
    }
    return o;
  }

  /** A pattern or an array of patterns; empty (matching everyone) when absent. */
  private List<String> patterns(JsonNode node, String what) {
    if (node == null) {
      return List.of();
    }
    List<StringNode> list = stringOrStrings(node, what);
    if (node instanceof ArrayNode && list.isEmpty()) {
      report(node, what + " lists no pattern: leave it out to match everyone");
    }
    if (list.size() > MAX_PATTERNS) {
      report(node, what + " lists at most " + MAX_PATTERNS + " patterns; found " + list.size());
    }
    List<String> out = new ArrayList<>();
    for (StringNode s : list) {
      if (s.value().isEmpty() || s.value().length() > Wildcard.MAX_PATTERN) {
        report(s, "A pattern is 1 to " + Wildcard.MAX_PATTERN + " characters (Wildcard.MAX_PATTERN)");
      } else {
        out.add(s.value());
      }
    }
    return out;
  }

  private List<StringNode> stringOrStrings(JsonNode node, String what) {
    if (node instanceof StringNode s) {
      return List.of(s);
    }
    if (node instanceof ArrayNode) {
      return strings(node, what);
    }
    report(node, what + " is a string or an array of strings, found " + node.typeName());
    return List.of();
  }

  private List<StringNode> strings(JsonNode node, String what) {
    List<StringNode> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof ArrayNode arr)) {
      report(node, what + " is an array of strings, found " + node.typeName());
      return out;
    }
    for (JsonNode e : arr.elements()) {
      if (e instanceof StringNode s) {
        out.add(s);
      } else {
        report(e, "Expected a string, found " + e.typeName());
      }
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
