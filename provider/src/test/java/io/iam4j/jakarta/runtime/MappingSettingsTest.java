package io.iam4j.jakarta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.IamException;
import io.iam4j.mapping.CallerInfo;
import io.iam4j.mapping.TenantResolver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** iam4j.tenant.resolver and iam4j.group-mapping: each form, chains, and errors that name what is wrong. */
class MappingSettingsTest {
  /** A caller named {@code name}, with header X-Tenant: globex, on /api/initech/x, at host umbrella.example. */
  static CallerInfo caller(String name) {
    return new CallerInfo(name, Set.of(), Map.of("X-Tenant", "globex"), "/api/initech/x", "umbrella.example");
  }

  static Optional<String> tenant(String setting, String callerName) {
    return MappingSettings.tenantResolver(Optional.of(setting)).tenant(caller(callerName));
  }

  @Test
  void tenantResolver_absent_isCallerName() {
    TenantResolver r = MappingSettings.tenantResolver(Optional.empty());
    assertEquals(Optional.of("acme"), r.tenant(caller("alice@acme")));
    assertEquals(Optional.empty(), r.tenant(caller("alice")));
  }

  @Test
  void tenantResolver_eachForm_readsItsSource() {
    assertEquals(Optional.of("acme"), tenant("caller-name", "alice@acme"));
    assertEquals(Optional.of("globex"), tenant("header:X-Tenant", "alice@acme"));
    assertEquals(Optional.of("globex"), tenant("header:x-tenant", "alice@acme"), "header names are case-insensitive");
    assertEquals(Optional.of("initech"), tenant("path:1", "alice@acme"));
    assertEquals(Optional.of("umbrella"), tenant("host", "alice@acme"));
    assertEquals(Optional.of("hooli"), tenant("fixed:hooli", "alice@acme"));
  }

  @Test
  void tenantResolver_claim_readsTheTokenClaim_thenFallsBack() {
    TenantResolver r = MappingSettings.tenantResolver(Optional.of("claim:tenant, caller-name"));
    CallerInfo withClaim = new CallerInfo("alice@acme", java.util.Set.of(), Map.of(), "", "", Map.of("tenant", java.util.List.of("globex")));
    assertEquals(Optional.of("globex"), r.tenant(withClaim));
    assertEquals(Optional.of("acme"), r.tenant(CallerInfo.of("alice@acme", java.util.Set.of())));
  }

  @Test
  void tenantResolver_list_firstThatFindsOneWins() {
    assertEquals(Optional.of("acme"), tenant("caller-name, header:X-Tenant", "alice@acme"));
    assertEquals(Optional.of("globex"), tenant("caller-name, header:X-Tenant", "alice"));
    assertEquals(Optional.of("hooli"), tenant("header:X-Missing,path:7,fixed:hooli", "alice"));
    assertEquals(Optional.empty(), tenant("header:X-Missing,path:7", "alice"));
  }

  @Test
  void tenantResolver_malformed_namesSettingAndPart() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("callername", "\"callername\" is none of caller-name, claim:NAME, header:NAME, path:INDEX, host, fixed:TENANT");
    cases.put("header:", "\"header:\" needs a header name");
    cases.put("header:X Tenant", "\"header:X Tenant\" needs a header name");
    cases.put("path:one", "\"path:one\" needs a path segment index from 0 to 63");
    cases.put("path:-1", "\"path:-1\" needs a path segment index from 0 to 63");
    cases.put("fixed:Acme", "\"fixed:Acme\" needs a tenant id");
    cases.put("host:acme", "\"host:acme\" takes no argument");
    cases.put("claim:", "\"claim:\" needs a token claim name");
    cases.put("caller-name,", "\"\" is none of");
    cases.forEach((setting, expected) -> {
      IamException e = assertThrows(IamException.class, () -> MappingSettings.tenantResolver(Optional.of(setting)), setting);
      assertTrue(e.getMessage().startsWith("iam4j.tenant.resolver="), e.getMessage());
      assertTrue(e.getMessage().contains(expected), setting + ": " + e.getMessage());
    });
  }

  @Test
  void groupMapping_pairs_inOrder_lastEqualsSignSplits() {
    Map<String, String> m = MappingSettings.groupMapping(Optional.of("accounting=Accountants, sales = Sales,cn=ops=Ops"));
    assertEquals(Map.of("accounting", "Accountants", "sales", "Sales", "cn=ops", "Ops"), m);
    assertEquals(java.util.List.of("accounting", "sales", "cn=ops"), java.util.List.copyOf(m.keySet()));
  }

  @Test
  void groupMapping_absentOrBlank_isEmpty() {
    assertEquals(Map.of(), MappingSettings.groupMapping(Optional.empty()));
    assertEquals(Map.of(), MappingSettings.groupMapping(Optional.of("  ")));
  }

  @Test
  void groupMapping_malformed_namesSettingAndPair() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("accounting", "\"accounting\" is not CONTAINER_GROUP=IAM_GROUP");
    cases.put("=Accountants", "\"=Accountants\" is not CONTAINER_GROUP=IAM_GROUP");
    cases.put("accounting=", "\"accounting=\" is not CONTAINER_GROUP=IAM_GROUP");
    cases.put("accounting=Account ants", "\"accounting=Account ants\" is not CONTAINER_GROUP=IAM_GROUP");
    cases.put("accounting=Accountants=", "\"accounting=Accountants=\" is not CONTAINER_GROUP=IAM_GROUP");
    cases.put("a=A,a=B", "container group \"a\" is mapped twice");
    cases.forEach((setting, expected) -> {
      IamException e = assertThrows(IamException.class, () -> MappingSettings.groupMapping(Optional.of(setting)), setting);
      assertTrue(e.getMessage().startsWith("iam4j.group-mapping="), e.getMessage());
      assertTrue(e.getMessage().contains(expected), setting + ": " + e.getMessage());
    });
  }
}
