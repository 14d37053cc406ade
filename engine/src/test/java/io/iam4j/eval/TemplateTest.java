package io.iam4j.eval;

import static io.iam4j.eval.Fixtures.ctx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Policy variables, from "IAM policy elements: Variables and tags". */
class TemplateTest {

  private static String resolve(String raw, RequestContext c) {
    return Template.compile(raw, true, false).resolve(c, null);
  }

  /** "IAM replaces the variable ${aws:username} with the friendly name of the actual current user". */
  @Test
  void resolve_username_substitutesRequestValue() {
    assertEquals("home/alice/", resolve("home/${aws:username}/", ctx("aws:username", "alice")));
  }

  /** "To replace part of an ARN with a tag value, surround the prefix and key name with ${}". */
  @Test
  void resolve_tagVariable_substitutesTagValue() {
    assertEquals("bucket/finance", resolve("bucket/${aws:PrincipalTag/department}",
        ctx("aws:PrincipalTag/department", "finance")));
  }

  @Test
  void resolve_severalVariables_substitutesEach() {
    assertEquals("alice-blue", resolve("${aws:username}-${aws:PrincipalTag/team}",
        ctx("aws:username", "alice", "aws:PrincipalTag/team", "blue")));
  }

  /**
   * Specifying default values: "surround the default value with single quotes (' '), and separate
   * the variable text and the default value with a comma and space (, )".
   */
  @Test
  void resolve_defaultValue_usedWhenKeyMissing() {
    assertEquals("bucket/none", resolve("bucket/${aws:username, 'none'}", RequestContext.empty()));
  }

  @Test
  void resolve_defaultValue_ignoredWhenKeyPresent() {
    assertEquals("bucket/alice", resolve("bucket/${aws:username, 'none'}", ctx("aws:username", "alice")));
  }

  /** Not in the AWS guide; the '' escape for a quote inside a default is the convention the project follows. */
  @Test
  void resolve_defaultValueWithDoubledQuote_yieldsOneQuote() {
    assertEquals("it's", resolve("${aws:username, 'it''s'}", RequestContext.empty()));
  }

  /** "${*} - use where you need an * (asterisk) character." It must not act as a wildcard. */
  @Test
  void resolve_starVariable_isLiteralStar() {
    Template t = Template.compile("a${*}b", true, true);
    String p = t.resolve(RequestContext.empty(), null);
    assertTrue(Glob.matches(p, "a*b", false));
    assertFalse(Glob.matches(p, "axb", false));
  }

  /** "${?} - use where you need a ? (question mark) character." */
  @Test
  void resolve_questionVariable_isLiteralQuestionMark() {
    Template t = Template.compile("what${?}", true, true);
    String p = t.resolve(RequestContext.empty(), null);
    assertTrue(Glob.matches(p, "what?", false));
    assertFalse(Glob.matches(p, "whatx", false));
  }

  /** "${$} - use where you need a $ (dollar sign) character." */
  @Test
  void resolve_dollarVariable_isDollarSign() {
    assertEquals("cost$", resolve("cost${$}", RequestContext.empty()));
  }

  @Test
  void resolve_specialVariablesInPlainStringTemplate_areLiteralCharacters() {
    assertEquals("a*b?c$", resolve("a${*}b${?}c${$}", RequestContext.empty()));
  }

  /** "Key names are case-insensitive. For example, aws:CurrentTime is equivalent to AWS:currenttime." */
  @Test
  void resolve_variableNameIsCaseInsensitive() {
    assertEquals("alice", resolve("${AWS:UserName}", ctx("aws:username", "alice")));
    assertEquals("alice", resolve("${aws:username}", ctx("AWS:USERNAME", "alice")));
  }

  /** Policy variables with no value: "the value is effectively null. There is no equal or like value". */
  @Test
  void resolve_missingKeyWithoutDefault_isNull() {
    assertNull(resolve("home/${aws:username}/", ctx("aws:userid", "AIDAEXAMPLE")));
  }

  @Test
  void resolve_missingKey_isReportedAsMissing() {
    AuthorizationRequest r = Fixtures.request(Fixtures.alice(), "s3:GetObject", "*");
    EvalState st = new EvalState(r, false);
    assertNull(Template.compile("${aws:username}", true, false).resolve(r.context(), st));
    assertTrue(st.missingKeys().contains("aws:username"));
  }

  /** "You can use any single-valued condition key as a variable. You can't use a multivalued condition key as a variable." */
  @Test
  void resolve_multiValuedKey_hasNoValue() {
    RequestContext c = RequestContext.builder().putSet("aws:TagKeys", List.of("team")).build();
    assertNull(resolve("${aws:TagKeys}", c));
  }

  /** "If you don't include the Version element ... variables like ${aws:username} are treated as literal strings". */
  @Test
  void compile_variablesDisabled_keepsVariableAsLiteralText() {
    Template t = Template.compile("home/${aws:username}/", false, false);
    assertTrue(t.isConstant());
    assertEquals("home/${aws:username}/", t.resolve(ctx("aws:username", "alice"), null));
  }

  @Test
  void compile_unclosedVariable_isLiteralText() {
    assertEquals("home/${aws:username", resolve("home/${aws:username", ctx("aws:username", "alice")));
  }

  @Test
  void compile_emptyVariable_isLiteralText() {
    assertEquals("a${}b", resolve("a${}b", RequestContext.empty()));
  }

  @Test
  void compile_withWildcards_keepsWildcardsAroundVariable() {
    String p = Template.compile("home/${aws:username}/*", true, true).resolve(ctx("aws:username", "alice"), null);
    assertNotNull(p);
    assertTrue(Glob.matches(p, "home/alice/notes.txt", false));
    assertFalse(Glob.matches(p, "home/bob/notes.txt", false));
  }
}
