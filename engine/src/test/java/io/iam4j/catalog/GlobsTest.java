package io.iam4j.catalog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GlobsTest {
  @Test
  void matchesLikeIam() {
    assertTrue(Globs.matches("Get*", "GetObject", false));
    assertTrue(Globs.matches("get*", "GetObject", true));
    assertFalse(Globs.matches("get*", "GetObject", false));
    assertTrue(Globs.matches("Get?bject", "GetObject", false));
    assertFalse(Globs.matches("Get?", "GetObject", false));
    assertTrue(Globs.matches("*", "", false));
    // A * in the text is a character like any other.
    assertFalse(Globs.matches("a?c", "a*bc", false));
    assertTrue(Globs.matches("a*", "a*", false));
  }

  @Test
  void intersectsWhenSomeStringMatchesBoth() {
    assertTrue(Globs.intersects("arn:x:docs::*:bucket/*/*", "arn:x:docs::acme:bucket/reports/*", false));
    assertTrue(Globs.intersects("a*", "*b", false));
    assertFalse(Globs.intersects("a*", "b*", false));
    assertFalse(Globs.intersects("arn:x:docs::*:bucket/*/*", "arn:x:docs::acme:job/j1", false));
    assertTrue(Globs.intersects("a?c", "*b*", false));
    assertFalse(Globs.intersects("a?c", "abcd*x", false));
  }
}
