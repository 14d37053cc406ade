package com.example.invoices.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.invoices.it.sink.AuditEventsResource;
import com.example.invoices.it.sink.RecordingAuditSink;
import jakarta.json.JsonString;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * invoices-database.war: {@code @DatabaseIdentityStoreDefinition} over the server's default data
 * source signs users in. This deployment also replaces iam4j's audit sink with the team's own (an
 * {@code @Alternative @Priority} bean added for the test), which must then receive the decisions.
 */
class DatabaseIdentityStoreIT extends AdoptionChecks {
  @Deployment(testable = false)
  static WebArchive deployment() {
    return war("it.war.database").addClasses(RecordingAuditSink.class, AuditEventsResource.class);
  }

  @Test
  void replacedAuditSink_receivesEveryDecision() {
    assertEquals(403, client.call("GET", "/api/orgs/globex/invoices/INV-2", "bob", null).status());
    assertEquals(200, client.call("GET", "/api/orgs/acme/invoices/INV-1", "bob", null).status());
    InvoicesClient.Reply r = client.call("GET", "/api/test/audit-events", null, null);
    assertEquals(200, r.status(), r.body());
    List<String> decisions = r.json().getJsonArray("decisions").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    assertTrue(decisions.contains("arn:iam4j:iam::acme:user/bob invoices:GetInvoice arn:iam4j:invoices::globex:invoice/INV-2 ImplicitDeny"),
        decisions.toString());
    assertTrue(decisions.contains("arn:iam4j:iam::acme:user/bob invoices:GetInvoice arn:iam4j:invoices::acme:invoice/INV-1 Allow"),
        decisions.toString());
  }
}
