package io.iam4j.sample;

import io.iam4j.config.ConfigStore;
import io.iam4j.crypto.ServerKey;
import io.iam4j.IamException;
import io.iam4j.crypto.SessionTokens;
import io.iam4j.authz.AuthorizationMessages;
import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.IamPublic;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.jakarta.ContainerRoles;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Who am I, role assumption (temporary credentials) and the decoding of authorization messages. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {
  @Inject ConfigStore store;
  @Inject ServerKey key;

  @Inject
  @ConfigProperty(name = "iam4j.token.issuer", defaultValue = SessionTokens.DEFAULT_ISSUER)
  String tokenIssuer;

  /**
   * The caller as the container sees it: name and the container roles it is in, asked of {@code
   * isUserInRole} for every group and role of every tenant, qualified ({@code Developers@acme}): the
   * answer lists the caller's own tenant's groups only.
   */
  @GET
  @Path("whoami")
  @IamPublic
  public Response whoami(@Context SecurityContext sc) {
    if (sc.getUserPrincipal() == null) {
      return Response.status(401).header("WWW-Authenticate", "Basic realm=\"iam4j\"").build();
    }
    JsonArrayBuilder roles = Json.createArrayBuilder();
    for (Tenant t : store.directory().tenants().values()) {
      List<String> names = new java.util.ArrayList<>(t.groups().keySet());
      names.addAll(t.roles().keySet());
      for (String name : names) {
        if (sc.isUserInRole(ContainerRoles.of(name, t.id()))) {
          roles.add(ContainerRoles.of(name, t.id()));
        }
      }
    }
    return Response.ok(Json.createObjectBuilder().add("caller", sc.getUserPrincipal().getName()).add("groups", roles).build().toString()).build();
  }

  /**
   * {@code sts:AssumeRole}: the role's trust policy (its resource-based policy) and the caller's
   * identity policies decide; on success the caller gets a bearer token for a session of the role.
   */
  @POST
  @Path("sts/assume-role")
  @IamAction(value = "sts:AssumeRole", resource = "arn:iam4j:iam::${tenant}:role/${role}")
  public Response assumeRole(@Context SecurityContext sc, @QueryParam("role") String role, @QueryParam("sessionName") String sessionName,
      @QueryParam("durationSeconds") Integer durationSeconds) {
    String caller = sc.getUserPrincipal().getName();
    String tenant = caller.substring(caller.lastIndexOf('@') + 1);
    Tenant t = store.directory().tenant(tenant).orElseThrow(() -> new IamException("no tenant"));
    Role r = t.roles().get(role);
    if (r == null) {
      return Response.status(404).build();
    }
    String session = sessionName == null || !sessionName.matches("[\\w+=,.@-]{2,64}") ? "session" : sessionName;
    int seconds = durationSeconds == null ? 3600 : Math.min(Math.max(900, durationSeconds), r.maxSessionDurationSeconds());
    Instant issued = Instant.now();
    Instant expires = issued.plus(Duration.ofSeconds(seconds));
    // The role id and issue time let sign-in refuse sessions of a deleted (or re-created) role and revoked sessions.
    String token = SessionTokens.issue(key, new SessionTokens.Session(tokenIssuer, tenant, role, r.id(), session,
        SessionTokens.newTokenId(), issued, expires));
    return Response.ok(Json.createObjectBuilder()
        .add("AssumedRoleUser", store.directory().arns().assumedRole(tenant, role, session))
        .add("Expiration", expires.toString())
        .add("SessionToken", token).build().toString()).build();
  }

  @Inject ReportService reports;

  /** Report sizes of a year: no REST annotation, the CDI service is decided by IAM itself. */
  @GET
  @Path("tenants/{owner}/report-summary/{year}")
  @IamPublic // the CDI bean it calls is decided by IAM itself
  public Response reportSummary(@jakarta.ws.rs.PathParam("owner") String owner, @jakarta.ws.rs.PathParam("year") String year) {
    var b = Json.createObjectBuilder();
    reports.summary(owner, year).forEach(b::add);
    return Response.ok(Json.createObjectBuilder().add("reports", b).build().toString()).build();
  }

  /**
   * {@code sts:DecodeAuthorizationMessage}: the full decision behind a deny, for those allowed to see
   * it, and only for denies of callers of their own tenant (taken from the authenticated identity,
   * never from the request): another tenant's message is a 403.
   */
  @POST
  @Path("sts/decode-authorization-message")
  @Consumes(MediaType.WILDCARD)
  @IamAction("sts:DecodeAuthorizationMessage")
  public Response decode(@Context SecurityContext sc, String encoded) {
    if (sc.getUserPrincipal() == null) {
      return Response.status(403).entity(error("AccessDenied", "Decoding needs an authenticated caller of the message's tenant")).build();
    }
    String caller = sc.getUserPrincipal().getName();
    String tenant = caller.substring(caller.lastIndexOf('@') + 1);
    try {
      return Response.ok(Json.createObjectBuilder().add("DecodedMessage",
          AuthorizationMessages.decode(key, tenant, encoded == null ? "" : encoded.trim())).build().toString()).build();
    } catch (AuthorizationMessages.OtherTenantException e) {
      return Response.status(403).entity(error("AccessDenied", "User: " + caller
          + " is not authorized to decode this message: it was issued for a caller of another tenant")).build();
    } catch (IamException e) {
      return Response.status(400).entity(error("InvalidAuthorizationMessageException", e.getMessage())).build();
    }
  }

  private static String error(String code, String message) {
    return Json.createObjectBuilder().add("Error", Json.createObjectBuilder().add("Code", code).add("Message", message)).build().toString();
  }
}
