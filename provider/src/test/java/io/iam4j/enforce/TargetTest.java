package io.iam4j.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Where template values come from: reserved names ({@code ${tenant}}, {@code ${aws:...}}) only from
 * the authenticated identity, other names only when declared, and never a resource with a dot segment.
 */
class TargetTest {
  static final String OBJECT = "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}";
  static final Function<String, String> ACME_ALICE = n -> switch (n) {
    case "tenant" -> "acme";
    case "aws:username" -> "alice";
    default -> null;
  };

  static Target target(String resource, String account, Set<String> declared) {
    return new Target("docs:GetObject", resource, account, List.of(), declared, "Test.method");
  }

  @Test
  void tenantQueryParameter_cannotMoveTheResource() {
    // The attack: POST /api/sts/assume-role?role=ReportingJob&tenant=globex filled ${tenant} from the query.
    Target t = target("arn:iam4j:iam::${tenant}:role/${role}", Target.TENANT, Set.of("role"));
    Target.Filled f = assertInstanceOf(Target.Filled.class, t.fill(Map.of("role", "ReportingJob", "tenant", "globex"), ACME_ALICE));
    assertEquals("arn:iam4j:iam::acme:role/ReportingJob", f.resource());
    assertEquals("acme", f.owner());
  }

  @Test
  void awsVariables_comeFromTheIdentityOnly() {
    Target t = target("arn:iam4j:docs::${tenant}:bucket/home/${aws:username}/${key}", Target.TENANT, Set.of("key"));
    Target.Filled f = assertInstanceOf(Target.Filled.class, t.fill(Map.of("key", "a.txt", "aws:username", "bob"), ACME_ALICE));
    assertEquals("arn:iam4j:docs::acme:bucket/home/alice/a.txt", f.resource());
  }

  @Test
  void declaredParameterNamedTenant_isAClash() {
    String m = assertThrows(IamException.class, () -> target("arn:iam4j:docs::${tenant}:bucket/${b}", Target.TENANT, Set.of("b", "tenant")))
        .getMessage();
    assertTrue(m.startsWith("Test.method: the parameter \"tenant\" clashes with the reserved template name ${tenant}"), m);
    assertThrows(IamException.class, () -> target("arn:iam4j:docs::${tenant}:bucket/x", Target.TENANT, Set.of("aws:username")));
  }

  @Test
  void undeclaredTemplateName_isRefusedWhenBuilt() {
    String m = assertThrows(IamException.class, () -> target(OBJECT, "${owner}", Set.of("owner", "bucket"))).getMessage();
    assertTrue(m.contains("${key}, which is not a declared parameter"), m);
  }

  @Test
  void undeclaredValues_areNeverUsed() {
    Target t = target("arn:iam4j:docs::${tenant}:bucket/x", Target.TENANT, Set.of());
    Target.Filled f = assertInstanceOf(Target.Filled.class, t.fill(Map.of("tenant", "globex"), ACME_ALICE));
    assertEquals("acme", f.owner());
  }

  @Test
  void dotSegmentsInTheResource_are400() {
    Target t = target(OBJECT, "${owner}", Set.of("owner", "bucket", "key"));
    for (String key : List.of("home/alice/../bob/notes.txt", "..", "./x", "home/alice/.")) {
      Target.Unresolved u = assertInstanceOf(Target.Unresolved.class, t.fill(Map.of("owner", "acme", "bucket", "w", "key", key), ACME_ALICE));
      assertEquals(400, u.status(), key);
    }
    assertInstanceOf(Target.Filled.class, t.fill(Map.of("owner", "acme", "bucket", "w", "key", "a..b/.c/..d"), ACME_ALICE),
        "dots inside a name are not dot segments");
  }

  @Test
  void controlCharacterInAValue_is400() {
    Target t = target(OBJECT, "${owner}", Set.of("owner", "bucket", "key"));
    assertEquals(400, assertInstanceOf(Target.Unresolved.class,
        t.fill(Map.of("owner", "acme", "bucket", "w", "key", "a\u0000b"), ACME_ALICE)).status());
  }

  @Test
  void missingValue_is403CannotBeDetermined() {
    Target t = target(OBJECT, "${owner}", Set.of("owner", "bucket", "key"));
    assertEquals(403, assertInstanceOf(Target.Unresolved.class, t.fill(Map.of("owner", "acme"), ACME_ALICE)).status());
  }

  @Test
  void contextKeys_leftOutWithoutValue() {
    Target t = new Target("docs:ListObjects", "arn:iam4j:docs::${tenant}:bucket/b", Target.TENANT,
        List.of("docs:prefix=${prefix}", "docs:user=${aws:username}"), Set.of("prefix"), "m");
    Target.Filled f = assertInstanceOf(Target.Filled.class, t.fill(Map.of(), ACME_ALICE));
    assertEquals(Map.of("docs:user", "alice"), f.context());
  }
}
