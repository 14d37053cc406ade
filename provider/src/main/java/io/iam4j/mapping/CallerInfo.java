package io.iam4j.mapping;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the container knows about an authenticated (or anonymous) request, without any Jakarta type:
 * the caller's name and groups, and where the request went. Immutable.
 *
 * @param name the authenticated caller name, or null for an anonymous request
 * @param headers request headers (names case-insensitive)
 * @param path the request path inside the application, e.g. {@code /api/acme/buckets}
 * @param host the host the request was addressed to, e.g. {@code acme.docs.example}
 */
public record CallerInfo(String name, Set<String> groups, Map<String, String> headers, String path, String host) {
  public CallerInfo {
    groups = Set.copyOf(groups);
    TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    headers = java.util.Collections.unmodifiableMap(h);
    path = path == null ? "" : path;
    host = host == null ? "" : host;
  }

  public static CallerInfo of(String name, Set<String> groups) {
    return new CallerInfo(name, groups, Map.of(), "", "");
  }

  public boolean anonymous() {
    return name == null;
  }

  public Optional<String> header(String headerName) {
    return Optional.ofNullable(headers.get(headerName));
  }
}
