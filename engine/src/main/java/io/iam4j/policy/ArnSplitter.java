package io.iam4j.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an ARN (or ARN pattern) into its six parts: {@code arn}, partition, service, region,
 * account and resource. The resource part keeps any further colons; colons inside {@code ${...}}
 * policy variables never split.
 */
public final class ArnSplitter {
  private ArnSplitter() {}

  /** The parts of an ARN pattern, at most six; fewer when the text has fewer than five separating colons. */
  public static List<String> split(String arn) {
    return split(arn, true);
  }

  /**
   * The parts, at most six.
   *
   * @param variables whether {@code ${...}} is a policy variable whose colons do not separate
   */
  public static List<String> split(String arn, boolean variables) {
    List<String> parts = new ArrayList<>(6);
    int start = 0;
    int depth = 0;
    for (int i = 0; i < arn.length() && parts.size() < 5; i++) {
      char c = arn.charAt(i);
      if (variables && c == '$' && i + 1 < arn.length() && arn.charAt(i + 1) == '{') {
        depth++;
        i++;
      } else if (c == '}' && depth > 0) {
        depth--;
      } else if (c == ':' && depth == 0) {
        parts.add(arn.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(arn.substring(start));
    return parts;
  }
}
