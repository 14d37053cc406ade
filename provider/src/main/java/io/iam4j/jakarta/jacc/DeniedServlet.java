package io.iam4j.jakarta.jacc;

import io.iam4j.authz.Authorizer;
import io.iam4j.jakarta.AuthorizationMessages;
import io.iam4j.jakarta.IamRequestFilter;
import jakarta.json.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;

/**
 * The error page of a 403 decided by the Jakarta Authorization provider: renders IAM's JSON body
 * (message and encoded authorization message) from the decision the policy left on the request.
 * Map it as the application's {@code <error-page>} for 403.
 */
public class DeniedServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Object r = req.getAttribute(IamRequestFilter.RESULT);
    resp.setStatus(403);
    resp.setContentType("application/json");
    var error = Json.createObjectBuilder().add("Code", "AccessDenied");
    if (r instanceof Authorizer.Result result) {
      error.add("Message", result.decision().message(result.request()));
      io.iam4j.crypto.ServerKey key = jakarta.enterprise.inject.spi.CDI.current().select(io.iam4j.jakarta.Iam4j.class).get().key();
      error.add("EncodedAuthorizationMessage", AuthorizationMessages.encode(key, result, Instant.now()));
    } else {
      error.add("Message", "Access denied");
    }
    resp.getWriter().write(Json.createObjectBuilder().add("Error", error).build().toString());
  }
}
