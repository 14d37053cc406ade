package io.iam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyPrinter;
import io.iam4j.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Invariants of the evaluation logic over random policies and requests: an explicit deny always
 * wins, removing an Allow never turns a deny into an allow, and parse, print, parse is stable.
 */
class EvaluationPropertiesTest {

  static final String[] ACTIONS = {"s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "ec2:StartInstances",
      "ec2:DescribeInstances", "iam:PassRole", "dynamodb:Query"};
  static final String[] ACTION_PATTERNS = {"s3:GetObject", "s3:Get*", "s3:*", "ec2:Describe*", "ec2:*Instances", "*",
      "iam:PassRole", "dynamodb:Q?ery", "S3:getobject"};
  static final String[] RESOURCES = {"arn:aws:s3:::docs/reports/q3.pdf", "arn:aws:s3:::docs/home/alice/todo.txt",
      "arn:aws:s3:::docs", "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc", "*"};
  static final String[] RESOURCE_PATTERNS = {"*", "arn:aws:s3:::docs/*", "arn:aws:s3:::docs", "arn:aws:s3:::docs/home/${aws:username}/*",
      "arn:aws:ec2:*:111122223333:instance/*", "arn:aws:s3:::other/*", "arn:aws:s3:::docs/reports/q?.pdf"};
  static final String[] CONDITIONS = {
      "", "\"Condition\":{\"StringEquals\":{\"aws:username\":\"alice\"}}",
      "\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}",
      "\"Condition\":{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"false\"}}",
      "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"2001:db8::/32\"]}}",
      "\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":\"192.0.2.0/24\"}}",
      "\"Condition\":{\"ForAnyValue:StringLike\":{\"aws:TagKeys\":\"team*\"}}",
      "\"Condition\":{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\",\"cost\"]}}",
      "\"Condition\":{\"StringNotEquals\":{\"aws:PrincipalTag/team\":\"${aws:username}\"}}",
      "\"Condition\":{\"NumericLessThan\":{\"s3:max-keys\":\"10\"},\"Null\":{\"aws:SourceIp\":\"false\"}}",
      "\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"2026-12-01T00:00:00Z\"}}"};

  record Req(String user, String action, String resource, boolean mfa, String ip, List<String> tags) {
    AuthorizationRequest toRequest() {
      RequestContext.Builder ctx = RequestContext.builder()
          .put("aws:username", user)
          .put("aws:PrincipalArn", "arn:aws:iam::111122223333:user/" + user)
          .put("aws:CurrentTime", "2026-11-23T12:00:00Z")
          .put("aws:PrincipalTag/team", "alice");
      if (mfa) {
        ctx.put("aws:MultiFactorAuthPresent", true);
      }
      if (ip != null) {
        ctx.put("aws:SourceIp", ip);
      }
      if (tags != null) {
        ctx.putSet("aws:TagKeys", tags);
      }
      return AuthorizationRequest.builder()
          .caller(new Caller.User("arn:aws:iam::111122223333:user/" + user, "111122223333", user))
          .action(action)
          .resource(resource)
          .context(ctx.build())
          .build();
    }
  }

  @Provide
  Arbitrary<String> statement() {
    Arbitrary<String> effect = Arbitraries.of("Allow", "Deny").injectDuplicates(0.0);
    Arbitrary<Boolean> notAction = Arbitraries.of(false, false, false, true);
    Arbitrary<Boolean> notResource = Arbitraries.of(false, false, false, true);
    Arbitrary<List<String>> actions = Arbitraries.of(ACTION_PATTERNS).list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<List<String>> resources = Arbitraries.of(RESOURCE_PATTERNS).list().ofMinSize(1).ofMaxSize(2);
    Arbitrary<String> condition = Arbitraries.of(CONDITIONS);
    return Combinators.combine(effect, notAction, actions, notResource, resources, condition)
        .as((e, na, a, nr, r, c) -> "{\"Effect\":\"" + e + "\",\"" + (na ? "NotAction" : "Action") + "\":" + json(a) + ",\""
            + (nr ? "NotResource" : "Resource") + "\":" + json(r) + (c.isEmpty() ? "" : "," + c) + "}");
  }

  @Provide
  Arbitrary<List<String>> statements() {
    return statement().list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<Req> request() {
    return Combinators.combine(
            Arbitraries.of("alice", "bob"),
            Arbitraries.of(ACTIONS),
            Arbitraries.of(RESOURCES),
            Arbitraries.of(true, false),
            Arbitraries.of("10.1.2.3", "192.0.2.9", "2001:db8::1", null),
            Arbitraries.of(List.of("team"), List.of("team", "cost"), List.of("owner"), List.<String>of()).injectNull(0.3))
        .as(Req::new);
  }

  static String json(List<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      sb.append(i == 0 ? "" : ",");
      PolicyPrinter.str(sb, values.get(i));
    }
    return sb.append(']').toString();
  }

  static Policy policy(List<String> statements, PolicyType type) {
    String text = "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    return PolicyParser.standard().parse(text, type, type.key());
  }

  static Decision decide(List<String> identity, List<String> boundary, Req req) {
    PolicySet.Builder set = PolicySet.builder().identity(policy(identity, PolicyType.IDENTITY));
    if (boundary != null) {
      set.boundary(policy(boundary, PolicyType.BOUNDARY));
    }
    return Evaluator.evaluate(set.build(), req.toRequest());
  }

  @Property(tries = 400)
  void explicitDenyAlwaysWins(@ForAll("statements") List<String> identity, @ForAll("request") Req req,
      @ForAll boolean denyInBoundary) {
    String deny = "{\"Effect\":\"Deny\",\"Action\":\"" + req.action() + "\",\"Resource\":\"*\"}";
    List<String> withDeny = new ArrayList<>(identity);
    List<String> boundary = null;
    if (denyInBoundary) {
      boundary = List.of("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}", deny);
    } else {
      withDeny.add(withDeny.size() / 2, deny);
    }
    assertEquals(Outcome.EXPLICIT_DENY, decide(withDeny, boundary, req).outcome());
  }

  @Property(tries = 400)
  void removingAnAllowNeverTurnsDenyIntoAllow(@ForAll("statements") List<String> identity, @ForAll("request") Req req,
      @ForAll("statements") List<String> boundary) {
    Decision before = decide(identity, boundary, req);
    for (int i = 0; i < identity.size(); i++) {
      if (!identity.get(i).startsWith("{\"Effect\":\"Allow\"")) {
        continue;
      }
      List<String> fewer = new ArrayList<>(identity);
      fewer.remove(i);
      if (fewer.isEmpty()) {
        continue;
      }
      Decision after = decide(fewer, boundary, req);
      if (!before.allowed()) {
        assertNotEquals(Outcome.ALLOW, after.outcome(), "removing allow statement " + i + " granted access");
      }
    }
  }

  @Property(tries = 300)
  void parsePrintParse_isStable(@ForAll("statements") List<String> statements, @ForAll boolean oldVersion) {
    String text = "{\"Version\":\"" + (oldVersion ? "2008-10-17" : "2012-10-17") + "\",\"Statement\":["
        + String.join(",", statements) + "]}";
    Policy first = PolicyParser.standard().parse(text, PolicyType.IDENTITY, "p");
    String printed = PolicyPrinter.print(first);
    Policy second = PolicyParser.standard().parse(printed, PolicyType.IDENTITY, "p");
    assertEquals(first, second);
    assertEquals(printed, PolicyPrinter.print(second));
  }
}
