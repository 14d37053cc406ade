package io.iam4j.jakarta;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${name}} placeholders of {@link IamAction} templates. Values are literal text; a
 * value that would add a colon before an ARN's resource part (and so move the account or service
 * segment) is refused, so a path parameter can never name another tenant's account by injection.
 */
public final class Templates {
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

  private Templates() {}

  /** The filled template, or null when a placeholder has no value or a value is refused. */
  public static String fill(String template, Function<String, String> values) {
    Matcher m = VAR.matcher(template);
    StringBuilder sb = new StringBuilder();
    int last = 0;
    while (m.find()) {
      String value = values.apply(m.group(1));
      if (value == null) {
        return null;
      }
      sb.append(template, last, m.start());
      boolean beforeResourcePart = template.startsWith("arn:") && colons(sb) < 5;
      if (beforeResourcePart && value.indexOf(':') >= 0) {
        return null;
      }
      sb.append(value);
      last = m.end();
    }
    return sb.append(template.substring(last)).toString();
  }

  private static int colons(CharSequence s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ':') {
        n++;
      }
    }
    return n;
  }
}
