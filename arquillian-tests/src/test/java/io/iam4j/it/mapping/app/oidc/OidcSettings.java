package io.iam4j.it.mapping.app.oidc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.ConfigProvider;

/** The OpenID Connect client's settings, from the war's MicroProfile Config (written by the test). */
@Named("oidcSettings")
@ApplicationScoped
public class OidcSettings {
  public String getProviderUri() {
    return ConfigProvider.getConfig().getValue("it.oidc.provider", String.class);
  }

  public String getClientId() {
    return ConfigProvider.getConfig().getValue("it.oidc.client-id", String.class);
  }

  public String getClientSecret() {
    return ConfigProvider.getConfig().getValue("it.oidc.client-secret", String.class);
  }
}
