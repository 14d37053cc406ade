package io.iam4j.jakarta;

import io.iam4j.authz.Authorizer;
import io.iam4j.crypto.ServerKey;
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
 * {@code EncodedAuthorizationMessage}. Only the server (and {@code bin/iam decode-message} with the
 * key file) can read it.
 */
public final class AuthorizationMessages {
  /** Binds the ciphertext to its purpose: a TOTP seed cannot be passed off as a message. */
  public static final String AAD = "iam4j authorization message v1";

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
    return key.encrypt(describe(r, at).toString(), AAD);
  }

  /** The decoded JSON; throws {@link io.iam4j.IamException} for text not made by this key. */
  public static JsonObject decode(ServerKey key, String encoded) {
    return Json.createReader(new StringReader(key.decrypt(encoded, AAD))).readObject();
  }
}
