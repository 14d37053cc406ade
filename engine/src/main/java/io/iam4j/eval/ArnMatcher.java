package io.iam4j.eval;

import io.iam4j.policy.ArnSplitter;
import java.util.List;

/**
 * A compiled ARN pattern, matched segment by segment: partition, service, region, account and
 * resource each separately, case-sensitively, with {@code *} and {@code ?} never crossing a
 * segment's colon. The resource segment keeps its own colons. Immutable.
 */
final class ArnMatcher {
  private final boolean any;
  private final Template[] segments; // 5 templates after "arn", or null when not an ARN pattern
  private final Glob[] globs; // the segments compiled, null for one with policy variables
  private final Template whole; // fallback for text that is not an ARN pattern
  private final Glob wholeGlob; // whole compiled, null when it has policy variables
  /**
   * The literal text every matching resource segment starts with (up to the first wildcard or
   * variable), or null when the pattern gives none ({@code *}, not an ARN pattern).
   */
  private final String resourcePrefix;

  private ArnMatcher(boolean any, Template[] segments, Template whole, String resourcePrefix) {
    this.any = any;
    this.segments = segments;
    this.globs = segments == null ? null : java.util.Arrays.stream(segments).map(ArnMatcher::compiled).toArray(Glob[]::new);
    this.whole = whole;
    this.wholeGlob = whole == null ? null : compiled(whole);
    this.resourcePrefix = resourcePrefix;
  }

  static ArnMatcher compile(String pattern, boolean variables) {
    if (pattern.equals("*")) {
      return new ArnMatcher(true, null, null, null);
    }
    List<String> parts = ArnSplitter.split(pattern, variables);
    if (parts.size() == 6 && parts.get(0).equals("arn")) {
      Template[] t = new Template[5];
      for (int i = 0; i < 5; i++) {
        t[i] = Template.compile(parts.get(i + 1), variables, true);
      }
      return new ArnMatcher(false, t, null, literalPrefix(parts.get(5)));
    }
    return new ArnMatcher(false, null, Template.compile(pattern, variables, true), null);
  }

  /** Compiled once when the text is known now; resolved and matched per request otherwise. */
  private static Glob compiled(Template t) {
    return t.isConstant() ? Glob.compile(t.constant(), false) : null;
  }

  private static String literalPrefix(String segment) {
    int end = segment.length();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '*' || c == '?' || c == '$') {
        end = i;
        break;
      }
    }
    return segment.substring(0, end);
  }

  /** See {@link #resourcePrefix}. */
  String resourcePrefix() {
    return resourcePrefix;
  }

  boolean isAny() {
    return any;
  }

  /**
   * Where the ARN segments of {@code value} are, or null when it is not an ARN (six parts, the
   * first {@code arn}, as {@code ArnSplitter.split(value, false)} gives): the positions of its
   * second to fifth colons. The segments are matched in place, never cut out.
   */
  static int[] bounds(String value) {
    int c1 = colons(value);
    if (c1 < 0) {
      return null;
    }
    int c2 = value.indexOf(':', c1 + 1);
    int c3 = value.indexOf(':', c2 + 1);
    return new int[] {c1, c2, c3, value.indexOf(':', c3 + 1)};
  }

  /**
   * The position of the second colon of an ARN when {@code value} is one (starts with {@code arn:}
   * and has at least five colons), else -1.
   */
  static int colons(String value) {
    if (!value.startsWith("arn:")) {
      return -1;
    }
    int c1 = value.indexOf(':', 4);
    if (c1 < 0) {
      return -1;
    }
    int c2 = value.indexOf(':', c1 + 1);
    if (c2 < 0) {
      return -1;
    }
    int c3 = value.indexOf(':', c2 + 1);
    if (c3 < 0 || value.indexOf(':', c3 + 1) < 0) {
      return -1;
    }
    return c1;
  }

  /**
   * Whether the value matches.
   *
   * @param value the value (a resource or a condition's request value)
   * @param c1 position of the value's second colon (after the partition), or -1 when it is not an ARN
   * @param c2 its third colon (after the service)
   * @param c3 its fourth (after the region)
   * @param c4 its fifth (after the account); the resource segment runs from there to the end
   */
  boolean matches(String value, int c1, int c2, int c3, int c4, EvalState state) {
    if (any) {
      return true;
    }
    if (segments == null) {
      return matches(wholeGlob, whole, value, 0, value.length(), state);
    }
    if (c1 < 0) {
      return false;
    }
    // Every segment must match, so the order is free: the resource segment first, then the
    // account, because they tell statements apart; partition and service rarely do.
    return matches(globs[4], segments[4], value, c4 + 1, value.length(), state)
        && matches(globs[3], segments[3], value, c3 + 1, c4, state)
        && matches(globs[2], segments[2], value, c2 + 1, c3, state)
        && matches(globs[1], segments[1], value, c1 + 1, c2, state)
        && matches(globs[0], segments[0], value, 4, c1, state);
  }

  /** {@link #matches(String, int, int, int, int, EvalState)} with the bounds from {@link #bounds}. */
  boolean matches(String value, int[] bounds, EvalState state) {
    return bounds == null
        ? matches(value, -1, -1, -1, -1, state)
        : matches(value, bounds[0], bounds[1], bounds[2], bounds[3], state);
  }

  private static boolean matches(Glob glob, Template t, String text, int from, int end, EvalState state) {
    if (glob != null) {
      return glob.matches(text, from, end);
    }
    String p = t.resolve(state.ctx, state);
    return p != null && Glob.matches(p, text, from, end, false);
  }

  void collectVariables(List<String> out) {
    if (segments != null) {
      for (Template t : segments) {
        out.addAll(t.variableKeys());
      }
    } else if (whole != null) {
      out.addAll(whole.variableKeys());
    }
  }
}
