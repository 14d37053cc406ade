package io.iam4j.mapping;

import io.iam4j.directory.Directory;
import io.iam4j.directory.Identity;
import io.iam4j.directory.IdentityMapping.OidcProvider;
import io.iam4j.directory.Role;
import io.iam4j.directory.Tenant;
import io.iam4j.jwt.JwksCache;
import io.iam4j.jwt.JwtVerifier;
import io.iam4j.jwt.KeySource;
import io.iam4j.jwt.TokenRejected;
import io.iam4j.policy.Policy;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * STS's {@code AssumeRoleWithWebIdentity} up to the session: the OpenID Connect ID token is verified
 * against the keys of the tenant's provider that issued it, and the role session is then decided by
 * {@link WebIdentityFederation}, the same code that maps federated callers of the container (so an
 * STS call and a mapped caller with the same token get the same answer). Issuing credentials and
 * checking {@code DurationSeconds} against the role's maximum are the endpoint's. Thread-safe; one
 * instance per server (it holds the providers' cached keys).
 *
 * <p>In order, as the STS API reference describes the action and its errors:
 *
 * <ol>
 *   <li>{@code RoleSessionName} 2 to 64 of {@code [\w+=,.@-]}, {@code RoleArn} 20 to 2048
 *       characters, {@code WebIdentityToken} 4 to 20,000: else {@code ValidationError};
 *   <li>the token is a JWS whose {@code iss} is the URL of one of the tenant's {@code
 *       openIdConnectProviders}: else {@code InvalidIdentityToken};
 *   <li>its signature verifies with that provider's keys ({@code jwks}, {@code jwksUri} or discovery)
 *       with an RS, PS or ES algorithm the key is for: else {@code InvalidIdentityToken}, or {@code
 *       IDPCommunicationError} when the keys cannot be fetched and none are known;
 *   <li>{@code exp} not passed ({@code ExpiredToken}); {@code nbf}, {@code iat} not ahead, {@code sub}
 *       present, the audience ({@code azp} or an {@code aud}) a registered client ID ({@code
 *       InvalidIdentityToken});
 *   <li>the role exists in the tenant, its sessions are not revoked for tokens this old, and its trust
 *       policy allows {@code sts:AssumeRoleWithWebIdentity} to {@code {"Federated": PROVIDER-ARN}}
 *       with the token's condition keys: else {@code AccessDenied}.
 * </ol>
 */
public final class AssumeRoleWithWebIdentity {
  private static final Logger LOG = Logger.getLogger(AssumeRoleWithWebIdentity.class.getName());

  /** STS's bounds on the parameters. */
  public static final int MIN_TOKEN_CHARS = 4;
  public static final int MIN_ROLE_ARN = 20;
  public static final int MAX_ROLE_ARN = 2048;

  /** The STS error codes of this action that the checks here answer with. */
  public enum ErrorCode {
    ValidationError(400),
    InvalidIdentityToken(400),
    ExpiredToken(400),
    IDPCommunicationError(400),
    AccessDenied(403);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** The HTTP status STS answers this error with. */
    public int httpStatus() {
      return httpStatus;
    }
  }

  /** The outcome: a session, or the error to answer. */
  public sealed interface Result {}

  /**
   * The role session, with what the response reports besides credentials.
   *
   * @param session the session (its requests carry {@code aws:FederatedProvider} and the provider's
   *     keys, as a mapped federated caller's do)
   * @param role the role, for {@code DurationSeconds} against its maximum and for the session token
   * @param subject {@code SubjectFromWebIdentityToken}: the token's {@code sub}
   * @param audience {@code Audience}: the registered client ID the token was issued to
   * @param provider {@code Provider}: for OpenID Connect the token's {@code iss} (the provider's URL)
   * @param providerArn the provider's ARN, {@code arn:PARTITION:iam::TENANT:oidc-provider/NAME}
   * @param tokenExpires the token's {@code exp}
   */
  public record Assumed(Identity.RoleSessionIdentity session, Role role, String subject, String audience, String provider,
      String providerArn, Instant tokenExpires) implements Result {}

  /**
   * A refusal.
   *
   * @param message for the caller and the audit trail; describes the token (issuer, kid, times) but
   *     never contains it
   */
  public record Failed(ErrorCode code, String message) implements Result {
    public Failed {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }

  private final JwksCache keys;

  /** @param keys the providers' fetched keys, shared by every tenant */
  public AssumeRoleWithWebIdentity(JwksCache keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** As {@link #assume(Directory, Tenant, String, String, String, List, Instant)} without session policies. */
  public Result assume(Directory directory, Tenant tenant, String roleArn, String roleSessionName, String webIdentityToken,
      Instant now) {
    return assume(directory, tenant, roleArn, roleSessionName, webIdentityToken, List.of(), now);
  }

  /**
   * Verifies {@code webIdentityToken} and makes the session of the role {@code roleArn} of {@code
   * tenant}, or says why not. Never throws for anything a caller sends.
   *
   * @param sessionPolicies the request's {@code Policy} and {@code PolicyArns}, already parsed and
   *     checked by the endpoint ({@code MalformedPolicyDocument}, {@code PackedPolicyTooLarge} are its)
   * @param now the time the token must be valid at
   */
  public Result assume(Directory directory, Tenant tenant, String roleArn, String roleSessionName, String webIdentityToken,
      List<Policy> sessionPolicies, Instant now) {
    if (roleSessionName == null || !WebIdentityFederation.SESSION_NAME.matcher(roleSessionName).matches()) {
      return new Failed(ErrorCode.ValidationError, "1 validation error detected: Value at 'roleSessionName' failed to satisfy "
          + "constraint: Member must have length from 2 to 64 and match the pattern [\\w+=,.@-]*");
    }
    if (roleArn == null || roleArn.length() < MIN_ROLE_ARN || roleArn.length() > MAX_ROLE_ARN) {
      return new Failed(ErrorCode.ValidationError, "1 validation error detected: Value at 'roleArn' failed to satisfy "
          + "constraint: Member must have length from " + MIN_ROLE_ARN + " to " + MAX_ROLE_ARN);
    }
    if (webIdentityToken == null || webIdentityToken.length() < MIN_TOKEN_CHARS || webIdentityToken.length() > JwtVerifier.MAX_TOKEN_CHARS) {
      return new Failed(ErrorCode.ValidationError, "1 validation error detected: Value at 'webIdentityToken' failed to satisfy "
          + "constraint: Member must have length from " + MIN_TOKEN_CHARS + " to " + JwtVerifier.MAX_TOKEN_CHARS);
    }
    try {
      return decide(directory, tenant, roleArn, roleSessionName, webIdentityToken, sessionPolicies, now);
    } catch (TokenRejected e) {
      LOG.fine(() -> "AssumeRoleWithWebIdentity for " + roleArn + " refused: " + e.getMessage());
      return new Failed(code(e.reason()), e.getMessage());
    } catch (RuntimeException e) {
      // Fail closed: whatever went wrong while deciding, no session.
      LOG.log(java.util.logging.Level.WARNING, "AssumeRoleWithWebIdentity for " + roleArn + " failed", e);
      return new Failed(ErrorCode.InvalidIdentityToken, "The web identity token could not be validated");
    }
  }

  private Result decide(Directory directory, Tenant tenant, String roleArn, String sessionName, String webIdentityToken,
      List<Policy> sessionPolicies, Instant now) throws TokenRejected {
    JwtVerifier.Unverified parsed = JwtVerifier.parse(webIdentityToken);
    Optional<OidcProvider> found = tenant.identityMapping().provider(parsed.issuer());
    if (found.isEmpty()) {
      return new Failed(ErrorCode.InvalidIdentityToken, "No OpenIDConnect provider found in tenant " + tenant.id() + " for "
          + abbreviate(parsed.issuer()));
    }
    OidcProvider provider = found.get();
    JwtVerifier.Verified token = JwtVerifier.verify(parsed, keySource(provider), provider.url(), now);
    if (token.subject() == null) {
      return new Failed(ErrorCode.InvalidIdentityToken, "The token of " + provider.url() + " has no \"sub\" (subject) claim");
    }
    CallerInfo caller = new CallerInfo(token.subject(), Set.of(), java.util.Map.of(), "", "", token.claims());
    Optional<String> audience = WebIdentityFederation.audience(provider, caller);
    if (audience.isEmpty()) {
      return new Failed(ErrorCode.InvalidIdentityToken, "Incorrect token audience: " + token.audiences()
          + " is not a client ID registered for " + provider.url());
    }
    Optional<Role> role = role(directory, tenant, roleArn);
    if (role.isEmpty()) {
      // STS says AccessDenied for a role that does not exist, as for one that does not trust the caller.
      return new Failed(ErrorCode.AccessDenied, "Not authorized to perform " + WebIdentityFederation.ACTION
          + ": no role " + abbreviate(roleArn) + " in tenant " + tenant.id());
    }
    Mapping m = WebIdentityFederation.assume(directory, tenant, role.get(), provider, sessionName, caller,
        WebIdentityFederation.ACTION, sessionPolicies);
    if (m instanceof Mapping.Mapped mapped && mapped.identity() instanceof Identity.RoleSessionIdentity session) {
      return new Assumed(session, role.get(), token.subject(), audience.get(), provider.url(), provider.arn(), token.expires());
    }
    String reason = m instanceof Mapping.Refused r ? r.reason() : String.valueOf(m);
    return new Failed(ErrorCode.AccessDenied, "Not authorized to perform " + WebIdentityFederation.ACTION + ": " + reason);
  }

  /** The provider's keys: those in the file, else its jwksUri's, else those its discovery document names. */
  private KeySource keySource(OidcProvider p) {
    return p.jwks() != null ? KeySource.of(p.jwks()) : keys.source(p.url(), p.jwksUri());
  }

  /** The tenant's role whose ARN is exactly {@code arn}. */
  private static Optional<Role> role(Directory directory, Tenant tenant, String arn) {
    String name = arn.substring(arn.lastIndexOf('/') + 1);
    Role r = tenant.roles().get(name);
    if (r == null || !directory.arns().role(tenant.id(), r.path(), r.name()).equals(arn)) {
      return Optional.empty();
    }
    return Optional.of(r);
  }

  private static ErrorCode code(TokenRejected.Reason r) {
    switch (r) {
      case TOO_LONG:
        return ErrorCode.ValidationError;
      case EXPIRED:
        return ErrorCode.ExpiredToken;
      case IDP_UNREACHABLE:
        return ErrorCode.IDPCommunicationError;
      default:
        return ErrorCode.InvalidIdentityToken;
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
