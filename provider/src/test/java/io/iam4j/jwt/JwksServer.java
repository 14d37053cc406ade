package io.iam4j.jwt;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An identity provider's key endpoints on 127.0.0.1 (an ephemeral port): the discovery document
 * at {@code /.well-known/openid-configuration} and the JWK set at {@code /jwks}, counting requests.
 */
public final class JwksServer implements AutoCloseable {
  private final HttpServer server;
  public final AtomicInteger discoveries = new AtomicInteger();
  public final AtomicInteger jwksFetches = new AtomicInteger();
  public volatile String jwks = "{\"keys\":[]}";
  public volatile String cacheControl;
  /** The status the JWK set answers with (503: the provider is down). */
  public volatile int status = 200;
  /** The issuer the discovery document names (the server's URL unless changed). */
  public volatile String discoveryIssuer;

  public JwksServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    discoveryIssuer = url();
    server.createContext("/.well-known/openid-configuration", x -> {
      discoveries.incrementAndGet();
      answer(x, 200, "{\"issuer\":\"" + discoveryIssuer + "\",\"jwks_uri\":\"" + url() + "/jwks\"}", null);
    });
    server.createContext("/jwks", x -> {
      jwksFetches.incrementAndGet();
      answer(x, status, status == 200 ? jwks : "down", cacheControl);
    });
    server.createContext("/moved", x -> {
      x.getResponseHeaders().add("Location", url() + "/jwks");
      answer(x, 302, "", null);
    });
    server.start();
  }

  /** The issuer URL: {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public URI jwksUri() {
    return URI.create(url() + "/jwks");
  }

  private static void answer(HttpExchange x, int status, String body, String cacheControl) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    if (cacheControl != null) {
      x.getResponseHeaders().add("Cache-Control", cacheControl);
    }
    x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
