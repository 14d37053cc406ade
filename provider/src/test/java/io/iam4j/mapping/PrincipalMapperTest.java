package io.iam4j.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.config.ConfigStore;
import io.iam4j.directory.Directory;
import io.iam4j.directory.Identity;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.Outcome;
import io.iam4j.mapping.PrincipalMapper.UnknownCaller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From a container caller (name, groups, where the request went) to a tenant and an IAM identity:
 * the mapper and each tenant resolution strategy.
 */
class PrincipalMapperTest {
  @TempDir Path root;
  ConfigStore store;
  Directory directory;

  static String j(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  void put(String tenant, String path, String content) {
    try {
      Path p = root.resolve("tenants").resolve(tenant).resolve(path);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeEach
  void setUp() {
    // acme: root disabled (the default); globex: root enabled.
    put("acme", "users/alice.json", j("{'groups': ['Readers']}"));
    put("acme", "groups/Readers.json", j("{'inlinePolicies': {'Read': 'inline/read.json'}}"));
    put("acme", "groups/SysAdmins.json", j("{'managedPolicies': ['arn:iam4j:iam::iam4j:policy/AdministratorAccess']}"));
    put("acme", "inline/read.json", j("""
        {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 'docs:GetObject', 'Resource': '*'}]}"""));
    put("globex", "tenant.json", j("{'rootEnabled': true}"));
    put("globex", "users/carol.json", "{}");
    store = ConfigStore.open(ConfigStore.Settings.of(root));
    directory = store.directory();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  static CallerInfo caller(String name, String... groups) {
    return CallerInfo.of(name, Set.of(groups));
  }

  static Outcome decide(Identity id, String action) {
    return Evaluator.evaluate(id.policies(), AuthorizationRequest.builder().caller(id.caller()).action(action)
        .resource("arn:iam4j:docs::" + id.tenant().id() + ":bucket/x").context(id.context().build()).build()).outcome();
  }

  static PrincipalMapper mapper(TenantResolver resolver, Map<String, String> groups, UnknownCaller unknown) {
    return new RuleBasedPrincipalMapper(resolver, '@', groups, unknown);
  }

  // ---------------------------------------------------------------- users and root

  @Test
  void map_userAtTenant_isThatUserOfThatTenant() {
    Mapping m = PrincipalMapper.defaults().map(caller("alice@acme"), directory);
    Identity.UserIdentity id = assertInstanceOf(Identity.UserIdentity.class, assertInstanceOf(Mapping.Mapped.class, m).identity());
    assertEquals("acme", id.tenant().id());
    assertEquals("alice", id.user().name());
    assertEquals("arn:iam4j:iam::acme:user/alice", id.caller().display());
    assertEquals(Outcome.ALLOW, decide(id, "docs:GetObject"));
  }

  @Test
  void map_rootOfTenantWithRootDisabled_refused() {
    assertInstanceOf(Mapping.Refused.class, PrincipalMapper.defaults().map(caller("root@acme"), directory));
  }

  @Test
  void map_rootOfTenantWithRootEnabled_isTheRoot() {
    Mapping m = PrincipalMapper.defaults().map(caller("root@globex"), directory);
    Identity id = assertInstanceOf(Mapping.Mapped.class, m).identity();
    assertInstanceOf(Identity.RootIdentity.class, id);
    assertEquals("arn:iam4j:iam::globex:root", id.caller().display());
  }

  @Test
  void map_rootDisabled_withAnonymousForUnknown_isAnonymous() {
    PrincipalMapper m = mapper(TenantResolver.fromCallerName('@'), Map.of(), UnknownCaller.ANONYMOUS);
    assertEquals("acme", assertInstanceOf(Mapping.Anonymous.class, m.map(caller("root@acme"), directory)).tenant());
  }

  @Test
  void map_unknownUser_refusedByDefault() {
    Mapping m = PrincipalMapper.defaults().map(caller("mallory@acme"), directory);
    Mapping.Refused r = assertInstanceOf(Mapping.Refused.class, m);
    assertTrue(r.reason().contains("mallory"), r.reason());
  }

  @Test
  void map_unknownUser_anonymousWhenConfigured() {
    PrincipalMapper m = mapper(TenantResolver.fromCallerName('@'), Map.of(), UnknownCaller.ANONYMOUS);
    assertEquals("acme", assertInstanceOf(Mapping.Anonymous.class, m.map(caller("mallory@acme"), directory)).tenant());
  }

  @Test
  void map_unknownTenant_refusedOrAnonymous() {
    assertInstanceOf(Mapping.Refused.class, PrincipalMapper.defaults().map(caller("alice@initech"), directory));
    PrincipalMapper anon = mapper(TenantResolver.fromCallerName('@'), Map.of(), UnknownCaller.ANONYMOUS);
    assertEquals("initech", assertInstanceOf(Mapping.Anonymous.class, anon.map(caller("alice@initech"), directory)).tenant());
  }

  @Test
  void map_noTenantInName_refusedOrAnonymous() {
    assertInstanceOf(Mapping.Refused.class, PrincipalMapper.defaults().map(caller("alice"), directory));
    PrincipalMapper anon = mapper(TenantResolver.fromCallerName('@'), Map.of(), UnknownCaller.ANONYMOUS);
    assertEquals(null, assertInstanceOf(Mapping.Anonymous.class, anon.map(caller("alice"), directory)).tenant());
  }

  @Test
  void map_userOfAnotherTenant_notMappedIntoThisOne() {
    assertInstanceOf(Mapping.Refused.class, PrincipalMapper.defaults().map(caller("carol@acme"), directory));
    assertInstanceOf(Mapping.Refused.class, PrincipalMapper.defaults().map(caller("alice@globex"), directory));
  }

  @Test
  void map_anonymousCaller_isAnonymousOfTheResolvedTenant() {
    assertEquals(new Mapping.Anonymous(null), PrincipalMapper.defaults().map(caller(null), directory));
    PrincipalMapper byHeader = mapper(TenantResolver.fromHeader("X-Tenant"), Map.of(), UnknownCaller.DENY);
    CallerInfo anonymous = new CallerInfo(null, Set.of(), Map.of("X-Tenant", "acme"), "/", "");
    assertEquals(new Mapping.Anonymous("acme"), byHeader.map(anonymous, directory));
  }

  @Test
  void map_tenantFromPath_plainCallerName() {
    PrincipalMapper m = mapper(TenantResolver.fromPathSegment(1), Map.of(), UnknownCaller.DENY);
    CallerInfo c = new CallerInfo("alice", Set.of(), Map.of(), "/api/acme/buckets", "");
    Identity id = assertInstanceOf(Mapping.Mapped.class, m.map(c, directory)).identity();
    assertEquals("acme", id.tenant().id());
    assertEquals("alice", ((Identity.UserIdentity) id).user().name());
  }

  // ---------------------------------------------------------------- group mapping

  @Test
  void map_containerGroupMapped_addsIamGroupAndItsPolicies() {
    PrincipalMapper plain = PrincipalMapper.defaults();
    Identity before = assertInstanceOf(Mapping.Mapped.class, plain.map(caller("alice@acme", "admins"), directory)).identity();
    assertEquals(Outcome.IMPLICIT_DENY, decide(before, "docs:DeleteBucket"), "without the mapping, admins means nothing");

    PrincipalMapper mapping = mapper(TenantResolver.fromCallerName('@'), Map.of("admins", "SysAdmins"), UnknownCaller.DENY);
    Identity.UserIdentity id = (Identity.UserIdentity) assertInstanceOf(Mapping.Mapped.class,
        mapping.map(caller("alice@acme", "admins"), directory)).identity();
    assertEquals(List.of("Readers", "SysAdmins"), id.user().groups());
    assertEquals(Outcome.ALLOW, decide(id, "docs:DeleteBucket"));
    assertEquals(Outcome.ALLOW, decide(id, "docs:GetObject"), "her own group still applies");
  }

  @Test
  void map_containerGroupNotMapped_orMappedToMissingGroup_ignored() {
    PrincipalMapper mapping = mapper(TenantResolver.fromCallerName('@'), Map.of("admins", "NoSuchGroup"), UnknownCaller.DENY);
    Identity.UserIdentity id = (Identity.UserIdentity) assertInstanceOf(Mapping.Mapped.class,
        mapping.map(caller("alice@acme", "admins", "staff"), directory)).identity();
    assertEquals(List.of("Readers"), id.user().groups());
  }

  @Test
  void map_groupMappingDoesNotChangeTheDirectory() {
    PrincipalMapper mapping = mapper(TenantResolver.fromCallerName('@'), Map.of("admins", "SysAdmins"), UnknownCaller.DENY);
    mapping.map(caller("alice@acme", "admins"), directory);
    assertEquals(List.of("Readers"), directory.tenant("acme").orElseThrow().users().get("alice").groups());
  }

  @Test
  void map_groups_ownPlusMappedContainerGroups_unknownIamGroupIgnored() {
    PrincipalMapper mapping = mapper(TenantResolver.fromCallerName('@'),
        Map.of("admins", "SysAdmins", "ghosts", "NoSuchGroup"), UnknownCaller.DENY);
    assertEquals(List.of("Readers", "SysAdmins"), ((Identity.UserIdentity) ((Mapping.Mapped)
        mapping.map(caller("alice@acme", "admins", "ghosts", "staff"), directory)).identity()).user().groups());
    assertEquals(List.of("Readers"), ((Identity.UserIdentity) ((Mapping.Mapped)
        mapping.map(caller("alice@acme"), directory)).identity()).user().groups());
  }

  // ---------------------------------------------------------------- tenant resolvers

  static Optional<String> tenant(TenantResolver r, String name, Map<String, String> headers, String path, String host) {
    return r.tenant(new CallerInfo(name, Set.of(), headers, path, host));
  }

  @Test
  void fromCallerName_partAfterLastSeparator() {
    TenantResolver r = TenantResolver.fromCallerName('@');
    assertEquals(Optional.of("acme"), tenant(r, "alice@acme", Map.of(), "", ""));
    assertEquals(Optional.of("acme"), tenant(r, "alice@example.com@acme", Map.of(), "", ""));
    assertEquals(Optional.empty(), tenant(r, "alice", Map.of(), "", ""));
    assertEquals(Optional.empty(), tenant(r, "alice@", Map.of(), "", ""));
    assertEquals(Optional.empty(), tenant(r, "@acme", Map.of(), "", ""));
    assertEquals(Optional.empty(), tenant(r, null, Map.of(), "", ""));
    assertEquals(Optional.of("acme"), tenant(TenantResolver.fromCallerName('/'), "alice/acme", Map.of(), "", ""));
  }

  @Test
  void fromHeader_caseInsensitiveName_trimmed_blankIsNone() {
    TenantResolver r = TenantResolver.fromHeader("X-Tenant");
    assertEquals(Optional.of("acme"), tenant(r, "alice", Map.of("x-tenant", " acme "), "", ""));
    assertEquals(Optional.empty(), tenant(r, "alice", Map.of("X-Tenant", "  "), "", ""));
    assertEquals(Optional.empty(), tenant(r, "alice", Map.of("X-Other", "acme"), "", ""));
  }

  @Test
  void fromPathSegment_indexedSegment() {
    TenantResolver r = TenantResolver.fromPathSegment(1);
    assertEquals(Optional.of("acme"), tenant(r, null, Map.of(), "/api/acme/buckets", ""));
    assertEquals(Optional.of("acme"), tenant(r, null, Map.of(), "api/acme", ""));
    assertEquals(Optional.of("acme"), tenant(r, null, Map.of(), "//api/acme/", ""));
    assertEquals(Optional.empty(), tenant(r, null, Map.of(), "/api", ""));
    assertEquals(Optional.empty(), tenant(r, null, Map.of(), "/api//x", ""));
    assertEquals(Optional.empty(), tenant(r, null, Map.of(), "", ""));
    assertEquals(Optional.of("api"), tenant(TenantResolver.fromPathSegment(0), null, Map.of(), "/api/acme", ""));
  }

  @Test
  void fromHost_firstLabel_portIgnored_addressesAndBareNamesAreNone() {
    TenantResolver r = TenantResolver.fromHost();
    assertEquals(Optional.of("acme"), tenant(r, null, Map.of(), "", "acme.docs.example"));
    assertEquals(Optional.of("acme"), tenant(r, null, Map.of(), "", "acme.docs.example:8443"));
    assertEquals(Optional.empty(), tenant(r, null, Map.of(), "", "localhost"));
    assertEquals(Optional.empty(), tenant(r, null, Map.of(), "", "localhost:8080"));
    assertEquals(Optional.empty(), tenant(r, null, Map.of(), "", "10.0.0.1"));
    assertEquals(Optional.empty(), tenant(r, null, Map.of(), "", "[::1]:8080"));
    assertEquals(Optional.empty(), tenant(r, null, Map.of(), "", ""));
  }

  @Test
  void firstOf_firstResolverThatFindsWins() {
    TenantResolver r = TenantResolver.firstOf(TenantResolver.fromHeader("X-Tenant"), TenantResolver.fromHost(),
        TenantResolver.fromCallerName('@'));
    assertEquals(Optional.of("h"), tenant(r, "alice@n", Map.of("X-Tenant", "h"), "", "host.example"));
    assertEquals(Optional.of("host"), tenant(r, "alice@n", Map.of(), "", "host.example"));
    assertEquals(Optional.of("n"), tenant(r, "alice@n", Map.of(), "", "localhost"));
    assertEquals(Optional.empty(), tenant(r, "alice", Map.of(), "", "localhost"));
    assertEquals(Optional.empty(), TenantResolver.firstOf().tenant(caller("alice@acme")));
  }

  @Test
  void map_withFirstOfResolver_headerSelectsTenantForPlainName() {
    PrincipalMapper m = mapper(TenantResolver.firstOf(TenantResolver.fromHeader("X-Tenant"), TenantResolver.fromCallerName('@')),
        Map.of(), UnknownCaller.DENY);
    Identity id = assertInstanceOf(Mapping.Mapped.class,
        m.map(new CallerInfo("carol", Set.of(), Map.of("X-Tenant", "globex"), "", ""), directory)).identity();
    assertEquals("globex", id.tenant().id());
    Identity viaName = assertInstanceOf(Mapping.Mapped.class, m.map(caller("alice@acme"), directory)).identity();
    assertEquals("acme", viaName.tenant().id());
  }

  @Test
  void callerInfo_defaults() {
    CallerInfo c = new CallerInfo(null, Set.of(), Map.of(), null, null);
    assertTrue(c.anonymous());
    assertEquals("", c.path());
    assertEquals("", c.host());
    assertNull(c.name());
  }

  @Test
  void claimThenCallerName_strategiesInOrder() {
    TenantResolver r = TenantResolver.firstOf(TenantResolver.fromClaim("tenant"), TenantResolver.fromCallerName('@'));
    CallerInfo withClaim = new CallerInfo("alice@acme", Set.of(), Map.of(), "", "", Map.of("tenant", List.of("globex")));
    assertEquals(Optional.of("globex"), r.tenant(withClaim));
    assertEquals(Optional.of("acme"), r.tenant(caller("alice@acme")));
    // A multi-valued claim names no tenant.
    CallerInfo two = new CallerInfo("alice", Set.of(), Map.of(), "", "", Map.of("tenant", List.of("a", "b")));
    assertEquals(Optional.empty(), r.tenant(two));
  }
}
