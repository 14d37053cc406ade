package com.example.invoices.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What adopting iam4j must give the service, whichever identity store signs its users in: the
 * application's own sign-in stays in charge, and IAM decides every annotated call over HTTP. Each
 * subclass deploys one war in one Payara Micro; every check below runs against it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class AdoptionChecks {
  @ArquillianResource URL base;
  InvoicesClient client;

  static WebArchive war(String systemProperty) {
    return ShrinkWrap.create(ZipImporter.class, "invoices.war").importFrom(new File(System.getProperty(systemProperty)))
        .as(WebArchive.class);
  }

  @BeforeEach
  void client() {
    client = new InvoicesClient(base);
  }

  @Test
  void publicEndpoint_isOpenToAnyone() {
    InvoicesClient.Reply r = client.call("GET", "/api/status", null, null);
    assertEquals(200, r.status(), r.body());
    assertEquals("ok", r.json().getString("status"));
  }

  @Test
  void signIn_staysTheApplications() {
    // The application's BASIC mechanism (realm "invoices") challenges and signs in; iam4j installed none of its own.
    InvoicesClient.Reply anonymous = client.call("GET", "/api/me", null, null);
    assertEquals(401, anonymous.status(), anonymous.body());
    assertEquals("Basic realm=\"invoices\"", anonymous.challenge());
    InvoicesClient.Reply wrong = client.callWithPassword("GET", "/api/me", "alice", "not-her-password", null);
    assertEquals(401, wrong.status(), wrong.body());
    assertEquals("Basic realm=\"invoices\"", wrong.challenge());
    InvoicesClient.Reply alice = client.call("GET", "/api/me", "alice", null);
    assertEquals(200, alice.status(), alice.body());
    assertEquals("alice", alice.json().getString("name"));
  }

  @Test
  void anonymous_onAnIamEndpoint_is401() {
    InvoicesClient.Reply r = client.call("GET", "/api/orgs/acme/invoices", null, null);
    assertEquals(401, r.status(), r.body());
    assertEquals("Unauthenticated", r.error().getString("Code"));
  }

  @Test
  void containerGroups_grantTheirIamGroupsPermissions() {
    // alice's container group "accounting" is IAM group Accountants of acme (iam4j.group-mapping).
    InvoicesClient.Reply list = client.call("GET", "/api/orgs/acme/invoices", "alice", null);
    assertEquals(200, list.status(), list.body());
    assertTrue(list.body().contains("\"id\":\"INV-1\""), list.body());
    // bob's "sales" is Sales: he raises an invoice and reads it back.
    InvoicesClient.Reply created = client.call("POST", "/api/orgs/acme/invoices", "bob", "{\"customer\":\"Umbrella\",\"amount\":\"99.00\"}");
    assertEquals(201, created.status(), created.body());
    String id = created.json().getString("id");
    assertEquals("bob", created.json().getString("createdBy"));
    assertEquals(200, client.call("GET", "/api/orgs/acme/invoices/" + id, "bob", null).status());
  }

  @Test
  void denied_isIamsJson403_namingTheMissingPermission_andTheMethodNeverRuns() {
    String id = client.call("POST", "/api/orgs/acme/invoices", "bob", "{\"customer\":\"Initech\",\"amount\":\"10.00\"}").json().getString("id");
    // Sales may not approve: the CDI service's check refuses, iam4j's exception mapper answers.
    InvoicesClient.Reply denied = client.call("POST", "/api/orgs/acme/invoices/" + id + "/approve", "bob", null);
    assertEquals(403, denied.status(), denied.body());
    assertEquals("AccessDenied", denied.error().getString("Code"));
    assertEquals("User: arn:iam4j:iam::acme:user/bob is not authorized to perform: invoices:ApproveInvoice on resource: "
        + "arn:iam4j:invoices::acme:invoice/" + id + " because no identity-based policy allows the invoices:ApproveInvoice action",
        denied.error().getString("Message"));
    assertFalse(denied.error().getString("EncodedAuthorizationMessage").isEmpty());
    assertFalse(client.call("GET", "/api/orgs/acme/invoices/" + id, "alice", null).json().containsKey("approvedBy"),
        "the denied approval did not run");
    // Accountants may.
    InvoicesClient.Reply approved = client.call("POST", "/api/orgs/acme/invoices/" + id + "/approve", "alice", null);
    assertEquals(200, approved.status(), approved.body());
    assertEquals("alice", approved.json().getString("approvedBy"));
  }

  @Test
  void unannotatedEndpoint_isRefused_underDenyByDefault() {
    InvoicesClient.Reply r = client.call("GET", "/api/orgs/acme/report", "alice", null);
    assertEquals(403, r.status(), r.body());
    assertEquals("No IAM action is declared for this endpoint, and iam4j.enforcement.default is deny", r.error().getString("Message"));
  }

  @Test
  void anotherOrganizationsInvoices_areAnotherTenants() {
    InvoicesClient.Reply r = client.call("GET", "/api/orgs/globex/invoices", "alice", null);
    assertEquals(403, r.status(), r.body());
    String message = r.error().getString("Message");
    assertTrue(message.startsWith("User: arn:iam4j:iam::acme:user/alice is not authorized to perform: invoices:ListInvoices on resource: "
        + "arn:iam4j:invoices::globex:invoice/*"), message);
  }

  @Test
  void replacedTenantResolver_putsCallersInTheirOrganizationsTenant() {
    // "gina" names no tenant: only the application's @Alternative TenantResolver (group org:globex) finds hers.
    InvoicesClient.Reply list = client.call("GET", "/api/orgs/globex/invoices", "gina", null);
    assertEquals(200, list.status(), list.body());
    assertTrue(list.body().contains("\"id\":\"INV-2\""), list.body());
    // And globex's policies apply to her, not acme's: its accountants read, they do not approve.
    InvoicesClient.Reply approve = client.call("POST", "/api/orgs/globex/invoices/INV-2/approve", "gina", null);
    assertEquals(403, approve.status(), approve.body());
    assertTrue(approve.error().getString("Message").startsWith(
        "User: arn:iam4j:iam::globex:user/gina is not authorized to perform: invoices:ApproveInvoice"), approve.body());
  }

  @Test
  void callerTheIamConfigurationDoesNotKnow_isRefused() {
    // mallory signs in (the application knows her), but no IAM user maps to her: refused, never anonymous.
    assertEquals(200, client.call("GET", "/api/me", "mallory", null).status());
    InvoicesClient.Reply r = client.call("GET", "/api/orgs/acme/invoices", "mallory", null);
    assertEquals(403, r.status(), r.body());
    assertEquals("User: mallory is not known to iam4j", r.error().getString("Message"));
  }
}
