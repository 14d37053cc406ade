package com.example.invoices.openid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The OpenID provider and this client's registration there, from MicroProfile Config: the client ID
 * ships in the war ({@code microprofile-config.properties}); the provider's address and the client
 * secret are the deployment's ({@code -Dinvoices.oidc.provider-uri=...}, or {@code
 * INVOICES_OIDC_CLIENT_SECRET} in the environment). A missing one fails the deployment.
 * {@link OpenIdSignIn} reads them by name ({@code openIdProvider}).
 */
@Named("openIdProvider")
@ApplicationScoped
public class OpenIdProvider {
  @Inject
  @ConfigProperty(name = "invoices.oidc.provider-uri")
  String uri;

  @Inject
  @ConfigProperty(name = "invoices.oidc.client-id")
  String clientId;

  @Inject
  @ConfigProperty(name = "invoices.oidc.client-secret")
  String clientSecret;

  public String getUri() {
    return uri;
  }

  public String getClientId() {
    return clientId;
  }

  public String getClientSecret() {
    return clientSecret;
  }
}
