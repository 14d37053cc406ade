package io.iam4j.it;

import static io.iam4j.it.SampleClient.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.crypto.ServerKey;
import io.iam4j.crypto.SessionTokens;
import io.iam4j.it.SampleClient.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Attacks on what the server key protects, over real HTTP: reading another tenant's authorization
 * messages, and role-session tokens that were changed, forged, expired or made in an old format.
 * Run in both modes by {@link KeyAttacksIT} (annotations) and {@link KeyAttacksJaccIT} (the
 * server's Jakarta Authorization provider).
 */
abstract class KeyAttacks extends SampleAppTest {
  private static final Path CONFIG = Path.of(System.getProperty("it.config.dir"));
  private static final String DECODE = "/api/sts/decode-authorization-message";


  private static String encodedMessage(Reply deny) {
    assertStatus(403, deny);
    return deny.json().getJsonObject("Error").getString("EncodedAuthorizationMessage");
  }

  @Test
  void crossTenantDecode_isForbidden() throws Exception {
    // iris@globex (team data) writes into team web's bucket: denied, with a message about her request.
    String irisMessage = encodedMessage(client.call("PUT", "/api/tenants/globex/buckets/team-web/objects/x.txt", "iris@globex", "x",
        "User-Agent", "iris-secret-agent/1.0"));
    // carol@acme may decode messages (her own tenant's decode, as control) ...
    String daveMessage = encodedMessage(client.call("PUT", "/api/tenants/acme/buckets/projects/objects/new.txt", "dave@acme", "x"));
    assertStatus(200, client.call("POST", DECODE, "carol@acme", daveMessage));
    // ... but not globex's: 403 with IAM's AccessDenied, and nothing of the message in the answer.
    Reply refused = client.call("POST", DECODE, "carol@acme", irisMessage);
    assertStatus(403, refused);
    assertEquals("AccessDenied", refused.json().getJsonObject("Error").getString("Code"), refused.body());
    for (String secret : new String[] {"iris", "GX-120", "iris-secret-agent", "team-web"}) {
      assertFalse(refused.body().contains(secret), () -> "leaks " + secret + ": " + refused.body());
    }
    // A tenant named in the request changes nothing: the tenant comes from the caller only.
    assertStatus(403, client.call("POST", DECODE + "?tenant=globex", "carol@acme", irisMessage));

    // globex's own administrator, once allowed sts:DecodeAuthorizationMessage, reads it.
    Path globex = CONFIG.resolve("tenants/globex");
    Path jack = globex.resolve("users/jack.json");
    Path policy = globex.resolve("inline/it-decode-messages.json");
    String original = Files.readString(jack);
    Files.writeString(policy, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:DecodeAuthorizationMessage\","
        + "\"Resource\":\"*\"}]}");
    JsonObject user = Json.createReader(new StringReader(original)).readObject();
    Files.writeString(jack, Json.createObjectBuilder(user).add("inlinePolicies",
        Json.createObjectBuilder().add("DecodeMessages", "inline/it-decode-messages.json")).build().toString());
    try {
      Reply decoded = SampleClient.await(() -> client.call("POST", DECODE, "jack@globex", irisMessage), r -> r.status() == 200);
      assertStatus(200, decoded);
      JsonObject request = decoded.json().getJsonObject("DecodedMessage").getJsonObject("request");
      assertEquals("arn:iam4j:iam::globex:user/iris", request.getString("principal"));
      assertEquals("docs:PutObject", request.getString("action"));
      // And jack cannot read acme's messages either.
      assertStatus(403, client.call("POST", DECODE, "jack@globex", daveMessage));
    } finally {
      Files.writeString(jack, original);
      Files.deleteIfExists(policy);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String unb64(String s) {
    return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
  }

  @Test
  void forgedOrTamperedRoleToken_isRefused() {
    Reply assumed = client.call("POST", "/api/sts/assume-role?role=ReportingJob&sessionName=nightly", "carol@acme", "");
    assertStatus(200, assumed);
    String token = assumed.json().getString("SessionToken");
    Reply ok = client.call("GET", "/api/whoami", null, null, "Authorization", "Bearer " + token);
    assertStatus(200, ok);
    assertEquals("assumed-role/ReportingJob/nightly@acme", ok.json().getString("caller"));

    String[] f = token.split("\\.");
    assertEquals(4, f.length, token);
    String payload = unb64(f[2]);
    ServerKey serverKey = ServerKey.fromFile(CONFIG.resolve("server.key"));
    SessionTokens.Session session = SessionTokens.verify(serverKey, token, Instant.now());
    Map<String, String> attacks = new LinkedHashMap<>();
    attacks.put("role changed", f[0] + "." + f[1] + "." + b64(payload.replace("\"ReportingJob\"", "\"Admin\"").getBytes(StandardCharsets.UTF_8))
        + "." + f[3]);
    attacks.put("tenant changed", f[0] + "." + f[1] + "." + b64(payload.replace("\"acme\"", "\"globex\"").getBytes(StandardCharsets.UTF_8))
        + "." + f[3]);
    char[] mac = f[3].toCharArray();
    mac[5] = mac[5] == 'A' ? 'g' : 'A';
    attacks.put("MAC changed", f[0] + "." + f[1] + "." + f[2] + "." + new String(mac));
    attacks.put("MAC'd by another key", SessionTokens.issue(ServerKey.random(), session));
    attacks.put("unknown key id", f[0] + ".AAAAAAAA." + f[2] + "." + f[3]);
    // Even the holder of the server key cannot bring back what the format refuses:
    attacks.put("expired", SessionTokens.issue(serverKey, new SessionTokens.Session(session.issuer(), "acme", "ReportingJob",
        session.roleId(), "nightly", SessionTokens.newTokenId(), Instant.now().minusSeconds(7200), Instant.now().minusSeconds(1))));
    byte[] v1 = String.join("\n", "v1", "acme", "ReportingJob", "nightly", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()))
        .getBytes(StandardCharsets.UTF_8);
    attacks.put("format before issue times and ids (v1)", b64(v1) + "." + b64(serverKey.sign(v1)));
    attacks.put("oversized", token + "A".repeat(SessionTokens.MAX_TOKEN_CHARS));
    for (Map.Entry<String, String> a : attacks.entrySet()) {
      Reply r = client.call("GET", "/api/whoami", null, null, "Authorization", "Bearer " + a.getValue());
      assertEquals(401, r.status(), () -> a.getKey() + ": last response: " + r);
      Reply read = client.call("GET", "/api/tenants/acme/buckets/reports/objects/2026/q3.txt", null, null, "Authorization", "Bearer " + a.getValue());
      assertEquals(401, read.status(), () -> a.getKey() + ": last response: " + read);
    }
    assertTrue(session.tokenId().matches("[A-Za-z0-9_-]{22}"), session.tokenId());
  }
}
