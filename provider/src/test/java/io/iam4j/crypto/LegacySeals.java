package io.iam4j.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Test fixture: data as the server sealed it before key ids, and fixed key material. */
public final class LegacySeals {
  private LegacySeals() {}

  /** 32 bytes that depend on {@code seed} only. */
  public static byte[] bytes(int seed) {
    byte[] k = new byte[32];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (seed * 31 + i * 7);
    }
    return k;
  }

  /** What ServerKey.encrypt made before key ids: AES-GCM with the raw key, a nonce, base-64 URL-safe. */
  public static String encrypt(byte[] key, String plaintext, String aad) throws Exception {
    byte[] nonce = new byte[12];
    new SecureRandom().nextBytes(nonce);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
    byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
    byte[] out = new byte[12 + ct.length];
    System.arraycopy(nonce, 0, out, 0, 12);
    System.arraycopy(ct, 0, out, 12, ct.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }
}
