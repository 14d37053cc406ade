package io.iam4j.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes in Jakarta Security's {@code Pbkdf2PasswordHash} format ({@code
 * ALGORITHM:ITERATIONS:SALT:HASH}, base-64 salt and key), the format of the directory's {@code
 * passwordHash}: what the container's identity store verifies at sign-in. New hashes use
 * PBKDF2WithHmacSHA256 with 210,000 iterations, 32-byte salt and key (the sample's parameters).
 * Clear-text passwords are never kept: callers clear their arrays.
 */
public final class PasswordHashes {
  public static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  public static final int ITERATIONS = 210_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHashes() {}

  /** A new hash of {@code password} with a fresh salt. */
  public static String hash(char[] password) {
    byte[] salt = new byte[32];
    RANDOM.nextBytes(salt);
    byte[] key = derive(ALGORITHM, password, salt, ITERATIONS, 32);
    return ALGORITHM + ":" + ITERATIONS + ":" + Base64.getEncoder().encodeToString(salt) + ":" + Base64.getEncoder().encodeToString(key);
  }

  /** Whether {@code password} is the one {@code hash} was made from; false for a malformed hash (fail closed). */
  public static boolean verify(char[] password, String hash) {
    if (hash == null) {
      return false;
    }
    String[] f = hash.split(":", -1);
    try {
      if (f.length != 4 || !f[1].matches("[0-9]{1,9}")) {
        return false;
      }
      byte[] salt = Base64.getDecoder().decode(f[2]);
      byte[] expected = Base64.getDecoder().decode(f[3]);
      if (expected.length == 0) {
        return false;
      }
      return MessageDigest.isEqual(derive(f[0], password, salt, Integer.parseInt(f[1]), expected.length), expected);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(String algorithm, char[] password, byte[] salt, int iterations, int bytes) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
    try {
      return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Cannot use " + algorithm + ": " + e.getMessage(), e);
    } finally {
      spec.clearPassword();
    }
  }

  /** Overwrites a password array (after use). */
  public static void clear(char[] password) {
    if (password != null) {
      Arrays.fill(password, '\0');
    }
  }
}
