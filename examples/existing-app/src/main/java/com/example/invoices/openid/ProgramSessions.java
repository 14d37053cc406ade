package com.example.invoices.openid;

import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.crypto.SessionTokens;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.jakarta.IamAction;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Credentials for the organization's programs (its nightly export): a signed-in person asks for a
 * session of a role ({@code sts:AssumeRole}, which the role's trust policy decides) and hands the
 * bearer token to the program. The program calls the API with {@code Authorization: Bearer ...}: on
 * Jakarta EE 11 iam4j authenticates those requests beside the OpenID Connect mechanism, which keeps
 * signing browsers in ({@code iam4j.sign-in.programs=auto}).
 */
@Path("orgs/{org}/roles/{role}/session")
@Produces(MediaType.APPLICATION_JSON)
public class ProgramSessions {
  @Inject ConfigStore store;
  @Inject ServerKey key;

  @Inject
  @ConfigProperty(name = "iam4j.token.issuer", defaultValue = SessionTokens.DEFAULT_ISSUER)
  String issuer;

  @POST
  @IamAction(value = "sts:AssumeRole", resource = "arn:iam4j:iam::${org}:role/${role}", resourceAccount = "${org}")
  public Response assumeRole(@PathParam("org") String org, @PathParam("role") String role, @QueryParam("sessionName") String sessionName) {
    Tenant t = store.directory().tenant(org).orElse(null);
    Role r = t == null ? null : t.roles().get(role);
    if (r == null) {
      return Response.status(404).build();
    }
    String session = sessionName != null && sessionName.matches("[\\w+=,.@-]{2,64}") ? sessionName : "program";
    Instant issued = Instant.now();
    Instant expires = issued.plus(Duration.ofSeconds(r.maxSessionDurationSeconds()));
    String token = SessionTokens.issue(key, new SessionTokens.Session(issuer, org, role, r.id(), session, SessionTokens.newTokenId(), issued, expires));
    return Response.ok(Json.createObjectBuilder()
        .add("AssumedRoleUser", store.directory().arns().assumedRole(org, role, session))
        .add("Expiration", expires.toString())
        .add("SessionToken", token).build().toString()).build();
  }
}
