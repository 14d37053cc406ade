package io.iam4j.sts;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parameters of an AWS Query-protocol request ({@code Action=...&Version=...&...}), decoded from
 * the form body and the query string as {@code application/x-www-form-urlencoded}: {@code +} is a
 * space, {@code %XX} a byte, the bytes UTF-8. Clients differ in what they percent-encode ({@code *},
 * {@code ~}), which decoding makes equal. Lists arrive as {@code Name.member.N} (N from 1) and lists
 * of structures as {@code Name.member.N.Field}; an explicitly empty list as {@code Name=}. Immutable.
 *
 * <p>Bounded before anything else: at most {@value #MAX_PARAMETERS} parameters, and a name or value
 * that appears twice with different values is refused (no client sends that, and a later value
 * must not silently win over an earlier one).
 */
public final class QueryRequest {
  /** The most parameters a request may have. */
  public static final int MAX_PARAMETERS = 500;
  /** The highest list index {@code Name.member.N} accepted. */
  public static final int MAX_MEMBER_INDEX = 1000;

  private final Map<String, String> params;

  private QueryRequest(Map<String, String> params) {
    this.params = Collections.unmodifiableMap(params);
  }

  /**
   * Parses a form body and a raw query string (either may be null or empty).
   *
   * @throws AwsError {@code MalformedQueryString} for broken percent-encoding, bytes that are not
   *     UTF-8, too many parameters or a parameter given twice with different values
   */
  public static QueryRequest parse(byte[] body, String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      add(params, rawQuery);
    }
    if (body != null && body.length > 0) {
      add(params, new String(body, StandardCharsets.ISO_8859_1));
    }
    return new QueryRequest(params);
  }

  private static void add(Map<String, String> params, String form) {
    int start = 0;
    while (start <= form.length()) {
      int amp = form.indexOf('&', start);
      int end = amp < 0 ? form.length() : amp;
      if (end > start) {
        String pair = form.substring(start, end);
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        String before = params.putIfAbsent(name, value);
        if (before != null && !before.equals(value)) {
          throw malformed("The parameter " + printable(name) + " appears more than once with different values");
        }
        if (params.size() > MAX_PARAMETERS) {
          throw malformed("The request has more than " + MAX_PARAMETERS + " parameters");
        }
      }
      if (amp < 0) {
        break;
      }
      start = amp + 1;
    }
  }

  /** Decodes one form component (its characters are the raw bytes, ISO-8859-1). */
  static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0 && isAscii(s)) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        out.write(' ');
      } else if (c == '%') {
        if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
          throw malformed("Invalid percent-encoding in the request");
        }
        out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
      } else {
        out.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw malformed("The request is not UTF-8");
    }
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static int hex(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static AwsError malformed(String message) {
    return new AwsError("MalformedQueryString", 400, message);
  }

  /** Every parameter, in the order received. */
  public Map<String, String> all() {
    return params;
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /** A parameter that must be present and not empty. */
  public String required(String name) {
    String v = params.get(name);
    if (v == null || v.isEmpty()) {
      throw AwsError.missing(name);
    }
    return v;
  }

  /** {@code Action}, or empty. */
  public Optional<String> action() {
    return get("Action");
  }

  /** {@code Version}, or empty. */
  public Optional<String> version() {
    return get("Version");
  }

  /** An integer parameter, or null when absent. */
  public Integer integer(String name) {
    String v = params.get(name);
    if (v == null) {
      return null;
    }
    if (!v.matches("-?[0-9]{1,9}")) {
      throw AwsError.validation("Value '" + printable(v) + "' at '" + lowerFirst(name) + "' failed to satisfy constraint: Member must be a number");
    }
    return Integer.parseInt(v);
  }

  /** The elements of list {@code Name.member.N}, in index order; empty when absent or sent as {@code Name=}. */
  public List<String> members(String name) {
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    String prefix = name + ".member.";
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        byIndex.put(index(e.getKey().substring(prefix.length()), e.getKey()), e.getValue());
      }
    }
    return contiguous(name, byIndex);
  }

  /** The elements of list {@code Name.member.N.Field} as field maps, in index order. */
  public List<Map<String, String>> structs(String name, List<String> fields) {
    TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
    String prefix = name + ".member.";
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      String rest = e.getKey().substring(prefix.length());
      int dot = rest.indexOf('.');
      String field = dot < 0 ? null : rest.substring(dot + 1);
      if (field == null || !fields.contains(field)) {
        throw malformed("Unknown parameter " + printable(e.getKey()));
      }
      byIndex.computeIfAbsent(index(rest.substring(0, dot), e.getKey()), i -> new LinkedHashMap<>()).put(field, e.getValue());
    }
    return contiguous(name, byIndex);
  }

  private static int index(String s, String key) {
    if (!s.matches("[1-9][0-9]{0,3}") || Integer.parseInt(s) > MAX_MEMBER_INDEX) {
      throw malformed("Invalid list index in parameter " + printable(key));
    }
    return Integer.parseInt(s);
  }

  private static <T> List<T> contiguous(String name, TreeMap<Integer, T> byIndex) {
    if (!byIndex.isEmpty() && byIndex.lastKey() != byIndex.size()) {
      throw malformed("The elements of list " + name + " are not numbered 1 to " + byIndex.size());
    }
    return new ArrayList<>(byIndex.values());
  }

  static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** A value as it may appear in a message: short, without control characters. */
  public static String printable(String s) {
    String t = s.length() > 128 ? s.substring(0, 128) + "..." : s;
    StringBuilder b = new StringBuilder(t.length());
    t.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
