package io.iam4j.jwt;

import java.time.Instant;

/** Where an identity provider's signature keys come from: a fetched, cached JWK set or a configured one. */
public interface KeySource {
  /**
   * The keys to verify with now.
   *
   * @throws TokenRejected ({@link TokenRejected.Reason#IDP_UNREACHABLE}) when no keys could be had
   */
  JwkSet keys(Instant now) throws TokenRejected;

  /**
   * The keys again after a token named a key the current ones lack (the provider may have rotated):
   * fetched anew when the source's rate limit allows, else the current keys.
   */
  JwkSet refreshed(Instant now) throws TokenRejected;

  /** Keys written into the configuration: nothing to fetch, nothing to refresh. */
  static KeySource of(JwkSet keys) {
    return new KeySource() {
      @Override
      public JwkSet keys(Instant now) {
        return keys;
      }

      @Override
      public JwkSet refreshed(Instant now) {
        return keys;
      }
    };
  }
}
