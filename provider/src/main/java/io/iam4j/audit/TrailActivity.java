package io.iam4j.audit;

import io.iam4j.generate.Activity;
import io.iam4j.policy.ArnSplitter;
import io.iam4j.json.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a user or role did in a time window, as the trail recorded it: the allowed requests that
 * policy generation starts from (as IAM Access Analyzer reads CloudTrail). A role acts through its
 * sessions: the requests of every {@code arn:P:sts::TENANT:assumed-role/ROLE/SESSION} count for
 * it. Denied requests are not activity (a policy that allowed them would grant what was refused),
 * and neither are allows IAM did not decide (a route the application left to the container's own
 * constraints, recorded with the reason): they are counted apart. Stateless.
 */
public final class TrailActivity {
  /** IAM's name characters; a name with anything else is not an identity's. */
  private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,128}");

  private TrailActivity() {}

  /**
   * A principal whose activity is read.
   *
   * @param arn the user's or role's ARN, as given
   * @param tenant its tenant (the ARN's account)
   * @param role whether it is a role
   * @param name its name (a role's sessions name it without its path)
   */
  public record Principal(String arn, String partition, String tenant, boolean role, String name, String path) {
    /** Whether a trail record's caller is this principal (for a role: one of its sessions). */
    boolean acts(String caller) {
      if (caller == null) {
        return false;
      }
      if (!role) {
        return caller.equals(arn);
      }
      String prefix = "arn:" + partition + ":sts::" + tenant + ":assumed-role/" + name + "/";
      return caller.startsWith(prefix) && caller.indexOf('/', prefix.length()) < 0 && caller.length() > prefix.length();
    }

    /**
     * Text every trail line of this principal's records holds, as the trail writes it:
     * {@code "principal":"ARN"}, or for a role the start its sessions' ARNs share.
     */
    String lineMarker() {
      return "\"principal\":\"" + (role ? "arn:" + partition + ":sts::" + tenant + ":assumed-role/" + name + "/" : arn + "\"");
    }

    /**
     * Reads the ARN of a user or role ({@code arn:P:iam::TENANT:user/PATH/NAME}, {@code role/}), as
     * Access Analyzer's {@code principalArn} is.
     *
     * @throws IllegalArgumentException for anything else, saying what was expected
     */
    public static Principal parse(String arn) {
      List<String> parts = ArnSplitter.split(arn, false);
      String expected = "expected the ARN of a user or role, arn:PARTITION:iam::TENANT:user/NAME or role/PATH/NAME";
      if (parts.size() != 6 || !parts.get(0).equals("arn") || parts.get(1).isEmpty() || !parts.get(2).equals("iam")
          || !parts.get(3).isEmpty() || parts.get(4).isEmpty()) {
        throw new IllegalArgumentException("Not a user or role ARN: " + arn + " (" + expected + ")");
      }
      String res = parts.get(5);
      boolean role = res.startsWith("role/");
      if (!role && !res.startsWith("user/")) {
        throw new IllegalArgumentException("Not a user or role ARN: " + arn + " (" + expected + ")");
      }
      String kind = role ? "role" : "user";
      String name = res.substring(res.lastIndexOf('/') + 1);
      String path = res.substring(kind.length(), res.length() - name.length());
      if (!NAME.matcher(name).matches() || !path.startsWith("/") || !path.endsWith("/")) {
        throw new IllegalArgumentException("Not a user or role ARN: " + arn + " (" + expected + ")");
      }
      return new Principal(arn, parts.get(1), parts.get(4), role, name, path);
    }
  }

  /**
   * The activity of a window.
   *
   * @param allowed the allowed requests, in trail order
   * @param callers the distinct callers seen (the user, or the role's sessions), sorted
   * @param notDecidedByIam allowed records IAM did not decide (left out)
   */
  public record Result(List<Activity> allowed, List<String> callers, int notDecidedByIam) {
    public Result {
      allowed = List.copyOf(allowed);
      callers = List.copyOf(callers);
    }
  }

  /**
   * Reads the decisions of {@code principal} in {@code [from, to)} from trail files: the records
   * {@link AuditQuery} would match with the principal's caller pattern, {@code Allow}, its tenant,
   * type {@code decision} and the window, read one line at a time. A line is parsed only when its
   * text names the principal and an allow, as the trail writes them ({@code "principal":"ARN},
   * {@code "decision":"Allow"}): most of a trail is other callers, and parsing (and keeping) every
   * line is what a query over a large trail costs.
   *
   * @param files the trail's files, oldest first ({@link AuditFiles#expand})
   * @param from null: from the trail's start
   * @param to null: to its end
   */
  public static Result read(List<Path> files, Principal principal, Instant from, Instant to) throws IOException {
    String marker = principal.lineMarker();
    List<Activity> allowed = new ArrayList<>();
    TreeSet<String> callers = new TreeSet<>();
    int skipped = 0;
    for (Path f : files) {
      try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          number++;
          if (!line.contains(marker) || !line.contains(ALLOW)) {
            continue;
          }
          AuditQuery.Match m = record(f, number, line);
          if (m == null || !"decision".equals(m.get("type")) || !"Allow".equals(m.get("decision"))
              || !principal.tenant().equals(m.get("tenant")) || !within(m.get("time"), from, to)) {
            continue;
          }
          String caller = m.get("principal");
          String action = m.get("action");
          if (!principal.acts(caller) || action == null) {
            continue;
          }
          if (m.get("error") != null) {
            skipped++;
            continue;
          }
          callers.add(caller);
          allowed.add(new Activity(caller, action, m.get("resource"), m.get("resourceAccount")));
        }
      }
    }
    return new Result(allowed, new ArrayList<>(callers), skipped);
  }

  private static final String ALLOW = "\"decision\":\"Allow\"";
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  /** The line as a record (the fields every record starts with, as {@link AuditQuery} requires them), or null. */
  private static AuditQuery.Match record(Path file, int number, String line) {
    JsonNode.ObjectNode json = AuditFiles.parse(line);
    if (json == null) {
      return null;
    }
    AuditQuery.Match m = new AuditQuery.Match(file, number, line, json);
    boolean seq = json.get("seq") instanceof JsonNode.NumberNode n && !n.text().startsWith("-");
    String prev = m.get("prev");
    return seq && prev != null && HASH.matcher(prev).matches() && m.get("type") != null ? m : null;
  }

  private static boolean within(String time, Instant from, Instant to) {
    if (from == null && to == null) {
      return true;
    }
    Instant t;
    try {
      t = Instant.parse(time);
    } catch (DateTimeParseException | NullPointerException e) {
      return false;
    }
    return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
  }
}
