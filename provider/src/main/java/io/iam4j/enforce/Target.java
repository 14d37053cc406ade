package io.iam4j.enforce;

import io.iam4j.IamException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one enforcement point asks IAM: the action, and the templates of the resource, of the
 * resource's owner and of application condition keys, with the parameter names the point declares.
 * Immutable; validated when built, so a bad template fails the deployment, not a request.
 *
 * <p>Where template values come from:
 *
 * <ul>
 *   <li>{@code ${tenant}} and {@code ${aws:...}} ({@code aws:username}, {@code aws:userid},
 *       {@code aws:PrincipalTag/dept}, ...) are <em>reserved</em>: only the authenticated identity
 *       fills them, never the request.
 *   <li>Every other name must be declared by the enforcement point (a path template variable, a
 *       {@code @QueryParam}, a method parameter, a route file's {@code query} list); only declared
 *       names are filled from the request. A declared name that is reserved is a clash.
 * </ul>
 *
 * @param declared the names the request may fill
 * @param source where the target was declared (a method, a route file entry), for messages
 */
public record Target(String action, String resource, String resourceAccount, List<String> context, Set<String> declared,
    String source) {
  /** The template of the caller's own tenant. */
  public static final String TENANT = "${tenant}";
  private static final Pattern VAR = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1,128}");

  public Target {
    context = List.copyOf(context);
    declared = Set.copyOf(declared);
    List<String> problems = problems(action, resource, resourceAccount, context, declared);
    if (!problems.isEmpty()) {
      throw new IamException(source + ": " + String.join("; ", problems));
    }
  }

  /** Whether a template name is filled only from the identity. */
  public static boolean reserved(String name) {
    return name.equals("tenant") || name.regionMatches(true, 0, "aws:", 0, 4);
  }

  private static List<String> problems(String action, String resource, String account, List<String> context, Set<String> declared) {
    List<String> out = new ArrayList<>();
    if (action == null || action.indexOf(':') < 1) {
      out.add("the action \"" + action + "\" is not service:Name");
    }
    for (String d : declared) {
      if (reserved(d)) {
        out.add("the parameter \"" + d + "\" clashes with the reserved template name ${" + d
            + "} (filled only from the authenticated identity): rename the parameter");
      }
    }
    List<String> templates = new ArrayList<>(List.of(resource, account));
    for (String kv : context) {
      int eq = kv.indexOf('=');
      if (eq < 1) {
        out.add("the context entry \"" + kv + "\" is not key=template");
      } else {
        templates.add(kv.substring(eq + 1));
      }
    }
    for (String t : templates) {
      Matcher m = VAR.matcher(t);
      while (m.find()) {
        String name = m.group(1);
        if (!NAME.matcher(name).matches()) {
          out.add("the template name ${" + name + "} is not a name");
        } else if (!reserved(name) && !declared.contains(name)) {
          out.add("the template names ${" + name + "}, which is not a declared parameter (declared: " + declared
              + "; reserved: ${tenant}, ${aws:...})");
        }
      }
    }
    return out;
  }

  /** The outcome of filling the templates for one request. */
  public sealed interface Fill {}

  /** The resource, its owner and the application's context keys (keys without a value left out). */
  public record Filled(String resource, String owner, Map<String, String> context) implements Fill {}

  /**
   * The request names no resource that can be decided: {@code status} 400 for a malformed value,
   * 403 for one that cannot be determined (a deny, fail closed).
   */
  public record Unresolved(int status, String message) implements Fill {}

  /**
   * Fills the templates: declared names from {@code values} (the request), reserved names from
   * {@code identity} (the authenticated identity's tenant and context keys; null for none).
   */
  public Fill fill(Map<String, String> values, Function<String, String> identity) {
    Function<String, String> lookup = name -> reserved(name) ? identity.apply(name) : declared.contains(name) ? values.get(name) : null;
    String r;
    String owner;
    try {
      r = fill(resource, lookup);
      owner = fill(resourceAccount, lookup);
    } catch (IllegalArgumentException e) {
      return new Unresolved(400, e.getMessage());
    }
    if (r == null || owner == null) {
      return new Unresolved(403, "The resource of this request could not be determined");
    }
    String dots = dotSegment(r);
    if (dots != null) {
      return new Unresolved(400, "The resource of this request has a \"" + dots + "\" segment");
    }
    Map<String, String> ctx = new LinkedHashMap<>();
    for (String kv : context) {
      int eq = kv.indexOf('=');
      try {
        String v = fill(kv.substring(eq + 1), lookup);
        if (v != null) {
          ctx.put(kv.substring(0, eq), v);
        }
      } catch (IllegalArgumentException e) {
        return new Unresolved(400, e.getMessage());
      }
    }
    return new Filled(r, owner, ctx);
  }

  /**
   * Fills {@code ${name}} placeholders with literal text; null when a name has no value. A value
   * that would add a colon before an ARN's resource part (moving its account or service) makes the
   * template unresolvable; a control character is malformed input.
   */
  static String fill(String template, Function<String, String> values) {
    // The placeholders of VAR ("${", anything but "}", "}"), found without a Matcher: this runs for
    // every decision (the regular expression showed in the profile).
    StringBuilder sb = new StringBuilder(template.length() + 32);
    int last = 0;
    for (int start = template.indexOf("${"); start >= 0; start = template.indexOf("${", last)) {
      int end = template.indexOf('}', start + 2);
      if (end < 0) {
        break; // no closing brace after this one: no later placeholder either
      }
      String name = template.substring(start + 2, end);
      String value = values.apply(name);
      if (value == null) {
        return null;
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          throw new IllegalArgumentException("The value of ${" + name + "} has a control character");
        }
      }
      sb.append(template, last, start);
      boolean beforeResourcePart = template.startsWith("arn:") && colons(sb) < 5;
      if (beforeResourcePart && value.indexOf(':') >= 0) {
        return null;
      }
      sb.append(value);
      last = end + 1;
    }
    return sb.append(template.substring(last)).toString();
  }

  /** The first {@code .} or {@code ..} segment of an ARN's resource part (split on {@code /}), or null. */
  static String dotSegment(String arn) {
    int colons = 0;
    int start = -1;
    for (int i = 0; i < arn.length(); i++) {
      if (arn.charAt(i) == ':' && ++colons == 5) {
        start = i + 1;
        break;
      }
    }
    if (start < 0) {
      start = 0;
    }
    for (String s : arn.substring(start).split("/", -1)) {
      if (s.equals(".") || s.equals("..")) {
        return s;
      }
    }
    return null;
  }

  /** The names a template uses, in order. */
  public static Set<String> names(String template) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = VAR.matcher(template);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static int colons(CharSequence s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ':') {
        n++;
      }
    }
    return n;
  }
}
