package io.iam4j.sample;

import io.iam4j.directory.Role;
import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.RolePassing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scheduled jobs of a tenant, each running as a role: {@code POST
 * /api/tenants/{owner}/jobs?name=N&roleArn=ARN}. Creating the job is {@code docs:CreateJob}; handing
 * it the role is {@code iam:PassRole} on the role with {@code iam:PassedToService} {@value #SERVICE}
 * ({@link RolePassing}), so that nobody can make a job do what they may not have it do.
 */
@Path("tenants/{owner}/jobs")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
public class JobsResource {
  /** The service the role is passed to ({@code iam:PassedToService}). */
  public static final String SERVICE = "jobs.docs.iam4j";

  /** A job and the role it runs as. */
  record Job(String name, String roleArn, String roleId) {}

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  @Inject RolePassing roles;

  @POST
  @IamAction(value = "docs:CreateJob", resource = "arn:iam4j:docs::${owner}:job/${name}", resourceAccount = "${owner}")
  public Response create(@PathParam("owner") String owner, @QueryParam("name") String name, @QueryParam("roleArn") String roleArn) {
    if (name == null || !name.matches("[\\w.-]{1,64}") || roleArn == null) {
      return Response.status(400).entity(error("ValidationError", "name ([\\w.-]{1,64}) and roleArn are required")).build();
    }
    Optional<Role> role = roles.passRole(roleArn, SERVICE);
    if (role.isEmpty()) {
      return Response.status(400).entity(error("NoSuchEntity", "The role " + roleArn + " cannot be found")).build();
    }
    Job j = new Job(name, roleArn, role.get().id());
    jobs.put(owner + "/" + name, j);
    return Response.status(201).entity(Json.createObjectBuilder().add("name", j.name()).add("roleArn", j.roleArn())
        .add("roleId", j.roleId()).build().toString()).build();
  }

  @GET
  @IamAction(value = "docs:ListJobs", resource = "arn:iam4j:docs::${owner}:job/*", resourceAccount = "${owner}")
  public String list(@PathParam("owner") String owner) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    jobs.entrySet().stream().filter(e -> e.getKey().startsWith(owner + "/")).map(Map.Entry::getValue)
        .forEach(j -> a.add(Json.createObjectBuilder().add("name", j.name()).add("roleArn", j.roleArn()).add("roleId", j.roleId())));
    return Json.createObjectBuilder().add("jobs", a).build().toString();
  }

  private static String error(String code, String message) {
    return Json.createObjectBuilder().add("Error", Json.createObjectBuilder().add("Code", code).add("Message", message)).build().toString();
  }
}
