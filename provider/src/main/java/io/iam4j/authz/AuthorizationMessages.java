package io.iam4j.authz;

import io.iam4j.IamException;
import io.iam4j.authz.Authorizer;
import io.iam4j.crypto.ServerKey;
import io.iam4j.eval.Caller;
import io.iam4j.eval.ContextValue;
import io.iam4j.eval.Decision;
import io.iam4j.eval.StatementRef;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.time.Instant;
import java.util.Map;

/**
 * The encoded authorization message of a deny: the full decision (request, context, deciding
 * statements, missing keys) as JSON, encrypted and authenticated with the server key, like AWS's
 * {@code EncodedAuthorizationMessage}. A message is sealed for the tenant of the denied caller (its
 * account; for callers of no tenant, the account of the requested resource): the tenant and the key
 * id are part of the associated data, so only that tenant's decoders read it ({@link #decode} names
 * the tenant). Only the server (and {@code bin/iam decode-message} with the key file) can read it.
 */
public final class AuthorizationMessages {
  /** The purpose messages are sealed for: a TOTP seed cannot be passed off as a message. */
  public static final String PURPOSE = "iam4j authorization message";
  /** The associated data of messages sealed before key ids (no tenant in it): see {@link #decode}. */
  public static final String LEGACY_AAD = "iam4j authorization message v1";

  /** A message that is intact but belongs to another tenant than the one decoding (an access denial, not a bad message). */
  public static final class OtherTenantException extends IamException {
    private static final long serialVersionUID = 1L;

    OtherTenantException(String tenant) {
      super("The message was not issued for a caller of tenant " + tenant);
    }
  }

  private AuthorizationMessages() {}

  public static JsonObject describe(Authorizer.Result r, Instant at) {
    Decision d = r.decision();
    JsonObjectBuilder request = Json.createObjectBuilder()
        .add("principal", r.request().caller().display())
        .add("action", r.request().action())
        .add("resource", r.request().resource());
    if (r.request().resourceAccount() != null) {
      request.add("resourceAccount", r.request().resourceAccount());
    }
    JsonObjectBuilder ctx = Json.createObjectBuilder();
    for (Map.Entry<String, ContextValue> e : r.request().context().asMap().entrySet()) {
      if (e.getValue().multiValued()) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        e.getValue().values().forEach(a::add);
        ctx.add(e.getKey(), a);
      } else {
        ctx.add(e.getKey(), e.getValue().single());
      }
    }
    request.add("context", ctx);
    JsonArrayBuilder statements = Json.createArrayBuilder();
    for (StatementRef s : d.deciding()) {
      JsonObjectBuilder b = Json.createObjectBuilder().add("type", s.type().key()).add("policy", s.policy())
          .add("statement", s.index()).add("effect", s.effect().json());
      if (s.sid() != null) {
        b.add("sid", s.sid());
      }
      statements.add(b);
    }
    JsonArrayBuilder missing = Json.createArrayBuilder();
    d.missingContextKeys().forEach(missing::add);
    JsonObjectBuilder out = Json.createObjectBuilder()
        .add("allowed", d.allowed())
        .add("decision", d.outcome().json())
        .add("explicitDeny", d.outcome() == io.iam4j.eval.Outcome.EXPLICIT_DENY)
        .add("matchedStatements", statements)
        .add("missingContextKeys", missing)
        .add("configurationVersion", r.configVersion())
        .add("time", at.toString())
        .add("request", request);
    if (d.missingAllow() != null) {
      out.add("noAllowIn", d.missingAllow().key());
    }
    if (d.error() != null) {
      out.add("error", d.error());
    }
    return out.build();
  }

  public static String encode(ServerKey key, Authorizer.Result r, Instant at) {
    return key.seal(PURPOSE, tenantOf(r.request().caller(), r.request().resourceAccount()), describe(r, at).toString());
  }

  /** Whose message a deny is: the caller's tenant; for callers of no tenant, the resource's (or none). */
  static String tenantOf(Caller caller, String resourceAccount) {
    if (caller.account() != null) {
      return caller.account();
    }
    return resourceAccount == null ? "" : resourceAccount;
  }

  /**
   * The decoded JSON of a message issued to a caller of {@code tenant}. A message sealed before key
   * ids carries no tenant in its associated data; it opens with the legacy key and is accepted only
   * when the principal it records belongs to {@code tenant}.
   *
   * @throws OtherTenantException when the message is intact but belongs to another tenant
   * @throws IamException when it was not made by this server's keys, or was changed
   */
  public static JsonObject decode(ServerKey key, String tenant, String encoded) {
    String text = encoded == null ? "" : encoded.strip();
    if (!ServerKey.isSealed(text)) {
      JsonObject legacy = read(key.openLegacy(LEGACY_AAD, text));
      if (!tenant.equals(principalAccount(legacy))) {
        throw new OtherTenantException(tenant);
      }
      return legacy;
    }
    // The tag check only tells the two failures apart; the tenant in the associated data is what refuses.
    if (key.sealedByThisServer(text) && !key.sealedFor(PURPOSE, tenant, text)) {
      throw new OtherTenantException(tenant);
    }
    return read(key.open(PURPOSE, tenant, text));
  }

  /** The account of the principal a decoded message records, or null (anonymous, a service, unreadable). */
  private static String principalAccount(JsonObject message) {
    try {
      return Caller.parse(message.getJsonObject("request").getString("principal"), null, null).account();
    } catch (IamException | NullPointerException | ClassCastException e) {
      return null;
    }
  }

  private static JsonObject read(String json) {
    try {
      return Json.createReader(new StringReader(json)).readObject();
    } catch (jakarta.json.JsonException e) {
      throw new IamException("The message is not a decision");
    }
  }
}
