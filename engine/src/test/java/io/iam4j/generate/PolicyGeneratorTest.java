package io.iam4j.generate;

import static io.iam4j.generate.Fixtures.bucket;
import static io.iam4j.generate.Fixtures.docs;
import static io.iam4j.generate.Fixtures.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.catalog.ActionCatalog;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PolicyGeneratorTest {
  static final String ALICE = "arn:iam4j:iam::acme:user/alice";
  static final String JOB_1 = "arn:iam4j:sts::acme:assumed-role/ReportingJob/run-1";
  static final String JOB_2 = "arn:iam4j:sts::acme:assumed-role/ReportingJob/run-2";

  static Activity a(String principal, String action, String resource) {
    return new Activity(principal, action, resource, null);
  }

  static ActionUse use(GeneratedPolicy g, String action) {
    return g.actions().stream().filter(u -> u.action().equals(action)).findFirst().orElseThrow(() -> new AssertionError(action + " in " + g));
  }

  static Outcome decide(Policy p, String principal, String action, String resource, String resourceAccount) {
    return Evaluator.evaluate(PolicySet.builder().identity(p).build(),
        new AuthorizationRequest(Caller.parse(principal, "AWS", null), action, resource, resourceAccount, RequestContext.empty())).outcome();
  }

  @Test
  void twoObjectsOfOneBucket_becomeTheBucketsObjects_andOneObjectStaysLiteral() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(
        a(ALICE, "docs:GetObject", object("acme", "reports", "2026/q1.txt")),
        a(ALICE, "docs:GetObject", object("acme", "reports", "2026/q2.txt")),
        a(ALICE, "docs:GetObject", object("acme", "reports", "2026/q1.txt")),
        a(ALICE, "docs:PutObject", object("acme", "reports", "summary.txt")),
        a(ALICE, "docs:ListObjects", bucket("acme", "reports"))), docs());
    assertEquals(List.of("arn:iam4j:docs::acme:bucket/reports/*"), use(g, "docs:GetObject").resources());
    assertEquals(ActionUse.Generalization.CATALOG, use(g, "docs:GetObject").generalization());
    assertEquals(3, use(g, "docs:GetObject").requests());
    assertEquals(2, use(g, "docs:GetObject").observedResources());
    assertEquals(List.of("arn:iam4j:docs::acme:bucket/reports/summary.txt"), use(g, "docs:PutObject").resources());
    assertEquals(List.of("arn:iam4j:docs::acme:bucket/reports"), use(g, "docs:ListObjects").resources());
    assertEquals(5, g.requests());
    assertEquals(4, g.distinctRequests());
    assertEquals(5, g.replayed());
    assertTrue(g.complete());
    assertEquals(1, g.services());
    assertEquals("""
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Action": [
                "docs:GetObject"
              ],
              "Resource": [
                "arn:iam4j:docs::acme:bucket/reports/*"
              ]
            },
            {
              "Effect": "Allow",
              "Action": [
                "docs:ListObjects"
              ],
              "Resource": [
                "arn:iam4j:docs::acme:bucket/reports"
              ]
            },
            {
              "Effect": "Allow",
              "Action": [
                "docs:PutObject"
              ],
              "Resource": [
                "arn:iam4j:docs::acme:bucket/reports/summary.txt"
              ]
            }
          ]
        }
        """, g.document().orElseThrow());
    assertTrue(g.findings().isEmpty(), g.findings()::toString);
  }

  @Test
  void actionsWithEqualResources_shareAStatement() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(
        a(ALICE, "docs:PutObject", object("acme", "projects", "a.txt")),
        a(ALICE, "docs:GetObject", object("acme", "projects", "a.txt")),
        a(ALICE, "docs:DeleteObject", object("acme", "projects", "a.txt"))), docs());
    Policy p = g.policy().orElseThrow();
    assertEquals(1, p.statements().size());
    assertEquals(List.of("docs:DeleteObject", "docs:GetObject", "docs:PutObject"), p.statements().get(0).action().patterns());
  }

  @Test
  void varyingBuckets_becomeAStarForTheBucketOnly() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(
        a(ALICE, "docs:GetObject", object("acme", "reports", "index.html")),
        a(ALICE, "docs:GetObject", object("acme", "projects", "index.html"))), docs());
    assertEquals(List.of("arn:iam4j:docs::acme:bucket/*/index.html"), use(g, "docs:GetObject").resources());
  }

  @Test
  void resourcesOfTwoTenants_neverShareAPattern() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(
        new Activity(ALICE, "docs:GetObject", object("acme", "reports", "a.txt"), "acme"),
        new Activity(ALICE, "docs:GetObject", object("acme", "reports", "b.txt"), "acme"),
        new Activity(ALICE, "docs:GetObject", object("globex", "reports", "a.txt"), "globex"),
        new Activity(ALICE, "docs:GetObject", object("globex", "shared", "a.txt"), "globex")), docs());
    assertEquals(List.of("arn:iam4j:docs::acme:bucket/reports/*", "arn:iam4j:docs::globex:bucket/*/a.txt"),
        use(g, "docs:GetObject").resources());
    Policy p = g.policy().orElseThrow();
    // The cross-tenant request was replayed (with a resource side trusting acme) and allowed; initech's is not.
    assertEquals(4, g.replayed());
    assertEquals(Outcome.IMPLICIT_DENY, decide(p, ALICE, "docs:GetObject", object("initech", "reports", "a.txt"), null));
  }

  @Test
  void wildcardAndVariableCharacters_inObservedValues_areEscaped() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(
        a(ALICE, "docs:ListObjects", "arn:iam4j:docs::acme:bucket/*"),
        a(ALICE, "docs:GetObject", object("acme", "odd", "what?.txt")),
        a(ALICE, "docs:GetObject", object("acme", "odd", "${aws:username}.txt")),
        a(ALICE, "docs:PutObject", object("acme", "odd", "a*b"))), docs());
    assertEquals(List.of("arn:iam4j:docs::acme:bucket/${*}"), use(g, "docs:ListObjects").resources());
    assertEquals(List.of("arn:iam4j:docs::acme:bucket/odd/*"), use(g, "docs:GetObject").resources());
    assertEquals(List.of("arn:iam4j:docs::acme:bucket/odd/a${*}b"), use(g, "docs:PutObject").resources());
    Policy p = g.policy().orElseThrow();
    // Literal: the bucket named "*" only, not every bucket; "a*b" only, not "axxb".
    assertEquals(Outcome.IMPLICIT_DENY, decide(p, ALICE, "docs:ListObjects", bucket("acme", "reports"), null));
    assertEquals(Outcome.IMPLICIT_DENY, decide(p, ALICE, "docs:PutObject", object("acme", "odd", "axxb"), null));
    assertEquals(Outcome.ALLOW, decide(p, ALICE, "docs:PutObject", object("acme", "odd", "a*b"), null));
  }

  @Test
  void aSingleObservedVariableValueWithADollar_isEscapedLiterally() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(a(ALICE, "docs:GetObject", object("acme", "odd", "${aws:username}/x"))), docs());
    assertEquals(List.of("arn:iam4j:docs::acme:bucket/odd/${$}{aws:username}/x"), use(g, "docs:GetObject").resources());
    assertEquals(Outcome.IMPLICIT_DENY, decide(g.policy().orElseThrow(), ALICE, "docs:GetObject", object("acme", "odd", "alice/x"), null));
  }

  @Test
  void anActionWithoutResourceTypes_getsStar() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(a(ALICE, "docs:ListBuckets", "arn:iam4j:docs::acme:bucket/*")), docs());
    assertEquals(List.of("*"), use(g, "docs:ListBuckets").resources());
    assertEquals(ActionUse.Generalization.ALL_RESOURCES, use(g, "docs:ListBuckets").generalization());
  }

  @Test
  void anActionOutsideTheCatalog_keepsItsArnsLiterally_inTheCatalogsSpellingOtherwise() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(
        a(ALICE, "jobs:RunJob", "arn:iam4j:jobs::acme:job/nightly"),
        a(ALICE, "jobs:RunJob", "arn:iam4j:jobs::acme:job/weekly"),
        a(ALICE, "jobs:RunJob", "arn:iam4j:jobs::acme:job/nightly"),
        a(ALICE, "DOCS:getobject", object("acme", "reports", "a"))), docs());
    assertEquals(List.of("arn:iam4j:jobs::acme:job/nightly", "arn:iam4j:jobs::acme:job/weekly"), use(g, "jobs:RunJob").resources());
    assertEquals(ActionUse.Generalization.LITERAL, use(g, "jobs:RunJob").generalization());
    assertEquals("docs:GetObject", g.actions().get(0).action());
  }

  @Test
  void withoutACatalog_everyArnIsLiteral() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(
        a(ALICE, "docs:GetObject", object("acme", "reports", "a")),
        a(ALICE, "docs:GetObject", object("acme", "reports", "b"))), ActionCatalog.EMPTY);
    assertEquals(List.of(object("acme", "reports", "a"), object("acme", "reports", "b")), use(g, "docs:GetObject").resources());
  }

  @Test
  void anArnNoFormatReads_staysLiteral_besideTheGeneralizedOnes() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(
        a(ALICE, "docs:GetObject", object("acme", "reports", "a")),
        a(ALICE, "docs:GetObject", object("acme", "reports", "b")),
        a(ALICE, "docs:GetObject", "arn:iam4j:other::acme:thing/x")), docs());
    assertEquals(List.of("arn:iam4j:docs::acme:bucket/reports/*", "arn:iam4j:other::acme:thing/x"), use(g, "docs:GetObject").resources());
  }

  @Test
  void aRequestOnNoResource_needsStar() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(
        a(ALICE, "jobs:ListJobs", null), a(ALICE, "jobs:ListJobs", "arn:iam4j:jobs::acme:job/x")), docs());
    assertEquals(List.of("*"), use(g, "jobs:ListJobs").resources());
    assertEquals(2, g.replayed());
  }

  @Test
  void aRolesSessions_countForTheRole_andTheirRequestsReplayAsSessions() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(
        a(JOB_1, "docs:PutObject", object("acme", "summaries", "2026-12-01.txt")),
        a(JOB_2, "docs:PutObject", object("acme", "summaries", "2026-12-02.txt"))), docs());
    assertEquals(List.of("arn:iam4j:docs::acme:bucket/summaries/*"), use(g, "docs:PutObject").resources());
    assertEquals(2, g.replayed());
  }

  @Test
  void trustActions_replayAgainstTheIdentityPolicy() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(
        a(ALICE, "sts:AssumeRole", "arn:iam4j:iam::acme:role/ReportingJob"),
        a(ALICE, "sts:TagSession", "arn:iam4j:iam::acme:role/ReportingJob")), docs());
    assertEquals(2, g.replayed());
    assertEquals(List.of("sts:AssumeRole", "sts:TagSession"), g.policy().orElseThrow().statements().get(0).action().patterns());
  }

  @Test
  void theOutput_doesNotDependOnTheOrderOfTheRequests() {
    List<Activity> trace = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      trace.add(a(i % 2 == 0 ? ALICE : JOB_1, List.of("docs:GetObject", "docs:PutObject", "jobs:RunJob").get(i % 3),
          i % 3 == 2 ? "arn:iam4j:jobs::acme:job/j" + (i % 5) : object("acme", "b" + (i % 2), "k" + (i % 7))));
    }
    String first = PolicyGenerator.generate(trace, docs()).document().orElseThrow();
    Random r = new Random(17);
    for (int i = 0; i < 10; i++) {
      Collections.shuffle(trace, r);
      assertEquals(first, PolicyGenerator.generate(trace, docs()).document().orElseThrow());
    }
  }

  @Test
  void noActivity_noPolicy() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(), docs());
    assertTrue(g.document().isEmpty());
    assertTrue(g.policy().isEmpty());
    assertEquals(0, g.requests());
  }

  @Test
  void actionsIamCannotNameLiterally_areLeftOut_andTheResultIsIncomplete() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(
        a(ALICE, "docs:Get*", object("acme", "reports", "a")),
        a(ALICE, "docs:GetObject", object("acme", "reports", "a"))), docs());
    assertFalse(g.complete());
    assertEquals(List.of("docs:Get* (1 requests)"), g.skippedActions());
    assertEquals(1, g.requests());
    assertEquals(List.of("docs:GetObject"), g.policy().orElseThrow().statements().get(0).action().patterns());
  }

  @Test
  void replay_failsLoudly_whenThePolicyDoesNotAllowARequest() {
    Policy narrow = PolicyParser.standard().parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        + "\"Action\":\"docs:GetObject\",\"Resource\":\"arn:iam4j:docs::acme:bucket/reports/a\"}]}", PolicyType.IDENTITY, "t");
    GenerationException e = assertThrows(GenerationException.class, () -> PolicyGenerator.replay(narrow,
        Map.of(a(ALICE, "docs:GetObject", object("acme", "reports", "b")), 1)));
    assertTrue(e.getMessage().contains("docs:GetObject on arn:iam4j:docs::acme:bucket/reports/b"), e.getMessage());
    assertEquals(1, PolicyGenerator.replay(narrow, Map.of(a(ALICE, "docs:GetObject", object("acme", "reports", "a")), 1)));
  }

  @Test
  void theMostSpecificFormat_readsAnArn() {
    // GetBucketPolicy acts on buckets only; an action acting on both reads an object ARN as an object.
    ActionCatalog both = ActionCatalog.of(List.of(new io.iam4j.catalog.ServiceReference("docs",
        List.of(Fixtures.action("Touch", io.iam4j.catalog.AccessLevel.WRITE, "bucket", "object")),
        docs().service("docs").orElseThrow().resources(), List.of())));
    GeneratedPolicy g = PolicyGenerator.generate(List.of(
        a(ALICE, "docs:Touch", object("acme", "reports", "a")),
        a(ALICE, "docs:Touch", object("acme", "reports", "b")),
        a(ALICE, "docs:Touch", bucket("acme", "reports"))), both);
    assertEquals(List.of("arn:iam4j:docs::acme:bucket/reports", "arn:iam4j:docs::acme:bucket/reports/*"), use(g, "docs:Touch").resources());
  }

  @Test
  void tooManyLiteralResources_areRefusedAsTooLarge_notCut() {
    List<Activity> trace = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      trace.add(a(ALICE, "jobs:RunJob", "arn:iam4j:jobs::acme:job/nightly-report-" + i));
    }
    PolicyTooLargeException e = assertThrows(PolicyTooLargeException.class, () -> PolicyGenerator.generate(trace, docs()));
    assertTrue(e.size() > e.limit(), e.getMessage());
    assertTrue(e.getMessage().contains("jobs:RunJob's 3000 literal resources"), e.getMessage());
  }

  @Test
  void tooManyStatements_areRefusedAsTooLarge() {
    List<Activity> trace = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      trace.add(a(ALICE, "j:A" + i, "a:" + i));
    }
    PolicyTooLargeException e = assertThrows(PolicyTooLargeException.class, () -> PolicyGenerator.generate(trace, docs()));
    assertTrue(e.getMessage().contains("1001 statements, over the maximum (1000, from PolicyLimits.maxStatements)"), e.getMessage());
  }

  @Test
  void theSizeIsCountedAsIamCountsIt_withoutWhiteSpace() {
    GeneratedPolicy g = PolicyGenerator.generate(List.of(a(ALICE, "docs:ListBuckets", "*")), docs());
    assertEquals("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"docs:ListBuckets\"],\"Resource\":[\"*\"]}]}"
        .length(), g.characters());
  }
}
