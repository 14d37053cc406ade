package io.iam4j.crypto;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens for role sessions (the temporary credentials of {@code sts:AssumeRole}).
 *
 * <p>A token is {@code v2.KEYID.PAYLOAD.MAC}: PAYLOAD is base-64 (URL-safe, unpadded) JSON with
 * {@code iss}, {@code tenant}, {@code role}, {@code roleId}, {@code session}, {@code jti} (the token
 * id), {@code issuedAt} and {@code expires} (epoch milliseconds); MAC is HMAC-SHA256 of
 * {@code v2.KEYID.PAYLOAD} with the role-session key derived from key KEYID. Verification says
 * whether the server made the token and whether it is inside its lifetime; whether its role still
 * exists with that id and whether sessions issued before some time were revoked is for the caller
 * to check against the directory. Stateless and thread-safe.
 */
public final class SessionTokens {
  /** The issuer when none is configured. */
  public static final String DEFAULT_ISSUER = "iam4j";
  /** Longer tokens are refused before any decoding or MAC work. */
  public static final int MAX_TOKEN_CHARS = 4096;
  /** How far a token's issue time may lie ahead of this server's clock (clocks of a cluster differ a little). */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  private static final String VERSION = "v2";
  private static final String MAC_PURPOSE = "role-session token";
  private static final Set<String> FIELDS = Set.of("iss", "tenant", "role", "roleId", "session", "jti", "issuedAt", "expires");
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Looked up once: {@code Json.create...} looks the provider up on every call, and tokens are read on every bearer request. */
  private static final JsonProvider JSON = JsonProvider.provider();

  /**
   * What a valid token says.
   *
   * @param issuer who issued it (configurable, {@value #DEFAULT_ISSUER} by default)
   * @param roleId the directory's id of the role when the session began: a role deleted and created
   *     again under the same name has another id
   * @param tokenId random, 128 bits, URL-safe ({@link #newTokenId()}): names this one session
   */
  public record Session(String issuer, String tenant, String role, String roleId, String sessionName, String tokenId,
      Instant issuedAt, Instant expires) {
    public Session {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(roleId, "roleId");
      Objects.requireNonNull(sessionName, "sessionName");
      Objects.requireNonNull(tokenId, "tokenId");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(expires, "expires");
    }

    /** The caller name the principal mapper understands: {@code assumed-role/ROLE/SESSION@TENANT}. */
    public String callerName() {
      return "assumed-role/" + role + "/" + sessionName + "@" + tenant;
    }
  }

  private SessionTokens() {}

  /** A new token id: 128 random bits, base-64 URL-safe without padding (22 characters). */
  public static String newTokenId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return b64(b);
  }

  /** The token of {@code s}, MAC'd with the current key. Times keep millisecond precision. */
  public static String issue(ServerKey key, Session s) {
    String payload = JSON.createObjectBuilder()
        .add("iss", s.issuer())
        .add("tenant", s.tenant())
        .add("role", s.role())
        .add("roleId", s.roleId())
        .add("session", s.sessionName())
        .add("jti", s.tokenId())
        .add("issuedAt", s.issuedAt().toEpochMilli())
        .add("expires", s.expires().toEpochMilli())
        .build().toString();
    String kid = key.currentKeyId();
    String signed = VERSION + "." + kid + "." + b64(payload.getBytes(StandardCharsets.UTF_8));
    String token = signed + "." + b64(key.mac(kid, MAC_PURPOSE, signed.getBytes(StandardCharsets.US_ASCII)).orElseThrow());
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new IllegalArgumentException("A session token would be longer than " + MAX_TOKEN_CHARS + " characters");
    }
    return token;
  }

  /**
   * The session, or null when the token is longer than {@value #MAX_TOKEN_CHARS} characters,
   * malformed, not MAC'd by a key of this server, expired at {@code now}, or issued more than
   * {@link #CLOCK_SKEW} after {@code now}. Tokens from before key ids (no {@code v2.}) are refused:
   * they lack the issue time and role id that revocation needs, and lived an hour by default.
   */
  public static Session verify(ServerKey key, String token, Instant now) {
    if (token == null || token.length() > MAX_TOKEN_CHARS) {
      return null;
    }
    String[] f = token.split("\\.", -1);
    if (f.length != 4 || !f[0].equals(VERSION)) {
      return null;
    }
    String signed = f[0] + "." + f[1] + "." + f[2];
    Optional<byte[]> expected = key.mac(f[1], MAC_PURPOSE, signed.getBytes(StandardCharsets.US_ASCII));
    byte[] mac = decode(f[3]);
    if (expected.isEmpty() || mac == null || !MessageDigest.isEqual(mac, expected.get())) {
      return null;
    }
    Session s = parsed(f[2]);
    if (s == null || !s.expires().isAfter(s.issuedAt()) || !now.isBefore(s.expires()) || s.issuedAt().isAfter(now.plus(CLOCK_SKEW))) {
      return null;
    }
    return s;
  }

  /**
   * Payloads already parsed, by their text: only after the MAC matched, and the payload is no secret
   * (it is plain base-64 in the token). Parsing is a pure function of the payload, so a hit is the
   * same answer; the lifetime is still checked against {@code now} on every call, and revocation is
   * the caller's check against the directory on every request. Bounded: emptied when full.
   */
  private static final java.util.concurrent.ConcurrentHashMap<String, Session> PARSED = new java.util.concurrent.ConcurrentHashMap<>();
  static final int MAX_PARSED = 4096;

  private static Session parsed(String encoded) {
    Session s = PARSED.get(encoded);
    if (s == null) {
      byte[] payload = decode(encoded);
      if (payload == null) {
        return null;
      }
      s = parse(new String(payload, StandardCharsets.UTF_8));
      if (s != null) {
        if (PARSED.size() >= MAX_PARSED) {
          PARSED.clear();
        }
        PARSED.put(encoded, s);
      }
    }
    return s;
  }

  private static Session parse(String json) {
    try {
      JsonObject o;
      try (var reader = JSON.createReader(new StringReader(json))) {
        o = reader.readObject();
      }
      if (!o.keySet().equals(FIELDS)) {
        return null;
      }
      String jti = text(o, "jti");
      if (jti == null || !jti.matches("[A-Za-z0-9_-]{22}")) {
        return null;
      }
      Long issued = millis(o, "issuedAt");
      Long expires = millis(o, "expires");
      String iss = text(o, "iss");
      String tenant = text(o, "tenant");
      String role = text(o, "role");
      String roleId = text(o, "roleId");
      String session = text(o, "session");
      if (issued == null || expires == null || iss == null || tenant == null || role == null || roleId == null || session == null) {
        return null;
      }
      return new Session(iss, tenant, role, roleId, session, jti, Instant.ofEpochMilli(issued), Instant.ofEpochMilli(expires));
    } catch (JsonException | IllegalStateException | ArithmeticException | java.time.DateTimeException e) {
      return null;
    }
  }

  private static String text(JsonObject o, String name) {
    JsonValue v = o.get(name);
    return v instanceof JsonString s ? s.getString() : null;
  }

  private static Long millis(JsonObject o, String name) {
    JsonValue v = o.get(name);
    return v instanceof JsonNumber n && n.isIntegral() ? n.longValueExact() : null;
  }

  private static byte[] decode(String b64) {
    try {
      return Base64.getUrlDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
