package io.iam4j.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Prints a presigned URL (SigV4, query-string authentication, GET) for the load test: wrk sends the
 * same URL again and again, so every request pays the full signature check on the server (the
 * derived signing key is cached there, as for any caller). JDK only, so that {@code bin/load-test}
 * runs it with the source launcher ({@code java Presign.java ...}) without building anything.
 *
 * <p>An independent signer, written from the IAM User Guide's "Create a signed AWS API request"
 * (canonical request, string to sign, HMAC chain), not iam4j's verifier turned around.
 *
 * <pre>java benchmarks/src/main/java/io/iam4j/bench/Presign.java BASE PATH KEY_ID SECRET [SERVICE] [REGION] [EXPIRES]</pre>
 */
public final class Presign {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Presign() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: Presign BASE PATH KEY_ID SECRET [SERVICE=docs] [REGION=us-east-1] [EXPIRES=3600]");
      System.exit(1);
    }
    String service = args.length > 4 ? args[4] : "docs";
    String region = args.length > 5 ? args[5] : "us-east-1";
    long expires = args.length > 6 ? Long.parseLong(args[6]) : 3600;
    System.out.println(presign(args[0], args[1], args[2], args[3], service, region, expires, Instant.now()));
  }

  /** The URL {@code base + path + ?X-Amz-...} signed for GET; {@code path} holds unreserved characters and {@code /} only. */
  static String presign(String base, String path, String keyId, String secret, String service, String region, long expires,
      Instant now) throws Exception {
    java.net.URI b = java.net.URI.create(base);
    String host = b.getPort() < 0 ? b.getHost() : b.getHost() + ":" + b.getPort();
    String stamp = STAMP.format(now);
    String date = stamp.substring(0, 8);
    String scope = date + "/" + region + "/" + service + "/aws4_request";
    Map<String, String> query = new TreeMap<>(); // canonical order: by encoded name
    query.put("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
    query.put("X-Amz-Credential", keyId + "/" + scope);
    query.put("X-Amz-Date", stamp);
    query.put("X-Amz-Expires", Long.toString(expires));
    query.put("X-Amz-SignedHeaders", "host");
    StringBuilder q = new StringBuilder();
    for (Map.Entry<String, String> e : query.entrySet()) {
      q.append(q.length() == 0 ? "" : "&").append(encode(e.getKey())).append('=').append(encode(e.getValue()));
    }
    // A presigned request's payload is not signed: the empty body's hash, as iam4j's verifier expects for a GET.
    String canonical = "GET\n" + path + "\n" + q + "\nhost:" + host + "\n\nhost\n" + hex(sha256(new byte[0]));
    String toSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" + hex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    k = hmac(k, "aws4_request");
    String signature = hex(hmac(k, toSign));
    return base + path + "?" + q + "&X-Amz-Signature=" + signature;
  }

  /** RFC 3986: unreserved characters as they are, every other byte {@code %XY}. */
  static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
