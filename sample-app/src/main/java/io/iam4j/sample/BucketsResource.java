package io.iam4j.sample;

import io.iam4j.jakarta.IamAction;
import io.iam4j.jakarta.IamPublic;
import io.iam4j.policy.PolicyException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/**
 * Buckets and objects of a tenant: {@code /api/tenants/{owner}/buckets/...}. Every method names its
 * IAM action and resource; the owner in the path is the resource's tenant, so a request for another
 * tenant's bucket is a cross-tenant request that only that tenant's bucket policy can allow.
 */
@Path("tenants/{owner}/buckets")
@Produces(MediaType.APPLICATION_JSON)
public class BucketsResource {
  @Inject DocStore store;

  @GET
  @IamAction(value = "docs:ListBuckets", resource = "arn:iam4j:docs::${owner}:bucket/*", resourceAccount = "${owner}")
  public String list(@PathParam("owner") String owner) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    store.buckets(owner).keySet().stream().sorted().forEach(a::add);
    return Json.createObjectBuilder().add("buckets", a).build().toString();
  }

  @PUT
  @Path("{bucket}")
  @IamAction(value = "docs:CreateBucket", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}", resourceAccount = "${owner}")
  public Response create(@PathParam("owner") String owner, @PathParam("bucket") String bucket) {
    return store.createBucket(owner, bucket) ? Response.status(201).build() : Response.status(409).build();
  }

  @DELETE
  @Path("{bucket}")
  @IamAction(value = "docs:DeleteBucket", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}", resourceAccount = "${owner}")
  public Response delete(@PathParam("owner") String owner, @PathParam("bucket") String bucket) {
    return store.deleteBucket(owner, bucket) ? Response.noContent().build() : Response.status(404).build();
  }

  @GET
  @Path("{bucket}/objects")
  @IamAction(value = "docs:ListObjects", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}", resourceAccount = "${owner}",
      context = "docs:prefix=${prefix}")
  public Response objects(@PathParam("owner") String owner, @PathParam("bucket") String bucket, @QueryParam("prefix") String prefix) {
    return store.bucket(owner, bucket).map(b -> {
      JsonArrayBuilder a = Json.createArrayBuilder();
      String p = prefix == null ? "" : prefix;
      b.objects.keySet().stream().filter(k -> k.startsWith(p)).forEach(a::add);
      return Response.ok(Json.createObjectBuilder().add("bucket", bucket).add("prefix", p).add("keys", a).build().toString()).build();
    }).orElse(Response.status(404).build());
  }

  @GET
  @Path("{bucket}/objects/{key: .+}")
  @Produces(MediaType.TEXT_PLAIN)
  @IamAction(value = "docs:GetObject", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}", resourceAccount = "${owner}",
      resourceType = "object")
  public Response get(@PathParam("owner") String owner, @PathParam("bucket") String bucket, @PathParam("key") String key) {
    return store.bucket(owner, bucket).map(b -> b.objects.get(key)).map(v -> Response.ok(new String(v, StandardCharsets.UTF_8)).build())
        .orElse(Response.status(404).build());
  }

  /**
   * The same read without the IAM check, for the load test's A/B comparison only: off (404) unless
   * the server runs with {@code -Dsample.benchmark-twin=true}, which {@code bin/load-test} sets.
   */
  @GET
  @Path("{bucket}/unchecked-objects/{key: .+}")
  @IamPublic
  @Produces(MediaType.TEXT_PLAIN)
  public Response getWithoutIam(@PathParam("owner") String owner, @PathParam("bucket") String bucket, @PathParam("key") String key,
      @jakarta.ws.rs.core.Context jakarta.ws.rs.core.SecurityContext sc) {
    if (!Boolean.getBoolean("sample.benchmark-twin") || sc.getUserPrincipal() == null) {
      return Response.status(404).build();
    }
    return get(owner, bucket, key);
  }

  @PUT
  @Path("{bucket}/objects/{key: .+}")
  @Consumes(MediaType.WILDCARD)
  @IamAction(value = "docs:PutObject", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}", resourceAccount = "${owner}",
      resourceType = "object")
  public Response put(@PathParam("owner") String owner, @PathParam("bucket") String bucket, @PathParam("key") String key, String body) {
    if (store.bucket(owner, bucket).isEmpty()) {
      return Response.status(404).build();
    }
    store.put(owner, bucket, key, body == null ? "" : body);
    return Response.noContent().build();
  }

  @DELETE
  @Path("{bucket}/objects/{key: .+}")
  @IamAction(value = "docs:DeleteObject", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}/${key}", resourceAccount = "${owner}",
      resourceType = "object")
  public Response deleteObject(@PathParam("owner") String owner, @PathParam("bucket") String bucket, @PathParam("key") String key) {
    return store.bucket(owner, bucket).map(b -> b.objects.remove(key) != null ? Response.noContent().build() : Response.status(404).build())
        .orElse(Response.status(404).build());
  }

  @GET
  @Path("{bucket}/policy")
  @IamAction(value = "docs:GetBucketPolicy", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}", resourceAccount = "${owner}")
  public Response policy(@PathParam("owner") String owner, @PathParam("bucket") String bucket) {
    return store.bucket(owner, bucket).map(b -> b.policyText == null ? Response.status(404).build() : Response.ok(b.policyText).build())
        .orElse(Response.status(404).build());
  }

  @PUT
  @Path("{bucket}/policy")
  @Consumes(MediaType.WILDCARD)
  @IamAction(value = "docs:PutBucketPolicy", resource = "arn:iam4j:docs::${owner}:bucket/${bucket}", resourceAccount = "${owner}")
  public Response putPolicy(@PathParam("owner") String owner, @PathParam("bucket") String bucket, String text) {
    if (store.bucket(owner, bucket).isEmpty()) {
      return Response.status(404).build();
    }
    try {
      store.putPolicy(owner, bucket, text);
      return Response.noContent().build();
    } catch (PolicyException e) {
      JsonArrayBuilder problems = Json.createArrayBuilder();
      e.problems().forEach(p -> problems.add(Json.createObjectBuilder().add("pointer", p.pointer()).add("message", p.message())));
      return Response.status(400).entity(Json.createObjectBuilder().add("Error", Json.createObjectBuilder()
          .add("Code", "MalformedPolicy").add("Problems", problems)).build().toString()).type(MediaType.APPLICATION_JSON).build();
    }
  }

  /**
   * Unannotated and not public: in annotation mode the sample's iam4j.enforcement.default=deny refuses
   * it to everyone; with the Jakarta Authorization provider installed, the route file
   * (config/routes.json) puts it under IAM.
   */
  @GET
  @Path("{bucket}/stats")
  public Response stats(@PathParam("owner") String owner, @PathParam("bucket") String bucket) {
    int objects = store.bucket(owner, bucket).map(b -> b.objects.size()).orElse(0);
    return Response.ok(Json.createObjectBuilder().add("bucket", bucket).add("objects", objects).build().toString()).build();
  }
}
