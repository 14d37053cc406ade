package io.iam4j.policy;

import java.math.BigDecimal;

/**
 * The values Numeric condition operators compare: "an integer or decimal value" (IAM condition
 * operators page), optionally signed, with at most {@link PolicyLimits#MAX_NUMBER_DIGITS} digits:
 * {@code 10}, {@code -3}, {@code +2.5}, {@code .5}, {@code 5.}. No exponent, no hexadecimal, no
 * {@code NaN} or {@code Infinity}: {@code new BigDecimal("1e999999")} is a valid Java number whose
 * exact arithmetic (an epoch-second conversion, a remainder) takes minutes, so the grammar is
 * checked here, by one scan of the text, before any arithmetic. Stateless.
 */
public final class NumericSyntax {
  private NumericSyntax() {}

  /**
   * The number {@code text} denotes, or null when it is not a numeric value (then a Numeric
   * operator never matches it). Surrounding ASCII blanks are ignored. Costs one scan of the text;
   * the result has at most {@link PolicyLimits#MAX_NUMBER_DIGITS} digits and a scale of at most as
   * many, so comparing it is cheap.
   */
  public static BigDecimal parse(String text) {
    if (text == null) {
      return null;
    }
    int from = start(text);
    int to = end(text, from);
    if (to - from > PolicyLimits.MAX_NUMBER_DIGITS + 2 || problem(text, from, to) != null) {
      return null;
    }
    return new BigDecimal(text.substring(from, to));
  }

  /**
   * Why {@code text} is not a numeric value, for a located problem ({@code "... (found X; expected
   * Y)"}), or null when it is one.
   */
  public static String problem(String text) {
    int from = start(text);
    return problem(text, from, end(text, from));
  }

  /** What a numeric value looks like, for the "expected" part of a problem. */
  public static final String EXPECTED = "an integer or decimal such as 10, -3 or 2.5 (no exponent, no hexadecimal)";

  private static String problem(String text, int from, int to) {
    int i = from;
    if (i < to && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    boolean point = false;
    for (; i < to; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '.' && !point) {
        point = true;
      } else {
        return "Not a number: a Numeric operator compares an integer or decimal value";
      }
    }
    if (digits == 0) {
      return "Not a number: a Numeric operator compares an integer or decimal value";
    }
    if (digits > PolicyLimits.MAX_NUMBER_DIGITS) {
      return "Number length (" + digits + " digits) exceeds the maximum allowed (" + PolicyLimits.MAX_NUMBER_DIGITS
          + ", from PolicyLimits.MAX_NUMBER_DIGITS)";
    }
    return null;
  }

  private static int start(String s) {
    int i = 0;
    while (i < s.length() && blank(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int end(String s, int from) {
    int i = s.length();
    while (i > from && blank(s.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  private static boolean blank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
