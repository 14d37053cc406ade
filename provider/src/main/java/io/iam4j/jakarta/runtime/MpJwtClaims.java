package io.iam4j.jakarta.runtime;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The claims of a MicroProfile JWT caller: the principal of {@code MP-JWT} authentication is the
 * verified token ({@link JsonWebToken}). Loaded only where the server provides the MicroProfile JWT
 * API ({@link #AVAILABLE}): iam4j runs on servers without it too. Stateless.
 */
final class MpJwtClaims {
  private static final Logger LOG = Logger.getLogger(MpJwtClaims.class.getName());
  /** Whether the MicroProfile JWT API is on the application's class path. */
  static final boolean AVAILABLE = available();

  private MpJwtClaims() {}

  private static boolean available() {
    try {
      Class.forName("org.eclipse.microprofile.jwt.JsonWebToken", false, MpJwtClaims.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The caller's token: the request's principal, or one in the container's subject; null when none is a token. */
  private static JsonWebToken token(Principal user, Set<Principal> subject) {
    if (user instanceof JsonWebToken t) {
      return t;
    }
    for (Principal p : subject) {
      if (p instanceof JsonWebToken t) {
        return t;
      }
    }
    return null;
  }

  /** The token's claims (bounded as {@link ContainerCallers} says), or null when the caller has no token. */
  static Map<String, List<String>> of(Principal user, Set<Principal> subject) {
    JsonWebToken t = token(user, subject);
    if (t == null) {
      return null;
    }
    Map<String, List<String>> claims = new LinkedHashMap<>();
    Set<String> names = t.getClaimNames();
    if (names != null) {
      for (String name : names) {
        try {
          ContainerCallers.put(claims, name, t.getClaim(name));
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "Claim " + name + " not readable", e);
        }
      }
    }
    return claims;
  }

  /** The token's groups: MicroProfile JWT's container groups. */
  static Set<String> groups(Principal user, Set<Principal> subject) {
    JsonWebToken t = token(user, subject);
    Set<String> g = t == null ? null : t.getGroups();
    return g == null ? Set.of() : g;
  }
}
