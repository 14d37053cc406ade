package io.iam4j.jakarta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.iam4j.eval.ContextValue;
import io.iam4j.eval.RequestContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The global condition keys describing the request itself, from a servlet request and the clock. */
class RequestContextsTest {
  static final Instant NOW = Instant.parse("2026-11-23T12:00:05.987Z");

  final Map<String, Object> requestAttributes = new HashMap<>();
  final Map<String, Object> sessionAttributes = new HashMap<>();
  final Map<String, String> headers = new HashMap<>();
  boolean hasSession;
  final List<Boolean> getSessionCalls = new ArrayList<>();

  /** A servlet request from 10.1.2.3 over HTTPS that answers only what RequestContexts asks. */
  HttpServletRequest http() {
    HttpSession session = (HttpSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpSession.class},
        (p, m, a) -> switch (m.getName()) {
          case "getAttribute" -> sessionAttributes.get((String) a[0]);
          default -> throw new UnsupportedOperationException(m.getName());
        });
    return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
        (p, m, a) -> switch (m.getName()) {
          case "getRemoteAddr" -> "10.1.2.3";
          case "isSecure" -> true;
          case "getHeader" -> headers.get((String) a[0]);
          case "getAttribute" -> requestAttributes.get((String) a[0]);
          case "getSession" -> {
            boolean create = a == null || a.length == 0 || (Boolean) a[0];
            getSessionCalls.add(create);
            yield hasSession || create ? session : null;
          }
          default -> throw new UnsupportedOperationException(m.getName());
        });
  }

  static String value(RequestContext ctx, String key) {
    ContextValue v = ctx.get(key);
    return v == null ? null : v.single();
  }

  @Test
  void of_noHttpRequest_onlyClockKeysInWholeSeconds() {
    RequestContext ctx = RequestContexts.of(null, NOW).build();
    assertEquals("2026-11-23T12:00:05Z", value(ctx, "aws:CurrentTime"));
    assertEquals(Long.toString(NOW.getEpochSecond()), value(ctx, "aws:EpochTime"));
    assertEquals(2, ctx.asMap().size(), ctx.toString());
  }

  @Test
  void of_request_sourceIpSecureTransportUserAgent() {
    headers.put("User-Agent", "curl/8.5");
    RequestContext ctx = RequestContexts.of(http(), NOW).build();
    assertEquals("10.1.2.3", value(ctx, "aws:SourceIp"));
    assertEquals("true", value(ctx, "aws:SecureTransport"));
    assertEquals("curl/8.5", value(ctx, "aws:UserAgent"));
  }

  @Test
  void of_noUserAgent_keyAbsent() {
    assertNull(RequestContexts.of(http(), NOW).build().get("aws:UserAgent"));
  }

  @Test
  void of_mfaNotReported_mfaKeysAbsent() {
    RequestContext ctx = RequestContexts.of(http(), NOW).build();
    assertNull(ctx.get("aws:MultiFactorAuthPresent"));
    assertNull(ctx.get("aws:MultiFactorAuthAge"));
    assertFalse(getSessionCalls.contains(true), "never creates a session");
  }

  @Test
  void of_mfaSignInOnRequest_presentAndAgeInSeconds() {
    requestAttributes.put(RequestContexts.MFA_PRESENT, true);
    requestAttributes.put(RequestContexts.MFA_AUTH_TIME, NOW.getEpochSecond() - 100);
    RequestContext ctx = RequestContexts.of(http(), NOW).build();
    assertEquals("true", value(ctx, "aws:MultiFactorAuthPresent"));
    assertEquals("100", value(ctx, "aws:MultiFactorAuthAge"));
  }

  @Test
  void of_mfaOnlyInSession_notRead() {
    // A cookie sent along with an Authorization header must not lend its MFA sign-in: only what the
    // mechanism put on this request counts.
    hasSession = true;
    sessionAttributes.put(RequestContexts.MFA_PRESENT, true);
    sessionAttributes.put(RequestContexts.MFA_AUTH_TIME, NOW.getEpochSecond() - 3600);
    RequestContext ctx = RequestContexts.of(http(), NOW).build();
    assertNull(ctx.get("aws:MultiFactorAuthPresent"));
    assertNull(ctx.get("aws:MultiFactorAuthAge"));
    assertFalse(getSessionCalls.contains(true), "never creates a session");
  }

  @Test
  void of_roleSessionToken_tokenIssueTimeInWholeSeconds() {
    requestAttributes.put(RequestContexts.TOKEN_ISSUE_TIME, Instant.parse("2026-11-23T11:00:00.750Z"));
    assertEquals("2026-11-23T11:00:00Z", value(RequestContexts.of(http(), NOW).build(), "aws:TokenIssueTime"));
  }

  @Test
  void of_noToken_noTokenIssueTime() {
    assertNull(RequestContexts.of(http(), NOW).build().get("aws:TokenIssueTime"));
  }

  @Test
  void of_signedInWithoutMfa_presentFalseNoAge() {
    requestAttributes.put(RequestContexts.MFA_PRESENT, false);
    requestAttributes.put(RequestContexts.MFA_AUTH_TIME, NOW.getEpochSecond() - 100);
    RequestContext ctx = RequestContexts.of(http(), NOW).build();
    assertEquals("false", value(ctx, "aws:MultiFactorAuthPresent"));
    assertNull(ctx.get("aws:MultiFactorAuthAge"));
  }

  @Test
  void of_mfaAuthTimeAhead_ageZero() {
    requestAttributes.put(RequestContexts.MFA_PRESENT, true);
    requestAttributes.put(RequestContexts.MFA_AUTH_TIME, NOW.getEpochSecond() + 30);
    assertEquals("0", value(RequestContexts.of(http(), NOW).build(), "aws:MultiFactorAuthAge"));
  }

  /** The formatted second is reused within that second only: each new second is formatted anew. */
  @Test
  void currentTime_eachSecondItsOwn_evenGoingBack() {
    assertEquals("2026-11-23T12:00:05Z", RequestContexts.currentTime(Instant.parse("2026-11-23T12:00:05Z")));
    assertEquals("2026-11-23T12:00:05Z", RequestContexts.currentTime(Instant.parse("2026-11-23T12:00:05Z")));
    assertEquals("2026-11-23T12:00:06Z", RequestContexts.currentTime(Instant.parse("2026-11-23T12:00:06Z")));
    assertEquals("2026-11-23T12:00:05Z", RequestContexts.currentTime(Instant.parse("2026-11-23T12:00:05Z")));
  }

  @Test
  void issueTime_wholeSeconds_eachTokenItsOwn() {
    assertEquals("2026-11-23T11:59:00Z", RequestContexts.issueTime(Instant.parse("2026-11-23T11:59:00.250Z")));
    assertEquals("2026-11-23T11:59:00Z", RequestContexts.issueTime(Instant.parse("2026-11-23T11:59:00.999Z")));
    assertEquals("2026-11-23T10:00:01Z", RequestContexts.issueTime(Instant.parse("2026-11-23T10:00:01Z")));
    assertEquals("2026-11-23T11:59:00Z", RequestContexts.issueTime(Instant.parse("2026-11-23T11:59:00.001Z")));
  }
}
