package io.iam4j.jakarta.runtime;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The session cookie of an application using iam4j's browser sign-in: {@code HttpOnly} (scripts
 * cannot read it), {@code SameSite} from {@code iam4j.session.same-site} ({@code Lax} by default, so
 * cross-site subrequests and POSTs do not carry it). {@code Secure} follows the request: the server
 * marks the cookie secure when the session is created over HTTPS. Set at start-up, before the
 * first session exists: the Servlet 6 cookie attribute, and Payara's own {@code setSameSite} (which is
 * what Payara 6 writes; it spells the value in capitals, {@code SameSite=LAX}, which browsers accept).
 */
public class SessionCookies implements ServletContainerInitializer {
  private static final Logger LOG = Logger.getLogger(SessionCookies.class.getName());

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
    String sameSite;
    try {
      sameSite = Iam4jSettings.sessions().sameSite();
    } catch (RuntimeException e) {
      // An invalid setting must not leave the cookie without SameSite.
      LOG.warning(() -> "iam4j.session.same-site: " + e.getMessage() + "; using Strict");
      sameSite = "Strict";
    }
    SessionCookieConfig c = ctx.getSessionCookieConfig();
    c.setHttpOnly(true);
    c.setAttribute("SameSite", sameSite);
    // Payara 6 writes the session cookie's SameSite from its own setting, not from the Servlet 6
    // attribute: set that too where the container's configuration object has it.
    try {
      c.getClass().getMethod("setSameSite", String.class).invoke(c, sameSite);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.fine(() -> "No container-specific SameSite setting on " + c.getClass().getName() + ": " + e);
    }
  }
}
