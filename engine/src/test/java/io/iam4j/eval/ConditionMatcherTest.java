package io.iam4j.eval;

import static io.iam4j.eval.Fixtures.ctx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.policy.Policy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Condition operators, each through a one-statement identity policy ("Allow s3:GetObject on * if
 * CONDITION") evaluated for an IAM user. Sources: IAM User Guide, "IAM JSON policy elements:
 * Condition operators", "Policy variables", "Single-valued vs. multivalued context keys" and
 * "Conditions with multiple context keys or values".
 */
class ConditionMatcherTest {

  private static Decision evaluate(String version, String condition, RequestContext c) {
    Policy p = Fixtures.identity("""
        {%s"Statement":{"Sid":"Cond","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":%s}}
        """.formatted(version, condition));
    PolicySet set = PolicySet.builder().identity(p).build();
    return Evaluator.evaluate(set, Fixtures.request(Fixtures.alice(), "s3:GetObject", Fixtures.OBJECT, c));
  }

  private static boolean matches(String condition, RequestContext c) {
    Decision d = evaluate("\"Version\":\"2012-10-17\",", condition, c);
    assertNull(d.error(), () -> "evaluation failed: " + d.error());
    return d.allowed();
  }

  private static boolean matches(String condition, String... keysAndValues) {
    return matches(condition, ctx(keysAndValues));
  }

  private static RequestContext set(String key, String... values) {
    return RequestContext.builder().putSet(key, List.of(values)).build();
  }

  // ---- String ------------------------------------------------------------------------------

  /** StringEquals: "Exact matching, case sensitive". */
  @Test
  void stringEquals_exactValue_matches() {
    assertTrue(matches("{\"StringEquals\":{\"aws:PrincipalTag/job-category\":\"iamuser-admin\"}}",
        "aws:PrincipalTag/job-category", "iamuser-admin"));
  }

  @Test
  void stringEquals_isCaseSensitive() {
    assertFalse(matches("{\"StringEquals\":{\"aws:PrincipalTag/job-category\":\"iamuser-admin\"}}",
        "aws:PrincipalTag/job-category", "IAMUser-Admin"));
  }

  /** StringLike: "You must specify wildcards to achieve partial string matches": StringEquals has none. */
  @Test
  void stringEquals_starIsNotAWildcard() {
    assertFalse(matches("{\"StringEquals\":{\"s3:prefix\":\"home/*\"}}", "s3:prefix", "home/alice"));
    assertTrue(matches("{\"StringEquals\":{\"s3:prefix\":\"home/*\"}}", "s3:prefix", "home/*"));
  }

  /** StringNotEquals: "Negated matching". */
  @Test
  void stringNotEquals_differentValue_matches() {
    assertTrue(matches("{\"StringNotEquals\":{\"aws:PrincipalTag/team\":\"red\"}}", "aws:PrincipalTag/team", "blue"));
    assertFalse(matches("{\"StringNotEquals\":{\"aws:PrincipalTag/team\":\"red\"}}", "aws:PrincipalTag/team", "red"));
  }

  /** StringEqualsIgnoreCase: "Exact matching, ignoring case". */
  @Test
  void stringEqualsIgnoreCase_otherCase_matches() {
    assertTrue(matches("{\"StringEqualsIgnoreCase\":{\"aws:PrincipalTag/team\":\"Blue\"}}", "aws:PrincipalTag/team", "bLUE"));
    assertFalse(matches("{\"StringEqualsIgnoreCase\":{\"aws:PrincipalTag/team\":\"Blue\"}}", "aws:PrincipalTag/team", "blues"));
  }

  /** StringNotEqualsIgnoreCase: "Negated matching, ignoring case". */
  @Test
  void stringNotEqualsIgnoreCase_otherCase_doesNotMatch() {
    assertFalse(matches("{\"StringNotEqualsIgnoreCase\":{\"aws:PrincipalTag/team\":\"Blue\"}}", "aws:PrincipalTag/team", "BLUE"));
    assertTrue(matches("{\"StringNotEqualsIgnoreCase\":{\"aws:PrincipalTag/team\":\"Blue\"}}", "aws:PrincipalTag/team", "red"));
  }

  /** StringLike: "multi-character match wildcards (*) and single-character match wildcards (?) anywhere in the string". */
  @Test
  void stringLike_wildcardsAnywhere_match() {
    assertTrue(matches("{\"StringLike\":{\"s3:prefix\":\"home/*\"}}", "s3:prefix", "home/alice/docs"));
    assertTrue(matches("{\"StringLike\":{\"s3:prefix\":\"*/alice/?ocs\"}}", "s3:prefix", "home/alice/docs"));
    assertFalse(matches("{\"StringLike\":{\"s3:prefix\":\"home/?\"}}", "s3:prefix", "home/ab"));
  }

  /** The doc's home-directory example lists "" among the StringLike values: an empty pattern matches only the empty prefix. */
  @Test
  void stringLike_emptyPatternInList_matchesOnlyEmptyValue() {
    String c = "{\"StringLike\":{\"s3:prefix\":[\"\",\"home/\",\"home/${aws:username}/\"]}}";
    assertTrue(matches(c, "aws:username", "alice", "s3:prefix", ""));
    assertTrue(matches(c, "aws:username", "alice", "s3:prefix", "home/"));
    assertTrue(matches(c, "aws:username", "alice", "s3:prefix", "home/alice/"));
    assertFalse(matches(c, "aws:username", "alice", "s3:prefix", "home/bob/"));
  }

  @Test
  void stringLike_isCaseSensitive() {
    assertFalse(matches("{\"StringLike\":{\"ec2:InstanceType\":\"t2.*\"}}", "ec2:InstanceType", "T2.micro"));
  }

  /** StringNotLike: "Negated case-sensitive matching". */
  @Test
  void stringNotLike_matchingValue_isFalse() {
    assertFalse(matches("{\"StringNotLike\":{\"ec2:InstanceType\":\"t2.*\"}}", "ec2:InstanceType", "t2.micro"));
    assertTrue(matches("{\"StringNotLike\":{\"ec2:InstanceType\":\"t2.*\"}}", "ec2:InstanceType", "m5.large"));
  }

  // ---- Numeric -----------------------------------------------------------------------------

  /** The doc's example: NumericLessThanEquals s3:max-keys 10 lists "up to 10 objects". */
  @Test
  void numericLessThanEquals_boundaryIncluded() {
    String c = "{\"NumericLessThanEquals\":{\"s3:max-keys\":\"10\"}}";
    assertTrue(matches(c, "s3:max-keys", "10"));
    assertTrue(matches(c, "s3:max-keys", "9"));
    assertFalse(matches(c, "s3:max-keys", "11"));
  }

  @Test
  void numericLessThan_isStrict() {
    String c = "{\"NumericLessThan\":{\"s3:max-keys\":\"10\"}}";
    assertTrue(matches(c, "s3:max-keys", "9"));
    assertFalse(matches(c, "s3:max-keys", "10"));
  }

  @Test
  void numericGreaterThanAndGreaterThanEquals_compareNumerically() {
    assertTrue(matches("{\"NumericGreaterThan\":{\"s3:max-keys\":\"9\"}}", "s3:max-keys", "10"));
    assertFalse(matches("{\"NumericGreaterThan\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys", "10"));
    assertTrue(matches("{\"NumericGreaterThanEquals\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys", "10"));
    // numeric, not lexicographic: "100" > "9"
    assertTrue(matches("{\"NumericGreaterThan\":{\"s3:max-keys\":\"9\"}}", "s3:max-keys", "100"));
  }

  /** Numeric operators compare "an integer or decimal value". */
  @Test
  void numericEquals_decimalsCompareByValue() {
    assertTrue(matches("{\"NumericEquals\":{\"x:ratio\":\"1.5\"}}", "x:ratio", "1.50"));
    assertTrue(matches("{\"NumericEquals\":{\"x:ratio\":10}}", "x:ratio", "10.0"));
    assertFalse(matches("{\"NumericEquals\":{\"x:ratio\":\"1.5\"}}", "x:ratio", "1.51"));
  }

  @Test
  void numericNotEquals_otherNumber_matches() {
    assertTrue(matches("{\"NumericNotEquals\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys", "11"));
    assertFalse(matches("{\"NumericNotEquals\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys", "10"));
  }

  @Test
  void numericOperators_nonNumericRequestValue_neverMatches() {
    assertFalse(matches("{\"NumericEquals\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys", "ten"));
    assertFalse(matches("{\"NumericLessThan\":{\"s3:max-keys\":\"10\"}}", "s3:max-keys", "abc"));
    assertFalse(matches("{\"NumericGreaterThanEquals\":{\"s3:max-keys\":\"0\"}}", "s3:max-keys", ""));
  }

  /** A policy value outside the numeric syntax never reaches evaluation: the parser refuses it (PolicyParserTest). */
  @Test
  void numericOperators_nonNumericPolicyValue_isRefusedAtParse() {
    assertRefused("{\"NumericEquals\":{\"s3:max-keys\":\"ten\"}}", "/Statement/Condition/NumericEquals/s3:max-keys");
    assertRefused("{\"NumericLessThan\":{\"s3:max-keys\":[\"1\",\"many\"]}}", "/Statement/Condition/NumericLessThan/s3:max-keys/1");
  }

  private static void assertRefused(String condition, String pointer) {
    io.iam4j.policy.PolicyException e = org.junit.jupiter.api.Assertions.assertThrows(io.iam4j.policy.PolicyException.class,
        () -> matches(condition, "s3:max-keys", "10"));
    assertEquals(pointer, e.problems().get(0).pointer());
  }

  /**
   * Request values come from the network: an exponent, hexadecimal or more than
   * PolicyLimits.MAX_NUMBER_DIGITS digits is not a number (matches nothing, and costs one scan).
   */
  @Test
  void numericOperators_requestValueOutOfSyntaxOrRange_neverMatchesAndNegationHolds() {
    for (String v : new String[] {"1e999999", "1E5", "0x10", "NaN", "Infinity", "1".repeat(100_000), "9".repeat(41), "1.2.3", "--1", "+"}) {
      assertFalse(matches("{\"NumericGreaterThan\":{\"s3:max-keys\":\"0\"}}", "s3:max-keys", v), v);
      assertFalse(matches("{\"NumericLessThan\":{\"s3:max-keys\":\"0\"}}", "s3:max-keys", v), v);
      assertTrue(matches("{\"NumericNotEquals\":{\"s3:max-keys\":\"0\"}}", "s3:max-keys", v), v);
    }
  }

  /** IAM compares "an integer or decimal value": signs, a leading or trailing point and 40 digits are numbers. */
  @Test
  void numericOperators_requestValueWithinSyntax_compares() {
    assertTrue(matches("{\"NumericEquals\":{\"s3:max-keys\":\"-3\"}}", "s3:max-keys", "-3.000"));
    assertTrue(matches("{\"NumericEquals\":{\"s3:max-keys\":\"0.5\"}}", "s3:max-keys", ".5"));
    assertTrue(matches("{\"NumericEquals\":{\"s3:max-keys\":\"5\"}}", "s3:max-keys", "+5."));
    assertTrue(matches("{\"NumericGreaterThan\":{\"s3:max-keys\":\"" + "9".repeat(39) + "\"}}", "s3:max-keys", "1" + "0".repeat(39)));
  }

  // ---- Date --------------------------------------------------------------------------------

  /** "You must specify date/time values with one of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX) time." */
  @Test
  void dateGreaterThan_iso8601Utc() {
    String c = "{\"DateGreaterThan\":{\"aws:TokenIssueTime\":\"2020-01-01T00:00:01Z\"}}";
    assertTrue(matches(c, "aws:TokenIssueTime", "2020-06-01T12:00:00Z"));
    assertFalse(matches(c, "aws:TokenIssueTime", "2020-01-01T00:00:01Z"));
    assertFalse(matches(c, "aws:TokenIssueTime", "2019-12-31T23:59:59Z"));
  }

  @Test
  void dateLessThanAndLessThanEquals_boundary() {
    assertTrue(matches("{\"DateLessThan\":{\"aws:CurrentTime\":\"2026-01-01T00:00:00Z\"}}", "aws:CurrentTime", "2025-12-31T23:59:59Z"));
    assertFalse(matches("{\"DateLessThan\":{\"aws:CurrentTime\":\"2026-01-01T00:00:00Z\"}}", "aws:CurrentTime", "2026-01-01T00:00:00Z"));
    assertTrue(matches("{\"DateLessThanEquals\":{\"aws:CurrentTime\":\"2026-01-01T00:00:00Z\"}}", "aws:CurrentTime", "2026-01-01T00:00:00Z"));
    assertTrue(matches("{\"DateGreaterThanEquals\":{\"aws:CurrentTime\":\"2026-01-01T00:00:00Z\"}}", "aws:CurrentTime", "2026-01-01T00:00:00Z"));
  }

  /** W3C date-time with a time zone designator "+hh:mm": the same instant as its UTC form. */
  @Test
  void dateEquals_offsetsDenoteTheSameInstant() {
    assertTrue(matches("{\"DateEquals\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00+02:00\"}}", "aws:CurrentTime", "2019-12-31T22:00:00Z"));
    assertFalse(matches("{\"DateEquals\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00+02:00\"}}", "aws:CurrentTime", "2020-01-01T00:00:00Z"));
    assertTrue(matches("{\"DateLessThan\":{\"aws:CurrentTime\":\"2020-01-01T12:00:00-05:00\"}}", "aws:CurrentTime", "2020-01-01T16:59:59Z"));
  }

  /** W3C "Complete date: YYYY-MM-DD". */
  @Test
  void dateGreaterThanEquals_dateOnlyIsStartOfDay() {
    String c = "{\"DateGreaterThanEquals\":{\"aws:CurrentTime\":\"2020-01-01\"}}";
    assertTrue(matches(c, "aws:CurrentTime", "2020-01-01T00:00:00Z"));
    assertFalse(matches(c, "aws:CurrentTime", "2019-12-31T23:59:59Z"));
  }

  /** W3C profiles "YYYY-MM-DDThh:mmTZD" (no seconds) and "YYYY-MM-DDThh:mm:ss.sTZD" (fractions of a second). */
  @Test
  void dateEquals_w3cProfilesWithoutSecondsAndWithFractions() {
    assertTrue(matches("{\"DateEquals\":{\"aws:CurrentTime\":\"2020-01-01T10:00Z\"}}", "aws:CurrentTime", "2020-01-01T10:00:00Z"));
    assertTrue(matches("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01T10:00:00Z\"}}", "aws:CurrentTime", "2020-01-01T10:00:00.5Z"));
    assertFalse(matches("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01T10:00:00.5Z\"}}", "aws:CurrentTime", "2020-01-01T10:00:00Z"));
  }

  /** W3C profile "Year and month: YYYY-MM" is the start of that month. */
  @Test
  void dateGreaterThanEquals_yearMonthIsStartOfMonth() {
    String c = "{\"DateGreaterThanEquals\":{\"aws:CurrentTime\":\"2020-03\"}}";
    assertTrue(matches(c, "aws:CurrentTime", "2020-03-01T00:00:00Z"));
    assertFalse(matches(c, "aws:CurrentTime", "2020-02-29T23:59:59Z"));
  }

  /** Epoch (UNIX) time in the policy compared with an ISO 8601 request value: 1700000000 is 2023-11-14T22:13:20Z. */
  @Test
  void dateEquals_epochSecondsInPolicy_matchesIsoInRequest() {
    assertTrue(matches("{\"DateEquals\":{\"aws:CurrentTime\":\"1700000000\"}}", "aws:CurrentTime", "2023-11-14T22:13:20Z"));
    assertTrue(matches("{\"DateLessThan\":{\"aws:CurrentTime\":1700000000}}", "aws:CurrentTime", "2023-11-14T22:13:19Z"));
  }

  @Test
  void dateEquals_isoInPolicy_matchesEpochInRequest() {
    assertTrue(matches("{\"DateEquals\":{\"aws:EpochTime\":\"2023-11-14T22:13:20Z\"}}", "aws:EpochTime", "1700000000"));
  }

  @Test
  void dateNotEquals_otherInstant_matches() {
    assertTrue(matches("{\"DateNotEquals\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"}}", "aws:CurrentTime", "2020-01-02T00:00:00Z"));
    assertFalse(matches("{\"DateNotEquals\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"}}", "aws:CurrentTime", "2020-01-01T00:00:00Z"));
  }

  @Test
  void dateOperators_nonDateRequestValue_neverMatches() {
    assertFalse(matches("{\"DateLessThan\":{\"aws:CurrentTime\":\"2030-01-01T00:00:00Z\"}}", "aws:CurrentTime", "yesterday"));
  }

  // ---- Bool --------------------------------------------------------------------------------

  /** Boolean conditions compare "a key to "true" or "false"" (the doc's aws:SecureTransport example). */
  @Test
  void bool_trueAndFalse() {
    assertTrue(matches("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}", "aws:SecureTransport", "false"));
    assertFalse(matches("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}", "aws:SecureTransport", "true"));
    assertTrue(matches("{\"Bool\":{\"aws:MultiFactorAuthPresent\":true}}", "aws:MultiFactorAuthPresent", "true"));
  }

  /** Not stated by AWS; the project treats true/false case-insensitively as iam-simulate does (semantics.md section 7). */
  @Test
  void bool_ignoresCaseOfTrueAndFalse() {
    assertTrue(matches("{\"Bool\":{\"aws:SecureTransport\":\"True\"}}", "aws:SecureTransport", "TRUE"));
  }

  @Test
  void bool_nonBooleanValue_neverMatches() {
    assertFalse(matches("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}", "aws:SecureTransport", "yes"));
    assertFalse(matches("{\"Bool\":{\"aws:SecureTransport\":\"1\"}}", "aws:SecureTransport", "true"));
  }

  // ---- Binary ------------------------------------------------------------------------------

  /** BinaryEquals "compares the value of the specified key byte for byte against a base-64 encoded representation". */
  @Test
  void binaryEquals_sameBytes_matches() {
    String c = "{\"BinaryEquals\":{\"x:blob\":\"QmluYXJ5VmFsdWVJbkJhc2U2NA==\"}}";
    assertTrue(matches(c, "x:blob", "QmluYXJ5VmFsdWVJbkJhc2U2NA=="));
    assertFalse(matches(c, "x:blob", "T3RoZXJWYWx1ZQ=="));
  }

  // ---- IP address --------------------------------------------------------------------------

  /** "The value must be in the standard CIDR format (for example, 203.0.113.0/24 ...)". */
  @Test
  void ipAddress_ipv4Cidr() {
    String c = "{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}";
    assertTrue(matches(c, "aws:SourceIp", "203.0.113.0"));
    assertTrue(matches(c, "aws:SourceIp", "203.0.113.255"));
    assertFalse(matches(c, "aws:SourceIp", "203.0.114.1"));
  }

  /** "If you specify an IP address without the associated routing prefix, IAM uses the default prefix value of /32." */
  @Test
  void ipAddress_bareAddressIsSlash32() {
    String c = "{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.7\"}}";
    assertTrue(matches(c, "aws:SourceIp", "203.0.113.7"));
    assertFalse(matches(c, "aws:SourceIp", "203.0.113.8"));
  }

  /** "... or 2001:DB8:1234:5678::/64". */
  @Test
  void ipAddress_ipv6Cidr() {
    String c = "{\"IpAddress\":{\"aws:SourceIp\":\"2001:DB8:1234:5678::/64\"}}";
    assertTrue(matches(c, "aws:SourceIp", "2001:db8:1234:5678::1"));
    assertTrue(matches(c, "aws:SourceIp", "2001:db8:1234:5678:ffff:ffff:ffff:ffff"));
    assertFalse(matches(c, "aws:SourceIp", "2001:db8:1234:5679::1"));
  }

  @Test
  void ipAddress_ipv4RangeNeverContainsIpv6Address() {
    assertFalse(matches("{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}", "aws:SourceIp", "2001:db8::1"));
    assertFalse(matches("{\"IpAddress\":{\"aws:SourceIp\":\"::/0\"}}", "aws:SourceIp", "203.0.113.7"));
  }

  /** The doc's example mixing IPv4 and IPv6 ranges "to cover all of your organization's valid IP addresses". */
  @Test
  void ipAddress_mixedIpv4AndIpv6List_matchesEitherFamily() {
    String c = "{\"IpAddress\":{\"aws:SourceIp\":[\"203.0.113.0/24\",\"2001:DB8:1234:5678::/64\"]}}";
    assertTrue(matches(c, "aws:SourceIp", "203.0.113.9"));
    assertTrue(matches(c, "aws:SourceIp", "2001:db8:1234:5678::42"));
    assertFalse(matches(c, "aws:SourceIp", "198.51.100.1"));
  }

  /** NotIpAddress: "All IP addresses except the specified IP address or range". */
  @Test
  void notIpAddress_outsideRange_matches() {
    String c = "{\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}";
    assertTrue(matches(c, "aws:SourceIp", "198.51.100.1"));
    assertFalse(matches(c, "aws:SourceIp", "203.0.113.1"));
  }

  // ---- ARN ---------------------------------------------------------------------------------

  /**
   * The doc's own example: pattern arn:aws:someservice:*:111122223333:finance/* against a value with
   * extra colons. "With an ArnLike condition, which matches elements between colons, the match fails."
   */
  @Test
  void arnLike_starDoesNotCrossColonBetweenSegments() {
    assertFalse(matches("{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:someservice:*:111122223333:finance/*\"}}",
        "aws:SourceArn", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"));
  }

  /** Same example: "With a StringLike condition, the match succeeds." */
  @Test
  void stringLike_onArn_starCrossesColons() {
    assertTrue(matches("{\"StringLike\":{\"aws:SourceArn\":\"arn:aws:someservice:*:111122223333:finance/*\"}}",
        "aws:SourceArn", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"));
  }

  @Test
  void arnLike_wildcardWithinEachSegment_matches() {
    String c = "{\"ArnLike\":{\"aws:SourceArn\":\"arn:aws:sns:*:111122223333:topic-?\"}}";
    assertTrue(matches(c, "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic-a"));
    assertFalse(matches(c, "aws:SourceArn", "arn:aws:sns:us-east-1:999999999999:topic-a"));
  }

  /** "The ArnEquals and ArnLike condition operators behave identically." */
  @Test
  void arnEquals_behavesLikeArnLike() {
    String c = "{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:*:111122223333:*\"}}";
    assertTrue(matches(c, "aws:SourceArn", "arn:aws:sns:eu-west-1:111122223333:alerts"));
    assertFalse(matches("{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:*:111122223333:*\"}}",
        "aws:SourceArn", "arn:aws:sns:eu-west-1:999999999999:alerts"));
  }

  /** ArnEquals/ArnLike: "Case-sensitive matching of the ARN". */
  @Test
  void arnEquals_isCaseSensitive() {
    assertTrue(matches("{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:111122223333:Topic\"}}",
        "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:Topic"));
    assertFalse(matches("{\"ArnEquals\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:111122223333:Topic\"}}",
        "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"));
  }

  /** ArnNotEquals, ArnNotLike: "Negated matching for ARN." */
  @Test
  void arnNotLike_negatesSegmentMatch() {
    String c = "{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:role/admin-*\"}}";
    assertFalse(matches(c, "aws:PrincipalArn", "arn:aws:iam::111122223333:role/admin-ops"));
    assertTrue(matches(c, "aws:PrincipalArn", "arn:aws:iam::111122223333:role/dev"));
  }

  // ---- Null, missing keys, IfExists ----------------------------------------------------------

  /** Null: "use either true (the key doesn't exist — it is null) or false (the key exists and its value is not null)". */
  @Test
  void null_true_matchesOnlyAbsentKey() {
    assertTrue(matches("{\"Null\":{\"aws:TokenIssueTime\":\"true\"}}", RequestContext.empty()));
    assertFalse(matches("{\"Null\":{\"aws:TokenIssueTime\":\"true\"}}", "aws:TokenIssueTime", "2020-01-01T00:00:00Z"));
  }

  @Test
  void null_false_matchesOnlyPresentKey() {
    assertTrue(matches("{\"Null\":{\"aws:TokenIssueTime\":\"false\"}}", "aws:TokenIssueTime", "2020-01-01T00:00:00Z"));
    assertFalse(matches("{\"Null\":{\"aws:TokenIssueTime\":\"false\"}}", RequestContext.empty()));
  }

  /** "If the key that you specify in a policy condition is not present in the request context, the values do not match and the condition is false." */
  @Test
  void positiveOperators_missingKey_areFalse() {
    RequestContext none = RequestContext.empty();
    assertFalse(matches("{\"StringEquals\":{\"aws:PrincipalTag/team\":\"blue\"}}", none));
    assertFalse(matches("{\"StringLike\":{\"aws:PrincipalTag/team\":\"*\"}}", none));
    assertFalse(matches("{\"NumericLessThan\":{\"s3:max-keys\":\"10\"}}", none));
    assertFalse(matches("{\"DateGreaterThan\":{\"aws:TokenIssueTime\":\"2020-01-01T00:00:00Z\"}}", none));
    assertFalse(matches("{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}", none));
    assertFalse(matches("{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}", none));
    assertFalse(matches("{\"ArnLike\":{\"aws:SourceArn\":\"*\"}}", none));
    assertFalse(matches("{\"BinaryEquals\":{\"x:blob\":\"QQ==\"}}", none));
  }

  /** "If the policy condition requires that the key is not matched, such as StringNotLike or ArnNotLike, and the right key is not present, the condition is true." */
  @Test
  void negatedOperators_missingKey_areTrue() {
    RequestContext none = RequestContext.empty();
    assertTrue(matches("{\"StringNotLike\":{\"aws:PrincipalTag/team\":\"blue\"}}", none));
    assertTrue(matches("{\"ArnNotLike\":{\"aws:SourceArn\":\"arn:aws:sns:*:*:*\"}}", none));
    assertTrue(matches("{\"StringNotEquals\":{\"aws:PrincipalTag/team\":\"blue\"}}", none));
    assertTrue(matches("{\"StringNotEqualsIgnoreCase\":{\"aws:PrincipalTag/team\":\"blue\"}}", none));
    assertTrue(matches("{\"NumericNotEquals\":{\"s3:max-keys\":\"10\"}}", none));
    assertTrue(matches("{\"DateNotEquals\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"}}", none));
    assertTrue(matches("{\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", none));
    assertTrue(matches("{\"ArnNotEquals\":{\"aws:SourceArn\":\"arn:aws:sns:us-east-1:111122223333:t\"}}", none));
  }

  /** IfExists: "If the key is not present, evaluate the condition element as true." */
  @Test
  void ifExists_missingKey_isTrue() {
    assertTrue(matches("{\"StringLikeIfExists\":{\"ec2:InstanceType\":[\"t1.*\",\"t2.*\",\"m3.*\"]}}", RequestContext.empty()));
    assertTrue(matches("{\"NumericLessThanIfExists\":{\"s3:max-keys\":\"10\"}}", RequestContext.empty()));
  }

  /** IfExists: "If the policy key is present in the context of the request, process the key as specified in the policy." */
  @Test
  void ifExists_presentKey_isEvaluatedNormally() {
    String c = "{\"StringLikeIfExists\":{\"ec2:InstanceType\":[\"t1.*\",\"t2.*\",\"m3.*\"]}}";
    assertTrue(matches(c, "ec2:InstanceType", "t2.micro"));
    assertFalse(matches(c, "ec2:InstanceType", "m5.large"));
  }

  /** "If you are using an "Effect": "Deny" element with a negated condition operator like StringNotEqualsIfExists, the request is still denied even if the tag is missing." */
  @Test
  void ifExists_denyWithNegatedOperator_missingKey_stillDenies() {
    Policy p = Fixtures.identity(Fixtures.doc(Fixtures.allow("s3:*", "*") + ","
        + "{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\","
        + "\"Condition\":{\"StringNotEqualsIfExists\":{\"aws:PrincipalTag/team\":\"blue\"}}}"));
    Decision d = Evaluator.evaluate(PolicySet.builder().identity(p).build(),
        Fixtures.request(Fixtures.alice(), "s3:GetObject", Fixtures.OBJECT));
    assertEquals(Outcome.EXPLICIT_DENY, d.outcome());
  }

  // ---- Several values, keys and operators ----------------------------------------------------

  /** "If a single condition operator includes multiple values for a context key, those values are evaluated using a logical OR." */
  @Test
  void severalValues_areOred() {
    String c = "{\"StringEquals\":{\"aws:PrincipalTag/team\":[\"red\",\"blue\"]}}";
    assertTrue(matches(c, "aws:PrincipalTag/team", "blue"));
    assertTrue(matches(c, "aws:PrincipalTag/team", "red"));
    assertFalse(matches(c, "aws:PrincipalTag/team", "green"));
  }

  /** "If a single negated matching condition operator includes multiple values for a context key, those values are evaluated using a logical NOR." */
  @Test
  void negatedOperatorSeveralValues_areNored() {
    String c = "{\"StringNotEquals\":{\"aws:PrincipalTag/team\":[\"red\",\"blue\"]}}";
    assertFalse(matches(c, "aws:PrincipalTag/team", "blue"));
    assertFalse(matches(c, "aws:PrincipalTag/team", "red"));
    assertTrue(matches(c, "aws:PrincipalTag/team", "green"));
  }

  /** "If your policy has multiple condition operators or multiple context keys attached to a single condition operator, the conditions are evaluated using a logical AND." */
  @Test
  void severalKeysUnderOneOperator_areAnded() {
    String c = "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"blue\",\"aws:PrincipalTag/project\":\"x\"}}";
    assertTrue(matches(c, "aws:PrincipalTag/team", "blue", "aws:PrincipalTag/project", "x"));
    assertFalse(matches(c, "aws:PrincipalTag/team", "blue", "aws:PrincipalTag/project", "y"));
    assertFalse(matches(c, "aws:PrincipalTag/team", "blue"));
  }

  @Test
  void severalOperators_areAnded() {
    String c = "{\"StringEquals\":{\"aws:PrincipalTag/team\":\"blue\"},\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}";
    assertTrue(matches(c, "aws:PrincipalTag/team", "blue", "aws:SourceIp", "203.0.113.7"));
    assertFalse(matches(c, "aws:PrincipalTag/team", "blue", "aws:SourceIp", "198.51.100.7"));
    assertFalse(matches(c, "aws:PrincipalTag/team", "red", "aws:SourceIp", "203.0.113.7"));
  }

  /** "Key names are case-insensitive"; "The condition tag key Owner matches both Owner and owner". Values stay case-sensitive. */
  @Test
  void conditionKeyNames_areCaseInsensitive() {
    assertTrue(matches("{\"StringEquals\":{\"AWS:PrincipalTag/Owner\":\"alice\"}}", "aws:principaltag/owner", "alice"));
    assertTrue(matches("{\"IpAddress\":{\"aws:sourceip\":\"203.0.113.0/24\"}}", "AWS:SourceIp", "203.0.113.7"));
    assertFalse(matches("{\"StringEquals\":{\"AWS:PrincipalTag/Owner\":\"alice\"}}", "aws:principaltag/owner", "Alice"));
  }

  // ---- Set operators -----------------------------------------------------------------------

  /** ForAllValues: true when every value in the request matches at least one policy value. */
  @Test
  void forAllValues_everyRequestValueMustMatch() {
    String c = "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\",\"cost-center\"]}}";
    assertTrue(matches(c, set("aws:TagKeys", "team")));
    assertTrue(matches(c, set("aws:TagKeys", "team", "cost-center")));
    assertFalse(matches(c, set("aws:TagKeys", "team", "owner")));
  }

  /** ForAllValues "also returns true if there are no context keys in the request". */
  @Test
  void forAllValues_missingKey_isTrue() {
    assertTrue(matches("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}", RequestContext.empty()));
  }

  /** ForAllValues: "or if the context key value resolves to a null dataset, such as an empty string". */
  @Test
  void forAllValues_emptySet_isTrue() {
    assertTrue(matches("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}", set("aws:TagKeys")));
  }

  /** ForAnyValue: true when at least one request value matches one policy value. */
  @Test
  void forAnyValue_oneRequestValueSuffices() {
    String c = "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}";
    assertTrue(matches(c, set("aws:TagKeys", "owner", "team")));
    assertFalse(matches(c, set("aws:TagKeys", "owner", "project")));
  }

  /** ForAnyValue: "For no matching context key or if the key does not exist, the condition returns false." */
  @Test
  void forAnyValue_missingKeyOrEmptySet_isFalse() {
    String c = "{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"team\"]}}";
    assertFalse(matches(c, RequestContext.empty()));
    assertFalse(matches(c, set("aws:TagKeys")));
  }

  @Test
  void forAnyValue_stringLike_usesWildcards() {
    assertTrue(matches("{\"ForAnyValue:StringLike\":{\"aws:TagKeys\":[\"cost-*\"]}}", set("aws:TagKeys", "owner", "cost-center")));
  }

  // ---- Policy variables in condition values -------------------------------------------------

  /** "You can use a policy variable for Condition values in any condition that involves the string operators". */
  @Test
  void stringEquals_withVariable_comparesSubstitutedValue() {
    String c = "{\"StringEquals\":{\"aws:PrincipalTag/owner\":\"${aws:username}\"}}";
    assertTrue(matches(c, "aws:username", "alice", "aws:PrincipalTag/owner", "alice"));
    assertFalse(matches(c, "aws:username", "alice", "aws:PrincipalTag/owner", "bob"));
  }

  /** The doc's home-directory example: StringLike s3:prefix "home/${aws:username}/". */
  @Test
  void stringLike_withVariableAndWildcard() {
    String c = "{\"StringLike\":{\"s3:prefix\":\"home/${aws:username}/*\"}}";
    assertTrue(matches(c, "aws:username", "alice", "s3:prefix", "home/alice/docs"));
    assertFalse(matches(c, "aws:username", "alice", "s3:prefix", "home/bob/docs"));
  }

  /** "... or the ARN operators. ... ARN operators include ArnEquals and ArnLike." */
  @Test
  void arnLike_withVariable_comparesSubstitutedValue() {
    String c = "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/${aws:username}\"}}";
    assertTrue(matches(c, "aws:username", "alice", "aws:PrincipalArn", "arn:aws:iam::111122223333:user/alice"));
    assertFalse(matches(c, "aws:username", "alice", "aws:PrincipalArn", "arn:aws:iam::111122223333:user/bob"));
  }

  /** Condition operators page, Boolean: "You can use a policy variable with the Boolean condition operator." */
  @Test
  void bool_withVariable_comparesSubstitutedValue() {
    String c = "{\"Bool\":{\"aws:SecureTransport\":\"${aws:MultiFactorAuthPresent}\"}}";
    assertTrue(matches(c, "aws:MultiFactorAuthPresent", "true", "aws:SecureTransport", "true"));
    assertFalse(matches(c, "aws:MultiFactorAuthPresent", "false", "aws:SecureTransport", "true"));
  }

  /**
   * "You can not use a policy variable with the Numeric condition operator": ${...} stays literal text,
   * which is not a number, so the policy is refused rather than never matching.
   */
  @Test
  void numericEquals_withVariable_isRefusedAsNotANumber() {
    assertRefused("{\"NumericEquals\":{\"s3:max-keys\":\"${s3:max-keys}\"}}", "/Statement/Condition/NumericEquals/s3:max-keys");
  }

  /** "You can not use a policy variable with the Date condition operator." */
  @Test
  void dateEquals_withVariable_isLiteralAndNeverMatches() {
    assertFalse(matches("{\"DateEquals\":{\"aws:CurrentTime\":\"${aws:CurrentTime}\"}}", "aws:CurrentTime", "2020-01-01T00:00:00Z"));
  }

  /** "You can not use a policy variable with the IpAddress condition operator." */
  @Test
  void ipAddress_withVariable_isLiteralAndNeverMatches() {
    assertFalse(matches("{\"IpAddress\":{\"aws:SourceIp\":\"${aws:SourceIp}\"}}", "aws:SourceIp", "203.0.113.7"));
  }

  /** Policy variables with no value: "StringEquals or StringLike do not match". */
  @Test
  void stringEquals_withUnresolvedVariable_doesNotMatch() {
    assertFalse(matches("{\"StringEquals\":{\"aws:PrincipalTag/owner\":\"${aws:username}\"}}", "aws:PrincipalTag/owner", "alice"));
  }

  /** Policy variables with no value: "Inverted condition operators like StringNotEquals or StringNotLike do match against a null value". */
  @Test
  void stringNotEquals_withUnresolvedVariable_matches() {
    assertTrue(matches("{\"StringNotEquals\":{\"aws:PrincipalTag/owner\":\"${aws:username}\"}}", "aws:PrincipalTag/owner", "alice"));
    assertTrue(matches("{\"StringNotLike\":{\"aws:PrincipalTag/owner\":\"${aws:username}*\"}}", "aws:PrincipalTag/owner", "alice"));
  }

  @Test
  void stringEquals_withDefaultForMissingVariable_comparesDefault() {
    String c = "{\"StringEquals\":{\"aws:PrincipalTag/owner\":\"${aws:username, 'nobody'}\"}}";
    assertTrue(matches(c, "aws:PrincipalTag/owner", "nobody"));
    assertFalse(matches(c, "aws:PrincipalTag/owner", "alice"));
  }

  /** "If you don't include the Version element ... variables like ${aws:username} are treated as literal strings". */
  @Test
  void stringEquals_withoutVersion_variableIsLiteral() {
    String c = "{\"StringEquals\":{\"aws:PrincipalTag/owner\":\"${aws:username}\"}}";
    assertFalse(evaluate("", c, ctx("aws:username", "alice", "aws:PrincipalTag/owner", "alice")).allowed());
    assertTrue(evaluate("", c, ctx("aws:username", "alice", "aws:PrincipalTag/owner", "${aws:username}")).allowed());
  }

  // ---- Explanations ------------------------------------------------------------------------

  @Test
  void missingConditionKey_isReportedInDecision() {
    Decision d = evaluate("\"Version\":\"2012-10-17\",", "{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", RequestContext.empty());
    assertEquals(Outcome.IMPLICIT_DENY, d.outcome());
    assertTrue(d.missingContextKeys().stream().anyMatch("aws:SourceIp"::equalsIgnoreCase), d.missingContextKeys()::toString);
  }
}
