package io.iam4j.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Filling {@code ${name}} placeholders of {@code @IamAction} resource templates from path and query
 * values: values are literal text, and none may add a colon before an ARN's resource part.
 */
class TargetFillTest {
  static final String OBJECT = "arn:iam4j:docs::${tenant}:bucket/${bucket}/${key}";

  static Map<String, String> values(String... keysAndValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  @Test
  void fill_pathAndQueryValues_substituted() {
    Map<String, String> v = values("tenant", "acme", "bucket", "reports", "key", "2026/q3.pdf");
    assertEquals("arn:iam4j:docs::acme:bucket/reports/2026/q3.pdf", Target.fill(OBJECT, v::get));
  }

  @Test
  void fill_noPlaceholders_unchanged() {
    assertEquals("arn:iam4j:docs::acme:bucket/x", Target.fill("arn:iam4j:docs::acme:bucket/x", n -> null));
  }

  @Test
  void fill_samePlaceholderTwice_bothFilled() {
    assertEquals("arn:iam4j:docs::acme:bucket/acme/x",
        Target.fill("arn:iam4j:docs::${tenant}:bucket/${tenant}/x", values("tenant", "acme")::get));
  }

  @Test
  void fill_placeholderNamesWithDotsDashesUnderscores_filled() {
    Map<String, String> v = values("path.id", "1", "query-v", "2", "a_b", "3");
    assertEquals("arn:iam4j:docs::acme:bucket/1/2/3", Target.fill("arn:iam4j:docs::acme:bucket/${path.id}/${query-v}/${a_b}", v::get));
  }

  @Test
  void fill_missingValue_null() {
    assertNull(Target.fill(OBJECT, values("tenant", "acme", "bucket", "reports")::get));
    assertNull(Target.fill(OBJECT, n -> null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"globex:bucket/secret", "globex:", ":", "acme:x", "a:b:c"})
  void fill_colonInAccountValue_null(String tenant) {
    // "globex:bucket/secret" would otherwise move the account segment: account injection.
    assertNull(Target.fill(OBJECT, values("tenant", tenant, "bucket", "b", "key", "k")::get));
  }

  @Test
  void fill_colonInPartitionServiceOrRegion_null() {
    assertNull(Target.fill("arn:${p}:docs::acme:bucket/x", values("p", "iam4j:docs")::get));
    assertNull(Target.fill("arn:iam4j:${s}::acme:bucket/x", values("s", "docs:eu")::get));
    assertNull(Target.fill("arn:iam4j:docs:${region}:acme:bucket/x", values("region", "eu:globex")::get));
  }

  @Test
  void fill_colonInResourcePart_allowed() {
    Map<String, String> v = values("tenant", "acme", "bucket", "reports", "key", "a:b:c");
    assertEquals("arn:iam4j:docs::acme:bucket/reports/a:b:c", Target.fill(OBJECT, v::get));
  }

  @Test
  void fill_wholeResourcePartFromValue_colonsAllowed() {
    assertEquals("arn:iam4j:docs::acme:bucket/x:y",
        Target.fill("arn:iam4j:docs::acme:${resource}", values("resource", "bucket/x:y")::get));
  }

  @Test
  void fill_valueLooksLikePlaceholder_keptLiterally() {
    Map<String, String> v = values("tenant", "acme", "bucket", "${tenant}", "key", "k");
    assertEquals("arn:iam4j:docs::acme:bucket/${tenant}/k", Target.fill(OBJECT, v::get));
  }

  @Test
  void fill_valueWithWildcards_keptLiterally() {
    Map<String, String> v = values("tenant", "acme", "bucket", "*", "key", "?");
    assertEquals("arn:iam4j:docs::acme:bucket/*/?", Target.fill(OBJECT, v::get));
  }

  @Test
  void fill_nonArnTemplate_filled() {
    assertEquals("docs:GetObject", Target.fill("docs:${verb}Object", values("verb", "Get")::get));
  }

  /**
   * The placeholder scan finds exactly what the pattern {@code \$\{([^}]*)}} finds (the form it
   * replaced): unclosed, nested, doubled dollar signs and adjacent placeholders alike.
   */
  @ParameterizedTest
  @ValueSource(strings = {"arn:iam4j:docs::${owner}:bucket/${bucket}/${key}", "plain", "", "${a}", "$${a}", "${a${b}", "${a}${b}",
      "x${", "x${a", "${}", "a}${b}c", "${a}}", "arn:x:${a}:${b}:${c}:d/${e}", "${a} and ${ b }"})
  void fill_sameAsThePattern(String template) {
    java.util.function.Function<String, String> values = name -> name.equals("b") ? "B:1" : name.isEmpty() ? "E" : "v-" + name;
    assertEquals(byPattern(template, values), Target.fill(template, values), template);
  }

  private static String byPattern(String template, java.util.function.Function<String, String> values) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([^}]*)}").matcher(template);
    StringBuilder sb = new StringBuilder();
    int last = 0;
    while (m.find()) {
      String value = values.apply(m.group(1));
      sb.append(template, last, m.start());
      if (template.startsWith("arn:") && sb.chars().filter(c -> c == ':').count() < 5 && value.indexOf(':') >= 0) {
        return null;
      }
      sb.append(value);
      last = m.end();
    }
    return sb.append(template.substring(last)).toString();
  }
}
