package io.iam4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.config.AccessKeyUsage;
import io.iam4j.directory.AccessKey;
import io.iam4j.directory.Arns;
import io.iam4j.directory.Credentials;
import io.iam4j.directory.LoginProfile;
import io.iam4j.directory.MfaDevice;
import io.iam4j.directory.PasswordPolicy;
import io.iam4j.directory.Tags;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The report's columns, each value as "Getting credential reports for your AWS account" (IAM User
 * Guide) defines it: the header, the root's row, passwords (enabled, last used, last changed, next
 * rotation), MFA, the two access keys and the certificates.
 */
class CredentialReportTest {
  static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");
  static final String HASH = "PBKDF2WithHmacSHA256:210000:c2FsdA==:aGFzaA==";
  static final String K1 = "AKIAAAAAAAAAAAAAAAA2";
  static final String K2 = "AKIABBBBBBBBBBBBBBB3";
  static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
      + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
      + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
      + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
      + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

  final Map<String, AccessKeyUsage.LastUsed> keyUses = new HashMap<>();
  final Map<String, Instant> passwordUses = new HashMap<>();
  final CredentialReport.Usage usage = new CredentialReport.Usage() {
    @Override
    public AccessKeyUsage.LastUsed accessKey(String keyId) {
      return keyUses.getOrDefault(keyId, AccessKeyUsage.LastUsed.NONE);
    }

    @Override
    public Optional<Instant> password(String tenant, String user) {
      return Optional.ofNullable(passwordUses.get(tenant + "/" + user));
    }
  };
  final CreationTimes fileTimes = new CreationTimes() {
    @Override
    public Instant user(Tenant tenant, User user) {
      return Instant.parse("2025-05-05T05:05:05.900Z");
    }

    @Override
    public Instant root(Tenant tenant) {
      return Instant.parse("2025-01-01T00:00:00Z");
    }
  };

  static User user(String name, Credentials c, Instant created) {
    return new User(name, "/", "AIDA" + name.toUpperCase(), Tags.NONE, List.of(), List.of(), List.of(), null, c, created);
  }

  static Credentials password(LoginProfile profile) {
    return new Credentials(HASH, null, List.of(), profile, null);
  }

  static AccessKey key(String id, String user, AccessKey.Status status, Instant created) {
    return new AccessKey(id, user, status, created, "sealed:" + id);
  }

  static Tenant tenant(PasswordPolicy policy, User... users) {
    Map<String, User> m = new LinkedHashMap<>();
    for (User u : users) {
      m.put(u.name(), u);
    }
    return new Tenant("acme", 1, "", m, Map.of(), Map.of(), Map.of(), List.of(), false, "f", null, policy);
  }

  List<Map<String, String>> rows(Tenant t) {
    CredentialReport r = CredentialReport.generate(t, Arns.DEFAULT, usage, fileTimes, NOW);
    assertEquals("acme", r.tenant());
    assertEquals(NOW, r.generatedTime());
    String[] lines = r.csv().split("\n", -1);
    assertEquals(HEADER, lines[0]);
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      List<String> fields = parse(lines[i]);
      assertEquals(22, fields.size(), lines[i]);
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < 22; c++) {
        row.put(CredentialReport.COLUMNS.get(c), fields.get(c));
      }
      out.add(row);
    }
    return out;
  }

  /** An RFC 4180 line. */
  static List<String> parse(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    out.add(f.toString());
    return out;
  }

  Map<String, String> row(Tenant t, String user) {
    return rows(t).stream().filter(r -> r.get("user").equals(user)).findFirst().orElseThrow();
  }

  @Test
  void header_isAwssColumns_inAwssOrder() {
    assertEquals(HEADER, String.join(",", CredentialReport.COLUMNS));
    assertEquals(2, CredentialReport.generate(tenant(null), Arns.DEFAULT, usage, fileTimes, NOW).csv().split("\n").length,
        "a tenant without users: the header and the root");
    assertEquals(HEADER + "\n<root_account>", CredentialReport.generate(tenant(null), Arns.DEFAULT, usage, fileTimes, NOW).csv()
        .substring(0, HEADER.length() + 15));
  }

  @Test
  void rootRow_first_notSupportedWhereTheGuideSaysSo() {
    List<Map<String, String>> rows = rows(tenant(null, user("alice", null, CREATED)));
    assertEquals(2, rows.size());
    assertEquals("<root_account>,arn:iam4j:iam::acme:root,2025-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,"
        + "false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A", String.join(",", rows.get(0).values()));
    assertEquals("alice", rows.get(1).get("user"));
  }

  @Test
  void userWithoutCredentials_falseAndNotApplicable() {
    Map<String, String> r = row(tenant(null, user("alice", null, CREATED)), "alice");
    assertEquals("alice,arn:iam4j:iam::acme:user/alice,2026-01-02T03:04:05+00:00,false,N/A,N/A,N/A,false,"
        + "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A", String.join(",", r.values()));
  }

  @Test
  void arn_carriesThePath() {
    User u = new User("alice", "/eng/web/", "AIDAX", Tags.NONE, List.of(), List.of(), List.of(), null, null, CREATED);
    assertEquals("arn:iam4j:iam::acme:user/eng/web/alice", row(tenant(null, u), "alice").get("arn"));
  }

  @Test
  void userCreationTime_fileFallbackWhenTheFileSaysNothing_noInformationWhenNothingIsKnown() {
    Tenant t = tenant(null, user("alice", null, null));
    assertEquals("2025-05-05T05:05:05+00:00", row(t, "alice").get("user_creation_time"));
    String csv = CredentialReport.generate(t, Arns.DEFAULT, usage, CreationTimes.UNKNOWN, NOW).csv();
    assertTrue(csv.contains("\nalice,arn:iam4j:iam::acme:user/alice,no_information,"), csv);
    assertTrue(csv.contains("\n<root_account>,arn:iam4j:iam::acme:root,no_information,"), csv);
  }

  @Test
  void password_neverUsed_noInformation() {
    LoginProfile p = new LoginProfile(CREATED, CREATED.plusSeconds(60), false, List.of());
    Map<String, String> r = row(tenant(null, user("alice", password(p), CREATED)), "alice");
    assertEquals("true", r.get("password_enabled"));
    assertEquals("no_information", r.get("password_last_used"));
    assertEquals("2026-01-02T03:05:05+00:00", r.get("password_last_changed"));
    assertEquals("N/A", r.get("password_next_rotation"), "no password policy requiring rotation");
  }

  @Test
  void password_used_isoTimeToTheSecond() {
    passwordUses.put("acme/alice", Instant.parse("2026-12-07T11:59:58.999Z"));
    LoginProfile p = new LoginProfile(CREATED, CREATED, false, List.of());
    assertEquals("2026-12-07T11:59:58+00:00", row(tenant(null, user("alice", password(p), CREATED)), "alice").get("password_last_used"));
  }

  @Test
  void password_usedBeforeThisLoginProfileWasCreated_belongsToAnEarlierUser_noInformation() {
    passwordUses.put("acme/alice", CREATED.minusSeconds(1));
    LoginProfile p = new LoginProfile(CREATED, CREATED, false, List.of());
    assertEquals("no_information", row(tenant(null, user("alice", password(p), CREATED)), "alice").get("password_last_used"));
  }

  @Test
  void password_removed_lastUseNotApplicable() {
    passwordUses.put("acme/alice", NOW.minusSeconds(60));
    Map<String, String> r = row(tenant(null, user("alice", new Credentials(null, null, List.of()), CREATED)), "alice");
    assertEquals("false", r.get("password_enabled"));
    assertEquals("N/A", r.get("password_last_used"));
    assertEquals("N/A", r.get("password_last_changed"));
  }

  @Test
  void passwordPolicyWithRotation_nextRotationIsChangedPlusMaxPasswordAge() {
    PasswordPolicy ninety = new PasswordPolicy(8, false, false, false, false, true, 90, 0, false);
    LoginProfile p = new LoginProfile(CREATED, Instant.parse("2026-11-01T10:00:00Z"), false, List.of());
    assertEquals("2027-01-30T10:00:00+00:00", row(tenant(ninety, user("alice", password(p), CREATED)), "alice").get("password_next_rotation"));
    assertEquals("N/A", row(tenant(ninety, user("bob", null, CREATED)), "bob").get("password_next_rotation"), "no password");
    PasswordPolicy noRotation = new PasswordPolicy(8, false, false, false, false, true, 0, 0, false);
    assertEquals("N/A", row(tenant(noRotation, user("alice", password(p), CREATED)), "alice").get("password_next_rotation"));
  }

  @Test
  void handWrittenPassword_withoutDates_noInformationAndNoRotation() {
    PasswordPolicy ninety = new PasswordPolicy(8, false, false, false, false, true, 90, 0, false);
    Map<String, String> r = row(tenant(ninety, user("alice", password(null), CREATED)), "alice");
    assertEquals("true", r.get("password_enabled"));
    assertEquals("no_information", r.get("password_last_changed"));
    assertEquals("N/A", r.get("password_next_rotation"), "a password without a change date never expires");
  }

  @Test
  void mfaActive_whenADeviceIsEnabled() {
    Credentials withMfa = new Credentials(null, "enc:seed", List.of(), null, MfaDevice.of("alice"));
    assertEquals("true", row(tenant(null, user("alice", withMfa, CREATED)), "alice").get("mfa_active"));
    assertEquals("false", row(tenant(null, user("alice", password(null), CREATED)), "alice").get("mfa_active"));
  }

  @Test
  void accessKeys_activeRotatedAndLastUse_secondInactive() {
    Instant k1Created = Instant.parse("2026-06-01T00:00:00Z");
    Instant k2Created = Instant.parse("2026-07-01T00:00:00Z");
    keyUses.put(K1, new AccessKeyUsage.LastUsed(Instant.parse("2026-12-07T11:00:00Z"), "iam", "us-east-1"));
    keyUses.put(K2, new AccessKeyUsage.LastUsed(Instant.parse("2026-08-01T00:00:00Z"), "s3", "N/A"));
    Credentials c = new Credentials(null, null, List.of(key(K1, "alice", AccessKey.Status.Active, k1Created),
        key(K2, "alice", AccessKey.Status.Inactive, k2Created)));
    Map<String, String> r = row(tenant(null, user("alice", c, CREATED)), "alice");
    assertEquals("true", r.get("access_key_1_active"));
    assertEquals("2026-06-01T00:00:00+00:00", r.get("access_key_1_last_rotated"));
    assertEquals("2026-12-07T11:00:00+00:00", r.get("access_key_1_last_used_date"));
    assertEquals("us-east-1", r.get("access_key_1_last_used_region"));
    assertEquals("iam", r.get("access_key_1_last_used_service"));
    assertEquals("false", r.get("access_key_2_active"));
    assertEquals("N/A", r.get("access_key_2_last_rotated"), "the guide: N/A when the user has no second active key");
    assertEquals("2026-08-01T00:00:00+00:00", r.get("access_key_2_last_used_date"));
    assertEquals("N/A", r.get("access_key_2_last_used_region"), "a service that is not regional");
    assertEquals("s3", r.get("access_key_2_last_used_service"));
  }

  @Test
  void accessKey_neverUsed_lastUseNotApplicable_noSecondKey() {
    Credentials c = new Credentials(null, null, List.of(key(K1, "alice", AccessKey.Status.Active, CREATED)));
    Map<String, String> r = row(tenant(null, user("alice", c, CREATED)), "alice");
    assertEquals("true", r.get("access_key_1_active"));
    assertEquals("N/A", r.get("access_key_1_last_used_date"));
    assertEquals("N/A", r.get("access_key_1_last_used_region"));
    assertEquals("N/A", r.get("access_key_1_last_used_service"));
    assertEquals("false", r.get("access_key_2_active"));
    assertEquals("N/A", r.get("access_key_2_last_rotated"));
  }

  @Test
  void certificates_iam4jHasNone() {
    Map<String, String> r = row(tenant(null, user("alice", password(null), CREATED)), "alice");
    assertEquals(List.of("false", "N/A", "false", "N/A"), List.of(r.get("cert_1_active"), r.get("cert_1_last_rotated"),
        r.get("cert_2_active"), r.get("cert_2_last_rotated")));
  }

  @Test
  void rows_followTheRoot_inNameOrder_andNamesWithCommasAreQuoted() {
    Tenant t = tenant(null, user("zed", null, CREATED), user("a,b", null, CREATED), user("mia", null, CREATED));
    List<String> users = rows(t).stream().map(r -> r.get("user")).toList();
    assertEquals(List.of("<root_account>", "a,b", "mia", "zed"), users);
    String csv = CredentialReport.generate(t, Arns.DEFAULT, usage, fileTimes, NOW).csv();
    assertTrue(csv.contains("\n\"a,b\",\"arn:iam4j:iam::acme:user/a,b\","), csv);
  }

  @Test
  void time_isIso8601WithAwssOffset() {
    assertEquals("2026-12-07T03:04:05+00:00", CredentialReport.time(Instant.parse("2026-12-07T03:04:05.678Z")));
    assertEquals("no_information", CredentialReport.time(null));
  }

  @Test
  void time_byHand_isWhatTheFormatterWrites() {
    java.time.format.DateTimeFormatter iso = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx")
        .withZone(java.time.ZoneOffset.UTC);
    java.util.Random random = new java.util.Random(17);
    List<Instant> samples = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2024-02-29T23:59:59Z"),
        Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59.999Z"), Instant.parse("9999-12-31T23:59:59Z")));
    for (int i = 0; i < 2_000; i++) {
      samples.add(Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L)));
    }
    for (Instant t : samples) {
      assertEquals(iso.format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), CredentialReport.time(t), t.toString());
    }
  }
}
