package io.iam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.policy.Policy;
import io.iam4j.policy.PolicyType;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The action index: a request visits every statement whose Action can match it (never fewer: the
 * statements decide), few others, in document order, each once.
 */
class ActionIndexTest {
  static PolicyGroup group(String... actionClauses) {
    StringBuilder b = new StringBuilder("{\"Version\": \"2012-10-17\", \"Statement\": [");
    for (int i = 0; i < actionClauses.length; i++) {
      b.append(i == 0 ? "" : ", ").append("{\"Effect\": \"Allow\", ").append(actionClauses[i]).append(", \"Resource\": \"*\"}");
    }
    Policy p = Fixtures.parse(PolicyType.IDENTITY, "p", b.append("]}").toString());
    return new PolicyGroup(PolicyType.IDENTITY, List.of(p));
  }

  @Test
  void candidates_areTheStatementsWhoseActionCanMatch_inDocumentOrder() {
    PolicyGroup g = group(
        "\"Action\": \"s3:GetObject\"",                          // 0 exact
        "\"Action\": \"s3:List*\"",                              // 1 other prefix
        "\"Action\": [\"s3:Get*Tagging\", \"s3:GetObject\"]",   // 2 found twice, visited once
        "\"Action\": \"s3:*MultipartUpload*\"",                 // 3 empty literal prefix: every s3 action
        "\"Action\": \"dynamodb:*\"",                            // 4 other service
        "\"Action\": \"*\"",                                     // 5 any action
        "\"NotAction\": \"s3:*\"",                               // 6 NotAction: any action (it decides)
        "\"Action\": \"S3:GETOBJECT\"",                          // 7 case-insensitive
        "\"Action\": \"s3:Get?bject\"",                          // 8 ? wildcard
        "\"Action\": \"s3:GetObjectVersion\"");                  // 9 longer exact name
    assertEquals(List.of(0, 2, 3, 5, 6, 7, 8), g.candidates("s3:GetObject"));
    assertEquals(List.of(1, 3, 5, 6), g.candidates("s3:ListBucket"));
    assertEquals(List.of(4, 5, 6), g.candidates("dynamodb:DeleteTable"));
    assertEquals(List.of(5, 6), g.candidates("ec2:StartInstances"));
    assertEquals(List.of(2, 3, 5, 6, 8), g.candidates("s3:Get"),
        "a prefix of a name is not that name; patterns whose literal prefix it reaches are candidates (the statements decide)");
  }

  @Test
  void aGroupWithoutStatements_visitsNothing() {
    PolicyGroup g = new PolicyGroup(PolicyType.IDENTITY, List.of());
    assertTrue(g.candidates("s3:GetObject").isEmpty());
  }

  @Test
  void moreThan64Statements_spanSeveralWords() {
    String[] clauses = new String[150];
    for (int i = 0; i < clauses.length; i++) {
      clauses[i] = i % 50 == 49 ? "\"Action\": \"s3:Get*\"" : "\"Action\": \"ec2:Action" + i + "\"";
    }
    PolicyGroup g = group(clauses);
    assertEquals(List.of(49, 99, 149), g.candidates("s3:GetObject"));
    assertEquals(List.of(70), g.candidates("ec2:Action70"));
  }

  static final String[] NAME_PARTS = {"get", "Get", "object", "o", "*", "?", "list", "t"};

  @Provide
  Arbitrary<List<String>> patterns() {
    Arbitrary<String> name = Arbitraries.of(NAME_PARTS).list().ofMinSize(0).ofMaxSize(4).map(l -> String.join("", l));
    return net.jqwik.api.Combinators.combine(Arbitraries.of("s3", "S3", "ec2"), name).as((svc, n) -> svc + ":" + n)
        .list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> action() {
    Arbitrary<String> name = Arbitraries.of("get", "Get", "object", "o", "list", "t", "a").list().ofMinSize(0).ofMaxSize(4)
        .map(l -> String.join("", l));
    return net.jqwik.api.Combinators.combine(Arbitraries.of("s3", "ec2"), name).as((svc, n) -> svc + ":" + n);
  }

  /** Never fewer: every statement whose pattern matches the action (as the statement itself decides) is a candidate. */
  @Property(tries = 300)
  void everyMatchingStatement_isACandidate(@ForAll("patterns") List<String> patterns, @ForAll("action") String action) {
    if (patterns.isEmpty()) {
      return;
    }
    String[] clauses = patterns.stream().map(p -> "\"Action\": \"" + p + "\"").toArray(String[]::new);
    PolicyGroup g;
    try {
      g = group(clauses);
    } catch (RuntimeException e) {
      return; // a pattern IAM refuses (an empty action name)
    }
    List<Integer> candidates = g.candidates(action);
    List<Integer> matching = new ArrayList<>();
    for (int i = 0; i < patterns.size(); i++) {
      String lower = patterns.get(i).toLowerCase(java.util.Locale.ROOT);
      if (Glob.matches(Glob.encode(lower), action.toLowerCase(java.util.Locale.ROOT), false)) {
        matching.add(i);
      }
    }
    assertTrue(candidates.containsAll(matching), () -> "patterns " + patterns + ", action " + action + ": candidates "
        + candidates + " miss some of " + matching);
  }
}
