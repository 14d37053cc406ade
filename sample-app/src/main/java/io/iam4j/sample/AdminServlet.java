package io.iam4j.sample;

import io.iam4j.config.ConfigStore;
import io.iam4j.config.TenantStatus;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A plain servlet under a declared security constraint (web.xml: SysAdmins only): the status of
 * every tenant's configuration. It has no iam4j annotation; with the Jakarta Authorization provider
 * installed, the route file puts an IAM check on it too.
 */
@WebServlet("/admin/status")
public class AdminServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject ConfigStore store;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    var tenants = Json.createObjectBuilder();
    for (TenantStatus s : store.status().values()) {
      var problems = Json.createArrayBuilder();
      s.lastProblems().forEach(p -> problems.add(p.toString()));
      tenants.add(s.tenant(), Json.createObjectBuilder().add("version", s.version()).add("healthy", s.healthy()).add("problems", problems));
    }
    resp.setContentType("application/json");
    resp.getWriter().write(Json.createObjectBuilder().add("caller", req.getUserPrincipal().getName()).add("tenants", tenants).build().toString());
  }
}
