package io.iam4j.audit;

import io.iam4j.generate.Activity;
import io.iam4j.policy.ArnSplitter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
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

    /** The callers to look for, as an {@link AuditQuery} pattern. */
    String callerPattern() {
      return role ? "arn:" + partition + ":sts::" + tenant + ":assumed-role/" + name + "/*" : arn;
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
   * Reads the decisions of {@code principal} in {@code [from, to)} from trail files.
   *
   * @param files the trail's files, oldest first ({@link AuditFiles#expand})
   * @param from null: from the trail's start
   * @param to null: to its end
   */
  public static Result read(List<Path> files, Principal principal, Instant from, Instant to) throws IOException {
    AuditQuery.Filter filter = new AuditQuery.Filter(principal.callerPattern(), null, null, "Allow", principal.tenant(), "decision",
        from, to);
    List<Activity> allowed = new ArrayList<>();
    TreeSet<String> callers = new TreeSet<>();
    int skipped = 0;
    for (AuditQuery.Match m : AuditQuery.run(files, filter)) {
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
    return new Result(allowed, new ArrayList<>(callers), skipped);
  }
}
