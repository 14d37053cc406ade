package io.iam4j.lint;

import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.ActionEntry;
import io.iam4j.catalog.ConditionKeyEntry;
import io.iam4j.catalog.Globs;
import io.iam4j.catalog.ResourceType;
import io.iam4j.catalog.ServiceReference;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.ArrayNode;
import io.iam4j.json.JsonNode.Member;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonNode.StringNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a policy against an application's {@link ActionCatalog}, as IAM Access Analyzer checks
 * policies against AWS's service reference: for the services the catalog knows,
 *
 * <ul>
 *   <li>{@code INVALID_ACTION}: an action the service does not have, or a wildcard that matches
 *       none of its actions;
 *   <li>{@code INVALID_ARN_RESOURCE}: a resource ARN that can be no resource of any type the
 *       statement's actions act on (checked when every action of the statement is known);
 *   <li>{@code INVALID_SERVICE_CONDITION_KEY}: a condition key {@code svc:key} the service does
 *       not define.
 * </ul>
 *
 * Each finding is an error (Access Analyzer's finding type for these checks) located by JSON
 * pointer, with a "Did you mean" from the catalog's names when one is close (edit distance).
 * Services the catalog does not know, {@code aws:} keys and {@code "*"} are left alone: the catalog
 * is the application's, not AWS's. Thread-safe.
 */
public final class CatalogLinter {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}");

  private final ActionCatalog catalog;

  public CatalogLinter(ActionCatalog catalog) {
    this.catalog = catalog;
  }

  /** The findings about a policy document (parsed JSON; the policy parser has accepted it). */
  public List<Finding> lint(JsonNode root) {
    List<Finding> out = new ArrayList<>();
    if (catalog.services().isEmpty() || !(root instanceof ObjectNode o)) {
      return out;
    }
    JsonNode st = o.get("Statement");
    if (st instanceof ArrayNode a) {
      a.elements().forEach(s -> statement(s, out));
    } else if (st != null) {
      statement(st, out);
    }
    return out;
  }

  private void statement(JsonNode node, List<Finding> out) {
    if (!(node instanceof ObjectNode s)) {
      return;
    }
    boolean allKnown = s.get("Action") != null;
    Map<String, ActionEntry> matched = new LinkedHashMap<>();
    for (String member : List.of("Action", "NotAction")) {
      for (StringNode p : strings(s.get(member))) {
        allKnown &= action(p, member.equals("Action") ? matched : new LinkedHashMap<>(), out);
      }
    }
    if (allKnown && !matched.isEmpty()) {
      resources(s.get("Resource"), matched, out);
    }
    if (s.get("Condition") instanceof ObjectNode cond) {
      for (Member op : cond.members()) {
        if (op.value() instanceof ObjectNode keys) {
          for (Member k : keys.members()) {
            conditionKey(k, out);
          }
        }
      }
    }
  }

  /**
   * Checks one action pattern, adding the entries it names to {@code matched}.
   *
   * @return whether the pattern is of a known service and names at least one of its actions
   */
  private boolean action(StringNode p, Map<String, ActionEntry> matched, List<Finding> out) {
    String pattern = p.value();
    int colon = pattern.indexOf(':');
    if (colon < 1) {
      return false; // "*", or a grammar error the parser reports
    }
    Optional<ServiceReference> service = catalog.service(pattern.substring(0, colon));
    if (service.isEmpty()) {
      return false;
    }
    String name = pattern.substring(colon + 1);
    List<ActionEntry> hits = service.get().actions().stream()
        .filter(a -> Globs.matches(name, a.name(), true)).toList();
    if (hits.isEmpty()) {
      String prefix = service.get().name() + ":";
      Optional<String> near = closest(name.replace("*", "").replace("?", ""),
          service.get().actions().stream().map(ActionEntry::name).toList());
      boolean wildcard = name.indexOf('*') >= 0 || name.indexOf('?') >= 0;
      out.add(new Finding(Severity.ERROR, "INVALID_ACTION", p.pointer(),
          (wildcard ? "The action pattern " + pattern + " matches no action of the service " + service.get().name() + "."
              : "The action " + pattern + " does not exist.")
              + near.map(n -> " Did you mean " + prefix + n + "?").orElse("")));
      return false;
    }
    hits.forEach(h -> matched.put(service.get().name() + ":" + h.name(), h));
    return true;
  }

  /** Each ARN of {@code Resource} must be able to name a resource of a type one of the actions acts on. */
  private void resources(JsonNode resource, Map<String, ActionEntry> matched, List<Finding> out) {
    Map<String, String> formats = new LinkedHashMap<>(); // format -> type, for the message
    for (Map.Entry<String, ActionEntry> e : matched.entrySet()) {
      ServiceReference service = catalog.service(e.getKey().substring(0, e.getKey().indexOf(':'))).orElseThrow();
      for (ActionEntry.ResourceUse use : e.getValue().resources()) {
        Optional<ResourceType> type = service.resource(use.name());
        if (type.isEmpty()) {
          return; // a use of a type the service does not describe: nothing sure to say
        }
        type.get().arnFormats().forEach(f -> formats.putIfAbsent(f, use.name()));
      }
    }
    if (formats.isEmpty()) {
      return; // actions without resource-level permissions: "*" is theirs, and the grammar checks it
    }
    for (StringNode r : strings(resource)) {
      String arn = VARIABLE.matcher(r.value()).replaceAll("*");
      if (arn.equals("*") || formats.keySet().stream().anyMatch(f -> arnsIntersect(ResourceType.pattern(f), arn))) {
        continue;
      }
      StringBuilder types = new StringBuilder();
      formats.forEach((f, t) -> types.append(types.length() == 0 ? "" : ", ").append(t).append(" (").append(f).append(")"));
      Optional<String> near = closest(r.value(), List.copyOf(formats.keySet()));
      out.add(new Finding(Severity.ERROR, "INVALID_ARN_RESOURCE", r.pointer(),
          "Resource ARN does not match the expected ARN format. The statement's actions act on " + types + "; "
              + r.value() + " can be none of them." + near.map(n -> " Did you mean " + n + "?").orElse("")));
    }
  }

  private void conditionKey(Member k, List<Finding> out) {
    String key = k.name();
    int colon = key.indexOf(':');
    if (colon < 1 || key.substring(0, colon).equalsIgnoreCase("aws")) {
      return;
    }
    Optional<ServiceReference> service = catalog.service(key.substring(0, colon));
    if (service.isEmpty()) {
      return;
    }
    List<String> names = service.get().conditionKeys().stream().map(ConditionKeyEntry::name).toList();
    // A key with a variable part (docs:ResourceTag/${TagKey}) names a family of keys.
    boolean known = names.stream().anyMatch(n -> Globs.matches(VARIABLE.matcher(n).replaceAll("*"), key, true));
    if (!known) {
      Optional<String> near = closest(key, names);
      out.add(new Finding(Severity.ERROR, "INVALID_SERVICE_CONDITION_KEY", k.value().pointer(),
          "The condition key " + key + " does not exist in the service " + service.get().name() + ". Use a valid condition key."
              + near.map(n -> " Did you mean " + n + "?").orElse("")));
    }
  }

  /**
   * Whether some ARN matches both patterns. As in IAM's ARN matching, each of the first five
   * fields is matched on its own (a wildcard in the account field does not reach into the
   * resource), the resource is the rest.
   */
  static boolean arnsIntersect(String a, String b) {
    String[] pa = a.split(":", 6);
    String[] pb = b.split(":", 6);
    if (pa.length < 6 || pb.length < 6) {
      return Globs.intersects(a, b, false);
    }
    for (int i = 0; i < 6; i++) {
      if (!Globs.intersects(pa[i], pb[i], false)) {
        return false;
      }
    }
    return true;
  }

  /** A string or the strings of an array; anything else, none (the parser reports it). */
  private static List<StringNode> strings(JsonNode n) {
    if (n instanceof StringNode s) {
      return List.of(s);
    }
    List<StringNode> out = new ArrayList<>();
    if (n instanceof ArrayNode a) {
      a.elements().forEach(e -> {
        if (e instanceof StringNode s) {
          out.add(s);
        }
      });
    }
    return out;
  }

  /**
   * The candidate closest to {@code written} by edit distance (case-insensitive, a transposition
   * counting one), when it is close enough to be a slip: at most a third of its length, and at
   * least 2 edits allowed. Ties go to the first in order.
   */
  static Optional<String> closest(String written, List<String> candidates) {
    String w = written.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance > 0 && bestDistance <= Math.max(2, best.length() / 3) ? Optional.of(best) : Optional.empty();
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
