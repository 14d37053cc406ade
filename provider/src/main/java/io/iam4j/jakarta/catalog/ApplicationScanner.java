package io.iam4j.jakarta.catalog;

import io.iam4j.IamException;
import io.iam4j.catalog.AccessLevel;
import io.iam4j.catalog.ActionCatalog;
import io.iam4j.catalog.CatalogBuilder;
import io.iam4j.catalog.CatalogBuilder.Declaration;
import io.iam4j.enforce.Target;
import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.IamSecured;
import io.iam4j.jakarta.jacc.RouteCatalog;
import io.iam4j.jakarta.runtime.Targets;
import io.iam4j.json.JsonNode;
import io.iam4j.json.JsonNode.ArrayNode;
import io.iam4j.json.JsonNode.ObjectNode;
import io.iam4j.json.JsonNode.StringNode;
import io.iam4j.json.JsonReader;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What an application declares, as catalog {@link Declaration}s: its Jakarta REST resource methods
 * with {@link IamAction} (source {@code GET /api/tenants/{owner}/buckets/{bucket}}), the
 * {@link IamAction} methods of its {@link IamSecured} CDI beans (source
 * {@code io.iam4j.sample.ReportService#summary}) and the routes of its route file that IAM decides
 * (source {@code route GET /admin/*}). The same code runs in the server (at deployment, on the
 * classes the container hands over) and in {@code bin/iam catalog} (on the classes of a war or a
 * directory): both build the same catalog.
 *
 * <p>Templates are validated exactly as enforcement validates them ({@link Targets}), so a
 * declaration the catalog lists is one enforcement accepts.
 */
public final class ApplicationScanner {
  private ApplicationScanner() {}

  /** The catalog of an application: its REST resources and CDI beans among {@code classes}, its route file's text (or null), and iam4j's services. */
  public static ActionCatalog catalog(Collection<Class<?>> classes, String routesText, String routesSource, String partition) {
    CatalogBuilder b = new CatalogBuilder();
    rest(classes).forEach(b::add);
    cdi(classes).forEach(b::add);
    if (routesText != null) {
      routes(routesText, routesSource).forEach(b::add);
    }
    Iam4jServices.services(partition).forEach(b::add);
    return b.build();
  }

  /** The IAM-decided resource methods of the Jakarta REST resource classes among {@code classes}. */
  public static List<Declaration> rest(Collection<Class<?>> classes) {
    String appPath = "";
    for (Class<?> c : classes) {
      ApplicationPath ap = c.getAnnotation(ApplicationPath.class);
      if (ap != null) {
        appPath = join("", ap.value());
      }
    }
    List<Declaration> out = new ArrayList<>();
    for (Class<?> c : classes) {
      Path classPath = c.getAnnotation(Path.class);
      if (classPath == null) {
        continue;
      }
      for (Method m : c.getMethods()) {
        String http = httpMethod(m);
        IamAction a = Targets.annotation(c, m);
        if (http == null || a == null) {
          continue;
        }
        Target t = Targets.rest(c, m);
        Path mp = m.getAnnotation(Path.class);
        String path = join(join(appPath, classPath.value()), mp == null ? "" : mp.value());
        out.add(declaration(t, a.resourceType(), a.accessLevel(), http, http + " " + plainTemplate(path), c.getName() + "." + m.getName()));
      }
    }
    return out;
  }

  /**
   * The {@link IamAction} methods of the {@link IamSecured} classes among {@code classes} (the
   * class or the method marked), as the interceptor decides them.
   */
  public static List<Declaration> cdi(Collection<Class<?>> classes) {
    List<Declaration> out = new ArrayList<>();
    for (Class<?> c : classes) {
      if (c.isAnnotationPresent(Path.class)) {
        continue; // a resource: the request filter decides it, as a REST method
      }
      boolean securedType = c.isAnnotationPresent(IamSecured.class);
      for (Method m : c.getDeclaredMethods()) {
        IamAction a = m.getAnnotation(IamAction.class);
        if (a != null && !m.isSynthetic() && (securedType || m.isAnnotationPresent(IamSecured.class))) {
          String source = c.getName() + "#" + m.getName();
          out.add(declaration(Targets.cdi(m), a.resourceType(), a.accessLevel(), null, source, source));
        }
      }
    }
    return out;
  }

  /** The routes of a route file ({@code routes.json}) that IAM decides; the file is validated as enforcement reads it. */
  public static List<Declaration> routes(String text, String source) {
    RouteCatalog.fromJson(text, source); // every problem, named by file, line and pointer, as enforcement names it
    List<Declaration> out = new ArrayList<>();
    if (!(JsonReader.read(text) instanceof ArrayNode routes)) {
      return out;
    }
    for (JsonNode n : routes.elements()) {
      ObjectNode o = (ObjectNode) n;
      if ("container".equals(text(o, "access")) || text(o, "action") == null) {
        continue;
      }
      for (String k : List.of("resourceType", "accessLevel")) {
        if (o.get(k) != null && !(o.get(k) instanceof StringNode)) {
          throw new IamException(source + ":" + o.get(k).location() + ": " + o.get(k).pointer() + ": expected a string");
        }
      }
      String method = text(o, "method") == null ? "*" : text(o, "method").toUpperCase(Locale.ROOT);
      List<String> keys = new ArrayList<>();
      if (o.get("context") instanceof ArrayNode ctx) {
        for (JsonNode e : ctx.elements()) {
          String kv = ((StringNode) e).value();
          keys.add(kv.substring(0, kv.indexOf('=')));
        }
      }
      String where = source + "#" + o.pointer();
      out.add(new Declaration(text(o, "action"), text(o, "resource"), text(o, "resourceType"),
          level(text(o, "accessLevel"), where), method.equals("*") ? null : method, keys,
          "route " + (method.equals("*") ? "" : method + " ") + plainTemplate(text(o, "path"))));
    }
    return out;
  }

  private static Declaration declaration(Target t, String resourceType, String accessLevel, String http, String source, String where) {
    List<String> keys = t.context().stream().map(kv -> kv.substring(0, kv.indexOf('='))).toList();
    return new Declaration(t.action(), t.resource(), resourceType, level(accessLevel, where), http, keys, source);
  }

  /**
   * An access level as written: AWS's label ({@code Permissions management}) or the constant's
   * name ({@code PERMISSIONS_MANAGEMENT}), any case; blank is none (derived).
   */
  public static AccessLevel level(String written, String where) {
    if (written == null || written.isBlank()) {
      return null;
    }
    String w = written.trim().replace('_', ' ');
    for (AccessLevel l : AccessLevel.values()) {
      if (l.label().equalsIgnoreCase(w)) {
        return l;
      }
    }
    throw new IamException(where + ": the access level \"" + written
        + "\" is one of List, Read, Write, Permissions management, Tagging");
  }

  /** A path template without its parameters' patterns: {@code {key: .+}} is {@code {key}}. */
  static String plainTemplate(String path) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c != '{') {
        out.append(c);
        i++;
        continue;
      }
      int depth = 1;
      int j = i + 1;
      while (j < path.length() && depth > 0) {
        depth += path.charAt(j) == '{' ? 1 : path.charAt(j) == '}' ? -1 : 0;
        j++;
      }
      String inner = path.substring(i + 1, Math.max(i + 1, j - 1));
      int colon = inner.indexOf(':');
      out.append('{').append((colon < 0 ? inner : inner.substring(0, colon)).trim()).append('}');
      i = j;
    }
    return out.toString();
  }

  private static String text(ObjectNode o, String key) {
    return o.get(key) instanceof StringNode s ? s.value() : null;
  }

  private static String httpMethod(Method m) {
    return RouteCatalog.httpMethod(m);
  }

  /** Joins path templates as Jakarta REST does (and as {@link RouteCatalog} does for enforcement). */
  private static String join(String a, String b) {
    return RouteCatalog.join(a, b);
  }
}
