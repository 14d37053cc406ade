package io.iam4j.jakarta.runtime;

import io.iam4j.eval.RequestContext;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Fills the AWS global condition keys that describe the request itself: {@code aws:SourceIp},
 * {@code aws:SecureTransport}, {@code aws:CurrentTime}, {@code aws:EpochTime}, {@code aws:UserAgent}
 * and, from what the authentication mechanism reported on the request, {@code
 * aws:MultiFactorAuthPresent}, {@code aws:MultiFactorAuthAge} (absent when it reported nothing) and,
 * for role sessions, {@code aws:TokenIssueTime}.
 *
 * <p>Only request attributes are read, never the HTTP session: the mechanism puts on each request
 * what authenticated that request, so a cookie sent along with an {@code Authorization} header
 * cannot lend its MFA sign-in to it.
 */
public final class RequestContexts {
  /** Request or session attribute: Boolean, whether the caller signed in with MFA. */
  public static final String MFA_PRESENT = "io.iam4j.mfa.present";
  /** Request or session attribute: Long, epoch second of the MFA sign-in. */
  public static final String MFA_AUTH_TIME = "io.iam4j.mfa.authTime";
  /** Request attribute: Instant, when the role-session token of the request was issued. */
  public static final String TOKEN_ISSUE_TIME = "io.iam4j.token.issueTime";

  /** The last second formatted for {@code aws:CurrentTime}: formatting an Instant showed in the profile. */
  private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

  private record Second(long epochSecond, String iso) {}

  private RequestContexts() {}

  /** {@code t} (whole seconds) in ISO-8601, formatted once per second however many requests share it. */
  static String currentTime(Instant t) {
    Second s = lastSecond;
    if (s.epochSecond() != t.getEpochSecond()) {
      s = new Second(t.getEpochSecond(), t.toString());
      lastSecond = s;
    }
    return s.iso();
  }

  /** The last token issue time formatted: a session's requests all carry the same one. */
  private static volatile Second lastIssued = new Second(Long.MIN_VALUE, "");

  /** {@code issued} to whole seconds, in ISO-8601 (as {@code Instant.toString}), formatted once per distinct second. */
  static String issueTime(Instant issued) {
    Second s = lastIssued;
    if (s.epochSecond() != issued.getEpochSecond()) {
      s = new Second(issued.getEpochSecond(), issued.truncatedTo(ChronoUnit.SECONDS).toString());
      lastIssued = s;
    }
    return s.iso();
  }

  public static RequestContext.Builder of(HttpServletRequest http, Instant now) {
    Instant t = now.truncatedTo(ChronoUnit.SECONDS);
    RequestContext.Builder b = RequestContext.builder()
        .put("aws:CurrentTime", currentTime(t))
        .put("aws:EpochTime", t.getEpochSecond());
    if (http != null) {
      b.put("aws:SourceIp", http.getRemoteAddr()).put("aws:SecureTransport", http.isSecure());
      String ua = http.getHeader("User-Agent");
      if (ua != null) {
        b.put("aws:UserAgent", ua);
      }
      Object present = http.getAttribute(MFA_PRESENT);
      if (present instanceof Boolean p) {
        b.put("aws:MultiFactorAuthPresent", p);
        Object at = http.getAttribute(MFA_AUTH_TIME);
        if (p && at instanceof Long since) {
          b.put("aws:MultiFactorAuthAge", Math.max(0, t.getEpochSecond() - since));
        }
      }
      if (http.getAttribute(TOKEN_ISSUE_TIME) instanceof Instant issued) {
        // AWS's form: an ISO-8601 instant, so DateLessThan/DateGreaterThan compare it.
        b.put("aws:TokenIssueTime", issueTime(issued));
      }
    }
    return b;
  }
}
