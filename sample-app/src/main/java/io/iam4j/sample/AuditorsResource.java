package io.iam4j.sample;

import io.iam4j.jakarta.IamPublic;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Container roles, not IAM policies: {@code @RolesAllowed("Auditors@acme")} on an enterprise bean,
 * with the caller's roles answered from its IAM groups. Container roles are scoped by tenant: globex's
 * Auditors are role {@code Auditors@globex}, and not in this one.
 */
@Stateless
@Path("auditors")
@IamPublic // container roles decide here, not IAM policies
@Produces(MediaType.APPLICATION_JSON)
public class AuditorsResource {
  @Inject DocStore store;

  @GET
  @Path("bucket-count/{owner}")
  @RolesAllowed("Auditors@acme")
  public String bucketCount(@PathParam("owner") String owner) {
    return Json.createObjectBuilder().add("tenant", owner).add("buckets", store.buckets(owner).size()).build().toString();
  }
}
