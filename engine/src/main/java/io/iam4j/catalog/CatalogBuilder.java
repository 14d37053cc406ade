package io.iam4j.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assembles an {@link ActionCatalog} from what an application declares (its annotated endpoints,
 * CDI beans and route files: {@link Declaration}s) and from services described in full (iam4j's
 * own APIs: {@link ServiceReference}s). The result does not depend on the order things were added
 * in: the server (at deployment) and {@code bin/iam catalog} (offline, from the compiled classes)
 * build the same catalog for the same application.
 *
 * <p>Merging: an action declared several times (two endpoints, an endpoint and a CDI bean) is one
 * entry whose sources accumulate and whose resource types are the union of the declarations'.
 * A resource type's ARN formats are the declared ones that no other covers: {@code bucket/*}
 * (from a list action) is covered by {@code bucket/${Bucket}}, so the type keeps the latter.
 * Not thread-safe; build once.
 */
public final class CatalogBuilder {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
  /** Verbs whose actions read, for declarations without an HTTP method (CDI beans, any-method routes). */
  private static final List<String> READ_VERBS = List.of("Get", "Describe", "List", "Read", "View", "Download", "Export",
      "Search", "Query", "Lookup", "Check", "Validate", "Simulate", "Decode", "Head", "Count");
  /** The source iam4j's own services are declared by. */
  public static final String IAM4J = "iam4j";

  /**
   * One declaration of an action.
   *
   * @param action {@code service:Name}
   * @param resource the resource ARN template ({@code arn:iam4j:docs::${owner}:bucket/${bucket}}),
   *     {@code "*"} for none
   * @param resourceType the type's name, or null to derive it from the template (its first literal
   *     segment: {@code bucket})
   * @param accessLevel the level, or null to derive it from the name and the HTTP method
   * @param httpMethod the endpoint's HTTP method, or null (a CDI method, a route for any method)
   * @param conditionKeys the condition keys the declaration puts in the request context
   * @param source where it is declared ({@code GET /api/...}, {@code Class#method}, {@code route GET /admin/*})
   */
  public record Declaration(String action, String resource, String resourceType, AccessLevel accessLevel, String httpMethod,
      List<String> conditionKeys, String source) {
    public Declaration {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(source, "source");
      resource = resource == null || resource.isBlank() ? "*" : resource;
      resourceType = resourceType == null || resourceType.isBlank() ? null : resourceType;
      conditionKeys = List.copyOf(conditionKeys);
      if (action.indexOf(':') < 1 || action.indexOf(':') == action.length() - 1) {
        throw new IllegalArgumentException(source + ": the action \"" + action + "\" is not service:Name");
      }
    }

    public String service() {
      return action.substring(0, action.indexOf(':'));
    }

    public String name() {
      return action.substring(action.indexOf(':') + 1);
    }
  }

  /** How sure a level is: a declared one beats a described service's, which beats a derived one. */
  private enum Certainty { DERIVED, DESCRIBED, DECLARED }

  private static final class ActionAcc {
    String name;
    boolean described;
    AccessLevel level;
    Certainty certainty;
    final Set<String> sources = new TreeSet<>();
    final Map<String, Boolean> types = new TreeMap<>();
    boolean untyped;
    final Set<String> keys = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
  }

  private record Format(String format, boolean described) {}

  private static final class ServiceAcc {
    String name;
    final Map<String, ActionAcc> actions = new TreeMap<>();
    final Map<String, Set<Format>> formats = new TreeMap<>();
    final Map<String, Set<String>> typeKeys = new TreeMap<>();
    final Map<String, List<String>> keyTypes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  }

  private final Map<String, ServiceAcc> services = new TreeMap<>();

  /** Adds one declaration. */
  public CatalogBuilder add(Declaration d) {
    ServiceAcc s = service(d.service());
    ActionAcc a = s.actions.computeIfAbsent(d.name().toLowerCase(Locale.ROOT), k -> new ActionAcc());
    if (a.name == null || !a.described && d.name().compareTo(a.name) < 0) {
      a.name = d.name();
    }
    level(a, d.accessLevel() != null ? d.accessLevel() : defaultLevel(d.name(), d.httpMethod()),
        d.accessLevel() != null ? Certainty.DECLARED : Certainty.DERIVED);
    a.sources.add(d.source());
    if (d.resource().equals("*")) {
      a.untyped = true;
    } else {
      String format = arnFormat(d.resource());
      String type = d.resourceType() != null ? d.resourceType() : typeName(format);
      a.types.merge(type, true, Boolean::logicalAnd);
      s.formats.computeIfAbsent(type, k -> new TreeSet<>(Comparator.comparing(Format::format).thenComparing(Format::described)))
          .add(new Format(format, false));
    }
    for (String key : d.conditionKeys()) {
      a.keys.add(key);
      s.keyTypes.putIfAbsent(key, List.of("String"));
    }
    return this;
  }

  /** Adds a service described in full (iam4j's own); declarations of its actions merge into it. */
  public CatalogBuilder add(ServiceReference ref) {
    ServiceAcc s = service(ref.name());
    for (ActionEntry e : ref.actions()) {
      ActionAcc a = s.actions.computeIfAbsent(e.name().toLowerCase(Locale.ROOT), k -> new ActionAcc());
      a.name = e.name();
      a.described = true;
      level(a, e.accessLevel(), Certainty.DESCRIBED);
      a.sources.addAll(e.sources());
      for (ActionEntry.ResourceUse r : e.resources()) {
        a.types.merge(r.name(), r.required(), Boolean::logicalAnd);
      }
      if (e.resources().isEmpty()) {
        a.untyped = true;
      }
      a.keys.addAll(e.conditionKeys());
    }
    for (ResourceType r : ref.resources()) {
      Set<Format> f = s.formats.computeIfAbsent(r.name(), k -> new TreeSet<>(Comparator.comparing(Format::format).thenComparing(Format::described)));
      r.arnFormats().forEach(x -> f.add(new Format(x, true)));
      s.typeKeys.computeIfAbsent(r.name(), k -> new TreeSet<>()).addAll(r.conditionKeys());
    }
    for (ConditionKeyEntry k : ref.conditionKeys()) {
      s.keyTypes.put(k.name(), k.types());
    }
    return this;
  }

  private ServiceAcc service(String prefix) {
    ServiceAcc s = services.computeIfAbsent(prefix.toLowerCase(Locale.ROOT), k -> new ServiceAcc());
    if (s.name == null) {
      s.name = prefix.toLowerCase(Locale.ROOT);
    }
    return s;
  }

  private static void level(ActionAcc a, AccessLevel level, Certainty certainty) {
    if (a.level == null || certainty.compareTo(a.certainty) > 0
        || certainty == a.certainty && privilege(level) > privilege(a.level)) {
      a.level = level;
      a.certainty = certainty;
    }
  }

  /** Among levels equally sure, the most privileged wins: a catalog must not understate an action. */
  private static int privilege(AccessLevel l) {
    return switch (l) {
      case LIST -> 0;
      case READ -> 1;
      case TAGGING -> 2;
      case WRITE -> 3;
      case PERMISSIONS_MANAGEMENT -> 4;
    };
  }

  public ActionCatalog build() {
    List<ServiceReference> out = new ArrayList<>();
    for (ServiceAcc s : services.values()) {
      List<ActionEntry> actions = new ArrayList<>();
      for (ActionAcc a : s.actions.values()) {
        boolean required = a.types.size() == 1 && !a.untyped && a.types.values().iterator().next();
        List<ActionEntry.ResourceUse> uses = a.types.keySet().stream().map(t -> new ActionEntry.ResourceUse(t, required)).toList();
        actions.add(new ActionEntry(a.name, a.level, uses, List.copyOf(a.keys), List.copyOf(a.sources)));
      }
      actions.sort(Comparator.comparing(ActionEntry::name, String.CASE_INSENSITIVE_ORDER));
      List<ResourceType> types = new ArrayList<>();
      s.formats.forEach((type, formats) -> types.add(new ResourceType(type, reduce(formats),
          List.copyOf(s.typeKeys.getOrDefault(type, Set.of())))));
      List<ConditionKeyEntry> keys = new ArrayList<>();
      s.keyTypes.forEach((k, t) -> keys.add(new ConditionKeyEntry(k, t)));
      out.add(new ServiceReference(s.name, actions, types, keys));
    }
    return ActionCatalog.of(out);
  }

  /**
   * The formats no other covers. Described formats rank first, then those with fewer literal
   * wildcards, then alphabetically; a format is kept unless one ranked before it covers it.
   */
  static List<String> reduce(Set<Format> formats) {
    List<Format> ranked = new ArrayList<>(formats);
    ranked.sort(Comparator.comparing((Format f) -> !f.described()).thenComparingInt(f -> literalWildcards(f.format()))
        .thenComparing(Format::format));
    List<String> kept = new ArrayList<>();
    for (Format f : ranked) {
      String instance = VARIABLE.matcher(f.format()).replaceAll("x").replace('*', 'x').replace('?', 'x');
      if (kept.stream().noneMatch(k -> Globs.matches(ResourceType.pattern(k), instance, false))) {
        kept.add(f.format());
      }
    }
    return kept;
  }

  private static int literalWildcards(String format) {
    String s = VARIABLE.matcher(format).replaceAll("");
    return (int) s.chars().filter(c -> c == '*' || c == '?').count();
  }

  /**
   * The ARN format of a resource template, as the service reference writes them: the account
   * field (the resource's owner, whatever its template) is {@code ${Account}}, and every other
   * variable is capitalized: {@code arn:iam4j:docs::${owner}:bucket/${bucket}} becomes
   * {@code arn:iam4j:docs::${Account}:bucket/${Bucket}}.
   */
  public static String arnFormat(String template) {
    String[] parts = template.split(":", 6);
    if (parts.length == 6 && parts[0].equals("arn")) {
      if (!parts[4].isEmpty()) {
        parts[4] = "${Account}";
      }
      for (int i = 1; i < 6; i++) {
        if (i != 4) {
          parts[i] = capitalize(parts[i]);
        }
      }
      return String.join(":", parts);
    }
    return capitalize(template);
  }

  private static String capitalize(String s) {
    Matcher m = VARIABLE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      name = name.substring(name.lastIndexOf(':') + 1);
      String cap = name.isEmpty() ? "Value" : Character.toUpperCase(name.charAt(0)) + name.substring(1);
      m.appendReplacement(out, Matcher.quoteReplacement("${" + cap + "}"));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The default name of a format's type: the first literal segment of its resource part
   * ({@code bucket} of {@code ...:bucket/${Bucket}/${Key}}), or {@code resource} when it has none.
   */
  public static String typeName(String format) {
    String[] parts = format.split(":", 6);
    String resource = parts.length == 6 ? parts[5] : format;
    for (String seg : resource.split("[/:]")) {
      if (!seg.isEmpty() && !seg.contains("${") && seg.indexOf('*') < 0 && seg.indexOf('?') < 0) {
        return seg;
      }
    }
    return "resource";
  }

  /**
   * The access level an action's name and HTTP method suggest, as the reference classifies:
   * {@code Tag*}/{@code Untag*} tagging; writes of policies and permissions permissions management;
   * reads named {@code List*} list, other reads read; other methods write. Without a method (CDI,
   * any-method routes) the name's verb decides what reads.
   */
  public static AccessLevel defaultLevel(String name, String httpMethod) {
    if (verb(name, "Tag") || verb(name, "Untag")) {
      return AccessLevel.TAGGING;
    }
    String method = httpMethod == null ? "*" : httpMethod.toUpperCase(Locale.ROOT);
    boolean read = method.equals("*") ? READ_VERBS.stream().anyMatch(v -> verb(name, v))
        : method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    if (!read) {
      return name.contains("Policy") || name.contains("Permission") ? AccessLevel.PERMISSIONS_MANAGEMENT : AccessLevel.WRITE;
    }
    return verb(name, "List") ? AccessLevel.LIST : AccessLevel.READ;
  }

  /** Whether {@code name} starts with the verb as a word: {@code ListBuckets} with List, not {@code Listen}. */
  private static boolean verb(String name, String verb) {
    return name.startsWith(verb) && (name.length() == verb.length() || !Character.isLowerCase(name.charAt(verb.length())));
  }
}
