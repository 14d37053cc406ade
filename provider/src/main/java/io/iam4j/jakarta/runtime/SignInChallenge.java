package io.iam4j.jakarta.runtime;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How an anonymous caller that IAM does not let in ({@link Enforcer.Unauthenticated}) is asked to
 * sign in: by whoever signs callers in ({@link SignInSelection}).
 *
 * <ul>
 *   <li>iam4j's own mechanism: its BASIC challenge, realm {@code iam4j}, with IAM's 401 body.
 *   <li>the application's mechanism (or the server's): that mechanism's. The container runs it for
 *       this request ({@link HttpServletRequest#authenticate}, which tells the mechanism that the
 *       request needs a caller), so an OpenID Connect mechanism redirects the browser to its provider
 *       and a BASIC one answers 401 with its own realm, exactly as for a resource its own constraints
 *       protect. Only when the mechanism writes nothing does iam4j answer 401, and then without a
 *       challenge: one naming iam4j would ask for credentials no mechanism of this application checks.
 * </ul>
 *
 * Stateless.
 */
final class SignInChallenge {
  private static final Logger LOG = Logger.getLogger(SignInChallenge.class.getName());
  /** iam4j's own mechanism's challenge. */
  static final String IAM4J_BASIC = "Basic realm=\"iam4j\"";

  private SignInChallenge() {}

  /** What came of asking. */
  sealed interface Outcome {}

  /**
   * The application's mechanism answered (a redirect to its sign-in, a 401 with its challenge):
   * the response carries its answer, which must go out as it is.
   *
   * @param status the status the mechanism set
   */
  record Answered(int status) implements Outcome {}

  /** The mechanism signed a caller in for this request: IAM decides again, for that caller. */
  record SignedIn(String caller) implements Outcome {}

  /**
   * Nobody answered: iam4j's 401 with IAM's body.
   *
   * @param challenge the {@code WWW-Authenticate} value, or null for none
   */
  record Unanswered(String challenge) implements Outcome {}

  /**
   * Asks the anonymous caller of {@code http} to sign in.
   *
   * @param iam4jSignsIn whether iam4j's mechanism is the application's ({@link SignInSelection#iam4jSignsIn})
   * @param response the request's response, not committed; null when there is none to answer on
   */
  static Outcome ask(boolean iam4jSignsIn, HttpServletRequest http, HttpServletResponse response) {
    if (iam4jSignsIn) {
      return new Unanswered(IAM4J_BASIC);
    }
    if (http == null || response == null || response.isCommitted()) {
      return new Unanswered(null);
    }
    boolean authenticated;
    try {
      authenticated = http.authenticate(response);
    } catch (ServletException | IOException | RuntimeException e) {
      // The mechanism failed (or the container has none): nothing to offer but IAM's 401.
      LOG.log(Level.INFO, "The application's authentication mechanism could not challenge " + http.getMethod() + " "
          + http.getRequestURI() + "; answering 401 without a challenge", e);
      return response.isCommitted() ? new Answered(response.getStatus()) : new Unanswered(null);
    }
    if (authenticated) {
      Principal p = http.getUserPrincipal();
      return p == null ? new Unanswered(null) : new SignedIn(p.getName());
    }
    // Not authenticated: per the Servlet specification the mechanism has put its message in the
    // response: a redirect or an error status (a 401 with its challenge), or a page it sent (a
    // forward to a login form commits the response). Anything short of that is no answer: a success
    // status must never go out for a request IAM refused. A header the mechanism set (its
    // WWW-Authenticate) stays on the response and goes out with iam4j's 401.
    if (response.isCommitted() || response.getStatus() >= 300) {
      return new Answered(response.getStatus());
    }
    return new Unanswered(null);
  }
}
