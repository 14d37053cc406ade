package com.example.invoices.openid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;

/**
 * The {@code invoices-oidc.war} variant: the service signs people in at its OpenID provider with
 * Jakarta Security's OpenID Connect mechanism (the authorization-code flow). Where the provider is,
 * and the client's credentials, belong to the deployment ({@link OpenIdProvider}). A caller is named
 * by the identity token's {@code preferred_username}; its groups are the {@code groups} claim.
 *
 * <p>As with BASIC, the application declares its mechanism, so iam4j leaves sign-in alone and maps
 * the callers it signs in (here by their token's claims: {@code identity-mapping.json}). A browser
 * without a session that asks for an IAM-protected page is sent to the provider by this mechanism,
 * and after signing in, back to the page.
 */
@ApplicationScoped
@OpenIdAuthenticationMechanismDefinition(
    providerURI = "${openIdProvider.uri}",
    clientId = "${openIdProvider.clientId}",
    clientSecret = "${openIdProvider.clientSecret}",
    redirectURI = "${baseURL}/callback",
    redirectToOriginalResource = true,
    claimsDefinition = @ClaimsDefinition(callerNameClaim = "preferred_username", callerGroupsClaim = "groups"))
public class OpenIdSignIn {}
