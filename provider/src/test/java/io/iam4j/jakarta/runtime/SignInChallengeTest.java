package io.iam4j.jakarta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Who asks an anonymous caller to sign in, and what iam4j adds: nothing, when the application's mechanism answered. */
class SignInChallengeTest {
  /** A response as a mechanism leaves it: its status and headers. */
  static final class Written {
    int status = 200;
    boolean committed;
    final Map<String, String> headers = new HashMap<>();
    int authenticateCalls;
  }

  final Written written = new Written();
  Principal signedIn;

  HttpServletResponse response() {
    return proxy(HttpServletResponse.class, (p, m, a) -> switch (m.getName()) {
      case "getStatus" -> written.status;
      case "isCommitted" -> written.committed;
      case "getHeader" -> written.headers.get((String) a[0]);
      default -> throw new UnsupportedOperationException(m.getName());
    });
  }

  /** A request whose {@code authenticate} runs {@code mechanism} on the response as the container would. */
  HttpServletRequest request(Function<Written, Object> mechanism) {
    return proxy(HttpServletRequest.class, (p, m, a) -> switch (m.getName()) {
      case "authenticate" -> {
        written.authenticateCalls++;
        Object r = mechanism.apply(written);
        if (r instanceof Exception e) {
          throw e;
        }
        yield r;
      }
      case "getUserPrincipal" -> signedIn;
      case "getMethod" -> "GET";
      case "getRequestURI" -> "/invoices/api/orgs/contoso/invoices";
      default -> throw new UnsupportedOperationException(m.getName());
    });
  }

  @SuppressWarnings("unchecked")
  static <T> T proxy(Class<T> type, InvocationHandler h) {
    return (T) Proxy.newProxyInstance(SignInChallengeTest.class.getClassLoader(), new Class<?>[] {type}, h);
  }

  @Test
  void iam4jsOwnMechanism_itsBasicChallenge_theContainerIsNotAsked() {
    assertEquals(new SignInChallenge.Unanswered("Basic realm=\"iam4j\""), SignInChallenge.ask(true, request(w -> true), response()));
    assertEquals(0, written.authenticateCalls);
  }

  @Test
  void openIdConnectMechanism_redirects_andThatIsTheAnswer() {
    SignInChallenge.Outcome o = SignInChallenge.ask(false, request(w -> {
      w.status = 302;
      w.headers.put("Location", "https://login.invoices.example/realms/customers/authorize?client_id=invoices-web");
      return false;
    }), response());
    assertEquals(new SignInChallenge.Answered(302), o);
    assertEquals(1, written.authenticateCalls);
  }

  @Test
  void basicMechanism_ownRealm_andThatIsTheAnswer() {
    SignInChallenge.Outcome o = SignInChallenge.ask(false, request(w -> {
      w.status = 401;
      w.headers.put("WWW-Authenticate", "Basic realm=\"invoices\"");
      return false;
    }), response());
    assertEquals(new SignInChallenge.Answered(401), o);
  }

  @Test
  void mechanismThatWritesNothing_iam4js401_withoutAChallenge() {
    assertEquals(new SignInChallenge.Unanswered(null), SignInChallenge.ask(false, request(w -> false), response()));
  }

  @Test
  void mechanismThatSetsOnlyAHeader_isNoAnswer_aSuccessStatusNeverGoesOut() {
    // Its WWW-Authenticate stays on the response; iam4j's 401 carries it.
    assertEquals(new SignInChallenge.Unanswered(null), SignInChallenge.ask(false, request(w -> {
      w.headers.put("WWW-Authenticate", "Bearer realm=\"files\"");
      return false;
    }), response()));
  }

  @Test
  void mechanismThatSentAPage_committed_isTheAnswer() {
    assertEquals(new SignInChallenge.Answered(200), SignInChallenge.ask(false, request(w -> {
      w.committed = true; // a forward to a login form
      return false;
    }), response()));
  }

  @Test
  void failingMechanism_iam4js401_withoutAChallenge() {
    assertEquals(new SignInChallenge.Unanswered(null),
        SignInChallenge.ask(false, request(w -> new ServletException("no authenticator")), response()));
    assertEquals(new SignInChallenge.Unanswered(null),
        SignInChallenge.ask(false, request(w -> new IllegalStateException("broken")), response()));
  }

  @Test
  void mechanismThatSignsTheCallerIn_decideAgainForThatCaller() {
    signedIn = () -> "carla";
    assertEquals(new SignInChallenge.SignedIn("carla"), SignInChallenge.ask(false, request(w -> true), response()));
    signedIn = null;
    assertEquals(new SignInChallenge.Unanswered(null), SignInChallenge.ask(false, request(w -> true), response()));
  }

  @Test
  void noResponseToAnswerOn_orAlreadyCommitted_theContainerIsNotAsked() {
    assertEquals(new SignInChallenge.Unanswered(null), SignInChallenge.ask(false, request(w -> true), null));
    assertEquals(new SignInChallenge.Unanswered(null), SignInChallenge.ask(false, null, response()));
    written.committed = true;
    assertEquals(new SignInChallenge.Unanswered(null), SignInChallenge.ask(false, request(w -> true), response()));
    assertEquals(0, written.authenticateCalls);
  }
}
