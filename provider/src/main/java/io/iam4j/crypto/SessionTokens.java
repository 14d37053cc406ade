package io.iam4j.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * Bearer tokens for role sessions (the temporary credentials of {@code sts:AssumeRole}): issuer,
 * tenant, role and the role's id, session name, token id, issue time and expiry, signed with the
 * server key. A token verifies until it expires; whether its role still accepts it (role deleted or
 * re-created, sessions revoked) is the sign-in's check, against the directory serving now.
 */
public final class SessionTokens {
  /**
   * What a valid token says.
   *
   * @param roleId the role's unique id when the token was issued: a re-created role has another
   * @param tokenId unique per token
   */
  public record Session(String issuer, String tenant, String role, String roleId, String sessionName, String tokenId,
      Instant issuedAt, Instant expires) {
    /** The caller name the principal mapper understands: {@code assumed-role/ROLE/SESSION@TENANT}. */
    public String callerName() {
      return "assumed-role/" + role + "/" + sessionName + "@" + tenant;
    }
  }

  private static final String VERSION = "v2";
  private static final int FIELDS = 9;

  private SessionTokens() {}

  public static String issue(ServerKey key, Session s) {
    String payload = String.join("\n", VERSION, s.issuer(), s.tenant(), s.role(), s.roleId(), s.sessionName(), s.tokenId(),
        Long.toString(s.issuedAt().getEpochSecond()), Long.toString(s.expires().getEpochSecond()));
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    return b64(p) + "." + b64(key.sign(p));
  }

  /** The session, or null when the token is malformed, forged or expired. */
  public static Session verify(ServerKey key, String token, Instant now) {
    try {
      int dot = token.indexOf('.');
      if (dot < 0) {
        return null;
      }
      byte[] p = Base64.getUrlDecoder().decode(token.substring(0, dot));
      byte[] sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(sig, key.sign(p))) {
        return null;
      }
      String[] f = new String(p, StandardCharsets.UTF_8).split("\n", -1);
      if (f.length != FIELDS || !f[0].equals(VERSION)) {
        return null;
      }
      Instant issued = Instant.ofEpochSecond(Long.parseLong(f[7]));
      Instant expires = Instant.ofEpochSecond(Long.parseLong(f[8]));
      return now.isBefore(expires) ? new Session(f[1], f[2], f[3], f[4], f[5], f[6], issued, expires) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
