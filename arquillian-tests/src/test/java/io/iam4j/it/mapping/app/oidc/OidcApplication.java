package io.iam4j.it.mapping.app.oidc;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The file service behind Jakarta Security's OpenID Connect mechanism. */
@ApplicationPath("api")
public class OidcApplication extends Application {}
