package io.iam4j.generate;

import io.iam4j.policy.ArnSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource type's ARN format compiled for reading ARNs: {@code arn:iam4j:docs::${Account}:bucket/${Bucket}/${Key}}
 * is literal pieces and variables. Matching an ARN gives each variable's value; a pattern is then
 * written back piece by piece. Immutable.
 *
 * <p>Variables of the first five segments (partition, service, region, account) never hold a
 * colon. In the resource segment every variable but the last takes the shortest text that lets the
 * rest match ({@code ${Bucket}} stops at the first {@code /}), the last takes the rest (an object
 * key keeps its slashes).
 */
final class ArnFormat {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  /** A literal piece, or a variable; {@code segment} 0 to 4 after {@code arn}, 4 being the resource. */
  record Piece(String literal, String variable, int segment) {
    boolean isVariable() {
      return variable != null;
    }
  }

  private final String type;
  private final String text;
  private final List<Piece> pieces;
  private final Pattern regex;
  private final int literalChars;

  private ArnFormat(String type, String text, List<Piece> pieces, Pattern regex) {
    this.type = type;
    this.text = text;
    this.pieces = List.copyOf(pieces);
    this.regex = regex;
    this.literalChars = pieces.stream().filter(p -> !p.isVariable()).mapToInt(p -> p.literal().length()).sum();
  }

  /** The format compiled, or null when it is not an ARN format (fewer than six parts). */
  static ArnFormat compile(String type, String format) {
    List<String> parts = ArnSplitter.split(format, true);
    if (parts.size() != 6 || !parts.get(0).equals("arn")) {
      return null;
    }
    List<Piece> pieces = new ArrayList<>();
    StringBuilder re = new StringBuilder("arn");
    pieces.add(new Piece("arn", null, -1));
    for (int s = 0; s < 5; s++) {
      pieces.add(new Piece(":", null, s));
      re.append(':');
      String seg = parts.get(s + 1);
      Matcher m = VARIABLE.matcher(seg);
      int at = 0;
      List<int[]> vars = new ArrayList<>();
      while (m.find()) {
        vars.add(new int[] {m.start(), m.end()});
      }
      for (int v = 0; v < vars.size(); v++) {
        int[] span = vars.get(v);
        if (span[0] > at) {
          String lit = seg.substring(at, span[0]);
          pieces.add(new Piece(lit, null, s));
          re.append(Pattern.quote(lit));
        }
        pieces.add(new Piece(null, seg.substring(span[0] + 2, span[1] - 1), s));
        boolean last = v == vars.size() - 1;
        re.append(s < 4 ? "([^:]*)" : last ? "(.*)" : "(.*?)");
        at = span[1];
      }
      if (at < seg.length()) {
        String lit = seg.substring(at);
        pieces.add(new Piece(lit, null, s));
        re.append(Pattern.quote(lit));
      }
    }
    return new ArnFormat(type, format, pieces, Pattern.compile(re.toString(), Pattern.DOTALL));
  }

  String type() {
    return type;
  }

  String text() {
    return text;
  }

  List<Piece> pieces() {
    return pieces;
  }

  /** Pieces, then literal characters: a format with more structure reads an ARN more precisely. */
  int specificity() {
    return pieces.size() * 10_000 + literalChars;
  }

  /** The values of the variables, in order, when {@code arn} has this format; null otherwise. */
  List<String> match(String arn) {
    Matcher m = regex.matcher(arn);
    if (!m.matches()) {
      return null;
    }
    List<String> values = new ArrayList<>(m.groupCount());
    for (int g = 1; g <= m.groupCount(); g++) {
      values.add(m.group(g));
    }
    return values;
  }
}
