package io.iam4j.jakarta.runtime;

import io.iam4j.IamException;
import io.iam4j.config.TenantLoader;
import io.iam4j.mapping.TenantResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings behind iam4j's default principal mapping, parsed strictly: a value that cannot be
 * read is an error naming the setting and the part that is wrong, never a silent default.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>iam4j.tenant.resolver</td><td>caller-name</td><td>where a caller's tenant comes from: a comma-separated
 *       list, the first that finds one wins: {@code caller-name} ({@code alice@acme}), {@code claim:NAME}
 *       (a token claim of an OpenID Connect or MicroProfile JWT caller), {@code header:NAME},
 *       {@code path:INDEX} (0-based segment of the canonical path), {@code host} (first label),
 *       {@code fixed:TENANT} (every caller)</td></tr>
 *   <tr><td>iam4j.group-mapping</td><td>(none)</td><td>container groups that add IAM groups of the caller's tenant:
 *       {@code accounting=Accountants,sales=Sales}</td></tr>
 * </table>
 */
final class MappingSettings {
  static final String TENANT_RESOLVER = "iam4j.tenant.resolver";
  static final String GROUP_MAPPING = "iam4j.group-mapping";
  /** An HTTP header name (RFC 9110 token). */
  private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
  /**
   * An IAM group name, as the tenant loader accepts it less the comma (which separates pairs) and the
   * equals sign (the last one in a pair separates the names, so container groups may hold one, as
   * {@code cn=ops} does).
   */
  private static final Pattern IAM_GROUP = Pattern.compile("[\\w+.@-]{1,128}");

  private MappingSettings() {}

  /** The resolver {@code iam4j.tenant.resolver} describes (absent: {@code caller-name}). */
  static TenantResolver tenantResolver(Optional<String> setting) {
    String spec = setting.orElse("caller-name");
    List<TenantResolver> chain = new ArrayList<>();
    for (String raw : spec.split(",", -1)) {
      String part = raw.trim();
      int colon = part.indexOf(':');
      String kind = colon < 0 ? part : part.substring(0, colon);
      String arg = colon < 0 ? null : part.substring(colon + 1).trim();
      chain.add(switch (kind) {
        case "caller-name" -> noArgument(part, arg, TenantResolver.fromCallerName('@'));
        case "host" -> noArgument(part, arg, TenantResolver.fromHost());
        case "header" -> {
          if (arg == null || !HEADER.matcher(arg).matches()) {
            throw bad(TENANT_RESOLVER, spec, "\"" + part + "\" needs a header name: header:X-Tenant");
          }
          yield TenantResolver.fromHeader(arg);
        }
        case "path" -> {
          int index;
          try {
            index = Integer.parseInt(arg == null ? "" : arg);
          } catch (NumberFormatException e) {
            index = -1;
          }
          if (index < 0 || index > 63) {
            throw bad(TENANT_RESOLVER, spec, "\"" + part + "\" needs a path segment index from 0 to 63: path:1");
          }
          yield TenantResolver.fromPathSegment(index);
        }
        case "claim" -> {
          if (arg == null || arg.isEmpty() || arg.length() > 128) {
            throw bad(TENANT_RESOLVER, spec, "\"" + part + "\" needs a token claim name: claim:tenant");
          }
          yield TenantResolver.fromClaim(arg);
        }
        case "fixed" -> {
          if (arg == null || !TenantLoader.TENANT_ID.matcher(arg).matches()) {
            throw bad(TENANT_RESOLVER, spec, "\"" + part + "\" needs a tenant id (" + TenantLoader.TENANT_ID + "): fixed:acme");
          }
          Optional<String> fixed = Optional.of(arg);
          yield c -> fixed;
        }
        default -> throw bad(TENANT_RESOLVER, spec, "\"" + part
            + "\" is none of caller-name, claim:NAME, header:NAME, path:INDEX, host, fixed:TENANT");
      });
    }
    return chain.size() == 1 ? chain.get(0) : TenantResolver.firstOf(chain.toArray(TenantResolver[]::new));
  }

  /** Container group to IAM group, from {@code iam4j.group-mapping} (absent: none). */
  static Map<String, String> groupMapping(Optional<String> setting) {
    Map<String, String> out = new LinkedHashMap<>();
    if (setting.isEmpty() || setting.get().isBlank()) {
      return out;
    }
    String spec = setting.get();
    for (String raw : spec.split(",", -1)) {
      String pair = raw.trim();
      int eq = pair.lastIndexOf('=');
      String container = eq < 0 ? "" : pair.substring(0, eq).trim();
      String iam = eq < 0 ? "" : pair.substring(eq + 1).trim();
      if (container.isEmpty() || !IAM_GROUP.matcher(iam).matches()) {
        throw bad(GROUP_MAPPING, spec, "\"" + pair + "\" is not CONTAINER_GROUP=IAM_GROUP (IAM group: " + IAM_GROUP + ")");
      }
      if (out.putIfAbsent(container, iam) != null) {
        throw bad(GROUP_MAPPING, spec, "container group \"" + container + "\" is mapped twice");
      }
    }
    return out;
  }

  private static TenantResolver noArgument(String part, String arg, TenantResolver r) {
    if (arg != null) {
      throw bad(TENANT_RESOLVER, part, "\"" + part + "\" takes no argument");
    }
    return r;
  }

  private static IamException bad(String setting, String value, String why) {
    return new IamException(setting + "=\"" + value + "\": " + why);
  }
}
