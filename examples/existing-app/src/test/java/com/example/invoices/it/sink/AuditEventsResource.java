package com.example.invoices.it.sink;

import io.iam4j.jakarta.IamPublic;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What the replacing sink received, for the test to read over HTTP (test deployment only). */
@Path("test/audit-events")
public class AuditEventsResource {
  @Inject RecordingAuditSink sink;

  @GET
  @IamPublic
  @Produces(MediaType.APPLICATION_JSON)
  public String decisions() {
    JsonArrayBuilder a = Json.createArrayBuilder();
    sink.decisions().forEach(a::add);
    return Json.createObjectBuilder().add("decisions", a).build().toString();
  }
}
