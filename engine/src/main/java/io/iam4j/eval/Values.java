package io.iam4j.eval;

import io.iam4j.policy.NumericSyntax;
import io.iam4j.policy.PolicyLimits;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Reads condition values as the operator families compare them. Each reader returns null for text
 * that is not of its type: such a value matches nothing. Request values come from the network, so
 * every reader first checks the length its type allows ({@link PolicyLimits}) and then costs one
 * scan of the text at most: no value buys more work than its length.
 */
final class Values {
  private Values() {}

  /** See {@link NumericSyntax#parse}: no exponent, at most {@link PolicyLimits#MAX_NUMBER_DIGITS} digits. */
  static BigDecimal number(String s) {
    return NumericSyntax.parse(s);
  }

  /**
   * The form servers write {@code aws:CurrentTime} in ({@code 2026-11-23T12:00:21Z}), read without a
   * {@code DateTimeFormatter} (a third of a cached decision's time went to parsing it); null for
   * anything else, which the general parser then reads (leap seconds and invalid dates included).
   */
  private static Instant canonicalUtc(String t) {
    if (t.length() != 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
        || t.charAt(16) != ':' || t.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  private static int digits(String t, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** An instant from ISO 8601 (date, date-time, with or without offset: UTC when none) or epoch seconds. */
  static Instant date(String s) {
    if (s == null || s.isEmpty() || s.length() > PolicyLimits.MAX_DATE_CHARS) {
      return null;
    }
    String t = s.trim();
    Instant canonical = canonicalUtc(t);
    if (canonical != null) {
      return canonical;
    }
    if (t.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == '-') && t.chars().anyMatch(Character::isDigit)
        && t.indexOf('-', 1) < 0) {
      BigDecimal secs = number(t);
      if (secs == null) {
        return null;
      }
      try {
        return Instant.ofEpochSecond(secs.longValue(), secs.remainder(BigDecimal.ONE).movePointRight(9).longValue());
      } catch (java.time.DateTimeException | ArithmeticException e) {
        return null; // beyond the representable range: not a date
      }
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      // fall through
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      // fall through
    }
    try {
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // fall through
    }
    try {
      return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // fall through: the W3C profile also has YYYY-MM and YYYY
    }
    try {
      return java.time.YearMonth.parse(t).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // fall through
    }
    return null;
  }

  static Boolean bool(String s) {
    if ("true".equalsIgnoreCase(s)) {
      return Boolean.TRUE;
    }
    if ("false".equalsIgnoreCase(s)) {
      return Boolean.FALSE;
    }
    return null;
  }

  /** Base64; linear in the text, whose size the request or the policy document bounds. */
  static byte[] binary(String s) {
    try {
      return Base64.getDecoder().decode(s.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** An IP address, only from literal text: never a name lookup. */
  static byte[] ip(String s) {
    if (s == null || s.isEmpty() || s.length() > 45) { // the longest IPv6 text form (PolicyLimits.MAX_IP_CHARS without "/128")
      return null;
    }
    boolean colon = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (c == ':') {
        colon = true;
      } else if (!hex && c != '.') {
        return null;
      }
    }
    if (!colon) {
      long v = ipv4(s);
      return v < 0 ? null : new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * An IPv4 literal as an unsigned 32-bit number, or -1 when the text is not one: four decimal
   * octets of 1-3 digits (InetAddress also accepts odd shorthands; IAM does not). Read in place
   * into a number: a source IP is read on every request.
   */
  static long ipv4(String s) {
    if (s == null || s.isEmpty() || s.length() > 15) {
      return -1;
    }
    long out = 0;
    int octet = 0;
    int digits = 0;
    int v = 0;
    for (int i = 0, n = s.length(); i <= n; i++) {
      char c = i == n ? '.' : s.charAt(i);
      if (c == '.') {
        if (digits == 0 || v > 255 || octet == 4) {
          return -1;
        }
        out = (out << 8) | v;
        octet++;
        digits = 0;
        v = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        v = v * 10 + (c - '0');
        digits++;
      } else {
        return -1;
      }
    }
    return octet == 4 ? out : -1;
  }

  /** A CIDR block: the address bytes followed by the prefix length, or null. */
  record Cidr(byte[] network, int prefix) {
    static Cidr parse(String s) {
      if (s == null) {
        return null;
      }
      String t = s.trim();
      if (t.length() > PolicyLimits.MAX_IP_CHARS) {
        return null;
      }
      int slash = t.indexOf('/');
      byte[] addr = ip(slash < 0 ? t : t.substring(0, slash));
      if (addr == null) {
        return null;
      }
      int bits = addr.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
          return null;
        }
        if (prefix < 0 || prefix > bits) {
          return null;
        }
      }
      return new Cidr(addr, prefix);
    }

    /** {@link #contains(byte[])} for an IPv4 address given as {@link #ipv4} reads it. */
    boolean contains(int address) {
      if (network.length != 4) {
        return false;
      }
      int net = ((network[0] & 0xFF) << 24) | ((network[1] & 0xFF) << 16) | ((network[2] & 0xFF) << 8) | (network[3] & 0xFF);
      int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
      return ((address ^ net) & mask) == 0;
    }

    boolean contains(byte[] address) {
      if (address == null || address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }
  }
}
