package io.iam4j.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.iam4j.directory.Arns;
import io.iam4j.directory.Group;
import io.iam4j.directory.InlinePolicy;
import io.iam4j.directory.ManagedPolicy;
import io.iam4j.directory.ProviderPolicies;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.directory.User;
import io.iam4j.policy.PolicyLimits;
import io.iam4j.policy.PolicyParser;
import io.iam4j.policy.PolicyPrinter;
import io.iam4j.policy.PolicyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tenant schema (TenantLoader's javadoc) and its validation: a complete tenant loads, and each
 * kind of mistake is reported with the file and JSON pointer where it is, all at once.
 */
class TenantLoaderTest {
  static final Map<String, ManagedPolicy> PROVIDER = ProviderPolicies.load(Arns.DEFAULT, TenantLoaderTest.class.getClassLoader());
  static final String READ_ONLY = "arn:iam4j:iam::iam4j:policy/ReadOnlyAccess";

  @TempDir Path root;
  Path tenantDir;
  final TenantLoader loader =
      new TenantLoader(Arns.DEFAULT, PROVIDER, new PolicyParser(new PolicyParser.Settings(PolicyLimits.DEFAULTS, true)));

  /** JSON written with single quotes, for readability. */
  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  static String allow(String action, String resource) {
    return j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': '" + action + "', 'Resource': '" + resource + "'}]}");
  }

  static final String TRUST_ALICE = j("""
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:iam4j:iam::acme:user/eng/alice"}, "Action": "sts:AssumeRole"}]}""");

  /** A tenant using every part of the schema. */
  static Map<String, String> completeTenant() {
    Map<String, String> f = new TreeMap<>();
    f.put("tenant.json", j("{'description': 'Acme Corp', 'rootEnabled': true}"));
    f.put("users/alice.json", j("""
        {'path': '/eng/',
         'tags': {'team': 'blue', 'cost-center': '42'},
         'groups': ['devs'],
         'managedPolicies': ['arn:iam4j:iam::acme:policy/DocsRead', 'arn:iam4j:iam::iam4j:policy/ReadOnlyAccess'],
         'inlinePolicies': {'Home': 'inline/alice-home.json'},
         'permissionsBoundary': 'arn:iam4j:iam::acme:policy/team/DocsBoundary',
         'passwordHash': 'PBKDF2WithHmacSHA256:210000:c2FsdHNhbHQ=:aGFzaGhhc2g=',
         'mfaSeed': 'enc:QUJDREVGRw=='}"""));
    f.put("users/bob.json", "{}");
    f.put("groups/devs.json", j("""
        {'path': '/eng/', 'managedPolicies': ['arn:iam4j:iam::acme:policy/DocsRead'],
         'inlinePolicies': {'Write': 'inline/devs-write.json'}}"""));
    f.put("roles/Auditor.json", j("""
        {'path': '/audit/', 'tags': {'purpose': 'audit'}, 'trustPolicy': 'trust/auditor.json',
         'managedPolicies': ['arn:iam4j:iam::iam4j:policy/ReadOnlyAccess'], 'maxSessionDuration': 7200}"""));
    f.put("roles/Plain.json", j("{'trustPolicy': 'trust/auditor.json'}"));
    f.put("policies/DocsRead.json", allow("docs:Get*", "arn:iam4j:docs::acme:bucket/*"));
    f.put("policies/DocsBoundary/policy.json", j("{'path': '/team/', 'description': 'caps the docs team', 'defaultVersion': 'v2'}"));
    f.put("policies/DocsBoundary/v1.json", allow("docs:GetObject", "*"));
    f.put("policies/DocsBoundary/v2.json", allow("docs:*", "*"));
    f.put("guardrails/NoBucketDeletion.json", j("""
        {'Version': '2012-10-17', 'Statement': [
          {'Effect': 'Allow', 'Action': '*', 'Resource': '*'},
          {'Effect': 'Deny', 'Action': 'docs:DeleteBucket', 'Resource': '*'}]}"""));
    f.put("inline/alice-home.json", allow("docs:*", "arn:iam4j:docs::acme:bucket/home/${aws:username}/*"));
    f.put("inline/devs-write.json", allow("docs:PutObject", "arn:iam4j:docs::acme:bucket/*"));
    f.put("trust/auditor.json", TRUST_ALICE);
    return f;
  }

  Map<String, String> files;

  @BeforeEach
  void setUp() {
    tenantDir = root.resolve("tenants/acme");
    files = completeTenant();
  }

  /** Writes the files into the temporary tenant directory and reads them back as the store does. */
  Map<String, String> onDisk(Map<String, String> tenantFiles) {
    try {
      Files.createDirectories(tenantDir);
      for (Map.Entry<String, String> e : tenantFiles.entrySet()) {
        Path p = tenantDir.resolve(e.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
      }
      try (Stream<Path> s = Files.walk(tenantDir)) {
        return s.filter(Files::isRegularFile).collect(Collectors.toMap(
            p -> tenantDir.relativize(p).toString().replace('\\', '/'), p -> read(p), (a, b) -> a, TreeMap::new));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Tenant load() {
    return loader.load("acme", onDisk(files), "tenants/acme/");
  }

  List<ConfigProblem> problems() {
    return problems("acme");
  }

  List<ConfigProblem> problems(String tenantId) {
    Map<String, String> content = onDisk(files);
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(tenantId, content, "tenants/" + tenantId + "/"));
    assertFalse(e.problems().isEmpty());
    return e.problems();
  }

  /** Asserts one of the problems is at {@code file} and {@code pointer} and its message mentions {@code words}. */
  static ConfigProblem assertProblem(List<ConfigProblem> problems, String file, String pointer, String words) {
    for (ConfigProblem p : problems) {
      if (p.file().equals(file) && p.pointer().equals(pointer) && p.message().contains(words)) {
        return p;
      }
    }
    return fail("no problem at " + file + " " + pointer + " mentioning \"" + words + "\" in\n" + problems.stream()
        .map(ConfigProblem::toString).collect(Collectors.joining("\n")));
  }

  // ---------------------------------------------------------------- a complete tenant

  @Test
  void load_completeTenant_tenantAndUsers() {
    Tenant t = load();
    assertEquals("acme", t.id());
    assertEquals("Acme Corp", t.description());
    assertTrue(t.rootEnabled());
    assertEquals(List.of("alice", "bob"), List.copyOf(t.users().keySet()));

    User alice = t.users().get("alice");
    assertAll(
        () -> assertEquals("/eng/", alice.path()),
        () -> assertEquals(Map.of("team", "blue", "cost-center", "42"), alice.tags().values()),
        () -> assertEquals(List.of("devs"), alice.groups()),
        () -> assertEquals(List.of("arn:iam4j:iam::acme:policy/DocsRead", READ_ONLY), alice.managedPolicies()),
        () -> assertEquals(List.of("Home"), alice.inlinePolicies().stream().map(InlinePolicy::name).toList()),
        () -> assertEquals(PolicyType.IDENTITY, alice.inlinePolicies().get(0).policy().type()),
        () -> assertEquals("arn:iam4j:iam::acme:policy/team/DocsBoundary", alice.permissionsBoundary()),
        () -> assertEquals("PBKDF2WithHmacSHA256:210000:c2FsdHNhbHQ=:aGFzaGhhc2g=", alice.credentials().passwordHash()),
        () -> assertTrue(alice.credentials().hasMfaDevice()),
        () -> assertFalse(alice.credentials().toString().contains("aGFzaGhhc2g"), "credentials never printed"),
        () -> assertTrue(alice.id().matches("AIDA[A-Z0-9]{17}"), alice.id()));

    User bob = t.users().get("bob");
    assertAll(
        () -> assertEquals("/", bob.path()),
        () -> assertTrue(bob.tags().values().isEmpty()),
        () -> assertTrue(bob.groups().isEmpty()),
        () -> assertNull(bob.permissionsBoundary()),
        () -> assertNull(bob.credentials()),
        () -> assertNotEquals(alice.id(), bob.id()));
  }

  @Test
  void load_completeTenant_groupsRolesPoliciesGuardrails() {
    Tenant t = load();
    Group devs = t.groups().get("devs");
    assertEquals("/eng/", devs.path());
    assertEquals(List.of("arn:iam4j:iam::acme:policy/DocsRead"), devs.managedPolicies());
    assertEquals("Write", devs.inlinePolicies().get(0).name());

    Role auditor = t.roles().get("Auditor");
    assertAll(
        () -> assertEquals("/audit/", auditor.path()),
        () -> assertEquals(7200, auditor.maxSessionDurationSeconds()),
        () -> assertEquals(PolicyType.RESOURCE, auditor.trustPolicy().type()),
        () -> assertTrue(PolicyPrinter.print(auditor.trustPolicy()).contains("arn:iam4j:iam::acme:user/eng/alice")),
        () -> assertEquals(List.of(READ_ONLY), auditor.managedPolicies()),
        () -> assertEquals("audit", auditor.tags().values().get("purpose")),
        () -> assertTrue(auditor.id().matches("AROA[A-Z0-9]{17}"), auditor.id()));
    assertEquals(TenantLoader.MIN_SESSION_SECONDS, t.roles().get("Plain").maxSessionDurationSeconds(), "default: one hour");

    assertEquals(List.of("arn:iam4j:iam::acme:policy/DocsRead", "arn:iam4j:iam::acme:policy/team/DocsBoundary"),
        List.copyOf(t.policies().keySet()), "tenant policies only; provider policies are referenced, not copied");
    ManagedPolicy single = t.policies().get("arn:iam4j:iam::acme:policy/DocsRead");
    assertEquals(List.of("v1"), single.versions().stream().map(ManagedPolicy.Version::id).toList());
    assertEquals("v1", single.defaultVersionId());
    assertFalse(single.providerManaged());

    ManagedPolicy versioned = t.policies().get("arn:iam4j:iam::acme:policy/team/DocsBoundary");
    assertAll(
        () -> assertEquals("DocsBoundary", versioned.name()),
        () -> assertEquals("/team/", versioned.path()),
        () -> assertEquals("caps the docs team", versioned.description()),
        () -> assertEquals(List.of("v1", "v2"), versioned.versions().stream().map(ManagedPolicy.Version::id).toList()),
        () -> assertEquals("v2", versioned.defaultVersionId()),
        () -> assertTrue(PolicyPrinter.print(versioned.document()).contains("docs:*"), "the default version is in force"));

    assertEquals(1, t.guardrails().size());
    assertEquals("arn:iam4j:iam::acme:guardrail/NoBucketDeletion", t.guardrails().get(0).name());
    assertEquals(PolicyType.GUARDRAIL, t.guardrails().get(0).type());
    assertEquals(0, t.version(), "the store, not the loader, numbers versions");
  }

  @Test
  void load_noTenantJson_defaultsRootDisabled() {
    files.remove("tenant.json");
    Tenant t = load();
    assertFalse(t.rootEnabled());
    assertEquals("", t.description());
  }

  @Test
  void load_emptyTenant_loads() {
    files.clear();
    Tenant t = load();
    assertTrue(t.users().isEmpty());
    assertTrue(t.guardrails().isEmpty());
  }

  @Test
  void fingerprint_equalFiles_equalFingerprint_changedContentDiffers() {
    Map<String, String> a = completeTenant();
    Map<String, String> b = new TreeMap<>(completeTenant());
    assertEquals(TenantLoader.fingerprint(a), TenantLoader.fingerprint(b));
    b.put("users/bob.json", "{ }");
    assertNotEquals(TenantLoader.fingerprint(a), TenantLoader.fingerprint(b));
    Map<String, String> renamed = new TreeMap<>(completeTenant());
    renamed.put("users/carol.json", renamed.remove("users/bob.json"));
    assertNotEquals(TenantLoader.fingerprint(a), TenantLoader.fingerprint(renamed), "paths count, not only contents");
  }

  // ---------------------------------------------------------------- syntax and schema

  @Test
  void load_badJson_reportsFileAndLocation() {
    files.put("users/bob.json", "{\n  \"groups\": [\"devs\",\n}");
    ConfigProblem p = assertProblem(problems(), "tenants/acme/users/bob.json", "/groups/1", "Not valid JSON");
    assertEquals(3, p.location().line(), p.toString());
  }

  @Test
  void load_notAnObject_reported() {
    files.put("users/bob.json", "[]");
    assertProblem(problems(), "tenants/acme/users/bob.json", "", "Expected a JSON object");
  }

  @Test
  void load_unknownKey_reportsPointerOfTheKey() {
    files.put("users/bob.json", j("{'group': ['devs']}"));
    ConfigProblem p = assertProblem(problems(), "tenants/acme/users/bob.json", "/group", "Unknown key \"group\"");
    assertTrue(p.message().contains("groups"), "lists the expected keys: " + p.message());
  }

  @Test
  void load_unknownKeyInTenantJson_reported() {
    files.put("tenant.json", j("{'rootEnabled': 'yes', 'owner': 'x'}"));
    List<ConfigProblem> ps = problems();
    assertProblem(ps, "tenants/acme/tenant.json", "/owner", "Unknown key");
    assertProblem(ps, "tenants/acme/tenant.json", "/rootEnabled", "true or false");
  }

  @Test
  void load_missingGroup_reportsGroupsElement() {
    files.put("users/bob.json", j("{'groups': ['devs', 'ops']}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/groups/1", "No group \"ops\"");
  }

  @Test
  void load_missingManagedPolicyArn_reportsElement() {
    files.put("users/bob.json", j("{'managedPolicies': ['arn:iam4j:iam::acme:policy/Nope']}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/managedPolicies/0", "No managed policy arn:iam4j:iam::acme:policy/Nope");
  }

  @Test
  void load_managedPolicyOfAnotherTenant_notFound() {
    files.put("users/bob.json", j("{'managedPolicies': ['arn:iam4j:iam::globex:policy/DocsRead']}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/managedPolicies/0", "No managed policy");
  }

  @Test
  void load_versionedPolicyReferencedWithoutItsPath_notFound() {
    files.put("users/bob.json", j("{'managedPolicies': ['arn:iam4j:iam::acme:policy/DocsBoundary']}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/managedPolicies/0", "No managed policy");
  }

  @Test
  void load_missingBoundary_reported() {
    files.put("roles/Plain.json", j("{'trustPolicy': 'trust/auditor.json', 'permissionsBoundary': 'arn:iam4j:iam::acme:policy/Cap'}"));
    assertProblem(problems(), "tenants/acme/roles/Plain.json", "/permissionsBoundary", "No managed policy arn:iam4j:iam::acme:policy/Cap");
  }

  @Test
  void load_inlineFileMissing_reportsReference() {
    files.put("users/bob.json", j("{'inlinePolicies': {'Home': 'inline/bob-home.json'}}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/inlinePolicies/Home", "No file inline/bob-home.json");
  }

  @Test
  void load_inlinePolicyInvalid_reportsPointerInsideThePolicyFile() {
    files.put("inline/devs-write.json", j("""
        {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:PutObject', 'Resource': '*'},
          {'Effect': 'Allow', 'Action': 'docs:Put:Object', 'Resource': '*'}]}"""));
    ConfigProblem p = assertProblem(problems(), "tenants/acme/inline/devs-write.json", "/Statement/1/Action", "colon");
    assertTrue(p.location().line() >= 2, p.toString());
  }

  @Test
  void load_inlinePolicyWithPrincipal_refused() {
    files.put("inline/devs-write.json", j("""
        {'Statement': {'Effect': 'Allow', 'Principal': '*', 'Action': 'docs:PutObject', 'Resource': '*'}}"""));
    assertProblem(problems(), "tenants/acme/inline/devs-write.json", "/Statement/Principal", "not allowed");
  }

  @Test
  void load_managedPolicyInvalid_reportsPointerInsideIt() {
    files.put("policies/DocsBoundary/v1.json", j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Permit', 'Action': '*', 'Resource': '*'}]}"));
    assertProblem(problems(), "tenants/acme/policies/DocsBoundary/v1.json", "/Statement/0/Effect", "Invalid Effect");
  }

  @Test
  void load_trustPolicyWithoutPrincipal_reportsPointerInsideTrustFile() {
    files.put("trust/auditor.json", j("{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'sts:AssumeRole'}]}"));
    assertProblem(problems(), "tenants/acme/trust/auditor.json", "/Statement/0", "Principal");
  }

  @Test
  void load_roleWithoutTrustPolicy_reported() {
    files.put("roles/Plain.json", "{}");
    assertProblem(problems(), "tenants/acme/roles/Plain.json", "", "trustPolicy");
  }

  @Test
  void load_trustPolicyMissingFile_reported() {
    files.put("roles/Plain.json", j("{'trustPolicy': 'trust/nope.json'}"));
    assertProblem(problems(), "tenants/acme/roles/Plain.json", "/trustPolicy", "No file trust/nope.json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x.json", "inline/../../globex/inline/x.json", "/etc/passwd", "inline\\\\x.json"})
  void load_referenceEscapingTheTenantDirectory_refused(String target) {
    // A file of that name inside the tree must not make the reference acceptable.
    files.put("x.json", allow("docs:*", "*"));
    files.put("users/bob.json", j("{'inlinePolicies': {'Escape': '" + target + "'}}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/inlinePolicies/Escape", "relative to the tenant directory");
  }

  @Test
  void load_trustPolicyEscapingTheTenantDirectory_refused() {
    files.put("roles/Plain.json", j("{'trustPolicy': '../globex/trust/auditor.json'}"));
    assertProblem(problems(), "tenants/acme/roles/Plain.json", "/trustPolicy", "relative to the tenant directory");
  }

  // ---------------------------------------------------------------- names and limits

  @ParameterizedTest
  @ValueSource(strings = {"users/bad name", "users/al*ce", "groups/dev$", "roles/Audit:or"})
  void load_badIdentityName_reportedOnItsFile(String base) {
    String content = base.startsWith("roles/") ? j("{'trustPolicy': 'trust/auditor.json'}") : "{}";
    files.put(base + ".json", content);
    assertProblem(problems(), "tenants/acme/" + base + ".json", "", "Invalid");
  }

  @Test
  void load_userNameLongerThan64_refused_64Accepted() {
    files.put("users/" + "u".repeat(64) + ".json", "{}");
    assertTrue(load().users().containsKey("u".repeat(64)));
    files.put("users/" + "u".repeat(65) + ".json", "{}");
    assertProblem(problems(), "tenants/acme/users/" + "u".repeat(65) + ".json", "", "Invalid user name");
  }

  @Test
  void load_badPolicyName_reported() {
    files.put("policies/Docs Read.json", allow("docs:*", "*"));
    assertProblem(problems(), "tenants/acme/policies/Docs Read.json", "", "Invalid policy name");
  }

  @Test
  void load_badPath_reported() {
    files.put("users/bob.json", j("{'path': 'eng'}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/path", "Invalid path");
  }

  @Test
  void load_badRolePath_reportedOnce() {
    files.put("roles/Plain.json", j("{'trustPolicy': 'trust/auditor.json', 'path': 'svc'}"));
    List<ConfigProblem> ps = problems();
    assertProblem(ps, "tenants/acme/roles/Plain.json", "/path", "Invalid path");
    assertEquals(1, ps.size(), "one mistake, one problem: " + ps);
  }

  @Test
  void load_awsTagKey_refused() {
    files.put("users/bob.json", j("{'tags': {'aws:team': 'x', 'ok': 1}}"));
    List<ConfigProblem> ps = problems();
    assertProblem(ps, "tenants/acme/users/bob.json", "/tags/aws:team", "Invalid tag key");
    assertProblem(ps, "tenants/acme/users/bob.json", "/tags/ok", "tag value");
  }

  @Test
  void load_duplicateKey_reported() {
    files.put("users/bob.json", j("{'groups': [], 'groups': ['devs']}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/groups", "Duplicate key");
  }

  @Test
  void load_tagKeysDifferingOnlyInCase_refused() {
    files.put("users/bob.json", j("{'tags': {'team': 'a', 'Team': 'b'}}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/tags/Team", "case-insensitive");
  }

  @Test
  void load_fiftyOneTags_refused() {
    StringBuilder tags = new StringBuilder();
    for (int i = 0; i < 51; i++) {
      tags.append(i == 0 ? "" : ", ").append("'k").append(i).append("': 'v'");
    }
    files.put("users/bob.json", j("{'tags': {" + tags + "}}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/tags", "At most 50 tags");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Acme", "-acme", "ac_me", "acme.corp", "a234567890123456789012345678901234567890123456789012345678901234"})
  void load_badTenantId_reported(String id) {
    files.clear();
    List<ConfigProblem> ps = problems(id);
    assertProblem(ps, "tenants/" + id + "/", "", "Invalid tenant id");
  }

  @Test
  void load_sixVersions_refused() {
    for (int v = 1; v <= 6; v++) {
      files.put("policies/DocsBoundary/v" + v + ".json", allow("docs:GetObject", "*"));
    }
    assertProblem(problems(), "tenants/acme/policies/DocsBoundary/policy.json", "", "6 versions");
  }

  @Test
  void load_fiveVersions_accepted() {
    for (int v = 1; v <= 5; v++) {
      files.put("policies/DocsBoundary/v" + v + ".json", allow("docs:GetObject", "*"));
    }
    assertEquals(5, load().policies().get("arn:iam4j:iam::acme:policy/team/DocsBoundary").versions().size());
  }

  @Test
  void load_defaultVersionMissing_reported() {
    files.put("policies/DocsBoundary/policy.json", j("{'path': '/team/'}"));
    assertProblem(problems(), "tenants/acme/policies/DocsBoundary/policy.json", "", "defaultVersion");
  }

  @Test
  void load_defaultVersionNonexistent_reported() {
    files.put("policies/DocsBoundary/policy.json", j("{'path': '/team/', 'defaultVersion': 'v3'}"));
    assertProblem(problems(), "tenants/acme/policies/DocsBoundary/policy.json", "/defaultVersion", "v3 does not exist");
  }

  @Test
  void load_unexpectedFileInPolicyDirectory_reported() {
    files.put("policies/DocsBoundary/draft.json", allow("docs:*", "*"));
    assertProblem(problems(), "tenants/acme/policies/DocsBoundary/draft.json", "", "Unexpected file");
  }

  @Test
  void load_policyDefinedAsSingleFileAndVersioned_reported() {
    files.put("policies/DocsRead/policy.json", j("{'defaultVersion': 'v1'}"));
    files.put("policies/DocsRead/v1.json", allow("docs:Get*", "*"));
    assertProblem(problems(), "tenants/acme/policies/DocsRead/policy.json", "", "defined twice");
  }

  @ParameterizedTest
  @ValueSource(strings = {"3599", "43201", "0", "-1", "7200.5", "'7200'"})
  void load_maxSessionDurationOutOfRange_reported(String value) {
    files.put("roles/Plain.json", j("{'trustPolicy': 'trust/auditor.json', 'maxSessionDuration': " + value + "}"));
    assertProblem(problems(), "tenants/acme/roles/Plain.json", "/maxSessionDuration", "maxSessionDuration");
  }

  @ParameterizedTest
  @ValueSource(ints = {3600, 43200})
  void load_maxSessionDurationBounds_accepted(int seconds) {
    files.put("roles/Plain.json", j("{'trustPolicy': 'trust/auditor.json', 'maxSessionDuration': " + seconds + "}"));
    assertEquals(seconds, load().roles().get("Plain").maxSessionDurationSeconds());
  }

  @Test
  void load_clearTextPassword_refusedWithoutEchoingIt() {
    files.put("users/bob.json", j("{'passwordHash': 'Tr0ub4dor&3'}"));
    List<ConfigProblem> ps = problems();
    assertProblem(ps, "tenants/acme/users/bob.json", "/passwordHash", "clear-text");
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load("acme", onDisk(files), "tenants/acme/"));
    assertFalse(e.getMessage().contains("Tr0ub4dor"), e.getMessage());
    ps.forEach(p -> assertFalse(p.toString().contains("Tr0ub4dor"), p.toString()));
  }

  @Test
  void load_passwordKey_isUnknownNotStored() {
    files.put("users/bob.json", j("{'password': 'Tr0ub4dor&3'}"));
    List<ConfigProblem> ps = problems();
    assertProblem(ps, "tenants/acme/users/bob.json", "/password", "Unknown key");
    ps.forEach(p -> assertFalse(p.toString().contains("Tr0ub4dor"), p.toString()));
  }

  @Test
  void load_clearTextMfaSeed_refusedWithoutEchoingIt() {
    files.put("users/bob.json", j("{'mfaSeed': 'JBSWY3DPEHPK3PXP'}"));
    List<ConfigProblem> ps = problems();
    assertProblem(ps, "tenants/acme/users/bob.json", "/mfaSeed", "clear-text");
    ps.forEach(p -> assertFalse(p.toString().contains("JBSWY3DPEHPK3PXP"), p.toString()));
  }

  @Test
  void load_elevenGroups_refused_tenAccepted() {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= 11; i++) {
      files.put("groups/g" + i + ".json", "{}");
      names.add("'g" + i + "'");
    }
    files.put("users/bob.json", j("{'groups': [" + String.join(", ", names.subList(0, 10)) + "]}"));
    assertEquals(10, load().users().get("bob").groups().size());

    files.put("users/bob.json", j("{'groups': [" + String.join(", ", names) + "]}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/groups", "at most " + TenantLoader.MAX_GROUPS_PER_USER + " groups");
  }

  @Test
  void load_tooManyManagedPolicies_refused() {
    List<String> arns = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      arns.add("'" + READ_ONLY + "'");
    }
    files.put("users/bob.json", j("{'managedPolicies': [" + String.join(", ", arns) + "]}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/managedPolicies", "At most 20 managed policies");
  }

  @Test
  void load_manyProblems_allReportedAtOnce() {
    files.put("users/bob.json", j("{'groups': ['ops'], 'colour': 'red', 'mfaSeed': 'JBSWY3DPEHPK3PXP'}"));
    files.put("users/carol.json", "{");
    files.put("roles/Plain.json", j("{'trustPolicy': 'trust/auditor.json', 'maxSessionDuration': 60}"));
    files.put("inline/devs-write.json", j("{'Statement': [{'Effect': 'Allow', 'Action': 'docs', 'Resource': '*'}]}"));
    files.put("policies/DocsBoundary/policy.json", j("{'path': '/team/', 'defaultVersion': 'v9'}"));
    List<ConfigProblem> ps = problems();
    assertAll(
        () -> assertProblem(ps, "tenants/acme/users/bob.json", "/groups/0", "No group"),
        () -> assertProblem(ps, "tenants/acme/users/bob.json", "/colour", "Unknown key"),
        () -> assertProblem(ps, "tenants/acme/users/bob.json", "/mfaSeed", "mfaSeed"),
        () -> assertProblem(ps, "tenants/acme/users/carol.json", "", "Not valid JSON"),
        () -> assertProblem(ps, "tenants/acme/roles/Plain.json", "/maxSessionDuration", "found 60"),
        () -> assertProblem(ps, "tenants/acme/inline/devs-write.json", "/Statement/0/Action", "service prefix"),
        () -> assertProblem(ps, "tenants/acme/policies/DocsBoundary/policy.json", "/defaultVersion", "does not exist"));
  }

  @Test
  void configProblem_toString_namesFileLineAndPointer() {
    files.put("users/bob.json", j("{\n  'groups': ['ops']\n}"));
    ConfigProblem p = assertProblem(problems(), "tenants/acme/users/bob.json", "/groups/0", "No group");
    assertTrue(p.toString().startsWith("tenants/acme/users/bob.json:2:"), p.toString());
    assertTrue(p.toString().contains("/groups/0: No group"), p.toString());
  }

  // ---------------------------------------------------------------- credentials and sessions

  @ParameterizedTest
  @ValueSource(strings = {"root", "Root", "ROOT"})
  void load_userFileNamedRoot_refusedWithItsFile(String name) {
    files.put("users/" + name + ".json", j("{'groups': ['devs']}"));
    assertProblem(problems(), "tenants/acme/users/" + name + ".json", "", "reserved user name");
  }

  @Test
  void load_passwordHashBelowIterationFloor_refusedAtItsPointer() {
    files.put("users/bob.json", j("{'passwordHash': 'PBKDF2WithHmacSHA256:1:c2FsdHNhbHQ=:aGFzaGhhc2g='}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/passwordHash", "TenantLoader.MIN_PBKDF2_ITERATIONS");
    files.put("users/bob.json", j("{'passwordHash': 'PBKDF2WithHmacSHA256:" + (TenantLoader.MIN_PBKDF2_ITERATIONS - 1)
        + ":c2FsdHNhbHQ=:aGFzaGhhc2g='}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/passwordHash", "at least " + TenantLoader.MIN_PBKDF2_ITERATIONS);
  }

  @Test
  void load_passwordHashAtIterationFloor_accepted_sampleIterationsAccepted() {
    files.put("users/bob.json", j("{'passwordHash': 'PBKDF2WithHmacSHA512:" + TenantLoader.MIN_PBKDF2_ITERATIONS + ":c2FsdHNhbHQ=:aGFzaGhhc2g='}"));
    assertEquals(TenantLoader.MIN_PBKDF2_ITERATIONS + "", load().users().get("bob").credentials().passwordHash().split(":")[1]);
    assertTrue(210_000 >= TenantLoader.MIN_PBKDF2_ITERATIONS, "the sample's hashes meet the floor");
  }

  @Test
  void load_passwordHashAboveIterationCeiling_refused() {
    files.put("users/bob.json", j("{'passwordHash': 'PBKDF2WithHmacSHA256:999999999:c2FsdHNhbHQ=:aGFzaGhhc2g='}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/passwordHash", "TenantLoader.MAX_PBKDF2_ITERATIONS");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PBKDF2WithHmacMD5", "PBKDF2WithHmacSHA1", "SHA256", "bcrypt"})
  void load_passwordHashUnknownAlgorithm_refused(String algorithm) {
    files.put("users/bob.json", j("{'passwordHash': '" + algorithm + ":210000:c2FsdHNhbHQ=:aGFzaGhhc2g='}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/passwordHash", "Unknown password hash algorithm");
  }

  @Test
  void load_passwordHashBadSalt_refused() {
    files.put("users/bob.json", j("{'passwordHash': 'PBKDF2WithHmacSHA256:210000:%%%:aGFzaGhhc2g='}"));
    assertProblem(problems(), "tenants/acme/users/bob.json", "/passwordHash", "ALGORITHM:ITERATIONS:SALT:HASH");
  }

  @Test
  void load_roleSessionsValidAfter_parsed_absentIsNull() {
    files.put("roles/Plain.json", j("{'trustPolicy': 'trust/auditor.json', 'sessionsValidAfter': '2026-12-07T10:00:00Z'}"));
    Tenant t = load();
    assertEquals(java.time.Instant.parse("2026-12-07T10:00:00Z"), t.roles().get("Plain").sessionsValidAfter());
    assertNull(t.roles().get("Auditor").sessionsValidAfter());
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2026-12-07", "2026-12-07T10:00:00", "2026-13-07T10:00:00Z"})
  void load_roleSessionsValidAfterNotAnInstant_refusedAtItsPointer(String value) {
    files.put("roles/Plain.json", j("{'trustPolicy': 'trust/auditor.json', 'sessionsValidAfter': '" + value + "'}"));
    assertProblem(problems(), "tenants/acme/roles/Plain.json", "/sessionsValidAfter", "ISO-8601 instant");
  }

  @Test
  void load_roleId_explicitKept_derivedOtherwise_badRefused() {
    files.put("roles/Plain.json", j("{'trustPolicy': 'trust/auditor.json', 'id': 'AROA0123456789ABCDEFG'}"));
    Tenant t = load();
    assertEquals("AROA0123456789ABCDEFG", t.roles().get("Plain").id());
    assertTrue(t.roles().get("Auditor").id().startsWith("AROA"));
    files.put("roles/Plain.json", j("{'trustPolicy': 'trust/auditor.json', 'id': 'AIDA0123456789ABCDEFG'}"));
    assertProblem(problems(), "tenants/acme/roles/Plain.json", "/id", "A role id is AROA");
  }

  // ---------------------------------------------------------------- shadow versions

  @Test
  void shadowVersion_anotherExistingVersion_loaded() {
    files.put("policies/DocsBoundary/policy.json", j("{'path': '/team/', 'description': '', 'defaultVersion': 'v2', 'shadowVersion': 'v1'}"));
    ManagedPolicy p = load().policies().get("arn:iam4j:iam::acme:policy/team/DocsBoundary");
    assertEquals("v1", p.shadowVersionId());
    assertEquals("v2", p.defaultVersionId(), "the shadow never changes which version is in force");
    assertTrue(PolicyPrinter.print(p.document()).contains("docs:*"));
    assertNull(load().policies().get("arn:iam4j:iam::acme:policy/DocsRead").shadowVersionId(), "no shadow unless named");
  }

  @Test
  void shadowVersion_theDefault_refusedAtItsPointer() {
    files.put("policies/DocsBoundary/policy.json", j("{'path': '/team/', 'defaultVersion': 'v2', 'shadowVersion': 'v2'}"));
    assertProblem(problems(), "tenants/acme/policies/DocsBoundary/policy.json", "/shadowVersion", "is the default version");
  }

  @Test
  void shadowVersion_missingVersion_refusedAtItsPointer() {
    files.put("policies/DocsBoundary/policy.json", j("{'path': '/team/', 'defaultVersion': 'v2', 'shadowVersion': 'v4'}"));
    assertProblem(problems(), "tenants/acme/policies/DocsBoundary/policy.json", "/shadowVersion",
        "Shadow version v4 does not exist: no file policies/DocsBoundary/v4.json");
  }

  @Test
  void shadowVersion_notAString_refusedAtItsPointer() {
    files.put("policies/DocsBoundary/policy.json", j("{'path': '/team/', 'defaultVersion': 'v2', 'shadowVersion': 1}"));
    assertProblem(problems(), "tenants/acme/policies/DocsBoundary/policy.json", "/shadowVersion", "");
  }
}
