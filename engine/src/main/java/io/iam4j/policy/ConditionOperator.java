package io.iam4j.policy;

/**
 * A condition operator as written: an optional set qualifier, a base operator and the optional
 * {@code IfExists} suffix, e.g. {@code ForAnyValue:StringLikeIfExists}. {@code NullIfExists} cannot
 * be represented: IAM refuses it.
 */
public record ConditionOperator(SetQualifier qualifier, Base base, boolean ifExists) {

  public ConditionOperator {
    if (base == Base.NULL && ifExists) {
      throw new IllegalArgumentException("Null has no IfExists form");
    }
  }

  /** The operator's JSON name, e.g. {@code ForAllValues:StringEqualsIgnoreCaseIfExists}. */
  public String json() {
    return qualifier.prefix() + base.json() + (ifExists ? "IfExists" : "");
  }

  /**
   * Parses an operator name, or returns null when IAM does not know it. AWS does not document whether
   * operator names are case-sensitive and accepts other spellings in practice, so the case is
   * ignored here ({@code stringequals} is {@code StringEquals}); the linter suggests the canonical
   * spelling. {@code NullIfExists} also returns null; callers that want to say why use {@link
   * #isNullIfExists(String)}.
   */
  public static ConditionOperator parse(String name) {
    SetQualifier q = SetQualifier.NONE;
    String rest = name.toLowerCase(java.util.Locale.ROOT);
    for (SetQualifier candidate : SetQualifier.values()) {
      String prefix = candidate.prefix().toLowerCase(java.util.Locale.ROOT);
      if (candidate != SetQualifier.NONE && rest.startsWith(prefix)) {
        q = candidate;
        rest = rest.substring(prefix.length());
        break;
      }
    }
    boolean ifExists = false;
    Base base = Base.ofLower(rest);
    if (base == null && rest.endsWith("ifexists")) {
      ifExists = true;
      base = Base.ofLower(rest.substring(0, rest.length() - "ifexists".length()));
    }
    if (base == null || (base == Base.NULL && ifExists)) {
      return null;
    }
    return new ConditionOperator(q, base, ifExists);
  }

  public static boolean isNullIfExists(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    return lower.endsWith("nullifexists") && parse(name.substring(0, name.length() - "IfExists".length())) != null;
  }

  /** {@code ForAllValues:} and {@code ForAnyValue:}, the qualifiers for multi-valued keys. */
  public enum SetQualifier {
    NONE(""),
    FOR_ALL_VALUES("ForAllValues:"),
    FOR_ANY_VALUE("ForAnyValue:");

    private final String prefix;

    SetQualifier(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  /** What a base operator compares. */
  public enum Family {
    STRING, NUMERIC, DATE, BOOL, BINARY, IP_ADDRESS, ARN, NULL
  }

  /** The base operators of IAM's condition language. */
  public enum Base {
    STRING_EQUALS("StringEquals", Family.STRING, false),
    STRING_NOT_EQUALS("StringNotEquals", Family.STRING, true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Family.STRING, false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Family.STRING, true),
    STRING_LIKE("StringLike", Family.STRING, false),
    STRING_NOT_LIKE("StringNotLike", Family.STRING, true),
    NUMERIC_EQUALS("NumericEquals", Family.NUMERIC, false),
    NUMERIC_NOT_EQUALS("NumericNotEquals", Family.NUMERIC, true),
    NUMERIC_LESS_THAN("NumericLessThan", Family.NUMERIC, false),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Family.NUMERIC, false),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Family.NUMERIC, false),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Family.NUMERIC, false),
    DATE_EQUALS("DateEquals", Family.DATE, false),
    DATE_NOT_EQUALS("DateNotEquals", Family.DATE, true),
    DATE_LESS_THAN("DateLessThan", Family.DATE, false),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", Family.DATE, false),
    DATE_GREATER_THAN("DateGreaterThan", Family.DATE, false),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Family.DATE, false),
    BOOL("Bool", Family.BOOL, false),
    BINARY_EQUALS("BinaryEquals", Family.BINARY, false),
    IP_ADDRESS("IpAddress", Family.IP_ADDRESS, false),
    NOT_IP_ADDRESS("NotIpAddress", Family.IP_ADDRESS, true),
    ARN_EQUALS("ArnEquals", Family.ARN, false),
    ARN_LIKE("ArnLike", Family.ARN, false),
    ARN_NOT_EQUALS("ArnNotEquals", Family.ARN, true),
    ARN_NOT_LIKE("ArnNotLike", Family.ARN, true),
    NULL("Null", Family.NULL, false);

    private final String json;
    private final Family family;
    private final boolean negated;

    Base(String json, Family family, boolean negated) {
      this.json = json;
      this.family = family;
      this.negated = negated;
    }

    public String json() {
      return json;
    }

    public Family family() {
      return family;
    }

    /**
     * Whether this is a negated operator ({@code StringNotEquals}, {@code NotIpAddress}, ...): true
     * when the request value matches none of the policy values, and true when the key is absent.
     */
    public boolean negated() {
      return negated;
    }

    public static Base of(String json) {
      for (Base b : values()) {
        if (b.json.equals(json)) {
          return b;
        }
      }
      return null;
    }

    static Base ofLower(String lower) {
      for (Base b : values()) {
        if (b.json.equalsIgnoreCase(lower)) {
          return b;
        }
      }
      return null;
    }
  }
}
