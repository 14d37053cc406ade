package io.iam4j.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), as virtual MFA
 * devices produce them. A code is accepted for the current step and one step either side (clock
 * drift). Stateless: single use is the caller's ({@code io.iam4j.signin.TotpReplayGuard}).
 */
public final class Totp {
  public static final int STEP_SECONDS = 30;
  public static final int DIGITS = 6;

  private Totp() {}

  /** The code for {@code time}. */
  public static String code(byte[] seed, Instant time) {
    return code(seed, Math.floorDiv(time.getEpochSecond(), STEP_SECONDS));
  }

  static String code(byte[] seed, long counter) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(seed, "HmacSHA1"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
      int offset = h[h.length - 1] & 0x0f;
      int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
      return String.format("%0" + DIGITS + "d", binary % 1_000_000);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code code} is valid at {@code time} (current step, or one step before or after). */
  public static boolean verify(byte[] seed, String code, Instant time) {
    return matchingStep(seed, code, time).isPresent();
  }

  /**
   * The time step whose code {@code code} is, within the accepted window around {@code time}; empty
   * when it is none of them. Callers that must refuse replays (a code is single-use) remember the
   * step: every step of the window is compared, in constant time, whatever matches.
   */
  public static java.util.OptionalLong matchingStep(byte[] seed, String code, Instant time) {
    if (code == null || !code.matches("[0-9]{" + DIGITS + "}")) {
      return java.util.OptionalLong.empty();
    }
    long step = Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
    byte[] given = code.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    long found = Long.MIN_VALUE;
    for (long s = step - 1; s <= step + 1; s++) {
      if (java.security.MessageDigest.isEqual(code(seed, s).getBytes(java.nio.charset.StandardCharsets.US_ASCII), given)) {
        found = s;
      }
    }
    return found == Long.MIN_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(found);
  }

  /**
   * The step {@code s} at which {@code code1} and {@code code2} are the codes of {@code s} and {@code
   * s + 1}, searched from {@code window} steps before {@code time} to one step after it: two
   * consecutive codes prove a device holds the seed (IAM's EnableMFADevice and ResyncMFADevice).
   */
  public static java.util.OptionalLong consecutiveSteps(byte[] seed, String code1, String code2, Instant time, int window) {
    if (code1 == null || code2 == null || !code1.matches("[0-9]{" + DIGITS + "}") || !code2.matches("[0-9]{" + DIGITS + "}")) {
      return java.util.OptionalLong.empty();
    }
    long step = Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
    long found = Long.MIN_VALUE;
    for (long s = step - window; s <= step; s++) {
      boolean first = java.security.MessageDigest.isEqual(code(seed, s).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          code1.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      boolean second = java.security.MessageDigest.isEqual(code(seed, s + 1).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          code2.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      if (first && second) {
        found = s;
      }
    }
    return found == Long.MIN_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(found);
  }

  /** Encodes bytes as base-32 (RFC 4648, no padding), as authenticator apps take a seed. */
  public static String base32Encode(byte[] data) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /** How long a step's code can still be accepted after the step began (drift window included). */
  public static java.time.Duration acceptanceWindow() {
    return java.time.Duration.ofSeconds(3L * STEP_SECONDS);
  }

  /** Decodes a base-32 seed (as authenticator apps show it). */
  public static byte[] base32(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    String clean = s.replace("=", "").replace(" ", "").toUpperCase(java.util.Locale.ROOT);
    ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (char c : clean.toCharArray()) {
      int v = alphabet.indexOf(c);
      if (v < 0) {
        throw new IllegalArgumentException("not base-32");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return java.util.Arrays.copyOf(out.array(), out.position());
  }
}
