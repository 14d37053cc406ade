package io.iam4j.crypto;

import io.iam4j.IamException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys only the server holds: a current key that seals and signs, and previous keys that still
 * open what they sealed, read from the key file ({@link #fromFile}). Each purpose gets its own key
 * derived with HKDF-SHA256 ({@link #derive}), and everything sealed or signed names the id of the
 * key that made it, so rotation ({@link #rotate}) keeps MFA enrolments and old messages readable.
 * Only data from before key ids meets a key as it was used then ({@link #openLegacy}, {@link #sign}).
 * Immutable and thread-safe; {@code toString} shows key ids only.
 */
public final class ServerKey {
  /** What a sealed text ({@link #seal}) starts with; text without it was sealed before key ids. */
  public static final String SEALED_PREFIX = "v2.";
  /** The bound on a sealed text {@link #open} accepts, checked before any work. */
  public static final int MAX_SEALED_CHARS = 256 * 1024;

  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final int CONTEXT_TAG_BYTES = 9;
  /** Infos of the derivations this class makes for itself; {@link #derive} refuses them to callers. */
  private static final String INTERNAL = "iam4j internal ";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What {@code bin/iam keys list} shows: never the key itself. {@code created} is null when unknown. */
  public record KeyInfo(String id, Instant created, boolean current, boolean legacy) {}

  private final List<KeyFile.Key> keys;
  private final Map<String, KeyFile.Key> byId;
  /**
   * MAC keys derived for {@link #mac}, by key id and purpose: a bearer token is checked on every
   * request, and deriving its key (two HMACs) was most of that check. Bounded by this instance's key
   * ids times the few purposes of the code; a key removed from the key file leaves with the instance
   * (the runtime makes a new one), so a deactivated key is never served from here.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, byte[]> macKeys = new java.util.concurrent.ConcurrentHashMap<>();

  private ServerKey(List<KeyFile.Key> keys) {
    this.keys = List.copyOf(keys);
    Map<String, KeyFile.Key> m = new LinkedHashMap<>();
    for (KeyFile.Key k : keys) {
      m.put(k.id(), k);
    }
    this.byId = Map.copyOf(m);
  }

  /** One key, as a key file of the single-line format holds it (so it also opens data sealed before key ids). */
  public static ServerKey of(byte[] key) {
    if (key.length != KeyFile.SECRET_BYTES) {
      throw new IamException("The server key must be 32 bytes (AES-256); found " + key.length);
    }
    return new ServerKey(List.of(KeyFile.legacy(key)));
  }

  /** A fresh random key (tests). */
  public static ServerKey random() {
    return new ServerKey(List.of(KeyFile.Key.generate(Instant.now())));
  }

  /**
   * Reads the key file, or creates it (mode 600) with one new key when it is missing.
   *
   * @throws IamException when the file is unreadable, malformed, or (POSIX) accessible by group or
   *     others; the message names the file and the fix
   */
  public static ServerKey fromFile(Path file) {
    return new ServerKey(KeyFile.readOrCreate(file, Instant.now()));
  }

  /**
   * Adds a new current key to an existing key file and keeps the others (they still open what they
   * sealed). A server reads its key file at start: restart it to seal with the new key.
   *
   * @return the new key's description
   */
  public static KeyInfo rotate(Path file, Clock clock) {
    if (!java.nio.file.Files.exists(file)) {
      throw new IamException("No server key file " + file);
    }
    List<KeyFile.Key> old = KeyFile.read(file);
    if (old.size() >= KeyFile.MAX_KEYS) {
      throw new IamException("The server key file " + file + " already holds " + KeyFile.MAX_KEYS
          + " keys; remove keys nothing needs any more before rotating");
    }
    KeyFile.Key fresh = KeyFile.Key.generate(clock.instant());
    List<KeyFile.Key> all = new ArrayList<>();
    all.add(fresh);
    all.addAll(old);
    KeyFile.write(file, all);
    return new KeyInfo(fresh.id(), fresh.created(), true, false);
  }

  /** The keys, current first. */
  public List<KeyInfo> keys() {
    List<KeyInfo> out = new ArrayList<>();
    for (KeyFile.Key k : keys) {
      out.add(new KeyInfo(k.id(), k.created(), out.isEmpty(), k.legacy()));
    }
    return List.copyOf(out);
  }

  /** The id of the key that seals and signs now. */
  public String currentKeyId() {
    return current().id();
  }

  private KeyFile.Key current() {
    return keys.get(0);
  }

  /**
   * A key for {@code purpose}, derived from the current key with HKDF-SHA256 (RFC 5869; no salt,
   * info = the purpose in UTF-8). The same key file and purpose always give the same bytes; another
   * purpose gives independent ones. After a rotation the result changes: record {@link #currentKeyId()}
   * beside what the derived key protects.
   *
   * @param length 1 to 8160 bytes
   */
  public byte[] derive(String purpose, int length) {
    if (purpose.startsWith(INTERNAL)) {
      throw new IllegalArgumentException("Purposes starting with \"" + INTERNAL + "\" are reserved");
    }
    return Hkdf.derive(null, current().secret(), purpose.getBytes(StandardCharsets.UTF_8), length);
  }

  private static byte[] internal(KeyFile.Key k, String purpose, int length) {
    return Hkdf.derive(null, k.secret(), (INTERNAL + purpose).getBytes(StandardCharsets.UTF_8), length);
  }

  /**
   * AES-256-GCM with the current key's key for {@code purpose}: {@code v2.KEYID.CONTEXTTAG.DATA}
   * (URL-safe). The associated data binds key id, purpose and {@code context} (who the plaintext
   * belongs to: a tenant, a user), so the text opens only for the same purpose and context. The
   * context tag is a keyed, truncated MAC of purpose and context: it lets the server tell "sealed
   * for someone else" from "broken" ({@link #sealedFor}) without showing the context.
   */
  public String seal(String purpose, String context, String plaintext) {
    KeyFile.Key k = current();
    try {
      byte[] nonce = new byte[NONCE];
      RANDOM.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, aesKey(k, purpose), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad(k.id(), purpose, context));
      byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE + ct.length];
      System.arraycopy(nonce, 0, out, 0, NONCE);
      System.arraycopy(ct, 0, out, NONCE, ct.length);
      return SEALED_PREFIX + k.id() + "." + contextTag(k, purpose, context) + "." + b64(out);
    } catch (GeneralSecurityException e) {
      throw new IamException("Encryption failed", e);
    }
  }

  /**
   * Opens what {@link #seal} made, with the key its id names.
   *
   * @throws IamException when the text is not sealed by a key of this server for this purpose and
   *     context, or was changed
   */
  public String open(String purpose, String context, String sealed) {
    Parts p = parts(sealed);
    // The tag is checked too, so that no part of a sealed text can change and still open.
    if (p == null || !sameTag(p, purpose, context)) {
      throw notOurs();
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, aesKey(p.key, purpose), new GCMParameterSpec(TAG_BITS, p.data, 0, NONCE));
      c.updateAAD(aad(p.key.id(), purpose, context));
      return new String(c.doFinal(p.data, NONCE, p.data.length - NONCE), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw notOurs();
    }
  }

  /**
   * Whether {@code sealed} is in the sealed format, names a key of this server and carries the
   * context tag of {@code purpose} and {@code context}. True does not mean it opens (it may be
   * changed); false for a well-formed text means it was sealed for another context.
   */
  public boolean sealedFor(String purpose, String context, String sealed) {
    Parts p = parts(sealed);
    return p != null && sameTag(p, purpose, context);
  }

  private static boolean sameTag(Parts p, String purpose, String context) {
    return MessageDigest.isEqual(p.tag.getBytes(StandardCharsets.US_ASCII), contextTag(p.key, purpose, context).getBytes(StandardCharsets.US_ASCII));
  }

  /** Whether {@code sealed} is in the sealed format and names a key of this server (it may still be changed). */
  public boolean sealedByThisServer(String sealed) {
    return parts(sealed) != null;
  }

  /** Whether {@code text} has the shape of a sealed text of this format (key id and all), whoever sealed it. */
  public static boolean isSealed(String text) {
    return text != null && text.strip().startsWith(SEALED_PREFIX);
  }

  /**
   * Opens text sealed before key ids existed (AES-256-GCM with the raw legacy key and {@code aad}).
   * Only the key marked legacy in the key file (the key of a single-line file) opens it.
   *
   * @throws IamException when there is no legacy key, or the text was not made with it or was changed
   */
  public String openLegacy(String aad, String encoded) {
    KeyFile.Key legacy = keys.stream().filter(KeyFile.Key::legacy).findFirst().orElseThrow(ServerKey::notOurs);
    try {
      if (encoded.length() > MAX_SEALED_CHARS) {
        throw notOurs();
      }
      byte[] in = Base64.getUrlDecoder().decode(encoded.strip());
      if (in.length <= NONCE) {
        throw notOurs();
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(legacy.secret(), "AES"), new GCMParameterSpec(TAG_BITS, in, 0, NONCE));
      c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(in, NONCE, in.length - NONCE), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw notOurs();
    }
  }

  /**
   * HMAC-SHA256 of {@code data} with the key for {@code purpose} derived from key {@code keyId};
   * empty when this server has no such key. Sign with {@link #currentKeyId()}, verify with the id the
   * signed data names.
   */
  public Optional<byte[]> mac(String keyId, String purpose, byte[] data) {
    KeyFile.Key k = keyId == null ? null : byId.get(keyId);
    if (k == null) {
      return Optional.empty();
    }
    byte[] macKey = macKeys.computeIfAbsent(keyId + '\n' + purpose, x -> internal(k, "hmac-sha256 " + purpose, 32));
    return Optional.of(Hkdf.hmac(macKey, data));
  }

  /**
   * HMAC-SHA256 with the current key's audit-file key, derived as before key ids existed (HMAC of
   * the label "iam4j session tokens"), so audit trails signed before this change still verify. It
   * follows the current key: after a rotation, files signed with an earlier key no longer verify
   * with it. New uses derive their own key ({@link #derive}, {@link #mac}).
   */
  public byte[] sign(byte[] data) {
    byte[] k = Hkdf.hmac(current().secret(), "iam4j session tokens".getBytes(StandardCharsets.UTF_8));
    return Hkdf.hmac(k, data);
  }

  private record Parts(KeyFile.Key key, String tag, byte[] data) {}

  /** The parts of a sealed text, or null when it is not one or names a key this server lacks. */
  private Parts parts(String sealed) {
    if (sealed == null || sealed.length() > MAX_SEALED_CHARS) {
      return null;
    }
    String s = sealed.strip();
    if (!s.startsWith(SEALED_PREFIX)) {
      return null;
    }
    String[] f = s.substring(SEALED_PREFIX.length()).split("\\.", -1);
    if (f.length != 3) {
      return null;
    }
    KeyFile.Key k = byId.get(f[0]);
    if (k == null) {
      return null;
    }
    try {
      byte[] data = Base64.getUrlDecoder().decode(f[2]);
      return data.length <= NONCE ? null : new Parts(k, f[1], data);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static SecretKeySpec aesKey(KeyFile.Key k, String purpose) {
    return new SecretKeySpec(internal(k, "aes-256-gcm " + purpose, 32), "AES");
  }

  private static String contextTag(KeyFile.Key k, String purpose, String context) {
    byte[] mac = Hkdf.hmac(internal(k, "context tag", 32), encode("context", purpose, context));
    return b64(java.util.Arrays.copyOf(mac, CONTEXT_TAG_BYTES));
  }

  private static byte[] aad(String keyId, String purpose, String context) {
    return encode("iam4j sealed v2", keyId, purpose, context);
  }

  /** Length-prefixed fields: no choice of purpose and context can read as another pair. */
  private static byte[] encode(String... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String f : fields) {
      byte[] b = f.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  private static IamException notOurs() {
    return new IamException("The message was not encrypted with this server's key, or it was changed");
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  @Override
  public String toString() {
    return "ServerKey[current key " + currentKeyId() + ", " + keys.size() + (keys.size() == 1 ? " key]" : " keys]");
  }
}
