package io.iam4j.it.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iam4j.audit.AuditQuery;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What principal mapping must do for callers of any token-issuing identity source, checked over
 * real HTTP against the file service of a real Payara Micro. A subclass deploys the service behind
 * one authentication mechanism (MicroProfile JWT, OpenID Connect) and signs callers in with it; the
 * tenant is {@code src/test/resources/it-mapping/tenant/}:
 *
 * <ul>
 *   <li>employees ({@code employee: true}) are the IAM user their {@code preferred_username} names,
 *       allowed and denied by that user's policies;
 *   <li>their container groups ({@code groups} claim) add IAM groups ({@code staff} is Readers);
 *   <li>contractors ({@code kind: contractor}) get a session of role Contractor if its trust policy
 *       allows {@code sts:AssumeRoleWithWebIdentity} for their {@code sub} ({@code contractor-*});
 *   <li>the session's requests carry the token's keys ({@code PROVIDER:sub}, {@code :aud}, {@code
 *       :amr}, {@code aws:FederatedProvider}) for the role's policies: its own home, deleting with MFA;
 *   <li>anyone else is anonymous and denied, with an audit record saying why.
 * </ul>
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class MappingScenarios {
  @ArquillianResource URL base;

  /** A signed-in caller of the service. */
  interface Caller {
    Reply call(String method, String path);
  }

  record Reply(int status, String body, String requestId) {
    JsonObject json() {
      return MappingApps.json(body);
    }

    String message() {
      return json().getJsonObject("Error").getString("Message");
    }
  }

  /**
   * Signs in a caller named {@code name} whose token carries {@code claims} besides the usual ones
   * ({@code iss}, {@code sub} = name, {@code aud}, {@code preferred_username} = name, {@code tenant}):
   * pairs of name and value, a value being a String, Boolean or List of Strings.
   */
  abstract Caller signIn(String name, Object... claims);

  /** Where the IT's configuration and audit trail are. */
  abstract Path home();

  abstract String issuer();

  /** The issuer without its scheme: the prefix of the condition keys. */
  String provider() {
    return issuer().replaceFirst("^https?://", "");
  }

  abstract String client();

  static void assertStatus(int expected, Reply r) {
    assertEquals(expected, r.status(), () -> "last response: " + r);
  }

  static List<String> key(JsonObject answer, String name) {
    var v = answer.getJsonObject("context").getJsonArray(name);
    return v == null ? List.of() : v.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }

  @Test
  void employee_isTheUserItsTokenNames_allowedAndDeniedByItsPolicies() throws Exception {
    Caller alice = signIn("alice", "employee", true);
    Reply shared = alice.call("GET", "/api/files/shared/plan.txt");
    assertStatus(200, shared);
    assertEquals("arn:iam4j:iam::" + MappingApps.TENANT + ":user/alice", shared.json().getString("principal"));
    assertEquals(List.of("alice"), key(shared.json(), "aws:username"));

    Reply reports = alice.call("GET", "/api/files/reports/q3.pdf");
    assertStatus(403, reports);
    assertEquals("User: arn:iam4j:iam::" + MappingApps.TENANT + ":user/alice is not authorized to perform: files:GetFile on resource: "
        + "arn:iam4j:files::" + MappingApps.TENANT + ":file/reports/q3.pdf because no identity-based policy allows the files:GetFile action",
        reports.message());
    AuditQuery.Match m = MappingApps.record(home(), reports.requestId());
    assertEquals("ImplicitDeny", m.get("decision"));
    assertEquals("arn:iam4j:iam::" + MappingApps.TENANT + ":user/alice", m.get("principal"));
    assertEquals(MappingApps.TENANT, m.get("tenant"));
  }

  @Test
  void containerGroups_addTheirIamGroups() {
    assertStatus(200, signIn("bob", "employee", true, "groups", List.of("staff", "parking")).call("GET", "/api/files/reports/q3.pdf"));
    assertStatus(403, signIn("bob", "employee", true, "groups", List.of("parking")).call("GET", "/api/files/reports/q3.pdf"));
    // alice in staff: her own policies and Readers'.
    Caller alice = signIn("alice", "employee", true, "groups", List.of("staff"));
    assertStatus(200, alice.call("GET", "/api/files/reports/q3.pdf"));
    assertStatus(200, alice.call("GET", "/api/files/shared/plan.txt"));
  }

  @Test
  void contractor_getsARoleSession_whenTheTrustPolicyAllowsItsSub_claimsAreConditionKeys() {
    Caller contractor = signIn("contractor-7", "kind", "contractor", "amr", List.of("pwd", "mfa"), "groups", List.of("staff"));
    Reply who = contractor.call("GET", "/api/whoami");
    assertStatus(200, who);
    JsonObject w = who.json();
    assertEquals("arn:iam4j:sts::" + MappingApps.TENANT + ":assumed-role/Contractor/contractor-7", w.getString("principal"));
    assertEquals(List.of("AssumedRole"), key(w, "aws:PrincipalType"));
    assertEquals(List.of("arn:iam4j:iam::" + MappingApps.TENANT + ":oidc-provider/" + provider()), key(w, "aws:FederatedProvider"));
    assertEquals(List.of("contractor-7"), key(w, provider() + ":sub"));
    assertEquals(List.of(client()), key(w, provider() + ":aud"));
    assertEquals(List.of("pwd", "mfa"), key(w, provider() + ":amr"));

    // ${PROVIDER:sub} in the role's policy: its own home only.
    assertStatus(200, contractor.call("GET", "/api/files/home/contractor-7/notes.txt"));
    assertStatus(403, contractor.call("GET", "/api/files/home/contractor-8/notes.txt"));
    // A role session has no container groups: staff adds nothing.
    assertStatus(403, contractor.call("GET", "/api/files/reports/q3.pdf"));
    // ForAnyValue:StringEquals on :amr: deleting takes MFA.
    assertStatus(200, contractor.call("DELETE", "/api/files/home/contractor-7/notes.txt"));
    Reply noMfa = signIn("contractor-7", "kind", "contractor", "amr", List.of("pwd")).call("DELETE", "/api/files/home/contractor-7/notes.txt");
    assertStatus(403, noMfa);
    assertTrue(noMfa.message().startsWith("User: arn:iam4j:sts::" + MappingApps.TENANT
        + ":assumed-role/Contractor/contractor-7 is not authorized to perform: files:DeleteFile"), noMfa.body());
  }

  @Test
  void contractor_whoseSubTheTrustPolicyRefuses_isRefused_withTheTrustDecisionAudited() throws Exception {
    Reply r = signIn("intruder-1", "kind", "contractor").call("GET", "/api/whoami");
    assertStatus(403, r);
    assertEquals("User: intruder-1 is not known to iam4j", r.message());
    AuditQuery.Match m = MappingApps.record(home(), r.requestId());
    assertEquals("ImplicitDeny", m.get("decision"));
    assertEquals("intruder-1", m.get("principal"));
    String error = m.get("error");
    assertTrue(error.contains("The trust policy of role Contractor does not allow sts:AssumeRoleWithWebIdentity for caller intruder-1 of "
        + issuer()), error);
    assertTrue(error.contains("rule Contractors (tenants/" + MappingApps.TENANT + "/identity-mapping.json /rules/1)"), error);
  }

  @Test
  void unmappedCaller_isAnonymousAndDenied_withAClearAuditRecord() throws Exception {
    Reply r = signIn("visitor", "groups", List.of("staff")).call("GET", "/api/files/shared/plan.txt");
    assertStatus(403, r);
    AuditQuery.Match m = MappingApps.record(home(), r.requestId());
    assertEquals("ImplicitDeny", m.get("decision"));
    assertEquals("visitor", m.get("principal"));
    assertEquals(MappingApps.TENANT, m.get("tenant"));
    assertEquals("files:GetFile", m.get("action"));
    assertEquals("The caller is not known to iam4j: unmapped, so anonymous to IAM and denied: No rule of tenants/"
        + MappingApps.TENANT + "/identity-mapping.json matches caller visitor (issuer " + issuer() + ") (groups [staff])", m.get("error"));
  }
}
