package io.iam4j.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): turns one secret into independent keys, one per purpose
 * ({@code info}), so that a key used for tokens never also encrypts, and learning one derived key
 * says nothing about another. Stateless.
 */
final class Hkdf {
  static final int HASH_LENGTH = 32;
  /** RFC 5869 section 2.3: L is at most 255 * HashLen. */
  static final int MAX_LENGTH = 255 * HASH_LENGTH;

  private Hkdf() {}

  /** Extract then expand: {@code length} bytes of output keying material. */
  static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    return expand(extract(salt, ikm), info, length);
  }

  /** PRK = HMAC-Hash(salt, IKM); an absent or empty salt is HashLen zeros, as the RFC says. */
  static byte[] extract(byte[] salt, byte[] ikm) {
    byte[] s = salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt;
    return hmac(s, ikm);
  }

  /** T(1) | T(2) | ... with T(i) = HMAC-Hash(PRK, T(i-1) | info | i), cut to {@code length}. */
  static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 1 || length > MAX_LENGTH) {
      throw new IllegalArgumentException("HKDF output length must be 1 to " + MAX_LENGTH + " bytes; asked for " + length);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      byte[] out = new byte[length];
      byte[] t = new byte[0];
      int done = 0;
      for (int i = 1; done < length; i++) {
        mac.update(t);
        mac.update(info);
        mac.update((byte) i);
        t = mac.doFinal();
        int n = Math.min(t.length, length - done);
        System.arraycopy(t, 0, out, done, n);
        done += n;
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
