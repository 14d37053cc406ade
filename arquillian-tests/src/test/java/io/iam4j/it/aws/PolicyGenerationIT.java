package io.iam4j.it.aws;

import static io.iam4j.it.aws.AwsIt.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import io.iam4j.policy.Statement;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GeneratePolicy end to end against the sample on Payara Micro: the test-only user {@code pia}
 * (Developers; see {@code src/test/it-config/README.md}) works in her home folder over real HTTP, is
 * refused twice, then asks the IAM API for a policy generated from that window of the server's
 * trail. It allows exactly the actions she was allowed, on her resources (generalized by the
 * server's catalog when it has the docs service), and nothing she was refused.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PolicyGenerationIT {
  static final String PIA = "arn:iam4j:iam::acme:user/pia";
  static final String HOME = "/api/tenants/acme/buckets/workspace/objects/home/pia/gen-it/";

  @ArquillianResource URL base;
  URI endpoint;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return AwsIt.rootWar();
  }

  @BeforeEach
  void endpoint() {
    endpoint = AwsIt.endpoint(base);
  }

  int call(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", basic("pia@acme"));
    try {
      return AwsIt.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError(method + " " + path, e);
    }
  }

  static String form(String... pairs) {
    StringBuilder sb = new StringBuilder("Action=GeneratePolicy&Version=2010-05-08");
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      sb.append('&').append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  static List<String> all(String xml, String element) {
    Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(xml);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static String unescape(String xml) {
    return xml.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'").replace("&amp;", "&");
  }

  static Outcome decide(Policy p, String action, String resource) {
    return Evaluator.evaluate(PolicySet.builder().identity(p).build(), new AuthorizationRequest(Caller.parse(PIA, "AWS", null), action,
        resource, "acme", RequestContext.empty())).outcome();
  }

  @Test
  void thePolicyGeneratedFromPiasWindow_allowsWhatSheDid_andNothingElse() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
    assertEquals(204, call("PUT", HOME + "a.txt", "first"));
    assertEquals(204, call("PUT", HOME + "b.txt", "second"));
    assertEquals(200, call("GET", HOME + "a.txt", null));
    assertEquals(200, call("GET", "/api/tenants/acme/buckets/workspace/objects?prefix=home/pia/", null));
    // Refused: deleting needs MFA (acme's guardrail), the finance reports are not hers. Not activity.
    assertEquals(403, call("DELETE", HOME + "a.txt", null));
    assertEquals(403, call("GET", "/api/tenants/acme/buckets/reports/objects/2026/q1.txt", null));
    Instant end = Instant.now();

    AwsIt.Reply r = AwsIt.post(endpoint, "/iam", form("PrincipalArn", PIA, "StartTime", start.toString(), "EndTime", end.toString()),
        "Authorization", basic("pia@acme"));
    assertEquals(200, r.status(), r.body());
    String xml = r.body();
    assertEquals(List.of("docs:GetObject", "docs:ListObjects", "docs:PutObject"), new ArrayList<>(new TreeSet<>(all(xml, "Action"))), xml);
    assertEquals("4", AwsIt.xml(xml, "Requests"), xml);
    assertEquals("4", AwsIt.xml(xml, "ReplayedRequests"), xml);
    assertEquals("true", AwsIt.xml(xml, "IsComplete"), xml);
    assertEquals(List.of(PIA), all(xml.substring(xml.indexOf("<Callers><member>")), "member").subList(0, 1), xml);

    Policy p = PolicyParser.standard().parse(unescape(AwsIt.xml(xml, "PolicyDocument")), PolicyType.IDENTITY, "GeneratePolicy");
    TreeSet<String> actions = new TreeSet<>();
    for (Statement s : p.statements()) {
      actions.addAll(s.action().patterns());
      for (String res : s.resource().orElseThrow().patterns()) {
        assertTrue(res.startsWith("arn:iam4j:docs::acme:bucket/workspace"), res); // never another tenant, never another bucket
      }
    }
    assertEquals(new TreeSet<>(List.of("docs:GetObject", "docs:ListObjects", "docs:PutObject")), actions);
    String a = "arn:iam4j:docs::acme:bucket/workspace/home/pia/gen-it/a.txt";
    String b = "arn:iam4j:docs::acme:bucket/workspace/home/pia/gen-it/b.txt";
    assertEquals(Outcome.ALLOW, decide(p, "docs:PutObject", a));
    assertEquals(Outcome.ALLOW, decide(p, "docs:PutObject", b));
    assertEquals(Outcome.ALLOW, decide(p, "docs:GetObject", a));
    assertEquals(Outcome.ALLOW, decide(p, "docs:ListObjects", "arn:iam4j:docs::acme:bucket/workspace"));
    assertNotEquals(Outcome.ALLOW, decide(p, "docs:DeleteObject", a));
    assertNotEquals(Outcome.ALLOW, decide(p, "docs:GetObject", "arn:iam4j:docs::acme:bucket/reports/2026/q1.txt"));
    assertNotEquals(Outcome.ALLOW, decide(p, "docs:PutObject", "arn:iam4j:docs::globex:bucket/workspace/home/pia/gen-it/a.txt"));

    // With the docs service in the server's catalog, the two objects she wrote become the bucket's objects;
    // without it, each ARN stays literal (the generator never guesses a pattern).
    List<String> generalizations = all(xml, "Generalization");
    List<String> names = all(xml, "Action");
    String put = generalizations.get(names.indexOf("docs:PutObject"));
    List<String> putResources = resources(xml, "docs:PutObject");
    if (put.equals("CATALOG")) {
      assertEquals(List.of("arn:iam4j:docs::acme:bucket/workspace/*"), putResources, xml);
      assertEquals(List.of(a), resources(xml, "docs:GetObject"), xml);
    } else {
      assertEquals("LITERAL", put, xml);
      assertEquals(List.of(a, b), putResources, xml);
    }
  }

  /** The resources answered for one action (its member of {@code Actions}). */
  static List<String> resources(String xml, String action) {
    int at = xml.indexOf("<Action>" + action + "</Action>");
    String member = xml.substring(at, xml.indexOf("</Resources>", at));
    return all(member.substring(member.indexOf("<Resources>")), "member");
  }

  @Test
  void piaMayNotGenerateFromSomeoneElsesActivity() {
    AwsIt.Reply r = AwsIt.post(endpoint, "/iam", form("PrincipalArn", "arn:iam4j:iam::acme:user/alice", "StartTime",
        Instant.now().minus(Duration.ofHours(1)).toString()), "Authorization", basic("pia@acme"));
    assertEquals(403, r.status(), r.body());
    assertEquals("AccessDenied", AwsIt.xml(r.body(), "Code"));
    assertTrue(r.body().contains("access-analyzer:StartPolicyGeneration"), r.body());
  }
}
