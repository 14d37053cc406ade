package io.iam4j.generate;

import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.ActionEntry;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.IamException;
import io.iam4j.json.JsonReader;
import io.iam4j.lint.Finding;
import io.iam4j.lint.PolicyLinter;
import io.iam4j.lint.Severity;
import io.iam4j.policy.ArnSplitter;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyException;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Generates a least-privilege identity policy from allowed requests, as IAM Access Analyzer does
 * from CloudTrail: the actions used and, per action, its resources generalized to the catalog's
 * resource patterns ({@link ResourceGeneralizer}). Actions with equal resource patterns share a
 * statement. The output depends only on the set of requests, not on their order.
 *
 * <p>The result is checked before it is returned: the engine's parser must accept it as an
 * identity policy, the linter must find no error in it, and every request it was made from,
 * replayed with the evaluator against it alone, must be allowed. Anything else throws
 * {@link GenerationException}: a policy is never returned unchecked.
 *
 * <p>The replay stands in for the other side of a request with a resource policy that trusts the
 * caller's tenant ({@code "Principal": {"AWS": "arn:P:iam::TENANT:root"}}): a request across
 * tenants, and a role trust action, need an allow on the resource side that no identity policy
 * can give; a tenant-wide trust delegates the decision to the identity policy, so exactly the
 * generated policy decides. Guardrails, boundaries and session policies are left out: they only
 * ever take permissions away. Stateless.
 */
public final class PolicyGenerator {
  /** Action names the policy can write literally: no wildcard, the parser's characters. */
  private static final Pattern LITERAL_ACTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*:[A-Za-z0-9_-]+");
  /** Case-insensitive first, so that {@code docs:GetObject} sorts next to {@code docs:getObject}; then exact, for a total order. */
  static final Comparator<String> ORDER = String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

  private PolicyGenerator() {}

  /**
   * @param allowed the allowed requests of the window (any order; duplicates count as requests)
   * @param catalog the application's action catalog ({@link ActionCatalog#EMPTY}: every resource literal)
   * @throws GenerationException when the generated policy fails its own check (a bug)
   * @throws PolicyTooLargeException when the policy would be larger than a document may be
   */
  public static GeneratedPolicy generate(Collection<Activity> allowed, ActionCatalog catalog) {
    // Per action (lower case): its spellings, requests and distinct resources.
    Map<String, TreeSet<String>> spellings = new TreeMap<>();
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Set<String>> resources = new HashMap<>();
    Map<String, Integer> skipped = new TreeMap<>(ORDER);
    Map<Activity, Integer> distinct = new LinkedHashMap<>();
    for (Activity a : allowed) {
      if (!LITERAL_ACTION.matcher(a.action()).matches()) {
        skipped.merge(a.action(), 1, Integer::sum);
        continue;
      }
      String key = a.action().toLowerCase(Locale.ROOT);
      spellings.computeIfAbsent(key, k -> new TreeSet<>()).add(a.action());
      counts.merge(key, 1, Integer::sum);
      resources.computeIfAbsent(key, k -> new TreeSet<>()).add(a.resource());
      distinct.merge(a, 1, Integer::sum);
    }
    int used = counts.values().stream().mapToInt(Integer::intValue).sum();
    List<String> skippedList = skipped.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " requests)").toList();
    if (spellings.isEmpty()) {
      return new GeneratedPolicy(Optional.empty(), Optional.empty(), List.of(), 0, 0, 0, skippedList, List.of());
    }

    // Per action: its name as the policy writes it and its patterns.
    Map<String, ActionUse> uses = new TreeMap<>(ORDER);
    for (Map.Entry<String, TreeSet<String>> e : spellings.entrySet()) {
      String name = spelling(e.getValue().first(), catalog);
      ResourceGeneralizer.Result r = ResourceGeneralizer.generalize(name, resources.get(e.getKey()), catalog);
      uses.put(name, new ActionUse(name, counts.get(e.getKey()), resources.get(e.getKey()).size(), r.generalization(), r.patterns()));
    }
    // Actions with equal patterns share a statement; statements in the order of their first action.
    Map<List<String>, List<String>> statements = new LinkedHashMap<>();
    for (ActionUse u : uses.values()) {
      statements.computeIfAbsent(u.resources(), k -> new ArrayList<>()).add(u.action());
    }
    String document = write(statements);
    List<ActionUse> ordered = new ArrayList<>();
    statements.values().forEach(actions -> actions.forEach(a -> ordered.add(uses.get(a))));

    // Too large for a document: refused with the reason, never cut (a cut policy would not allow what was observed).
    io.iam4j.policy.PolicyLimits limits = PolicyParser.standard().settings().limits();
    int bytes = document.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes > limits.maxDocumentBytes()) {
      ActionUse largest = ordered.stream().max(Comparator.comparingInt(u -> u.resources().size())).orElseThrow();
      throw new PolicyTooLargeException(bytes, "bytes", limits.maxDocumentBytes(), "maxDocumentBytes", largest.action() + "'s "
          + largest.resources().size() + " " + (largest.generalization() == ActionUse.Generalization.LITERAL ? "literal " : "") + "resources");
    }
    if (statements.size() > limits.maxStatements()) {
      throw new PolicyTooLargeException(statements.size(), "statements", limits.maxStatements(), "maxStatements",
          uses.size() + " actions with different resources");
    }
    Policy policy;
    List<Finding> findings;
    try {
      policy = PolicyParser.standard().parse(document, PolicyType.IDENTITY, "generated policy");
      findings = PolicyLinter.lint(policy, JsonReader.read(document));
    } catch (PolicyException e) {
      throw new GenerationException("The generated policy does not parse: " + e.problems(), e);
    } catch (IamException e) {
      throw new GenerationException("The generated policy does not parse: " + e.getMessage(), e);
    }
    List<Finding> errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
    if (!errors.isEmpty()) {
      throw new GenerationException("The generated policy has errors: " + errors);
    }
    int replayed = replay(policy, distinct);
    if (replayed != used) {
      throw new GenerationException("Replayed " + replayed + " of " + used + " requests"); // cannot happen: replay throws first
    }
    return new GeneratedPolicy(Optional.of(document), Optional.of(policy), ordered, used, distinct.size(), replayed, skippedList,
        findings);
  }

  /** The catalog's spelling of a known action, else the observed one. */
  private static String spelling(String observed, ActionCatalog catalog) {
    int colon = observed.indexOf(':');
    return catalog.service(observed.substring(0, colon)).flatMap(s -> s.action(observed.substring(colon + 1))
        .map(ActionEntry::name).map(n -> s.name() + ":" + n)).orElse(observed);
  }

  /**
   * Replays every request against the policy alone.
   *
   * @return the requests replayed (all allowed)
   * @throws GenerationException naming the requests it does not allow
   */
  static int replay(Policy policy, Map<Activity, Integer> requests) {
    Map<String, PolicySet> sets = new HashMap<>();
    List<String> refused = new ArrayList<>();
    int allowed = 0;
    for (Map.Entry<Activity, Integer> e : requests.entrySet()) {
      Activity a = e.getKey();
      Decision d;
      try {
        Caller caller = Caller.parse(a.principal(), "AWS", null);
        String partition = ArnSplitter.split(a.principal(), false).get(1);
        PolicySet set = sets.computeIfAbsent(partition + ":" + caller.account(),
            k -> PolicySet.builder().identity(policy).resource(trustingTenant(partition, caller.account())).build());
        d = Evaluator.evaluate(set, new AuthorizationRequest(caller, a.action(), a.resource(), a.resourceAccount(), RequestContext.empty()));
      } catch (IamException ex) {
        throw new GenerationException("Cannot replay " + a + ": " + ex.getMessage(), ex);
      }
      if (d.outcome() == Outcome.ALLOW) {
        allowed += e.getValue();
      } else if (refused.size() < 10) {
        refused.add(a.action() + " on " + a.resource() + " by " + a.principal() + ": " + d.outcome().json()
            + (d.error() == null ? "" : " (" + d.error() + ")"));
      } else {
        refused.add("...");
        break;
      }
    }
    if (!refused.isEmpty()) {
      throw new GenerationException("The generated policy does not allow requests it was made from: " + String.join("; ", refused));
    }
    return allowed;
  }

  /** The replay's stand-in for the resource side: it trusts the tenant, so the identity policy decides. */
  private static Policy trustingTenant(String partition, String tenant) {
    String text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
        + quote("arn:" + partition + ":iam::" + tenant + ":root") + "},\"Action\":\"*\",\"Resource\":\"*\"}]}";
    return PolicyParser.standard().parse(text, PolicyType.RESOURCE, "replay: resource side trusting " + tenant);
  }

  /** The policy's JSON: two-space indentation, arrays always, members in IAM's usual order. */
  static String write(Map<List<String>, List<String>> statements) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [");
    boolean first = true;
    for (Map.Entry<List<String>, List<String>> s : statements.entrySet()) {
      sb.append(first ? "\n" : ",\n");
      first = false;
      sb.append("    {\n      \"Effect\": \"Allow\",\n      \"Action\": ");
      array(sb, s.getValue());
      sb.append(",\n      \"Resource\": ");
      array(sb, s.getKey());
      sb.append("\n    }");
    }
    return sb.append("\n  ]\n}\n").toString();
  }

  private static void array(StringBuilder sb, List<String> values) {
    sb.append('[');
    for (int i = 0; i < values.size(); i++) {
      sb.append(i == 0 ? "\n" : ",\n").append("        ").append(quote(values.get(i)));
    }
    sb.append("\n      ]");
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
