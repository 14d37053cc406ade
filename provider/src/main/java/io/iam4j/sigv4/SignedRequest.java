package io.iam4j.sigv4;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the verifier needs of an HTTP request. Header names are matched case-insensitively; a header
 * may repeat (several values in one list, or several map keys differing in case).
 *
 * @param method the HTTP method as received ({@code GET}, {@code POST}, ...)
 * @param rawPath the path as received, still percent-encoded, without the query
 * @param rawQuery the query as received (after {@code ?}, still encoded), or null
 * @param headers the request's headers
 * @param body the raw body bytes, or null when the caller has not read them
 */
public record SignedRequest(
    String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

  /**
   * The values of a header, every map key matching {@code name} without regard to case, in map order;
   * an empty list when absent. {@code name} is lower case.
   */
  public List<String> header(String name) {
    if (headers == null) {
      return List.of();
    }
    List<String> found = null;
    boolean copied = false;
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      String key = e.getKey();
      List<String> values = e.getValue();
      if (values == null || key == null || key.length() != name.length() || !key.equalsIgnoreCase(name)) {
        continue;
      }
      if (found == null) {
        found = values;
      } else {
        // The same header under two spellings: every value counts, as for a server that folds names.
        if (!copied) {
          found = new ArrayList<>(found);
          copied = true;
        }
        found.addAll(values);
      }
    }
    return found == null ? List.of() : found;
  }
}
