package io.iam4j.it.mapping.app;

import io.iam4j.authz.Authorizer;
import io.iam4j.eval.ContextValue;
import io.iam4j.jakarta.runtime.Enforcer;
import io.iam4j.jakarta.IamAction;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * A file service secured only by iam4j annotations, in a war of its own: what the principal-mapping
 * ITs call. Each answer says who IAM decided for and the request's condition keys, so the tests see
 * the mapping (the principal) and the keys the caller's token contributed.
 */
@Path("")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FilesResource {
  @Context HttpServletRequest request;

  @GET
  @Path("files/{path: .+}")
  @IamAction(value = "files:GetFile", resource = "arn:iam4j:files::${tenant}:file/${path}")
  public String get(@PathParam("path") String path) {
    return decided();
  }

  @DELETE
  @Path("files/{path: .+}")
  @IamAction(value = "files:DeleteFile", resource = "arn:iam4j:files::${tenant}:file/${path}")
  public String delete(@PathParam("path") String path) {
    return decided();
  }

  @GET
  @Path("whoami")
  @IamAction(value = "files:WhoAmI", resource = "arn:iam4j:files::${tenant}:whoami")
  public String whoami() {
    return decided();
  }

  /** The decision the filter left on the request: its principal and request context. */
  private String decided() {
    Authorizer.Result r = (Authorizer.Result) request.getAttribute(Enforcer.RESULT);
    JsonObjectBuilder keys = Json.createObjectBuilder();
    for (Map.Entry<String, ContextValue> e : r.request().context().asMap().entrySet()) {
      var values = Json.createArrayBuilder();
      e.getValue().values().forEach(values::add);
      keys.add(e.getKey(), values);
    }
    return Json.createObjectBuilder()
        .add("principal", r.request().caller().display())
        .add("tenant", r.identity().tenant().id())
        .add("resource", r.request().resource())
        .add("context", keys)
        .build().toString();
  }
}
