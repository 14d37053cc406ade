package io.iam4j.signin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The version of a user's credential, as a fingerprint a browser session is bound to: the user's
 * id, its password hash, its groups and its MFA device. Any change to one of them (the user deleted
 * or re-created, the password changed, a group left or joined, the MFA device replaced) gives another
 * fingerprint, and every session made with the old one ends on its next request.
 *
 * <p>Computed once per user and tenant configuration version (a request costs a map lookup, never a
 * password hash). The fingerprint is a SHA-256 digest: a session holds no password hash. Thread-safe;
 * bounded memory.
 */
public final class CredentialVersions {
  /** Distinct (tenant version, user) fingerprints kept. */
  public static final long MAX_CACHED = 50_000;

  private record Key(String tenant, long version, String user) {}

  private final Cache<Key, String> cache = Caffeine.newBuilder().maximumSize(MAX_CACHED).build();

  /** The current fingerprint of {@code userName} in {@code tenant}, or empty when the user does not exist. */
  public Optional<String> current(Tenant tenant, String userName) {
    User u = tenant.users().get(userName);
    if (u == null) {
      return Optional.empty();
    }
    return Optional.of(cache.get(new Key(tenant.id(), tenant.version(), userName), k -> fingerprint(tenant.id(), u)));
  }

  /** The fingerprint itself, uncached. */
  public static String fingerprint(String tenantId, User u) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      field(md, "iam4j credential version v1");
      field(md, tenantId);
      field(md, u.name());
      field(md, u.id());
      field(md, u.credentials() == null ? null : u.credentials().passwordHash());
      field(md, u.credentials() == null ? null : u.credentials().totpSeedEncrypted());
      for (String g : new TreeSet<>(u.groups())) {
        field(md, "group:" + g);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void field(MessageDigest md, String value) {
    // Length-prefixed, so that no two field lists digest the same text.
    byte[] b = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    md.update((byte) (value == null ? 0 : 1));
    md.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
    md.update(b);
  }
}
