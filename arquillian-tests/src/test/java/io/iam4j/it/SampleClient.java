package io.iam4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Real HTTP to the deployed sample on loopback, signing in as {@code user@tenant} with the sample passwords. */
final class SampleClient {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final URL base;

  SampleClient(URL base) {
    this.base = base;
  }

  record Reply(int status, String body) {
    JsonObject json() {
      return Json.createReader(new StringReader(body)).readObject();
    }

    String message() {
      return json().getJsonObject("Error").getString("Message");
    }
  }

  /** The deployment's URL on 127.0.0.1: the listener is bound to loopback only. */
  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + base.getPort() + base.getPath().replaceAll("/$", "") + path);
  }

  Reply call(String method, String path, String user, String body, String... headers) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (user != null) {
        String pass = user.substring(0, user.indexOf('@')) + "-Passw0rd!";
        b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8)));
      }
      for (int i = 0; i + 1 < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(method + " " + path + ": " + e, e);
    }
  }

  /**
   * Sends a request line exactly as given (no client normalizes it: {@code ..}, {@code ;}, {@code %2F}
   * reach the server as an attacker would send them), over a plain socket to 127.0.0.1.
   */
  Reply raw(String method, String rawPathInApp, String user, String... headers) {
    return rawOnServer(method, base.getPath().replaceAll("/$", "") + rawPathInApp, user, headers);
  }

  /** {@link #raw} for a path on the server, outside the application (Payara's /health, /metrics). */
  Reply rawOnServer(String method, String path, String user, String... headers) {
    StringBuilder req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(base.getPort()).append("\r\nConnection: close\r\n");
    if (user != null) {
      String pass = user.substring(0, user.indexOf('@')) + "-Passw0rd!";
      req.append("Authorization: Basic ").append(Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8)))
          .append("\r\n");
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    req.append("\r\n");
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", base.getPort())) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write(req.toString().getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      int body = response.indexOf("\r\n\r\n");
      String text = body < 0 ? "" : response.substring(body + 4);
      if (response.substring(0, Math.max(0, body)).toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
        text = dechunk(text);
      }
      return new Reply(status, text);
    } catch (IOException | RuntimeException e) {
      throw new AssertionError(method + " " + path + ": " + e, e);
    }
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < chunked.length()) {
      int eol = chunked.indexOf("\r\n", i);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(chunked.substring(i, eol).trim().split(";")[0], 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, eol + 2, Math.min(chunked.length(), eol + 2 + size));
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }

  Reply get(String path, String user) {
    return call("GET", path, user, null);
  }

  static void assertStatus(int expected, Reply r) {
    assertEquals(expected, r.status(), () -> "last response: " + r);
  }

  /** Polls until {@code done} holds (configuration reloads are asynchronous), at most 20 s. */
  static Reply await(Supplier<Reply> call, Predicate<Reply> done) throws InterruptedException {
    Reply r = call.get();
    for (int i = 0; i < 100 && !done.test(r); i++) {
      Thread.sleep(200);
      r = call.get();
    }
    return r;
  }
}
