package io.iam4j.sigv4;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers of the SigV4 tests. */
final class Fixtures {
  private Fixtures() {}

  static Clock at(String iso) {
    return Clock.fixed(Instant.parse(iso), ZoneOffset.UTC);
  }

  /** Headers from name, value pairs; a name given twice gets both values. */
  static Map<String, List<String>> headers(String... nameValues) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      h.computeIfAbsent(nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
    }
    return h;
  }

  /** A lookup knowing one key. */
  static SecretLookup<String> oneKey(String accessKeyId, String secret) {
    return (id, token, signedAt) -> id.equals(accessKeyId)
        ? new Lookup.Found<>(secret, "subject:" + id)
        : new Lookup.Refused<>(SigV4Error.InvalidClientTokenId,
            "The security token included in the request is invalid.");
  }

  static <T> SigV4Result.Refused<T> refused(SigV4Result<T> result) {
    if (result instanceof SigV4Result.Refused<T> r) {
      return r;
    }
    throw new AssertionError("expected a refusal, got " + result);
  }

  static <T> SigV4Result.Verified<T> verified(SigV4Result<T> result) {
    if (result instanceof SigV4Result.Verified<T> v) {
      return v;
    }
    throw new AssertionError("expected a verified request, got " + result);
  }
}
