package io.iam4j.it.mapping;

import static io.iam4j.it.mapping.MappingApps.app;

import io.iam4j.it.mapping.app.jwt.JwtApplication;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * {@link MappingScenarios} with MicroProfile JWT bearer tokens: the server verifies each token
 * (signed here with a test RSA key, {@code mp.jwt.verify.publickey}; issuer {@code
 * mp.jwt.verify.issuer}) and the caller is the verified token; iam4j maps it by the tenant's {@code
 * identity-mapping.json} and decides.
 */
class MpJwtMappingIT extends MappingScenarios {
  static final String ISSUER = "https://jwt.iam4j.test/issuer";
  static final String CLIENT = "files-app";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final KeyPair KEY = rsa();
  static final Path HOME = MappingApps.home("mp-jwt");

  @Deployment(testable = false)
  static WebArchive deployment() {
    MappingApps.config(HOME, MappingApps.TENANT, ISSUER, CLIENT);
    // PEM with its line ends: the server strips the BEGIN and END lines, then decodes the rest.
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(KEY.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----";
    return MappingApps.war("files-jwt", HOME, JwtApplication.class, Map.of(
        "mp.jwt.verify.publickey", pem,
        "mp.jwt.verify.issuer", ISSUER));
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  Path home() {
    return HOME;
  }

  @Override
  String issuer() {
    return ISSUER;
  }

  @Override
  String client() {
    return CLIENT;
  }

  /** A caller with a token of its own: every request carries it as a bearer token. */
  @Override
  Caller signIn(String name, Object... claims) {
    String token = token(name, claims);
    return (method, path) -> send(method, path, token);
  }

  /** A token of {@link #ISSUER}, signed with the test key (RS256), valid for ten minutes. */
  static String token(String name, Object... claims) {
    Instant now = Instant.now();
    JsonObjectBuilder c = Json.createObjectBuilder()
        .add("iss", ISSUER).add("sub", name).add("upn", name).add("preferred_username", name).add("aud", CLIENT)
        .add("tenant", MappingApps.TENANT).add("jti", UUID.randomUUID().toString())
        .add("iat", now.getEpochSecond()).add("exp", now.plusSeconds(600).getEpochSecond());
    for (int i = 0; i < claims.length; i += 2) {
      String k = (String) claims[i];
      Object v = claims[i + 1];
      if (v instanceof Boolean b) {
        c.add(k, b);
      } else if (v instanceof List<?> l) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        l.forEach(e -> a.add(e.toString()));
        c.add(k, a);
      } else {
        c.add(k, v.toString());
      }
    }
    String header = b64(Json.createObjectBuilder().add("alg", "RS256").add("typ", "JWT").add("kid", "it-key").build().toString());
    String payload = b64(c.build().toString());
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(KEY.getPrivate());
      s.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  Reply send(String method, String path, String token) {
    String id = "mp-jwt-it-" + UUID.randomUUID();
    HttpRequest.Builder b = HttpRequest.newBuilder(app(base, path)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody()).header("X-Request-Id", id);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), id);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(method + " " + path + ": " + e, e);
    }
  }

  @Test
  void withoutAToken_anonymous_401() {
    Reply r = send("GET", "/api/files/shared/plan.txt", null);
    assertStatus(401, r);
    assertStatus(401, send("GET", "/api/whoami", null));
  }

  @Test
  void tokenOfAnotherKey_refusedByTheServer_neverMapped() throws Exception {
    KeyPair other = rsa();
    String[] parts = token("alice", "employee", true).split("\\.");
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(other.getPrivate());
    s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    String forged = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    Reply r = send("GET", "/api/files/shared/plan.txt", forged);
    assertStatus(401, r);
  }
}
