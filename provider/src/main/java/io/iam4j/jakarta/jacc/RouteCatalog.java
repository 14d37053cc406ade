package io.iam4j.jakarta.jacc;

import io.iam4j.IamException;
import io.iam4j.enforce.Target;
import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.runtime.Targets;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.ArrayNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonNode.StringNode;
import io.iam4j.json.JsonReader;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps (HTTP method, canonical request path) to an IAM {@link Target}: the routes of the
 * application's {@link IamAction}-annotated Jakarta REST methods, plus those of a route file for
 * servlets, static resources and unannotated methods. Immutable and thread-safe.
 *
 * <p>Path templates use Jakarta REST syntax ({@code /tenants/{owner}/files/{key: .+}}); a route
 * file's path may end in {@code /*}, whose remainder is the value {@code ${path}}. The most specific
 * route wins (the longest literal text). Matching follows what the container will dispatch: a
 * trailing slash matches the route without it (as Jakarta REST matches resource methods), and
 * {@code HEAD} is decided as {@code GET} (which answers it). A route file entry with {@code
 * "access": "container"} leaves its requests to the container's declared constraints, explicitly;
 * every other route is decided by IAM.
 */
public final class RouteCatalog {
  public static final RouteCatalog EMPTY = new RouteCatalog(List.of());

  /** Who decides a route's requests. */
  public enum Access { IAM, CONTAINER }

  /**
   * One route; {@code names} maps the template's parameter names to regex group names; {@code
   * target} is null for a route left to the container.
   */
  public record Route(String method, String path, Pattern pattern, Map<String, String> names, Target target, Access access,
      String source) {
    public String action() {
      return target == null ? null : target.action();
    }

    public String resourceAccount() {
      return target == null ? null : target.resourceAccount();
    }

    public List<String> context() {
      return target == null ? List.of() : target.context();
    }
  }

  /** A matched route and the values of its parameters. */
  public record Match(Route route, Map<String, String> values) {}

  private final List<Route> routes;

  private RouteCatalog(List<Route> routes) {
    List<Route> sorted = new ArrayList<>(routes);
    sorted.sort(Comparator.comparingInt((Route r) -> literalLength(r.path())).reversed());
    this.routes = List.copyOf(sorted);
  }

  public List<Route> routes() {
    return routes;
  }

  public RouteCatalog plus(RouteCatalog other) {
    List<Route> all = new ArrayList<>(routes);
    all.addAll(other.routes);
    return new RouteCatalog(all);
  }

  /** The route for a request, by method and path inside the application (starting with {@code /}). */
  public Optional<Match> match(String method, String path) {
    // HEAD is answered by the GET method (Jakarta REST and servlets alike): it is the same read.
    String asDispatched = "HEAD".equalsIgnoreCase(method) ? "GET" : method;
    for (Route r : routes) {
      if (!r.method().equals("*") && !r.method().equalsIgnoreCase(asDispatched) && !r.method().equalsIgnoreCase(method)) {
        continue;
      }
      Matcher m = r.pattern().matcher(path);
      if (m.matches()) {
        Map<String, String> values = new LinkedHashMap<>();
        r.names().forEach((name, group) -> values.put(name, m.group(group)));
        return Optional.of(new Match(r, values));
      }
    }
    return Optional.empty();
  }

  /** The routes of annotated resource classes, under the application path of the {@code @ApplicationPath} class. */
  public static RouteCatalog fromAnnotations(Collection<Class<?>> classes) {
    String appPath = "";
    for (Class<?> c : classes) {
      ApplicationPath ap = c.getAnnotation(ApplicationPath.class);
      if (ap != null) {
        appPath = join("", ap.value());
      }
    }
    List<Route> out = new ArrayList<>();
    for (Class<?> c : classes) {
      Path classPath = c.getAnnotation(Path.class);
      if (classPath == null) {
        continue;
      }
      for (Method m : c.getMethods()) {
        String http = httpMethod(m);
        boolean open = Targets.isPublic(c, m) && Targets.annotation(c, m) == null;
        if (http == null || Targets.annotation(c, m) == null && !open) {
          continue;
        }
        Path mp = m.getAnnotation(Path.class);
        String path = join(join(appPath, classPath.value()), mp == null ? "" : mp.value());
        if (open) {
          // @IamPublic: deliberately the container's, as a route file's "access": "container".
          out.add(route(http, path, null, Access.CONTAINER, c.getName() + "." + m.getName()));
          continue;
        }
        // The same target the request filter decides with: one declaration, one meaning.
        out.add(route(http, path, Targets.rest(c, m), Access.IAM, c.getName() + "." + m.getName()));
      }
    }
    return new RouteCatalog(out);
  }

  /**
   * Routes from a JSON file: {@code [{"method": "GET", "path": "/files/*", "action": "docs:GetFile",
   * "resource": "arn:iam4j:docs::${tenant}:file/${path}"}]}, method optional ({@code *}).
   */
  public static RouteCatalog fromJson(String text, String source) {
    JsonNode root;
    try {
      root = JsonReader.read(text);
    } catch (io.iam4j.json.JsonReadException e) {
      throw new IamException(source + ":" + e.location() + ": " + e.pointer() + ": " + e.getMessage(), e);
    }
    if (!(root instanceof ArrayNode arr)) {
      throw new IamException(source + ":" + root.location() + ": " + root.pointer() + ": a route file is a JSON array of routes");
    }
    List<Route> out = new ArrayList<>();
    for (JsonNode n : arr.elements()) {
      if (!(n instanceof ObjectNode o)) {
        throw new IamException(source + ":" + n.location() + ": " + n.pointer() + ": a route is an object");
      }
      for (JsonNode.Member m : o.members()) {
        if (!ROUTE_KEYS.contains(m.name())) {
          throw new IamException(source + ":" + m.nameLocation() + ": " + m.value().pointer() + ": unknown key \"" + m.name()
              + "\" (a route has " + String.join(", ", ROUTE_KEYS) + ")");
        }
      }
      String path = text(o, "path", null, source);
      if (path == null || !path.startsWith("/")) {
        throw new IamException(source + ":" + o.location() + ": " + o.pointer() + ": a route needs \"path\" (starting with /)");
      }
      String method = text(o, "method", "*", source);
      if (!method.equals("*") && !method.matches("[A-Za-z]+")) {
        throw new IamException(source + ":" + o.get("method").location() + ": " + o.get("method").pointer()
            + ": \"method\" is an HTTP method or *");
      }
      String access = text(o, "access", "iam", source);
      String where = source + ":" + o.location() + ": " + o.pointer();
      if (!access.equals("iam") && !access.equals("container")) {
        throw new IamException(source + ":" + o.get("access").location() + ": " + o.get("access").pointer()
            + ": \"access\" is \"iam\" (the default) or \"container\"");
      }
      Route route;
      try {
        if (access.equals("container")) {
          for (String key : List.of("action", "resource", "resourceAccount", "context", "query", "resourceType", "accessLevel")) {
            if (o.get(key) != null) {
              throw new IamException(source + ":" + o.get(key).location() + ": " + o.get(key).pointer()
                  + ": a route left to the container has no \"" + key + "\"");
            }
          }
          route = route(method, path, null, Access.CONTAINER, source + "#" + o.pointer());
        } else {
          String action = text(o, "action", null, source);
          if (action == null) {
            throw new IamException(where + ": a route decided by IAM needs \"action\" (or \"access\": \"container\")");
          }
          Set<String> declared = new LinkedHashSet<>(Targets.pathNames(path));
          if (path.endsWith("/*")) {
            declared.add("path");
          }
          declared.addAll(strings(o, "query", false, source));
          String resource = text(o, "resource", "*", source);
          String account = text(o, "resourceAccount", Target.TENANT, source);
          List<String> context = strings(o, "context", true, source);
          Target target;
          try {
            target = new Target(action, resource, account, context, declared, source + "#" + o.pointer());
          } catch (IamException e) {
            // Named by the route's line and column too, like every other problem of the file.
            throw new IamException(where + e.getMessage().substring((source + "#" + o.pointer()).length()), e);
          }
          route = route(method, path, target, Access.IAM, source + "#" + o.pointer());
        }
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new IamException(source + ":" + o.get("path").location() + ": " + o.get("path").pointer()
            + ": the path's parameter pattern is not a regular expression: " + e.getDescription());
      }
      out.add(route);
    }
    return new RouteCatalog(out);
  }

  // resourceType and accessLevel are the action catalog's (io.iam4j.jakarta.catalog), not enforcement's.
  private static final List<String> ROUTE_KEYS = List.of("method", "path", "access", "action", "resource", "resourceAccount",
      "context", "query", "resourceType", "accessLevel");

  /** An optional array of strings ({@code keyValue}: each {@code key=value}). */
  private static List<String> strings(ObjectNode o, String key, boolean keyValue, String source) {
    JsonNode n = o.get(key);
    if (n == null) {
      return List.of();
    }
    if (!(n instanceof ArrayNode entries)) {
      throw new IamException(source + ":" + n.location() + ": " + n.pointer() + ": \"" + key + "\" is an array of "
          + (keyValue ? "\"key=value\" strings" : "names"));
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : entries.elements()) {
      if (!(e instanceof StringNode s) || (keyValue ? s.value().indexOf('=') < 1 : s.value().isEmpty())) {
        throw new IamException(source + ":" + e.location() + ": " + e.pointer() + ": expected " + (keyValue ? "a \"key=value\" string" : "a name"));
      }
      out.add(s.value());
    }
    return out;
  }

  private static String text(ObjectNode o, String key, String dflt, String source) {
    JsonNode n = o.get(key);
    if (n == null) {
      return dflt;
    }
    if (n instanceof StringNode s) {
      return s.value();
    }
    throw new IamException(source + ":" + n.location() + ": " + n.pointer() + ": expected a string");
  }

  static Route route(String method, String path, Target target, Access access, String source) {
    StringBuilder regex = new StringBuilder();
    Map<String, String> names = new LinkedHashMap<>();
    String p = path;
    boolean rest = p.endsWith("/*");
    if (rest) {
      p = p.substring(0, p.length() - 2);
    }
    int i = 0;
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '{') {
        int depth = 1;
        int j = i + 1;
        while (j < p.length() && depth > 0) {
          depth += p.charAt(j) == '{' ? 1 : p.charAt(j) == '}' ? -1 : 0;
          j++;
        }
        String inner = p.substring(i + 1, j - 1);
        int colon = inner.indexOf(':');
        String name = (colon < 0 ? inner : inner.substring(0, colon)).trim();
        String expr = colon < 0 ? "[^/]+" : inner.substring(colon + 1).trim();
        String group = "g" + names.size();
        names.put(name, group);
        regex.append("(?<").append(group).append('>').append(expr).append(')');
        i = j;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
        i++;
      }
    }
    if (rest) {
      String group = "g" + names.size();
      names.put("path", group);
      regex.append("(?:/(?<").append(group).append(">.*))?");
    } else if (!p.endsWith("/")) {
      // Jakarta REST dispatches "/x/" to the method of "/x": so must the route.
      regex.append("/?");
    }
    return new Route(method.toUpperCase(java.util.Locale.ROOT), path, Pattern.compile(regex.toString()), names, target, access,
        source);
  }

  /** The HTTP method a Jakarta REST resource method answers (its {@code @GET}, {@code @POST}, ...), or null. */
  public static String httpMethod(Method m) {
    for (Annotation a : m.getAnnotations()) {
      HttpMethod hm = a.annotationType().getAnnotation(HttpMethod.class);
      if (hm != null) {
        return hm.value();
      }
    }
    return null;
  }

  /** Joins two path templates as Jakarta REST does (one slash between, none at the end). */
  public static String join(String a, String b) {
    String left = a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
    String right = b.isEmpty() ? "" : (b.startsWith("/") ? b : "/" + b);
    String out = left + right;
    return out.endsWith("/") && out.length() > 1 ? out.substring(0, out.length() - 1) : (out.isEmpty() ? "" : out.startsWith("/") ? out : "/" + out);
  }

  private static int literalLength(String path) {
    return path.replaceAll("\\{[^}]*}", "").length();
  }
}
