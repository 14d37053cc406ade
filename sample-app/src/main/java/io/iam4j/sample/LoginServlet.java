package io.iam4j.sample;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The form login's and the logout's target. The authentication mechanism has already done the work
 * when this runs: signed the caller in with a new session (or answered 401 or 429), or ended the
 * session. This only sends the browser on: to {@code /api/whoami} after a sign-in, to the form
 * after a logout.
 */
@WebServlet({"/login", "/logout"})
public class LoginServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.sendRedirect(req.getContextPath() + "/login.html");
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (req.getServletPath().equals("/logout") || req.getUserPrincipal() == null) {
      resp.sendRedirect(req.getContextPath() + "/login.html");
    } else {
      resp.sendRedirect(req.getContextPath() + "/api/whoami");
    }
  }
}
