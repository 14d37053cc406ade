package io.iam4j.lint;

import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.Member;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.policy.ActionClause;
import io.iam4j.policy.Condition;
import io.iam4j.policy.ConditionOperator;
import io.iam4j.policy.ConditionOperator.Base;
import io.iam4j.policy.ConditionOperator.SetQualifier;
import io.iam4j.policy.Effect;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyVersion;
import io.iam4j.policy.PrincipalClause;
import io.iam4j.policy.ResourceClause;
import io.iam4j.policy.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Access Analyzer-style checks beyond the grammar: policies IAM accepts but that grant too much or
 * will not work as their author meant. Stateless and thread-safe.
 */
public final class PolicyLinter {
  private static final Set<String> GLOBAL_KEYS = Set.of(
      "aws:calledvia", "aws:calledviafirst", "aws:calledvialast", "aws:currenttime", "aws:epochtime",
      "aws:federatedprovider", "aws:multifactorauthage", "aws:multifactorauthpresent", "aws:principalaccount",
      "aws:principalarn", "aws:principalisawsservice", "aws:principalorgid", "aws:principalorgpaths",
      "aws:principalservicename", "aws:principalservicenameslist", "aws:principaltype", "aws:referer",
      "aws:requestedregion", "aws:resourceaccount", "aws:resourceorgid", "aws:resourceorgpaths",
      "aws:securetransport", "aws:sourceaccount", "aws:sourcearn", "aws:sourceidentity", "aws:sourceip",
      "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourcevpc", "aws:sourcevpce", "aws:tagkeys",
      "aws:tokenissuetime", "aws:useragent", "aws:userid", "aws:username", "aws:viaawsservice",
      "aws:vpcsourceip", "aws:ec2instancesourceprivateipv4", "aws:ec2instancesourcevpc",
      "aws:assumedroot", "aws:ischildsession", "aws:rolesessionname", "aws:sourcevpcarn",
      "aws:chatbotsourcearn", "aws:resourcetag", "aws:requesttag", "aws:principaltag", "aws:vpceaccount",
      "aws:vpceorgid", "aws:vpceorgpaths", "aws:sourceowner");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}");

  private PolicyLinter() {}

  /**
   * Checks a parsed policy.
   *
   * @param root the JSON it was parsed from, for pointers and spellings; may be null
   */
  public static List<Finding> lint(Policy policy, JsonNode root) {
    List<Finding> out = new ArrayList<>();
    String base = root == null ? "" : root.pointer();
    boolean array = root instanceof ObjectNode o && o.get("Statement") instanceof JsonNode.ArrayNode;
    if (policy.version() == PolicyVersion.ABSENT) {
      out.add(new Finding(Severity.WARNING, "MISSING_VERSION", base,
          "Add \"Version\": \"2012-10-17\"; without it the 2008 language applies and policy variables are literal text"));
    }
    for (int i = 0; i < policy.statements().size(); i++) {
      Statement s = policy.statements().get(i);
      String at = base + "/Statement" + (array || root == null ? "/" + i : "");
      statement(policy, s, at, writtenOperators(root, array, i), out);
    }
    if (root instanceof ObjectNode o) {
      operatorSpelling(o, out);
    }
    return out;
  }

  /** Operator names as written in statement {@code i}, by canonical name: pointers must name what is there. */
  private static java.util.Map<String, String> writtenOperators(JsonNode root, boolean array, int i) {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    if (root instanceof ObjectNode o) {
      JsonNode st = o.get("Statement");
      JsonNode s = array && st instanceof JsonNode.ArrayNode a ? a.elements().get(i) : st;
      if (s instanceof ObjectNode so && so.get("Condition") instanceof ObjectNode cond) {
        for (Member m : cond.members()) {
          ConditionOperator op = ConditionOperator.parse(m.name());
          if (op != null) {
            out.put(op.json(), m.name());
          }
        }
      }
    }
    return out;
  }

  private static void statement(Policy policy, Statement s, String at, java.util.Map<String, String> written, List<Finding> out) {
    boolean allow = s.effect() == Effect.ALLOW;
    boolean unconditioned = s.conditions().isEmpty();
    boolean allResources = s.resource().map(r -> r instanceof ResourceClause.Resource && r.patterns().contains("*")).orElse(false);
    ActionClause action = s.action();
    if (allow && action instanceof ActionClause.NotAction) {
      out.add(new Finding(Severity.SECURITY_WARNING, "ALLOW_WITH_NOT_ACTION", at + "/NotAction",
          "Allow with NotAction grants every action not listed, including ones added to services later; list the actions to allow instead"));
    }
    if (allow && s.resource().orElse(null) instanceof ResourceClause.NotResource) {
      out.add(new Finding(Severity.SECURITY_WARNING, "ALLOW_WITH_NOT_RESOURCE", at + "/NotResource",
          "Allow with NotResource grants on every resource not listed, including new ones; list the resources to allow instead"));
    }
    // Boundaries, session policies and guardrails grant nothing by themselves: a broad Allow there
    // only sets a ceiling, so the "grants too much" findings apply to identity and resource policies.
    boolean grants = policy.type() == io.iam4j.policy.PolicyType.IDENTITY || policy.type() == io.iam4j.policy.PolicyType.RESOURCE;
    if (grants && allow && action instanceof ActionClause.Action a && allResources) {
      for (String p : a.patterns()) {
        String lower = p.toLowerCase(Locale.ROOT);
        if (lower.equals("*")) {
          out.add(new Finding(unconditioned ? Severity.SECURITY_WARNING : Severity.WARNING, "FULL_ACCESS", at + "/Action",
              "Action \"*\" on Resource \"*\" grants full administrator access; grant only the actions needed (least privilege)"));
        } else if (lower.endsWith(":*")) {
          out.add(new Finding(Severity.WARNING, "SERVICE_WILDCARD", at + "/Action",
              "\"" + p + "\" on Resource \"*\" grants every action of the service on every resource; narrow the actions or the resources"));
        }
      }
      if (a.patterns().stream().anyMatch(p -> matchesPassRole(p))) {
        out.add(new Finding(Severity.SECURITY_WARNING, "PASS_ROLE_WITH_STAR", at + "/Resource",
            "iam:PassRole on Resource \"*\" lets the caller hand any role to a service; name the roles it may pass"));
      }
    }
    if (allow && s.principal().isPresent()) {
      PrincipalClause p = s.principal().get();
      boolean everyone = p.set() instanceof PrincipalClause.Everyone
          || (p.set() instanceof PrincipalClause.Listed l && l.entries().stream().anyMatch(e -> e.value().equals("*")));
      if (p instanceof PrincipalClause.NotPrincipal) {
        out.add(new Finding(Severity.SECURITY_WARNING, "ALLOW_WITH_NOT_PRINCIPAL", at + "/NotPrincipal",
            "Allow with NotPrincipal grants to every principal not listed, anonymous callers included"));
      } else if (everyone && unconditioned) {
        out.add(new Finding(Severity.SECURITY_WARNING, "PUBLIC_ACCESS", at + "/Principal",
            "Principal \"*\" without a condition grants access to everyone, anonymous callers included"));
      }
    }
    boolean variablesLiteral = !policy.version().hasPolicyVariables();
    if (variablesLiteral && s.resource().map(r -> r.patterns().stream().anyMatch(x -> VARIABLE.matcher(x).find())).orElse(false)) {
      out.add(new Finding(Severity.ERROR, "VARIABLE_IN_OLD_VERSION", at + "/" + s.resource().get().element(),
          "${...} is literal text unless the policy has \"Version\": \"2012-10-17\""));
    }
    for (Condition c : s.conditions()) {
      String op = written.getOrDefault(c.operator().json(), c.operator().json());
      condition(s, c, at + "/Condition/" + JsonNode.escape(op) + "/" + JsonNode.escape(c.key()), variablesLiteral, out);
    }
  }

  private static boolean matchesPassRole(String p) {
    String lower = p.toLowerCase(Locale.ROOT);
    if (lower.equals("*")) {
      return true;
    }
    if (!lower.startsWith("iam:")) {
      return false;
    }
    return globMatches(lower.substring(4), "passrole");
  }

  /**
   * Whether {@code text} matches the wildcard {@code pattern}: one row of the classic table per
   * pattern character, so O(|pattern| x |text|) with a text of 8 characters. Not a regular
   * expression: {@code .*.*.*...} backtracks exponentially in the number of stars.
   */
  static boolean globMatches(String pattern, String text) {
    int n = text.length();
    boolean[] row = new boolean[n + 1]; // row[j]: the pattern read so far matches text[0, j)
    row[0] = true;
    for (int i = 0; i < pattern.length(); i++) {
      char p = pattern.charAt(i);
      if (p == '*') {
        for (int j = 1; j <= n; j++) {
          row[j] |= row[j - 1];
        }
      } else {
        for (int j = n; j >= 1; j--) {
          row[j] = row[j - 1] && (p == '?' || p == text.charAt(j - 1));
        }
        row[0] = false;
      }
    }
    return row[n];
  }

  private static void condition(Statement s, Condition c, String at, boolean variablesLiteral, List<Finding> out) {
    ConditionOperator op = c.operator();
    String key = c.key().toLowerCase(Locale.ROOT);
    if (key.startsWith("aws:")) {
      int slash = key.indexOf('/');
      String stem = slash < 0 ? key : key.substring(0, slash);
      if (!GLOBAL_KEYS.contains(stem)) {
        out.add(new Finding(Severity.ERROR, "UNKNOWN_GLOBAL_KEY", at,
            "\"" + c.key() + "\" is not an AWS global condition key; a request never carries it, so the condition never matches as intended"));
      }
    }
    for (String v : c.values()) {
      String problem = switch (op.base().family()) {
        // NUMERIC: the parser refuses a value outside the numeric syntax, so none reaches here.
        case BOOL, NULL -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? null : "is neither true nor false";
        case IP_ADDRESS -> v.matches("[0-9a-fA-F.:]+(/\\d{1,3})?") ? null : "is not an IP address or CIDR block";
        default -> null;
      };
      if (problem != null) {
        out.add(new Finding(Severity.WARNING, "INVALID_CONDITION_VALUE", at,
            "\"" + v + "\" " + problem + ": " + op.json() + " never matches it"));
      }
      if (variablesLiteral && VARIABLE.matcher(v).find()) {
        out.add(new Finding(Severity.ERROR, "VARIABLE_IN_OLD_VERSION", at,
            "${...} is literal text unless the policy has \"Version\": \"2012-10-17\""));
      }
    }
    if (s.effect() == Effect.ALLOW && op.qualifier() == SetQualifier.FOR_ALL_VALUES && !op.ifExists()) {
      out.add(new Finding(Severity.SECURITY_WARNING, "FOR_ALL_VALUES_WITH_ALLOW", at,
          "ForAllValues is true when the key is missing or empty, so this Allow also applies to requests without "
              + c.key() + "; add a Null condition on the key"));
    }
    if (s.effect() == Effect.ALLOW && op.base() == Base.BOOL && op.ifExists() && key.equals("aws:multifactorauthpresent")
        && c.values().stream().anyMatch(v -> v.equalsIgnoreCase("true"))) {
      out.add(new Finding(Severity.SECURITY_WARNING, "MFA_IF_EXISTS_ALLOW", at,
          "BoolIfExists also allows requests without aws:MultiFactorAuthPresent (long-term access keys); use Bool"));
    }
  }

  /** Operator names in a spelling other than AWS's canonical one. */
  private static void operatorSpelling(ObjectNode root, List<Finding> out) {
    JsonNode st = root.get("Statement");
    List<JsonNode> statements = st instanceof JsonNode.ArrayNode a ? a.elements() : st == null ? List.of() : List.of(st);
    for (JsonNode s : statements) {
      if (s instanceof ObjectNode so && so.get("Condition") instanceof ObjectNode cond) {
        for (Member m : cond.members()) {
          ConditionOperator op = ConditionOperator.parse(m.name());
          if (op != null && !op.json().equals(m.name())) {
            out.add(new Finding(Severity.SUGGESTION, "OPERATOR_SPELLING", cond.pointer() + "/" + JsonNode.escape(m.name()),
                "Write \"" + op.json() + "\": AWS documents operator names in this spelling"));
          }
        }
      }
    }
  }
}
