package io.iam4j.analysis;

import io.iam4j.policy.NumericSyntax;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One request value per cell for the operator families that read values as numbers, dates, IP
 * addresses, booleans or bytes. Their atomic predicates compare with thresholds (numbers, dates),
 * test membership in CIDR blocks, or test equality, so the cells are the intervals between the
 * policies' boundary points, and "not of this type" (which every positive operator rejects).
 */
final class ValueWitnesses {
  /** A text that no family reads as its type. */
  static final String NOT_A_VALUE = "not-a-value";

  private ValueWitnesses() {}

  /** Below, at, between and above the thresholds. */
  static List<String> numbers(List<String> values) {
    TreeSet<BigDecimal> t = new TreeSet<>();
    for (String v : values) {
      BigDecimal d = NumericSyntax.parse(v);
      if (d != null) {
        t.add(d);
      }
    }
    List<String> out = new ArrayList<>();
    if (t.isEmpty()) {
      out.add("0");
    } else {
      out.add(t.first().subtract(BigDecimal.ONE).toPlainString());
      BigDecimal prev = null;
      for (BigDecimal d : t) {
        if (prev != null) {
          out.add(prev.add(d).divide(BigDecimal.valueOf(2)).toPlainString());
        }
        out.add(d.toPlainString());
        prev = d;
      }
      out.add(t.last().add(BigDecimal.ONE).toPlainString());
    }
    out.add(NOT_A_VALUE);
    return out;
  }

  /** Below, at, between (to the nanosecond) and above the instants. */
  static List<String> dates(List<String> values) {
    TreeSet<BigInteger> t = new TreeSet<>();
    for (String v : values) {
      Instant i = date(v);
      if (i != null) {
        t.add(BigInteger.valueOf(i.getEpochSecond()).multiply(BILLION).add(BigInteger.valueOf(i.getNano())));
      }
    }
    List<String> out = new ArrayList<>();
    if (t.isEmpty()) {
      out.add("2026-01-01T00:00:00Z");
    } else {
      out.add(instant(t.first().subtract(BILLION)));
      BigInteger prev = null;
      for (BigInteger n : t) {
        if (prev != null && n.subtract(prev).compareTo(BigInteger.ONE) > 0) {
          out.add(instant(prev.add(n).shiftRight(1)));
        }
        out.add(instant(n));
        prev = n;
      }
      out.add(instant(t.last().add(BILLION)));
    }
    out.add(NOT_A_VALUE);
    return out;
  }

  private static final BigInteger BILLION = BigInteger.valueOf(1_000_000_000L);

  private static String instant(BigInteger nanos) {
    BigInteger[] qr = nanos.divideAndRemainder(BILLION);
    long secs = qr[0].longValue();
    long nano = qr[1].longValue();
    if (nano < 0) {
      secs--;
      nano += 1_000_000_000L;
    }
    return Instant.ofEpochSecond(secs, nano).toString();
  }

  /** The evaluator's date reading ({@code Values.date}): ISO 8601 forms, UTC when no offset, or epoch seconds. */
  static Instant date(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    String t = s.trim();
    if (t.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == '-') && t.indexOf('-', 1) < 0) {
      BigDecimal secs = NumericSyntax.parse(t);
      if (secs == null) {
        return null;
      }
      try {
        return Instant.ofEpochSecond(secs.longValue(), secs.remainder(BigDecimal.ONE).movePointRight(9).longValue());
      } catch (RuntimeException e) {
        return null;
      }
    }
    for (java.util.function.Function<String, Instant> p : List.<java.util.function.Function<String, Instant>>of(
        x -> OffsetDateTime.parse(x).toInstant(), Instant::parse, x -> LocalDateTime.parse(x).toInstant(ZoneOffset.UTC),
        x -> LocalDate.parse(x).atStartOfDay().toInstant(ZoneOffset.UTC),
        x -> YearMonth.parse(x).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC))) {
      try {
        return p.apply(t);
      } catch (RuntimeException e) {
        // the next form
      }
    }
    return null;
  }

  static List<String> bools() {
    return List.of("true", "false", NOT_A_VALUE);
  }

  /** Each policy value, one that is none of them, and one that is not Base64. */
  static List<String> binaries(List<String> values) {
    List<String> out = new ArrayList<>(new java.util.LinkedHashSet<>(values));
    String fresh = "AAAA";
    while (out.contains(fresh)) {
      fresh = "A" + fresh;
    }
    out.add(fresh);
    out.add("!");
    return out;
  }

  /**
   * The first address of every elementary interval the CIDR blocks cut the address space into (the
   * lowest address, each block's start and the address after each block's end), per address length.
   */
  static List<String> addresses(List<String> cidrs) {
    TreeSet<BigInteger> v4 = new TreeSet<>();
    TreeSet<BigInteger> v6 = new TreeSet<>();
    for (String c : cidrs) {
      byte[][] block = cidr(c);
      if (block == null) {
        continue;
      }
      byte[] net = block[0];
      int prefix = block[1][0] & 0xFF;
      int bits = net.length * 8;
      BigInteger start = new BigInteger(1, net).shiftRight(bits - prefix).shiftLeft(bits - prefix);
      BigInteger end = start.add(BigInteger.ONE.shiftLeft(bits - prefix));
      TreeSet<BigInteger> set = net.length == 4 ? v4 : v6;
      set.add(BigInteger.ZERO);
      set.add(start);
      if (end.bitLength() <= bits) {
        set.add(end);
      }
    }
    List<String> out = new ArrayList<>();
    for (BigInteger b : v4) {
      out.add(text(b, 4));
    }
    for (BigInteger b : v6) {
      out.add(text(b, 16));
    }
    if (out.isEmpty()) {
      out.add("192.0.2.1");
    }
    out.add(NOT_A_VALUE);
    return out;
  }

  private static String text(BigInteger b, int length) {
    byte[] raw = b.toByteArray();
    byte[] addr = new byte[length];
    int n = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - n, addr, length - n, n);
    if (length == 4) {
      return (addr[0] & 0xFF) + "." + (addr[1] & 0xFF) + "." + (addr[2] & 0xFF) + "." + (addr[3] & 0xFF);
    }
    try {
      return InetAddress.getByAddress(addr).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A CIDR block as {address, {prefix}}, as {@code Values.Cidr.parse} reads it, or null. */
  private static byte[][] cidr(String s) {
    String t = s.trim();
    int slash = t.indexOf('/');
    String a = slash < 0 ? t : t.substring(0, slash);
    byte[] addr;
    try {
      if (a.indexOf(':') < 0) {
        String[] o = a.split("\\.", -1);
        if (o.length != 4) {
          return null;
        }
        addr = new byte[4];
        for (int i = 0; i < 4; i++) {
          int v = Integer.parseInt(o[i]);
          if (v < 0 || v > 255) {
            return null;
          }
          addr[i] = (byte) v;
        }
      } else {
        addr = InetAddress.getByName(a).getAddress();
      }
      int prefix = slash < 0 ? addr.length * 8 : Integer.parseInt(t.substring(slash + 1));
      if (prefix < 0 || prefix > addr.length * 8) {
        return null;
      }
      return new byte[][] {addr, {(byte) prefix}};
    } catch (Exception e) {
      return null;
    }
  }
}
