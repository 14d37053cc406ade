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
   * @param parts the value's ARN parts (from {@link EvalState#arnParts}), null when it is not an ARN
   * @param value the value itself
   */
  boolean matches(String[] parts, String value, EvalState state) {
    if (any) {
      return true;
    }
    if (segments == null) {
      return matches(wholeGlob, whole, value, state);
    }
    if (parts == null) {
      return false;
    }
    // Every segment must match, so the order is free: the resource segment first, then the
    // account, because they tell statements apart; partition and service rarely do.
    for (int i = 4; i >= 0; i--) {
      if (!matches(globs[i], segments[i], parts[i + 1], state)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(Glob glob, Template t, String text, EvalState state) {
    if (glob != null) {
      return glob.matches(text);
    }
    String p = t.resolve(state.ctx, state);
    return p != null && Glob.matches(p, text, false);
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
