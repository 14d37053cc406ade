package com.example.invoices;

import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.IamPublic;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;

/**
 * An organization's invoices. The only change adoption made: each method names its IAM action and
 * resource. The organization in the path is the resource's owner (its IAM tenant), so a caller of
 * another organization asks across tenants, which only that tenant's policies could allow.
 */
@Path("orgs/{org}/invoices")
@Produces(MediaType.APPLICATION_JSON)
public class InvoicesResource {
  @Inject InvoiceStore store;
  @Inject Approvals approvals;
  @Context SecurityContext security;

  @GET
  @IamAction(value = "invoices:ListInvoices", resource = "arn:iam4j:invoices::${org}:invoice/*", resourceAccount = "${org}")
  public String list(@PathParam("org") String org) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    store.list(org).forEach(i -> a.add(i.json()));
    return Json.createObjectBuilder().add("invoices", a).build().toString();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @IamAction(value = "invoices:CreateInvoice", resource = "arn:iam4j:invoices::${org}:invoice/*", resourceAccount = "${org}")
  public Response create(@PathParam("org") String org, JsonObject body) {
    Invoice i = store.create(org, body.getString("customer", "?"), body.getString("amount", "0.00"),
        security.getUserPrincipal().getName());
    return Response.created(URI.create("orgs/" + org + "/invoices/" + i.id())).entity(i.json().toString()).build();
  }

  @GET
  @Path("{id}")
  @IamAction(value = "invoices:GetInvoice", resource = "arn:iam4j:invoices::${org}:invoice/${id}", resourceAccount = "${org}")
  public Response get(@PathParam("org") String org, @PathParam("id") String id) {
    return store.get(org, id).map(i -> Response.ok(i.json().toString()).build()).orElse(Response.status(404).build());
  }

  /** Approval is decided where it happens, in {@link Approvals}: this endpoint only forwards. */
  @POST
  @Path("{id}/approve")
  @IamPublic
  public Response approve(@PathParam("org") String org, @PathParam("id") String id) {
    return approvals.approve(org, id, security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName())
        .map(i -> Response.ok(i.json().toString()).build()).orElse(Response.status(404).build());
  }
}
