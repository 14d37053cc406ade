package io.iam4j.crypto;

import io.iam4j.IamException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The server key file: the current key and the previous ones, owner-only.
 *
 * <pre>
 * iam4j-keys 1
 * key id=Qm9uZ2lv created=2026-12-07T04:00:00Z secret=BASE64(32 bytes)
 * key id=T2xkS2V5 created=unknown legacy=true secret=BASE64(32 bytes)
 * </pre>
 *
 * The first key seals; every listed key opens what names its id. {@code legacy=true} marks the key
 * of a file written before key ids existed: only it opens data sealed without an id. A file that is
 * a single base-64 line (the format before rotation) reads as one legacy key. Lines starting with
 * {@code #} and blank lines are ignored.
 */
final class KeyFile {
  static final String HEADER = "iam4j-keys 1";
  static final int SECRET_BYTES = 32;
  /** Bounds on what is read: rotation adds one key per run, so dozens are already many. */
  static final int MAX_KEYS = 100;
  static final long MAX_FILE_BYTES = 64 * 1024;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  /** One key of the file. {@code created} is null when unknown (a converted legacy file). */
  record Key(String id, Instant created, boolean legacy, byte[] secret) {
    Key {
      secret = secret.clone();
    }

    static Key generate(Instant now) {
      byte[] s = new byte[SECRET_BYTES];
      RANDOM.nextBytes(s);
      return new Key(KeyFile.id(s), now, false, s);
    }

    @Override
    public byte[] secret() {
      return secret.clone();
    }

    @Override
    public String toString() {
      return "Key[id=" + id + ", created=" + created + ", legacy=" + legacy + "]";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.id.equals(id);
    }

    @Override
    public int hashCode() {
      return id.hashCode();
    }
  }

  private KeyFile() {}

  /**
   * A key's id: 8 URL-safe characters derived from the secret (HKDF, its own info), so an id
   * cannot be paired with the wrong secret and says nothing about it.
   */
  static String id(byte[] secret) {
    byte[] b = Hkdf.derive(null, secret, "iam4j internal key id".getBytes(StandardCharsets.UTF_8), 6);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Reads the keys, current first, after checking the file's permissions. */
  static List<Key> read(Path file) {
    checkPermissions(file);
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new IamException("The server key file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new IamException("Cannot read the server key file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads the file, or creates it (mode 600) with one new key when it does not exist. */
  static List<Key> readOrCreate(Path file, Instant now) {
    if (Files.exists(file)) {
      return read(file);
    }
    List<Key> keys = List.of(Key.generate(now));
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = writeTemp(dir, file, keys);
      try {
        // No REPLACE_EXISTING: of two first starts at once, one key wins and both use it.
        Files.move(tmp, file);
      } catch (FileAlreadyExistsException e) {
        Files.deleteIfExists(tmp);
        return read(file);
      }
      return keys;
    } catch (IOException e) {
      throw new IamException("Cannot create the server key file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Replaces the file's content atomically, keeping it owner-only. */
  static void write(Path file, List<Key> keys) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Path tmp = writeTemp(dir, file, keys);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
    } catch (IOException e) {
      throw new IamException("Cannot write the server key file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Path writeTemp(Path dir, Path file, List<Key> keys) throws IOException {
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    }
    try {
      Files.writeString(tmp, format(keys), StandardCharsets.UTF_8);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  /**
   * Refuses a key file that group or others may read or write: whoever reads it can forge role
   * sessions, read every authorization message and every TOTP seed. Nothing to check where the file
   * system has no POSIX permissions.
   */
  static void checkPermissions(Path file) {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return;
    } catch (IOException e) {
      throw new IamException("Cannot read the server key file " + file + ": " + e.getMessage(), e);
    }
    Set<PosixFilePermission> open = EnumSet.copyOf(GROUP_OR_OTHERS);
    open.retainAll(perms);
    if (!open.isEmpty()) {
      throw new IamException("The server key file " + file + " is accessible by group or others ("
          + PosixFilePermissions.toString(perms) + "); make it private to its owner: chmod 600 " + file);
    }
  }

  static String format(List<Key> keys) {
    StringBuilder sb = new StringBuilder();
    sb.append("# iam4j server keys. The first key seals; every key opens what names its id. Never share this file.\n");
    sb.append("# Keep it private (chmod 600). Rotate: bin/iam keys rotate --key-file FILE. List: bin/iam keys list.\n");
    sb.append(HEADER).append('\n');
    for (Key k : keys) {
      sb.append("key id=").append(k.id()).append(" created=").append(k.created() == null ? "unknown" : k.created().toString());
      if (k.legacy()) {
        sb.append(" legacy=true");
      }
      sb.append(" secret=").append(Base64.getEncoder().encodeToString(k.secret)).append('\n');
    }
    return sb.toString();
  }

  static List<Key> parse(String text, String source) {
    List<String> lines = new ArrayList<>();
    for (String l : text.split("\n", -1)) {
      String t = l.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        lines.add(t);
      }
    }
    if (lines.size() == 1 && !lines.get(0).equals(HEADER)) {
      // The format before rotation: the key alone, base-64.
      return List.of(legacy(decode(lines.get(0), source + ", the key")));
    }
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IamException("The server key file " + source + " is neither one base-64 key nor starts with \"" + HEADER + "\"");
    }
    List<Key> keys = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 1; i < lines.size(); i++) {
      if (keys.size() == MAX_KEYS) {
        throw new IamException("The server key file " + source + " holds more than " + MAX_KEYS + " keys");
      }
      Key k = line(lines.get(i), source + ", key " + i);
      if (!ids.add(k.id())) {
        throw new IamException("The server key file " + source + " lists key " + k.id() + " twice");
      }
      keys.add(k);
    }
    if (keys.isEmpty()) {
      throw new IamException("The server key file " + source + " holds no key");
    }
    return List.copyOf(keys);
  }

  static Key legacy(byte[] secret) {
    return new Key(id(secret), null, true, secret);
  }

  private static Key line(String line, String where) {
    String[] parts = line.split("\\s+");
    if (!parts[0].equals("key")) {
      throw new IamException(where + ": expected a line \"key id=... created=... secret=...\"");
    }
    String id = null;
    String created = null;
    String secret = null;
    boolean legacy = false;
    for (int p = 1; p < parts.length; p++) {
      int eq = parts[p].indexOf('=');
      String name = eq < 0 ? parts[p] : parts[p].substring(0, eq);
      String value = eq < 0 ? "" : parts[p].substring(eq + 1);
      switch (name) {
        case "id" -> id = value;
        case "created" -> created = value;
        case "secret" -> secret = value;
        case "legacy" -> {
          if (!value.equals("true") && !value.equals("false")) {
            throw new IamException(where + ": legacy must be true or false");
          }
          legacy = value.equals("true");
        }
        // The name only: an unknown attribute may be a mistyped secret, never echo its value.
        default -> throw new IamException(where + ": unknown attribute \"" + name + "\"");
      }
    }
    if (id == null || secret == null) {
      throw new IamException(where + ": needs id= and secret=");
    }
    byte[] s = decode(secret, where);
    if (!id(s).equals(id)) {
      throw new IamException(where + ": id " + id + " does not belong to its secret (the line was changed)");
    }
    Instant at = null;
    if (created != null && !created.equals("unknown")) {
      try {
        at = Instant.parse(created);
      } catch (DateTimeParseException e) {
        throw new IamException(where + ": created must be an ISO-8601 instant or \"unknown\"");
      }
    }
    return new Key(id, at, legacy, s);
  }

  private static byte[] decode(String base64, String where) {
    byte[] s;
    try {
      s = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IamException("The server key file " + where + " is not base-64");
    }
    if (s.length != SECRET_BYTES) {
      throw new IamException("The server key file " + where + " must be " + SECRET_BYTES + " bytes (AES-256); found " + s.length);
    }
    return s;
  }
}
