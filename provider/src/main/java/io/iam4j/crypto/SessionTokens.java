package io.iam4j.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * Bearer tokens for role sessions (the temporary credentials of {@code sts:AssumeRole}): tenant,
 * role, session name and expiry, signed with the server key. Stateless: a token is valid until it
 * expires.
 */
public final class SessionTokens {
  /** What a valid token says. */
  public record Session(String tenant, String role, String sessionName, Instant expires) {
    /** The caller name the principal mapper understands: {@code assumed-role/ROLE/SESSION@TENANT}. */
    public String callerName() {
      return "assumed-role/" + role + "/" + sessionName + "@" + tenant;
    }
  }

  private SessionTokens() {}

  public static String issue(ServerKey key, Session s) {
    String payload = String.join("\n", "v1", s.tenant(), s.role(), s.sessionName(), Long.toString(s.expires().getEpochSecond()));
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
      if (f.length != 5 || !f[0].equals("v1")) {
        return null;
      }
      Instant expires = Instant.ofEpochSecond(Long.parseLong(f[4]));
      return now.isBefore(expires) ? new Session(f[1], f[2], f[3], expires) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
