package io.iam4j.jakarta.runtime;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.security.enterprise.identitystore.openid.IdentityToken;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The claims of a caller that Jakarta Security's OpenID Connect mechanism signed in: those of the
 * identity token in its {@link OpenIdContext}, which the mechanism validated. Used only when the
 * token names the caller (one of its claims is the caller name, as the mechanism's {@code
 * callerNameClaim} makes it), so that a context left in the session by an earlier sign-in never lends
 * its claims to another caller. Stateless.
 */
final class OpenIdClaims {
  private static final Logger LOG = Logger.getLogger(OpenIdClaims.class.getName());
  /** Whether Jakarta Security 3.0's OpenID Connect API is there. */
  static final boolean AVAILABLE = available();

  private OpenIdClaims() {}

  private static boolean available() {
    try {
      Class.forName("jakarta.security.enterprise.identitystore.openid.OpenIdContext", false, OpenIdClaims.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The identity token's claims when the context's token names {@code caller}; empty otherwise. */
  static Map<String, List<String>> of(String caller) {
    try {
      Instance<OpenIdContext> contexts = CDI.current().select(OpenIdContext.class);
      if (!contexts.isResolvable()) {
        return Map.of();
      }
      IdentityToken token = contexts.get().getIdentityToken();
      Map<String, Object> raw = token == null ? null : token.getClaims();
      if (raw == null || raw.isEmpty()) {
        return Map.of();
      }
      Map<String, List<String>> claims = new LinkedHashMap<>();
      boolean names = false;
      for (Map.Entry<String, Object> e : raw.entrySet()) {
        ContainerCallers.put(claims, e.getKey(), e.getValue());
        List<String> v = claims.get(e.getKey());
        names |= v != null && v.size() == 1 && v.get(0).equals(caller);
      }
      return names ? claims : Map.of();
    } catch (RuntimeException e) {
      // No OpenID Connect sign-in in this application or this session: the caller has no claims from it.
      LOG.log(Level.FINE, "No OpenID Connect context for caller " + caller, e);
      return Map.of();
    }
  }
}
