package com.example.invoices.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** invoices-database.war: {@code @DatabaseIdentityStoreDefinition} over the server's default data source signs users in. */
class DatabaseIdentityStoreIT extends AdoptionChecks {
  @Deployment(testable = false)
  static WebArchive deployment() {
    return war("it.war.database");
  }
}
