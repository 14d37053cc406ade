package io.iam4j.sigv4;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 requests, in the header form
 * ({@code Authorization: AWS4-HMAC-SHA256 Credential=AKID/yyyyMMdd/region/service/aws4_request,
 * SignedHeaders=a;b;c, Signature=hex64}) and in the presigned query form ({@code X-Amz-Algorithm},
 * {@code X-Amz-Credential}, {@code X-Amz-Date}, {@code X-Amz-Expires}, {@code X-Amz-SignedHeaders},
 * {@code X-Amz-Signature}, optional {@code X-Amz-Security-Token}).
 *
 * <p>The order of the checks: the form and its bounds (nothing is hashed before every input is
 * bounded), the credential scope (terminator, date, region, service), the time, the payload hash, the
 * {@link SecretLookup}, then the signature, compared in constant time. Every refusal is a
 * {@link SigV4Result.Refused}; {@link #verify} never throws.
 *
 * <p>What is accepted beyond the documented algorithm, and why:
 *
 * <ul>
 *   <li>The canonical URI is the path as received; when that differs from the path encoded once more,
 *       the once-more encoded form is tried too: the SDK for Java v2 double-encodes the path of a
 *       non-S3 service by default, other clients sign it as sent (AWS-WIRE §5, §7.10). Nothing else is
 *       normalized, and {@code %2F} is never a separator.
 * </ul>
 *
 * <p>What is refused although some AWS service accepts it: {@code UNSIGNED-PAYLOAD} and
 * {@code STREAMING-*} payload hashes (Amazon S3 features; for any other service the payload is signed,
 * and a verifier that cannot see the body's hash must fail closed), SigV4a, and the {@code Date} header
 * in place of {@code X-Amz-Date} (no client of AWS-WIRE sends it).
 *
 * <p>Derived signing keys are cached (bounded, per key id, date, region and service, with the secret
 * they were derived from, so that a changed secret never reuses a stale key): one HMAC instead of five
 * per request.
 *
 * @param <T> the subject the {@link SecretLookup} answers
 */
public final class SigV4Verifier<T> {
  private static final Logger LOG = Logger.getLogger(SigV4Verifier.class.getName());

  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final String TERMINATOR = "aws4_request";

  /** Longest {@code Authorization} header read (the SDK's is about 400 characters). */
  public static final int MAX_AUTHORIZATION_LENGTH = 4096;
  /** Most signed headers (the SDK signs 8 or 9). */
  public static final int MAX_SIGNED_HEADERS = 64;
  /** Longest raw query read. */
  public static final int MAX_QUERY_LENGTH = 16384;
  /** Most query parameters. */
  public static final int MAX_QUERY_PARAMETERS = 512;
  /** Longest raw path read. */
  public static final int MAX_PATH_LENGTH = 8192;
  /** Longest session token read. */
  public static final int MAX_SESSION_TOKEN_LENGTH = 8192;
  /** Longest sum of the signed headers' values. */
  public static final int MAX_SIGNED_HEADER_BYTES = 32768;
  /** Longest access key id (IAM allows 16 to 128 characters). */
  public static final int MAX_ACCESS_KEY_ID_LENGTH = 128;
  /** Longest {@code X-Amz-Expires}: seven days, as Amazon S3 allows. */
  public static final long MAX_EXPIRES_SECONDS = 604800;

  private static final int MAX_SCOPE_PART = 64;
  private static final int KEY_CACHE_SIZE = 10_000;

  static final String MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your AWS"
          + " Secret Access Key and signing method. Consult the service documentation for details.";

  private static final DateTimeFormatter BASIC =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  });

  private final SecretLookup<T> lookup;
  private final Set<String> regions;
  private final Clock clock;
  private final Duration maxSkew;
  private final Cache<KeyScope, DerivedKey> keys;

  private record KeyScope(String accessKeyId, String date, String region, String service) {}

  /** A derived signing key and the secret it was derived from (a changed secret is a miss). */
  private record DerivedKey(String secret, byte[] key) {
    @Override
    public String toString() {
      return "DerivedKey[hidden]";
    }
  }

  /**
   * @param lookup resolves access key ids to secrets
   * @param regions accepted credential-scope regions (empty set = any)
   * @param clock the server's clock
   * @param maxSkew the largest accepted difference between {@code X-Amz-Date} and the clock, either way
   *     (5 minutes in production)
   */
  public SigV4Verifier(SecretLookup<T> lookup, Set<String> regions, Clock clock, Duration maxSkew) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
    this.regions = Set.copyOf(Objects.requireNonNull(regions, "regions"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxSkew = Objects.requireNonNull(maxSkew, "maxSkew");
    if (maxSkew.isNegative()) {
      throw new IllegalArgumentException("maxSkew must not be negative: " + maxSkew);
    }
    this.keys = Caffeine.newBuilder()
        .maximumSize(KEY_CACHE_SIZE)
        .expireAfterAccess(Duration.ofHours(1))
        .build();
  }

  /**
   * Whether a request carries SigV4 at all: an {@code Authorization} header of scheme
   * {@code AWS4-HMAC-SHA256}, or an {@code X-Amz-Algorithm} query parameter.
   */
  public static boolean isSigned(String authorizationHeader, String rawQuery) {
    if (authorizationHeader != null && authorizationHeader.startsWith(ALGORITHM + " ")) {
      return true;
    }
    return rawQuery != null
        && (rawQuery.startsWith("X-Amz-Algorithm=") || rawQuery.contains("&X-Amz-Algorithm="));
  }

  /** Lower-case hex SHA-256 of {@code bytes}: to check a body read later against {@link SigV4Result.Verified#payloadHash}. */
  public static String sha256Hex(byte[] bytes) {
    return Canonical.hex(Canonical.sha256().digest(bytes));
  }

  /**
   * Verifies a request's signature.
   *
   * @param services accepted credential-scope service names for this endpoint, e.g. {@code Set.of("sts")}
   */
  public SigV4Result<T> verify(SignedRequest request, Set<String> services) {
    try {
      return check(request, services);
    } catch (RuntimeException e) {
      // Fail closed. No request data in the message: it may hold the session token.
      LOG.log(Level.WARNING, "SigV4 verification failed unexpectedly; the request is refused", e);
      return refused(SigV4Error.InternalFailure, "The request processing has failed because of an unknown error.");
    }
  }

  private static <T> SigV4Result<T> refused(SigV4Error error, String message) {
    return new SigV4Result.Refused<>(error, message);
  }

  /** What the two forms have in common once parsed. */
  private record Claim(
      String accessKeyId,
      String date,
      String region,
      String service,
      String terminator,
      String amzDate,
      String[] signedHeaders,
      String signedHeadersRaw,
      byte[] signature,
      String sessionToken,
      boolean presigned,
      long expiresSeconds) {}

  private SigV4Result<T> check(SignedRequest request, Set<String> services) {
    if (request == null || request.method() == null || request.rawPath() == null) {
      return refused(SigV4Error.InternalFailure, "No request to verify.");
    }
    if (services == null || services.isEmpty()) {
      return refused(SigV4Error.InternalFailure, "No service is configured for this endpoint.");
    }
    String rawPath = request.rawPath();
    String rawQuery = request.rawQuery();
    if (rawPath.length() > MAX_PATH_LENGTH) {
      return refused(SigV4Error.IncompleteSignature, "The request path is longer than " + MAX_PATH_LENGTH + " characters.");
    }
    if (rawQuery != null && rawQuery.length() > MAX_QUERY_LENGTH) {
      return refused(SigV4Error.IncompleteSignature, "The query string is longer than " + MAX_QUERY_LENGTH + " characters.");
    }
    List<Canonical.Param> params = Canonical.parseQuery(rawQuery, MAX_QUERY_PARAMETERS);
    if (params == null) {
      return refused(SigV4Error.MalformedQueryString,
          "The query string is malformed (a bad %-escape) or has more than " + MAX_QUERY_PARAMETERS + " parameters.");
    }
    List<String> authorizations = request.header("authorization");
    boolean queryForm = false;
    for (Canonical.Param p : params) {
      if (p.name().equals("X-Amz-Algorithm")) {
        queryForm = true;
        break;
      }
    }
    if (authorizations.size() > 1) {
      return refused(SigV4Error.IncompleteSignature, "The request has more than one Authorization header.");
    }
    String authorization = authorizations.isEmpty() ? null : authorizations.get(0);
    if (authorization != null && queryForm) {
      return refused(SigV4Error.InvalidArgument, "Only one auth mechanism allowed; only the X-Amz-Algorithm query"
          + " parameter or the Authorization header should be specified.");
    }
    List<String> tokens = request.header("x-amz-security-token");
    if (tokens.size() > 1) {
      return refused(SigV4Error.IncompleteSignature, "The request has more than one X-Amz-Security-Token header.");
    }
    String headerToken = tokens.isEmpty() ? null : tokens.get(0);

    Object parsed;
    if (authorization != null) {
      parsed = parseHeaderForm(authorization, request, headerToken);
    } else if (queryForm) {
      parsed = parseQueryForm(params, headerToken);
    } else {
      return refused(SigV4Error.MissingAuthenticationToken, "Request is missing Authentication Token");
    }
    if (parsed instanceof SigV4Result.Refused<?> r) {
      return refused(r.error(), r.message());
    }
    Claim claim = (Claim) parsed;

    // host, x-amz-date (header form) and a sent session token must be under the signature.
    if (!contains(claim.signedHeaders(), "host")) {
      return refused(SigV4Error.IncompleteSignature, "The host header must be signed (SignedHeaders lacks 'host').");
    }
    if (!claim.presigned() && !contains(claim.signedHeaders(), "x-amz-date")) {
      return refused(SigV4Error.IncompleteSignature, "The x-amz-date header must be signed (SignedHeaders lacks 'x-amz-date').");
    }
    if (headerToken != null && !contains(claim.signedHeaders(), "x-amz-security-token")) {
      return refused(SigV4Error.IncompleteSignature,
          "The x-amz-security-token header must be signed (SignedHeaders lacks 'x-amz-security-token').");
    }

    // The credential scope.
    if (!TERMINATOR.equals(claim.terminator())) {
      return refused(SigV4Error.SignatureDoesNotMatch, "Credential should be scoped with a valid terminator: '"
          + TERMINATOR + "', not '" + claim.terminator() + "'.");
    }
    Instant signedAt = parseAmzDate(claim.amzDate());
    if (signedAt == null) {
      return refused(SigV4Error.IncompleteSignature, "Date must be in ISO-8601 'basic format' (yyyyMMdd'T'HHmmss'Z')."
          + " Got '" + claim.amzDate() + "'.");
    }
    if (!claim.amzDate().startsWith(claim.date())) {
      return refused(SigV4Error.SignatureDoesNotMatch, "Date in Credential scope does not match YYYYMMDD from ISO-8601"
          + " version of date from HTTP: '" + claim.date() + "' != '" + claim.amzDate().substring(0, 8)
          + "', from '" + claim.amzDate() + "'.");
    }
    if (!regions.isEmpty() && !regions.contains(claim.region())) {
      return refused(SigV4Error.SignatureDoesNotMatch,
          "Credential should be scoped to a valid region, not '" + claim.region() + "'.");
    }
    if (!services.contains(claim.service())) {
      return refused(SigV4Error.SignatureDoesNotMatch,
          "Credential should be scoped to correct service: '" + String.join("' or '", new TreeSet<>(services)) + "'.");
    }

    // The time.
    Instant now = clock.instant();
    if (signedAt.isAfter(now.plus(maxSkew))) {
      return refused(SigV4Error.RequestExpired, "Signature not yet current: " + claim.amzDate() + " is still later than "
          + BASIC.format(now.plus(maxSkew)) + " (" + BASIC.format(now) + " + " + minutes(maxSkew) + ").");
    }
    if (claim.presigned()) {
      if (now.isAfter(signedAt.plusSeconds(claim.expiresSeconds()))) {
        return refused(SigV4Error.AccessDenied, "Request has expired");
      }
    } else if (signedAt.isBefore(now.minus(maxSkew))) {
      return refused(SigV4Error.RequestExpired, "Signature expired: " + claim.amzDate() + " is now earlier than "
          + BASIC.format(now.minus(maxSkew)) + " (" + BASIC.format(now) + " - " + minutes(maxSkew) + ").");
    }

    // The payload hash the signature covers.
    List<String> contentHashes = request.header("x-amz-content-sha256");
    if (contentHashes.size() > 1) {
      return refused(SigV4Error.IncompleteSignature, "The request has more than one x-amz-content-sha256 header.");
    }
    String claimedHash = contentHashes.isEmpty() ? null : contentHashes.get(0);
    if (claim.presigned() && claimedHash != null && !contains(claim.signedHeaders(), "x-amz-content-sha256")) {
      claimedHash = null; // presigned: an unsigned header is not part of the canonical request
    }
    if (claimedHash != null && !Canonical.lowerHex64(claimedHash)) {
      return refused(SigV4Error.InvalidArgument, "x-amz-content-sha256 must be the lower-case hex SHA-256 of the payload;"
          + " UNSIGNED-PAYLOAD and STREAMING-* payloads are not accepted.");
    }
    byte[] body = request.body();
    String payloadHash;
    if (claimedHash != null) {
      payloadHash = claimedHash;
    } else if (claim.presigned()) {
      payloadHash = Canonical.EMPTY_SHA256; // AWS-WIRE §5: what the SDK's presigner hashes
    } else if (body != null) {
      payloadHash = body.length == 0 ? Canonical.EMPTY_SHA256 : sha256Hex(body);
    } else {
      return refused(SigV4Error.InternalFailure,
          "The request has no x-amz-content-sha256 header and its body was not read: its payload cannot be verified.");
    }
    if (body != null && (claimedHash != null || claim.presigned())) {
      String actual = body.length == 0 ? Canonical.EMPTY_SHA256 : sha256Hex(body);
      if (!actual.equals(payloadHash)) {
        return refused(SigV4Error.XAmzContentSHA256Mismatch, claim.presigned() && claimedHash == null
            ? "A presigned request's body must be empty unless its x-amz-content-sha256 header is signed."
            : "The provided 'x-amz-content-sha256' header does not match what was computed.");
      }
    }

    // The canonical request, but for its URI (which may be tried twice).
    StringBuilder rest = new StringBuilder(512);
    rest.append('\n');
    rest.append(Canonical.query(params, claim.presigned() ? "X-Amz-Signature" : null)).append('\n');
    int headerBytes = 0;
    for (String name : claim.signedHeaders()) {
      List<String> values = request.header(name);
      if (values.isEmpty()) {
        return refused(SigV4Error.SignatureDoesNotMatch, "The signed header '" + name + "' is not in the request.");
      }
      int before = rest.length();
      rest.append(name).append(':');
      Canonical.headerValue(values, rest);
      rest.append('\n');
      headerBytes += rest.length() - before;
      if (headerBytes > MAX_SIGNED_HEADER_BYTES) {
        return refused(SigV4Error.IncompleteSignature, "The signed headers are longer than " + MAX_SIGNED_HEADER_BYTES + " characters.");
      }
    }
    rest.append('\n').append(claim.signedHeadersRaw()).append('\n').append(payloadHash);
    byte[] restBytes = rest.toString().getBytes(StandardCharsets.UTF_8);

    // The secret.
    Lookup<T> found;
    try {
      found = lookup.find(claim.accessKeyId(), claim.sessionToken(), signedAt);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The SigV4 secret lookup failed for access key id " + claim.accessKeyId()
          + "; the request is refused", e);
      return refused(SigV4Error.InternalFailure, "The request processing has failed because of an unknown error.");
    }
    if (found == null) {
      LOG.warning("The SigV4 secret lookup answered nothing for access key id " + claim.accessKeyId()
          + "; the request is refused");
      return refused(SigV4Error.InternalFailure, "The request processing has failed because of an unknown error.");
    }
    if (found instanceof Lookup.Refused<T> r) {
      return refused(r.error(), r.message() == null ? r.error().code() : r.message());
    }
    Lookup.Found<T> ok = (Lookup.Found<T>) found;

    byte[] signingKey = signingKey(claim, ok.secretAccessKey());
    String scope = claim.date() + '/' + claim.region() + '/' + claim.service() + '/' + TERMINATOR;
    String uri = rawPath.isEmpty() ? "/" : rawPath;
    boolean match = matches(request.method(), uri, restBytes, claim, scope, signingKey);
    if (!match && Canonical.needsEncoding(uri)) {
      match = matches(request.method(), Canonical.encodePathAgain(uri), restBytes, claim, scope, signingKey);
    }
    if (!match) {
      return refused(SigV4Error.SignatureDoesNotMatch, MISMATCH);
    }
    return new SigV4Result.Verified<>(ok.subject(), claim.accessKeyId(),
        new CredentialScope(claim.date(), claim.region(), claim.service()), signedAt, claim.presigned(), payloadHash);
  }

  private static boolean matches(String method, String uri, byte[] rest, Claim claim, String scope, byte[] signingKey) {
    MessageDigest md = Canonical.sha256();
    md.update(method.getBytes(StandardCharsets.UTF_8));
    md.update((byte) '\n');
    md.update(uri.getBytes(StandardCharsets.UTF_8));
    md.update(rest);
    String canonicalHash = Canonical.hex(md.digest());
    String stringToSign = ALGORITHM + '\n' + claim.amzDate() + '\n' + scope + '\n' + canonicalHash;
    byte[] expected = hmac(signingKey, stringToSign);
    return MessageDigest.isEqual(expected, claim.signature());
  }

  private byte[] signingKey(Claim claim, String secret) {
    KeyScope scope = new KeyScope(claim.accessKeyId(), claim.date(), claim.region(), claim.service());
    DerivedKey cached = keys.getIfPresent(scope);
    if (cached != null && cached.secret().equals(secret)) {
      return cached.key();
    }
    byte[] key = deriveSigningKey(secret, claim.date(), claim.region(), claim.service());
    keys.put(scope, new DerivedKey(secret, key));
    return key;
  }

  /** The HMAC chain "AWS4"+secret, date, region, service, "aws4_request". */
  static byte[] deriveSigningKey(String secret, String date, String region, String service) {
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    return hmac(k, TERMINATOR);
  }

  static byte[] hmac(byte[] key, String data) {
    Mac mac = HMAC.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 refused a key", e);
    }
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static String minutes(Duration d) {
    long s = d.getSeconds();
    return s % 60 == 0 ? (s / 60) + " min." : s + " s.";
  }

  private static boolean contains(String[] sorted, String name) {
    return java.util.Arrays.binarySearch(sorted, name) >= 0;
  }

  /** {@code yyyyMMdd'T'HHmmss'Z'}, or null. */
  static Instant parseAmzDate(String s) {
    if (s == null || s.length() != 16 || s.charAt(8) != 'T' || s.charAt(15) != 'Z') {
      return null;
    }
    for (int i = 0; i < 15; i++) {
      if (i != 8 && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
        return null;
      }
    }
    try {
      return LocalDateTime.of(num(s, 0, 4), num(s, 4, 6), num(s, 6, 8), num(s, 9, 11), num(s, 11, 13), num(s, 13, 15))
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int num(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + (s.charAt(i) - '0');
    }
    return n;
  }

  // ---------------------------------------------------------------- the header form

  private Object parseHeaderForm(String authorization, SignedRequest request, String headerToken) {
    if (authorization.length() > MAX_AUTHORIZATION_LENGTH) {
      return refused(SigV4Error.IncompleteSignature,
          "The Authorization header is longer than " + MAX_AUTHORIZATION_LENGTH + " characters.");
    }
    if (!authorization.startsWith(ALGORITHM + " ")) {
      int space = authorization.indexOf(' ');
      String scheme = space < 0 ? authorization : authorization.substring(0, space);
      return refused(SigV4Error.IncompleteSignature, "Unsupported Authorization scheme '"
          + (scheme.length() > 32 ? scheme.substring(0, 32) + "..." : scheme) + "': only " + ALGORITHM + " is accepted.");
    }
    String credential = null;
    String signedHeaders = null;
    String signature = null;
    String rest = authorization.substring(ALGORITHM.length() + 1);
    for (String part : rest.split(",", -1)) {
      String p = part.strip();
      int eq = p.indexOf('=');
      if (eq <= 0) {
        return refused(SigV4Error.IncompleteSignature, "Authorization header components must be Name=Value pairs separated by ','.");
      }
      String name = p.substring(0, eq);
      String value = p.substring(eq + 1);
      switch (name) {
        case "Credential" -> {
          if (credential != null) {
            return refused(SigV4Error.IncompleteSignature, "Authorization header has 'Credential' twice.");
          }
          credential = value;
        }
        case "SignedHeaders" -> {
          if (signedHeaders != null) {
            return refused(SigV4Error.IncompleteSignature, "Authorization header has 'SignedHeaders' twice.");
          }
          signedHeaders = value;
        }
        case "Signature" -> {
          if (signature != null) {
            return refused(SigV4Error.IncompleteSignature, "Authorization header has 'Signature' twice.");
          }
          signature = value;
        }
        default -> {
          return refused(SigV4Error.IncompleteSignature, "Authorization header has an unknown component.");
        }
      }
    }
    StringBuilder missing = new StringBuilder();
    if (credential == null) {
      missing.append("Authorization header requires 'Credential' parameter. ");
    }
    if (signature == null) {
      missing.append("Authorization header requires 'Signature' parameter. ");
    }
    if (signedHeaders == null) {
      missing.append("Authorization header requires 'SignedHeaders' parameter. ");
    }
    List<String> dates = request.header("x-amz-date");
    if (dates.isEmpty()) {
      missing.append("Authorization header requires existence of an 'X-Amz-Date' header. ");
    }
    if (missing.length() > 0) {
      return refused(SigV4Error.IncompleteSignature, missing.toString().strip());
    }
    if (dates.size() > 1) {
      return refused(SigV4Error.IncompleteSignature, "The request has more than one X-Amz-Date header.");
    }
    if (headerToken != null && headerToken.length() > MAX_SESSION_TOKEN_LENGTH) {
      return refused(SigV4Error.IncompleteSignature, "The session token is longer than " + MAX_SESSION_TOKEN_LENGTH + " characters.");
    }
    return claim(SigV4Error.IncompleteSignature, credential, signedHeaders, signature, dates.get(0), headerToken, false, 0);
  }

  // ---------------------------------------------------------------- the query form

  private Object parseQueryForm(List<Canonical.Param> params, String headerToken) {
    String algorithm = null;
    String credential = null;
    String date = null;
    String expires = null;
    String signedHeaders = null;
    String signature = null;
    String token = null;
    for (Canonical.Param p : params) {
      String name = p.name();
      if (!name.startsWith("X-Amz-")) {
        continue;
      }
      String v = p.decodedValue();
      switch (name) {
        case "X-Amz-Algorithm" -> { if (algorithm != null) return twice(name); algorithm = v; }
        case "X-Amz-Credential" -> { if (credential != null) return twice(name); credential = v; }
        case "X-Amz-Date" -> { if (date != null) return twice(name); date = v; }
        case "X-Amz-Expires" -> { if (expires != null) return twice(name); expires = v; }
        case "X-Amz-SignedHeaders" -> { if (signedHeaders != null) return twice(name); signedHeaders = v; }
        case "X-Amz-Signature" -> { if (signature != null) return twice(name); signature = v; }
        case "X-Amz-Security-Token" -> { if (token != null) return twice(name); token = v; }
        default -> { }
      }
    }
    if (credential == null || date == null || expires == null || signedHeaders == null || signature == null) {
      return refused(SigV4Error.AuthorizationQueryParametersError, "Query-string authentication version 4 requires the"
          + " X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires"
          + " parameters.");
    }
    if (!ALGORITHM.equals(algorithm)) {
      return refused(SigV4Error.AuthorizationQueryParametersError, "X-Amz-Algorithm only supports \"" + ALGORITHM + "\".");
    }
    long seconds = -1;
    if (!expires.isEmpty() && expires.length() <= 7 && expires.chars().allMatch(c -> c >= '0' && c <= '9')) {
      seconds = Long.parseLong(expires);
    }
    if (seconds < 1 || seconds > MAX_EXPIRES_SECONDS) {
      return refused(SigV4Error.AuthorizationQueryParametersError, "X-Amz-Expires must be a number of seconds from 1 to "
          + MAX_EXPIRES_SECONDS + " (a week).");
    }
    if (token != null && headerToken != null) {
      return refused(SigV4Error.IncompleteSignature, "The session token is in both the query and the X-Amz-Security-Token header.");
    }
    String sessionToken = token != null ? token : headerToken;
    if (sessionToken != null && sessionToken.length() > MAX_SESSION_TOKEN_LENGTH) {
      return refused(SigV4Error.IncompleteSignature, "The session token is longer than " + MAX_SESSION_TOKEN_LENGTH + " characters.");
    }
    return claim(SigV4Error.AuthorizationQueryParametersError, credential, signedHeaders, signature, date, sessionToken,
        true, seconds);
  }

  private static SigV4Result.Refused<Object> twice(String name) {
    return new SigV4Result.Refused<>(SigV4Error.AuthorizationQueryParametersError, "The query has " + name + " twice.");
  }

  // ---------------------------------------------------------------- shared

  /** Checks and splits the credential, signed headers and signature of either form. */
  private Object claim(SigV4Error malformed, String credential, String signedHeaders, String signature, String amzDate,
      String sessionToken, boolean presigned, long expires) {
    String[] c = credential.split("/", -1);
    if (c.length != 5) {
      return refused(malformed, "The credential must be access-key-id/yyyyMMdd/region/service/aws4_request.");
    }
    if (c[0].isEmpty() || c[0].length() > MAX_ACCESS_KEY_ID_LENGTH || !printable(c[0])) {
      return refused(malformed, "The credential's access key id is empty, too long or holds unexpected characters.");
    }
    if (c[1].length() != 8 || !c[1].chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      return refused(malformed, "The credential's date must be yyyyMMdd.");
    }
    if (!scopePart(c[2]) || !scopePart(c[3]) || c[4].length() > MAX_SCOPE_PART) {
      return refused(malformed, "The credential's region and service must be 1 to " + MAX_SCOPE_PART
          + " characters of A-Z, a-z, 0-9, '.', '_' and '-'.");
    }
    if (signedHeaders.isEmpty() || signedHeaders.length() > MAX_SIGNED_HEADERS * 64) {
      return refused(malformed, "SignedHeaders is empty or too long.");
    }
    String[] names = signedHeaders.split(";", -1);
    if (names.length > MAX_SIGNED_HEADERS) {
      return refused(malformed, "More than " + MAX_SIGNED_HEADERS + " signed headers.");
    }
    for (int i = 0; i < names.length; i++) {
      if (!headerName(names[i])) {
        return refused(malformed, "SignedHeaders must be lower-case header names separated by ';'.");
      }
      if (i > 0 && names[i - 1].compareTo(names[i]) >= 0) {
        return refused(malformed, "SignedHeaders must be sorted and without repeats.");
      }
    }
    // Lower case only, as every AWS signer writes it: one spelling per signature.
    byte[] sig = Canonical.lowerHex64(signature) ? Canonical.unhex32(signature) : null;
    if (sig == null) {
      return refused(malformed, "The signature must be 64 lower-case hex digits.");
    }
    return new Claim(c[0], c[1], c[2], c[3], c[4], amzDate, names, signedHeaders, sig, sessionToken, presigned, expires);
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch <= ' ' || ch >= 0x7f || ch == ',' || ch == '=') {
        return false;
      }
    }
    return true;
  }

  private static boolean scopePart(String s) {
    if (s.isEmpty() || s.length() > MAX_SCOPE_PART) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (!(Canonical.unreserved(ch) && ch != '~')) {
        return false;
      }
    }
    return true;
  }

  /** A lower-case HTTP token (RFC 9110 tchar, letters lower case). */
  private static boolean headerName(String s) {
    if (s.isEmpty() || s.length() > 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || "!#$%&'*+-.^_`|~".indexOf(ch) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
