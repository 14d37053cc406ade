package io.iam4j.policy;

/**
 * Every bound the policy language puts on its input, in one place. The three components are
 * settings (a deployment may tighten or loosen them); the constants are fixed, because they follow
 * from what a value of that type can mean. Every message that reports a limit names it as
 * {@code (N, from PolicyLimits.NAME)}, in the style of jackson-core's {@code StreamReadConstraints}.
 *
 * <p>Together they make the cost of reading, compiling and evaluating a policy linear in its size
 * and in the size of the request: no input can buy super-linear work with a few bytes.
 *
 * <table>
 *   <caption>The limits</caption>
 *   <tr><th>name</th><th>default</th><th>why</th></tr>
 *   <tr><td>{@code maxDocumentBytes}</td><td>131,072</td><td>UTF-8 size of one document; AWS's largest
 *       (a bucket policy, 20 KB) fits six times</td></tr>
 *   <tr><td>{@code maxStatements}</td><td>1,000</td><td>statements in one document</td></tr>
 *   <tr><td>{@code maxDepth}</td><td>16</td><td>JSON nesting; a policy needs 6 levels</td></tr>
 *   <tr><td>{@link #MAX_NUMBER_DIGITS}</td><td>40</td><td>digits of a Numeric condition value</td></tr>
 *   <tr><td>{@link #MAX_DATE_CHARS}</td><td>64</td><td>characters of a Date condition value</td></tr>
 *   <tr><td>{@link #MAX_IP_CHARS}</td><td>49</td><td>characters of an IP address or CIDR block</td></tr>
 * </table>
 *
 * <p>Wildcard patterns ({@code *}, {@code ?}) have no length limit of their own: matching one costs
 * O(n + m) for text of length n and a pattern of length m (see the evaluator's {@code Glob}), so the
 * document size bounds their cost.
 *
 * @param maxDocumentBytes UTF-8 size of the document text
 * @param maxStatements statements in one document
 * @param maxDepth JSON nesting depth
 */
public record PolicyLimits(int maxDocumentBytes, int maxStatements, int maxDepth) {
  /** Generous defaults: large enough for any policy AWS accepts, small enough to bound work. */
  public static final PolicyLimits DEFAULTS = new PolicyLimits(131_072, 1_000, 16);

  /**
   * Digits (integer and fraction part together) of a value under a Numeric operator, in a policy
   * or in a request. IAM compares "an integer or decimal value"; 40 digits hold any 128-bit integer
   * and any decimal a request carries, and two such numbers compare in a few dozen steps. Longer
   * text in a policy is refused; in a request it is not a number (matches nothing).
   */
  public static final int MAX_NUMBER_DIGITS = 40;

  /**
   * Characters of a Date condition value (ISO 8601 or epoch seconds), in a policy or a request.
   * The longest ISO 8601 form with nanoseconds and an offset has 35; longer text is not a date.
   */
  public static final int MAX_DATE_CHARS = 64;

  /**
   * Characters of an IP address or CIDR block ({@code aws:SourceIp}, IpAddress values): the
   * longest IPv6 text form (45, with an embedded IPv4 address) plus {@code /128}. Longer text is
   * not an address.
   */
  public static final int MAX_IP_CHARS = 49;

  public PolicyLimits {
    if (maxDocumentBytes <= 0 || maxStatements <= 0 || maxDepth <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
