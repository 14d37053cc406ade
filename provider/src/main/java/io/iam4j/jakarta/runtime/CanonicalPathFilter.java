package io.iam4j.jakarta.runtime;

import io.iam4j.enforce.CanonicalPath;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * The first filter of an application with iam4j: every request is dispatched on its canonical path
 * ({@link CanonicalPath}), the same path iam4j decides on. A request whose path has no canonical form
 * (an encoded slash, NUL, bad percent-encoding, {@code ..} above the root), or on which the
 * container's own mapping disagrees, is answered 400 before any application code runs; one whose
 * path is canonical only after removing matrix parameters, {@code //} or dot segments goes on with
 * that canonical path, so Jakarta REST never sees another spelling than the one decided.
 */
public class CanonicalPathFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(CanonicalPathFilter.class.getName());
  /**
   * Request attribute: the request object this filter passes on. Jakarta REST hands its filters a
   * proxy of the servlet request that looks the request up in its request scope on every call (a
   * dozen calls per decision showed in the profile); {@link IamRequestFilter} reads this attribute
   * once instead (for a request, not a forward or include, whose request object is another).
   */
  public static final String REQUEST = "io.iam4j.request";
  /** Request attribute: the {@link Checked} path of the request object this filter passed on. */
  static final String CHECKED = "io.iam4j.canonicalPath";

  /**
   * The canonical path this filter checked for {@code request} (that very object: a forward or a
   * wrapper of the application's is checked again), so that the decision does not check it twice.
   */
  record Checked(HttpServletRequest request, CanonicalPath path) {}

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
    String ctx = req.getContextPath() == null ? "" : req.getContextPath();
    String raw = req.getRequestURI() == null ? "" : req.getRequestURI().substring(Math.min(ctx.length(), req.getRequestURI().length()));
    CanonicalPath path;
    try {
      path = canonical(req);
    } catch (CanonicalPath.BadPath e) {
      // Bad input, not a failure: one line, no stack trace (it is the caller's doing).
      LOG.fine(() -> "Refused " + req.getMethod() + " with a malformed path: " + e.getMessage());
      refuse(res, e.getMessage());
      return;
    }
    if (path.sameAs(raw)) {
      req.setAttribute(REQUEST, req);
      req.setAttribute(CHECKED, new Checked(req, path));
      chain.doFilter(req, res);
      return;
    }
    String uri = ctx + path.encoded();
    HttpServletRequest canonical = new HttpServletRequestWrapper(req) {
      @Override
      public String getRequestURI() {
        return uri;
      }

      @Override
      public StringBuffer getRequestURL() {
        StringBuffer url = new StringBuffer(req.getScheme()).append("://").append(req.getServerName());
        int port = req.getServerPort();
        if (port > 0 && !(port == 80 && "http".equals(req.getScheme())) && !(port == 443 && "https".equals(req.getScheme()))) {
          url.append(':').append(port);
        }
        return url.append(uri);
      }
    };
    req.setAttribute(REQUEST, canonical);
    req.setAttribute(CHECKED, new Checked(canonical, path));
    chain.doFilter(canonical, res);
  }

  /**
   * The canonical path of the request inside the application, from the raw URI; refused when the
   * container's own decoded mapping (servlet path and path info) names another path, since then the
   * two layers would not agree on what is served.
   */
  public static CanonicalPath canonical(HttpServletRequest req) {
    if (req.getAttribute(CHECKED) instanceof Checked c && c.request() == req) {
      return c.path();
    }
    String uri = req.getRequestURI();
    String ctx = req.getContextPath() == null ? "" : req.getContextPath();
    if (uri == null || !uri.startsWith(ctx)) {
      throw new CanonicalPath.BadPath("The request URI is not inside the application");
    }
    CanonicalPath path = CanonicalPath.of(uri.substring(ctx.length()));
    String mapped = pathInApplication(req);
    if (!sameResource(mapped, path.decoded())) {
      throw new CanonicalPath.BadPath("The container maps this path to " + mapped + ", not " + path.decoded());
    }
    return path;
  }

  /** Equal but for a trailing slash, which the container's mapping may drop. */
  private static boolean sameResource(String a, String b) {
    return strip(a).equals(strip(b));
  }

  private static String strip(String p) {
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /** The request's path inside the application as the container matched it (decoded, normalized). */
  public static String pathInApplication(HttpServletRequest req) {
    String servletPath = req.getServletPath();
    String info = req.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
    return path.isEmpty() ? "/" : path;
  }

  static void refuse(HttpServletResponse res, String message) throws IOException {
    res.setStatus(400);
    res.setContentType("application/json");
    res.getWriter().write(Enforcer.body("InvalidURI", message, null));
  }
}
