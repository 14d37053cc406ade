package com.example.invoices.openid;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The redirect URI registered at the provider. The mechanism takes the provider's answer here and
 * sends the browser on to the page it first asked for; this body is seen only by a browser that
 * came to sign in without asking for a page first.
 */
@WebServlet("/callback")
public class SignedIn extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType("text/plain");
    resp.getWriter().write(req.getUserPrincipal() == null ? "not signed in" : "signed in");
  }
}
