package io.iam4j.eval;

import io.iam4j.policy.Condition;
import io.iam4j.policy.ConditionOperator;
import io.iam4j.policy.ConditionOperator.Base;
import io.iam4j.policy.ConditionOperator.Family;
import io.iam4j.policy.ConditionOperator.SetQualifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One compiled operator/key pair of a {@code Condition} block. Immutable.
 *
 * <p>The rules, from the IAM documentation: values of one key are ORed, and NORed for a negated
 * operator; a key absent from the request makes a positive operator false and a negated one true,
 * except {@code ...IfExists} (true) and {@code Null}; {@code ForAllValues} is true for an absent key
 * or an empty set, {@code ForAnyValue} false. Policy variables are substituted in String, ARN and
 * Bool values only; a variable without a value matches nothing.
 */
final class ConditionMatcher {
  private final Condition source;
  private final Base base;
  private final Base positive;
  private final SetQualifier qualifier;
  private final boolean ifExists;
  private final String lowerKey;
  private final Template[] templates; // String and Bool families
  private final Glob[] globs; // StringLike: the templates compiled, null for one with policy variables
  private final ArnMatcher[] arns; // ARN family
  private final Object[] parsed; // Numeric, Date, Binary, IP families: pre-parsed, null when unparsable

  ConditionMatcher(Condition c, boolean variablesEnabled) {
    this.source = c;
    ConditionOperator op = c.operator();
    this.base = op.base();
    this.positive = positiveOf(base);
    this.qualifier = op.qualifier();
    this.ifExists = op.ifExists();
    this.lowerKey = c.key().toLowerCase(Locale.ROOT);
    List<String> values = c.values();
    Template[] t = null;
    ArnMatcher[] a = null;
    Object[] p = null;
    switch (base.family()) {
      case STRING, BOOL -> {
        boolean wildcards = positive == Base.STRING_LIKE;
        t = new Template[values.size()];
        for (int i = 0; i < t.length; i++) {
          t[i] = Template.compile(values.get(i), variablesEnabled, wildcards);
        }
      }
      case ARN -> {
        a = new ArnMatcher[values.size()];
        for (int i = 0; i < a.length; i++) {
          a[i] = ArnMatcher.compile(values.get(i), variablesEnabled);
        }
      }
      case NUMERIC -> p = values.stream().map(Values::number).toArray();
      case DATE -> p = values.stream().map(Values::date).toArray();
      case BINARY -> p = values.stream().map(Values::binary).toArray();
      case IP_ADDRESS -> p = values.stream().map(Values.Cidr::parse).toArray();
      case NULL -> p = values.stream().map(Values::bool).toArray();
    }
    this.templates = t;
    this.globs = t != null && positive == Base.STRING_LIKE
        ? Arrays.stream(t).map(x -> x.isConstant() ? Glob.compile(x.constant(), false) : null).toArray(Glob[]::new)
        : null;
    this.arns = a;
    this.parsed = p;
  }

  private static Base positiveOf(Base b) {
    return switch (b) {
      case STRING_NOT_EQUALS -> Base.STRING_EQUALS;
      case STRING_NOT_EQUALS_IGNORE_CASE -> Base.STRING_EQUALS_IGNORE_CASE;
      case STRING_NOT_LIKE -> Base.STRING_LIKE;
      case NUMERIC_NOT_EQUALS -> Base.NUMERIC_EQUALS;
      case DATE_NOT_EQUALS -> Base.DATE_EQUALS;
      case NOT_IP_ADDRESS -> Base.IP_ADDRESS;
      case ARN_NOT_EQUALS -> Base.ARN_EQUALS;
      case ARN_NOT_LIKE -> Base.ARN_LIKE;
      default -> b;
    };
  }

  Condition source() {
    return source;
  }

  String key() {
    return source.key();
  }

  boolean evaluate(EvalState st) {
    ContextValue cv = st.ctx.getLower(lowerKey);
    if (base == Base.NULL) {
      boolean absent = cv == null;
      for (Object want : parsed) {
        if (want != null && ((Boolean) want) == absent) {
          return true;
        }
      }
      if (absent) {
        st.missing(source.key());
      }
      return false;
    }
    if (cv == null) {
      st.missing(source.key());
      if (ifExists || qualifier == SetQualifier.FOR_ALL_VALUES) {
        return true;
      }
      return qualifier == SetQualifier.NONE && base.negated();
    }
    // A single value is read as such: no list is made for it.
    String one = cv.single();
    List<String> values = one == null ? cv.values() : null;
    int n = one == null ? values.size() : 1;
    boolean negated = base.negated();
    switch (qualifier) {
      case FOR_ANY_VALUE -> {
        for (int i = 0; i < n; i++) {
          if (matchesAny(one == null ? values.get(i) : one, st) != negated) {
            return true;
          }
        }
        return false;
      }
      case FOR_ALL_VALUES -> {
        for (int i = 0; i < n; i++) {
          if (matchesAny(one == null ? values.get(i) : one, st) == negated) {
            return false;
          }
        }
        return true;
      }
      default -> {
        boolean any = false;
        for (int i = 0; i < n; i++) {
          if (matchesAny(one == null ? values.get(i) : one, st)) {
            any = true;
            break;
          }
        }
        return any != negated;
      }
    }
  }

  /** Whether one request value matches at least one policy value under the positive operator. */
  private boolean matchesAny(String value, EvalState st) {
    switch (base.family()) {
      case STRING -> {
        for (int i = 0; i < templates.length; i++) {
          if (globs != null && globs[i] != null) {
            if (globs[i].matches(value)) {
              return true;
            }
            continue;
          }
          String p = templates[i].resolve(st.ctx, st);
          if (p != null && stringMatch(p, value)) {
            return true;
          }
        }
        return false;
      }
      case BOOL -> {
        Boolean v = Values.bool(value);
        if (v == null) {
          return false;
        }
        for (Template t : templates) {
          Boolean p = Values.bool(t.resolve(st.ctx, st));
          if (v.equals(p)) {
            return true;
          }
        }
        return false;
      }
      case ARN -> {
        int[] bounds = ArnMatcher.bounds(value);
        for (ArnMatcher a : arns) {
          if (a.matches(value, bounds, st)) {
            return true;
          }
        }
        return false;
      }
      case NUMERIC -> {
        BigDecimal v = Values.number(value);
        if (v == null) {
          return false;
        }
        for (Object p : parsed) {
          if (p != null && compare(v.compareTo((BigDecimal) p))) {
            return true;
          }
        }
        return false;
      }
      case DATE -> {
        Instant v = Values.date(value);
        if (v == null) {
          return false;
        }
        for (Object p : parsed) {
          if (p != null && compare(v.compareTo((Instant) p))) {
            return true;
          }
        }
        return false;
      }
      case BINARY -> {
        byte[] v = Values.binary(value);
        for (int i = 0; i < parsed.length; i++) {
          if (v != null && parsed[i] != null ? Arrays.equals(v, (byte[]) parsed[i]) : value.equals(source.values().get(i))) {
            return true;
          }
        }
        return false;
      }
      case IP_ADDRESS -> {
        long v4 = Values.ipv4(value); // the usual case, read without making an array
        byte[] ip = v4 >= 0 ? null : Values.ip(value);
        if (v4 < 0 && ip == null) {
          return false;
        }
        for (Object p : parsed) {
          if (p != null && (v4 >= 0 ? ((Values.Cidr) p).contains((int) v4) : ((Values.Cidr) p).contains(ip))) {
            return true;
          }
        }
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  private boolean stringMatch(String pattern, String value) {
    return switch (positive) {
      case STRING_EQUALS -> pattern.equals(value);
      case STRING_EQUALS_IGNORE_CASE -> pattern.equalsIgnoreCase(value);
      case STRING_LIKE -> Glob.matches(pattern, value, false);
      default -> false;
    };
  }

  /** Applies the ordering operator to a comparison result ({@code request <=> policy}). */
  private boolean compare(int c) {
    return switch (positive) {
      case NUMERIC_EQUALS, DATE_EQUALS -> c == 0;
      case NUMERIC_LESS_THAN, DATE_LESS_THAN -> c < 0;
      case NUMERIC_LESS_THAN_EQUALS, DATE_LESS_THAN_EQUALS -> c <= 0;
      case NUMERIC_GREATER_THAN, DATE_GREATER_THAN -> c > 0;
      case NUMERIC_GREATER_THAN_EQUALS, DATE_GREATER_THAN_EQUALS -> c >= 0;
      default -> false;
    };
  }

  /** The request keys this condition reads, including its values' policy variables. */
  void collectKeys(List<String> out) {
    out.add(source.key());
    if (templates != null) {
      for (Template t : templates) {
        out.addAll(t.variableKeys());
      }
    }
    if (arns != null) {
      for (ArnMatcher a : arns) {
        a.collectVariables(out);
      }
    }
  }

  /**
   * How this condition depends on the clock, for the decision cache: adds the instants at which its
   * result can change to {@code boundaries} and returns true, or returns false when it reads a time
   * key in a way that has no such instants (then a decision must not outlive its request).
   */
  boolean timeBoundaries(List<Instant> boundaries) {
    boolean time = lowerKey.equals("aws:currenttime") || lowerKey.equals("aws:epochtime");
    if (!time) {
      return true;
    }
    // aws:EpochTime carries whole seconds: a comparison with v reads floor(t), whose value changes
    // at whole seconds only, so it can also flip at the second after v ("EpochTime equals v" holds
    // from v until v + 1 s, "less than or equal to v" until v + 1 s).
    boolean wholeSeconds = lowerKey.equals("aws:epochtime");
    switch (base.family()) {
      case DATE -> {
        for (Object p : parsed) {
          if (p != null) {
            add(boundaries, (Instant) p, wholeSeconds);
          }
        }
        return true;
      }
      case NUMERIC -> {
        for (Object p : parsed) {
          if (p != null) {
            BigDecimal secs = (BigDecimal) p;
            try {
              add(boundaries, Instant.ofEpochSecond(secs.longValue(), secs.remainder(BigDecimal.ONE).movePointRight(9).longValue()),
                  wholeSeconds);
            } catch (java.time.DateTimeException | ArithmeticException e) {
              // never reached by a real clock
            }
          }
        }
        return true;
      }
      case NULL -> {
        return true; // presence only
      }
      default -> {
        return false;
      }
    }
  }

  private static void add(List<Instant> boundaries, Instant b, boolean wholeSeconds) {
    boundaries.add(b);
    if (wholeSeconds) {
      try {
        boundaries.add(b.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1));
      } catch (java.time.DateTimeException | ArithmeticException e) {
        // the last representable second: never reached by a real clock
      }
    }
  }

  /** The lower-cased key this condition reads. */
  String lowerKey() {
    return lowerKey;
  }
}
