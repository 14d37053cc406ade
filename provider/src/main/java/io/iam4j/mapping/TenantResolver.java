package io.iam4j.mapping;

import java.util.List;
import java.util.Optional;

/**
 * Decides which tenant a request belongs to. Pluggable: implement it, or combine the strategies
 * below with {@link #firstOf}. Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface TenantResolver {
  Optional<String> tenant(CallerInfo caller);

  /** {@code alice@acme}: the part after the last separator of the caller name. */
  static TenantResolver fromCallerName(char separator) {
    return c -> {
      if (c.name() == null) {
        return Optional.empty();
      }
      int at = c.name().lastIndexOf(separator);
      return at > 0 && at < c.name().length() - 1 ? Optional.of(c.name().substring(at + 1)) : Optional.empty();
    };
  }

  /** A request header such as {@code X-Tenant}. */
  static TenantResolver fromHeader(String header) {
    return c -> c.header(header).map(String::trim).filter(s -> !s.isEmpty());
  }

  /** The path segment at {@code index} (0-based): {@code /api/acme/buckets} with index 1 is {@code acme}. */
  static TenantResolver fromPathSegment(int index) {
    return c -> {
      List<String> segments = List.of(c.path().replaceAll("^/+", "").split("/"));
      return index < segments.size() && !segments.get(index).isEmpty() ? Optional.of(segments.get(index)) : Optional.empty();
    };
  }

  /** The first label of the host name: {@code acme.docs.example} is {@code acme}. */
  static TenantResolver fromHost() {
    return c -> {
      String host = c.host();
      int colon = host.lastIndexOf(':');
      if (colon > 0 && host.indexOf(']') < colon) {
        host = host.substring(0, colon);
      }
      int dot = host.indexOf('.');
      return dot > 0 && !Character.isDigit(host.charAt(0)) ? Optional.of(host.substring(0, dot)) : Optional.empty();
    };
  }

  /**
   * A claim of the caller's token, such as {@code tenant}: only a single string value counts. The
   * container verified the token, so its issuer vouches for the value; the tenant's mapping rules
   * still decide whether that issuer's callers are anyone there.
   */
  static TenantResolver fromClaim(String claim) {
    return c -> c.claim(claim).map(String::trim).filter(s -> !s.isEmpty());
  }

  /** Always the same tenant: an application that serves one tenant. */
  static TenantResolver fixed(String tenant) {
    Optional<String> t = Optional.of(tenant);
    return c -> t;
  }

  /** The first resolver that finds a tenant wins. */
  static TenantResolver firstOf(TenantResolver... resolvers) {
    List<TenantResolver> list = List.of(resolvers);
    return c -> {
      for (TenantResolver r : list) {
        Optional<String> t = r.tenant(c);
        if (t.isPresent()) {
          return t;
        }
      }
      return Optional.empty();
    };
  }
}
