package io.iam4j.report;

import io.iam4j.config.AccessKeyUsage;
import io.iam4j.directory.AccessKey;
import io.iam4j.directory.Arns;
import io.iam4j.directory.Credentials;
import io.iam4j.directory.LoginProfile;
import io.iam4j.directory.PasswordPolicy;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * One tenant's credential report: IAM's CSV of every user and the state of its credentials
 * (password, MFA device, access keys, signing certificates), with exactly the columns and values of
 * "Getting credential reports for your AWS account" in the IAM User Guide. Immutable.
 *
 * <p>Values, column by column (the guide's rules; iam4j's choices where it is silent are marked):
 *
 * <ul>
 *   <li>{@code user}, {@code arn}: the user's name and ARN; the first row is the tenant root, {@code
 *       <root_account>} with the tenant's {@code :root} ARN, as AWS's first row is the account's.
 *   <li>{@code user_creation_time}: the user file's {@code "created"} (written by CreateUser); for a
 *       file written by hand without it, the file's last-modified time ({@link CreationTimes}). The
 *       root's: {@code tenant.json}'s last-modified time, else the tenant directory's. {@code
 *       no_information} when neither is known (iam4j's choice: the guide always has a date).
 *   <li>{@code password_enabled}: {@code true} when the user has a password; {@code not_supported}
 *       for the root.
 *   <li>{@code password_last_used}: the last successful sign-in with the password; {@code
 *       no_information} when it was never used (since tracking began), {@code N/A} when the user has
 *       no password (the root has none in iam4j: it signs in through identity mapping only).
 *   <li>{@code password_last_changed}: the login profile's {@code "changed"}; {@code N/A} without a
 *       password, {@code not_supported} for the root; {@code no_information} for a hand-written
 *       password without dates (iam4j's choice).
 *   <li>{@code password_next_rotation}: with a password policy requiring rotation ({@code
 *       MaxPasswordAge}), when the password expires; {@code N/A} otherwise (no password, no rotation,
 *       or a password without a change date, which never expires in iam4j); {@code not_supported} for
 *       the root.
 *   <li>{@code mfa_active}: whether an MFA device is enabled for the user.
 *   <li>{@code access_key_N_active}: the user's Nth key (file order) exists and is {@code Active}.
 *   <li>{@code access_key_N_last_rotated}: its creation date; {@code N/A} when the user has no Nth
 *       active key (the guide's words: an inactive key shows {@code N/A}).
 *   <li>{@code access_key_N_last_used_date}, {@code _region}, {@code _service}: from the access key
 *       usage state ({@link AccessKeyUsage}); {@code N/A} when there is no Nth key or it was never
 *       used; the region is {@code N/A} as well when the signed request named none.
 *   <li>{@code cert_N_active}, {@code cert_N_last_rotated}: iam4j has no X.509 signing
 *       certificates: {@code false} and {@code N/A}.
 * </ul>
 *
 * <p>Booleans are written {@code true}/{@code false} and times {@code 2026-12-07T10:00:00+00:00}
 * (ISO 8601, UTC, to the second): what AWS's reports carry and what their readers parse. Rows follow
 * the root in user-name order. A field holding a comma or a quote (user names may have commas) is
 * quoted as RFC 4180 says.
 */
public record CredentialReport(String tenant, Instant generatedTime, String csv) {
  /** The columns, in AWS's order. */
  public static final List<String> COLUMNS = List.of("user", "arn", "user_creation_time", "password_enabled", "password_last_used",
      "password_last_changed", "password_next_rotation", "mfa_active", "access_key_1_active", "access_key_1_last_rotated",
      "access_key_1_last_used_date", "access_key_1_last_used_region", "access_key_1_last_used_service", "access_key_2_active",
      "access_key_2_last_rotated", "access_key_2_last_used_date", "access_key_2_last_used_region", "access_key_2_last_used_service",
      "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated");
  /** The root's row name. */
  public static final String ROOT = "<root_account>";
  public static final String NOT_APPLICABLE = "N/A";
  public static final String NO_INFORMATION = "no_information";
  public static final String NOT_SUPPORTED = "not_supported";
  /** The report's MIME type (GetCredentialReport's {@code ReportFormat}). */
  public static final String FORMAT = "text/csv";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  /** When each access key and password was last used. */
  public interface Usage {
    /** A key's last use; {@link AccessKeyUsage.LastUsed#NONE} when never used. */
    AccessKeyUsage.LastUsed accessKey(String keyId);

    /** When the password of {@code user} of {@code tenant} was last used to sign in. */
    Optional<Instant> password(String tenant, String user);

    /** Nothing known of any use. */
    Usage NONE = new Usage() {
      @Override
      public AccessKeyUsage.LastUsed accessKey(String keyId) {
        return AccessKeyUsage.LastUsed.NONE;
      }

      @Override
      public Optional<Instant> password(String tenant, String user) {
        return Optional.empty();
      }
    };

    /** The server's state: either may be null (not kept), then nothing is known of that kind of use. */
    static Usage of(AccessKeyUsage keys, io.iam4j.config.PasswordUsage passwords) {
      return new Usage() {
        @Override
        public AccessKeyUsage.LastUsed accessKey(String keyId) {
          return keys == null ? AccessKeyUsage.LastUsed.NONE : keys.lastUsed(keyId);
        }

        @Override
        public Optional<Instant> password(String tenant, String user) {
          return passwords == null ? Optional.empty() : passwords.lastUsed(tenant, user);
        }
      };
    }
  }

  /** The report as bytes (UTF-8): GetCredentialReport's {@code Content} before base64. */
  public byte[] bytes() {
    return csv.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The report of {@code tenant} as it is now.
   *
   * @param created when users (and the root) were created, for files that do not say
   */
  public static CredentialReport generate(Tenant tenant, Arns arns, Usage usage, CreationTimes created, Instant now) {
    // About 240 characters a typical row (up to ~460 with two keys used): one buffer, rarely grown.
    StringBuilder sb = new StringBuilder(256 * (tenant.users().size() + 2));
    sb.append(String.join(",", COLUMNS));
    rootRow(sb.append('\n'), tenant, arns, created);
    for (User u : tenant.users().values()) {
      userRow(sb.append('\n'), tenant, u, arns, usage, created);
    }
    return new CredentialReport(tenant.id(), now.truncatedTo(ChronoUnit.SECONDS), sb.toString());
  }

  private static void rootRow(StringBuilder sb, Tenant t, Arns arns, CreationTimes created) {
    field(sb, ROOT);
    field(sb.append(','), arns.root(t.id()));
    time(sb.append(','), created.root(t));
    sb.append(',').append(NOT_SUPPORTED);
    // The root has no password in iam4j (users/root.json is refused; it signs in through identity mapping).
    sb.append(',').append(NOT_APPLICABLE);
    sb.append(',').append(NOT_SUPPORTED).append(',').append(NOT_SUPPORTED);
    sb.append(",false");
    noKey(sb);
    noKey(sb);
    sb.append(",false,N/A,false,N/A");
  }

  private static void userRow(StringBuilder sb, Tenant t, User u, Arns arns, Usage usage, CreationTimes created) {
    Credentials c = u.credentials();
    boolean password = c != null && c.passwordHash() != null;
    LoginProfile profile = password ? c.loginProfile() : null;
    field(sb, u.name());
    field(sb.append(','), arns.user(t.id(), u.path(), u.name()));
    time(sb.append(','), u.created() != null ? u.created() : created.user(t, u));
    sb.append(',').append(password);
    if (password) {
      passwordLastUsed(sb.append(','), t, u, profile, usage);
    } else {
      sb.append(",N/A");
    }
    if (!password) {
      sb.append(",N/A");
    } else {
      time(sb.append(','), profile == null ? null : profile.changed());
    }
    nextRotation(sb.append(','), t.passwordPolicy(), profile);
    sb.append(',').append(c != null && c.hasMfaDevice());
    List<AccessKey> keys = u.accessKeys();
    for (int i = 0; i < 2; i++) {
      if (i < keys.size()) {
        key(sb, keys.get(i), usage.accessKey(keys.get(i).id()));
      } else {
        noKey(sb);
      }
    }
    sb.append(",false,N/A,false,N/A");
  }

  /**
   * The last sign-in with the password; a use recorded before the login profile was created
   * belongs to an earlier password of a user of the same name (deleted, created again).
   */
  private static void passwordLastUsed(StringBuilder sb, Tenant t, User u, LoginProfile profile, Usage usage) {
    Optional<Instant> used = usage.password(t.id(), u.name());
    if (used.isEmpty() || profile != null && profile.created() != null && used.get().isBefore(profile.created().truncatedTo(ChronoUnit.SECONDS))) {
      sb.append(NO_INFORMATION);
    } else {
      time(sb, used.get());
    }
  }

  private static void nextRotation(StringBuilder sb, PasswordPolicy policy, LoginProfile profile) {
    if (policy == null || policy.maxPasswordAge() <= 0 || profile == null || profile.changed() == null) {
      sb.append(NOT_APPLICABLE);
    } else {
      time(sb, profile.changed().plus(Duration.ofDays(policy.maxPasswordAge())));
    }
  }

  private static void key(StringBuilder sb, AccessKey k, AccessKeyUsage.LastUsed used) {
    sb.append(',').append(k.active());
    if (k.active()) {
      time(sb.append(','), k.created());
    } else {
      sb.append(",N/A");
    }
    if (used.used()) {
      time(sb.append(','), used.lastUsedDate());
      sb.append(',').append(used.region());
      sb.append(',').append(used.serviceName());
    } else {
      sb.append(",N/A,N/A,N/A");
    }
  }

  private static void noKey(StringBuilder sb) {
    sb.append(",false,N/A,N/A,N/A,N/A");
  }

  /** ISO 8601 to the second with AWS's {@code +00:00}; {@code no_information} when unknown. */
  static String time(Instant t) {
    return t == null ? NO_INFORMATION : time(new StringBuilder(25), t).toString();
  }

  /**
   * Appends {@link #time(Instant)}: by hand for years 0 to 9999 (a report has two to five times per
   * row, and a formatter's allocations were most of a large report's cost), else by the formatter.
   */
  static StringBuilder time(StringBuilder sb, Instant t) {
    if (t == null) {
      return sb.append(NO_INFORMATION);
    }
    java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
    int y = d.getYear();
    if (y < 0 || y > 9999) {
      return sb.append(TIME.format(t.truncatedTo(ChronoUnit.SECONDS)));
    }
    two(two(sb, y / 100), y % 100).append('-');
    two(sb, d.getMonthValue()).append('-');
    two(sb, d.getDayOfMonth()).append('T');
    two(sb, d.getHour()).append(':');
    two(sb, d.getMinute()).append(':');
    return two(sb, d.getSecond()).append("+00:00");
  }

  private static StringBuilder two(StringBuilder sb, int v) {
    return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  /** A field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
  private static void field(StringBuilder sb, String s) {
    boolean quote = false;
    for (int i = 0; i < s.length() && !quote; i++) {
      char ch = s.charAt(i);
      quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
    }
    if (!quote) {
      sb.append(s);
      return;
    }
    sb.append('"').append(s.replace("\"", "\"\"")).append('"');
  }

  @Override
  public String toString() {
    return "CredentialReport[" + tenant + ", " + generatedTime + ", " + csv.length() + " chars]";
  }
}
