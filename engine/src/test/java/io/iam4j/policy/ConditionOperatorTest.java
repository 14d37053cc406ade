package io.iam4j.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.policy.ConditionOperator.Base;
import io.iam4j.policy.ConditionOperator.Family;
import io.iam4j.policy.ConditionOperator.SetQualifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ConditionOperator#parse(String)} against the operator tables of "IAM JSON policy elements:
 * Condition operators" (IAM User Guide) and the Access Analyzer "Null with if exists" check.
 */
class ConditionOperatorTest {

  /** Every base operator the condition operators page lists, in its order. */
  static final List<String> DOCUMENTED = List.of(
      "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
      "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
      "NumericGreaterThanEquals",
      "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
      "Bool",
      "BinaryEquals",
      "IpAddress", "NotIpAddress",
      "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
      "Null");

  static List<String> documented() {
    return DOCUMENTED;
  }

  static List<String> documentedExceptNull() {
    return DOCUMENTED.stream().filter(n -> !n.equals("Null")).toList();
  }

  @ParameterizedTest
  @MethodSource("documented")
  void parse_documentedBaseOperator_keepsItsName(String name) {
    ConditionOperator op = ConditionOperator.parse(name);
    assertNotNull(op, name);
    assertEquals(SetQualifier.NONE, op.qualifier());
    assertFalse(op.ifExists());
    assertEquals(name, op.base().json());
    assertEquals(name, op.json());
  }

  // "You can add IfExists to the end of any condition operator name except the Null condition".
  @ParameterizedTest
  @MethodSource("documentedExceptNull")
  void parse_ifExistsSuffix_isAcceptedOnEveryOperatorButNull(String name) {
    ConditionOperator op = ConditionOperator.parse(name + "IfExists");
    assertNotNull(op, name + "IfExists");
    assertTrue(op.ifExists());
    assertEquals(name, op.base().json());
    assertEquals(name + "IfExists", op.json());
  }

  // String operators: "StringLike can be qualified with set operators—ForAllValues:StringLike and ForAnyValue:StringLike".
  @Test
  void parse_forAllValuesQualifier_isRecognised() {
    ConditionOperator op = ConditionOperator.parse("ForAllValues:StringLike");
    assertEquals(new ConditionOperator(SetQualifier.FOR_ALL_VALUES, Base.STRING_LIKE, false), op);
  }

  @Test
  void parse_forAnyValueQualifier_isRecognised() {
    ConditionOperator op = ConditionOperator.parse("ForAnyValue:StringLike");
    assertEquals(new ConditionOperator(SetQualifier.FOR_ANY_VALUE, Base.STRING_LIKE, false), op);
  }

  @Test
  void parse_qualifierAndIfExists_combine() {
    ConditionOperator op = ConditionOperator.parse("ForAnyValue:StringEqualsIgnoreCaseIfExists");
    assertEquals(new ConditionOperator(SetQualifier.FOR_ANY_VALUE, Base.STRING_EQUALS_IGNORE_CASE, true), op);
    assertEquals("ForAnyValue:StringEqualsIgnoreCaseIfExists", op.json());
  }

  // Access Analyzer "Null with if exists: The Null condition operator cannot be used with the IfExists suffix."
  @ParameterizedTest
  @ValueSource(strings = {"NullIfExists", "ForAnyValue:NullIfExists", "nullifexists"})
  void parse_nullWithIfExists_isRefused(String name) {
    assertNull(ConditionOperator.parse(name));
    assertTrue(ConditionOperator.isNullIfExists(name), name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Null", "StringEqualsIfExists", "IfExists", "NotNullIfExists"})
  void isNullIfExists_otherNames_isFalse(String name) {
    assertFalse(ConditionOperator.isNullIfExists(name), name);
  }

  @Test
  void constructor_nullWithIfExists_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ConditionOperator(SetQualifier.NONE, Base.NULL, true));
  }

  // Access Analyzer "Invalid condition operator: The condition operator is not valid. Use a valid condition operator."
  @ParameterizedTest
  @ValueSource(strings = {"StringEqualz", "", "IfExists", "ForAllValues:", "ForSomeValues:StringEquals", "StringEqualsIfExistsIfExists",
      "String Equals", "ForAllValues:ForAnyValue:StringLike", "StringLikeIgnoreCase", "BoolEquals", "DateLike"})
  void parse_unknownName_returnsNull(String name) {
    assertNull(ConditionOperator.parse(name), name);
  }

  // Documented decision (ConditionOperator.parse javadoc): case is ignored, json() gives AWS's spelling.
  @ParameterizedTest
  @CsvSource({
      "stringequals, StringEquals",
      "STRINGLIKE, StringLike",
      "boolifexists, BoolIfExists",
      "forallvalues:stringlike, ForAllValues:StringLike",
      "FORANYVALUE:ARNLIKEIFEXISTS, ForAnyValue:ArnLikeIfExists",
      "ipaddress, IpAddress"})
  void parse_ignoresCase_andJsonGivesCanonicalSpelling(String written, String canonical) {
    ConditionOperator op = ConditionOperator.parse(written);
    assertNotNull(op, written);
    assertEquals(canonical, op.json());
  }

  // "If the policy condition requires that the key is not matched, such as StringNotLike or ArnNotLike, and the right key is
  // not present, the condition is true."
  @Test
  void negated_isTrueExactlyForTheNegatedOperators() {
    Set<String> negated = Arrays.stream(Base.values()).filter(Base::negated).map(Base::json).collect(Collectors.toSet());
    assertEquals(Set.of("StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals", "DateNotEquals",
        "NotIpAddress", "ArnNotEquals", "ArnNotLike"), negated);
  }

  @Test
  void family_groupsOperatorsAsTheDocumentationDoes() {
    assertEquals(Family.STRING, ConditionOperator.parse("StringNotLike").base().family());
    assertEquals(Family.NUMERIC, ConditionOperator.parse("NumericGreaterThanEquals").base().family());
    assertEquals(Family.DATE, ConditionOperator.parse("DateLessThan").base().family());
    assertEquals(Family.BOOL, ConditionOperator.parse("Bool").base().family());
    assertEquals(Family.BINARY, ConditionOperator.parse("BinaryEquals").base().family());
    assertEquals(Family.IP_ADDRESS, ConditionOperator.parse("NotIpAddress").base().family());
    assertEquals(Family.ARN, ConditionOperator.parse("ArnLike").base().family());
    assertEquals(Family.NULL, ConditionOperator.parse("Null").base().family());
  }

  @Test
  void base_listsExactlyTheDocumentedOperators() {
    assertEquals(DOCUMENTED, Arrays.stream(Base.values()).map(Base::json).toList());
  }

  @Test
  void baseOf_isExactSpellingOnly() {
    assertEquals(Base.STRING_EQUALS, Base.of("StringEquals"));
    assertNull(Base.of("stringequals"));
  }
}
