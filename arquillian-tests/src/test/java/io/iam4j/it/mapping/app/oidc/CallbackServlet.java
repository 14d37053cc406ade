package io.iam4j.it.mapping.app.oidc;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The OpenID Connect redirect URI. The mechanism takes the provider's answer here and sends the
 * browser on to the page it first asked for; this body is seen only if it does not.
 */
@WebServlet("/callback")
public class CallbackServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType("text/plain");
    resp.getWriter().write("signed in as " + (req.getUserPrincipal() == null ? "nobody" : req.getUserPrincipal().getName()));
  }
}
