package com.example.invoices;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * An endpoint someone forgot to annotate. With {@code iam4j.enforcement.default=deny} it is refused
 * for everyone (403, audited) instead of being open to every signed-in user.
 */
@Path("orgs/{org}/report")
public class ReportResource {
  @Inject InvoiceStore store;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String report(@PathParam("org") String org) {
    return "{\"invoices\":" + store.list(org).size() + "}";
  }
}
