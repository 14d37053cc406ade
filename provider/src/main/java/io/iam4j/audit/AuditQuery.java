package io.iam4j.audit;

import io.iam4j.json.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds records in trail files: "who did what, when, and why was it allowed". Stateless.
 *
 * <p>Filters combine with AND; a null filter matches everything. {@code principal}, {@code action}
 * and {@code resource} take {@code *} and {@code ?} wildcards ({@code action} ignores case, as IAM
 * does); {@code decision} is {@code Allow}, {@code ExplicitDeny}, {@code ImplicitDeny} or
 * {@code Deny} (both denies), in any case.
 */
public final class AuditQuery {

  /**
   * @param type {@code decision}, {@code config}, {@code signin}, {@code shadow}, {@code dropped}, {@code file}, {@code checkpoint}
   *     or {@code recovery}; null: all
   * @param since records at or after this instant
   * @param until records before this instant
   */
  public record Filter(String principal, String action, String resource, String decision, String tenant, String type,
      Instant since, Instant until) {
    public static final Filter ALL = new Filter(null, null, null, null, null, null, null, null);
  }

  /** One matching record: where it is, its text (one JSON object) and its fields. */
  public record Match(Path file, int line, String json, JsonNode.ObjectNode fields) {
    /** A string field, or null. */
    public String get(String name) {
      JsonNode v = fields.get(name);
      if (v instanceof JsonNode.StringNode s) {
        return s.value();
      }
      if (v instanceof JsonNode.NumberNode n) {
        return n.text();
      }
      if (v instanceof JsonNode.BooleanNode b) {
        return Boolean.toString(b.value());
      }
      return null;
    }

    /** The deciding statements as {@code POLICY#SID} (or {@code POLICY#INDEX} without a Sid). */
    public List<String> statements() {
      List<String> out = new ArrayList<>();
      if (fields.get("statements") instanceof JsonNode.ArrayNode a) {
        for (JsonNode n : a.elements()) {
          if (n instanceof JsonNode.ObjectNode o) {
            Match s = new Match(file, line, "", o);
            out.add(s.get("type") + " " + s.get("policy") + "#" + (s.get("sid") != null ? s.get("sid") : s.get("statement")));
          }
        }
      }
      return out;
    }

    /**
     * A configuration record's content digests as {@code FILE BEFORE -> AFTER}, each digest cut to
     * 12 hex digits ({@code none} for an absent side): enough to tell versions apart at a glance.
     */
    public List<String> digests() {
      List<String> out = new ArrayList<>();
      if (fields.get("digests") instanceof JsonNode.ArrayNode a) {
        for (JsonNode n : a.elements()) {
          if (n instanceof JsonNode.ObjectNode o) {
            Match d = new Match(file, line, "", o);
            out.add(d.get("file") + " " + shortDigest(d.get("before")) + " -> " + shortDigest(d.get("after")));
          }
        }
      }
      return out;
    }

    private static String shortDigest(String hex) {
      return hex == null ? "none" : hex.substring(0, Math.min(12, hex.length()));
    }

    /** A list field ({@code files}, {@code arns}, {@code problems}) as strings. */
    public List<String> list(String name) {
      List<String> out = new ArrayList<>();
      if (fields.get(name) instanceof JsonNode.ArrayNode a) {
        a.elements().stream().filter(JsonNode.StringNode.class::isInstance).map(n -> ((JsonNode.StringNode) n).value()).forEach(out::add);
      }
      return out;
    }
  }

  private AuditQuery() {}

  /** The records of {@code files} (read in the order given) that match {@code filter}; lines that are not records are skipped. */
  public static List<Match> run(List<Path> files, Filter filter) throws IOException {
    Pattern principal = glob(filter.principal(), false);
    Pattern action = glob(filter.action(), true);
    Pattern resource = glob(filter.resource(), false);
    List<Match> out = new ArrayList<>();
    for (Path f : files) {
      for (AuditFiles.Line l : AuditFiles.lines(f)) {
        if (!l.record()) {
          continue;
        }
        Match m = new Match(f, l.number(), l.text(), l.json());
        if (matches(m, filter, principal, action, resource)) {
          out.add(m);
        }
      }
    }
    return out;
  }

  private static boolean matches(Match m, Filter f, Pattern principal, Pattern action, Pattern resource) {
    if (f.type() != null && !f.type().equalsIgnoreCase(m.get("type"))) {
      return false;
    }
    if (f.tenant() != null && !f.tenant().equals(m.get("tenant"))) {
      return false;
    }
    if (!test(principal, m.get("principal")) || !test(action, m.get("action")) || !test(resource, m.get("resource"))) {
      return false;
    }
    if (f.decision() != null) {
      String d = m.get("decision");
      boolean ok = d != null && (f.decision().equalsIgnoreCase(d)
          || f.decision().equalsIgnoreCase("deny") && d.endsWith("Deny"));
      if (!ok) {
        return false;
      }
    }
    if (f.since() != null || f.until() != null) {
      Instant t;
      try {
        t = Instant.parse(m.get("time"));
      } catch (DateTimeParseException | NullPointerException e) {
        return false;
      }
      if (f.since() != null && t.isBefore(f.since()) || f.until() != null && !t.isBefore(f.until())) {
        return false;
      }
    }
    return true;
  }

  private static boolean test(Pattern p, String value) {
    return p == null || value != null && p.matcher(value).matches();
  }

  /** {@code *} any run of characters, {@code ?} one character, everything else literal. */
  static Pattern glob(String pattern, boolean ignoreCase) {
    if (pattern == null) {
      return null;
    }
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
  }

  /**
   * Reads a point in time: an ISO instant ({@code 2026-07-01T10:00:00Z}), a date ({@code 2026-07-01},
   * its start in UTC), or an age before {@code now} ({@code 30m}, {@code 12h}, {@code 7d}, {@code PT1H}).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Instant time(String text, Instant now) {
    String t = text.strip();
    try {
      if (t.matches("\\d+[smhd]")) {
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        Duration d = switch (t.charAt(t.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
        return now.minus(d);
      }
      if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
        return now.minus(Duration.parse(t));
      }
      if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return java.time.OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException("Not a time: \"" + text + "\" (expected 2026-07-01T10:00:00Z, 2026-07-01, 30m, 12h, 7d or PT1H)");
    }
  }
}
