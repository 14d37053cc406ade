package io.iam4j.audit;

import io.iam4j.crypto.ServerKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The trail's signing keys: an Ed25519 key pair derived from the server key, so that whoever holds
 * only the public key can verify a trail offline, and nobody without the server key can sign one.
 * Stateless; the keys it returns are immutable.
 */
public final class AuditKeys {
  /** HKDF info for the 32-byte Ed25519 seed. Changing it changes every trail's key. */
  static final String PURPOSE = "iam4j audit checkpoint ed25519";
  /** The public key's file, written next to the trail when it opens. */
  public static final String PUBLIC_KEY_FILE = "audit-public-key.pem";
  /** Prefixed to every signed text: no other Ed25519 signature can pass for a trail's. */
  private static final byte[] DOMAIN = "iam4j audit v2\n".getBytes(StandardCharsets.UTF_8);

  private AuditKeys() {}

  /** The key pair of {@code key}'s trail: the same server key always gives the same pair. */
  static KeyPair pair(ServerKey key) {
    byte[] seed = key.derive(PURPOSE, 32);
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
      KeyPair pair = g.generateKeyPair();
      // The JDK takes the private key (RFC 8032's seed) as the next 32 random bytes; if a JDK ever
      // drew differently, the key would silently change from start to start: refuse instead.
      byte[] got = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(new byte[0]);
      if (!Arrays.equals(got, seed)) {
        throw new IllegalStateException("This JDK does not derive Ed25519 keys from a given seed");
      }
      return pair;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is missing from this JVM", e);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** The public key that verifies the trail signed with {@code key}. */
  public static PublicKey publicKey(ServerKey key) {
    return pair(key).getPublic();
  }

  /** X.509 SubjectPublicKeyInfo, PEM: what {@link #PUBLIC_KEY_FILE} holds. */
  public static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /**
   * Reads an Ed25519 public key from a PEM file.
   *
   * @throws IOException when the file cannot be read or holds no Ed25519 public key
   */
  public static PublicKey readPublicKey(Path pem) throws IOException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    int begin = text.indexOf("-----BEGIN PUBLIC KEY-----");
    int end = text.indexOf("-----END PUBLIC KEY-----");
    if (begin < 0 || end < begin) {
      throw new IOException(pem + " is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 26, end));
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(pem + " holds no Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /** A short name for a public key (SHA-256 of its encoding, 16 hex digits): in every signed record. */
  public static String keyId(PublicKey key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sign(PrivateKey key, byte[] text) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(DOMAIN);
      s.update(text);
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  static boolean verify(PublicKey key, byte[] text, String signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(DOMAIN);
      s.update(text);
      return s.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Hands the key generator the seed as its "random" bytes: the pair follows from the server key. */
  private static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final transient byte[] seed;

    FixedRandom(byte[] seed) {
      this.seed = seed;
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("Ed25519 asked for " + bytes.length + " bytes, not the 32-byte seed");
      }
      System.arraycopy(seed, 0, bytes, 0, bytes.length);
    }
  }
}
