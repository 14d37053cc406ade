package io.iam4j.crypto;

import io.iam4j.IamException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key only the server holds: AES-256 for encrypted authorization messages and TOTP seeds (GCM:
 * confidential and authenticated), and a derived HMAC key for session tokens. Read from a file that
 * holds it base-64 encoded, created with owner-only permissions when missing. Never logged.
 * Thread-safe.
 */
public final class ServerKey {
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey aes;
  private final SecretKey hmac;

  private ServerKey(byte[] key) {
    if (key.length != 32) {
      throw new IamException("The server key must be 32 bytes (AES-256); found " + key.length);
    }
    this.aes = new SecretKeySpec(key, "AES");
    this.hmac = new SecretKeySpec(derive(key, "iam4j session tokens"), "HmacSHA256");
  }

  public static ServerKey of(byte[] key) {
    return new ServerKey(key.clone());
  }

  /** A fresh random key (tests, first start). */
  public static ServerKey random() {
    byte[] k = new byte[32];
    RANDOM.nextBytes(k);
    return new ServerKey(k);
  }

  /** Reads the key file, or creates it (mode 600) with a new random key. */
  public static ServerKey fromFile(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
          Files.createFile(file);
        }
        Files.writeString(file, Base64.getEncoder().encodeToString(k) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        return new ServerKey(k);
      }
      return new ServerKey(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.UTF_8).trim()));
    } catch (IOException | IllegalArgumentException e) {
      throw new IamException("Cannot read the server key " + file + ": " + e.getMessage(), e);
    }
  }

  /** AES-GCM: a random nonce, then ciphertext and tag; base-64 (URL-safe). {@code aad} binds the purpose. */
  public String encrypt(String plaintext, String aad) {
    try {
      byte[] nonce = new byte[NONCE];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE + ct.length];
      System.arraycopy(nonce, 0, out, 0, NONCE);
      System.arraycopy(ct, 0, out, NONCE, ct.length);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IamException("Encryption failed", e);
    }
  }

  /**
   * Decrypts what {@link #encrypt} produced with the same {@code aad}.
   *
   * @throws IamException when the text was not made with this key and purpose, or was changed
   */
  public String decrypt(String encoded, String aad) {
    try {
      byte[] in = Base64.getUrlDecoder().decode(encoded.trim());
      if (in.length <= NONCE) {
        throw new IamException("Not an encrypted message");
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, aes, new GCMParameterSpec(TAG_BITS, in, 0, NONCE));
      c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(in, NONCE, in.length - NONCE), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IamException("The message was not encrypted with this server's key, or it was changed");
    }
  }

  /** HMAC-SHA256 with the derived token key. */
  public byte[] sign(byte[] data) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(hmac);
      return m.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IamException("Signing failed", e);
    }
  }

  /**
   * A key for one purpose, derived from the server key with HKDF-SHA256 (RFC 5869: no salt, the
   * purpose as info), so that no derived key reveals the server key or another purpose's key.
   *
   * @param purpose names the use, e.g. {@code "iam4j audit checkpoint ed25519"}; never reuse one for two uses
   * @param length bytes wanted, 1 to 8160 (255 hash lengths)
   */
  public byte[] derive(String purpose, int length) {
    if (length < 1 || length > 255 * 32) {
      throw new IllegalArgumentException("HKDF-SHA256 derives 1 to 8160 bytes, not " + length);
    }
    try {
      Mac extract = Mac.getInstance("HmacSHA256");
      extract.init(new SecretKeySpec(new byte[32], "HmacSHA256")); // no salt: HashLen zero bytes
      byte[] prk = extract.doFinal(aes.getEncoded());
      Mac expand = Mac.getInstance("HmacSHA256");
      expand.init(new SecretKeySpec(prk, "HmacSHA256"));
      byte[] info = purpose.getBytes(StandardCharsets.UTF_8);
      byte[] out = new byte[length];
      byte[] t = new byte[0];
      for (int i = 1, done = 0; done < length; i++) {
        expand.update(t);
        expand.update(info);
        expand.update((byte) i);
        t = expand.doFinal();
        int n = Math.min(t.length, length - done);
        System.arraycopy(t, 0, out, done, n);
        done += n;
      }
      java.util.Arrays.fill(prk, (byte) 0);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  private static byte[] derive(byte[] key, String label) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m.doFinal(label.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "ServerKey[****]";
  }
}
