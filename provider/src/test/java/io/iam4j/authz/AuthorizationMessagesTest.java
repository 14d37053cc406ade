package io.iam4j.authz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import io.iam4j.authz.Authorizer;
import io.iam4j.crypto.LegacySeals;
import io.iam4j.crypto.MfaSeeds;
import io.iam4j.crypto.ServerKey;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Encoded authorization messages: the whole decision as JSON, readable only with the server key,
 * and bound to their purpose (a TOTP seed ciphertext is not a message, nor the reverse).
 */
class AuthorizationMessagesTest {
  static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");
  static final Caller ALICE = new Caller.User("arn:iam4j:iam::acme:user/alice", "acme", "alice");
  static final String OBJECT = "arn:iam4j:docs::acme:bucket/reports/q3.pdf";

  final ServerKey key = ServerKey.random();

  static PolicySet policies(String statements) {
    return PolicySet.builder().identity(PolicyParser.standard().parse(
        "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}", PolicyType.IDENTITY, "alice-docs")).build();
  }

  static Authorizer.Result result(PolicySet set, String action, String resourceAccount, long version) {
    RequestContext ctx = RequestContext.builder()
        .put("aws:username", "alice")
        .put("aws:SourceIp", "10.0.0.1")
        .putSet("aws:TagKeys", List.of("team", "cost"))
        .build();
    AuthorizationRequest request = AuthorizationRequest.builder().caller(ALICE).action(action).resource(OBJECT)
        .resourceAccount(resourceAccount).context(ctx).build();
    return new Authorizer.Result(Evaluator.evaluate(set, request), request, null, false, version);
  }

  @Test
  void decode_implicitDeny_isTheDecisionJson() {
    Authorizer.Result r = result(policies("{\"Effect\":\"Allow\",\"Action\":\"docs:GetObject\",\"Resource\":\"*\"}"),
        "docs:PutObject", null, 7);
    JsonObject json = AuthorizationMessages.decode(key, "acme", AuthorizationMessages.encode(key, r, AT));

    assertEquals("ImplicitDeny", json.getString("decision"));
    assertFalse(json.getBoolean("allowed"));
    assertFalse(json.getBoolean("explicitDeny"));
    assertEquals("identity", json.getString("noAllowIn"));
    assertEquals(7, json.getJsonNumber("configurationVersion").longValue());
    assertEquals(AT.toString(), json.getString("time"));
    assertTrue(json.getJsonArray("matchedStatements").isEmpty());

    JsonObject request = json.getJsonObject("request");
    assertEquals("docs:PutObject", request.getString("action"));
    assertEquals(OBJECT, request.getString("resource"));
    assertEquals("arn:iam4j:iam::acme:user/alice", request.getString("principal"));
    assertFalse(request.containsKey("resourceAccount"));
    JsonObject context = request.getJsonObject("context");
    assertEquals("10.0.0.1", context.getString("aws:SourceIp"));
    assertEquals("alice", context.getString("aws:username"));
    assertEquals(List.of("team", "cost"), context.getJsonArray("aws:TagKeys").getValuesAs(JsonString::getString));
    assertFalse(json.containsKey("error"));
  }

  @Test
  void decode_explicitDeny_namesTheDenyingStatement() {
    Authorizer.Result r = result(policies("{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"Resource\":\"*\"},"
        + "{\"Sid\":\"NoWrites\",\"Effect\":\"Deny\",\"Action\":\"docs:PutObject\",\"Resource\":\"*\"}"), "docs:PutObject", null, 1);
    JsonObject json = AuthorizationMessages.decode(key, "acme", AuthorizationMessages.encode(key, r, AT));

    assertEquals("ExplicitDeny", json.getString("decision"));
    assertTrue(json.getBoolean("explicitDeny"));
    assertFalse(json.containsKey("noAllowIn"));
    JsonObject statement = json.getJsonArray("matchedStatements").getJsonObject(0);
    assertEquals("identity", statement.getString("type"));
    assertEquals("alice-docs", statement.getString("policy"));
    assertEquals(1, statement.getInt("statement"));
    assertEquals("NoWrites", statement.getString("sid"));
    assertEquals("Deny", statement.getString("effect"));
  }

  @Test
  void decode_missingContextKeysAndResourceAccount_included() {
    Authorizer.Result r = result(policies("{\"Effect\":\"Allow\",\"Action\":\"docs:*\",\"Resource\":\"*\","
        + "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}}"), "docs:GetObject", "globex", 1);
    JsonObject json = AuthorizationMessages.decode(key, "acme", AuthorizationMessages.encode(key, r, AT));
    assertEquals("globex", json.getJsonObject("request").getString("resourceAccount"));
    assertEquals(List.of("aws:MultiFactorAuthPresent"),
        json.getJsonArray("missingContextKeys").getValuesAs(JsonString::getString));
  }

  @Test
  void decode_failure_carriesTheError() {
    AuthorizationRequest request = AuthorizationRequest.builder().caller(ALICE).action("docs:GetObject").resource(OBJECT).build();
    Authorizer.Result r = new Authorizer.Result(Decision.failure("java.lang.IllegalStateException: store down"), request, null, false, 3);
    JsonObject json = AuthorizationMessages.decode(key, "acme", AuthorizationMessages.encode(key, r, AT));
    assertEquals("java.lang.IllegalStateException: store down", json.getString("error"));
    assertEquals("ImplicitDeny", json.getString("decision"));
  }

  @Test
  void encode_isOpaque() {
    String encoded = AuthorizationMessages.encode(key, result(policies("{\"Effect\":\"Allow\",\"Action\":\"docs:GetObject\","
        + "\"Resource\":\"*\"}"), "docs:PutObject", null, 1), AT);
    for (String plain : new String[] {"PutObject", "10.0.0.1", "alice", "ImplicitDeny", "acme"}) {
      assertFalse(encoded.contains(plain), plain);
    }
  }

  @Test
  void decode_otherKey_throws() {
    String encoded = AuthorizationMessages.encode(key, result(policies("{\"Effect\":\"Allow\",\"Action\":\"docs:GetObject\","
        + "\"Resource\":\"*\"}"), "docs:PutObject", null, 1), AT);
    assertThrows(IamException.class, () -> AuthorizationMessages.decode(ServerKey.random(), "acme", encoded));
  }

  @Test
  void decode_tampered_throws() {
    String encoded = AuthorizationMessages.encode(key, result(policies("{\"Effect\":\"Allow\",\"Action\":\"docs:GetObject\","
        + "\"Resource\":\"*\"}"), "docs:PutObject", null, 1), AT);
    char[] c = encoded.toCharArray();
    int i = c.length / 2;
    c[i] = c[i] == 'A' ? 'B' : 'A';
    assertThrows(IamException.class, () -> AuthorizationMessages.decode(key, "acme", new String(c)));
  }

  @Test
  void decode_totpSeedCiphertext_throws() {
    // Same key, other purpose: the associated data keeps a seed from passing for a message.
    String seed = MfaSeeds.encrypt(key, "acme", "alice", MfaSeeds.newSeed());
    assertThrows(IamException.class, () -> AuthorizationMessages.decode(key, "acme", seed.substring("enc:".length())));
  }

  @Test
  void mfaSeeds_messageCiphertext_notASeed() {
    String encoded = AuthorizationMessages.encode(key, result(policies("{\"Effect\":\"Allow\",\"Action\":\"docs:GetObject\","
        + "\"Resource\":\"*\"}"), "docs:PutObject", null, 1), AT);
    assertThrows(IamException.class, () -> MfaSeeds.decrypt(key, "acme", "alice", "enc:" + encoded));
  }

  @Test
  void mfaSeeds_roundTrip_storedFormHoldsNoSeed() {
    byte[] seed = MfaSeeds.newSeed();
    assertEquals(20, seed.length);
    String stored = MfaSeeds.encrypt(key, "acme", "alice", seed);
    assertTrue(stored.startsWith("enc:v2." + key.currentKeyId() + "."), stored);
    assertFalse(stored.contains(Base64.getEncoder().encodeToString(seed)));
    assertArrayEquals(seed, MfaSeeds.decrypt(key, "acme", "alice", stored));
    assertThrows(IamException.class, () -> MfaSeeds.decrypt(ServerKey.random(), "acme", "alice", stored));
  }

  @Test
  void mfaSeeds_copiedIntoAnotherUsersFile_doesNotOpen() {
    String alices = MfaSeeds.encrypt(key, "acme", "alice", MfaSeeds.newSeed());
    assertThrows(IamException.class, () -> MfaSeeds.decrypt(key, "acme", "bob", alices));
    assertThrows(IamException.class, () -> MfaSeeds.decrypt(key, "globex", "alice", alices));
  }

  @Test
  void mfaSeeds_sealedBeforeKeyIds_stillOpenWithTheLegacyKey() throws Exception {
    // Enrolments made before this change: raw key, the old associated data, no tenant or user binding.
    byte[] raw = LegacySeals.bytes(11);
    byte[] seed = MfaSeeds.newSeed();
    String stored = "enc:" + LegacySeals.encrypt(raw, Base64.getEncoder().encodeToString(seed), MfaSeeds.LEGACY_AAD);
    assertArrayEquals(seed, MfaSeeds.decrypt(ServerKey.of(raw), "acme", "alice", stored));
    assertThrows(IamException.class, () -> MfaSeeds.decrypt(ServerKey.random(), "acme", "alice", stored));
  }

  @Test
  void mfaSeeds_notEncPrefixed_refused() {
    assertThrows(IamException.class, () -> MfaSeeds.decrypt(key, "acme", "alice", "JBSWY3DPEHPK3PXP"));
  }

  // ---------------------------------------------------------------- tenants

  static final Caller IRIS = new Caller.User("arn:iam4j:iam::globex:user/iris", "globex", "iris");

  static Authorizer.Result denied(Caller caller, String resourceAccount) {
    AuthorizationRequest request = AuthorizationRequest.builder().caller(caller).action("docs:PutObject")
        .resource("arn:iam4j:docs::globex:bucket/team-data/x.txt").resourceAccount(resourceAccount)
        .context(RequestContext.builder().put("aws:SourceIp", "10.9.9.9").put("aws:UserAgent", "curl/8").build()).build();
    return new Authorizer.Result(Evaluator.evaluate(PolicySet.builder().build(), request), request, null, false, 1);
  }

  @Test
  void decode_anotherTenantsMessage_otherTenantException_revealsNothing() {
    String irisMessage = AuthorizationMessages.encode(key, denied(IRIS, null), AT);
    AuthorizationMessages.OtherTenantException e = assertThrows(AuthorizationMessages.OtherTenantException.class,
        () -> AuthorizationMessages.decode(key, "acme", irisMessage));
    assertFalse(e.getMessage().contains("globex") || e.getMessage().contains("10.9.9.9"), e.getMessage());
    assertEquals("10.9.9.9", AuthorizationMessages.decode(key, "globex", irisMessage).getJsonObject("request")
        .getJsonObject("context").getString("aws:SourceIp"), "its own tenant decodes it");
  }

  @Test
  void decode_tenantTagForgedToTheDecodersTenant_stillRefused() {
    // Copying acme's tag onto globex's message gets past the tag check; the associated data still refuses.
    String irisMessage = AuthorizationMessages.encode(key, denied(IRIS, null), AT);
    String aliceMessage = AuthorizationMessages.encode(key, result(policies("{\"Effect\":\"Allow\",\"Action\":\"docs:GetObject\","
        + "\"Resource\":\"*\"}"), "docs:PutObject", null, 1), AT);
    String[] i = irisMessage.split("\\.");
    String forged = i[0] + "." + i[1] + "." + aliceMessage.split("\\.")[2] + "." + i[3];
    IamException e = assertThrows(IamException.class, () -> AuthorizationMessages.decode(key, "acme", forged));
    assertFalse(e instanceof AuthorizationMessages.OtherTenantException);
  }

  @Test
  void encode_callerOfNoTenant_boundToTheResourcesTenant() {
    String m = AuthorizationMessages.encode(key, denied(new Caller.Anonymous(), "globex"), AT);
    assertEquals("anonymous", AuthorizationMessages.decode(key, "globex", m).getJsonObject("request").getString("principal"));
    assertThrows(AuthorizationMessages.OtherTenantException.class, () -> AuthorizationMessages.decode(key, "acme", m));
  }

  @Test
  void decode_messageOfBeforeKeyIds_onlyForThePrincipalsTenant() throws Exception {
    byte[] raw = LegacySeals.bytes(12);
    String json = AuthorizationMessages.describe(denied(IRIS, null), AT).toString();
    String legacy = LegacySeals.encrypt(raw, json, AuthorizationMessages.LEGACY_AAD);
    assertEquals("arn:iam4j:iam::globex:user/iris",
        AuthorizationMessages.decode(ServerKey.of(raw), "globex", legacy).getJsonObject("request").getString("principal"));
    assertThrows(AuthorizationMessages.OtherTenantException.class, () -> AuthorizationMessages.decode(ServerKey.of(raw), "acme", legacy));
    String anonymous = LegacySeals.encrypt(raw,
        AuthorizationMessages.describe(denied(new Caller.Anonymous(), "globex"), AT).toString(), AuthorizationMessages.LEGACY_AAD);
    assertThrows(AuthorizationMessages.OtherTenantException.class, () -> AuthorizationMessages.decode(ServerKey.of(raw), "globex", anonymous),
        "no tenant can be proven for it");
  }

  @Test
  void decode_garbage_invalidNotOtherTenant() {
    for (String text : new String[] {"", "garbage", "v2.AAAAAAAA.AAAAAAAAAAAA.AAAA", "v2." + key.currentKeyId() + ".x.y"}) {
      IamException e = assertThrows(IamException.class, () -> AuthorizationMessages.decode(key, "acme", text), text);
      assertFalse(e instanceof AuthorizationMessages.OtherTenantException, text);
    }
  }
}
