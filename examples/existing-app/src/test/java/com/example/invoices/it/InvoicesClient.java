package com.example.invoices.it;

import com.example.invoices.users.TeamMembers;
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

/** Real HTTP to the deployed service on loopback, signing in with HTTP BASIC as one of the team. */
final class InvoicesClient {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final URL base;

  InvoicesClient(URL base) {
    this.base = base;
  }

  record Reply(int status, String body, String challenge) {
    JsonObject json() {
      return Json.createReader(new StringReader(body)).readObject();
    }

    /** IAM's error: {@code {"Error": {"Code", "Message", "EncodedAuthorizationMessage"}}}. */
    JsonObject error() {
      return json().getJsonObject("Error");
    }
  }

  /** As {@code user} (null: anonymous), with the member's own password. */
  Reply call(String method, String path, String user, String jsonBody) {
    String password = user == null ? null : TeamMembers.ALL.stream().filter(m -> m.name().equals(user)).findFirst()
        .map(TeamMembers.Member::password).orElseThrow();
    return callWithPassword(method, path, user, password, jsonBody);
  }

  Reply callWithPassword(String method, String path, String user, String password, String jsonBody) {
    URI uri = URI.create("http://127.0.0.1:" + base.getPort() + base.getPath().replaceAll("/$", "") + path);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) {
      b.header("Content-Type", "application/json");
    }
    if (user != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers().firstValue("WWW-Authenticate").orElse(null));
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(method + " " + path + ": " + e, e);
    }
  }
}
