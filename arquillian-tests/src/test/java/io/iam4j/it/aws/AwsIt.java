package io.iam4j.it.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * What the AWS ITs share: the real SDK's clients pointed at the sample (the war is the server's root,
 * where the SDK posts; no retries, so each refusal is seen once), plain HTTP with a sample password,
 * and reading a Query-protocol reply.
 */
final class AwsIt {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final SdkHttpClient SDK_HTTP = UrlConnectionHttpClient.create();

  record Reply(int status, String body) {}

  private AwsIt() {}

  /**
   * The sample application as {@code ROOT.war}: the server's root, where the AWS SDK for Java v2
   * posts IAM and STS calls.
   */
  static WebArchive rootWar() {
    return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(new File(System.getProperty("it.war"))).as(WebArchive.class);
  }

  /** The server's root over loopback: the endpoint every client of these tests calls. */
  static URI endpoint(URL base) {
    return URI.create("http://127.0.0.1:" + base.getPort());
  }

  /** Keeps {@code p}'s content before the test's first change to it (null: absent) in {@code originals}, to restore it after. */
  static void remember(Map<Path, String> originals, Path p) throws IOException {
    if (!originals.containsKey(p)) {
      originals.put(p, Files.exists(p) ? Files.readString(p) : null);
    }
  }

  static IamClient iam(URI endpoint, AwsCredentials c, Region region) {
    return IamClient.builder().endpointOverride(endpoint).region(region).httpClient(SDK_HTTP)
        .credentialsProvider(StaticCredentialsProvider.create(c))
        .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())).build();
  }

  static StsClient sts(URI endpoint, AwsCredentials c) {
    return StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).httpClient(SDK_HTTP)
        .credentialsProvider(StaticCredentialsProvider.create(c))
        .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())).build();
  }

  /** {@code Authorization: Basic} for a sample user ({@code NAME@TENANT}, password {@code NAME-Passw0rd!}). */
  static String basic(String user) {
    String pass = user.substring(0, user.indexOf('@')) + "-Passw0rd!";
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
  }

  /** A form POST (Query protocol) over plain HTTP. */
  static Reply post(URI endpoint, String path, String form, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** A sample user's new access key, made through the IAM API with the user's password (BASIC). */
  static AwsBasicCredentials newKey(URI endpoint, String user) {
    Reply r = post(endpoint, "/iam", "Action=CreateAccessKey&Version=2010-05-08", "Authorization", basic(user));
    // A file edit not yet reloaded (another test restoring a user file) is a ConcurrentModification: retried, as SDKs do.
    for (int i = 0; i < 50 && r.status() == 409 && r.body().contains("ConcurrentModification"); i++) {
      sleep(100);
      r = post(endpoint, "/iam", "Action=CreateAccessKey&Version=2010-05-08", "Authorization", basic(user));
    }
    assertEquals(200, r.status(), r.body());
    return AwsBasicCredentials.create(xml(r.body(), "AccessKeyId"), xml(r.body(), "SecretAccessKey"));
  }

  /** The text of the first {@code element} of a Query-protocol reply. */
  static String xml(String body, String element) {
    Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(body);
    assertTrue(m.find(), () -> element + " in " + body);
    return m.group(1);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
