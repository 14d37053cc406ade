package io.iam4j.bench;

import io.iam4j.sigv4.Lookup;
import io.iam4j.sigv4.SigV4Result;
import io.iam4j.sigv4.SigV4Verifier;
import io.iam4j.sigv4.SignedRequest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * One SigV4 verification ({@link SigV4Verifier#verify}) of a request signed by the AWS SDK for Java v2's
 * signer, prebuilt once: {@code get} (header form, no body, 3 signed headers) and {@code post} (STS
 * GetCallerIdentity's 43-byte form body, 5 signed headers, the body hashed and checked against
 * {@code x-amz-content-sha256}). The secret lookup is a constant; the derived signing key is cached
 * after the first call, as in a server.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SigV4Benchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SigV4Benchmark {
  static final String AKID = "AKIAEXAMPLEEXAMPLE01";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final Instant AT = Instant.parse("2026-12-07T03:11:36Z");
  static final Set<String> STS = Set.of("sts");

  private SigV4Verifier<String> verifier;
  private SignedRequest get;
  private SignedRequest post;

  @Setup
  public void setUp() {
    Lookup<String> alice = new Lookup.Found<>(SECRET, "alice");
    verifier = new SigV4Verifier<>((id, token, at) -> alice, Set.of("us-east-1"), Clock.fixed(AT, ZoneOffset.UTC),
        Duration.ofMinutes(5));
    get = sign("GET", "http://127.0.0.1:8080/api/tenants/acme/buckets/projects", null, Map.of());
    post = sign("POST", "http://127.0.0.1:8080/sts",
        "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"));
    check(verifier.verify(get, STS));
    check(verifier.verify(post, STS));
  }

  private static void check(SigV4Result<String> r) {
    if (!(r instanceof SigV4Result.Verified<String>)) {
      throw new IllegalStateException("the prebuilt request does not verify: " + r);
    }
  }

  static SignedRequest sign(String method, String uri, byte[] body, Map<String, String> headers) {
    return sign(method, uri, body, headers, AKID, SECRET, AT);
  }

  /** A request signed by the AWS SDK's signer for STS in us-east-1 with this key at this time. */
  static SignedRequest sign(String method, String uri, byte[] body, Map<String, String> headers, String keyId, String secret, Instant at) {
    SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(URI.create(uri));
    headers.forEach(b::putHeader);
    if (body != null) {
      b.putHeader("Content-Length", Integer.toString(body.length));
    }
    SdkHttpRequest request = b.build();
    var signed = AwsV4HttpSigner.create().sign(r -> {
      r.identity(AwsCredentialsIdentity.create(keyId, secret)).request(request)
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
          .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
          .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
      if (body != null) {
        r.payload(() -> new ByteArrayInputStream(body));
      }
    });
    SdkHttpRequest out = signed.request();
    Map<String, List<String>> h = new LinkedHashMap<>(out.headers());
    return new SignedRequest(method, out.encodedPath(), out.getUri().getRawQuery(), h, body == null ? new byte[0] : body);
  }

  @Benchmark
  public SigV4Result<String> get() {
    return verifier.verify(get, STS);
  }

  @Benchmark
  public SigV4Result<String> post() {
    return verifier.verify(post, STS);
  }
}
