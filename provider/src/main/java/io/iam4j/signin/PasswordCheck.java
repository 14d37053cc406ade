package io.iam4j.signin;

import io.iam4j.config.TenantLoader;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Checks a caller name ({@code user@tenant}) and password against the directory, at the same cost
 * whether or not the user exists: a caller the directory does not know (no tenant, no user, no
 * password, a reserved name) has its password verified against a dummy hash made with the same
 * parameters as real ones, so the time of a failure does not tell whether the user exists.
 * Thread-safe when the verifier is.
 */
public final class PasswordCheck {
  /** A password hash verifier: Jakarta Security's {@code Pbkdf2PasswordHash#verify}. */
  @FunctionalInterface
  public interface Verifier {
    boolean verify(char[] password, String hash);
  }

  private final Verifier verifier;
  private final String dummyHash;

  /**
   * @param dummyHash a hash of a random password ({@link #dummyHash}), with the parameters the
   *     directory's hashes use (algorithm and iterations): it is what an unknown user's attempt costs
   */
  public PasswordCheck(Verifier verifier, String dummyHash) {
    this.verifier = verifier;
    this.dummyHash = dummyHash;
  }

  /** The algorithm of the dummy hash unless configured: Jakarta Security's default, and the sample's. */
  public static final String DEFAULT_ALGORITHM = "PBKDF2WithHmacSHA256";
  /**
   * The iterations of the dummy hash unless configured: those of the sample's hashes. Not the
   * container's own default (Soteria's 2,048): an unknown user must cost what a real one does.
   */
  public static final int DEFAULT_ITERATIONS = 210_000;

  /**
   * A hash of a random password in {@code Pbkdf2PasswordHash} form ({@code ALGORITHM:ITERATIONS:SALT:HASH},
   * 32-byte salt and key): verifying a password against it costs what verifying a user's hash with
   * the same parameters costs.
   */
  public static String dummyHash(String algorithm, int iterations) {
    SecureRandom random = new SecureRandom();
    byte[] salt = new byte[32];
    random.nextBytes(salt);
    char[] password = new char[24];
    for (int i = 0; i < password.length; i++) {
      password[i] = (char) ('a' + random.nextInt(26));
    }
    try {
      byte[] key = SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password, salt, iterations, 256)).getEncoded();
      return algorithm + ":" + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":" + Base64.getEncoder().encodeToString(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Cannot make a " + algorithm + " hash: " + e.getMessage(), e);
    }
  }

  /** The user when the password is its password; empty otherwise (after paying the hashing cost). */
  public Optional<User> check(Directory directory, String callerName, char[] password) {
    Optional<User> user = find(directory, callerName);
    String hash = user.map(User::credentials).map(c -> c.passwordHash()).orElse(null);
    if (hash == null) {
      verifier.verify(password, dummyHash);
      return Optional.empty();
    }
    return verifier.verify(password, hash) ? user : Optional.empty();
  }

  /**
   * Whether the password of {@code user} (of the tenant {@code callerName} names) has expired under
   * the tenant's password policy ({@code MaxPasswordAge}): such a password no longer signs in until
   * it is changed (ChangePassword with the user's access keys, or an administrator's
   * UpdateLoginProfile). A password without a recorded change date (written by hand) never expires.
   */
  public static boolean expired(Directory directory, String callerName, User user, java.time.Instant now) {
    if (user.credentials() == null || user.credentials().loginProfile() == null) {
      return false;
    }
    Optional<Tenant> t = directory.tenant(callerName.substring(callerName.lastIndexOf('@') + 1));
    return t.isPresent() && t.get().passwordPolicy() != null
        && t.get().passwordPolicy().expired(user.credentials().loginProfile().changed(), now);
  }

  /** The user a caller name {@code user@tenant} names; never one with a reserved name. */
  public static Optional<User> find(Directory directory, String callerName) {
    int at = callerName == null ? -1 : callerName.lastIndexOf('@');
    if (at <= 0) {
      return Optional.empty();
    }
    String name = callerName.substring(0, at);
    if (TenantLoader.RESERVED_USER_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    Optional<Tenant> t = directory.tenant(callerName.substring(at + 1));
    return t.map(tenant -> tenant.users().get(name));
  }
}
