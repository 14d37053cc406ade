package com.example.invoices;

import io.iam4j.jakarta.IamPublic;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** Endpoints IAM deliberately does not decide ({@link IamPublic}). */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {
  @Context SecurityContext security;

  /** Open to anyone, signed in or not. */
  @GET
  @Path("status")
  @IamPublic
  public String status() {
    return "{\"status\":\"ok\"}";
  }

  /** Who the application's own sign-in says the caller is; web.xml requires a signed-in caller. */
  @GET
  @Path("me")
  @IamPublic
  public String me() {
    return "{\"name\":\"" + security.getUserPrincipal().getName() + "\",\"accounting\":" + security.isUserInRole("accounting") + "}";
  }
}
