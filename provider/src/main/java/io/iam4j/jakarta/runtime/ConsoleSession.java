package io.iam4j.jakarta.runtime;

import java.io.Serializable;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * What a console sign-in adds to iam4j's browser session ({@link io.iam4j.signin.BrowserSession}):
 * the tenant whose console it is and the session's CSRF token. Immutable; held in the HTTP session
 * under {@link #ATTRIBUTE}.
 *
 * @param tenant the tenant signed in to (the same as the browser session's)
 * @param csrf 128 random bits, base64url: the {@code X-Iam4j-Csrf} header (and the sign-out form's
 *     {@code csrf} field) every unsafe console request must carry
 */
public record ConsoleSession(String tenant, String csrf) implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String ATTRIBUTE = "io.iam4j.console.session";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new console session of {@code tenant} with a fresh token. */
  public static ConsoleSession start(String tenant) {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return new ConsoleSession(tenant, Base64.getUrlEncoder().withoutPadding().encodeToString(b));
  }

  /** Whether {@code presented} is this session's token, compared in constant time. */
  public boolean csrfMatches(String presented) {
    return presented != null && java.security.MessageDigest.isEqual(csrf.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
