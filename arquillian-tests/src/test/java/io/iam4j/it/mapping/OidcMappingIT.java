package io.iam4j.it.mapping;

import static io.iam4j.it.mapping.MappingApps.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.it.mapping.app.oidc.OidcApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link MappingScenarios} with Jakarta Security's OpenID Connect mechanism ({@code
 * @OpenIdAuthenticationMechanismDefinition}) against a real OpenID provider that this test starts on
 * 127.0.0.1 (no.nav.security's mock-oauth2-server, issuer {@code http://127.0.0.1:PORT/default}).
 * Each sign-in is a browser's authorization-code flow, driven with {@link HttpClient} and a cookie
 * store following every redirect: the application sends the browser to the provider, the provider
 * back with a code, the mechanism redeems it and validates the identity token, and the browser's
 * session is then the caller. The provider issues the token with the claims each scenario asks for.
 */
class OidcMappingIT extends MappingScenarios {
  static final String CLIENT = "files-web";
  static final Path HOME = MappingApps.home("oidc");
  static MockOAuth2Server provider;
  static String issuer;

  /** Every application path and the redirect URI need a signed-in caller, so the mechanism signs browsers in. */
  static final String WEB_XML = """
      <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
        <security-constraint>
          <web-resource-collection>
            <web-resource-name>files</web-resource-name>
            <url-pattern>/api/*</url-pattern>
            <url-pattern>/callback</url-pattern>
          </web-resource-collection>
          <auth-constraint>
            <role-name>**</role-name>
          </auth-constraint>
        </security-constraint>
      </web-app>
      """;

  @Deployment(testable = false)
  static WebArchive deployment() {
    int port = freePort();
    provider = new MockOAuth2Server();
    try {
      provider.start(InetAddress.getByName("127.0.0.1"), port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    issuer = "http://127.0.0.1:" + port + "/default";
    MappingApps.config(HOME, MappingApps.TENANT, issuer, CLIENT);
    return MappingApps.war("files-oidc", HOME, OidcApplication.class, Map.of(
        "it.oidc.provider", issuer,
        "it.oidc.client-id", CLIENT,
        "it.oidc.client-secret", "it-client-secret-" + UUID.randomUUID()), WEB_XML);
  }

  @AfterAll
  static void stopProvider() {
    if (provider != null) {
      provider.shutdown();
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  Path home() {
    return HOME;
  }

  @Override
  String issuer() {
    return issuer;
  }

  @Override
  String client() {
    return CLIENT;
  }

  /**
   * A browser that signed in through the authorization-code flow; the provider's next identity token
   * carries {@code claims}. Its later requests are authenticated by its session.
   */
  @Override
  Caller signIn(String name, Object... claims) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("preferred_username", name);
    c.put("tenant", MappingApps.TENANT);
    for (int i = 0; i < claims.length; i += 2) {
      c.put((String) claims[i], claims[i + 1]);
    }
    provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", name, "JWT", List.of(CLIENT), c, 3600));
    HttpClient browser = HttpClient.newBuilder()
        .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
        .followRedirects(HttpClient.Redirect.ALWAYS)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    // The first request of a browser without a session goes through the whole flow and ends on the page it asked for.
    Reply first = send(browser, "GET", "/api/whoami");
    assertTrue(first.status() == 200 || first.status() == 403 && first.body().startsWith("{\"Error\""),
        () -> "the sign-in of " + name + " did not end on the application: " + first);
    return (method, path) -> send(browser, method, path);
  }

  Reply send(HttpClient browser, String method, String path) {
    String id = "oidc-it-" + UUID.randomUUID();
    HttpRequest r = HttpRequest.newBuilder(app(base, path)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody()).header("X-Request-Id", id).build();
    try {
      HttpResponse<String> response = browser.send(r, HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), id);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(method + " " + path + ": " + e, e);
    }
  }

  @Test
  void withoutASession_theBrowserIsSentToTheProvider() throws Exception {
    HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> r = noRedirects.send(HttpRequest.newBuilder(app(base, "/api/whoami")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(302, r.statusCode(), r::body);
    String location = r.headers().firstValue("Location").orElse("");
    assertTrue(location.startsWith(issuer + "/authorize?"), location);
    assertTrue(location.contains("client_id=" + CLIENT), location);
  }
}
