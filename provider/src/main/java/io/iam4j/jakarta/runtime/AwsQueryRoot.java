package io.iam4j.jakarta.runtime;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The application's root ({@code ""}: exactly {@code /}), where the AWS SDK for Java v2 posts STS and
 * IAM calls whatever the endpoint's path. Mapped with no security constraint of its own, because
 * Payara Micro otherwise answers {@code /} of a war without a welcome page from its default servlet
 * behind a constraint the application never declared (401 unauthenticated, 403 authenticated), so the
 * Query request never reaches {@link AwsQueryFilter}. The filter answers Query requests; anything else
 * sent to {@code /} goes to the container's default servlet as before.
 */
public final class AwsQueryRoot extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /**
   * Maps the root to this servlet, unconstrained, when STS is enabled and the application maps
   * nothing there itself.
   */
  public static void register(jakarta.servlet.ServletContext ctx) {
    if (!Iam4jSettings.value("iam4j.sts.enabled").map(Boolean::parseBoolean).orElse(false)) {
      return;
    }
    for (jakarta.servlet.ServletRegistration r : ctx.getServletRegistrations().values()) {
      if (r.getMappings().contains("")) {
        return; // the application's own root: the SDK's calls must then use a path (README)
      }
    }
    jakarta.servlet.ServletRegistration.Dynamic root = ctx.addServlet("iam4j-aws-query-root", new AwsQueryRoot());
    if (root != null && root.addMapping("").isEmpty()) {
      root.setServletSecurity(new jakarta.servlet.ServletSecurityElement());
    }
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
    RequestDispatcher fallback = getServletContext().getNamedDispatcher("default");
    if (fallback == null) {
      res.sendError(404);
      return;
    }
    fallback.forward(req, res);
  }
}
