package com.example.invoices.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** invoices.war: the team's own IdentityStore class signs users in. */
class TeamIdentityStoreIT extends AdoptionChecks {
  @Deployment(testable = false)
  static WebArchive deployment() {
    return war("it.war");
  }
}
