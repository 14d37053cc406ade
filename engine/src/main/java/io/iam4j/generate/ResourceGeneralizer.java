package io.iam4j.generate;

import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.ActionEntry;
import io.iam4j.catalog.ResourceType;
import io.iam4j.catalog.ServiceReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Writes an action's observed resources as the fewest patterns the catalog's resource types
 * justify. Stateless.
 *
 * <p>Each observed ARN is read with the most specific ARN format of the action's resource types
 * that matches it. ARNs read with the same format and equal in their first five segments
 * (partition, service, region and account: a pattern never spans two tenants) become one pattern:
 * the format with each resource variable written as the value all of them share, or {@code *} when
 * their values differ. Two objects of bucket {@code reports} give
 * {@code arn:iam4j:docs::acme:bucket/reports/*}. Values are written literally, IAM's wildcard and
 * variable characters escaped ({@link #escape}), so a pattern matches nothing the observations do
 * not justify but the varying parts.
 *
 * <p>An action without resource types in the catalog gets {@code "*"} (IAM's rule for actions
 * without resource-level permissions). An action the catalog does not have, and an ARN no format
 * reads, keep the observed ARNs literally: without a catalog, which parts of an ARN may vary is
 * not known, and guessing a common prefix would grant resources nobody asked for.
 */
final class ResourceGeneralizer {
  private ResourceGeneralizer() {}

  /** The patterns of one action and how they were made. */
  record Result(ActionUse.Generalization generalization, List<String> patterns) {}

  /**
   * @param action the action as asked for
   * @param resources its distinct observed resources ({@code "*"} for requests on no resource)
   */
  static Result generalize(String action, Collection<String> resources, ActionCatalog catalog) {
    Optional<ActionEntry> entry = catalog.action(action);
    if (entry.isPresent() && entry.get().resources().isEmpty()) {
      return new Result(ActionUse.Generalization.ALL_RESOURCES, List.of("*"));
    }
    TreeSet<String> out = new TreeSet<>();
    if (resources.contains("*")) {
      // A request on no particular resource is only matched by "*", which covers every other one too.
      return new Result(entry.isPresent() ? ActionUse.Generalization.ALL_RESOURCES : ActionUse.Generalization.LITERAL, List.of("*"));
    }
    List<ArnFormat> formats = entry.map(e -> formats(catalog, action, e)).orElse(List.of());
    // Group key: the format and the values of its variables outside the resource segment.
    Map<List<Object>, List<List<String>>> groups = new LinkedHashMap<>();
    Map<List<Object>, ArnFormat> groupFormat = new LinkedHashMap<>();
    for (String arn : new TreeSet<>(resources)) {
      ArnFormat best = null;
      List<String> values = null;
      for (ArnFormat f : formats) {
        List<String> v = f.match(arn);
        if (v != null && (best == null || f.specificity() > best.specificity())) {
          best = f;
          values = v;
        }
      }
      if (best == null) {
        out.add(escape(arn));
        continue;
      }
      List<Object> key = new ArrayList<>();
      key.add(best.text());
      int i = 0;
      for (ArnFormat.Piece p : best.pieces()) {
        if (p.isVariable()) {
          if (p.segment() < 4) {
            key.add(values.get(i));
          }
          i++;
        }
      }
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(values);
      groupFormat.put(key, best);
    }
    for (Map.Entry<List<Object>, List<List<String>>> g : groups.entrySet()) {
      out.add(pattern(groupFormat.get(g.getKey()), g.getValue()));
    }
    // Without any observation read by a format, nothing came from the catalog.
    ActionUse.Generalization how = groups.isEmpty() ? ActionUse.Generalization.LITERAL : ActionUse.Generalization.CATALOG;
    return new Result(how, new ArrayList<>(out));
  }

  /** The ARN formats of the action's resource types, most specific first. */
  private static List<ArnFormat> formats(ActionCatalog catalog, String action, ActionEntry entry) {
    ServiceReference service = catalog.service(action.substring(0, action.indexOf(':'))).orElseThrow();
    List<ArnFormat> out = new ArrayList<>();
    for (ActionEntry.ResourceUse use : entry.resources()) {
      Optional<ResourceType> type = service.resource(use.name());
      if (type.isEmpty()) {
        continue; // a use of a type the service does not define: the catalog's validator reports it
      }
      for (String f : type.get().arnFormats()) {
        ArnFormat c = ArnFormat.compile(type.get().name(), f);
        if (c != null) {
          out.add(c);
        }
      }
    }
    out.sort(Comparator.comparingInt(ArnFormat::specificity).reversed());
    return out;
  }

  /** The format written with shared values kept and varying resource values as {@code *}. */
  private static String pattern(ArnFormat format, List<List<String>> observations) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (ArnFormat.Piece p : format.pieces()) {
      if (!p.isVariable()) {
        sb.append(escape(p.literal()));
        continue;
      }
      String first = observations.get(0).get(i);
      boolean same = true;
      for (List<String> o : observations) {
        same &= o.get(i).equals(first);
      }
      // Outside the resource segment every value is shared (they are part of the group's key).
      sb.append(same ? escape(first) : "*");
      i++;
    }
    return sb.toString();
  }

  /**
   * Text that a policy's Resource matches only literally: {@code *}, {@code ?} and {@code $} are
   * written {@code ${*}}, {@code ${?}} and {@code ${$}} (IAM's escapes, policy version 2012-10-17).
   */
  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '*', '?', '$' -> sb.append("${").append(c).append('}');
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
