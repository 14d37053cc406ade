package io.iam4j.it.mapping.app.oidc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;

/**
 * Jakarta Security's OpenID Connect mechanism, against the provider the test started: its URL and
 * the client secret come from this war's MicroProfile Config through {@link OidcSettings}. Callers
 * are named by {@code preferred_username}; their groups are the {@code groups} claim.
 */
@ApplicationScoped
@OpenIdAuthenticationMechanismDefinition(
    providerURI = "${oidcSettings.providerUri}",
    clientId = "${oidcSettings.clientId}",
    clientSecret = "${oidcSettings.clientSecret}",
    redirectURI = "${baseURL}/callback",
    redirectToOriginalResource = true,
    claimsDefinition = @ClaimsDefinition(callerNameClaim = "preferred_username", callerGroupsClaim = "groups"))
public class OidcSecurity {}
