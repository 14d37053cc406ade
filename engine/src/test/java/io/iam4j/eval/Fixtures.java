package io.iam4j.eval;

import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.util.List;

/** Callers, policies and requests shared by the evaluation tests. */
final class Fixtures {
  static final String ACCOUNT = "111122223333";
  static final String OTHER_ACCOUNT = "444455556666";

  static final String ALICE_ARN = "arn:aws:iam::111122223333:user/alice";
  static final String BOB_ARN = "arn:aws:iam::111122223333:user/bob";
  static final String ROLE_ARN = "arn:aws:iam::111122223333:role/app";
  static final String SESSION_ARN = "arn:aws:sts::111122223333:assumed-role/app/s1";
  static final String FEDERATED_ARN = "arn:aws:sts::111122223333:federated-user/fed";
  static final String ROOT_ARN = "arn:aws:iam::111122223333:root";
  static final String OBJECT = "arn:aws:s3:::example-bucket/home/alice/notes.txt";

  private Fixtures() {}

  static Caller.User alice() {
    return new Caller.User(ALICE_ARN, ACCOUNT, "alice");
  }

  static Caller.User bob() {
    return new Caller.User(BOB_ARN, ACCOUNT, "bob");
  }

  static Caller.RoleSession session() {
    return new Caller.RoleSession(SESSION_ARN, ACCOUNT, "app", "s1", ROLE_ARN);
  }

  /** A GetFederationToken session created by IAM user alice. */
  static Caller.FederatedUser federated() {
    return new Caller.FederatedUser(FEDERATED_ARN, ACCOUNT, "fed", ALICE_ARN);
  }

  static Caller.Root root() {
    return new Caller.Root(ROOT_ARN, ACCOUNT);
  }

  static Policy parse(PolicyType type, String name, String json) {
    return PolicyParser.standard().parse(json, type, name);
  }

  static Policy identity(String json) {
    return parse(PolicyType.IDENTITY, "identity", json);
  }

  static Policy resource(String json) {
    return parse(PolicyType.RESOURCE, "resource", json);
  }

  static Policy boundary(String json) {
    return parse(PolicyType.BOUNDARY, "boundary", json);
  }

  static Policy session(String json) {
    return parse(PolicyType.SESSION, "session", json);
  }

  static Policy guardrail(String json) {
    return parse(PolicyType.GUARDRAIL, "guardrail", json);
  }

  /** A 2012-10-17 document with the given statements (JSON objects, comma-separated). */
  static String doc(String statements) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
  }

  /** An Allow statement without principal. */
  static String allow(String action, String resource) {
    return "{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}";
  }

  /** A Deny statement without principal. */
  static String deny(String action, String resource) {
    return "{\"Effect\":\"Deny\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}";
  }

  /** A resource-policy Allow statement naming {@code principal} (a JSON value, e.g. {@code {"AWS":"..."}}). */
  static String allowFor(String principal, String action, String resource) {
    return "{\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}";
  }

  static String denyFor(String principal, String action, String resource) {
    return "{\"Effect\":\"Deny\",\"Principal\":" + principal + ",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}";
  }

  static String aws(String... values) {
    return "{\"AWS\":[" + String.join(",", List.of(values).stream().map(v -> "\"" + v + "\"").toList()) + "]}";
  }

  static AuthorizationRequest request(Caller caller, String action, String resource) {
    return AuthorizationRequest.builder().caller(caller).action(action).resource(resource).build();
  }

  static AuthorizationRequest request(Caller caller, String action, String resource, RequestContext ctx) {
    return AuthorizationRequest.builder().caller(caller).action(action).resource(resource).context(ctx).build();
  }

  /** Context from alternating keys and values. */
  static RequestContext ctx(String... keysAndValues) {
    RequestContext.Builder b = RequestContext.builder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      b.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return b.build();
  }
}
