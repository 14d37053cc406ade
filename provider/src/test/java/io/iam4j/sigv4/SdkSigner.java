package io.iam4j.sigv4;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Signs requests with the AWS SDK for Java v2's own SigV4 signer ({@code AwsV4HttpSigner}, 2.59.1). */
final class SdkSigner {
  static final String AKID = "AKIAEXAMPLEEXAMPLE01";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final Instant AT = Instant.parse("2026-12-07T03:11:36Z");

  String accessKeyId = AKID;
  String secret = SECRET;
  String token;
  String region = "us-east-1";
  String service = "sts";
  Instant at = AT;
  boolean presign;
  Duration expires = Duration.ofMinutes(5);
  Boolean doubleEncode;
  final Map<String, String> headers = new LinkedHashMap<>();

  SdkSigner header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Signs and returns what a server receives. */
  SignedRequest sign(String method, String uri, byte[] body) {
    SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(URI.create(uri));
    headers.forEach(b::putHeader);
    if (body != null && body.length > 0) {
      b.putHeader("Content-Length", Integer.toString(body.length));
    }
    SdkHttpRequest request = b.build();
    AwsCredentialsIdentity identity = token == null
        ? AwsCredentialsIdentity.create(accessKeyId, secret)
        : AwsSessionCredentialsIdentity.create(accessKeyId, secret, token);
    var signed = AwsV4HttpSigner.create().sign(r -> {
      r.identity(identity).request(request)
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
          .putProperty(AwsV4HttpSigner.REGION_NAME, region)
          .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
      if (body != null) {
        r.payload(() -> new ByteArrayInputStream(body));
      }
      if (presign) {
        r.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
            .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expires);
      }
      if (doubleEncode != null) {
        r.putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, doubleEncode);
      }
    });
    SdkHttpRequest out = signed.request();
    Map<String, List<String>> h = new LinkedHashMap<>(out.headers());
    return new SignedRequest(method, out.encodedPath(), out.getUri().getRawQuery(), h, body);
  }
}
