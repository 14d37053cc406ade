package io.iam4j.it;

import static io.iam4j.it.SampleClient.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.it.SampleClient.Reply;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, class 6 (bounds), over real HTTP: a bucket policy is the policy text any tenant
 * administrator sends to the server, so it is where a few bytes could buy minutes of work. The
 * tests check answers, not times: the HTTP client's 30 s timeout is the only clock.
 * {@link PolicyBoundsIT} runs them with annotation enforcement, {@link PolicyBoundsJaccIT} with the
 * Jakarta Authorization provider installed.
 */
abstract class PolicyBoundsAttacks extends SampleAppTest {
  private static final String POLICY = "/api/tenants/acme/buckets/workspace/policy";
  private static final String OBJECTS = "/api/tenants/acme/buckets/workspace/objects/";
  private static final String PLAN = "/api/tenants/acme/buckets/projects/objects/plan.txt";


  /**
   * {@code 1e999999} is a valid Java BigDecimal whose exact arithmetic took minutes on the request
   * thread. IAM's numeric values are integers and decimals: the value is refused while parsing,
   * each problem with its JSON pointer, and the bucket keeps the policy it had.
   */
  @Test
  void hugeExponentInBucketPolicy_isRefusedAtOnceWithItsPointer() {
    Reply before = client.get(POLICY, "carol@acme");
    String attack = "{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Sid\":\"SizeCapAsString\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:iam4j:iam::acme:user/bob\"},"
        + "\"Action\":\"docs:PutObject\",\"Resource\":\"arn:iam4j:docs::acme:bucket/workspace/*\","
        + "\"Condition\":{\"NumericLessThan\":{\"docs:size\":\"1e999999\"}}},"
        + "{\"Sid\":\"SizeCapAsNumber\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:iam4j:iam::acme:user/bob\"},"
        + "\"Action\":\"docs:PutObject\",\"Resource\":\"arn:iam4j:docs::acme:bucket/workspace/*\","
        + "\"Condition\":{\"NumericLessThan\":{\"docs:size\":1e999999}}}]}";

    Reply r = client.call("PUT", POLICY, "carol@acme", attack);

    assertStatus(400, r);
    JsonObject error = r.json().getJsonObject("Error");
    assertEquals("MalformedPolicy", error.getString("Code"));
    JsonArray problems = error.getJsonArray("Problems");
    assertEquals(2, problems.size(), r.body());
    assertEquals("/Statement/0/Condition/NumericLessThan/docs:size", problems.getJsonObject(0).getString("pointer"));
    assertEquals("/Statement/1/Condition/NumericLessThan/docs:size", problems.getJsonObject(1).getString("pointer"));
    assertTrue(problems.getJsonObject(0).getString("message").startsWith("Not a number"), r.body());
    // The server still answers, and the refused policy replaced nothing.
    assertStatus(200, client.get(PLAN, "alice@acme"));
    Reply after = client.get(POLICY, "carol@acme");
    assertEquals(before.status(), after.status());
    assertEquals(before.body(), after.body());
  }

  /**
   * Wildcard patterns that made the backtracking matcher O(n x m): about 100 KB of {@code *aaa...ab*}
   * (one long piece), {@code *a*a*...*ab} (many pieces) and {@code *aaa?aaab*} (a piece with
   * {@code ?}) against a 3,000-character object key. Every decision still comes back, and right:
   * bob reads the key the patterns match and not the one they miss.
   */
  @Test
  void adversarialWildcardBucketPolicy_doesNotStallDecisions() {
    String home = "home/alice/";
    String matched = home + "a".repeat(3_000) + "b";
    String missed = home + "a".repeat(3_001);
    assertStatus(204, client.call("PUT", OBJECTS + matched, "alice@acme", "matched by every pattern"));

    List<String> patterns = new ArrayList<>();
    for (int i = 0; patterns.size() < 700; i++) {
      String tail = switch (i % 3) {
        case 0 -> "*" + "a".repeat(60 + i % 60) + "b*";
        case 1 -> "*a".repeat(50) + "b";
        default -> "*" + "a".repeat(40) + "?" + "a".repeat(20 + i % 40) + "b*";
      };
      patterns.add("\"arn:iam4j:docs::acme:bucket/workspace/" + home + tail + "\"");
    }
    String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"BobReadsAdversarially\",\"Effect\":\"Allow\","
        + "\"Principal\":{\"AWS\":\"arn:iam4j:iam::acme:user/bob\"},\"Action\":\"docs:GetObject\","
        + "\"Resource\":[" + String.join(",", patterns) + "]}]}";
    assertTrue(policy.length() > 90_000, "the attack is about 100 KB: " + policy.length());
    assertStatus(204, client.call("PUT", POLICY, "carol@acme", policy));

    for (int round = 0; round < 5; round++) {
      Reply read = client.get(OBJECTS + matched, "bob@acme");
      assertStatus(200, read);
      assertEquals("matched by every pattern", read.body());
      Reply denied = client.get(OBJECTS + missed, "bob@acme");
      assertStatus(403, denied);
      assertTrue(denied.message().contains("docs:GetObject"), denied.body());
      assertStatus(404, client.get(OBJECTS + missed, "alice@acme")); // allowed to alice, and absent
    }
    assertStatus(200, client.get(PLAN, "alice@acme"));
  }
}
