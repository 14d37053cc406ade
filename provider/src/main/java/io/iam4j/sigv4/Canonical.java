package io.iam4j.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The pieces of a SigV4 canonical request ("Create a canonical request" in the IAM User Guide's "Create
 * a signed AWS API request"): RFC 3986 encoding, the canonical query, header values, hex.
 */
final class Canonical {
  /** Hex SHA-256 of the empty string: the payload hash of an empty body and of a presigned request. */
  static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

  private Canonical() {}

  /** RFC 3986 unreserved characters, which SigV4 never encodes: {@code A-Z a-z 0-9 - _ . ~}. */
  static boolean unreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '~';
  }

  /** Appends {@code bytes} percent-encoded: unreserved bytes as is, every other byte as {@code %XY} (upper case). */
  static void encode(byte[] bytes, int length, StringBuilder out) {
    for (int i = 0; i < length; i++) {
      int b = bytes[i] & 0xff;
      if (unreserved(b)) {
        out.append((char) b);
      } else {
        out.append('%').append(HEX_UPPER[b >>> 4]).append(HEX_UPPER[b & 0xf]);
      }
    }
  }

  /**
   * Whether the path as received differs from its once-more encoded form, i.e. whether it holds any
   * character besides the unreserved ones and {@code /} (a {@code %} of an escape, a sub-delimiter...).
   */
  static boolean needsEncoding(String rawPath) {
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c != '/' && !unreserved(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The path encoded once more, segment by segment ({@code /} kept): what the SDK for Java v2 signs by
   * default for a non-S3 service (its {@code DOUBLE_URL_ENCODE}, AWS-WIRE §5), {@code %20} becoming
   * {@code %2520}. A {@code %2F} inside a segment stays an escape ({@code %252F}), never a separator.
   */
  static String encodePathAgain(String rawPath) {
    byte[] bytes = rawPath.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '/') {
        byte[] segment = java.util.Arrays.copyOfRange(bytes, start, i);
        encode(segment, segment.length, out);
        if (i < bytes.length) {
          out.append('/');
        }
        start = i + 1;
      }
    }
    return out.toString();
  }

  /** One query parameter: its name and value in canonical (re-encoded) form, and the decoded value. */
  record Param(String name, String value, String decodedValue) {}

  /**
   * Parses a raw query into its parameters, each name and value decoded ({@code %XY}, and {@code +} as a
   * space, as the servlet container's form decoding reads it: so that what is verified is what the
   * application reads) and re-encoded with RFC 3986 unreserved rules. {@code *}, {@code %2A}, {@code ~}
   * and {@code %7E} therefore all come out alike (AWS-WIRE §8). Empty segments ({@code a=1&&b=2}) are
   * skipped; a name without {@code =} has the empty value.
   *
   * @return the parameters in their order, or null when an escape is malformed or there are more than
   *     {@code maxParams}
   */
  static List<Param> parseQuery(String rawQuery, int maxParams) {
    List<Param> params = new ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    byte[] scratch = new byte[rawQuery.length() * 3];
    StringBuilder sb = new StringBuilder(rawQuery.length() + 16);
    int start = 0;
    int n = rawQuery.length();
    while (start <= n) {
      int amp = rawQuery.indexOf('&', start);
      int end = amp < 0 ? n : amp;
      if (end > start) {
        if (params.size() >= maxParams) {
          return null;
        }
        int eq = rawQuery.indexOf('=', start);
        int nameEnd = (eq < 0 || eq > end) ? end : eq;
        int len = decode(rawQuery, start, nameEnd, scratch);
        if (len < 0) {
          return null;
        }
        sb.setLength(0);
        encode(scratch, len, sb);
        String name = sb.toString();
        String value;
        String decoded;
        if (nameEnd < end) {
          len = decode(rawQuery, nameEnd + 1, end, scratch);
          if (len < 0) {
            return null;
          }
          sb.setLength(0);
          encode(scratch, len, sb);
          value = sb.toString();
          decoded = new String(scratch, 0, len, StandardCharsets.UTF_8);
        } else {
          value = "";
          decoded = "";
        }
        params.add(new Param(name, value, decoded));
      }
      if (amp < 0) {
        break;
      }
      start = amp + 1;
    }
    return params;
  }

  /** Decodes {@code s[from, to)} into {@code out}; the number of bytes, or -1 for a malformed escape. */
  private static int decode(String s, int from, int to, byte[] out) {
    int len = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= to) {
          return -1;
        }
        int hi = hexValue(s.charAt(i + 1));
        int lo = hexValue(s.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          return -1;
        }
        out[len++] = (byte) ((hi << 4) | lo);
        i += 2;
      } else if (c == '+') {
        out[len++] = ' ';
      } else if (c < 0x80) {
        out[len++] = (byte) c;
      } else {
        // A raw non-ASCII character (a query the container handed over decoded): its UTF-8 bytes.
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < to) {
          utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        if (len + utf8.length > out.length) {
          return -1;
        }
        System.arraycopy(utf8, 0, out, len, utf8.length);
        len += utf8.length;
      }
    }
    return len;
  }

  /**
   * The canonical query string: parameters sorted by encoded name, then by encoded value, joined as
   * {@code name=value} with {@code &}; {@code skip} (when not null) is left out (the presigned
   * {@code X-Amz-Signature}).
   */
  static String query(List<Param> params, String skip) {
    if (params.isEmpty()) {
      return "";
    }
    List<Param> sorted = params;
    if (params.size() > 1) {
      sorted = new ArrayList<>(params);
      sorted.sort((a, b) -> {
        int c = a.name().compareTo(b.name());
        return c != 0 ? c : a.value().compareTo(b.value());
      });
    }
    StringBuilder out = new StringBuilder(64 * sorted.size());
    for (Param p : sorted) {
      if (skip != null && p.name().equals(skip)) {
        continue;
      }
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(p.name()).append('=').append(p.value());
    }
    return out.toString();
  }

  private static boolean space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b';
  }

  /**
   * Appends a header's canonical value: each value trimmed, runs of white space collapsed to one space,
   * repeated headers joined with {@code ,}.
   */
  static void headerValue(List<String> values, StringBuilder out) {
    for (int v = 0; v < values.size(); v++) {
      if (v > 0) {
        out.append(',');
      }
      String s = values.get(v);
      if (s == null) {
        continue;
      }
      int start = 0;
      int end = s.length();
      while (start < end && space(s.charAt(start))) {
        start++;
      }
      while (end > start && space(s.charAt(end - 1))) {
        end--;
      }
      boolean previousSpace = false;
      for (int i = start; i < end; i++) {
        char c = s.charAt(i);
        if (space(c)) {
          if (!previousSpace) {
            out.append(' ');
            previousSpace = true;
          }
        } else {
          out.append(c);
          previousSpace = false;
        }
      }
    }
  }

  /** The value of an ASCII hex digit, or -1 (Character.digit would take other scripts' digits too). */
  static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >>> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /** Whether {@code s} is 64 lower-case hex digits. */
  static boolean lowerHex64(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** 64 hex digits (either case) to 32 bytes, or null. */
  static byte[] unhex32(String s) {
    if (s == null || s.length() != 64) {
      return null;
    }
    byte[] out = new byte[32];
    for (int i = 0; i < 32; i++) {
      int hi = hexValue(s.charAt(2 * i));
      int lo = hexValue(s.charAt(2 * i + 1));
      if (hi < 0 || lo < 0) {
        return null;
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  });

  static MessageDigest sha256() {
    MessageDigest md = SHA256.get();
    md.reset();
    return md;
  }
}
