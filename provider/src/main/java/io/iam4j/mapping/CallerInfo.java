package io.iam4j.mapping;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the container knows about an authenticated (or anonymous) request, without any Jakarta type:
 * the caller's name, its container groups and, for token callers (MicroProfile JWT, OpenID
 * Connect), the claims of the verified token; and where the request went. Immutable.
 *
 * @param name the authenticated caller name, or null for an anonymous request
 * @param groups the caller's groups as the container knows them (its identity store's, a token's
 *     {@code groups} claim)
 * @param headers request headers (names case-insensitive)
 * @param path the request path inside the application, e.g. {@code /api/acme/buckets}
 * @param host the host the request was addressed to, e.g. {@code acme.docs.example}
 * @param claims the claims of the token the container verified for this caller, by name; a string,
 *     number or boolean claim is one value, an array claim its elements (as text); empty when the
 *     caller came without a token
 */
public record CallerInfo(String name, Set<String> groups, Map<String, String> headers, String path, String host,
    Map<String, List<String>> claims) {
  public CallerInfo {
    groups = Set.copyOf(groups);
    TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    headers = Collections.unmodifiableMap(h);
    path = path == null ? "" : path;
    host = host == null ? "" : host;
    TreeMap<String, List<String>> c = new TreeMap<>();
    if (claims != null) {
      claims.forEach((k, v) -> c.put(k, List.copyOf(v)));
    }
    claims = Collections.unmodifiableMap(c);
  }

  /** A caller without token claims. */
  public CallerInfo(String name, Set<String> groups, Map<String, String> headers, String path, String host) {
    this(name, groups, headers, path, host, Map.of());
  }

  public static CallerInfo of(String name, Set<String> groups) {
    return new CallerInfo(name, groups, Map.of(), "", "", Map.of());
  }

  /** This caller with the claims of its token. */
  public CallerInfo withClaims(Map<String, List<String>> tokenClaims) {
    return new CallerInfo(name, groups, headers, path, host, tokenClaims);
  }

  public boolean anonymous() {
    return name == null;
  }

  public Optional<String> header(String headerName) {
    return Optional.ofNullable(headers.get(headerName));
  }

  /** The value of a claim that has exactly one (a string, number or boolean; or an array of one). */
  public Optional<String> claim(String claimName) {
    List<String> v = claims.get(claimName);
    return v != null && v.size() == 1 ? Optional.of(v.get(0)) : Optional.empty();
  }

  /** The token's issuer ({@code iss}), when the caller came with a token. */
  public Optional<String> issuer() {
    return claim("iss");
  }
}
