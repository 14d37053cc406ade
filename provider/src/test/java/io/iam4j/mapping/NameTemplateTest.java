package io.iam4j.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Names made from a caller: its name, the part before its {@code @}, and single-valued claims. */
class NameTemplateTest {
  static final CallerInfo BOB = CallerInfo.of("bob@example.com", Set.of())
      .withClaims(Map.of("preferred_username", List.of("bob"), "sub", List.of("f81d4fae"), "amr", List.of("pwd", "mfa")));

  @Test
  void render_variables() {
    assertEquals(Optional.of("bob@example.com"), NameTemplate.parse("${caller}").render(BOB));
    assertEquals(Optional.of("bob"), NameTemplate.parse("${caller:local}").render(BOB));
    assertEquals(Optional.of("bob"), NameTemplate.parse("${claim:preferred_username}").render(BOB));
    assertEquals(Optional.of("ext-f81d4fae-x"), NameTemplate.parse("ext-${claim:sub}-x").render(BOB));
    assertEquals(Optional.of("a$b"), NameTemplate.parse("a$b").render(BOB));
  }

  @Test
  void render_missingOrMultiValuedClaim_empty() {
    assertEquals(Optional.empty(), NameTemplate.parse("${claim:email}").render(BOB));
    assertEquals(Optional.empty(), NameTemplate.parse("${claim:amr}").render(BOB));
  }

  @Test
  void constant_onlyWithoutVariables() {
    assertTrue(NameTemplate.parse("operator").constant());
    assertFalse(NameTemplate.parse("op-${caller}").constant());
    assertEquals(List.of("sub"), NameTemplate.parse("x${claim:sub}${caller}").claims());
  }

  @Test
  void parse_unknownOrUnclosedVariable_saysWhich() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NameTemplate.parse("${aws:username}"));
    assertTrue(e.getMessage().contains("${aws:username}"), e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> NameTemplate.parse("${claim:sub")).getMessage().contains("Unclosed"));
  }
}
