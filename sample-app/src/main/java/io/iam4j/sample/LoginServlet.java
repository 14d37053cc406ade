package io.iam4j.sample;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The form login's target: the authentication mechanism has already signed the caller in (or
 * answered 401) when this runs, so it only sends the browser on, to {@code /api/whoami}.
 */
@WebServlet("/login")
public class LoginServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.sendRedirect(req.getContextPath() + "/login.html");
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (req.getUserPrincipal() == null) {
      resp.sendRedirect(req.getContextPath() + "/login.html");
    } else {
      resp.sendRedirect(req.getContextPath() + "/api/whoami");
    }
  }
}
