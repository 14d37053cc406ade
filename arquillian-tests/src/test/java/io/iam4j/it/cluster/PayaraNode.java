package io.iam4j.it.cluster;

import static io.iam4j.it.cluster.ClusterIT.basic;
import static io.iam4j.it.cluster.ClusterIT.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.iam4j.it.cluster.ClusterIT.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * One Payara Micro instance of a cluster test, started by the test itself (Arquillian's connector
 * always passes {@code --nocluster}): its ports, configuration copy, temporary directory, process and
 * log ({@code WORK/node-NAME.log}), clustered on 127.0.0.1 only (a TCP/IP member list, never multicast;
 * Hazelcast binds the listed interface, never 0.0.0.0).
 */
final class PayaraNode {
  static final SdkHttpClient SDK_HTTP = UrlConnectionHttpClient.create();

  final String name;
  final int httpPort;
  final int hzPort;
  final Path dir;
  private final Path work;
  private final String instance;
  Process process;

  /**
   * @param work the test's directory: the node's own is {@code node-NAME} in it, with the war {@code ROOT.war} beside
   * @param instance Payara's instance name
   */
  PayaraNode(Path work, String name, String instance, int httpPort, int hzPort) {
    this.work = work;
    this.name = name;
    this.instance = instance;
    this.httpPort = httpPort;
    this.hzPort = hzPort;
    this.dir = work.resolve("node-" + name);
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + httpPort + "/");
  }

  /**
   * Starts the server on the node's {@code config} directory with cluster mode on.
   *
   * @param properties the test's own {@code -D} options (members, cluster name, store)
   * @param options the test's own Payara Micro options (e.g. {@code --addlibs})
   */
  void start(List<String> properties, List<String> options, List<String> members, String clusterName) throws IOException {
    Files.createDirectories(dir.resolve("tmp"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-Djava.io.tmpdir=" + dir.resolve("tmp"), "-Diam4j.config.dir=" + dir.resolve("config"),
        "-Diam4j.cluster.enabled=true", "-Dhazelcast.socket.bind.any=false"));
    cmd.addAll(properties);
    cmd.addAll(List.of("-jar", System.getProperty("payara.microJar"),
        "--port", Integer.toString(httpPort), "--disablephonehome", "--name", instance,
        "--prebootcommandfile", System.getProperty("it.preboot"), "--logproperties", System.getProperty("it.logging"),
        "--clustermode", "tcpip:" + String.join(",", members), "--clustername", clusterName,
        "--interfaces", "127.0.0.1", "--hzpublicaddress", "127.0.0.1", "--startport", Integer.toString(hzPort)));
    cmd.addAll(options);
    cmd.addAll(List.of("--deploy", work.resolve("ROOT.war").toString()));
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("node-" + name + ".log").toFile())).start();
  }

  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** The readiness answer: status code and body. */
  Reply ready() {
    return get(uri().resolve("/health/ready"), null);
  }

  /** Deployed and ready: the configuration and cluster checks both UP. */
  boolean isReady() {
    Reply r = ready();
    return r.status() == 200 && r.body().contains("iam4j-cluster") && r.body().contains("iam4j-configuration");
  }

  /** A readiness check of this answer by name, or null when the answer holds none (not deployed yet). */
  static JsonObject check(Reply health, String name) {
    if ((health.status() != 200 && health.status() != 503) || !health.body().contains(name)) {
      return null;
    }
    JsonObject o = Json.createReader(new StringReader(health.body())).readObject();
    for (JsonValue c : o.getJsonArray("checks")) {
      if (c.asJsonObject().getString("name").equals(name)) {
        return c.asJsonObject();
      }
    }
    return null;
  }

  /** The state (UP, DOWN) of one readiness check once the application answers, or null before. */
  String check(String name) {
    JsonObject c = check(ready(), name);
    return c == null ? null : c.getString("status");
  }

  /** The members this node sees, from its readiness data (-1 while it does not answer). */
  int members() {
    JsonObject c = check(ready(), "iam4j-cluster");
    // MicroProfile Health data may come back as a number or as a string.
    return c == null ? -1 : Integer.parseInt(c.getJsonObject("data").get("members").toString().replace("\"", ""));
  }

  /** Carol's view of the tenant's configuration status (she may read it): version and cluster block. */
  JsonObject status() {
    Reply r = get(uri().resolve("/iam4j/status"), basic("carol@acme"));
    assertEquals(200, r.status(), name + ": " + r.body());
    return Json.createReader(new StringReader(r.body())).readObject();
  }

  StsClient sts(AwsBasicCredentials c) {
    return StsClient.builder().endpointOverride(uri()).region(Region.US_EAST_1).httpClient(SDK_HTTP)
        .credentialsProvider(StaticCredentialsProvider.create(c)).overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())).build();
  }

  IamClient iam(AwsBasicCredentials c) {
    return IamClient.builder().endpointOverride(uri()).region(Region.AWS_GLOBAL).httpClient(SDK_HTTP)
        .credentialsProvider(StaticCredentialsProvider.create(c)).overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())).build();
  }

  /**
   * How this node answers a SigV4 call signed with {@code key}: OK, the AWS error code, {@code HTTP
   * nnn} for an answer that is no AWS error (the application not deployed yet), or unreachable.
   */
  String whoAmI(AwsBasicCredentials key) {
    try (StsClient sts = sts(key)) {
      sts.getCallerIdentity();
      return "OK";
    } catch (AwsServiceException e) {
      return e.awsErrorDetails().errorCode() != null ? e.awsErrorDetails().errorCode() : "HTTP " + e.statusCode();
    } catch (SdkClientException e) {
      return "unreachable";
    }
  }

  /** Stops every node: a polite stop first for all, then a kill for any not gone after 30 s. */
  static void stopAll(Collection<PayaraNode> nodes) throws InterruptedException {
    for (PayaraNode n : nodes) {
      if (n.process != null) {
        n.process.destroy();
      }
    }
    for (PayaraNode n : nodes) {
      if (n.process != null && !n.process.waitFor(30, TimeUnit.SECONDS)) {
        n.kill();
      }
    }
  }

  /**
   * Asks this node again and again until it answers {@code expected}; the milliseconds since {@code
   * from} (a change's acknowledgement). Fails after 10 s.
   */
  long until(Supplier<String> answer, String expected, long from) {
    long deadline = from + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      String got = answer.get();
      if (got.equals(expected)) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
      }
      if (System.nanoTime() > deadline) {
        fail("node " + name + " still answers " + got + " 10 s after the change (expected " + expected + ")");
      }
    }
  }
}
