package io.iam4j.jakarta.jacc;

import io.iam4j.jakarta.runtime.Enforcer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page of a 403 decided by the Jakarta Authorization provider: renders the verdict the
 * one enforcement path left on the request (IAM's message and encoded authorization message), or a
 * 400 when the request's path had no canonical form. Map it as the application's {@code
 * <error-page>} for 403.
 */
public class DeniedServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType("application/json");
    if (req.getAttribute(Enforcer.VERDICT) instanceof Enforcer.Refused r) {
      resp.setStatus(r.status());
      resp.getWriter().write(r.json());
    } else if (req.getAttribute(JaccDecider.BAD_PATH) instanceof String reason) {
      resp.setStatus(400);
      resp.getWriter().write(Enforcer.body("InvalidURI", reason, null));
    } else {
      resp.setStatus(403);
      resp.getWriter().write(Enforcer.body("AccessDenied", "Access denied", null));
    }
  }
}
