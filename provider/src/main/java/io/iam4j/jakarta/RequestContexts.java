package io.iam4j.jakarta;

import io.iam4j.eval.RequestContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Fills the AWS global condition keys that describe the request itself: {@code aws:SourceIp},
 * {@code aws:SecureTransport}, {@code aws:CurrentTime}, {@code aws:EpochTime}, {@code aws:UserAgent}
 * and, from what the authentication mechanism reported, {@code aws:MultiFactorAuthPresent} and
 * {@code aws:MultiFactorAuthAge} (absent when it reported nothing).
 */
public final class RequestContexts {
  /** Request or session attribute: Boolean, whether the caller signed in with MFA. */
  public static final String MFA_PRESENT = "io.iam4j.mfa.present";
  /** Request or session attribute: Long, epoch second of the MFA sign-in. */
  public static final String MFA_AUTH_TIME = "io.iam4j.mfa.authTime";

  private RequestContexts() {}

  public static RequestContext.Builder of(HttpServletRequest http, Instant now) {
    Instant t = now.truncatedTo(ChronoUnit.SECONDS);
    RequestContext.Builder b = RequestContext.builder()
        .put("aws:CurrentTime", t.toString())
        .put("aws:EpochTime", t.getEpochSecond());
    if (http != null) {
      b.put("aws:SourceIp", http.getRemoteAddr()).put("aws:SecureTransport", http.isSecure());
      String ua = http.getHeader("User-Agent");
      if (ua != null) {
        b.put("aws:UserAgent", ua);
      }
      Object present = attribute(http, MFA_PRESENT);
      if (present instanceof Boolean p) {
        b.put("aws:MultiFactorAuthPresent", p);
        Object at = attribute(http, MFA_AUTH_TIME);
        if (p && at instanceof Long since) {
          b.put("aws:MultiFactorAuthAge", Math.max(0, t.getEpochSecond() - since));
        }
      }
    }
    return b;
  }

  private static Object attribute(HttpServletRequest http, String name) {
    Object v = http.getAttribute(name);
    if (v == null) {
      HttpSession s = http.getSession(false);
      v = s == null ? null : s.getAttribute(name);
    }
    return v;
  }
}
