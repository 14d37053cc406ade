package io.iam4j.mapping;

import io.iam4j.directory.Directory;
import io.iam4j.directory.IdentityMapping.OidcProvider;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.eval.AuthorizationRequest;
import io.iam4j.eval.Caller;
import io.iam4j.eval.Decision;
import io.iam4j.eval.Evaluator;
import io.iam4j.eval.PolicySet;
import io.iam4j.eval.RequestContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A federated caller becomes a role session as {@code sts:AssumeRoleWithWebIdentity} makes one:
 * the token's audience must be a client ID registered for its provider, the session name must be
 * one IAM accepts, and the role's trust policy must allow {@code sts:AssumeRoleWithWebIdentity} to
 * the principal {@code {"Federated": PROVIDER-ARN}} with the token's claims as the condition keys
 * AWS names for OIDC federation. Stateless.
 *
 * <p>Keys, for a provider named {@code idp.example.com/realms/acme} (its URL without the scheme):
 *
 * <ul>
 *   <li>{@code idp.example.com/realms/acme:aud}: the token's client ID: its {@code azp} when that is a
 *       registered client ID, else the element of {@code aud} that is (AWS's rule for tokens with
 *       {@code azp});
 *   <li>{@code :oaud}: the token's {@code aud} as it is;
 *   <li>{@code :sub}, {@code :email}: those claims; {@code :amr}: the {@code amr} claim, multivalued;
 *   <li>{@code sts:RoleSessionName} in the trust policy's request;
 *   <li>{@code aws:FederatedProvider} (the provider's ARN) and the provider keys above in every request
 *       of the session.
 * </ul>
 *
 * <p>The trust policy sees the token, not the HTTP request: the mapping is cached per token, so
 * {@code aws:SourceIp} and {@code aws:CurrentTime} are absent there (a condition on them is false;
 * put such conditions in the role's policies instead, which see every request).
 */
final class WebIdentityFederation {
  /** The action a trust policy must allow. */
  public static final String ACTION = "sts:AssumeRoleWithWebIdentity";
  /** IAM's {@code RoleSessionName}: 2 to 64 of {@code [\w+=,.@-]}. */
  public static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

  private WebIdentityFederation() {}

  /** The provider keys of a token (without {@code aws:} keys), or empty when its audience is not registered. */
  static Optional<RequestContext.Builder> providerKeys(OidcProvider provider, CallerInfo caller) {
    Optional<String> audience = audience(provider, caller);
    if (audience.isEmpty()) {
      return Optional.empty();
    }
    String p = provider.name() + ":";
    RequestContext.Builder b = RequestContext.builder().put(p + "aud", audience.get());
    List<String> aud = caller.claims().getOrDefault("aud", List.of());
    if (aud.size() == 1) {
      b.put(p + "oaud", aud.get(0));
    } else if (!aud.isEmpty()) {
      b.putSet(p + "oaud", aud);
    }
    caller.claim("sub").ifPresent(v -> b.put(p + "sub", v));
    caller.claim("email").ifPresent(v -> b.put(p + "email", v));
    List<String> amr = caller.claims().get("amr");
    if (amr != null && !amr.isEmpty()) {
      b.putSet(p + "amr", amr);
    }
    return Optional.of(b);
  }

  /** The client ID the token was issued to, when the provider registers it. */
  static Optional<String> audience(OidcProvider provider, CallerInfo caller) {
    Optional<String> azp = caller.claim("azp");
    if (azp.isPresent() && provider.clientIds().contains(azp.get())) {
      return azp;
    }
    return caller.claims().getOrDefault("aud", List.of()).stream().filter(provider.clientIds()::contains).findFirst();
  }

  /**
   * The session of {@code role} for a caller whose token {@code provider} issued, or why there is
   * none.
   *
   * @param rule the rule that named the role, for the reasons
   */
  static Mapping assume(Directory directory, Tenant tenant, Role role, OidcProvider provider, String sessionName,
      CallerInfo caller, String rule) {
    return assume(directory, tenant, role, provider, sessionName, caller, rule, List.of());
  }

  /**
   * As {@link #assume(Directory, Tenant, Role, OidcProvider, String, CallerInfo, String)}, for a
   * session whose caller passed session policies (STS's {@code Policy} and {@code PolicyArns}).
   */
  static Mapping assume(Directory directory, Tenant tenant, Role role, OidcProvider provider, String sessionName,
      CallerInfo caller, String rule, List<io.iam4j.policy.Policy> sessionPolicies) {
    String who = "caller " + caller.name() + " of " + provider.url();
    if (!caller.issuer().map(provider.url()::equals).orElse(false)) {
      return new Mapping.Refused(rule + " names provider " + provider.url() + ", but the token of " + caller.name()
          + " was issued by " + caller.issuer().orElse("nobody"));
    }
    Optional<RequestContext.Builder> keys = providerKeys(provider, caller);
    if (keys.isEmpty()) {
      return new Mapping.Refused("The audience " + caller.claims().getOrDefault("aud", List.of()) + " of " + who
          + " is not a client ID registered for that provider (" + rule + ")");
    }
    if (!SESSION_NAME.matcher(sessionName).matches()) {
      return new Mapping.Refused("The role session name \"" + abbreviate(sessionName) + "\" that " + rule + " makes for " + who
          + " is not 2 to 64 of [\\w+=,.@-], as IAM requires");
    }
    Optional<Instant> issued = caller.claim("iat").filter(v -> v.matches("[0-9]{1,12}")).map(v -> Instant.ofEpochSecond(Long.parseLong(v)));
    if (role.sessionsValidAfter() != null && (issued.isEmpty() || issued.get().isBefore(role.sessionsValidAfter()))) {
      // AWS's "Revoke active sessions": sessions from tokens issued before the revocation end.
      return new Mapping.Refused("The sessions of role " + role.name() + " issued before " + role.sessionsValidAfter()
          + " are revoked, and the token of " + who + " was issued " + issued.map(Instant::toString).orElse("at an unknown time"));
    }
    String roleArn = directory.arns().role(tenant.id(), role.path(), role.name());
    RequestContext trustContext = keys.get().put("sts:RoleSessionName", sessionName).build();
    AuthorizationRequest request = AuthorizationRequest.builder()
        .caller(new Caller.IdentityProvider(provider.arn()))
        .action(ACTION)
        .resource(roleArn)
        .resourceAccount(tenant.id())
        .context(trustContext)
        .build();
    Decision d = Evaluator.evaluate(PolicySet.builder().resource(role.trustPolicy()).build(), request);
    if (!d.allowed()) {
      return new Mapping.Refused("The trust policy of role " + role.name() + " does not allow " + ACTION + " for " + who
          + " (session " + sessionName + ", " + rule + "): " + d.message(request));
    }
    RequestContext sessionKeys = providerKeys(provider, caller).orElseThrow()
        .put("aws:FederatedProvider", provider.arn())
        .build();
    return new Mapping.Mapped(directory.roleSession(tenant, role, sessionName, sessionPolicies, sessionKeys), rule);
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
